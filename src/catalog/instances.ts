// Instance catalog: the EC2 instance types refarch accepts, their shapes and EBS limits, the
// size slots the presets use, and which regions offer each family. Re-exported by catalog.ts.
import type { Sourced } from './sourced';

export type Family = 'm4' | 'm5' | 'm6i' | 'm7i' | 'r5' | 'r6i' | 'r7i';
export type SizeSlot = 'large' | 'xlarge' | '2xlarge' | '4xlarge' | '10xlarge' | '16xlarge';

export interface InstanceSpec {
  readonly vCpu: number;
  readonly memoryGiB: number;
  /** Baseline dedicated EBS bandwidth in Mbps (the sustained figure, not burst). */
  readonly ebsMbps: number;
  /** Baseline EBS IOPS at 16 KiB I/O. */
  readonly ebsIops: number;
  /** Nitro instances take io1/io2 up to the volume's own limit; Xen (M4) caps them at 32,000. */
  readonly nitro: boolean;
}

function shapes(
  family: string,
  nitro: boolean,
  rows: ReadonlyArray<readonly [size: string, vCpu: number, memoryGiB: number, ebsMbps: number, ebsIops: number]>,
): Record<string, InstanceSpec> {
  const out: Record<string, InstanceSpec> = {};
  for (const [size, vCpu, memoryGiB, ebsMbps, ebsIops] of rows) {
    out[`${family}.${size}`] = { vCpu, memoryGiB, ebsMbps, ebsIops, nitro };
  }
  return out;
}

// m5 and m6i EBS baselines; r5/r6i share them (twice the memory), m7i/r7i share m6i's.
const M5_EBS = [[650, 3600], [1150, 6000], [2300, 12000], [4750, 18750], [6800, 30000], [9500, 40000], [13600, 60000]] as const;
const M6I_EBS = [[650, 3600], [1250, 6000], [2500, 12000], [5000, 20000], [10000, 40000], [15000, 60000], [20000, 80000]] as const;
const MODERN_SIZES = [['large', 2], ['xlarge', 4], ['2xlarge', 8], ['4xlarge', 16], ['8xlarge', 32], ['12xlarge', 48], ['16xlarge', 64]] as const;

function modern(family: string, ebs: typeof M5_EBS | typeof M6I_EBS, memoryPerCpu: number) {
  return shapes(
    family,
    true,
    MODERN_SIZES.map(([size, vCpu], i) => [size, vCpu, vCpu * memoryPerCpu, ebs[i]![0], ebs[i]![1]] as const),
  );
}

export const INSTANCE_TYPES: Sourced<Readonly<Record<string, InstanceSpec>>> = {
  source: 'AWS EC2 user guide (EBS-optimized instances; general-purpose and memory-optimized instance pages); prices per region are in INSTANCE_PRICES',
  asOf: '2026-07',
  rows: {
    ...shapes('m4', false, [
      ['large', 2, 8, 450, 3600],
      ['xlarge', 4, 16, 750, 6000],
      ['2xlarge', 8, 32, 1000, 8000],
      ['4xlarge', 16, 64, 2000, 16000],
      ['10xlarge', 40, 160, 4000, 32000],
      ['16xlarge', 64, 256, 10000, 65000],
    ]),
    ...modern('m5', M5_EBS, 4),
    ...modern('m6i', M6I_EBS, 4),
    ...modern('m7i', M6I_EBS, 4),
    ...modern('r5', M5_EBS, 8),
    ...modern('r6i', M6I_EBS, 8),
    ...modern('r7i', M6I_EBS, 8),
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
