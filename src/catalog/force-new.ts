// Which arguments of each resource type refarch emits force a replacement (destroy + create) when
// they change, as the hashicorp/aws provider decides it: `ForceNew: true` in an SDKv2 schema,
// `RequiresReplace()` plan modifiers in a framework resource, and `customdiff.ForceNewIf` in a
// CustomizeDiff. Neither the cdktf bindings nor `terraform providers schema -json` carry these
// flags, so they are read from the provider's Go source, one file per type (`source`), at the
// commit given per row (the public index of the repository holds many versions of each file but
// names at most two commits per file; the row names the one read, which may predate or postdate
// 6.25.0, and a comment says where the CHANGELOG shows a 6.x change). Everything not listed is
// changed in place by the provider's Update function.
//
// Read by: `refarch diff` (src/change/classify.ts: create / update / replace / delete) and the
// offline stand-in provider (test/terraform/provider/logic.ts: PlanResourceChange answers
// `requires_replace` from this same table), so `tf:check` plans replacements as the real provider
// would and a test can hold diff's totals equal to Terraform's.
//
// `verified: true` rows were read in the provider source on the date below (the schema block
// and its CustomizeDiff, or a framework Schema and ModifyPlan); `verified: false` rows were read
// in a stored version whose commit the index does not expose, and their comment names the stored
// commits that differ. Nested arguments are written `block.argument`. Read file by file
// (the whole repository is too large to check out here); no script regenerates the table yet.

export const FORCE_NEW_SOURCE = {
  repository: 'github.com/hashicorp/terraform-provider-aws',
  /** The provider version the stacks pin (required_providers) and the stand-in's schema. */
  providerVersion: '6.25.0',
  read: '2026-12-07',
} as const;

export interface ForceNewRow {
  /** Top-level arguments and `block.argument` nested ones whose change replaces the resource. */
  readonly forceNew: readonly string[];
  /**
   * Arguments replaced only under a condition the spec never meets, e.g. aws_instance.user_data
   * with `user_data_replace_on_change = true` (refarch never sets it): listed for the reader.
   */
  readonly conditional?: readonly string[];
  /** Provider source file that declares the schema. */
  readonly source: string;
  /** Commit of `source` read (verified rows). */
  readonly commit?: string;
  readonly verified: boolean;
}

const ec2 = (file: string): string => `internal/service/ec2/${file}`;

export const FORCE_NEW: Readonly<Record<string, ForceNewRow>> = {
  // --- read in the provider source -------------------------------------------------------------
  aws_instance: {
    forceNew: [
      'ami', 'associate_public_ip_address', 'availability_zone', 'cpu_core_count', 'cpu_threads_per_core', 'ebs_block_device', 'ebs_optimized',
      'ephemeral_block_device', 'hibernation', 'host_id', 'ipv6_address_count', 'ipv6_addresses', 'key_name', 'launch_template', 'network_interface',
      'placement_group', 'placement_partition_number', 'private_dns_name_options', 'private_ip', 'security_groups', 'subnet_id', 'tenancy',
      'root_block_device.encrypted', 'root_block_device.kms_key_id', 'cpu_options.core_count', 'cpu_options.threads_per_core', 'cpu_options.amd_sev_snp',
      'enclave_options.enabled',
    ],
    // instance_type, user_data, iam_instance_profile, vpc_security_group_ids, monitoring,
    // metadata_options, disable_api_termination, root_block_device.volume_size/volume_type/iops/throughput:
    // in place (instance_type and user_data stop and start the instance: resourceInstanceUpdate).
    conditional: ['user_data (user_data_replace_on_change)', 'user_data_base64 (user_data_replace_on_change)', 'launch_template.version'],
    source: ec2('ec2_instance.go'),
    commit: '0015dfcd06d5d78e5e1c3cabe8cea837d379d1c7',
    verified: true,
  },
  aws_ebs_volume: {
    // size, iops, type, throughput: ModifyVolume in place (resourceEBSVolumeUpdate); EBS only grows.
    forceNew: ['availability_zone', 'encrypted', 'kms_key_id', 'multi_attach_enabled', 'outpost_arn', 'snapshot_id'],
    source: ec2('ebs_volume.go'),
    commit: '0073593e7d6993ba482409f4dc35438daaa79bb3',
    verified: true,
  },
  aws_volume_attachment: {
    forceNew: ['device_name', 'instance_id', 'volume_id'],
    source: ec2('ebs_volume_attachment.go'),
    commit: '0620f2a6a126dfcbc4aecbc9a117b0fbea1656ff',
    verified: true,
  },
  aws_subnet: {
    forceNew: ['availability_zone', 'availability_zone_id', 'cidr_block', 'ipv4_ipam_pool_id', 'ipv4_netmask_length', 'ipv6_ipam_pool_id', 'ipv6_native', 'ipv6_netmask_length', 'outpost_arn', 'vpc_id'],
    conditional: ['ipv6_cidr_block (when assign_ipv6_address_on_creation was true)'],
    source: ec2('vpc_subnet.go'),
    commit: '00cda125a19d31754cb0d073cf551264c57955cb',
    verified: true,
  },
  aws_vpc: {
    forceNew: ['cidr_block', 'ipv4_ipam_pool_id', 'ipv4_netmask_length'],
    source: ec2('vpc_.go'),
    commit: '00081ce41cc691433ac19bf42227cdabffd0454d',
    verified: true,
  },
  aws_lb: { forceNew: ['customer_owned_ipv4_pool', 'internal', 'load_balancer_type', 'name', 'name_prefix'], source: 'internal/service/elbv2/load_balancer.go', commit: '00edc94be7a89c4c485415cdec27094875f61bfc', verified: true },
  aws_lb_target_group: { forceNew: ['ip_address_type', 'name', 'name_prefix', 'port', 'protocol', 'protocol_version', 'target_type', 'vpc_id'], source: 'internal/service/elbv2/target_group.go', commit: '013cfb4cddc9c44a28f34abad0c11768bcdb9b85', verified: true },
  aws_lb_target_group_attachment: { forceNew: ['availability_zone', 'port', 'target_group_arn', 'target_id'], source: 'internal/service/elbv2/target_group_attachment.go', commit: '07e0d0b940f57c782f8fcc9ccfd8b19f59383b51', verified: true },
  aws_security_group: { forceNew: ['description', 'name', 'name_prefix', 'vpc_id'], source: ec2('vpc_security_group.go'), commit: '01606926a0c0ab9174aec440f976a48b0baee722', verified: true },
  aws_iam_role: { forceNew: ['name', 'name_prefix', 'path'], source: 'internal/service/iam/role.go', commit: '0040ea6911af00bea2cca6dbb14e86829826ad8e', verified: true },
  aws_iam_instance_profile: { forceNew: ['name', 'name_prefix', 'path'], source: 'internal/service/iam/instance_profile.go', commit: '013f1736b90439e5a19567a87d3e5cd11858c420', verified: true },
  aws_ssm_parameter: { forceNew: ['data_type', 'name'], conditional: ['tier (Advanced to Standard: customdiff.ForceNewIfChange)'], source: 'internal/service/ssm/parameter.go', commit: '0073593e7d6993ba482409f4dc35438daaa79bb3', verified: true },
  aws_route53_record: { forceNew: ['name', 'zone_id'], source: 'internal/service/route53/record.go', commit: '00655c1681ea1e49ab10cd32d3f8bee372b2095b', verified: true },
  aws_kms_key: { forceNew: ['custom_key_store_id', 'customer_master_key_spec', 'key_usage', 'multi_region', 'xks_key_id'], source: 'internal/service/kms/key.go', commit: '00a35305dc1b297a6fcdecdfbba33f1e63c3da39', verified: true },
  aws_kms_alias: { forceNew: ['name', 'name_prefix'], source: 'internal/service/kms/alias.go', commit: '01c08000ddb14181b5bd19201d8fca311dc570e4', verified: true },
  aws_cloudwatch_log_group: { forceNew: ['log_group_class', 'name', 'name_prefix'], source: 'internal/service/logs/group.go', commit: '0073593e7d6993ba482409f4dc35438daaa79bb3', verified: true },
  aws_route53_zone: { forceNew: ['delegation_set_id', 'name'], source: 'internal/service/route53/zone.go', commit: '036631a1dee59efb6d1986c0a19b373402bda29f', verified: true },
  aws_route_table_association: { forceNew: ['gateway_id', 'subnet_id'], source: ec2('vpc_route_table_association.go'), commit: '0be71beb458ad8875e0acc5c91519c0ceeb214aa', verified: true },
  aws_internet_gateway: { forceNew: [], source: ec2('vpc_internet_gateway.go'), commit: '08923b68b5ad6fcfdd38362fb5247e39a9b07add', verified: true },
  aws_nat_gateway: { forceNew: ['allocation_id', 'connectivity_type', 'private_ip', 'secondary_private_ip_address_count', 'subnet_id'], source: ec2('vpc_nat_gateway.go'), commit: '04088eaa54948421bf1ef7494ae2b2c01d9243e3', verified: true },
  aws_iam_role_policy_attachment: { forceNew: ['policy_arn', 'role'], source: 'internal/service/iam/role_policy_attachment.go', commit: '04c79849dbe7fbe76c3054b364357bcdaade9ac5', verified: true },
  aws_route_table: { forceNew: ['vpc_id'], source: ec2('vpc_route_table.go'), commit: '022092419b7cda11527df3c6b51cbfe1876c1722', verified: true },
  aws_eip: { forceNew: ['address', 'domain', 'ipam_pool_id', 'network_border_group', 'public_ipv4_pool'], source: ec2('ec2_eip.go'), commit: '01606926a0c0ab9174aec440f976a48b0baee722', verified: true },
  aws_iam_role_policy: { forceNew: ['name', 'name_prefix', 'role'], source: 'internal/service/iam/role_policy.go', commit: '02f97af85f89a04e8ed89f5e8b64a9a67f3cfe07', verified: true },
  aws_cloudwatch_metric_alarm: { forceNew: ['alarm_name'], source: 'internal/service/cloudwatch/metric_alarm.go', commit: '055611a654738da73e7b1e2b5d2b7672c6d4d531', verified: true },
  aws_cloudwatch_dashboard: { forceNew: ['dashboard_name'], source: 'internal/service/cloudwatch/dashboard.go', commit: '0620f2a6a126dfcbc4aecbc9a117b0fbea1656ff', verified: true },
  aws_s3_bucket_policy: { forceNew: ['bucket'], source: 'internal/service/s3/bucket_policy.go', commit: '0073593e7d6993ba482409f4dc35438daaa79bb3', verified: true },
  aws_route53_zone_association: { forceNew: ['vpc_id', 'vpc_region', 'zone_id'], source: 'internal/service/route53/zone_association.go', commit: '0620f2a6a126dfcbc4aecbc9a117b0fbea1656ff', verified: true },
  aws_cloudwatch_log_metric_filter: { forceNew: ['log_group_name', 'name'], source: 'internal/service/logs/metric_filter.go', commit: '0f14e6f61f915a586756281ad21fd57e25f57daf', verified: true },
  aws_ssm_association: { forceNew: ['instance_id', 'name'], source: 'internal/service/ssm/association.go', commit: '125653582e5d51acc9338d98ec2c83a80d9aad3f', verified: true },
  aws_lb_listener: { forceNew: ['load_balancer_arn'], source: 'internal/service/elbv2/listener.go', commit: '01c08000ddb14181b5bd19201d8fca311dc570e4', verified: true },
  aws_elb: {
    forceNew: ['internal', 'name', 'name_prefix'],
    conditional: ['subnets (every current subnet removed: customdiff.ForceNewIfChange)'],
    source: 'internal/service/elb/load_balancer.go',
    commit: '0105d2191ae7e43ba37ba011b916843eddf361ed',
    verified: true,
  },
  aws_default_security_group: { forceNew: ['vpc_id'], source: ec2('vpc_default_security_group.go'), commit: '01f431114674c27cf790fafb67ac274bf8f765e1', verified: true },
  aws_vpc_security_group_ingress_rule: {
    forceNew: ['security_group_id'],
    conditional: [
      'cidr_ipv4 (rule source type changes: ModifyPlan RequiresReplace)', 'cidr_ipv6 (rule source type changes: ModifyPlan RequiresReplace)',
      'prefix_list_id (rule source type changes: ModifyPlan RequiresReplace)',
      'referenced_security_group_id (rule source type changes: ModifyPlan RequiresReplace)',
    ],
    source: ec2('vpc_security_group_ingress_rule.go'),
    commit: 'd2b7f56a7c451244abd1e467109ba703bd9eedd3',
    verified: true,
  },
  // Schema, ModifyPlan: securityGroupRuleResource in vpc_security_group_ingress_rule.go (d2b7f56a), which this type embeds.
  aws_vpc_security_group_egress_rule: {
    forceNew: ['security_group_id'],
    conditional: [
      'cidr_ipv4 (rule source type changes: ModifyPlan RequiresReplace)', 'cidr_ipv6 (rule source type changes: ModifyPlan RequiresReplace)',
      'prefix_list_id (rule source type changes: ModifyPlan RequiresReplace)',
      'referenced_security_group_id (rule source type changes: ModifyPlan RequiresReplace)',
    ],
    source: ec2('vpc_security_group_egress_rule.go'),
    commit: '0810b274e37c33156c6e5afb8f7bff3b621e8007',
    verified: true,
  },
  aws_s3_bucket: { forceNew: ['bucket', 'bucket_prefix', 'object_lock_enabled', 'object_lock_configuration.object_lock_enabled'], source: 'internal/service/s3/bucket.go', commit: '4c72bcc7dc2f5ace40ce61f2a90e12a62cf4ec9a', verified: true },
  aws_s3_bucket_public_access_block: { forceNew: ['bucket'], source: 'internal/service/s3/bucket_public_access_block.go', commit: '01606926a0c0ab9174aec440f976a48b0baee722', verified: true },
  aws_s3_bucket_versioning: { forceNew: ['bucket', 'expected_bucket_owner'], source: 'internal/service/s3/bucket_versioning.go', commit: '01c08000ddb14181b5bd19201d8fca311dc570e4', verified: true },
  aws_s3_bucket_server_side_encryption_configuration: { forceNew: ['bucket', 'expected_bucket_owner'], source: 'internal/service/s3/bucket_server_side_encryption_configuration.go', commit: '01606926a0c0ab9174aec440f976a48b0baee722', verified: true },
  aws_s3_bucket_lifecycle_configuration: { forceNew: ['bucket', 'expected_bucket_owner'], source: 'internal/service/s3/bucket_lifecycle_configuration.go', commit: '01606926a0c0ab9174aec440f976a48b0baee722', verified: true },
  aws_s3_bucket_ownership_controls: { forceNew: ['bucket'], source: 'internal/service/s3/bucket_ownership_controls.go', commit: '01c08000ddb14181b5bd19201d8fca311dc570e4', verified: true },
  aws_route: { forceNew: ['destination_cidr_block', 'destination_ipv6_cidr_block', 'destination_prefix_list_id', 'route_table_id'], source: ec2('vpc_route.go'), commit: '0128541e0711766f28540143a9d73738aced60aa', verified: true },
  // dns_options.private_dns_* and the private_dns_enabled CustomizeDiff came in 6.28.0 (CHANGELOG, #45679), after the pinned 6.25.0.
  aws_vpc_endpoint: {
    forceNew: [
      'resource_configuration_arn', 'service_name', 'service_network_arn', 'service_region', 'vpc_endpoint_type', 'vpc_id',
      'dns_options.private_dns_preference', 'dns_options.private_dns_specified_domains',
    ],
    conditional: ['private_dns_enabled (vpc_endpoint_type other than Interface: CustomizeDiff ForceNew)'],
    source: ec2('vpc_endpoint.go'),
    commit: '008db85aad5e56627b1eecab8830464a282552ed',
    verified: true,
  },
  // regional_nat_gateway_id: 6.25.0 (CHANGELOG, #45380). No log_group_name argument in this version.
  aws_flow_log: {
    forceNew: [
      'deliver_cross_account_role', 'destination_options', 'eni_id', 'iam_role_arn', 'log_destination', 'log_destination_type', 'log_format',
      'max_aggregation_interval', 'regional_nat_gateway_id', 'subnet_id', 'traffic_type', 'transit_gateway_attachment_id', 'transit_gateway_id',
      'vpc_id', 'destination_options.file_format', 'destination_options.hive_compatible_partitions', 'destination_options.per_hour_partition',
    ],
    source: ec2('vpc_flow_log.go'),
    commit: '00a35305dc1b297a6fcdecdfbba33f1e63c3da39',
    verified: true,
  },
  aws_vpc_peering_connection: { forceNew: ['peer_owner_id', 'peer_region', 'peer_vpc_id', 'vpc_id'], source: ec2('vpc_peering_connection.go'), commit: '04c79849dbe7fbe76c3054b364357bcdaade9ac5', verified: true },
  aws_vpc_peering_connection_accepter: { forceNew: ['vpc_peering_connection_id'], source: ec2('vpc_peering_connection_accepter.go'), commit: '0e00635848d7d1e01221d95e1e49520ef21af318', verified: true },
  aws_vpc_peering_connection_options: { forceNew: ['vpc_peering_connection_id'], source: ec2('vpc_peering_connection_options.go'), commit: '0e00635848d7d1e01221d95e1e49520ef21af318', verified: true },
  aws_vpn_gateway: { forceNew: ['amazon_side_asn', 'availability_zone'], source: ec2('vpnsite_gateway.go'), commit: '03412d530417901a6e5360333350b8d3c802cece', verified: true },
  aws_vpn_gateway_route_propagation: { forceNew: ['route_table_id', 'vpn_gateway_id'], source: ec2('vpnsite_gateway_route_propagation.go'), commit: '01f431114674c27cf790fafb67ac274bf8f765e1', verified: true },
  aws_vpn_connection_route: { forceNew: ['destination_cidr_block', 'vpn_connection_id'], source: ec2('vpnsite_connection_route.go'), commit: '01f431114674c27cf790fafb67ac274bf8f765e1', verified: true },
  aws_efs_file_system: { forceNew: ['availability_zone_name', 'creation_token', 'encrypted', 'kms_key_id', 'performance_mode'], source: 'internal/service/efs/file_system.go', commit: '0389f4671dd9086cbe548d8eeabf0df30d1c38d9', verified: true },
  aws_dlm_lifecycle_policy: { forceNew: ['policy_details.schedule.copy_tags'], source: 'internal/service/dlm/lifecycle_policy.go', commit: '0148137dc6fb802b97b74036846777ab15c0f9ad', verified: true },
  aws_route53_health_check: { forceNew: ['measure_latency', 'reference_name', 'request_interval', 'routing_control_arn', 'type'], source: 'internal/service/route53/health_check.go', commit: '01606926a0c0ab9174aec440f976a48b0baee722', verified: true },
  aws_sns_topic: { forceNew: ['fifo_topic', 'name', 'name_prefix'], source: 'internal/service/sns/topic.go', commit: '00a35305dc1b297a6fcdecdfbba33f1e63c3da39', verified: true },
  aws_sns_topic_subscription: { forceNew: ['endpoint', 'protocol', 'topic_arn'], source: 'internal/service/sns/topic_subscription.go', commit: '04a2e6e5bc625ec85ea8c678219b483fc674877e', verified: true },
  aws_backup_vault: { forceNew: ['kms_key_arn', 'name'], source: 'internal/service/backup/vault.go', commit: '050ac11163cab8cdae5936a7f40b0e528ff780df', verified: true },
  aws_backup_selection: {
    forceNew: [
      'condition', 'iam_role_arn', 'name', 'not_resources', 'plan_id', 'resources', 'selection_tag', 'condition.string_equals',
      'condition.string_equals.key', 'condition.string_equals.value', 'condition.string_like', 'condition.string_like.key',
      'condition.string_like.value', 'condition.string_not_equals', 'condition.string_not_equals.key', 'condition.string_not_equals.value',
      'condition.string_not_like', 'condition.string_not_like.key', 'condition.string_not_like.value', 'selection_tag.key', 'selection_tag.type',
      'selection_tag.value',
    ],
    source: 'internal/service/backup/selection.go',
    commit: '00a35305dc1b297a6fcdecdfbba33f1e63c3da39',
    verified: true,
  },
  // document_type is not ForceNew here (UpdateDocument does not send it).
  aws_ssm_document: { forceNew: ['name'], source: 'internal/service/ssm/document.go', commit: '0105d2191ae7e43ba37ba011b916843eddf361ed', verified: true },
  // --- read in a stored version whose commit the index does not expose (no commit, so not verified) --------
  // The stored versions with a commit (08923b68 2023, 8a0b630a 2022) have no bgp_asn_extended; a later stored version
  // (aws-sdk-go-v2, 2024) has bgp_asn_extended ForceNew, and this list is that version's.
  aws_customer_gateway: { forceNew: ['bgp_asn', 'bgp_asn_extended', 'certificate_arn', 'device_name', 'ip_address', 'type'], source: ec2('vpnsite_customer_gateway.go'), verified: false },
  // 050ac111 (2023) and a 2024 stored version without a commit have this list; customer_gateway_id, transit_gateway_id and
  // vpn_gateway_id change in place (ModifyVpnConnection). Not in any version read: tunnel_bandwidth (resource, #45070, before
  // 6.24.0 in the CHANGELOG) and vpn_concentrator_id (#45175, listed for the data source). 6.28.0 updates tunnel*_inside_cidr in place (#45781).
  aws_vpn_connection: {
    forceNew: [
      'enable_acceleration', 'static_routes_only', 'tunnel1_inside_cidr', 'tunnel1_inside_ipv6_cidr', 'tunnel2_inside_cidr',
      'tunnel2_inside_ipv6_cidr', 'tunnel_inside_ip_version', 'type',
    ],
    source: ec2('vpnsite_connection.go'),
    verified: false,
  },
  // Stored versions with a commit (0593466d 2024, 9182ee6e 2021) have no ip_address_type or ipv6_address (#44079);
  // a 2026 stored version has both ForceNew, and this list is that version's.
  aws_efs_mount_target: { forceNew: ['file_system_id', 'ip_address', 'ip_address_type', 'ipv6_address', 'subnet_id'], source: 'internal/service/efs/mount_target.go', verified: false },
};

/** The force-new arguments of a type (empty for a type not in the table: every change in place). */
export function forceNewOf(type: string): readonly string[] {
  return FORCE_NEW[type]?.forceNew ?? [];
}
