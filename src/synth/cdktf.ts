// The one module through which the project reaches cdktf and the AWS provider bindings.
// Deep paths only: the provider package root eagerly loads all ~2,200 resource modules (2+ s and
// ~500 MB per run). A move to cdktn (CDK Terrain, the community continuation of cdktf) is a change
// to this file: 'cdktf' -> 'cdktn' and '@cdktf/provider-aws/lib/' -> '@cdktn/provider-aws/lib/' in
// the specifiers below, plus the dependencies in package.json. Measured and left undone while the
// project's machines run Node 20 (@cdktn/provider-aws asks for Node >= 22.11): docs/cdk-terrain.md.
// Add a binding here (deep path) before using it anywhere else.
export { App, TerraformStack, TerraformOutput, TerraformVariable, LocalBackend, S3Backend, Fn, Token, Lazy, TerraformResource, TerraformElement, Aspects } from 'cdktf';
export type { TerraformProvider, ITerraformDependable, IStackSynthesizer, ISynthesisSession, IAspect } from 'cdktf';
export { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
export { Construct } from 'constructs';
export { AwsProvider } from '@cdktf/provider-aws/lib/provider';
export { Vpc, type VpcConfig } from '@cdktf/provider-aws/lib/vpc';
export { Subnet, type SubnetConfig } from '@cdktf/provider-aws/lib/subnet';
export { InternetGateway, type InternetGatewayConfig } from '@cdktf/provider-aws/lib/internet-gateway';
export { NatGateway, type NatGatewayConfig } from '@cdktf/provider-aws/lib/nat-gateway';
export { Eip, type EipConfig } from '@cdktf/provider-aws/lib/eip';
export { RouteTable, type RouteTableConfig } from '@cdktf/provider-aws/lib/route-table';
export { Route, type RouteConfig } from '@cdktf/provider-aws/lib/route';
export { RouteTableAssociation, type RouteTableAssociationConfig } from '@cdktf/provider-aws/lib/route-table-association';
export { FlowLog, type FlowLogConfig } from '@cdktf/provider-aws/lib/flow-log';
export { CloudwatchLogGroup, type CloudwatchLogGroupConfig } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
export { CloudwatchLogMetricFilter, type CloudwatchLogMetricFilterConfig } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
export { DefaultSecurityGroup, type DefaultSecurityGroupConfig } from '@cdktf/provider-aws/lib/default-security-group';
export { SecurityGroup, type SecurityGroupConfig } from '@cdktf/provider-aws/lib/security-group';
export { VpcSecurityGroupIngressRule, type VpcSecurityGroupIngressRuleConfig } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
export { VpcSecurityGroupEgressRule, type VpcSecurityGroupEgressRuleConfig } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
export { VpcEndpoint, type VpcEndpointConfig } from '@cdktf/provider-aws/lib/vpc-endpoint';
export { KmsKey, type KmsKeyConfig } from '@cdktf/provider-aws/lib/kms-key';
export { KmsAlias, type KmsAliasConfig } from '@cdktf/provider-aws/lib/kms-alias';
export { Instance, type InstanceConfig } from '@cdktf/provider-aws/lib/instance';
export { EbsVolume, type EbsVolumeConfig } from '@cdktf/provider-aws/lib/ebs-volume';
export { VolumeAttachment, type VolumeAttachmentConfig } from '@cdktf/provider-aws/lib/volume-attachment';
export { IamRole, type IamRoleConfig } from '@cdktf/provider-aws/lib/iam-role';
export { IamRolePolicy, type IamRolePolicyConfig } from '@cdktf/provider-aws/lib/iam-role-policy';
export { IamRolePolicyAttachment, type IamRolePolicyAttachmentConfig } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
export { IamInstanceProfile, type IamInstanceProfileConfig } from '@cdktf/provider-aws/lib/iam-instance-profile';
export { Lb, type LbConfig } from '@cdktf/provider-aws/lib/lb';
export { LbListener, type LbListenerConfig } from '@cdktf/provider-aws/lib/lb-listener';
export { LbTargetGroup, type LbTargetGroupConfig } from '@cdktf/provider-aws/lib/lb-target-group';
export { LbTargetGroupAttachment, type LbTargetGroupAttachmentConfig } from '@cdktf/provider-aws/lib/lb-target-group-attachment';
export { Elb, type ElbConfig } from '@cdktf/provider-aws/lib/elb';
export { LbCookieStickinessPolicy, type LbCookieStickinessPolicyConfig } from '@cdktf/provider-aws/lib/lb-cookie-stickiness-policy';
export { LoadBalancerPolicy, type LoadBalancerPolicyConfig } from '@cdktf/provider-aws/lib/load-balancer-policy';
export { LoadBalancerListenerPolicy, type LoadBalancerListenerPolicyConfig } from '@cdktf/provider-aws/lib/load-balancer-listener-policy';
export { ElbAttachment, type ElbAttachmentConfig } from '@cdktf/provider-aws/lib/elb-attachment';
export { S3Bucket, type S3BucketConfig } from '@cdktf/provider-aws/lib/s3-bucket';
export { S3BucketPublicAccessBlock, type S3BucketPublicAccessBlockConfig } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
export { S3BucketServerSideEncryptionConfigurationA, type S3BucketServerSideEncryptionConfigurationAConfig } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
export { S3BucketVersioningA, type S3BucketVersioningAConfig } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
export { S3BucketPolicy, type S3BucketPolicyConfig } from '@cdktf/provider-aws/lib/s3-bucket-policy';
export { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationConfig } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
export { S3BucketOwnershipControls, type S3BucketOwnershipControlsConfig } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
export { DataAwsSsmParameter, type DataAwsSsmParameterConfig } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
export { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentConfig } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
export { DataAwsCallerIdentity, type DataAwsCallerIdentityConfig } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
export { DataAwsElbServiceAccount, type DataAwsElbServiceAccountConfig } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
export { DataAwsRegion, type DataAwsRegionConfig } from '@cdktf/provider-aws/lib/data-aws-region';
export { DataAwsPartition, type DataAwsPartitionConfig } from '@cdktf/provider-aws/lib/data-aws-partition';
export { VpcPeeringConnection, type VpcPeeringConnectionConfig } from '@cdktf/provider-aws/lib/vpc-peering-connection';
export { VpcPeeringConnectionAccepterA, type VpcPeeringConnectionAccepterAConfig } from '@cdktf/provider-aws/lib/vpc-peering-connection-accepter';
export { DataAwsVpc, type DataAwsVpcConfig } from '@cdktf/provider-aws/lib/data-aws-vpc';
export { DataAwsRouteTables, type DataAwsRouteTablesConfig } from '@cdktf/provider-aws/lib/data-aws-route-tables';
export { CustomerGateway, type CustomerGatewayConfig } from '@cdktf/provider-aws/lib/customer-gateway';
export { VpnGateway, type VpnGatewayConfig } from '@cdktf/provider-aws/lib/vpn-gateway';
export { VpnConnection, type VpnConnectionConfig } from '@cdktf/provider-aws/lib/vpn-connection';
export { VpnGatewayRoutePropagation, type VpnGatewayRoutePropagationConfig } from '@cdktf/provider-aws/lib/vpn-gateway-route-propagation';
export { VpnConnectionRoute, type VpnConnectionRouteConfig } from '@cdktf/provider-aws/lib/vpn-connection-route';
export { Route53Zone, type Route53ZoneConfig } from '@cdktf/provider-aws/lib/route53-zone';
export { DataAwsRoute53Zone, type DataAwsRoute53ZoneConfig } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
export { Route53Record, type Route53RecordConfig } from '@cdktf/provider-aws/lib/route53-record';
export { Route53HealthCheck, type Route53HealthCheckConfig } from '@cdktf/provider-aws/lib/route53-health-check';
export { DataAwsEc2ManagedPrefixList, type DataAwsEc2ManagedPrefixListConfig } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list';
export { DataAwsLb, type DataAwsLbConfig } from '@cdktf/provider-aws/lib/data-aws-lb';
export { DlmLifecyclePolicy, type DlmLifecyclePolicyConfig } from '@cdktf/provider-aws/lib/dlm-lifecycle-policy';
export { SsmDocument, type SsmDocumentConfig } from '@cdktf/provider-aws/lib/ssm-document';
export { SsmAssociation, type SsmAssociationConfig } from '@cdktf/provider-aws/lib/ssm-association';
export { BackupVault, type BackupVaultConfig } from '@cdktf/provider-aws/lib/backup-vault';
export { BackupPlan, type BackupPlanConfig } from '@cdktf/provider-aws/lib/backup-plan';
export { BackupSelection, type BackupSelectionConfig } from '@cdktf/provider-aws/lib/backup-selection';
export { EfsFileSystem, type EfsFileSystemConfig } from '@cdktf/provider-aws/lib/efs-file-system';
export { EfsMountTarget, type EfsMountTargetConfig } from '@cdktf/provider-aws/lib/efs-mount-target';
export { SnsTopic, type SnsTopicConfig } from '@cdktf/provider-aws/lib/sns-topic';
export { SnsTopicSubscription, type SnsTopicSubscriptionConfig } from '@cdktf/provider-aws/lib/sns-topic-subscription';
export { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
export { CloudwatchDashboard, type CloudwatchDashboardConfig } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
export { SnsTopicPolicy, type SnsTopicPolicyConfig } from '@cdktf/provider-aws/lib/sns-topic-policy';
export { DataAwsElb, type DataAwsElbConfig } from '@cdktf/provider-aws/lib/data-aws-elb';
export { DataAwsKmsAlias, type DataAwsKmsAliasConfig } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
export { DataAwsRouteTable, type DataAwsRouteTableConfig } from '@cdktf/provider-aws/lib/data-aws-route-table';
export { VpcPeeringConnectionOptions, type VpcPeeringConnectionOptionsConfig } from '@cdktf/provider-aws/lib/vpc-peering-connection-options';
export { EfsBackupPolicy, type EfsBackupPolicyConfig } from '@cdktf/provider-aws/lib/efs-backup-policy';
export { DataAwsSubnet, type DataAwsSubnetConfig } from '@cdktf/provider-aws/lib/data-aws-subnet';
export { SsmParameter, type SsmParameterConfig } from '@cdktf/provider-aws/lib/ssm-parameter';
export { Route53ZoneAssociation, type Route53ZoneAssociationConfig } from '@cdktf/provider-aws/lib/route53-zone-association';
export { Route53VpcAssociationAuthorization, type Route53VpcAssociationAuthorizationConfig } from '@cdktf/provider-aws/lib/route53-vpc-association-authorization';

interface TokenRegistry {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
}

/**
 * cdktf registers every token it creates in one process-wide map (`global.__cdktfTokenMap`, see
 * cdktf/lib/tokens/private/token-map.js) and never removes one, so every app synthesized in a
 * process stays reachable through its tokens: construct tree, provider objects, bodies. `diff`
 * synthesizes twice, and a library user or a test worker many times; for the largest valid spec
 * the first app kept ~93 MiB alive through the second synthesis. Call before building an app;
 * the returned function forgets the tokens registered since (Map keeps insertion order, and cdktf
 * only ever adds), once the app's Terraform JSON no longer needs them. Tokens registered before
 * (at module load) stay. Does nothing if cdktf's private registry has another shape.
 */
export function markTokenRegistry(): () => void {
  const maps = (): Array<Map<unknown, unknown>> => {
    const registry = (globalThis as { __cdktfTokenMap?: Partial<TokenRegistry> }).__cdktfTokenMap;
    return [registry?.stringTokenMap, registry?.numberTokenMap].map((m) => (m instanceof Map ? m : new Map()));
  };
  // The registry is created with the first token, possibly during this synthesis: absent means 0.
  const sizes = maps().map((m) => m.size);
  return () => {
    maps().forEach((map, i) => {
      let index = 0;
      // Deleting the entry being visited is safe during Map iteration.
      for (const key of map.keys()) if (index++ >= sizes[i]!) map.delete(key);
    });
  };
}
