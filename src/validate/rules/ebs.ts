// EBS rules: each database volume against its type's limits (size, IOPS, throughput and their
// ratios), io1/io2 on non-Nitro instances, and every instance's summed volume demand against the
// EBS IOPS and bandwidth the instance type delivers. All figures come from the catalog.
import { catalogFamilyOf, EBS_BUDGET_IO_KIB, EBS_VOLUME_TYPES, INSTANCE_TYPES, type EbsType } from '../../catalog/catalog';
import { largestEbs, smallestFitting } from '../../catalog/instance-lookup';
import { sites, type InstanceModel, type SpecPath, type VolumeModel } from '../../model/model';
import type { RawVolumes } from '../../spec/types';
import { formatPath, type Finding, type FindingParams } from '../../model/diagnostics';
import type { Rule, RuleContext } from './rule';
import { dedupe, error, fmt, instanceSpec, listText, mbpsToMiBps, warning } from './util';

interface Placed {
  readonly volume: VolumeModel;
  readonly instance: InstanceModel;
}

/** Every database volume of every member, with the member that carries it. */
function placedVolumes(context: RuleContext): Placed[] {
  const out: Placed[] = [];
  for (const site of sites(context.model)) {
    for (const instance of site.instances) {
      for (const volume of instance.volumes) out.push({ volume, instance });
    }
  }
  return out;
}

const at = (volume: VolumeModel, field: string): SpecPath => [...volume.specPath, field];

function volumeLimitFindings(volume: VolumeModel): Finding[] {
  return [...sizeFindings(volume), ...iopsFindings(volume), ...throughputFindings(volume)];
}

/** Size within the type's range. */
function sizeFindings(volume: VolumeModel): Finding[] {
  const limits = EBS_VOLUME_TYPES.rows[volume.type];
  const out: Finding[] = [];
  const what = `${volume.type} volume "${volume.purpose}"`;
  if (volume.sizeGiB < limits.minGiB || volume.sizeGiB > limits.maxGiB) {
    out.push(
      error(
        'ebs.size-range',
        at(volume, 'sizeGiB'),
        `${what} is ${fmt(volume.sizeGiB)} GiB; ${volume.type} volumes are ${fmt(limits.minGiB)} to ${fmt(limits.maxGiB)} GiB`,
        `set sizeGiB between ${fmt(limits.minGiB)} and ${fmt(limits.maxGiB)}, or choose a volume type that allows ${fmt(volume.sizeGiB)} GiB`,
        { value: volume.sizeGiB, limit: { min: limits.minGiB, max: limits.maxGiB }, unit: 'GiB' },
      ),
    );
  }
  return out;
}

/** Provisioned IOPS: taken at all, within range, within the per-GiB ratio. */
function iopsFindings(volume: VolumeModel): Finding[] {
  const limits = EBS_VOLUME_TYPES.rows[volume.type];
  const out: Finding[] = [];
  const what = `${volume.type} volume "${volume.purpose}"`;
  if (limits.iops === undefined) {
    if (volume.iops !== undefined) {
      out.push(
        error(
          'ebs.iops-not-supported',
          at(volume, 'iops'),
          `${what} has iops ${fmt(volume.iops)}, but ${volume.type} takes no provisioned IOPS${limits.baseline.iopsPerGiB ? ` (it gets ${fmt(limits.baseline.iopsPerGiB)} IOPS per GiB)` : ''}`,
          `remove iops, or use type gp3, io1 or io2 to provision IOPS`,
          { value: volume.iops, unit: 'IOPS' },
        ),
      );
    }
  } else if (volume.iops !== undefined) {
    const { min, max, perGiB } = limits.iops;
    if (volume.iops < min || volume.iops > max) {
      out.push(
        error('ebs.iops-range', at(volume, 'iops'), `${what} has ${fmt(volume.iops)} IOPS; ${volume.type} takes ${fmt(min)} to ${fmt(max)}`, `set iops between ${fmt(min)} and ${fmt(max)}`, {
          value: volume.iops,
          limit: { min, max },
          unit: 'IOPS',
        }),
      );
    }
    // gp3's included IOPS come with any size; the ratio limits what is provisioned above them.
    const allowed = Math.max(perGiB * volume.sizeGiB, limits.included?.iops ?? 0);
    if (volume.iops > allowed && volume.iops <= max) {
      const neededGiB = Math.ceil(volume.iops / perGiB);
      out.push(
        error(
          'ebs.iops-ratio',
          at(volume, 'iops'),
          `${what} has ${fmt(volume.iops)} IOPS on ${fmt(volume.sizeGiB)} GiB; ${volume.type} allows ${fmt(perGiB)} IOPS per GiB, so at most ${fmt(allowed)} at this size`,
          `lower iops to ${fmt(allowed)} or raise sizeGiB to ${fmt(neededGiB)}`,
          { value: volume.iops, limit: allowed, unit: 'IOPS' },
        ),
      );
    }
  }
  return out;
}

/** Provisioned throughput: taken at all (gp3 only), within range, within the per-IOPS ratio. */
function throughputFindings(volume: VolumeModel): Finding[] {
  const limits = EBS_VOLUME_TYPES.rows[volume.type];
  const out: Finding[] = [];
  const what = `${volume.type} volume "${volume.purpose}"`;
  if (limits.throughput === undefined) {
    if (volume.throughputMiBps !== undefined) {
      out.push(
        error(
          'ebs.throughput-not-supported',
          at(volume, 'throughputMiBps'),
          `${what} has throughputMiBps ${fmt(volume.throughputMiBps)}, but only gp3 takes provisioned throughput (${volume.type} delivers up to ${fmt(limits.baseline.maxMiBps)} MiB/s)`,
          'remove throughputMiBps, or use type gp3',
          { value: volume.throughputMiBps, unit: 'MiB/s' },
        ),
      );
    }
  } else if (volume.throughputMiBps !== undefined) {
    const { min, max, perIops } = limits.throughput;
    if (volume.throughputMiBps < min || volume.throughputMiBps > max) {
      out.push(
        error(
          'ebs.throughput-range',
          at(volume, 'throughputMiBps'),
          `${what} has ${fmt(volume.throughputMiBps)} MiB/s; ${volume.type} takes ${fmt(min)} to ${fmt(max)} MiB/s`,
          `set throughputMiBps between ${fmt(min)} and ${fmt(max)}`,
          { value: volume.throughputMiBps, limit: { min, max }, unit: 'MiB/s' },
        ),
      );
    }
    if (volume.iops !== undefined && volume.throughputMiBps > perIops * volume.iops) {
      const allowed = Math.floor(perIops * volume.iops);
      const neededIops = Math.ceil(volume.throughputMiBps / perIops);
      out.push(
        error(
          'ebs.throughput-ratio',
          at(volume, 'throughputMiBps'),
          `${what} has ${fmt(volume.throughputMiBps)} MiB/s with ${fmt(volume.iops)} IOPS; ${volume.type} allows ${fmt(perIops)} MiB/s per provisioned IOPS, so at most ${fmt(allowed)} MiB/s`,
          `lower throughputMiBps to ${fmt(allowed)} or raise iops to ${fmt(neededIops)}`,
          { value: volume.throughputMiBps, limit: allowed, unit: 'MiB/s' },
        ),
      );
    }
  }
  return out;
}

function nonNitroFindings(volume: VolumeModel, instance: InstanceModel): Finding[] {
  const limits = EBS_VOLUME_TYPES.rows[volume.type];
  const cap = limits.iops?.maxNonNitro;
  const spec = instanceSpec(instance.instanceType);
  if (cap === undefined || spec === undefined || spec.nitro || volume.iops === undefined || volume.iops <= cap) return [];
  return [
    error(
      'ebs.non-nitro-iops',
      at(volume, 'iops'),
      `${volume.type} volume "${volume.purpose}" has ${fmt(volume.iops)} IOPS, but ${instance.instanceType} is not a Nitro instance and caps ${volume.type} volumes at ${fmt(cap)} IOPS`,
      `lower iops to ${fmt(cap)}, or move the members to a Nitro family (instanceFamily m5 or newer)`,
      { value: volume.iops, limit: cap, unit: 'IOPS' },
    ),
  ];
}

export const ebsVolumeRule: Rule = {
  ids: ['ebs.size-range', 'ebs.iops-range', 'ebs.iops-ratio', 'ebs.iops-not-supported', 'ebs.throughput-not-supported', 'ebs.throughput-range', 'ebs.throughput-ratio', 'ebs.non-nitro-iops'],
  description: 'Each database volume fits its EBS type: size, IOPS and throughput ranges and ratios, and the 32,000 IOPS io1/io2 cap of non-Nitro instances.',
  check(context) {
    const out: Finding[] = [];
    for (const { volume, instance } of placedVolumes(context)) {
      out.push(...volumeLimitFindings(volume), ...nonNitroFindings(volume, instance));
    }
    return dedupe(out);
  },
};

/** Extra volumes mount at <root>/<name>: a name may not repeat or take a standard volume's place. */
export const volumeNameRule: Rule = {
  ids: ['volume.duplicate-name'],
  description: 'Extra volume names are unique and differ from data, journal1, journal2 and wij (each becomes a mount point).',
  check({ spec }) {
    const out: Finding[] = [];
    const sets: Array<{ volumes: RawVolumes | undefined; path: SpecPath }> = [{ volumes: spec.database?.volumes, path: ['database', 'volumes'] }];
    (spec.products ?? []).forEach((product, i) => sets.push({ volumes: product.volumes, path: ['products', i, 'volumes'] }));
    for (const { volumes, path } of sets) {
      const taken = new Map<string, string>([
        ['data', 'the data volume'],
        ['journal1', 'the journal1 volume'],
        ['journal2', 'the journal2 volume'],
        ['wij', 'the wij volume'],
      ]);
      (volumes?.extra ?? []).forEach((extra, j) => {
        const owner = taken.get(extra.name);
        if (owner !== undefined) {
          out.push(
            error(
              'volume.duplicate-name',
              [...path, 'extra', j, 'name'],
              `extra volume name "${extra.name}" is already used by ${owner}; both would mount at the same directory`,
              `rename it, for example "${extra.name}${j + 2}"`,
            ),
          );
        } else taken.set(extra.name, `${formatPath([...path, 'extra', j])}`);
      });
    }
    return out;
  },
};

/** IOPS a volume draws on its instance's budget: provisioned IOPS, else its type's baseline. */
export function volumeBudgetIops(type: EbsType, sizeGiB: number, iops: number | undefined): number {
  if (iops !== undefined) return iops;
  const baseline = EBS_VOLUME_TYPES.rows[type].baseline;
  if (EBS_VOLUME_TYPES.rows[type].iops !== undefined) return 0; // nothing provisioned (see budgetOf)
  if (baseline.iopsPerGiB !== undefined) return Math.min(baseline.maxIops, Math.max(baseline.minIops, baseline.iopsPerGiB * sizeGiB));
  return baseline.maxIops;
}

/** MiB/s a volume draws: gp3 provisioned MiB/s, the fixed baseline of HDD/magnetic, else IOPS at the budget I/O size. */
export function volumeBudgetMiBps(type: EbsType, sizeGiB: number, iops: number | undefined, throughputMiBps: number | undefined): number {
  const limits = EBS_VOLUME_TYPES.rows[type];
  if (limits.throughput !== undefined) return throughputMiBps ?? 0;
  if (limits.iops === undefined && limits.baseline.iopsPerGiB === undefined) return limits.baseline.maxMiBps;
  return Math.min(limits.baseline.maxMiBps, (volumeBudgetIops(type, sizeGiB, iops) * EBS_BUDGET_IO_KIB.rows) / 1024);
}

/**
 * What an instance's volumes demand of its EBS budget. The root volume counts for what is
 * provisioned on it: the model's root is a gp3 volume with nothing provisioned, so it adds 0 (its
 * included 3,000 IOPS / 125 MiB/s are a ceiling an idle OS disk never draws; counting them would
 * flag every .large instance, whose whole bandwidth is below 125 MiB/s). A gp2, st1, sc1 or
 * standard root would count at its baseline.
 */
export function budgetOf(instance: InstanceModel): { iops: number; mibps: number } {
  let iops = volumeBudgetIops(instance.rootVolume.type, instance.rootVolume.sizeGiB, undefined);
  let mibps = volumeBudgetMiBps(instance.rootVolume.type, instance.rootVolume.sizeGiB, undefined, undefined);
  for (const v of instance.volumes) {
    iops += volumeBudgetIops(v.type, v.sizeGiB, v.iops);
    mibps += volumeBudgetMiBps(v.type, v.sizeGiB, v.iops, v.throughputMiBps);
  }
  return { iops, mibps };
}

/** "x2idn.24xlarge, 260,000 IOPS; x2idn.32xlarge, 80,000 Mbps". */
function noneFits(): string {
  const { iops, mbps } = largestEbs();
  return `${iops}, ${fmt(INSTANCE_TYPES.rows[iops]!.ebsIops)} IOPS; ${mbps}, ${fmt(INSTANCE_TYPES.rows[mbps]!.ebsMbps)} Mbps`;
}

export const instanceBudgetRule: Rule = {
  ids: ['instance.ebs-budget'],
  description: "The summed IOPS and throughput of an instance's volumes fit the instance type's baseline EBS IOPS and bandwidth.",
  check(context) {
    const groups = new Map<string, { path: SpecPath; keys: string[]; message: string; fix: string; params: FindingParams }>();
    for (const site of sites(context.model)) {
      for (const instance of site.instances) {
        const spec = instanceSpec(instance.instanceType);
        if (spec === undefined) continue; // instance.unknown-type reports it
        const need = budgetOf(instance);
        const haveMiBps = mbpsToMiBps(spec.ebsMbps);
        const overIops = need.iops > spec.ebsIops;
        const overMiBps = need.mibps > haveMiBps + 1e-9;
        if (!overIops && !overMiBps) continue;
        const needs: string[] = [];
        const has: string[] = [];
        if (overIops) {
          needs.push(`${fmt(need.iops)} IOPS`);
          has.push(`${fmt(spec.ebsIops)} IOPS`);
        }
        if (overMiBps) {
          needs.push(`${fmt(need.mibps)} MiB/s`);
          has.push(`${fmt(haveMiBps)} MiB/s (${fmt(spec.ebsMbps)} Mbps)`);
        }
        const message = `volumes need ${listText(needs)}; ${instance.instanceType} delivers ${listText(has)}`;
        const bigger = smallestFitting(instance.instanceType, need.iops, need.mibps);
        // The first figure over its limit: IOPS, else MiB/s.
        const params = {
          ...(overIops ? { value: need.iops, limit: spec.ebsIops, unit: 'IOPS' } : { value: Math.round(need.mibps * 10) / 10, limit: Math.round(haveMiBps * 10) / 10, unit: 'MiB/s' }),
          ...(bigger ? { fits: bigger } : {}),
        };
        const fix = bigger
          ? `use ${bigger} or larger (the smallest catalog type that carries them${catalogFamilyOf(bigger) === catalogFamilyOf(instance.instanceType) ? '' : `; no ${catalogFamilyOf(instance.instanceType)} size does`}), or provision fewer IOPS/MiB/s on the volumes; otherwise the instance throttles them`
          : `no catalog type carries them (the most: ${noneFits()}): provision fewer IOPS/MiB/s on the volumes, or spread the databases over more mirrors; otherwise the instance throttles them`;
        const id = `${formatPath(instance.specPath)}\u0000${message}`;
        const group = groups.get(id);
        if (group) group.keys.push(`${site.role === 'dr' ? 'dr ' : ''}${instance.key}`);
        else groups.set(id, { path: instance.specPath, keys: [`${site.role === 'dr' ? 'dr ' : ''}${instance.key}`], message, fix, params });
      }
    }
    return dedupe(
      [...groups.values()].map((g) => warning('instance.ebs-budget', g.path, `${listText(g.keys)}: ${g.message}`, g.fix, g.params)),
      true,
    );
  },
};
