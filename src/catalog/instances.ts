// Instance catalog: the EC2 instance types refarch accepts, their shapes and EBS limits, the
// size slots the presets use, and which regions offer each family. Re-exported by catalog.ts.
import type { Sourced } from './sourced';

/** Families the presets and `instanceFamily` choose from (each has a type for every size slot). */
export type Family = 'm4' | 'm5' | 'm6i' | 'm7i' | 'r5' | 'r6i' | 'r7i';
/** Every family the catalog holds: the preset families, and families written as explicit types only. */
export type CatalogFamily = Family | 'r5b' | 'x2idn' | 'x2iedn' | 'c5' | 't3' | 't3a';
export type SizeSlot = 'large' | 'xlarge' | '2xlarge' | '4xlarge' | '10xlarge' | '16xlarge';

export interface InstanceSpec {
  readonly vCpu: number;
  readonly memoryGiB: number;
  /** Baseline dedicated EBS bandwidth in Mbps (the sustained figure, not burst). */
  readonly ebsMbps: number;
  /** Baseline EBS IOPS at 16 KiB I/O. */
  readonly ebsIops: number;
  /** Burst EBS bandwidth in Mbps (AWS: at least 30 minutes a day); equals ebsMbps where the type does not burst. */
  readonly ebsMaxMbps: number;
  /** Burst EBS IOPS; equals ebsIops where the type does not burst. */
  readonly ebsMaxIops: number;
  /** Nitro instances take io1/io2 up to the volume's own limit; Xen (M4) caps them at 32,000. */
  readonly nitro: boolean;
  /** Burstable types (T3, T3a): the share of each vCPU they sustain on earned CPU credits, in percent. */
  readonly baselineCpuPercent?: number;
}

/** Where a family's figures were read, and what kind of host it is. */
export interface FamilySource {
  readonly kind: 'general purpose' | 'memory optimized' | 'compute optimized' | 'burstable';
  /** Source of vCPUs, memory and EBS figures (prices: INSTANCE_PRICES). */
  readonly source: string;
  readonly asOf: string;
  /** Rows not read directly from the source, and how they were derived. */
  readonly note?: string;
}

/** size, vCPUs, GiB, baseline Mbps, burst Mbps, baseline IOPS, burst IOPS (burst = baseline where the type has none). */
type Row = readonly [size: string, vCpu: number, memoryGiB: number, ebsMbps: number, ebsMaxMbps: number, ebsIops: number, ebsMaxIops: number];

function shapes(family: CatalogFamily, nitro: boolean, rows: readonly Row[], baselineCpuPercent?: Readonly<Record<string, number>>): Record<string, InstanceSpec> {
  const out: Record<string, InstanceSpec> = {};
  for (const [size, vCpu, memoryGiB, ebsMbps, ebsMaxMbps, ebsIops, ebsMaxIops] of rows) {
    const cpu = baselineCpuPercent?.[size];
    out[`${family}.${size}`] = { vCpu, memoryGiB, ebsMbps, ebsIops, ebsMaxMbps, ebsMaxIops, nitro, ...(cpu === undefined ? {} : { baselineCpuPercent: cpu }) };
  }
  return out;
}

/** A row whose type does not burst: burst figures equal the baseline. */
const flat = (size: string, vCpu: number, memoryGiB: number, mbps: number, iops: number): Row => [size, vCpu, memoryGiB, mbps, mbps, iops, iops];

// EBS figures shared by families of one platform, sized by vCPUs (memory per vCPU differs).
// m5 / r5 (Skylake/Cascade Lake, Nitro v2): the three smallest burst to 4,750 Mbps / 18,750 IOPS.
const M5_EBS = (gibPerCpu: number): Row[] => [
  ['large', 2, 2 * gibPerCpu, 650, 4750, 3600, 18750],
  ['xlarge', 4, 4 * gibPerCpu, 1150, 4750, 6000, 18750],
  ['2xlarge', 8, 8 * gibPerCpu, 2300, 4750, 12000, 18750],
  flat('4xlarge', 16, 16 * gibPerCpu, 4750, 18750),
  flat('8xlarge', 32, 32 * gibPerCpu, 6800, 30000),
  flat('12xlarge', 48, 48 * gibPerCpu, 9500, 40000),
  flat('16xlarge', 64, 64 * gibPerCpu, 13600, 60000),
  flat('24xlarge', 96, 96 * gibPerCpu, 19000, 80000),
  flat('metal', 96, 96 * gibPerCpu, 19000, 80000),
];
// m6i / r6i / m7i / r7i (Ice Lake, Sapphire Rapids): the four smallest burst to 10,000 Mbps / 40,000 IOPS.
const M6I_SMALL = (gibPerCpu: number): Row[] => [
  ['large', 2, 2 * gibPerCpu, 650, 10000, 3600, 40000],
  ['xlarge', 4, 4 * gibPerCpu, 1250, 10000, 6000, 40000],
  ['2xlarge', 8, 8 * gibPerCpu, 2500, 10000, 12000, 40000],
  ['4xlarge', 16, 16 * gibPerCpu, 5000, 10000, 20000, 40000],
  flat('8xlarge', 32, 32 * gibPerCpu, 10000, 40000),
  flat('12xlarge', 48, 48 * gibPerCpu, 15000, 60000),
  flat('16xlarge', 64, 64 * gibPerCpu, 20000, 80000),
  flat('24xlarge', 96, 96 * gibPerCpu, 30000, 120000),
];
const M6I_LARGEST = (gibPerCpu: number): Row[] => [flat('32xlarge', 128, 128 * gibPerCpu, 40000, 160000), flat('metal', 128, 128 * gibPerCpu, 40000, 160000)];
const M7I_LARGEST = (gibPerCpu: number): Row[] => [
  flat('48xlarge', 192, 192 * gibPerCpu, 40000, 240000),
  flat('metal-24xl', 96, 96 * gibPerCpu, 30000, 120000),
  flat('metal-48xl', 192, 192 * gibPerCpu, 40000, 240000),
];
/** T3 and T3a: baseline CPU per vCPU (burstable-credits-baseline-concepts). */
const T3_BASELINE_CPU = { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 40, '2xlarge': 40 };
const T3_EBS = (nanoMbps: number, microMbps: number, smallMbps: number, mediumMbps: number): Row[] => [
  ['nano', 2, 0.5, nanoMbps, 2085, 250, 11800],
  ['micro', 2, 1, microMbps, 2085, 500, 11800],
  ['small', 2, 2, smallMbps, 2085, 1000, 11800],
  ['medium', 2, 4, mediumMbps, 2085, 2000, 11800],
  ['large', 2, 8, 695, 2780, 4000, 15700],
  ['xlarge', 4, 16, 695, 2780, 4000, 15700],
  ['2xlarge', 8, 32, 695, 2780, 4000, 15700],
];

const USER_GUIDE = 'awsdocs/amazon-ec2-user-guide @d2899614 (2023-05-11): doc_source/ebs-optimized.md (baseline and maximum Mbps and IOPS), general-purpose-instances.md, memory-optimized-instances.md, compute-optimized-instances.md (vCPUs, memory), burstable-credits-baseline-concepts.md (T3 baseline CPU)';
const TYPES_GUIDE_GP = 'Amazon EC2 Instance Types Guide, "Specifications for Amazon EC2 general purpose instances" (docs.aws.amazon.com/ec2/latest/instancetypes/gp.html: performance and Amazon EBS specifications), read 2026-12';

/** Source of each family's figures. */
export const INSTANCE_FAMILIES: Sourced<Readonly<Record<CatalogFamily, FamilySource>>> = {
  source: 'per family below; prices per region are in INSTANCE_PRICES',
  asOf: '2026-12',
  rows: {
    m4: { kind: 'general purpose', source: USER_GUIDE, asOf: '2023-05-11' },
    m5: { kind: 'general purpose', source: USER_GUIDE, asOf: '2023-05-11' },
    m6i: { kind: 'general purpose', source: USER_GUIDE, asOf: '2023-05-11' },
    m7i: { kind: 'general purpose', source: TYPES_GUIDE_GP, asOf: '2026-12' },
    r5: { kind: 'memory optimized', source: USER_GUIDE, asOf: '2023-05-11' },
    r6i: { kind: 'memory optimized', source: USER_GUIDE, asOf: '2023-05-11' },
    r7i: {
      kind: 'memory optimized',
      source: `${TYPES_GUIDE_GP} for the M7i figures R7i shares`,
      asOf: '2026-12',
      note: 'Not read from the memory optimized page (not available to the tools used): R7i is M7i\'s platform with twice the memory per vCPU (8 GiB), and its EBS figures are taken as M7i\'s of the same size. Check against docs.aws.amazon.com/ec2/latest/instancetypes/mo.html before relying on r7i.24xlarge and larger.',
    },
    r5b: { kind: 'memory optimized', source: USER_GUIDE, asOf: '2023-05-11' },
    x2idn: { kind: 'memory optimized', source: USER_GUIDE, asOf: '2023-05-11' },
    x2iedn: { kind: 'memory optimized', source: USER_GUIDE, asOf: '2023-05-11' },
    c5: { kind: 'compute optimized', source: USER_GUIDE, asOf: '2023-05-11' },
    t3: { kind: 'burstable', source: USER_GUIDE, asOf: '2023-05-11' },
    t3a: { kind: 'burstable', source: USER_GUIDE, asOf: '2023-05-11' },
  },
};

export const INSTANCE_TYPES: Sourced<Readonly<Record<string, InstanceSpec>>> = {
  source: 'AWS EC2 user guide (EBS-optimized instances; general purpose, memory optimized, compute optimized instance pages) and the EC2 Instance Types Guide; the source of each family is in INSTANCE_FAMILIES; prices per region are in INSTANCE_PRICES',
  asOf: '2026-12',
  rows: {
    ...shapes('m4', false, [
      flat('large', 2, 8, 450, 3600),
      flat('xlarge', 4, 16, 750, 6000),
      flat('2xlarge', 8, 32, 1000, 8000),
      flat('4xlarge', 16, 64, 2000, 16000),
      flat('10xlarge', 40, 160, 4000, 32000),
      flat('16xlarge', 64, 256, 10000, 65000),
    ]),
    ...shapes('m5', true, M5_EBS(4)),
    ...shapes('m6i', true, [...M6I_SMALL(4), ...M6I_LARGEST(4)]),
    ...shapes('m7i', true, [...M6I_SMALL(4), ...M7I_LARGEST(4)]),
    ...shapes('r5', true, M5_EBS(8)),
    ...shapes('r6i', true, [...M6I_SMALL(8), ...M6I_LARGEST(8)]),
    ...shapes('r7i', true, [...M6I_SMALL(8), ...M7I_LARGEST(8)]),
    ...shapes('r5b', true, [
      ['large', 2, 16, 1250, 10000, 5417, 43333],
      ['xlarge', 4, 32, 2500, 10000, 10833, 43333],
      ['2xlarge', 8, 64, 5000, 10000, 21667, 43333],
      flat('4xlarge', 16, 128, 10000, 43333),
      flat('8xlarge', 32, 256, 20000, 86667),
      flat('12xlarge', 48, 384, 30000, 130000),
      flat('16xlarge', 64, 512, 40000, 173333),
      flat('24xlarge', 96, 768, 60000, 260000),
      flat('metal', 96, 768, 60000, 260000),
    ]),
    ...shapes('x2idn', true, [
      flat('16xlarge', 64, 1024, 40000, 173333),
      flat('24xlarge', 96, 1536, 60000, 260000),
      flat('32xlarge', 128, 2048, 80000, 260000),
      flat('metal', 128, 2048, 80000, 260000),
    ]),
    ...shapes('x2iedn', true, [
      ['xlarge', 4, 128, 2500, 20000, 8125, 65000],
      ['2xlarge', 8, 256, 5000, 20000, 16250, 65000],
      ['4xlarge', 16, 512, 10000, 20000, 32500, 65000],
      flat('8xlarge', 32, 1024, 20000, 65000),
      flat('16xlarge', 64, 2048, 40000, 130000),
      flat('24xlarge', 96, 3072, 60000, 195000),
      flat('32xlarge', 128, 4096, 80000, 260000),
      flat('metal', 128, 4096, 80000, 260000),
    ]),
    ...shapes('c5', true, [
      ['large', 2, 4, 650, 4750, 4000, 20000],
      ['xlarge', 4, 8, 1150, 4750, 6000, 20000],
      ['2xlarge', 8, 16, 2300, 4750, 10000, 20000],
      flat('4xlarge', 16, 32, 4750, 20000),
      flat('9xlarge', 36, 72, 9500, 40000),
      flat('12xlarge', 48, 96, 9500, 40000),
      flat('18xlarge', 72, 144, 19000, 80000),
      flat('24xlarge', 96, 192, 19000, 80000),
      flat('metal', 96, 192, 19000, 80000),
    ]),
    ...shapes('t3', true, T3_EBS(43, 87, 174, 347), T3_BASELINE_CPU),
    ...shapes('t3a', true, T3_EBS(45, 90, 175, 350), T3_BASELINE_CPU),
  },
};

/** The family of a catalog type ("r6i" of "r6i.32xlarge"). */
export function catalogFamilyOf(instanceType: string): string {
  return instanceType.split('.')[0] ?? instanceType;
}

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

/**
 * Instance families each region offers, for the families the catalog knows. `true`: offered
 * there; `false`: not offered; absent: not known (the rule then says nothing).
 *
 * Read from SkyPilot's AWS catalog (skypilot-org/skypilot-catalog, catalogs/v8/aws/vms.csv at
 * commit 00148f2af3672e2229b4f7bf8157d5a3f36e3c35), which lists every instance type offered per
 * availability zone (EC2 DescribeInstanceTypeOfferings) in 24 regions: a family is `true` where
 * its types are listed in at least two zones of the region, `false` where they are not listed. (Karpenter's
 * generated price table, the first candidate, carries us-east-1 only since 2023.) Two zones, not
 * three, as the first reading had it: the source lists only two zones of us-west-1 (usw1-az1,
 * usw1-az3) for m7i, r5, r6i and r7i alike, and two of eu-south-1 for m7i (eus1-az1, eus1-az3). m4 in ap-northeast-3 is listed in one zone only
 * (apne3-az3) and without m4.10xlarge: `false`.
 *
 * Every type read of a family lists the same regions. Of the 24, m5 and r5 are listed in all; m4
 * in 13; m6i in all but eu-south-2 and ap-southeast-4; m7i in all but af-south-1 and me-south-1;
 * r6i in all but ap-southeast-3, ap-southeast-4 and eu-south-2; r7i in all but af-south-1,
 * ap-east-1, me-central-1 and me-south-1.
 *
 * Regions the source lacks (sa-east-1, eu-central-2, il-central-1, ca-west-1, ap-south-2,
 * mx-central-1, ap-southeast-5/6/7, ap-east-2): m5 is listed in every one of the 24 regions, so it
 * is taken as offered everywhere; m4 is listed in no region opened after 2016, so it is taken as
 * not offered in those opened since 2022 (sa-east-1, opened 2011, stays unknown). m7i, r5, r6i and
 * r7i are unknown there: the source is silent, and no inference is drawn for them.
 */
export const INSTANCE_AVAILABILITY: Sourced<Readonly<Record<string, Readonly<Partial<Record<Family, boolean>>>>>> = (() => {
  /** A region the source lists: every catalog family offered except those it does not list there. */
  const listedBut = (...notListed: Family[]): Partial<Record<Family, boolean>> => {
    const row: Partial<Record<Family, boolean>> = { m4: true, m5: true, m6i: true, m7i: true, r5: true, r6i: true, r7i: true };
    for (const f of notListed) row[f] = false;
    return row;
  };
  const opened2022On: Partial<Record<Family, boolean>> = { m4: false, m5: true };
  return {
    source:
      'skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv (commit 00148f2af3672e2229b4f7bf8157d5a3f36e3c35, EC2 instance type offerings per zone), rows m4.2xlarge to m4.16xlarge, m5.large, m5.8xlarge, m6i.xlarge, m7i.12xlarge, m7i.metal-24xl to m7i.xlarge, r5.12xlarge to r5.24xlarge, r6i.8xlarge to r6i.xlarge, r7i.12xlarge to r7i.24xlarge, r7i.large to r7i.xlarge; inferences for regions it lacks as described above',
    asOf: '2026-12',
    rows: {
      'us-east-1': listedBut(),
      'us-east-2': listedBut(),
      'us-west-1': listedBut(),
      'us-west-2': listedBut(),
      'ca-central-1': listedBut(),
      'eu-west-1': listedBut(),
      'eu-west-2': listedBut(),
      'eu-central-1': listedBut(),
      'ap-northeast-1': listedBut(),
      'ap-northeast-2': listedBut(),
      'ap-south-1': listedBut(),
      'ap-southeast-1': listedBut(),
      'ap-southeast-2': listedBut(),
      'ap-northeast-3': listedBut('m4'),
      'eu-west-3': listedBut('m4'),
      'eu-north-1': listedBut('m4'),
      'eu-south-1': listedBut('m4'),
      'eu-south-2': listedBut('m4', 'm6i', 'r6i'),
      'af-south-1': listedBut('m4', 'm7i', 'r7i'),
      'ap-east-1': listedBut('m4', 'r7i'),
      'ap-southeast-3': listedBut('m4', 'r6i'),
      'ap-southeast-4': listedBut('m4', 'm6i', 'r6i'),
      'me-central-1': listedBut('m4', 'r7i'),
      'me-south-1': listedBut('m4', 'm7i', 'r7i'),
      'sa-east-1': { m5: true },
      'eu-central-2': opened2022On,
      'il-central-1': opened2022On,
      'ca-west-1': opened2022On,
      'ap-south-2': opened2022On,
      'mx-central-1': opened2022On,
      'ap-southeast-5': opened2022On,
      'ap-southeast-6': opened2022On,
      'ap-southeast-7': opened2022On,
      'ap-east-2': opened2022On,
    },
  };
})();
