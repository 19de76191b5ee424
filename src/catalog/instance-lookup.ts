// Questions asked of the instance catalog by more than one stage: which catalog types come
// nearest to a shape (vCPUs, memory, EBS bandwidth), which is the smallest that carries an EBS
// load, and which size is one step smaller. Figures come from instances.ts only.
import { catalogFamilyOf, INSTANCE_TYPES, type InstanceSpec } from './instances';

/** What a type asks of the hardware; EBS bandwidth only where it is known (a catalog type). */
export interface Shape {
  readonly vCpu: number;
  readonly memoryGiB: number;
  readonly ebsMbps?: number;
}

const ROWS = Object.entries(INSTANCE_TYPES.rows);

/** Bare-metal sizes (`metal`, `metal-24xl`): the same figures as the largest virtual size, rarely what is meant. */
export const isMetal = (instanceType: string): boolean => instanceType.split('.')[1]?.startsWith('metal') === true;
export const isBurstable = (spec: InstanceSpec): boolean => spec.baselineCpuPercent !== undefined;

/** vCPUs a size name stands for across EC2 (large = 2, xlarge = 4, Nxlarge = 4N); undefined for names that are not sizes. */
function vCpusOfSize(size: string): number | undefined {
  if (size === 'nano' || size === 'micro' || size === 'small' || size === 'medium' || size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const m = /^(\d+)xlarge$/.exec(size) ?? /^metal-(\d+)xl$/.exec(size);
  return m ? Number(m[1]) * 4 : undefined;
}

/** GiB per vCPU of a family the catalog lacks, from EC2's naming: the letter before the generation. */
const GIB_PER_VCPU_BY_CLASS: Readonly<Record<string, number>> = { c: 2, m: 4, t: 4, r: 8, z: 8, i: 8, d: 8, x: 16, u: 96 };

/**
 * The shape an instance type name stands for: the catalog's figures for a catalog type; for
 * another name of the usual `family.size` form, the vCPUs its size means and the memory per vCPU of
 * its family (the catalog's, where it holds the family) or class letter. Undefined when the name
 * is not of that form (a typo: callers then fall back to spelling).
 */
export function shapeOf(instanceType: string): Shape | undefined {
  const known = Object.prototype.hasOwnProperty.call(INSTANCE_TYPES.rows, instanceType) ? INSTANCE_TYPES.rows[instanceType] : undefined;
  if (known) return known;
  const dot = instanceType.indexOf('.');
  if (dot <= 0) return undefined;
  const family = instanceType.slice(0, dot);
  const size = instanceType.slice(dot + 1);
  const vCpu = vCpusOfSize(size);
  if (vCpu === undefined) return undefined;
  const sameFamily = ROWS.filter(([t]) => catalogFamilyOf(t) === family);
  const ratio = sameFamily.length > 0 ? sameFamily[sameFamily.length - 1]![1].memoryGiB / sameFamily[sameFamily.length - 1]![1].vCpu : GIB_PER_VCPU_BY_CLASS[family[0]!];
  if (ratio === undefined) return undefined;
  return { vCpu, memoryGiB: vCpu * ratio };
}

/** How far apart two shapes are: doublings of vCPUs plus doublings of memory (plus half of EBS bandwidth's, where both know it). */
function shapeDistance(a: Shape, b: Shape): number {
  const d = (x: number, y: number): number => Math.abs(Math.log2(x / y));
  return d(a.vCpu, b.vCpu) + d(a.memoryGiB, b.memoryGiB) + (a.ebsMbps !== undefined && b.ebsMbps !== undefined ? d(a.ebsMbps, b.ebsMbps) / 2 : 0);
}

/**
 * Up to `count` catalog types nearest to `target` by shape: fewest doublings of vCPUs and memory
 * away (and of EBS bandwidth, where the target's is known); among equals one of `family` first,
 * then the one with more EBS bandwidth, then catalog order. Bare-metal and burstable types are left out unless asked for
 * (`burstable`), and `exclude` is never returned.
 */
export function nearestByShape(target: Shape, count: number, options: { readonly burstable?: boolean; readonly exclude?: string; readonly family?: string } = {}): string[] {
  const other = (t: string): number => Number(options.family !== undefined && catalogFamilyOf(t) !== options.family);
  return ROWS.filter(([t, spec]) => t !== options.exclude && !isMetal(t) && (options.burstable === true || !isBurstable(spec)))
    .map(([t, spec], order) => ({ t, spec, order, d: shapeDistance(target, spec) }))
    .sort((a, b) => a.d - b.d || other(a.t) - other(b.t) || b.spec.ebsMbps - a.spec.ebsMbps || a.order - b.order)
    .slice(0, count)
    .map((x) => x.t);
}

/** Whether a type's baseline EBS figures carry `iops` and `mibps` (MiB/s; the type's figure is Mbps). */
const carries = (spec: InstanceSpec, iops: number, mibps: number): boolean => spec.ebsIops >= iops && (spec.ebsMbps * 1_000_000) / 8 / (1024 * 1024) >= mibps - 1e-9;

/**
 * The smallest catalog type whose baseline EBS figures carry the load: of the same family where
 * one does, otherwise of any fixed-performance family, no smaller than `instanceType` in vCPUs and
 * memory. Smallest = fewest vCPUs, then least memory, then the lower EBS figures; virtual sizes
 * before bare metal. Undefined when no catalogued type carries it.
 */
export function smallestFitting(instanceType: string, iops: number, mibps: number): string | undefined {
  const current = INSTANCE_TYPES.rows[instanceType];
  const order = (a: [string, InstanceSpec], b: [string, InstanceSpec]): number =>
    Number(isMetal(a[0])) - Number(isMetal(b[0])) || a[1].vCpu - b[1].vCpu || a[1].memoryGiB - b[1].memoryGiB || a[1].ebsIops - b[1].ebsIops || a[1].ebsMbps - b[1].ebsMbps;
  const family = catalogFamilyOf(instanceType);
  const sameFamily = ROWS.filter(([t, spec]) => catalogFamilyOf(t) === family && carries(spec, iops, mibps)).sort(order)[0];
  if (sameFamily) return sameFamily[0];
  const any = ROWS.filter(
    ([, spec]) => !isBurstable(spec) && carries(spec, iops, mibps) && (current === undefined || (spec.vCpu >= current.vCpu && spec.memoryGiB >= current.memoryGiB)),
  ).sort(order)[0];
  return any?.[0];
}

/** The catalog types with the most baseline EBS IOPS and the most bandwidth (what "none fits" is measured against). */
export function largestEbs(): { readonly iops: string; readonly mbps: string } {
  const byIops = [...ROWS].sort((a, b) => b[1].ebsIops - a[1].ebsIops || b[1].ebsMbps - a[1].ebsMbps)[0]![0];
  const byMbps = [...ROWS].sort((a, b) => b[1].ebsMbps - a[1].ebsMbps || b[1].ebsIops - a[1].ebsIops)[0]![0];
  return { iops: byIops, mbps: byMbps };
}

/** The next smaller virtual size of the same catalog family (r6i.32xlarge -> r6i.24xlarge); the type itself when it is the smallest. */
export function nextSmallerInFamily(instanceType: string): string {
  const spec = INSTANCE_TYPES.rows[instanceType];
  if (spec === undefined) return instanceType;
  const family = catalogFamilyOf(instanceType);
  const smaller = ROWS.filter(([t, s]) => catalogFamilyOf(t) === family && !isMetal(t) && s.vCpu < spec.vCpu).sort((a, b) => b[1].vCpu - a[1].vCpu || b[1].memoryGiB - a[1].memoryGiB)[0];
  return smaller?.[0] ?? instanceType;
}
