// Instance types must be known to the catalog: their EBS limits, Nitro-ness and price are what the
// other rules and the reports are computed from. Burstable types carry a CPU-credit caveat.
import { catalogFamilyOf, INSTANCE_TYPES, IRIS_MEMORY } from '../../catalog/catalog';
import { nearestByShape, shapeOf } from '../../catalog/instance-lookup';
import { sites, type SpecPath } from '../../model/model';
import { nearestMany } from '../../util/text';
import type { Finding } from '../../model/diagnostics';
import type { Rule } from './rule';
import { dedupe, error, fmt, instanceSpec, warning } from './util';

/** Tiers whose instances run InterSystems IRIS (the web servers run the Web Gateway, the arbiter ISCAgent only). */
const IRIS_TIERS: ReadonlySet<string> = new Set(['database', 'app', 'print']);

/** "r6i.32xlarge (128 vCPUs, 1,024 GiB, 40,000 Mbps EBS)". */
function described(instanceType: string): string {
  const s = INSTANCE_TYPES.rows[instanceType]!;
  return `"${instanceType}" (${s.vCpu} vCPUs, ${fmt(s.memoryGiB)} GiB, ${fmt(s.ebsMbps)} Mbps EBS)`;
}

/**
 * Catalog types to offer in place of an unknown one: the nearest by shape where the name says a
 * shape (`r6a.32xlarge`: 128 vCPUs, 8 GiB each), by spelling where it does not (a typo such as
 * `m4.larg`).
 */
function suggestionsFor(instanceType: string): string {
  const shape = shapeOf(instanceType);
  if (shape === undefined) return `use a catalog type such as ${nearestMany(instanceType, Object.keys(INSTANCE_TYPES.rows), 3).map((s) => `"${s}"`).join(', ')}`;
  const nearest = nearestByShape(shape, 3, { burstable: instanceType.startsWith('t'), family: catalogFamilyOf(instanceType) });
  return `use the catalog type nearest its shape (${shape.vCpu} vCPUs, ${fmt(shape.memoryGiB)} GiB): ${nearest.map(described).join(', ')}`;
}

function unknownType(instanceType: string, path: SpecPath): Finding {
  return error(
    'instance.unknown-type',
    path,
    `instance type "${instanceType}" is not in the catalog`,
    `${suggestionsFor(instanceType)} (families: ${[...new Set(Object.keys(INSTANCE_TYPES.rows).map((t) => t.split('.')[0]))].join(', ')}; the catalog is listed in docs/instance-catalog.md)`,
  );
}

export const instanceTypeRule: Rule = {
  ids: ['instance.unknown-type'],
  description: 'Every instance type written in the spec is known to the catalog (EBS limits, Nitro, price); suggestions are the catalog types nearest in shape.',
  check({ spec, model }) {
    const written: Array<[string | undefined, SpecPath]> = [
      [spec.web?.instanceType, ['web', 'instanceType']],
      [spec.app?.instanceType, ['app', 'instanceType']],
      [spec.print?.instanceType, ['print', 'instanceType']],
      [spec.database?.instanceType, ['database', 'instanceType']],
      [spec.database?.mirror?.arbiter?.instanceType, ['database', 'mirror', 'arbiter', 'instanceType']],
      ...(spec.products ?? []).map((p, i): [string | undefined, SpecPath] => [p.instanceType, ['products', i, 'instanceType']]),
      [spec.dr?.instanceType, ['dr', 'instanceType']],
    ];
    const out: Finding[] = [];
    for (const [type, path] of written) {
      if (type !== undefined && instanceSpec(type) === undefined) out.push(unknownType(type, path));
    }
    // Types the model derives itself (presets, one size smaller for reduced DR capacity) come
    // from the catalog or from a written type reported above; this is a safety net for the rest.
    if (out.length === 0) {
      for (const site of sites(model)) {
        for (const instance of site.instances) {
          if (instanceSpec(instance.instanceType) === undefined) out.push(unknownType(instance.instanceType, instance.specPath));
        }
      }
    }
    return dedupe(out);
  },
};

/**
 * Burstable types (T3, T3a) sustain only a share of each vCPU on earned CPU credits. They launch
 * in unlimited mode, where CPU above that share averaged over 24 hours is billed per vCPU-hour on
 * top of the hourly price (plan does not price it); in standard mode they are throttled to the
 * share once the credits are spent. The arbiter (ISCAgent only) is mostly idle, which is what
 * they suit; an IRIS host is not.
 */
export const burstableRule: Rule = {
  ids: ['instance.burstable'],
  description: 'A burstable (T3/T3a) instance type is reported with its CPU-credit caveat and a fixed-performance type of the same shape.',
  check({ model }) {
    const out: Finding[] = [];
    for (const site of sites(model)) {
      for (const instance of site.instances) {
        const spec = instanceSpec(instance.instanceType);
        if (spec?.baselineCpuPercent === undefined || tooSmallForIris(instance.tier, spec.memoryGiB)) continue; // instance.iris-memory refuses it
        // By vCPUs and memory only: a T3's small EBS bandwidth is not what a replacement should match.
        const fixed = nearestByShape({ vCpu: spec.vCpu, memoryGiB: spec.memoryGiB }, 1)[0]!;
        const role = instance.tier === 'arbiter' ? 'the arbiter is mostly idle, which suits it' : `${/^[aeiou]/.test(instance.tier) ? 'an' : 'a'} ${instance.tier} server runs under sustained load`;
        out.push(
          warning(
            'instance.burstable',
            instance.specPath,
            `${instance.instanceType} is burstable: it sustains ${spec.baselineCpuPercent}% of each vCPU on CPU credits; above that, unlimited mode (the T3 default) bills the extra CPU per vCPU-hour, which plan does not price, and standard mode throttles it to ${spec.baselineCpuPercent}% (${role})`,
            `use ${described(fixed)}, a fixed-performance type of the nearest shape, or keep ${instance.instanceType} and watch its CPUSurplusCreditsCharged / CPUCreditBalance metrics`,
            { value: spec.baselineCpuPercent, unit: '%', fits: fixed },
          ),
        );
      }
    }
    return dedupe(out);
  },
};

/**
 * The least shared memory an InterSystems IRIS instance takes, in MB, by the documented estimate
 * (IRIS_MEMORY) with an empty database cache: the routine cache and heap at their minimums, the
 * journal buffers, the default server connections and the fixed overhead.
 */
function irisFloorMB(): number {
  const M = IRIS_MEMORY.rows;
  return M.routines.minMB * M.routinesOverhead + M.gmheap.minKB / 1024 + M.jrnbufsMB + M.maxServersDefault * 2 + M.fixedOverheadMB;
}


/** Whether an instance of `tier` with `memoryGiB` runs IRIS and cannot hold its least shared memory. */
function tooSmallForIris(tier: string, memoryGiB: number): boolean {
  return IRIS_TIERS.has(tier) && irisFloorMB() > memoryGiB * 1024 * IRIS_MEMORY.rows.maxSharedShare;
}

export const irisMemoryRule: Rule = {
  ids: ['instance.iris-memory'],
  description: "An IRIS host's instance type has the memory IRIS's documented shared-memory estimate needs with an empty database cache, within the share refarch allows (IRIS_MEMORY).",
  check({ model }) {
    const out: Finding[] = [];
    const floor = irisFloorMB();
    const share = IRIS_MEMORY.rows.maxSharedShare;
    for (const site of sites(model)) {
      for (const instance of site.instances) {
        const spec = instanceSpec(instance.instanceType);
        if (spec === undefined || !tooSmallForIris(instance.tier, spec.memoryGiB)) continue;
        const fits = nearestByShape({ vCpu: spec.vCpu, memoryGiB: Math.ceil(floor / share / 1024) }, 1, { burstable: spec.baselineCpuPercent !== undefined, family: catalogFamilyOf(instance.instanceType) })[0];
        out.push(
          error(
            'instance.iris-memory',
            instance.specPath,
            `${instance.instanceType} has ${fmt(spec.memoryGiB)} GiB: InterSystems IRIS's shared memory with an empty database cache is about ${fmt(Math.round(floor))} MB, more than the ${fmt(share * 100)}% of memory refarch leaves it`,
            `use a type with at least ${fmt(Math.ceil(floor / share / 1024))} GiB${fits ? `, such as ${described(fits)}` : ''}`,
            { value: spec.memoryGiB, limit: Math.ceil(floor / share / 1024), unit: 'GiB', ...(fits ? { fits } : {}) },
          ),
        );
      }
    }
    return dedupe(out);
  },
};
