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
  //   m7i.xlarge,,,4.0,16.0,,0.2352,0.066300,eu-south-1,eus1-az1,x86_64
  //   m7i.xlarge,,,4.0,16.0,,0.2352,0.057800,eu-south-1,eus1-az3,x86_64 (two zones) -> m7i in eu-south-1
  //   m7i.xlarge lists us-west-2 last and starts at ap-east-1 (no af-south-1); me-central-1 then us-east-1 (no me-south-1)
  //   r5.12xlarge,,,48.0,384.0,,4.032,0.673100,af-south-1,afs1-az1..az3 -> r5 in af-south-1
  //   r5.12xlarge,,,48.0,384.0,,3.722,0.591600,me-south-1,mes1-az1..az3 -> r5 in me-south-1
  //   r6i.xlarge,,,4.0,32.0,,0.302,...,ap-southeast-2,apse2-az3 then r6i.xlarge,,,4.0,32.0,,0.276,...,ca-central-1
  //     (no ap-southeast-3 or -4); eu-south-1 then eu-west-1 (no eu-south-2)
  //   r6i.xlarge,,,4.0,32.0,,0.3102,0.112600,me-south-1,mes1-az1..az3 -> r6i in me-south-1
  //   r7i.xlarge,,,4.0,32.0,,0.3192,0.131100,ap-northeast-1,apne1-az1 is its first row (no af-south-1, ap-east-1);
  //     eu-west-3 then us-east-1 (no me-central-1, me-south-1)
  //   r7i.large,,,2.0,16.0,,0.14805,0.029900,eu-south-2,eus2-az1..az3 -> r7i in eu-south-2
  //   r7i.large,,,2.0,16.0,,0.147,0.035900,us-west-1,usw1-az1 and usw1-az3 (two zones) -> r7i in us-west-1
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
    ['eu-south-1', 'm7i', true],
    ['af-south-1', 'm7i', false],
    ['me-south-1', 'm7i', false],
    ['ap-east-1', 'm7i', true],
    ['af-south-1', 'r5', true],
    ['me-south-1', 'r5', true],
    ['eu-west-1', 'r6i', true],
    ['me-south-1', 'r6i', true],
    ['ap-southeast-3', 'r6i', false],
    ['eu-south-2', 'r6i', false],
    ['ap-east-1', 'r7i', false],
    ['me-central-1', 'r7i', false],
    ['eu-south-2', 'r7i', true],
    ['us-west-1', 'r7i', true],
    // Where the source is silent, the new families stay unknown.
    ['eu-central-2', 'r5', undefined],
    ['sa-east-1', 'm7i', undefined],
    ['il-central-1', 'r7i', undefined],
  ] as const)('%s offers %s: %s', (region, family, offered) => {
    expect(familyOffered(region, family)).toBe(offered);
  });

  it('names its source and date, and knows every catalog region (and no other)', () => {
    expect(INSTANCE_AVAILABILITY.source).toContain('00148f2af3672e2229b4f7bf8157d5a3f36e3c35');
    expect(INSTANCE_AVAILABILITY.asOf).toMatch(/^\d{4}-\d{2}$/);
    expect(Object.keys(INSTANCE_AVAILABILITY.rows).sort()).toEqual(Object.keys(REGIONS.rows).sort());
  });

  it('finds the same-shape type of each family offered there, in catalog order', () => {
    expect(twinsIn('eu-west-3', 'm4.xlarge')).toEqual(['m5.xlarge', 'm6i.xlarge', 'm7i.xlarge']);
    expect(twinsIn('eu-central-2', 'm4.xlarge')).toEqual(['m5.xlarge']);
    // No m6i in eu-south-2: m5 and m7i of the same shape.
    expect(twinsIn('eu-south-2', 'm4.xlarge')).toEqual(['m5.xlarge', 'm7i.xlarge']);
    // No 40-vCPU m5: the presets' stand-in size for the slot, of one shape (not r5.12xlarge's 384 GiB).
    expect(twinsIn('eu-west-3', 'm4.10xlarge')).toEqual(['m5.12xlarge', 'm6i.12xlarge', 'm7i.12xlarge']);
    // An r type has its same-shape twins in the other r families only.
    expect(twinsIn('eu-west-1', 'r5.xlarge')).toEqual(['r6i.xlarge', 'r7i.xlarge']);
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
