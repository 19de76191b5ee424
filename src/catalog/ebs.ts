// EBS volume types: the limits AWS puts on each, and the I/O size instance budgets are counted in.
// Re-exported by catalog.ts.
import type { Sourced } from './sourced';

export type EbsType = 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';

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
