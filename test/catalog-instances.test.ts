// The instance catalog (src/catalog/instances.ts) and the questions asked of it
// (src/catalog/instance-lookup.ts): every type complete, sourced and priced in us-east-1; the
// types issue #21 names validate and price; shape-ranked suggestions; the smallest fitting type.
import { describe, expect, it } from 'vitest';
import { catalogFamilyOf, INSTANCE_FAMILIES, INSTANCE_PRICES, INSTANCE_TYPES } from '../src/catalog/catalog';
import { nearestByShape, nextSmallerInFamily, shapeOf, smallestFitting } from '../src/catalog/instance-lookup';
import { buildPlan } from '../src/report/plan';
import { checkText } from '../src/validate/validate';

const BASE = `apiVersion: refarch/v1
name: cat-test
profile: cache
region: us-east-1
availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
`;

describe('instance catalog', () => {
  it('every type has a family with a source and date, burst figures no lower than the baseline, and a us-east-1 price', () => {
    const us = INSTANCE_PRICES.rows['us-east-1']!.usdPerHour;
    for (const [type, s] of Object.entries(INSTANCE_TYPES.rows)) {
      const family = INSTANCE_FAMILIES.rows[catalogFamilyOf(type) as keyof typeof INSTANCE_FAMILIES.rows];
      expect(family?.source.length, type).toBeGreaterThan(20);
      expect(family?.asOf, type).toMatch(/^\d{4}-\d{2}/);
      expect(s.ebsMaxMbps, type).toBeGreaterThanOrEqual(s.ebsMbps);
      expect(s.ebsMaxIops, type).toBeGreaterThanOrEqual(s.ebsIops);
      expect(us[type], type).toBeGreaterThan(0);
    }
  });

  it('reaches the largest size of each family (32xlarge / 48xlarge, metal where AWS sells one)', () => {
    for (const t of ['m5.24xlarge', 'm5.metal', 'm6i.32xlarge', 'm6i.metal', 'm7i.48xlarge', 'm7i.metal-48xl', 'r5.metal', 'r6i.32xlarge', 'r7i.48xlarge', 'r5b.metal', 'x2idn.metal', 'x2iedn.32xlarge', 'c5.metal', 't3.2xlarge', 't3a.nano']) {
      expect(INSTANCE_TYPES.rows[t], t).toBeDefined();
    }
  });

  it.each([
    ['r6i.32xlarge', 8.064],
    ['x2idn.16xlarge', 6.669],
  ])('%s as the database validates with no diagnostics and is priced from the catalog', (type, usd) => {
    const result = checkText(`${BASE}database: { instanceType: ${type} }\n`);
    expect(result.diagnostics).toEqual([]);
    const plan = buildPlan(result.model!);
    const item = plan.cost.items.find((i) => i.category === 'instance' && i.description.includes(type))!;
    expect(item.unitPrice).toBe(usd);
    expect(item.approximate).toBe(false);
  });

  it('c5.large as the arbiter validates with no diagnostics', () => {
    const result = checkText(`${BASE}database: { mirror: { arbiter: { instanceType: c5.large } } }\n`);
    expect(result.diagnostics).toEqual([]);
    expect(result.model!.primary!.instances.find((i) => i.tier === 'arbiter')!.instanceType).toBe('c5.large');
  });
});

describe('instance look-ups', () => {
  it('reads a shape from a name the catalog lacks: the size\'s vCPUs, the family\'s (or class letter\'s) memory per vCPU', () => {
    expect(shapeOf('r6a.32xlarge')).toEqual({ vCpu: 128, memoryGiB: 1024 });
    expect(shapeOf('m6a.8xlarge')).toEqual({ vCpu: 32, memoryGiB: 128 });
    expect(shapeOf('r6i.64xlarge')).toEqual({ vCpu: 256, memoryGiB: 2048 });
    expect(shapeOf('m4.larg')).toBeUndefined();
  });

  it('ranks by shape, not spelling: r6a.32xlarge -> r6i.32xlarge first (not r6i.12xlarge or r6i.2xlarge)', () => {
    expect(nearestByShape(shapeOf('r6a.32xlarge')!, 3)[0]).toBe('r6i.32xlarge');
    expect(nearestByShape({ vCpu: 2, memoryGiB: 4 }, 1)).toEqual(['c5.large']);
    // Burstable and bare-metal types only when asked for.
    expect(nearestByShape({ vCpu: 2, memoryGiB: 1 }, 5).some((t) => t.startsWith('t3'))).toBe(false);
    expect(nearestByShape({ vCpu: 128, memoryGiB: 512 }, 5).some((t) => t.includes('metal'))).toBe(false);
  });

  it('names the smallest type that carries an EBS load: same family first, else the smallest other, else none', () => {
    expect(smallestFitting('m4.4xlarge', 22400, 350)).toBe('m4.10xlarge');
    expect(smallestFitting('m5.16xlarge', 102400, 1600)).toBe('r5b.16xlarge');
    expect(smallestFitting('x2idn.24xlarge', 400000, 1000)).toBeUndefined();
  });

  it('one size smaller stays in the family (reduced DR capacity of an explicit type)', () => {
    expect(nextSmallerInFamily('r6i.32xlarge')).toBe('r6i.24xlarge');
    expect(nextSmallerInFamily('x2idn.16xlarge')).toBe('x2idn.16xlarge');
    expect(nextSmallerInFamily('c5.9xlarge')).toBe('c5.4xlarge');
  });
});
