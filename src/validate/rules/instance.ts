// Instance types must be known to the catalog: their EBS limits, Nitro-ness and price are what the
// other rules and the reports are computed from.
import { INSTANCE_TYPES } from '../../catalog/catalog';
import { sites, type SpecPath } from '../../model/model';
import { nearestMany } from '../../util/text';
import type { Finding } from '../diagnostics';
import type { Rule } from './rule';
import { dedupe, error, instanceSpec } from './util';

function unknownType(instanceType: string, path: SpecPath): Finding {
  const suggestions = nearestMany(instanceType, Object.keys(INSTANCE_TYPES.rows), 3);
  return error(
    'instance.unknown-type',
    path,
    `instance type "${instanceType}" is not in the catalog`,
    `use a catalog type such as ${suggestions.map((s) => `"${s}"`).join(', ')} (families: ${[...new Set(Object.keys(INSTANCE_TYPES.rows).map((t) => t.split('.')[0]))].join(', ')})`,
  );
}

export const instanceTypeRule: Rule = {
  ids: ['instance.unknown-type'],
  description: 'Every instance type written in the spec is known to the catalog (EBS limits, Nitro, price).',
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
