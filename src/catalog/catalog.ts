// The catalog: every AWS and InterSystems fact the compiler uses, as data. Each table names its
// source and the date its figures were taken. Code elsewhere reads these tables; it never repeats
// a figure as a literal.
import { INSTANCE_PRICES as GENERATED_INSTANCE_PRICES, type InstancePriceTable } from './instance-prices';
import { ACCOUNT_WIDE_UNIT_PRICES, REGIONAL_UNIT_PRICES } from './unit-prices';

import type { Sourced } from './sourced';
import type { EbsType } from './ebs';
import type { SizeSlot } from './instances';

export type { InstancePriceTable } from './instance-prices';
// Tables split out by domain; re-exported here so that every `catalog/catalog` import keeps working.
export * from './sourced';
export * from './instances';
export * from './ebs';
export * from './ec2-quotas';

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

/** Unit prices of everything plan prices except instances (INSTANCE_PRICES), in USD. */
export interface UnitPrices {
  readonly ebsPerGiBMonth: Readonly<Record<EbsType, number>>;
  readonly gp3IopsMonthOver3000: number;
  readonly gp3MiBpsMonthOver125: number;
  readonly io1IopsMonth: number;
  /**
   * io2 provisioned IOPS, priced per volume in tiers: the first `upTo` IOPS of a volume at the first
   * price, the next ones up to the next `upTo` at the second ...; `upTo` null is the open top tier.
   */
  readonly io2IopsMonthTiers: ReadonlyArray<{ readonly upTo: number | null; readonly usd: number }>;
  readonly snapshotPerGiBMonth: number;
  readonly albHour: number;
  readonly nlbHour: number;
  readonly classicElbHour: number;
  readonly natGatewayHour: number;
  readonly vpnConnectionHour: number;
  /** Every public IPv4 address, attached or idle (NAT gateway EIPs, internet-facing load balancer nodes). */
  readonly publicIpv4Hour: number;
  /** An interface VPC endpoint, per availability zone it has a network interface in. */
  readonly interfaceEndpointAzHour: number;
  /** A customer managed KMS key (rotated key versions add to it after the first rotation). */
  readonly kmsKeyMonth: number;
  readonly cloudwatchAlarmMonth: number;
  readonly cloudwatchDashboardMonth: number;
  /** A metric, first tier (EC2 detailed monitoring metrics are priced as metrics). */
  readonly cloudwatchMetricMonth: number;
  /** CloudWatch Logs: a GB ingested (standard log class), and a GB stored for a month. */
  readonly cloudwatchLogsIngestedGB: number;
  readonly cloudwatchLogsStoredGBMonth: number;
  /** One CloudWatch API request (PutMetricData and the like: $0.01 per 1,000). */
  readonly cloudwatchRequest: number;
}
export type UnitPriceName = keyof UnitPrices;

/** Currency and month length of every estimate. */
export const PRICING: Sourced<{ readonly currency: 'USD'; readonly hoursPerMonth: number }> = {
  source: 'AWS pricing pages: monthly figures are 730 hours (8,760 hours a year / 12)',
  asOf: '2026-07',
  rows: { currency: 'USD', hoursPerMonth: 730 },
};

/** The figures of a generated table of sourced unit prices (src/catalog/unit-prices.ts), without their sources. */
function figuresOf(table: Readonly<Record<string, readonly [number, string]>>): Partial<UnitPrices> {
  return Object.fromEntries(Object.entries(table).map(([name, [usd]]) => [name, usd])) as Partial<UnitPrices>;
}

/**
 * Unit prices per region, each figure from a dated public source. A region or a figure missing
 * here had no sourced figure: plan then prices the item at the us-east-1 figure, says so for the
 * stack and marks the total approximate. `refarch prices` fetches every figure of a region from
 * AWS's Price List offer files into a local cache, which plan and diff prefer. The regional
 * figures (generated: scripts/gen-unit-prices.mjs) carry their own source and date per figure
 * (REGIONAL_UNIT_PRICES); EBS and NAT gateway figures have no dated regional source yet and exist
 * for us-east-1 only.
 */
export const UNIT_PRICES: Sourced<Readonly<Record<string, Partial<UnitPrices>>>> = {
  source:
    'Every region but ap-southeast-6: QuinnyPig/aws-price-watcher (AWS pricing-page data: elb, kms, cloudwatch @daa3fca6 2025-06-05; vpc @ccc5fd6e 2025-06-13) for load balancer hours, interface endpoint AZ-hour, VPN connection hour, public IPv4 hour, KMS key, CloudWatch alarm and metric, CloudWatch Logs ingestion and storage, CloudWatch API request. us-east-1 EBS and NAT gateway: Infracost us-east-1 golden test outputs (EBS, NAT, 2026-07); Amazon EBS pricing (io2 tiers per volume: up to 32,000, 32,001-64,000, above 64,000 IOPS). ap-southeast-6: Amazon VPC pricing, public IPv4 addresses ($0.005 per IP-hour in all commercial regions since 2024-02-01)',
  asOf: '2026-07',
  rows: {
    ...Object.fromEntries(Object.entries(REGIONAL_UNIT_PRICES).map(([region, table]) => [region, figuresOf(table)])),
    'us-east-1': {
      ebsPerGiBMonth: { gp2: 0.1, gp3: 0.08, io1: 0.125, io2: 0.125, standard: 0.05, st1: 0.045, sc1: 0.015 },
      gp3IopsMonthOver3000: 0.005,
      gp3MiBpsMonthOver125: 0.04,
      io1IopsMonth: 0.065,
      io2IopsMonthTiers: [
        { upTo: 32000, usd: 0.065 },
        { upTo: 64000, usd: 0.0455 },
        { upTo: null, usd: 0.03185 },
      ],
      snapshotPerGiBMonth: 0.05,
      natGatewayHour: 0.045,
      ...figuresOf(REGIONAL_UNIT_PRICES['us-east-1'] ?? {}),
    },
    // Opened after the regional source's date: only the one-price-everywhere IPv4 charge is sourced.
    'ap-southeast-6': { publicIpv4Hour: 0.005 },
  },
};

/** Figures of UNIT_PRICES taken from the catalog-wide source above (us-east-1's EBS and NAT, ap-southeast-6's IPv4), not from unit-prices.ts. */
export const UNIT_PRICES_OWN_SOURCE = { source: 'Infracost us-east-1 golden test outputs; Amazon EBS, Amazon VPC pricing pages', asOf: '2026-07' } as const;

/**
 * Unit prices of products AWS sells account-wide rather than per region: one figure wherever a
 * stack runs, so a region's table (bundled or from the offer files) that lacks it is still exact.
 * CloudWatch dashboards are listed in the Price List with location "Any" and no region code, so a
 * region's offer file need not carry them.
 */
export const GLOBAL_UNIT_PRICES: Sourced<Partial<UnitPrices>> = {
  source: 'QuinnyPig/aws-price-watcher processed/cloudwatch.json @daa3fca6 ("Dashboard Basic Dashboard", location "Any"; the first 3 are the free tier, another term at $0)',
  asOf: '2025-06-05',
  rows: figuresOf(ACCOUNT_WIDE_UNIT_PRICES),
};

/** On-demand instance prices per region (generated: scripts/gen-prices.mjs, sources in its header). */
export const INSTANCE_PRICES: Sourced<Readonly<Record<string, InstancePriceTable>>> = {
  source: 'Karpenter generated price table (us-east-1) and the SkyPilot AWS catalog (other regions); see src/catalog/instance-prices.ts',
  asOf: '2026-12',
  rows: GENERATED_INSTANCE_PRICES,
};

/** Route 53 is a global service: one price list wherever the stacks run. */
export const ROUTE53_PRICES: Sourced<{ readonly zoneMonth: number; readonly healthCheckMonth: number; readonly healthCheckOptionMonth: number }> = {
  source: 'Infracost us-east-1 golden test outputs; Amazon Route 53 pricing (global: hosted zone, AWS-endpoint health check, optional features)',
  asOf: '2026-07',
  rows: { zoneMonth: 0.5, healthCheckMonth: 0.5, healthCheckOptionMonth: 1.0 },
};

/** Metrics an instance with detailed (1-minute) monitoring is charged for. */
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

/**
 * Availability zones per region, for the AZ-belongs-to-region rule (letters AWS offers to
 * accounts). Regions opened since 2019 all offer the letters a, b and c.
 */
export const REGIONS: Sourced<Readonly<Record<string, readonly string[]>>> = {
  source:
    'AWS regions and zones documentation (zone letters commonly offered; account mappings vary); AWS SDK partitions (region names); region launch announcements (ap-southeast-4 Melbourne 2023, il-central-1 Tel Aviv 2023, ca-west-1 Calgary 2023, mx-central-1 Mexico 2025, ap-southeast-5 Malaysia 2024, ap-southeast-7 Thailand 2025, ap-east-2 Taipei 2025, ap-southeast-6 New Zealand 2025)',
  asOf: '2026-12',
  rows: {
    'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'],
    'us-east-2': ['a', 'b', 'c'],
    'us-west-1': ['a', 'b', 'c'],
    'us-west-2': ['a', 'b', 'c', 'd'],
    'ca-central-1': ['a', 'b', 'd'],
    'eu-west-1': ['a', 'b', 'c'],
    'eu-west-2': ['a', 'b', 'c'],
    'eu-west-3': ['a', 'b', 'c'],
    'eu-central-1': ['a', 'b', 'c'],
    'eu-central-2': ['a', 'b', 'c'],
    'eu-north-1': ['a', 'b', 'c'],
    'eu-south-1': ['a', 'b', 'c'],
    'eu-south-2': ['a', 'b', 'c'],
    'ap-southeast-1': ['a', 'b', 'c'],
    'ap-southeast-2': ['a', 'b', 'c'],
    'ap-northeast-1': ['a', 'c', 'd'],
    'ap-northeast-2': ['a', 'b', 'c', 'd'],
    'ap-south-1': ['a', 'b', 'c'],
    'sa-east-1': ['a', 'b', 'c'],
    'me-central-1': ['a', 'b', 'c'],
    'af-south-1': ['a', 'b', 'c'],
    // Added for data residency (issue #12): the second region of a country, or the only region of
    // a jurisdiction health deployments are approved in.
    'ap-southeast-4': ['a', 'b', 'c'],
    'ca-west-1': ['a', 'b', 'c'],
    'il-central-1': ['a', 'b', 'c'],
    'ap-northeast-3': ['a', 'b', 'c'],
    'ap-south-2': ['a', 'b', 'c'],
    'ap-southeast-3': ['a', 'b', 'c'],
    'ap-southeast-5': ['a', 'b', 'c'],
    'ap-southeast-6': ['a', 'b', 'c'],
    'ap-southeast-7': ['a', 'b', 'c'],
    'ap-east-1': ['a', 'b', 'c'],
    'ap-east-2': ['a', 'b', 'c'],
    'me-south-1': ['a', 'b', 'c'],
    'mx-central-1': ['a', 'b', 'c'],
  },
};

/**
 * A legal area is the data-protection regime that governs personal (health) data stored in a
 * region: one statute or regulation, applying alike wherever the area reaches. Only the EU/EEA
 * spans several countries: the GDPR (Regulation (EU) 2016/679, Art. 3) applies directly in every
 * EU member state and, through EEA Joint Committee Decision 154/2018 (EEA Agreement Annex XI), in
 * Iceland, Liechtenstein and Norway, so replicating within it moves data under the same law.
 * Every other area is one country's own law (the UK GDPR and Data Protection Act 2018 since 2021,
 * Switzerland's FADP, HIPAA and state law in the US, PIPEDA in Canada, the Privacy Act 1988 in
 * Australia, Japan's APPI...). Adequacy decisions between areas (EU ↔ UK, EU → CH, EU → IL...)
 * make a transfer lawful but do not merge the areas: the transfer still needs its basis recorded,
 * which is what `dr.transferBasis` is for.
 */
export type LegalArea = 'EU/EEA' | 'UK' | 'CH' | 'US' | 'CA' | 'MX' | 'BR' | 'AU' | 'NZ' | 'JP' | 'KR' | 'IN' | 'SG' | 'ID' | 'MY' | 'TH' | 'HK' | 'TW' | 'IL' | 'AE' | 'BH' | 'ZA';

export interface RegionLocation {
  /** ISO 3166-1 alpha-2 code of the country the region's data centres are in. */
  readonly country: string;
  readonly countryName: string;
  readonly legalArea: LegalArea;
  /** The city or area in AWS's name for the region. */
  readonly city: string;
  /** Coordinates of that city, degrees (for the nearest-region rule of `init`). */
  readonly lat: number;
  readonly lon: number;
}

const at = (country: string, countryName: string, legalArea: LegalArea, city: string, lat: number, lon: number): RegionLocation => ({ country, countryName, legalArea, city, lat, lon });

/** Where each catalog region is, and under which legal area its data lies (see LegalArea). */
export const REGION_LOCATIONS: Sourced<Readonly<Record<string, RegionLocation>>> = {
  source:
    'AWS Regions list (region names and their city or country: "US East (N. Virginia)", "Europe (Zurich)"...); ISO 3166-1 alpha-2 country codes; city coordinates (GeoNames), rounded to 0.01 degree; EEA membership: EEA Agreement and EEA Joint Committee Decision 154/2018 (GDPR in the EEA)',
  asOf: '2026-12',
  rows: {
    'us-east-1': at('US', 'United States', 'US', 'N. Virginia', 39.04, -77.49),
    'us-east-2': at('US', 'United States', 'US', 'Ohio', 39.96, -83.0),
    'us-west-1': at('US', 'United States', 'US', 'N. California', 37.77, -122.42),
    'us-west-2': at('US', 'United States', 'US', 'Oregon', 45.84, -119.7),
    'ca-central-1': at('CA', 'Canada', 'CA', 'Montreal', 45.5, -73.57),
    'ca-west-1': at('CA', 'Canada', 'CA', 'Calgary', 51.05, -114.07),
    'mx-central-1': at('MX', 'Mexico', 'MX', 'Queretaro', 20.59, -100.39),
    'sa-east-1': at('BR', 'Brazil', 'BR', 'Sao Paulo', -23.55, -46.63),
    'eu-west-1': at('IE', 'Ireland', 'EU/EEA', 'Dublin', 53.35, -6.26),
    'eu-west-2': at('GB', 'United Kingdom', 'UK', 'London', 51.51, -0.13),
    'eu-west-3': at('FR', 'France', 'EU/EEA', 'Paris', 48.86, 2.35),
    'eu-central-1': at('DE', 'Germany', 'EU/EEA', 'Frankfurt', 50.11, 8.68),
    'eu-central-2': at('CH', 'Switzerland', 'CH', 'Zurich', 47.38, 8.54),
    'eu-north-1': at('SE', 'Sweden', 'EU/EEA', 'Stockholm', 59.33, 18.07),
    'eu-south-1': at('IT', 'Italy', 'EU/EEA', 'Milan', 45.46, 9.19),
    'eu-south-2': at('ES', 'Spain', 'EU/EEA', 'Aragon', 41.65, -0.89),
    'il-central-1': at('IL', 'Israel', 'IL', 'Tel Aviv', 32.09, 34.78),
    'me-south-1': at('BH', 'Bahrain', 'BH', 'Bahrain', 26.23, 50.59),
    'me-central-1': at('AE', 'United Arab Emirates', 'AE', 'UAE', 25.2, 55.27),
    'af-south-1': at('ZA', 'South Africa', 'ZA', 'Cape Town', -33.92, 18.42),
    'ap-east-1': at('HK', 'Hong Kong', 'HK', 'Hong Kong', 22.32, 114.17),
    'ap-east-2': at('TW', 'Taiwan', 'TW', 'Taipei', 25.03, 121.57),
    'ap-south-1': at('IN', 'India', 'IN', 'Mumbai', 19.08, 72.88),
    'ap-south-2': at('IN', 'India', 'IN', 'Hyderabad', 17.39, 78.49),
    'ap-southeast-1': at('SG', 'Singapore', 'SG', 'Singapore', 1.35, 103.82),
    'ap-southeast-2': at('AU', 'Australia', 'AU', 'Sydney', -33.87, 151.21),
    'ap-southeast-3': at('ID', 'Indonesia', 'ID', 'Jakarta', -6.21, 106.85),
    'ap-southeast-4': at('AU', 'Australia', 'AU', 'Melbourne', -37.81, 144.96),
    'ap-southeast-5': at('MY', 'Malaysia', 'MY', 'Malaysia', 3.14, 101.69),
    'ap-southeast-6': at('NZ', 'New Zealand', 'NZ', 'New Zealand', -36.85, 174.76),
    'ap-southeast-7': at('TH', 'Thailand', 'TH', 'Thailand', 13.76, 100.5),
    'ap-northeast-1': at('JP', 'Japan', 'JP', 'Tokyo', 35.68, 139.69),
    'ap-northeast-2': at('KR', 'South Korea', 'KR', 'Seoul', 37.57, 126.98),
    'ap-northeast-3': at('JP', 'Japan', 'JP', 'Osaka', 34.69, 135.5),
  },
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

/** Limits InterSystems IRIS puts on names refarch derives (mirror names from the mirror sets). */
export const IRIS_NAME_LIMITS: Sourced<{ readonly mirrorName: number }> = {
  source:
    'InterSystems IRIS High Availability Guide, "Create a Mirror" (Mirror Name: up to 15 alphanumeric characters, converted to upper case); Configuration Parameter File Reference, [MirrorMember]/[Mirrors]',
  asOf: '2026-12',
  rows: { mirrorName: 15 },
};

/**
 * What refarch may write into a configuration merge file (a partial CPF with an [Actions]
 * section) and into the Web Gateway's CSP.ini, with the documentation each entry comes from.
 * test/config-allowlist.test.ts parses every generated file of every example against this table:
 * a section, key, action or action property not listed here fails the build.
 */
export interface MergeVocabulary {
  /** CPF update sections and the parameters refarch sets in them. `*` = any name (ECPServers entries are named by refarch). */
  readonly sections: Readonly<Record<string, readonly string[]>>;
  /** [Actions] parameters and the properties refarch passes to each. */
  readonly actions: Readonly<Record<string, readonly string[]>>;
  /** ConfigMirror Member= values (RACS ConfigMirror). */
  readonly mirrorMembers: readonly string[];
  /** CSP.ini sections: fixed names, and `<server>` / `APP_PATH:<path>` patterns, with their keys. */
  readonly gatewaySections: Readonly<Record<string, readonly string[]>>;
  /** Where each entry is documented (InterSystems doc keys). */
  readonly docs: Readonly<Record<string, string>>;
}

export const IRIS_MERGE: Sourced<MergeVocabulary> = {
  source:
    'InterSystems IRIS documentation: "Automating Configuration of InterSystems IRIS with Configuration Merge" (GCMF: merge file, ISC_CPF_MERGE_FILE, iris merge, "Deploy a Distributed Cache Cluster", "Mirror the Cluster\'s Data Server", ConfigMirror arguments); Configuration Parameter File Reference (RACS: [Actions] ConfigMirror, CreateDatabase, CreateNamespace, ModifyService, "Action Processing Order"; [config] globals, routines, gmheap, wijdir, MaxServerConn, MaxServers; [Journal] CurrentDirectory, AlternateDirectory; [ECPServers]; [Mirrors] fields m and p; [Databases] remote mirrored database :mirror:<mirror>:<db>); High Availability Guide (GHA "Configuring Application Server Connections to a Mirror": mirror connection to the primary failover member, not the VIP; "Mirror Traffic Compression"); Web Gateway Configuration Guide (GCGI CSP.ini reference: [SYSTEM_INDEX], [<server>], [APP_PATH_INDEX], [APP_PATH:<appPath>]; "Mirrored Configurations")',
  asOf: '2026-12',
  rows: {
    sections: {
      config: ['globals', 'routines', 'gmheap', 'wijdir', 'MaxServerConn', 'MaxServers'],
      Journal: ['CurrentDirectory', 'AlternateDirectory'],
      ECPServers: ['*'],
    },
    actions: {
      ConfigMirror: ['Name', 'Member', 'Primary', 'ArbiterURL', 'SystemName', 'SSLDir', 'UseSSL', 'CompressionForAsyncMembers', 'CompressionTypeForAsyncMembers'],
      ModifyMirror: ['Name', 'CompressionForAsyncMembers', 'CompressionTypeForAsyncMembers', 'ArbiterNode', 'ArbiterPort'],
      ModifySystem: ['Name', 'AutheEnabled'],
      CreateDatabase: ['Name', 'Directory', 'MirrorSetName', 'MirrorDBName', 'Server', 'LogicalOnly'],
      CreateNamespace: ['Name', 'Globals', 'Routines'],
      ModifyDatabase: ['Name', 'MirrorSetName', 'MirrorDBName'],
      ModifyService: ['Name', 'Enabled', 'AutheEnabled'],
    },
    mirrorMembers: ['primary', 'backup', 'drasync', 'rorasync', 'rwrasync', 'auto'],
    gatewaySections: {
      SYSTEM: ['RELOAD'],
      SYSTEM_INDEX: ['*'],
      '<server>': ['Ip_Address', 'TCP_Port', 'Mirror_Aware', 'Username', 'Password'],
      APP_PATH_INDEX: ['*'],
      'APP_PATH:<path>': ['Default_Server', 'Alternative_Servers', 'Alternative_Server_*'],
    },
    docs: {
      ConfigMirror: 'RACS_configmirror; GCMF "ConfigMirror Arguments" (Name, Member, Primary, SSLDir, ArbiterURL; SystemName and any MirrorInfo property of SYS.Mirror.CreateNewMirrorSet)',
      CompressionForAsyncMembers: 'RACS [Mirrors] field m: 0 System Selected, 1 Uncompressed, 2 Compressed; field p CompressionTypeForAsyncMembers: 0 ZLIB, 1 ZSTD, 2 LZ4; Config.Mirrors property inventory',
      CreateDatabase: 'RACS_createdatabase (Name, Directory; MirrorSetName and MirrorDBName for mirrored databases; Server and LogicalOnly=1 for remote databases on an ECP client)',
      CreateNamespace: 'RACS_createnamespace (Name, Globals; Routines defaults to Globals)',
      ModifyDatabase: 'RACS_modifydatabase; GCMF: adding a database to an existing mirror with MirrorSetName and MirrorDBName, on the running primary (HealthShare HSSYS, GHA)',
      ModifyService: 'GCMF "Deploy a Distributed Cache Cluster" (ModifyService:Name=%Service_ECP,Enabled=1 on the data server); GCMF "Security Macros" (AutheEnabled=$$$AutheOS...); RACS_modifyservice',
      ModifySystem: 'RACS_modifysystem (Security.System.Modify()); GCMF "Security Macros"',
      ModifyMirror: 'RACS_modifymirror (Config.Mirrors.Modify()): changes to an existing mirror, which ConfigMirror leaves alone (RACS_configmirror: "exit if the mirror already exists without updating any properties", except ArbiterURL "for the addition of an arbiter if one was not previously configured")',
      ArbiterNode: 'RACS [Mirrors] field j ArbiterNode (network address of the arbiter) and field k ArbiterPort (its ISCAgent port, 2188 by default): the Config.Mirrors properties ModifyMirror changes on an existing mirror',
      ECPServers: 'RACS_ecpservers_n: Name=Address,Port,MirrorConnection[,SSLConfig]; MirrorConnection 1 = mirror failover member (redirects to the primary), -1 = restricted to that failover or DR async member',
      config: 'RACS [config]: globals=0,0,<8 KB MB>,0,0,0; routines=<MB>; gmheap=<KB>; wijdir; MaxServerConn (all failover and DR members the same, GHA); MaxServers (default 2)',
      Journal: 'RACS [Journal] CurrentDirectory, AlternateDirectory',
      'CSP.ini': 'GCGI CSP.ini reference: [SYSTEM_INDEX] <server>=Enabled; [<server>] Ip_Address, TCP_Port, Mirror_Aware; [APP_PATH_INDEX] <path>=Enabled; [APP_PATH:<path>] Default_Server, Alternative_Servers=LoadBalancing, Alternative_Server_<n>=1~<server>',
    },
  },
};

/**
 * Day-one memory of an InterSystems IRIS instance, per role, from the instance type's memory.
 * InterSystems documents no fixed share: the installed default (database cache = 25% of physical
 * memory) "is not appropriate for production use", and the database cache should be "a significant
 * portion of your total system memory" (System Administration Guide, "Allocating Memory to the
 * Database and Routine Caches"; System Resource Planning and Management, "Shared Memory
 * Allocations"). refarch's rule: the database cache takes `globalsShare` of memory per role (data
 * servers most, since they hold the working set; ECP application and print servers less, since
 * their user processes need private memory), the routine cache and the shared memory heap follow
 * the documented automatic rules made explicit (routines 10% of the 8 KB cache within 80..1020 MB;
 * gmheap 3% of it within 300 MB..2 GB), and the documented estimate of total shared memory
 * (globals*1.08 + routines*1.02 + gmheap + jrnbufs + (MaxServers+MaxServerConn)*2 + 300 MB) stays
 * under `maxSharedShare` of memory on every catalogued type (a test checks).
 */
export const IRIS_MEMORY: Sourced<{
  readonly globalsShare: Readonly<Record<'data' | 'ecp', number>>;
  readonly routines: { readonly shareOfGlobals: number; readonly minMB: number; readonly maxMB: number };
  readonly gmheap: { readonly shareOfGlobals: number; readonly minKB: number; readonly maxKB: number };
  readonly jrnbufsMB: number;
  readonly fixedOverheadMB: number;
  readonly globalsOverhead: number;
  readonly routinesOverhead: number;
  readonly maxSharedShare: number;
  readonly maxServersDefault: number;
  readonly maxConnections: number;
}> = {
  source:
    'InterSystems IRIS System Administration Guide ("Allocating Memory to the Database and Routine Caches": 25% default not for production); System Resource Planning and Management ("Shared Memory Allocations", "Estimating Shared Memory Total"); Configuration Parameter File Reference ([config] routines: 10% of the 8 KB cache, 80..1020 MB; gmheap: 3% of global buffers, 307,200 KB..2,097,000 KB; jrnbufs default 64 MB; MaxServers default 2, MaxServerConn/MaxServers 0..254); globalsShare is refarch\'s rule',
  asOf: '2026-12',
  rows: {
    globalsShare: { data: 0.5, ecp: 0.3 },
    routines: { shareOfGlobals: 0.1, minMB: 80, maxMB: 1020 },
    gmheap: { shareOfGlobals: 0.03, minKB: 307200, maxKB: 2097000 },
    jrnbufsMB: 64,
    fixedOverheadMB: 300,
    globalsOverhead: 1.08,
    routinesOverhead: 1.02,
    maxSharedShare: 0.7,
    maxServersDefault: 2,
    maxConnections: 254,
  },
};

/** Web Gateway routing refarch writes for the web servers (the CSP application path and how requests are spread). */
export const WEB_GATEWAY: Sourced<{ readonly appPaths: readonly string[]; readonly alternativeServers: string }> = {
  source: 'InterSystems Web Gateway Configuration Guide, CSP.ini [APP_PATH:<appPath>] (Alternative_Servers: FailOver | LoadBalancing | Disabled); /csp is the default CSP application path',
  asOf: '2026-12',
  rows: { appPaths: ['/csp'], alternativeServers: 'LoadBalancing' },
};

/** Mirror settings refarch applies to every mirror it creates. */
export const IRIS_MIRROR: Sourced<{ readonly asyncCompression: number; readonly asyncCompressionType: number; readonly ecpService: string }> = {
  source:
    'InterSystems AWS reference architecture (2016): "Journal file compression and encryption is highly recommended to be configured with these DR Asynchronous mirror members"; RACS [Mirrors] m CompressionForAsyncMembers 2 = Compressed, p CompressionTypeForAsyncMembers 1 = ZSTD; GCMF (%Service_ECP enabled on the data server)',
  asOf: '2026-12',
  rows: { asyncCompression: 2, asyncCompressionType: 1, ecpService: '%Service_ECP' },
};

/**
 * Databases and namespaces every InterSystems IRIS instance already has: a day-one CreateDatabase
 * or CreateNamespace of one of these names is skipped (actions are idempotent), so an application
 * namespace of that name would silently stay the system's.
 */
export const IRIS_SYSTEM_NAMES: Sourced<readonly string[]> = {
  source: 'InterSystems IRIS Configuration Parameter File Reference, "Sample CPF" ([Databases] and [Namespaces] of a new instance); System Administration Guide, "System-Supplied Namespaces" and "Rules for Namespace Names"',
  asOf: '2026-12',
  rows: ['%SYS', 'USER', 'IRISSYS', 'IRISSECURITY', 'IRISLIB', 'IRISTEMP', 'IRISLOCALDATA', 'IRISAUDIT', 'ENSLIB', 'IRISMETRICS', 'HSLIB', 'HSSYS', 'HSCUSTOM'],
};

/**
 * AWS limits the day-one delivery must fit (src/synth/site/day-one.ts, user-data.ts): user data is
 * counted raw, before base64; a Standard SSM parameter holds 4 KB and is free (a longer file is split
 * into several: an Advanced parameter's 8 KB is still too small for the largest Web Gateway file).
 */
export const DELIVERY_LIMITS: Sourced<{ readonly userDataBytes: number; readonly standardParameterBytes: number }> = {
  source:
    'Amazon EC2 User Guide, "Run commands when you launch an EC2 instance with user data input" (user data is limited to 16 KB, in raw form, before it is base64-encoded); AWS Systems Manager User Guide, "Managing parameter tiers" (Standard: 4 KB maximum value size, no additional charge; Advanced: 8 KB)',
  asOf: '2026-12',
  rows: { userDataBytes: 16384, standardParameterBytes: 4096 },
};

/**
 * Where day one puts things on an instance, and how long the boot script waits for what it needs.
 * The container user is the one InterSystems' IRIS images run as (irisowner, UID/GID 51773).
 */
export const DAY_ONE: Sourced<{
  readonly bootLog: string;
  readonly applyScript: string;
  readonly loader: string;
  readonly envFile: string;
  readonly stateFolder: string;
  readonly secretsFolder: string;
  readonly parameterPrefix: string;
  readonly containerName: string;
  /** docker stop --time: how long iris-main may take to shut the instance down before Docker kills it. */
  readonly containerStopSeconds: number;
  readonly containerUid: number;
  readonly containerUser: string;
  readonly kitInstallDir: string;
  readonly kitOwner: string;
  readonly kitUser: string;
  readonly fetchTries: number;
  readonly fetchSeconds: number;
  readonly privateRecordTtlSeconds: number;
}> = {
  source:
    'InterSystems IRIS "Running InterSystems Products in Containers" (irisowner UID 51773, iris-main --key and --password-file, ISC_DATA_DIRECTORY, graceful shutdown on SIGTERM: docker stop --time longer than the 10 s default; 300 s is a refarch choice); "Installation Guide: UNIX/Linux, unattended installation parameters" (ISC_PACKAGE_INSTANCENAME, _INSTALLDIR, _MGRUSER, _IRISUSER, _INITIAL_SECURITY, _USER_PASSWORD); refarch choices for paths and waits',
  asOf: '2026-12',
  rows: {
    bootLog: '/var/log/refarch-day-one.log',
    applyScript: '/opt/refarch/bin/refarch-apply',
    loader: '/opt/refarch/bin/refarch-day-one',
    envFile: '/opt/refarch/config/refarch.env',
    stateFolder: '/opt/refarch/state',
    secretsFolder: '/run',
    parameterPrefix: '/refarch',
    containerName: 'iris',
    containerStopSeconds: 300,
    containerUid: 51773,
    containerUser: 'irisowner',
    kitInstallDir: '/usr/irissys',
    kitOwner: 'irisowner',
    kitUser: 'irisusr',
    fetchTries: 120,
    fetchSeconds: 5,
    privateRecordTtlSeconds: 60,
  },
};

export { IRIS_DAY_ONE, type IrisDayOne } from './iris-day-one';
