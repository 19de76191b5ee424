// The catalog: every AWS and InterSystems fact the compiler uses, as data. Each table names its
// source and the date its figures were taken. Code elsewhere reads these tables; it never repeats
// a figure as a literal.
import type { Sourced } from './sourced';
import type { EbsType } from './ebs';
import type { SizeSlot } from './instances';

// Tables split out by domain; re-exported here so that every `catalog/catalog` import keeps working.
export * from './sourced';
export * from './instances';
export * from './ebs';
export * from './ec2-quotas';
export * from './prices';
export * from './region-tables';
export * from './iris';
export * from './day-one';

export type Profile = 'trakcare' | 'healthshare' | 'cache';
export type SizePreset = 'small' | 'medium' | 'large' | 'xlarge';

export type PortName = 'superserver' | 'webserver' | 'agent' | 'https' | 'http' | 'license';
export const PORTS: Sourced<Readonly<Record<PortName, number>>> = {
  source: 'InterSystems documentation, default ports (IRIS and Caché superserver 1972, ISCAgent 2188, IRIS private web server 52773); license server 4002',
  asOf: '2026-11',
  rows: { superserver: 1972, webserver: 52773, agent: 2188, https: 443, http: 80, license: 4002 },
};

export type VolumePurpose = 'data' | 'journal1' | 'journal2' | 'wij';
export interface VolumePreset {
  readonly type: EbsType;
  readonly sizeGiB: number;
  readonly iops?: number;
  readonly throughputMiBps?: number;
}

export interface TierPreset {
  readonly count: number;
  readonly slot: SizeSlot;
}

export interface DeploymentPreset {
  readonly web: TierPreset;
  readonly app: TierPreset;
  /** TrakCare only; zero elsewhere. */
  readonly print: TierPreset;
  readonly database: SizeSlot;
  readonly arbiter: SizeSlot;
  readonly volumes: Readonly<Record<VolumePurpose, VolumePreset>>;
}

// Database volume layouts per size: io1 data (the reference architecture's provisioned-IOPS
// volume) and gp2 journals/WIJ, sized so the summed IOPS and bandwidth stay inside the M4
// database instance's EBS limits (the strictest family).
const VOLUMES: Record<SizePreset, Record<VolumePurpose, VolumePreset>> = {
  small: {
    data: { type: 'io1', sizeGiB: 500, iops: 4000 },
    journal1: { type: 'gp2', sizeGiB: 200 },
    journal2: { type: 'gp2', sizeGiB: 200 },
    wij: { type: 'gp2', sizeGiB: 100 },
  },
  medium: {
    data: { type: 'io1', sizeGiB: 1000, iops: 10000 },
    journal1: { type: 'gp2', sizeGiB: 300 },
    journal2: { type: 'gp2', sizeGiB: 300 },
    wij: { type: 'gp2', sizeGiB: 200 },
  },
  large: {
    data: { type: 'io1', sizeGiB: 2000, iops: 20000 },
    journal1: { type: 'gp2', sizeGiB: 500 },
    journal2: { type: 'gp2', sizeGiB: 500 },
    wij: { type: 'gp2', sizeGiB: 500 },
  },
  xlarge: {
    data: { type: 'io1', sizeGiB: 4000, iops: 32000 },
    journal1: { type: 'gp2', sizeGiB: 1000 },
    journal2: { type: 'gp2', sizeGiB: 1000 },
    wij: { type: 'gp2', sizeGiB: 1000 },
  },
};

const NO_PRINT: TierPreset = { count: 0, slot: 'large' };

export const PRESETS: Sourced<Readonly<Record<Profile, Readonly<Record<SizePreset, DeploymentPreset>>>>> = {
  source:
    'refarch presets after the reference architecture figures (TrakCare Figure-12: three web servers, ECP application servers, two print servers; HealthShare Figure-14; cloud-hosted Figure-3), in M4 size slots',
  asOf: '2026-11',
  rows: {
    trakcare: {
      small: { web: { count: 2, slot: 'large' }, app: { count: 2, slot: 'xlarge' }, print: { count: 2, slot: 'large' }, database: '2xlarge', arbiter: 'large', volumes: VOLUMES.small },
      medium: { web: { count: 3, slot: 'large' }, app: { count: 3, slot: '2xlarge' }, print: { count: 2, slot: 'large' }, database: '4xlarge', arbiter: 'large', volumes: VOLUMES.medium },
      large: { web: { count: 3, slot: 'xlarge' }, app: { count: 6, slot: '2xlarge' }, print: { count: 2, slot: 'xlarge' }, database: '10xlarge', arbiter: 'large', volumes: VOLUMES.large },
      xlarge: { web: { count: 6, slot: 'xlarge' }, app: { count: 9, slot: '4xlarge' }, print: { count: 3, slot: 'xlarge' }, database: '16xlarge', arbiter: 'large', volumes: VOLUMES.xlarge },
    },
    healthshare: {
      small: { web: { count: 2, slot: 'large' }, app: { count: 2, slot: 'xlarge' }, print: NO_PRINT, database: 'xlarge', arbiter: 'large', volumes: VOLUMES.small },
      medium: { web: { count: 3, slot: 'large' }, app: { count: 3, slot: 'xlarge' }, print: NO_PRINT, database: '2xlarge', arbiter: 'large', volumes: VOLUMES.small },
      large: { web: { count: 3, slot: 'xlarge' }, app: { count: 3, slot: '2xlarge' }, print: NO_PRINT, database: '4xlarge', arbiter: 'large', volumes: VOLUMES.medium },
      xlarge: { web: { count: 6, slot: 'xlarge' }, app: { count: 6, slot: '4xlarge' }, print: NO_PRINT, database: '10xlarge', arbiter: 'large', volumes: VOLUMES.large },
    },
    cache: {
      small: { web: { count: 2, slot: 'large' }, app: { count: 2, slot: 'xlarge' }, print: NO_PRINT, database: '2xlarge', arbiter: 'large', volumes: VOLUMES.small },
      medium: { web: { count: 3, slot: 'large' }, app: { count: 3, slot: '2xlarge' }, print: NO_PRINT, database: '4xlarge', arbiter: 'large', volumes: VOLUMES.medium },
      large: { web: { count: 3, slot: 'xlarge' }, app: { count: 6, slot: '2xlarge' }, print: NO_PRINT, database: '10xlarge', arbiter: 'large', volumes: VOLUMES.large },
      xlarge: { web: { count: 6, slot: 'xlarge' }, app: { count: 9, slot: '4xlarge' }, print: NO_PRINT, database: '16xlarge', arbiter: 'large', volumes: VOLUMES.xlarge },
    },
  },
};

/** Defaults that are not per profile and size. Every one is applied in src/resolve and nowhere else. */
export const DEFAULTS = {
  source: 'refarch defaults; each mirrors the `default` of the same property in schema/refarch.schema.json (a test keeps them equal)',
  asOf: '2026-11',
  rows: {
    model: 'cloud',
    size: 'medium',
    instanceFamily: 'm4',
    vpcCidr: '10.10.0.0/16',
    drVpcCidr: '10.20.0.0/16',
    adminCidrs: [] as readonly string[],
    namespaces: [] as readonly string[],
    clientCidrs: ['0.0.0.0/0'] as readonly string[],
    natGateways: 'per-az',
    zoneOrder: 'by-name',
    flowLogRetentionDays: 365,
    loadBalancerType: 'application',
    stickySessions: true,
    webHealthCheckPath: '/csp/gateway/',
    vip: 'load-balancer',
    zmirrorCallout: true,
    drCapacity: 'reduced',
    drAsyncMembers: { cloud: 1, hybrid: 2 },
    bgpAsn: 65000,
    createZone: false,
    backupMethod: 'snapshot',
    backupSchedule: '03:00',
    backupRetainDays: 14,
    copyToDr: true,
    cpuHighPercent: 90,
    /** The CloudWatch agent on every server (monitoring.agent). */
    monitoringAgent: true,
    /** monitoring.logRetentionDays: a year of server logs, as the flow logs. */
    monitoringLogRetentionDays: 365,
    /**
     * monitoring.thresholds (refarch choices, README "Monitoring"): journal volumes warn at 25 %
     * free and are critical at 10 % (IRIS freezes journal writes when a journal directory fills; the
     * warning leaves hours to grow the volume, which EBS allows once in six hours); data and root
     * volumes at 15 %; memory at 95 % (IRIS's shared memory is sized to ~70 % of RAM by the memory
     * rule, so 95 % means the rest is exhausted); licence at 90 %; a DR async 15 minutes other than
     * Connected.
     */
    monitoringThresholds: {
      journalFreeWarningPercent: 25,
      journalFreeCriticalPercent: 10,
      dataFreePercent: 15,
      memoryUsedPercent: 95,
      licenseUsedPercent: 90,
      drAsyncNotConnectedMinutes: 15,
    },
    stateBackend: 'local',
    stateKeyPrefix: 'refarch',
    /**
     * Local backend: the folder, beside the output folder, holding `<deployment>/<stack>.tfstate`.
     * Outside the output so that re-running synth can never touch state.
     */
    localStateFolder: 'terraform-state',
    rootVolume: { type: 'gp3' as EbsType, sizeGiB: 50 },
    /** Amazon Linux 2023 through the public SSM parameter AWS keeps current in every region. */
    imageSsmParameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    /** Mount root of the database directories (IRIS layout; Caché installs use /cachesys). */
    mountRoot: { trakcare: '/irissys', healthshare: '/irissys', cache: '/cachesys' } as Readonly<Record<Profile, string>>,
    /** Device names the database volumes attach at, in order: data, journal1, journal2, wij, extras. */
    deviceNames: ['/dev/sdf', '/dev/sdg', '/dev/sdh', '/dev/sdi', '/dev/sdj', '/dev/sdk', '/dev/sdl', '/dev/sdm', '/dev/sdn', '/dev/sdo', '/dev/sdp', '/dev/sdq'] as readonly string[],
    tlsPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    /** Classic Load Balancers offer no TLS 1.3 policy; this is their TLS 1.2-only predefined policy. */
    classicTlsPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01',
    logRetentionDays: 365,
    healthCheck: { intervalSeconds: 5, timeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 2 },
    mirrorStatusPath: '/csp/bin/mirror_status.cxw',
    platform: 'iris',
    installKind: 'image',
    irisInstance: 'IRIS',
    configure: true,
    /** Folder on every instance that holds the files `refarch config` writes (merge.cpf, CSP.ini server definitions). */
    configFolder: '/opt/refarch/config',
    /** File names in configFolder: the merge file (IRIS instances) and the Web Gateway server definitions (web servers). */
    mergeFileName: 'merge.cpf',
    gatewayFileName: 'CSP.ini',
    /**
     * Last label of the private hosted zones (`<site>.<deployment>.internal`): ICANN reserved
     * `.internal` for private use (board resolution 2024.07.29.06), so it never resolves publicly.
     */
    privateZoneTld: 'internal',
  },
} as const;

/**
 * AWS accounts through which Elastic Load Balancing writes ALB and Classic access logs in the
 * regions opened before August 2022. Regions opened since then (and, per AWS, every region today)
 * accept the log delivery service principal instead; bucket policies grant both where both exist.
 * The provider's aws_elb_service_account data source fails in regions missing from its map, so
 * the compiler reads this table instead.
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Sourced<Readonly<Record<string, string>>> = {
  source: 'AWS ELB user guide, "Enable access logs" (bucket policy, legacy regions); hashicorp/terraform-provider-aws internal/service/elb/service_account_data_source.go',
  asOf: '2026-11',
  rows: {
    'us-east-1': '127311923021',
    'us-east-2': '033677994240',
    'us-west-1': '027434742980',
    'us-west-2': '797873946194',
    'af-south-1': '098369216593',
    'ap-east-1': '754344448648',
    'ap-southeast-3': '589379963580',
    'ap-south-1': '718504428378',
    'ap-northeast-3': '383597477331',
    'ap-northeast-2': '600734575887',
    'ap-southeast-1': '114774131450',
    'ap-southeast-2': '783225319266',
    'ap-northeast-1': '582318560864',
    'ca-central-1': '985666609251',
    'eu-central-1': '054676820928',
    'eu-west-1': '156460612806',
    'eu-west-2': '652711504416',
    'eu-south-1': '635631232127',
    'eu-west-3': '009996457667',
    'eu-north-1': '897822967062',
    'me-south-1': '076674570225',
    'sa-east-1': '507241528517',
  },
};

/** Log delivery service principals for load balancer access logs. */
export const LOG_DELIVERY_PRINCIPALS = {
  source: 'AWS ELB user guides: ALB/Classic access logs (logdelivery.elasticloadbalancing), NLB access logs (delivery.logs, vended logs)',
  asOf: '2026-11',
  rows: { elb: 'logdelivery.elasticloadbalancing.amazonaws.com', vendedLogs: 'delivery.logs.amazonaws.com' },
} as const;

/** Longest names AWS accepts for the named resources the compiler creates. */
export const AWS_NAME_LIMITS: Sourced<{ readonly loadBalancer: number; readonly targetGroup: number; readonly iamRole: number; readonly s3Bucket: number; readonly tagValue: number; readonly tagsPerResource: number }> = {
  source: 'Elastic Load Balancing API reference (CreateLoadBalancer, CreateTargetGroup: Name up to 32 characters); IAM quotas (role name 64); S3 bucket naming rules (63); Tagging AWS Resources user guide, "Tag naming limits and requirements" (value up to 256 Unicode characters; 50 tags per resource, aws: tags not counted)',
  asOf: '2026-12',
  rows: { loadBalancer: 32, targetGroup: 32, iamRole: 64, s3Bucket: 63, tagValue: 256, tagsPerResource: 50 },
};

/**
 * Terraform and provider versions the output asks for. The provider constraint admits every 6.x
 * from the bindings' version on: the AWS provider keeps a major version backward compatible (its
 * versioning policy), so an organisation that requires a newer 6.x can use the output, and the
 * lock file (.terraform.lock.hcl, written by `terraform init`) pins the exact version a deployment
 * runs. tf:check checks the output against each version of `checkedAwsProviderVersions`.
 */
export const TOOLCHAIN: Sourced<{ terraformRequiredVersion: string; awsProviderVersion: string; awsProviderConstraint: string; checkedAwsProviderVersions: readonly string[] }> = {
  source:
    '@cdktf/provider-aws 21.22.1 wraps hashicorp/aws 6.25.0; @cdktn/provider-aws 25.7.0 (CDK Terrain) wraps hashicorp/aws 6.66.0; hashicorp/terraform-provider-aws docs/provider-versioning (breaking changes only in major versions); S3 native state locking needs Terraform >= 1.10',
  asOf: '2026-12',
  rows: { terraformRequiredVersion: '>= 1.10', awsProviderVersion: '6.25.0', awsProviderConstraint: '>= 6.25.0, < 7.0.0', checkedAwsProviderVersions: ['6.25.0', '6.66.0'] },
};

/** What one CloudWatch dashboard may hold; PutDashboard refuses a body over these (src/config/dashboard.ts splits). */
export const CLOUDWATCH_DASHBOARD_LIMITS: Sourced<{ readonly metricsPerWidget: number; readonly metricsPerDashboard: number; readonly widgetsPerDashboard: number }> = {
  source: 'Amazon CloudWatch User Guide, "CloudWatch service quotas", Dashboards (up to 500 widgets per dashboard, up to 500 metrics per dashboard widget, up to 2,500 metrics per dashboard across all widgets; these quotas cannot be changed)',
  asOf: '2026-12',
  rows: { metricsPerWidget: 500, metricsPerDashboard: 2500, widgetsPerDashboard: 500 },
};

export const EC2_DETAILED_MONITORING: Sourced<{ readonly metricsPerInstance: number }> = {
  source: 'Amazon CloudWatch pricing, example "EC2 detailed monitoring": 7 metrics per instance, priced as custom metrics',
  asOf: '2026-07',
  rows: { metricsPerInstance: 7 },
};

/** AWS-managed prefix lists referenced by security group rules ({region} is replaced). */
export const MANAGED_PREFIX_LISTS: Sourced<{ readonly route53HealthChecks: string }> = {
  source: 'Amazon VPC user guide, AWS-managed prefix lists (Route 53 health checks, weight 25)',
  asOf: '2026-11',
  rows: { route53HealthChecks: 'com.amazonaws.{region}.route53-healthchecks' },
};

/** Names and numbers AWS reserves. */
export const AWS_RESERVED: Sourced<{
  readonly loadBalancerNamePrefix: string;
  /**
   * Prefixes AWS refuses at the start of names the compiler derives from the deployment name
   * (`<name>-<site>-...`), with what they are refused for.
   */
  readonly namePrefixes: ReadonlyArray<{ readonly prefix: string; readonly refusedFor: string }>;
  readonly vpnGatewayAmazonSideAsn: number;
}> = {
  source:
    'Elastic Load Balancing API reference (CreateLoadBalancer: a name must not begin with "internal-"); EC2 API reference (CreateSecurityGroup: GroupName cannot start with "sg-"); Systems Manager API reference (CreateDocument: aws, amazon, amzn are reserved document name prefixes); Amazon S3 bucket naming rules (no xn--, sthree- or amzn-s3-demo- prefix); AWS Site-to-Site VPN user guide (virtual private gateway default Amazon-side ASN 64512)',
  asOf: '2026-11',
  rows: {
    loadBalancerNamePrefix: 'internal-',
    namePrefixes: [
      { prefix: 'internal-', refusedFor: 'load balancer names' },
      { prefix: 'sg-', refusedFor: 'security group names' },
      { prefix: 'aws', refusedFor: 'Systems Manager document names' },
      { prefix: 'amazon', refusedFor: 'Systems Manager document names' },
      { prefix: 'amzn', refusedFor: 'Systems Manager document names' },
      { prefix: 'xn--', refusedFor: 'S3 bucket names' },
      { prefix: 'sthree-', refusedFor: 'S3 bucket names' },
    ],
    vpnGatewayAmazonSideAsn: 64512,
  },
};

/** Default VPC quotas that a spec's CIDR lists can run into. */
/**
 * Addresses in a subnet: what AWS keeps, and what each network interface refarch creates takes.
 * Which subnet tier holds the interface endpoints is decided here too, so that the network
 * construct and the subnet-capacity rule read one fact.
 */
export const SUBNET_ADDRESSES: Sourced<{
  /** The first four addresses and the last one of every subnet. */
  readonly reservedPerSubnet: number;
  /** ALB and Classic ELB subnets: at least this prefix length (a /27 or larger block) ... */
  readonly loadBalancerMaxPrefix: number;
  /** ... and at least this many free addresses, for the load balancer's nodes to scale into. */
  readonly loadBalancerFreeAddresses: number;
  /** Interface VPC endpoints for SSM Session Manager and Run Command: one interface per endpoint per subnet. */
  readonly ssmEndpointServices: readonly string[];
  /** Subnet tier of the endpoints' interfaces (one subnet per zone). */
  readonly endpointSubnetTier: 'app';
  /** Network load balancers (mirror VIP), NAT gateways and EFS mount targets: one address per subnet each. */
  readonly perSubnetInterface: number;
}> = {
  source:
    'Amazon VPC user guide, "Subnet CIDR blocks" (5 reserved addresses); Elastic Load Balancing: "Subnets for your Application Load Balancer" and Classic ELB "VPC subnets" (/27 or larger, 8 free addresses); AWS PrivateLink "Interface endpoints" (an endpoint network interface per subnet); NLB, NAT gateway and EFS mount target user guides (one network interface per subnet)',
  asOf: '2026-12',
  rows: {
    reservedPerSubnet: 5,
    loadBalancerMaxPrefix: 27,
    loadBalancerFreeAddresses: 8,
    ssmEndpointServices: ['ssm', 'ssmmessages', 'ec2messages'],
    endpointSubnetTier: 'app',
    perSubnetInterface: 1,
  },
};

export const VPC_QUOTAS: Sourced<{ readonly inboundRulesPerSecurityGroup: number; readonly route53HealthCheckPrefixListWeight: number }> = {
  source: 'Amazon VPC user guide, quotas (inbound rules per security group, adjustable); AWS-managed prefix lists (route53-healthchecks weight)',
  asOf: '2026-11',
  rows: { inboundRulesPerSecurityGroup: 60, route53HealthCheckPrefixListWeight: 25 },
};

export { IRIS_DAY_ONE, type IrisDayOne } from './iris-day-one';
