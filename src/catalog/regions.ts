// Questions asked of the region tables by more than one stage (validate's availability and
// residency rules, init's choice of DR region and family): which families a region offers, the
// same-shape type in another family, where a region is and which other region is nearest.
// Figures come from catalog.ts only.
import { FAMILY_SIZES, INSTANCE_AVAILABILITY, INSTANCE_TYPES, REGION_LOCATIONS, REGIONS, type Family, type RegionLocation, type SizeSlot } from './catalog';

/** Catalog families in catalog order (the order of INSTANCE_TYPES, oldest general-purpose first). */
export const FAMILIES: readonly Family[] = Object.keys(FAMILY_SIZES.rows) as Family[];

/** Whether `region` offers `family`: true, false, or undefined when the catalog does not know. */
export function familyOffered(region: string, family: string): boolean | undefined {
  const row = Object.prototype.hasOwnProperty.call(INSTANCE_AVAILABILITY.rows, region) ? INSTANCE_AVAILABILITY.rows[region] : undefined;
  return row?.[family as Family];
}

/** The family of an instance type name ("m4" of "m4.xlarge"). */
export function familyOf(instanceType: string): string {
  return instanceType.split('.')[0] ?? instanceType;
}

/**
 * The types of families offered in `region` that stand in for `instanceType`, in catalog order:
 * the types of the same vCPUs and memory where any family offered has one (m4.xlarge -> m5.xlarge),
 * otherwise the sizes the presets use for the same slot, of the first one's shape
 * (m4.10xlarge -> m5.12xlarge). All returned types share one shape, so a message can describe them
 * together; an r-family size (double memory) does not stand in for an m-family one where an m-family
 * twin exists. Only families known to be offered qualify.
 */
export function twinsIn(region: string, instanceType: string): string[] {
  const spec = INSTANCE_TYPES.rows[instanceType];
  const family = familyOf(instanceType);
  const size = instanceType.slice(family.length + 1);
  if (spec === undefined) return [];
  const slot = (Object.keys(FAMILY_SIZES.rows.m4) as SizeSlot[]).find((s) => FAMILY_SIZES.rows[family as Family]?.[s] === size);
  const same: string[] = [];
  const bySlot: string[] = [];
  for (const f of FAMILIES) {
    if (f === family || familyOffered(region, f) !== true) continue;
    const twin = Object.keys(INSTANCE_TYPES.rows).find((t) => familyOf(t) === f && INSTANCE_TYPES.rows[t]!.vCpu === spec.vCpu && INSTANCE_TYPES.rows[t]!.memoryGiB === spec.memoryGiB);
    if (twin !== undefined) same.push(twin);
    else if (slot !== undefined) bySlot.push(`${f}.${FAMILY_SIZES.rows[f][slot]}`);
  }
  if (same.length > 0) return same;
  const first = bySlot[0] === undefined ? undefined : INSTANCE_TYPES.rows[bySlot[0]];
  return bySlot.filter((t) => INSTANCE_TYPES.rows[t]?.vCpu === first?.vCpu && INSTANCE_TYPES.rows[t]?.memoryGiB === first?.memoryGiB);
}

/** The first catalog family a set of regions all offer (`preferred` first when they all do). */
export function familyOfferedInAll(regions: readonly string[], preferred: Family): Family | undefined {
  const all = (f: Family): boolean => regions.every((r) => familyOffered(r, f) !== false);
  if (all(preferred)) return preferred;
  return FAMILIES.find((f) => regions.every((r) => familyOffered(r, f) === true));
}

export function locationOf(region: string): RegionLocation | undefined {
  return Object.prototype.hasOwnProperty.call(REGION_LOCATIONS.rows, region) ? REGION_LOCATIONS.rows[region] : undefined;
}

/** "Ireland (IE, legal area EU/EEA)". */
export function placeText(location: RegionLocation): string {
  return `${location.countryName} (${location.country}, legal area ${location.legalArea})`;
}

/** Great-circle distance in km between two regions' cities (haversine, mean Earth radius 6,371 km). */
export function distanceKm(a: RegionLocation, b: RegionLocation): number {
  const rad = (d: number): number => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

export type DrBasis = 'country' | 'legal-area' | 'nearest';

export interface DrChoice {
  readonly region: string;
  /** country: another region of the same country; legal-area: same legal area; nearest: neither exists. */
  readonly basis: DrBasis;
  readonly km: number;
}

/**
 * The DR region for a primary region: the nearest other catalog region in the same country;
 * else the nearest in the same legal area; else the nearest of all. Nearest by great-circle
 * distance between the regions' cities; ties go to catalog order. Undefined for a region the
 * catalog cannot place.
 */
export function drChoiceFor(region: string): DrChoice | undefined {
  const home = locationOf(region);
  if (home === undefined) return undefined;
  const others = Object.keys(REGIONS.rows)
    .filter((r) => r !== region && locationOf(r) !== undefined)
    .map((r) => ({ region: r, location: locationOf(r)!, km: distanceKm(home, locationOf(r)!) }));
  const nearest = (list: typeof others): (typeof others)[number] | undefined => list.reduce<(typeof others)[number] | undefined>((best, c) => (best === undefined || c.km < best.km ? c : best), undefined);
  const country = nearest(others.filter((o) => o.location.country === home.country));
  if (country) return { region: country.region, basis: 'country', km: country.km };
  const area = nearest(others.filter((o) => o.location.legalArea === home.legalArea));
  if (area) return { region: area.region, basis: 'legal-area', km: area.km };
  const any = nearest(others);
  return any ? { region: any.region, basis: 'nearest', km: any.km } : undefined;
}
