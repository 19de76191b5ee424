// The catalog: every AWS and InterSystems fact the compiler uses, as data. Each table names its
// source and the date its figures were taken. Code elsewhere reads these tables; it never repeats
// a figure as a literal.

export interface Sourced<T> {
  readonly source: string;
  readonly asOf: string;
  readonly rows: T;
}

export type EbsType = 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
export type Family = 'm4' | 'm5' | 'm6i' | 'm7i' | 'r5' | 'r6i' | 'r7i';
export type SizeSlot = 'large' | 'xlarge' | '2xlarge' | '4xlarge' | '10xlarge' | '16xlarge';
export type Profile = 'trakcare' | 'healthshare' | 'cache';
export type SizePreset = 'small' | 'medium' | 'large' | 'xlarge';

export interface InstanceSpec {
  readonly vCpu: number;
  readonly memoryGiB: number;
  /** Baseline dedicated EBS bandwidth in Mbps (the sustained figure, not burst). */
  readonly ebsMbps: number;
  /** Baseline EBS IOPS at 16 KiB I/O. */
  readonly ebsIops: number;
  /** Nitro instances take io1/io2 up to the volume's own limit; Xen (M4) caps them at 32,000. */
  readonly nitro: boolean;
  /** On-demand Linux price, USD per hour, us-east-1. */
  readonly usdPerHour: number;
}

function shapes(
  family: string,
  nitro: boolean,
  rows: ReadonlyArray<readonly [size: string, vCpu: number, memoryGiB: number, ebsMbps: number, ebsIops: number, usdPerHour: number]>,
): Record<string, InstanceSpec> {
  const out: Record<string, InstanceSpec> = {};
  for (const [size, vCpu, memoryGiB, ebsMbps, ebsIops, usdPerHour] of rows) {
    out[`${family}.${size}`] = { vCpu, memoryGiB, ebsMbps, ebsIops, nitro, usdPerHour };
  }
  return out;
}

// m5 and m6i EBS baselines; r5/r6i share them (twice the memory), m7i/r7i share m6i's.
const M5_EBS = [[650, 3600], [1150, 6000], [2300, 12000], [4750, 18750], [6800, 30000], [9500, 40000], [13600, 60000]] as const;
const M6I_EBS = [[650, 3600], [1250, 6000], [2500, 12000], [5000, 20000], [10000, 40000], [15000, 60000], [20000, 80000]] as const;
const MODERN_SIZES = [['large', 2], ['xlarge', 4], ['2xlarge', 8], ['4xlarge', 16], ['8xlarge', 32], ['12xlarge', 48], ['16xlarge', 64]] as const;

function modern(family: string, ebs: typeof M5_EBS | typeof M6I_EBS, memoryPerCpu: number, prices: readonly number[]) {
  return shapes(
    family,
    true,
    MODERN_SIZES.map(([size, vCpu], i) => [size, vCpu, vCpu * memoryPerCpu, ebs[i]![0], ebs[i]![1], prices[i]!] as const),
  );
}

export const INSTANCE_TYPES: Sourced<Readonly<Record<string, InstanceSpec>>> = {
  source:
    'AWS EC2 user guide (EBS-optimized instances; general-purpose and memory-optimized instance pages); prices from Karpenter generated price tables, us-east-1 on-demand Linux',
  asOf: '2026-07',
  rows: {
    ...shapes('m4', false, [
      ['large', 2, 8, 450, 3600, 0.1],
      ['xlarge', 4, 16, 750, 6000, 0.2],
      ['2xlarge', 8, 32, 1000, 8000, 0.4],
      ['4xlarge', 16, 64, 2000, 16000, 0.8],
      ['10xlarge', 40, 160, 4000, 32000, 2.0],
      ['16xlarge', 64, 256, 10000, 65000, 3.2],
    ]),
    ...modern('m5', M5_EBS, 4, [0.096, 0.192, 0.384, 0.768, 1.536, 2.304, 3.072]),
    ...modern('m6i', M6I_EBS, 4, [0.096, 0.192, 0.384, 0.768, 1.536, 2.304, 3.072]),
    ...modern('m7i', M6I_EBS, 4, [0.1008, 0.2016, 0.4032, 0.8064, 1.6128, 2.4192, 3.2256]),
    ...modern('r5', M5_EBS, 8, [0.126, 0.252, 0.504, 1.008, 2.016, 3.024, 4.032]),
    ...modern('r6i', M6I_EBS, 8, [0.126, 0.252, 0.504, 1.008, 2.016, 3.024, 4.032]),
    ...modern('r7i', M6I_EBS, 8, [0.1323, 0.2646, 0.5292, 1.0584, 2.1168, 3.1752, 4.2336]),
  },
};

/** Which type of a family stands for each size slot of the presets (m4's 10xlarge has no exact twin). */
export const FAMILY_SIZES: Sourced<Readonly<Record<Family, Readonly<Record<SizeSlot, string>>>>> = {
  source: 'refarch presets: nearest size of the family with at least the M4 slot\'s vCPUs',
  asOf: '2026-11',
  rows: {
    m4: { large: 'large', xlarge: 'xlarge', '2xlarge': '2xlarge', '4xlarge': '4xlarge', '10xlarge': '10xlarge', '16xlarge': '16xlarge' },
    m5: { large: 'large', xlarge: 'xlarge', '2xlarge': '2xlarge', '4xlarge': '4xlarge', '10xlarge': '12xlarge', '16xlarge': '16xlarge' },
    m6i: { large: 'large', xlarge: 'xlarge', '2xlarge': '2xlarge', '4xlarge': '4xlarge', '10xlarge': '12xlarge', '16xlarge': '16xlarge' },
    m7i: { large: 'large', xlarge: 'xlarge', '2xlarge': '2xlarge', '4xlarge': '4xlarge', '10xlarge': '12xlarge', '16xlarge': '16xlarge' },
    r5: { large: 'large', xlarge: 'xlarge', '2xlarge': '2xlarge', '4xlarge': '4xlarge', '10xlarge': '12xlarge', '16xlarge': '16xlarge' },
    r6i: { large: 'large', xlarge: 'xlarge', '2xlarge': '2xlarge', '4xlarge': '4xlarge', '10xlarge': '12xlarge', '16xlarge': '16xlarge' },
    r7i: { large: 'large', xlarge: 'xlarge', '2xlarge': '2xlarge', '4xlarge': '4xlarge', '10xlarge': '12xlarge', '16xlarge': '16xlarge' },
  },
};

export interface EbsLimits {
  readonly minGiB: number;
  readonly maxGiB: number;
  /** Provisioned IOPS range; absent where the type takes no iops argument. */
  readonly iops?: { readonly min: number; readonly max: number; readonly maxNonNitro?: number; readonly perGiB: number };
  /** Provisioned throughput range in MiB/s; absent where the type takes no throughput argument. */
  readonly throughput?: { readonly min: number; readonly max: number; readonly perIops: number };
  /** IOPS and MiB/s a volume of this type gets without provisioning (for instance budgets). */
  readonly baseline: { readonly iopsPerGiB?: number; readonly minIops: number; readonly maxIops: number; readonly maxMiBps: number };
  /** Included IOPS/throughput (gp3): what the volume gets when iops/throughput are left out. */
  readonly included?: { readonly iops: number; readonly throughputMiBps: number };
  /** Bursting volumes (gp2, standard) have a BurstBalance metric worth an alarm. */
  readonly bursts: boolean;
}

export const EBS_VOLUME_TYPES: Sourced<Readonly<Record<EbsType, EbsLimits>>> = {
  source: 'botocore EC2 service model CreateVolumeRequest; AWS EBS user guide, volume types pages',
  asOf: '2026-08',
  rows: {
    standard: { minGiB: 1, maxGiB: 1024, baseline: { minIops: 100, maxIops: 100, maxMiBps: 90 }, bursts: true },
    gp2: { minGiB: 1, maxGiB: 16384, baseline: { iopsPerGiB: 3, minIops: 100, maxIops: 16000, maxMiBps: 250 }, bursts: true },
    gp3: {
      minGiB: 1,
      maxGiB: 65536,
      iops: { min: 3000, max: 80000, perGiB: 500 },
      throughput: { min: 125, max: 2000, perIops: 0.25 },
      baseline: { minIops: 3000, maxIops: 80000, maxMiBps: 2000 },
      included: { iops: 3000, throughputMiBps: 125 },
      bursts: false,
    },
    io1: { minGiB: 4, maxGiB: 16384, iops: { min: 100, max: 64000, maxNonNitro: 32000, perGiB: 50 }, baseline: { minIops: 100, maxIops: 64000, maxMiBps: 1000 }, bursts: false },
    io2: { minGiB: 4, maxGiB: 65536, iops: { min: 100, max: 256000, maxNonNitro: 32000, perGiB: 1000 }, baseline: { minIops: 100, maxIops: 256000, maxMiBps: 4000 }, bursts: false },
    st1: { minGiB: 125, maxGiB: 16384, baseline: { minIops: 500, maxIops: 500, maxMiBps: 500 }, bursts: false },
    sc1: { minGiB: 125, maxGiB: 16384, baseline: { minIops: 250, maxIops: 250, maxMiBps: 250 }, bursts: false },
  },
};

/** I/O size used to turn IOPS into bandwidth when summing volumes against an instance's EBS limit. */
export const EBS_BUDGET_IO_KIB: Sourced<number> = {
  source: 'AWS EC2 user guide, EBS-optimized instances: maximum IOPS are quoted at 16 KiB I/O',
  asOf: '2026-07',
  rows: 16,
};

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
export const AWS_NAME_LIMITS: Sourced<{ readonly loadBalancer: number; readonly targetGroup: number; readonly iamRole: number; readonly s3Bucket: number }> = {
  source: 'Elastic Load Balancing API reference (CreateLoadBalancer, CreateTargetGroup: Name up to 32 characters); IAM quotas (role name 64); S3 bucket naming rules (63)',
  asOf: '2026-11',
  rows: { loadBalancer: 32, targetGroup: 32, iamRole: 64, s3Bucket: 63 },
};

/** Terraform and provider versions the output pins. */
export const TOOLCHAIN: Sourced<{ terraformRequiredVersion: string; awsProviderVersion: string }> = {
  source: '@cdktf/provider-aws 21.22.1 wraps hashicorp/aws 6.25.0; S3 native state locking needs Terraform >= 1.10',
  asOf: '2026-11',
  rows: { terraformRequiredVersion: '>= 1.10', awsProviderVersion: '6.25.0' },
};

export interface PriceTable {
  readonly currency: 'USD';
  readonly hoursPerMonth: number;
  readonly ebsPerGiBMonth: Readonly<Record<EbsType, number>>;
  readonly gp3IopsMonthOver3000: number;
  readonly gp3MiBpsMonthOver125: number;
  readonly ioIopsMonth: number;
  readonly snapshotPerGiBMonth: number;
  readonly albHour: number;
  readonly nlbHour: number;
  readonly classicElbHour: number;
  readonly natGatewayHour: number;
  readonly vpnConnectionHour: number;
  readonly route53ZoneMonth: number;
  readonly route53HealthCheckMonth: number;
  readonly route53HealthCheckOptionMonth: number;
  readonly cloudwatchAlarmMonth: number;
}

export const PRICES: Sourced<PriceTable> & { readonly region: string } = {
  source: 'Infracost us-east-1 golden test outputs; Karpenter price table (on-demand)',
  asOf: '2026-07',
  region: 'us-east-1',
  rows: {
    currency: 'USD',
    hoursPerMonth: 730,
    ebsPerGiBMonth: { gp2: 0.1, gp3: 0.08, io1: 0.125, io2: 0.125, standard: 0.05, st1: 0.045, sc1: 0.015 },
    gp3IopsMonthOver3000: 0.005,
    gp3MiBpsMonthOver125: 0.04,
    ioIopsMonth: 0.065,
    snapshotPerGiBMonth: 0.05,
    albHour: 0.0225,
    nlbHour: 0.0225,
    classicElbHour: 0.025,
    natGatewayHour: 0.045,
    vpnConnectionHour: 0.05,
    route53ZoneMonth: 0.5,
    route53HealthCheckMonth: 0.5,
    route53HealthCheckOptionMonth: 1.0,
    cloudwatchAlarmMonth: 0.1,
  },
};

/** Availability zones per region, for the AZ-belongs-to-region rule (letters AWS offers to accounts). */
export const REGIONS: Sourced<Readonly<Record<string, readonly string[]>>> = {
  source: 'AWS regions and zones documentation (zone letters commonly offered; account mappings vary)',
  asOf: '2026-11',
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
 * AWS limits the day-one delivery must fit (src/synth/site/day-one.ts, user-data.ts): user data is
 * counted raw, before base64; a Standard SSM parameter holds 4 KB and is free, an Advanced one 8 KB.
 */
export const DELIVERY_LIMITS: Sourced<{ readonly userDataBytes: number; readonly standardParameterBytes: number; readonly advancedParameterBytes: number }> = {
  source:
    'Amazon EC2 User Guide, "Run commands when you launch an EC2 instance with user data input" (user data is limited to 16 KB, in raw form, before it is base64-encoded); AWS Systems Manager User Guide, "Managing parameter tiers" (Standard: 4 KB maximum value size, no additional charge; Advanced: 8 KB)',
  asOf: '2026-12',
  rows: { userDataBytes: 16384, standardParameterBytes: 4096, advancedParameterBytes: 8192 },
};

/**
 * Where day one puts things on an instance, and how long the boot script waits for what it needs.
 * The container user is the one InterSystems' IRIS images run as (irisowner, UID/GID 51773).
 */
export const DAY_ONE: Sourced<{
  readonly bootLog: string;
  readonly applyScript: string;
  readonly envFile: string;
  readonly stateFolder: string;
  readonly secretsFolder: string;
  readonly parameterPrefix: string;
  readonly containerName: string;
  readonly containerUid: number;
  readonly kitInstallDir: string;
  readonly kitOwner: string;
  readonly kitUser: string;
  readonly fetchTries: number;
  readonly fetchSeconds: number;
  readonly privateRecordTtlSeconds: number;
}> = {
  source:
    'InterSystems IRIS "Running InterSystems Products in Containers" (irisowner UID 51773, iris-main --key and --password-file, ISC_DATA_DIRECTORY); "Installation Guide: UNIX/Linux, unattended installation parameters" (ISC_PACKAGE_INSTANCENAME, _INSTALLDIR, _MGRUSER, _IRISUSER, _INITIAL_SECURITY, _USER_PASSWORD); refarch choices for paths and waits',
  asOf: '2026-12',
  rows: {
    bootLog: '/var/log/refarch-day-one.log',
    applyScript: '/opt/refarch/bin/refarch-apply',
    envFile: '/opt/refarch/config/refarch.env',
    stateFolder: '/opt/refarch/state',
    secretsFolder: '/run',
    parameterPrefix: '/refarch',
    containerName: 'iris',
    containerUid: 51773,
    kitInstallDir: '/usr/irissys',
    kitOwner: 'irisowner',
    kitUser: 'irisusr',
    fetchTries: 120,
    fetchSeconds: 5,
    privateRecordTtlSeconds: 60,
  },
};
