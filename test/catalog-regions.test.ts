// The region tables of the catalog: rows pinned against their source, and the questions other
// stages ask of them (families offered, same-shape types, where a region is, its DR partner).
import { describe, expect, it } from 'vitest';
import { INSTANCE_AVAILABILITY, REGION_LOCATIONS, REGIONS } from '../src/catalog/catalog';
import { drChoiceFor, familyOffered, twinsIn } from '../src/catalog/regions';

describe('catalog: instance families per region', () => {
  // Rows of skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv @ 00148f2a, quoted:
  //   m4.2xlarge,,,8.0,32.0,,0.444,...,eu-west-1,euw1-az1..az3      -> m4 in eu-west-1
  //   m4.2xlarge,,,8.0,32.0,,0.516,0.129100,ap-northeast-3,apne3-az3 (one zone only) -> not for a mirror
  //   m6i.xlarge,,,4.0,16.0,,0.2354,...,me-central-1,mec1-az1..az3  -> m6i in me-central-1
  //   m6i.xlarge lists apse3 then cac1 (no ap-southeast-4), eus1 then euw1 (no eu-south-2)
  //   m5.large,,,2.0,8.0,,0.107,...,eu-south-2,eus2-az1..az3        -> m5 in eu-south-2
  it.each([
    ['eu-west-1', 'm4', true],
    ['us-east-1', 'm4', true],
    ['ap-northeast-3', 'm4', false],
    ['eu-west-3', 'm4', false],
    ['me-central-1', 'm4', false],
    ['me-central-1', 'm6i', true],
    ['ap-southeast-4', 'm6i', false],
    ['eu-south-2', 'm6i', false],
    ['eu-south-2', 'm5', true],
    ['eu-central-2', 'm4', false],
    ['sa-east-1', 'm4', undefined],
    ['eu-west-1', 'r6i', undefined],
  ] as const)('%s offers %s: %s', (region, family, offered) => {
    expect(familyOffered(region, family)).toBe(offered);
  });

  it('names its source and date, and knows every catalog region (and no other)', () => {
    expect(INSTANCE_AVAILABILITY.source).toContain('00148f2af3672e2229b4f7bf8157d5a3f36e3c35');
    expect(INSTANCE_AVAILABILITY.asOf).toMatch(/^\d{4}-\d{2}$/);
    expect(Object.keys(INSTANCE_AVAILABILITY.rows).sort()).toEqual(Object.keys(REGIONS.rows).sort());
  });

  it('finds the same-shape type of each family offered there, in catalog order', () => {
    expect(twinsIn('eu-west-3', 'm4.xlarge')).toEqual(['m5.xlarge', 'm6i.xlarge']);
    expect(twinsIn('eu-central-2', 'm4.xlarge')).toEqual(['m5.xlarge']);
    // No 40-vCPU m5: the presets' stand-in size for the slot.
    expect(twinsIn('eu-west-3', 'm4.10xlarge')).toEqual(['m5.12xlarge', 'm6i.12xlarge']);
  });
});

describe('catalog: where regions are', () => {
  it('every region has a country, a legal area and a place, and every placed region has zones', () => {
    expect(Object.keys(REGION_LOCATIONS.rows).sort()).toEqual(Object.keys(REGIONS.rows).sort());
    for (const l of Object.values(REGION_LOCATIONS.rows)) expect(l.country).toMatch(/^[A-Z]{2}$/);
  });

  it('the added regions are there with their zones', () => {
    for (const r of ['ap-southeast-4', 'ca-west-1', 'il-central-1', 'ap-northeast-3', 'ap-south-2', 'ap-southeast-3', 'me-south-1', 'mx-central-1']) expect(REGIONS.rows[r]).toEqual(['a', 'b', 'c']);
  });

  it('EU/EEA spans the EU member states the catalog has regions in; every other area is one country', () => {
    const byArea = new Map<string, Set<string>>();
    for (const l of Object.values(REGION_LOCATIONS.rows)) byArea.set(l.legalArea, (byArea.get(l.legalArea) ?? new Set()).add(l.country));
    expect([...byArea.get('EU/EEA')!].sort()).toEqual(['DE', 'ES', 'FR', 'IE', 'IT', 'SE']);
    for (const [area, countries] of byArea) if (area !== 'EU/EEA') expect(countries.size, area).toBe(1);
  });

  it.each([
    ['ca-central-1', 'ca-west-1', 'country'],
    ['ap-south-1', 'ap-south-2', 'country'],
    ['ap-northeast-1', 'ap-northeast-3', 'country'],
    ['eu-central-1', 'eu-west-3', 'legal-area'],
    ['eu-central-2', 'eu-south-1', 'nearest'],
    ['il-central-1', 'me-south-1', 'nearest'],
  ] as const)('DR for %s: %s (%s)', (region, dr, basis) => {
    expect(drChoiceFor(region)).toMatchObject({ region: dr, basis });
  });
});
