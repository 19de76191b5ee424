// What a region offers and where it is: instance families a region does not offer fail at
// `terraform apply`, and a DR region in another legal area moves health data across a border.
import { DEFAULTS, INSTANCE_TYPES, REGION_LOCATIONS } from '../../catalog/catalog';
import { familyOf, familyOffered, locationOf, placeText, twinsIn } from '../../catalog/regions';
import { sites, type SpecPath } from '../../model/model';
import type { Finding } from '../../model/diagnostics';
import type { Rule } from './rule';
import { dedupe, error, listText, warning } from './util';

const D = DEFAULTS.rows;

/** Whether a path is one where an instance type is written (…instanceType). */
const writtenType = (path: SpecPath): boolean => path[path.length - 1] === 'instanceType';

/** `a`, `a or b`, `a, b or c`. */
function orText(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "same 4 vCPUs and 16 GiB" for a twin of the same shape, else both shapes. */
function shapeText(twin: string, original: string): string {
  const a = INSTANCE_TYPES.rows[twin]!;
  const b = INSTANCE_TYPES.rows[original]!;
  return a.vCpu === b.vCpu && a.memoryGiB === b.memoryGiB
    ? `same ${a.vCpu} vCPUs and ${a.memoryGiB} GiB`
    : `${a.vCpu} vCPUs and ${a.memoryGiB} GiB, the nearest size to ${b.vCpu} vCPUs and ${b.memoryGiB} GiB`;
}

export const regionAvailabilityRule: Rule = {
  ids: ['instance.region-availability'],
  description: 'Every instance type is of a family its region offers (primary types in region, DR types in dr.region).',
  check({ spec, model }) {
    const out: Finding[] = [];
    for (const site of sites(model)) {
      const regionPath: SpecPath = site.role === 'primary' ? ['region'] : ['dr', 'region'];
      for (const instance of site.instances) {
        const family = familyOf(instance.instanceType);
        if (familyOffered(site.region, family) !== false) continue;
        const twins = twinsIn(site.region, instance.instanceType);
        const where = `${site.region}${site.role === 'dr' ? ' (the DR region)' : ''}`;
        if (writtenType(instance.specPath) || family !== model.instanceFamily) {
          // A written type (or one derived from it, as DR reduced capacity does): fix it there.
          out.push(
            error(
              'instance.region-availability',
              instance.specPath,
              `${instance.instanceType} is not offered in ${where}: the ${family} family is not available there`,
              twins.length > 0 ? `use ${orText(twins)} (${shapeText(twins[0]!, instance.instanceType)}, offered in ${site.region})` : `use an instance family ${site.region} offers`,
            ),
          );
          continue;
        }
        // The family of the presets: written as instanceFamily, or the default.
        const familyWritten = spec.instanceFamily !== undefined;
        out.push(
          error(
            'instance.region-availability',
            familyWritten ? ['instanceFamily'] : regionPath,
            `${familyWritten ? 'instance family' : 'the default instance family'} ${family} is not offered in ${where}: the preset's ${instance.instanceType} would fail at apply`,
            twins[0] !== undefined
              ? `set instanceFamily to ${orText(twins.map(familyOf))} (${twins[0]}: ${shapeText(twins[0], instance.instanceType)}, in place of ${instance.instanceType})`
              : `set instanceFamily to a family ${site.region} offers`,
          ),
        );
      }
    }
    // One finding per place: the first instance names the type, the rest say the same thing.
    return dedupe(out);
  },
};

export const residencyRule: Rule = {
  ids: ['dr.residency'],
  description: 'The DR region is in the legal area (data-protection regime) of the primary region, or the transfer basis is recorded.',
  check({ spec }) {
    if ((spec.model ?? D.model) !== 'cloud' || spec.region === undefined || spec.dr === undefined) return [];
    if (spec.dr.transferBasis !== undefined) return [];
    const primary = locationOf(spec.region);
    const dr = locationOf(spec.dr.region);
    if (primary === undefined || dr === undefined || primary.legalArea === dr.legalArea) return [];
    const partners = Object.keys(REGION_LOCATIONS.rows).filter((r) => r !== spec.region && locationOf(r)!.legalArea === primary.legalArea);
    const multiCountry = Object.values(REGION_LOCATIONS.rows).some((l) => l.legalArea === primary.legalArea && l.country !== primary.country);
    const leaves = multiCountry ? `the legal area ${primary.legalArea}` : `${primary.countryName} (legal area ${primary.legalArea})`;
    return [
      warning(
        'dr.residency',
        ['dr', 'region'],
        `DR region ${spec.dr.region} is in ${placeText(dr)}, primary region ${spec.region} in ${placeText(primary)}: the DR copy of the data leaves ${leaves}`,
        partners.length > 0
          ? `use a DR region in ${primary.legalArea} (${listText(partners)}), or record the legal basis of the transfer in dr.transferBasis`
          : `no other catalog region is in ${leaves}: if the transfer is lawful (e.g. under an adequacy decision), record its legal basis in dr.transferBasis`,
      ),
    ];
  },
};
