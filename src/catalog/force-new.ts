// Which arguments of each resource type refarch emits force a replacement (destroy + create) when
// they change, as the hashicorp/aws provider decides it: `ForceNew: true` in an SDKv2 schema,
// `RequiresReplace()` plan modifiers in a framework resource, and `customdiff.ForceNewIf` in a
// CustomizeDiff. Neither the cdktf bindings nor `terraform providers schema -json` carry these
// flags, so they are read from the provider's Go source, one file per type (`source`), at the
// commit given per row (the public index of the repository holds each file at one commit; the
// row names it). Everything not listed is changed in place by the provider's Update function.
//
// Read by: `refarch diff` (src/change/classify.ts: create / update / replace / delete) and the
// offline stand-in provider (test/terraform/provider/logic.ts: PlanResourceChange answers
// `requires_replace` from this same table), so `tf:check` plans replacements as the real provider
// would and a test can hold diff's totals equal to Terraform's.
//
// `verified: true` rows were read in the provider source on the date below (the schema block
// and its CustomizeDiff); `verified: false` rows carry the earlier stand-in table (restated from
// the provider's 6.25.0 documentation "forces new resource" notes), with the source file to read
// when the row is next verified. Nested arguments are written `block.argument`. Read file by file
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
  // --- carried from the stand-in's earlier table; to verify against `source` ----------------------
  aws_lb_listener: { forceNew: ['load_balancer_arn'], source: 'internal/service/elbv2/listener.go', verified: false },
  aws_elb: { forceNew: ['name', 'name_prefix', 'internal'], source: 'internal/service/elb/load_balancer.go', verified: false },
  aws_default_security_group: { forceNew: ['vpc_id'], source: ec2('vpc_default_security_group.go'), verified: false },
  aws_vpc_security_group_ingress_rule: { forceNew: ['security_group_id'], source: ec2('vpc_security_group_ingress_rule.go'), verified: false },
  aws_vpc_security_group_egress_rule: { forceNew: ['security_group_id'], source: ec2('vpc_security_group_egress_rule.go'), verified: false },
  aws_s3_bucket: { forceNew: ['bucket', 'bucket_prefix'], source: 'internal/service/s3/bucket.go', verified: false },
  aws_s3_bucket_public_access_block: { forceNew: ['bucket'], source: 'internal/service/s3/bucket_public_access_block.go', verified: false },
  aws_s3_bucket_versioning: { forceNew: ['bucket'], source: 'internal/service/s3/bucket_versioning.go', verified: false },
  aws_s3_bucket_server_side_encryption_configuration: { forceNew: ['bucket'], source: 'internal/service/s3/bucket_server_side_encryption_configuration.go', verified: false },
  aws_s3_bucket_lifecycle_configuration: { forceNew: ['bucket'], source: 'internal/service/s3/bucket_lifecycle_configuration.go', verified: false },
  aws_s3_bucket_ownership_controls: { forceNew: ['bucket'], source: 'internal/service/s3/bucket_ownership_controls.go', verified: false },
  aws_route: { forceNew: ['route_table_id', 'destination_cidr_block', 'destination_prefix_list_id'], source: ec2('vpc_route.go'), verified: false },
  aws_vpc_endpoint: { forceNew: ['vpc_id', 'service_name', 'vpc_endpoint_type'], source: ec2('vpc_endpoint.go'), verified: false },
  aws_flow_log: { forceNew: ['vpc_id', 'subnet_id', 'log_destination', 'log_destination_type', 'log_group_name', 'traffic_type', 'iam_role_arn', 'max_aggregation_interval'], source: ec2('vpc_flow_log.go'), verified: false },
  aws_vpc_peering_connection: { forceNew: ['peer_vpc_id', 'vpc_id', 'peer_owner_id', 'peer_region'], source: ec2('vpc_peering_connection.go'), verified: false },
  aws_vpc_peering_connection_accepter: { forceNew: ['vpc_peering_connection_id'], source: ec2('vpc_peering_connection_accepter.go'), verified: false },
  aws_vpc_peering_connection_options: { forceNew: ['vpc_peering_connection_id'], source: ec2('vpc_peering_connection_options.go'), verified: false },
  aws_customer_gateway: { forceNew: ['bgp_asn', 'ip_address', 'type', 'device_name'], source: ec2('vpnsite_customer_gateway.go'), verified: false },
  aws_vpn_gateway: { forceNew: ['amazon_side_asn'], source: ec2('vpnsite_gateway.go'), verified: false },
  aws_vpn_connection: { forceNew: ['customer_gateway_id', 'vpn_gateway_id', 'transit_gateway_id', 'type', 'static_routes_only'], source: ec2('vpnsite_connection.go'), verified: false },
  aws_vpn_gateway_route_propagation: { forceNew: ['vpn_gateway_id', 'route_table_id'], source: ec2('vpnsite_gateway_route_propagation.go'), verified: false },
  aws_vpn_connection_route: { forceNew: ['destination_cidr_block', 'vpn_connection_id'], source: ec2('vpnsite_connection_route.go'), verified: false },
  aws_efs_file_system: { forceNew: ['creation_token', 'encrypted', 'kms_key_id', 'performance_mode'], source: 'internal/service/efs/file_system.go', verified: false },
  aws_efs_mount_target: { forceNew: ['file_system_id', 'subnet_id', 'ip_address'], source: 'internal/service/efs/mount_target.go', verified: false },
  aws_dlm_lifecycle_policy: { forceNew: [], source: 'internal/service/dlm/lifecycle_policy.go', verified: false },
  aws_route53_health_check: { forceNew: ['type', 'request_interval', 'measure_latency'], source: 'internal/service/route53/health_check.go', verified: false },
  aws_sns_topic: { forceNew: ['name', 'name_prefix', 'fifo_topic'], source: 'internal/service/sns/topic.go', verified: false },
  aws_sns_topic_subscription: { forceNew: ['topic_arn', 'protocol', 'endpoint'], source: 'internal/service/sns/topic_subscription.go', verified: false },
  aws_backup_vault: { forceNew: ['name', 'kms_key_arn'], source: 'internal/service/backup/vault.go', verified: false },
  aws_backup_selection: { forceNew: ['name', 'plan_id', 'iam_role_arn', 'resources', 'selection_tag'], source: 'internal/service/backup/selection.go', verified: false },
  aws_ssm_document: { forceNew: ['name', 'document_type'], source: 'internal/service/ssm/document.go', verified: false },
};

/** The force-new arguments of a type (empty for a type not in the table: every change in place). */
export function forceNewOf(type: string): readonly string[] {
  return FORCE_NEW[type]?.forceNew ?? [];
}
