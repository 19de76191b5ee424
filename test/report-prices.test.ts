// Regional prices: the bundled tables pinned against their sources, the io2 tier arithmetic, the
// fixed charges of the resources refarch emits, and what plan says when a region lacks a figure.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOBAL_UNIT_PRICES, INSTANCE_PRICES, INSTANCE_TYPES, PRICING, REGIONS, UNIT_PRICES, type UnitPrices } from '../src/catalog/catalog';
import { buildPlan, io2TierIops } from '../src/report/plan';
import { bundledPrices, UNIT_LABELS, type RegionPriceTable } from '../src/report/prices';
import { exampleModel, exampleText, modelOfText } from './helpers/models';

const HOURS = PRICING.rows.hoursPerMonth;
const usd = (region: string, type: string): number | undefined => INSTANCE_PRICES.rows[region]?.usdPerHour[type];

describe('bundled price tables', () => {
  it('pin instance prices per region against their sources', () => {
    // Karpenter zz_generated.pricing_aws.go @6fc13b52 (2026-07-20), us-east-1.
    expect(usd('us-east-1', 'm5.xlarge')).toBe(0.192);
    expect(usd('us-east-1', 'r7i.2xlarge')).toBe(0.5292);
    // skypilot-catalog v8/aws/vms.csv @00148f2a: rows m5.large 0.107 and m5.8xlarge 1.712 in eu-west-1 ...
    expect(usd('eu-west-1', 'm5.large')).toBe(0.107);
    expect(usd('eu-west-1', 'm5.xlarge')).toBe(0.214);
    expect(usd('eu-west-1', 'm4.10xlarge')).toBe(2.22);
    expect(usd('eu-central-1', 'm4.large')).toBe(0.12);
    expect(usd('eu-central-1', 'm5.8xlarge')).toBe(1.84);
    expect(usd('ap-southeast-2', 'm4.16xlarge')).toBe(4.0);
    expect(usd('ap-southeast-4', 'm5.large')).toBe(0.12);
    // ... me-central-1's m5 sizes are not the .large multiple (1.883, not 16 × 0.118): only rows read are kept.
    expect(usd('me-central-1', 'm5.8xlarge')).toBe(1.883);
    expect(usd('me-central-1', 'm5.xlarge')).toBeUndefined();
    // skypilot-catalog vms.csv @e385a0d3: m6i.2xlarge 0.428 / m6i.4xlarge 0.856 in eu-west-1, 0.46 / 0.92 in
    // eu-central-1; m7i.xlarge 0.2415 in eu-central-1, 0.252 in ap-southeast-2 (the .large is half).
    expect(usd('eu-west-1', 'm6i.large')).toBe(0.107);
    expect(usd('eu-central-1', 'm6i.4xlarge')).toBe(0.92);
    expect(usd('eu-central-1', 'm6i.16xlarge')).toBe(3.68);
    expect(usd('eu-central-1', 'm7i.large')).toBe(0.12075);
    expect(usd('ap-southeast-2', 'm7i.2xlarge')).toBe(0.504);
    expect(usd('ap-southeast-3', 'm6i.xlarge')).toBe(0.24);
    // No m7i price for eu-south-1 in that file, and no m6i at all for sa-east-1 or eu-central-2.
    expect(usd('eu-south-1', 'm7i.large')).toBeUndefined();
    expect(usd('eu-central-2', 'm6i.large')).toBeUndefined();
  });

  it('pins the unit prices that are sourced, and has every unit price for us-east-1 (the stand-in)', () => {
    const east = UNIT_PRICES.rows['us-east-1']!;
    // us-east-1 and the account-wide figures (dashboards) have every unit price: the stand-in is never missing one.
    expect(Object.keys({ ...GLOBAL_UNIT_PRICES.rows, ...east }).sort()).toEqual(Object.keys(UNIT_LABELS).sort());
    expect(east.ebsPerGiBMonth?.gp3).toBe(0.08);
    expect(east.albHour).toBe(0.0225);
    expect(east.interfaceEndpointAzHour).toBe(0.01);
    expect(east.io2IopsMonthTiers).toEqual([{ upTo: 32000, usd: 0.065 }, { upTo: 64000, usd: 0.0455 }, { upTo: null, usd: 0.03185 }]);
    // The public IPv4 charge is one price in every region.
    for (const region of Object.keys(REGIONS.rows)) expect(UNIT_PRICES.rows[region]?.publicIpv4Hour, region).toBe(0.005);
  });

  it('pins regional unit prices against QuinnyPig/aws-price-watcher, with source and date per figure, for every region it lists', () => {
    // processed/elb.json @daa3fca6: "Application Load Balancer Hours" "EU (Ireland)" 0.0252, "EU (Frankfurt)" 0.027.
    expect(UNIT_PRICES.rows['eu-west-1']?.albHour).toBe(0.0252);
    expect(UNIT_PRICES.rows['eu-central-1']?.albHour).toBe(0.027);
    expect(UNIT_PRICES.rows['eu-west-1']?.classicElbHour).toBe(0.028);
    // processed/vpc.json @ccc5fd6e: VPC endpoint hour "EU (Frankfurt)" 0.012, "South America (Sao Paulo)" 0.021; VPN in Tokyo 0.048.
    expect(UNIT_PRICES.rows['eu-central-1']?.interfaceEndpointAzHour).toBe(0.012);
    expect(UNIT_PRICES.rows['sa-east-1']?.interfaceEndpointAzHour).toBe(0.021);
    expect(UNIT_PRICES.rows['ap-northeast-1']?.vpnConnectionHour).toBe(0.048);
    // processed/cloudwatch.json @daa3fca6: "Alarm Standard" in Sao Paulo 0.135.
    expect(UNIT_PRICES.rows['sa-east-1']?.cloudwatchAlarmMonth).toBe(0.135);
    const sourced = ['albHour', 'nlbHour', 'classicElbHour', 'interfaceEndpointAzHour', 'vpnConnectionHour', 'publicIpv4Hour', 'kmsKeyMonth', 'cloudwatchAlarmMonth', 'cloudwatchMetricMonth'] as const;
    // Every region refarch knows but ap-southeast-6 (opened after the source's date) has them all, each with its own source.
    for (const region of Object.keys(REGIONS.rows).filter((r) => r !== 'ap-southeast-6')) {
      const t = bundledPrices(region);
      for (const name of sourced) {
        expect(t.units[name], `${region} ${name}`).toBeGreaterThan(0);
        expect(t.figureSources?.[name]?.source, `${region} ${name}`).toMatch(/^QuinnyPig\/aws-price-watcher processed\/(elb|vpc|kms|cloudwatch)\.json @(daa3fca6|ccc5fd6e)/);
        expect(t.figureSources?.[name]?.asOf, `${region} ${name}`).toMatch(/^2025-06-(05|13)$/);
      }
      // EBS and NAT gateways have no dated regional source: only us-east-1 has them, and says where from.
      if (region !== 'us-east-1') expect(t.units.natGatewayHour, region).toBeUndefined();
    }
    expect(bundledPrices('us-east-1').figureSources?.natGatewayHour?.source).toMatch(/^Infracost/);
    expect(GLOBAL_UNIT_PRICES.rows.cloudwatchDashboardMonth).toBe(3);
  });

  it('is what scripts/gen-unit-prices.mjs generates from scripts/prices/unit-prices.csv', () => {
    execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'gen-unit-prices.mjs'), '--check'], { stdio: 'pipe' });
  });

  it('has a table, with source and date, for every catalog region and the three being added', () => {
    for (const region of [...Object.keys(REGIONS.rows), 'ap-southeast-4', 'ca-west-1', 'il-central-1']) {
      const t = bundledPrices(region);
      expect(t.region).toBe(region);
      expect(t.source, region).not.toBe('');
      expect(t.asOf, region).toMatch(/^\d{4}-\d{2}/);
    }
  });

  it('prices only catalog types, and us-east-1 has all of them', () => {
    for (const table of Object.values(INSTANCE_PRICES.rows)) for (const type of Object.keys(table.usdPerHour)) expect(INSTANCE_TYPES.rows[type], type).toBeDefined();
    expect(Object.keys(INSTANCE_PRICES.rows['us-east-1']!.usdPerHour).sort()).toEqual(Object.keys(INSTANCE_TYPES.rows).sort());
  });

  it('is what scripts/gen-prices.mjs generates from scripts/prices/instance-prices.csv', () => {
    execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'gen-prices.mjs'), '--check'], { stdio: 'pipe' });
  });
});

describe('io2 provisioned IOPS tiers (per volume)', () => {
  const tiers: UnitPrices['io2IopsMonthTiers'] = [{ upTo: 32000, usd: 0.065 }, { upTo: 64000, usd: 0.0455 }, { upTo: null, usd: 0.03185 }];
  it('splits each volume at 32,000 and 64,000', () => {
    expect(io2TierIops([20000], tiers)).toEqual([20000, 0, 0]);
    expect(io2TierIops([32000], tiers)).toEqual([32000, 0, 0]);
    expect(io2TierIops([32001], tiers)).toEqual([32000, 1, 0]);
    expect(io2TierIops([80000], tiers)).toEqual([32000, 32000, 16000]);
    // Two volumes of 40,000 are each tiered, not their 80,000 sum.
    expect(io2TierIops([40000, 40000], tiers)).toEqual([64000, 16000, 0]);
  });

  it('prices an io2 data volume of 80,000 IOPS in three tiers in plan', () => {
    const model = modelOfText(`${exampleText('minimal.yaml')}\ndatabase:\n  instanceType: r6i.16xlarge\n  volumes:\n    data: { type: io2, sizeGiB: 4000, iops: 80000 }\n`);
    const members = model.primary!.instances.filter((i) => i.volumes.some((v) => v.type === 'io2')).length;
    expect(members).toBe(2);
    const items = buildPlan(model).cost.items.filter((i) => i.description.startsWith('EBS io2 provisioned IOPS'));
    expect(items.map((i) => [i.quantity, i.unitPrice])).toEqual([
      [members * 32000, 0.065],
      [members * 32000, 0.0455],
      [members * 16000, 0.03185],
    ]);
    expect(items.map((i) => i.description)).toEqual([
      'EBS io2 provisioned IOPS, up to 32,000 per volume (2 volumes: data)',
      'EBS io2 provisioned IOPS, 32,001–64,000 per volume (2 volumes: data)',
      'EBS io2 provisioned IOPS, above 64,000 per volume (2 volumes: data)',
    ]);
  });
});

describe('fixed charges in the TrakCare plan', () => {
  const plan = buildPlan(exampleModel('trakcare.yaml'));
  const of = (stack: string, category: string, match: RegExp) => plan.cost.items.filter((i) => i.stack === stack && i.category === category && match.test(i.description));

  it('prices interface endpoints per AZ, public IPv4 addresses, KMS keys, dashboards and detailed monitoring', () => {
    // Primary: 3 zones; 3 SSM endpoints in each.
    expect(of('primary', 'vpc-endpoint', /Interface VPC endpoints/).map((i) => i.quantity)).toEqual([3 * 3 * HOURS]);
    expect(of('primary', 'public-ipv4', /NAT gateway Elastic IP/).map((i) => i.quantity)).toEqual([3 * HOURS]);
    expect(of('primary', 'public-ipv4', /load balancer/).map((i) => i.quantity)).toEqual([3 * HOURS]);
    expect(of('dr', 'public-ipv4', /NAT gateway Elastic IP/).map((i) => i.quantity)).toEqual([2 * HOURS]);
    expect(of('primary', 'kms', /KMS/).map((i) => i.quantity)).toEqual([1]);
    expect(of('dns', 'kms', /KMS/).map((i) => i.quantity)).toEqual([1]);
    expect(of('primary', 'cloudwatch', /dashboard/).map((i) => i.monthly)).toEqual([3]);
    expect(of('primary', 'cloudwatch', /detailed monitoring/).map((i) => [i.quantity, i.unitPrice])).toEqual([[12 * 7, 0.3]]);
    // The public IPv4 price and the endpoint hour are sourced for eu-west-1 itself; the NAT gateway hour is not.
    expect(of('primary', 'public-ipv4', /NAT/)[0]).toMatchObject({ priceRegion: 'eu-west-1', approximate: false, priceAsOf: '2025-06-13' });
    expect(of('primary', 'vpc-endpoint', /./)[0]).toMatchObject({ priceRegion: 'eu-west-1', approximate: false, unitPrice: 0.011, priceAsOf: '2025-06-13' });
    expect(of('primary', 'nat-gateway', /./)[0]).toMatchObject({ priceRegion: 'us-east-1', approximate: true, unitPrice: 0.045, priceAsOf: '2026-07' });
  });

  it('keeps cost.monthly the exact sum of the items', () => {
    expect(plan.cost.monthlyCents).toBe(plan.cost.items.reduce((n, i) => n + i.monthlyCents, 0));
  });
});

describe('regions without a figure', () => {
  it('prices at us-east-1, says so for the stack and marks the total approximate', () => {
    const plan = buildPlan(exampleModel('trakcare.yaml'));
    const primary = plan.stacks.find((s) => s.id === 'primary')!;
    if (primary.kind !== 'site') throw new Error('primary is a site');
    expect(primary.prices).toMatchObject({ region: 'eu-west-1', origin: 'bundled', approximate: true });
    // What stays approximate: EBS and NAT gateways, which have no dated regional source.
    expect(primary.prices.missing).toEqual(['EBS storage', 'io1 IOPS', 'NAT gateway hour', 'EBS snapshots']);
    expect(plan.cost.approximate).toBe(true);
    expect(plan.priceSource.note).toMatch(/Approximate: figures missing for dr \(eu-central-1: .*\); primary \(eu-west-1: /);
    const nat = plan.cost.items.find((i) => i.stack === 'primary' && i.description.startsWith('NAT gateway'))!;
    expect(nat).toMatchObject({ priceRegion: 'us-east-1', approximate: true, unitPrice: 0.045 });
    const alb = plan.cost.items.find((i) => i.stack === 'primary' && i.description.startsWith('ALB'))!;
    expect(alb).toMatchObject({ priceRegion: 'eu-west-1', approximate: false, unitPrice: 0.0252, priceAsOf: '2025-06-05' });
    expect(alb.priceSource).toBe('QuinnyPig/aws-price-watcher processed/elb.json @daa3fca6 (AWS pricing-page data)');
    const web = plan.cost.items.find((i) => i.stack === 'primary' && i.description.startsWith('EC2 3 × m4.large'))!;
    expect(web).toMatchObject({ priceRegion: 'eu-west-1', approximate: false, unitPrice: 0.111 });
  });

  it('is exact where every figure is there (a table that has them all)', () => {
    const full = (region: string): RegionPriceTable => ({ ...bundledPrices('us-east-1'), region, origin: 'offer-files', source: 'test', asOf: '2026-12-01' });
    const plan = buildPlan(exampleModel('trakcare.yaml'), { prices: full });
    expect(plan.cost.approximate).toBe(false);
    expect(plan.stacks.flatMap((s) => (s.kind === 'link' ? [] : [s.prices.origin]))).toEqual(['offer-files', 'offer-files', 'offer-files']);
    expect(plan.priceSource.note).not.toMatch(/Approximate/);
  });

  it("takes a figure a region's offer-file cache lacks from that region's bundled table, named by its own source", () => {
    // A cache of eu-west-1 whose ALB and NAT rows were refused: the ALB hour is eu-west-1's bundled
    // figure (exact, its own source); the NAT hour has no eu-west-1 figure anywhere (us-east-1's, approximate).
    const { albHour: _alb, natGatewayHour: _nat, ...rest } = bundledPrices('us-east-1').units;
    const cache = (region: string): RegionPriceTable | undefined =>
      region === 'eu-west-1' ? { region, origin: 'offer-files', source: 'AWS Price List offer files (test)', asOf: '2026-12-01', instanceUsdPerHour: bundledPrices('eu-west-1').instanceUsdPerHour, units: rest } : undefined;
    const plan = buildPlan(exampleModel('trakcare.yaml'), { prices: cache });
    const item = (match: RegExp) => plan.cost.items.find((i) => i.stack === 'primary' && match.test(i.description))!;
    expect(item(/^ALB/)).toMatchObject({ unitPrice: 0.0252, priceRegion: 'eu-west-1', approximate: false, priceAsOf: '2025-06-05' });
    expect(item(/^ALB/).priceSource).toMatch(/^QuinnyPig\/aws-price-watcher processed\/elb\.json/);
    expect(item(/^NAT gateway/)).toMatchObject({ unitPrice: 0.045, priceRegion: 'us-east-1', approximate: true });
    expect(item(/^EBS gp2 storage/)).toMatchObject({ priceRegion: 'eu-west-1', approximate: false, priceSource: 'AWS Price List offer files (test)', priceAsOf: '2026-12-01' });
  });

  it('prices dashboards at the account-wide figure in every region (offer files of a region may not list them)', () => {
    const { cloudwatchDashboardMonth: _dashboard, ...rest } = bundledPrices('us-east-1').units;
    const noDashboards = (region: string): RegionPriceTable => ({ ...bundledPrices('us-east-1'), units: rest, region, origin: 'offer-files', source: 'test', asOf: '2026-12-01' });
    const plan = buildPlan(exampleModel('trakcare.yaml'), { prices: noDashboards });
    expect(plan.cost.approximate).toBe(false);
    expect(plan.cost.items.filter((i) => /dashboard/.test(i.description)).map((i) => [i.stack, i.unitPrice, i.priceRegion, i.approximate])).toEqual([
      ['dr', 3, 'eu-central-1', false],
      ['primary', 3, 'eu-west-1', false],
    ]);
  });
});
