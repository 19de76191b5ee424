// refarch plan: the JSON report of every example, its cost arithmetic (checked against the catalog
// independently of src/report), the table and Markdown renderings, and invalid specs.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EBS_VOLUME_TYPES, INSTANCE_PRICES, INSTANCE_TYPES, PRICING, ROUTE53_PRICES, UNIT_PRICES, vcpuQuotaOf, type UnitPrices } from '../src/catalog/catalog';
import { planCommand } from '../src/cli/commands/plan';
import type { Command } from '../src/cli/command';
import type { DeploymentModel } from '../src/model/model';
import { buildPlan, type Plan, type PlanQuota } from '../src/report/plan';
import { synthesizeInMemory } from '../src/synth/index';
import { checkFile } from '../src/validate/validate';
import { exampleModel as modelOf, exampleText, modelOfText } from './helpers/models';
import { runCommand, type CommandRun } from './helpers/command';

const root = join(__dirname, '..');
const examplesDir = join(root, 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml')).sort();
const scratch = mkdtempSync(join(tmpdir(), 'refarch-plan-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Run = CommandRun;

/** Runs a command the way src/cli/main.ts does (argument parsing, usage errors -> exit 2). */
const cli = (command: Command, argv: string[], color = false): Promise<Run> => runCommand(command, argv, { cwd: root, color });


async function planOf(file: string): Promise<Plan> {
  const run = await cli(planCommand, [join(examplesDir, file), '--format', 'json']);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as Plan;
}

// --- the test's own arithmetic: integer micro-dollars, round half up to the cent --------------
const micros = (price: number): bigint => BigInt(Math.round(price * 1e6));
const cents = (quantity: number, price: number): number => Number((BigInt(quantity) * micros(price) + 5000n) / 10000n);
const HOURS = PRICING.rows.hoursPerMonth;
/** The catalog's figure for a region, or us-east-1's where the region has none (what plan must use and flag). */
const unitAt = <K extends keyof UnitPrices>(region: string, name: K): UnitPrices[K] => (UNIT_PRICES.rows[region]?.[name] ?? UNIT_PRICES.rows['us-east-1']![name]) as UnitPrices[K];
const instanceAt = (region: string, type: string): number => INSTANCE_PRICES.rows[region]?.usdPerHour[type] ?? INSTANCE_PRICES.rows['us-east-1']!.usdPerHour[type]!;

describe('refarch plan --format json', () => {
  it.each(examples)('%s: the document has the documented shape', async (file) => {
    const plan = await planOf(file);
    const model = modelOf(file);
    expect(plan.apiVersion).toBe('refarch/v1');
    expect(plan.kind).toBe('Plan');
    expect(plan.name).toBe(model.name);
    expect(plan.currency).toBe('USD');
    expect(plan.priceSource).toMatchObject({ pricing: 'on-demand', hoursPerMonth: HOURS });
    expect(plan.priceSource.note).not.toMatch(/prices differ by region/);
    expect(plan.priceSource.note).toContain(`${HOURS} hours a month`);
    // Every site stack is priced at its own region; the dns stack at us-east-1 (Route 53 is global).
    for (const stack of plan.stacks) {
      if (stack.kind === 'site') expect(stack.prices.region).toBe(stack.region);
      if (stack.kind === 'dns') expect(stack.prices.region).toBe('us-east-1');
      if (stack.kind !== 'link') {
        expect(stack.prices.source.length).toBeGreaterThan(10);
        expect(stack.prices.asOf).toMatch(/^\d{4}-\d{2}/);
        expect(stack.prices.approximate).toBe(plan.cost.items.some((i) => i.stack === stack.id && i.approximate));
      }
    }
    expect(plan.cost.approximate).toBe(plan.cost.items.some((i) => i.approximate));
    // In apply order: the DR stack first (the primary's snapshot copy looks up the DR key).
    const expectedStacks = [model.dr && 'dr', model.primary && 'primary', model.link && 'link', model.dns && 'dns'].filter(Boolean);
    expect(plan.stacks.map((s) => s.id)).toEqual(expectedStacks);
    expect(plan.cost.currency).toBe('USD');
    for (const item of plan.cost.items) {
      expect(Object.keys(item).sort()).toEqual(['approximate', 'category', 'description', 'monthly', 'monthlyCents', 'priceAsOf', 'priceRegion', 'priceSource', 'quantity', 'stack', 'tier', 'unit', 'unitPrice'].sort());
      // Every priced row names where its unit price comes from and when it was taken.
      expect(item.priceSource, item.description).toMatch(/\S/);
      expect(item.priceAsOf, item.description).toMatch(/^\d{4}-\d{2}/);
      expect(Number.isSafeInteger(item.quantity) && item.quantity > 0).toBe(true);
    }
    // Every instance of the model appears once, with its type and zone.
    for (const site of [model.primary, model.dr]) {
      if (!site) continue;
      const stack = plan.stacks.find((s) => s.id === site.stackId);
      if (stack?.kind !== 'site') throw new Error(`no site stack ${site.stackId}`);
      const listed = stack.tiers.flatMap((t) => t.instances.map((i) => `${i.key} ${i.instanceType} ${i.az}`));
      expect(listed.sort()).toEqual(site.instances.map((i) => `${i.key} ${i.instanceType} ${i.az}`).sort());
    }
  });

  // The VIP lists the targets Terraform registers, and says how the NLB behaves with none healthy.
  it.each(examples)('%s: mirror VIPs list the failover pair as targets; a DR VIP lists none and says why', async (file) => {
    const plan = await planOf(file);
    for (const stack of plan.stacks) {
      if (stack.kind !== 'site') continue;
      const vips = stack.loadBalancers.filter((lb) => lb.type === 'network');
      expect(vips.length, stack.id).toBeGreaterThan(0);
      for (const vip of vips) {
        if (stack.role === 'dr') {
          expect(vip.targets).toEqual([]);
          expect(vip.purpose).toContain('no target until promotion');
          expect(vip.purpose).toContain('register-targets');
        } else {
          expect(vip.targets.length).toBe(2);
          expect(vip.purpose).toContain('fails open to both members');
        }
      }
    }
  });

  it.each(examples)('%s: cost.monthly is, to the cent, the sum of the items', async (file) => {
    const plan = await planOf(file);
    const sum = plan.cost.items.reduce((n, i) => n + i.monthlyCents, 0);
    expect(plan.cost.monthlyCents).toBe(sum);
    expect(Math.round(plan.cost.monthly * 100)).toBe(sum);
    expect(Math.round(plan.cost.items.reduce((n, i) => n + Math.round(i.monthly * 100), 0))).toBe(sum);
    for (const item of plan.cost.items) {
      expect(item.monthlyCents, item.description).toBe(cents(item.quantity, item.unitPrice));
      expect(Math.round(item.monthly * 100), item.description).toBe(item.monthlyCents);
    }
    const byStack = Object.values(plan.cost.byStack).reduce((n, v) => n + Math.round(v * 100), 0);
    const byTier = Object.values(plan.cost.byTier).reduce((n, v) => n + Math.round(v * 100), 0);
    expect(byStack).toBe(sum);
    expect(byTier).toBe(sum);
  });

  it.each(examples)('%s: instance items are catalog $/h × 730 h × the resolved counts', async (file) => {
    const plan = await planOf(file);
    const model = modelOf(file);
    const expected = new Map<string, { quantity: number; cents: number }>();
    for (const site of [model.primary, model.dr]) {
      for (const i of site?.instances ?? []) {
        const key = `${site!.stackId}/${i.tier}/${i.instanceType}`;
        const price = instanceAt(site!.region, i.instanceType);
        const e = expected.get(key) ?? { quantity: 0, cents: 0 };
        expected.set(key, { quantity: e.quantity + HOURS, cents: cents(e.quantity + HOURS, price) });
      }
    }
    const actual = new Map<string, { quantity: number; cents: number }>();
    for (const item of plan.cost.items.filter((i) => i.category === 'instance')) {
      const type = /× (\S+)/.exec(item.description)![1]!;
      const region = plan.stacks.find((s) => s.id === item.stack)!.kind === 'site' ? (plan.stacks.find((s) => s.id === item.stack) as { region: string }).region : 'us-east-1';
      expect(item.unitPrice).toBe(instanceAt(region, type));
      expect(item.approximate).toBe(INSTANCE_PRICES.rows[region]?.usdPerHour[type] === undefined);
      expect(item.unit).toBe('instance-hour');
      actual.set(`${item.stack}/${item.tier}/${type}`, { quantity: item.quantity, cents: item.monthlyCents });
    }
    expect(actual).toEqual(expected);
  });

  it.each(examples)('%s: EBS items are catalog prices × the resolved volumes, root volumes included', async (file) => {
    const plan = await planOf(file);
    const model = modelOf(file);
    const regionOf = (stack: string): string => (stack === 'dr' ? model.dr!.region : model.primary!.region);
    // quantity per stack/tier/type/component, then priced.
    const qty = new Map<string, number>();
    const add = (key: string, n: number): void => {
      if (n > 0) qty.set(key, (qty.get(key) ?? 0) + n);
    };
    for (const site of [model.primary, model.dr]) {
      for (const i of site?.instances ?? []) {
        const base = `${site!.stackId}/${i.tier}`;
        const included = EBS_VOLUME_TYPES.rows.gp3.included!;
        const vols = [{ type: i.rootVolume.type, sizeGiB: i.rootVolume.sizeGiB, iops: undefined as number | undefined, throughputMiBps: undefined as number | undefined }, ...i.volumes];
        for (const v of vols) {
          add(`${base}/${v.type}/storage`, v.sizeGiB);
          if (v.type === 'io1') add(`${base}/${v.type}/iops`, v.iops ?? 0);
          if (v.type === 'gp3') {
            add(`${base}/gp3/iops`, Math.max(0, (v.iops ?? included.iops) - included.iops));
            add(`${base}/gp3/throughput`, Math.max(0, (v.throughputMiBps ?? included.throughputMiBps) - included.throughputMiBps));
          }
        }
      }
    }
    const priceOf = (key: string): number => {
      const [stack, , type, part] = key.split('/') as [string, string, keyof UnitPrices['ebsPerGiBMonth'], string];
      const region = regionOf(stack);
      if (part === 'storage') return unitAt(region, 'ebsPerGiBMonth')[type];
      if (part === 'throughput') return unitAt(region, 'gp3MiBpsMonthOver125');
      return type === 'gp3' ? unitAt(region, 'gp3IopsMonthOver3000') : unitAt(region, 'io1IopsMonth');
    };
    const expected = new Map([...qty].map(([k, q]) => [k, { quantity: q, unitPrice: priceOf(k), cents: cents(q, priceOf(k)) }]));
    const actual = new Map<string, { quantity: number; unitPrice: number; cents: number }>();
    for (const item of plan.cost.items.filter((i) => i.category === 'ebs' && !i.description.startsWith('EBS io2 provisioned IOPS'))) {
      const m = /^EBS (\S+) (storage|provisioned IOPS|IOPS|throughput)/.exec(item.description)!;
      const part = m[2] === 'storage' ? 'storage' : m[2] === 'throughput' ? 'throughput' : 'iops';
      actual.set(`${item.stack}/${item.tier}/${m[1]}/${part}`, { quantity: item.quantity, unitPrice: item.unitPrice, cents: item.monthlyCents });
    }
    expect(actual).toEqual(expected);
  });

  it.each(examples)('%s: load balancers, NAT gateways, VPN, Route 53 and alarms are priced from the catalog', async (file) => {
    const plan = await planOf(file);
    const model = modelOf(file);
    for (const site of [model.primary, model.dr]) {
      if (!site) continue;
      const at = <K extends keyof UnitPrices>(name: K): UnitPrices[K] => unitAt(site.region, name);
      const items = plan.cost.items.filter((i) => i.stack === site.stackId);
      const lbs = items.filter((i) => i.category === 'load-balancer');
      const vips = site.mirrors.filter((m) => m.vip).length;
      expect(lbs.filter((i) => i.unitPrice === at('nlbHour') && i.tier === 'database')).toHaveLength(vips);
      expect(lbs.filter((i) => i.tier === 'web')).toHaveLength(site.webLoadBalancer ? 1 : 0);
      for (const lb of lbs) expect(lb.quantity).toBe(HOURS);
      // NAT gateways only with egress nat in a VPC refarch creates: nothing else is priced.
      const nat = items.filter((i) => i.category === 'nat-gateway');
      const azs = site.subnets.filter((s) => s.tier === 'public').length;
      expect(nat.map((i) => i.quantity)).toEqual(site.egress.kind === 'nat' ? [(site.natGateways === 'single' ? 1 : azs) * HOURS] : []);
      for (const i of nat) expect(i.unitPrice).toBe(at('natGatewayHour'));
      if (site.network.kind === 'existing') expect(items.filter((i) => i.category === 'public-ipv4' || i.category === 'vpc-endpoint' || i.category === 'nat-gateway')).toEqual([]);
      expect(items.filter((i) => i.category === 'vpn').map((i) => i.quantity)).toEqual(site.vpn ? [HOURS] : []);
      expect(items.find((i) => i.category === 'cloudwatch')!.unitPrice).toBe(at('cloudwatchAlarmMonth'));
    }
    const dns = plan.stacks.find((s) => s.kind === 'dns');
    if (model.dns && dns?.kind === 'dns') {
      const items = plan.cost.items.filter((i) => i.stack === 'dns');
      const checks = model.dns.secondary ? 2 : 1;
      const zone = items.filter((i) => i.description.startsWith('Route 53 hosted zone'));
      expect(zone.map((i) => i.monthlyCents)).toEqual(model.dns.createZone ? [cents(1, ROUTE53_PRICES.rows.zoneMonth)] : []);
      expect(items.find((i) => i.description.startsWith('Route 53 health checks'))!.monthlyCents).toBe(cents(checks, ROUTE53_PRICES.rows.healthCheckMonth));
      // HTTPS and string matching are the two optional features of each check.
      expect(items.find((i) => i.description.includes('optional features'))!.monthlyCents).toBe(cents(checks * 2, ROUTE53_PRICES.rows.healthCheckOptionMonth));
    }
    const notEstimated = plan.cost.notEstimated.map((n) => n.description).join('\n');
    expect(notEstimated).toMatch(/LCU/);
    if (model.primary || model.dr) expect(notEstimated).toMatch(/snapshots/i);
  });

  it.each(examples)('%s: alarm counts match the alarms the synthesized stacks define', async (file) => {
    const plan = await planOf(file);
    const stacks = synthesizeInMemory(modelOf(file));
    for (const stack of stacks) {
      const planned = plan.stacks.find((s) => s.id === stack.id);
      const synthesized = Object.keys(stack.json.resource?.['aws_cloudwatch_metric_alarm'] ?? {}).length;
      const counted = planned && 'alarms' in planned ? planned.alarms.count : 0;
      expect(counted, `${file} ${stack.id}: src/report/alarms.ts counts ${counted} alarms, the stack defines ${synthesized}`).toBe(synthesized);
    }
  });
});

describe('refarch plan text and Markdown', () => {
  it('prints aligned tables without colour when io.color is false, and states region, date and 730 h', async () => {
    const run = await cli(planCommand, [join(examplesDir, 'trakcare.yaml')]);
    expect(run.code).toBe(0);
    expect(run.out).not.toMatch(/\u001b\[/);
    // Each stack says the region it is priced at, with the date of its prices.
    expect(run.out).toContain('Stack primary: eu-west-1 (priced at eu-west-1 prices, approximate)');
    expect(run.out).toMatch(/- primary: eu-west-1 prices, bundled, as of 2026-12-02/);
    expect(run.out).toMatch(/- dns: us-east-1 prices, bundled, as of 2026-07-20/);
    expect(run.out).toContain('TOTAL (approximate)');
    expect(run.out).toMatch(/730 hours a month/);
    expect(run.out).not.toMatch(/prices differ by region/);
    expect(run.out).toMatch(/Not estimated/);
    // The cost table: every row ends at the same column (right-aligned MONTHLY).
    const lines = run.out.split('\n');
    const head = lines.findIndex((l) => /^\s+STACK\s+TIER\s+ITEM/.test(l));
    const end = lines.findIndex((l, i) => i > head && /TOTAL/.test(l));
    expect(head).toBeGreaterThan(0);
    const widths = new Set(lines.slice(head, end + 1).map((l) => l.length));
    expect(widths.size).toBe(1);
    // Instance table rows: the TYPE column starts at the same offset on every row.
    const instHead = lines.findIndex((l) => /^\s+TIER\s+KEY\s+TYPE\s+AZ\s+ROLE/.test(l));
    const typeCol = lines[instHead]!.indexOf('TYPE');
    expect(lines[instHead + 1]!.slice(typeCol)).toMatch(/^m4\./);
    expect(lines[instHead + 1]!.slice(typeCol - 2, typeCol)).toBe('  ');
  });

  it('colours only when io.color is true', async () => {
    const run = await cli(planCommand, [join(examplesDir, 'minimal.yaml')], true);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/\u001b\[1m/);
  });

  it('renders Markdown tables', async () => {
    const run = await cli(planCommand, [join(examplesDir, 'healthshare.yaml'), '--format', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^# refarch plan: healthshare-prod/m);
    expect(run.out).toMatch(/^\| STACK \| TIER \| ITEM \| QUANTITY \| UNIT PRICE \| MONTHLY \|$/m);
    expect(run.out).toMatch(/^\|---\|---\|---\|---:\|---:\|---:\|$/m);
    expect(run.out).toMatch(/^\| TIER \| KEY \| TYPE \| AZ \| ROLE \|$/m);
    expect(run.out).not.toMatch(/\u001b\[/);
  });
});

describe('refarch plan: DNS delegation', () => {
  it('a created zone is said to need delegation from its parent; an existing one is looked up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refarch-plan-zone-'));
    try {
      const text = require('node:fs').readFileSync(join(examplesDir, 'trakcare.yaml'), 'utf8').replace('  record: trakcare\n', '  record: trakcare\n  createZone: true\n') as string;
      writeFileSync(join(dir, 'zone.yaml'), text);
      const created = await cli(planCommand, [join(dir, 'zone.yaml')]);
      expect(created.code, created.err).toBe(0);
      expect(created.out).toContain('Hosted zone example.org (created): after applying, delegate to it from the parent zone with the name servers of `terraform output name_servers`');
      const existing = await cli(planCommand, [join(examplesDir, 'trakcare.yaml')]);
      expect(existing.out).toContain('Hosted zone example.org (existing, looked up)');
      expect(existing.out).not.toContain('delegate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('refarch plan on bad input', () => {
  it('exits 1 with diagnostics on an invalid spec and prints no plan', async () => {
    const file = join(scratch, 'bad.yaml');
    writeFileSync(file, 'apiVersion: refarch/v1\nname: bad-one\nprofile: cache\nregion: eu-west-1\navailabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]\nweb:\n  count: -1\n');
    const run = await cli(planCommand, [file, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toMatch(/bad\.yaml:7:\d+ error \[schema\./);
    expect(run.err).toMatch(/no plan was made/);
  });

  it('exits 2 on a missing file, an unknown format or no file', async () => {
    expect((await cli(planCommand, [join(scratch, 'missing.yaml')])).code).toBe(2);
    expect((await cli(planCommand, [join(examplesDir, 'minimal.yaml'), '--format', 'xml'])).code).toBe(2);
    expect((await cli(planCommand, [])).code).toBe(2);
  });
});

describe('plan: mirror and ECP roles (day one, #14)', () => {
  it('lists each instance\'s host name and its role in the mirror and the ECP cluster, in JSON and in the table', async () => {
    const plan = await planOf('trakcare.yaml');
    const primary = plan.stacks.find((s) => s.id === 'primary');
    if (primary?.kind !== 'site') throw new Error('no primary stack');
    const all = primary.tiers.flatMap((t) => t.instances);
    const of = (key: string) => all.find((i) => i.key === key)!;
    expect(of('db_trakcare_primary')).toMatchObject({ hostName: 'db-trakcare-primary.primary.trakcare-prod.internal', cluster: { mirror: 'primary failover member of TRAKCARE', ecp: 'ECP data server' } });
    expect(of('db_trakcare_backup').cluster.mirror).toBe('backup failover member of TRAKCARE');
    expect(of('arbiter').cluster).toEqual({ mirror: 'arbiter of TRAKCARE', ecp: null });
    expect(of('app_2').cluster.ecp).toContain('ECP application server of TRAKCARE via db-trakcare-primary.primary.trakcare-prod.internal');
    const text = (await cli(planCommand, [join(examplesDir, 'trakcare.yaml')])).out;
    expect(text).toContain('Mirror and ECP roles');
    expect(text).toMatch(/db_trakcare_async_1\s+db-trakcare-async-1\.dr\.trakcare-prod\.internal\s+DR async of TRAKCARE\s+ECP data server/);
  });
});

describe('Service Quotas each stack needs', () => {
  const quotasOf = (plan: Plan, id: string): readonly PlanQuota[] => {
    const stack = plan.stacks.find((s) => s.id === id);
    if (stack?.kind !== 'site') throw new Error(`no site stack ${id}`);
    return stack.quotas;
  };

  it('every catalog instance type counts against a named On-Demand vCPU quota', () => {
    const unmapped = Object.keys(INSTANCE_TYPES.rows).filter((t) => vcpuQuotaOf(t) === undefined);
    expect(unmapped).toEqual([]);
    expect(vcpuQuotaOf('r6i.8xlarge')?.code).toBe('L-1216C47A');
    expect(vcpuQuotaOf('x2idn.16xlarge')?.code).toBe('L-7295265B');
  });

  it('vCPUs per quota: the sum of the catalog vCPUs of the stack\'s instances', () => {
    const model = modelOf('trakcare.yaml');
    const plan = buildPlan(model);
    for (const site of [model.primary!, model.dr!]) {
      const expected = site.instances.reduce((n, i) => n + INSTANCE_TYPES.rows[i.instanceType]!.vCpu, 0);
      expect(expected).toBeGreaterThan(0);
      expect(quotasOf(plan, site.stackId).filter((q) => q.unit === 'vCPU')).toEqual([{ service: 'ec2', code: 'L-1216C47A', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', amount: expected, unit: 'vCPU' }]);
    }
  });

  it('EBS storage per type (root volumes included) and io1/io2 IOPS', () => {
    const model = modelOf('trakcare.yaml');
    const quotas = quotasOf(buildPlan(model), 'primary');
    const site = model.primary!;
    const io1 = site.instances.flatMap((i) => i.volumes.filter((v) => v.type === 'io1'));
    expect(io1.length).toBeGreaterThan(0);
    expect(quotas.find((q) => q.code === 'L-B3A130E6')?.amount).toBe(io1.reduce((n, v) => n + v.iops!, 0));
    const gp3GiB = site.instances.reduce((n, i) => n + (i.rootVolume.type === 'gp3' ? i.rootVolume.sizeGiB : 0) + i.volumes.filter((v) => v.type === 'gp3').reduce((m, v) => m + v.sizeGiB, 0), 0);
    expect(quotas.find((q) => q.code === 'L-7A658B76')).toEqual({ service: 'ebs', code: 'L-7A658B76', name: 'Storage for General Purpose SSD (gp3) volumes, in TiB', amount: Math.ceil((gp3GiB / 1024) * 100) / 100, unit: 'TiB' });
    const used = new Set(site.instances.flatMap((i) => [i.rootVolume.type, ...i.volumes.map((v) => v.type)]));
    expect(quotas.filter((q) => q.unit === 'TiB').length).toBe(used.size);
  });

  it('network and load balancers: a VPC, a NAT gateway and Elastic IP per zone with one, one ALB, an NLB per mirror VIP', () => {
    const model = modelOf('trakcare.yaml');
    const counts = Object.fromEntries(quotasOf(buildPlan(model), 'primary').filter((q) => q.unit === 'count').map((q) => [q.name, q.amount]));
    const ssm = Object.keys(synthesizeInMemory(model).find((st) => st.id === 'primary')!.json.resource?.['aws_ssm_parameter'] ?? {}).length;
    expect(ssm).toBeGreaterThan(20);
    expect(counts).toEqual({
      'Standard parameters per Region (not adjustable)': ssm,
      'VPCs per Region': 1,
      'NAT gateways per Availability Zone': 1,
      'EC2-VPC Elastic IPs': model.primary!.natGatewayAzIndexes.length,
      'Application Load Balancers per Region': 1,
      'Network Load Balancers per Region': model.primary!.mirrors.filter((m) => m.vip).length,
    });
    // An existing VPC with central egress: no VPC, NAT gateway or Elastic IP of refarch's.
    const lz = Object.fromEntries(quotasOf(buildPlan(modelOf('landing-zone.yaml')), 'primary').filter((q) => q.unit === 'count').map((q) => [q.name, q.amount]));
    expect(lz['VPCs per Region']).toBeUndefined();
    expect(lz['EC2-VPC Elastic IPs']).toBeUndefined();
  });

  it('memory-optimised X members count against the X quota; the text lists every quota of the stack', async () => {
    const text = exampleText('trakcare.yaml').replace(/^ {2}instanceType: m4\.10xlarge$/m, '  instanceType: x2idn.16xlarge');
    const quotas = quotasOf(buildPlan(modelOfText(text)), 'primary');
    expect(quotas.filter((q) => q.unit === 'vCPU').map((q) => q.code)).toEqual(['L-1216C47A', 'L-7295265B']);
    expect(quotas.find((q) => q.code === 'L-7295265B')!.amount).toBe(2 * INSTANCE_TYPES.rows['x2idn.16xlarge']!.vCpu);
    const file = join(scratch, 'x-members.yaml');
    writeFileSync(file, text);
    const run = await cli(planCommand, [file]);
    expect(run.out).toMatch(/Service Quotas in eu-west-1 \(on top of what already runs there/);
    expect(run.out).toMatch(/ec2 +L-7295265B +Running On-Demand X instances +128 vCPUs/);
    expect(run.out).toMatch(/ebs +L-B3A130E6 +IOPS for Provisioned IOPS SSD \(io1\) volumes +40,000 IOPS/);
    expect(run.out).toMatch(/elasticloadbalancing +L-53DA6B97 +Application Load Balancers per Region +1/);
  });
});

describe('Standard SSM parameters: a hard limit shared by the stacks of one region and account', () => {
  const spec = (drRegion: string): string =>
    [
      'apiVersion: refarch/v1',
      'name: ssm-limit',
      'profile: healthshare',
      'region: us-east-1',
      'availabilityZones: [us-east-1a, us-east-1b, us-east-1c, us-east-1d]',
      'web: { count: 1000 }',
      'app: { count: 127 }',
      'products:',
      ...Array.from({ length: 10 }, (_, i) => `  - name: product-${i + 1}`),
      'dr:',
      `  region: ${drRegion}`,
      `  availabilityZones: [${['a', 'b', 'c', 'd'].map((z) => `${drRegion}${z}`).join(', ')}]`,
      '  asyncMembers: 4',
      '  capacity: full',
      '',
    ].join('\n');

  it('two sites in one region past 10,000 parameters: the text says apply fails, and why; in two regions it does not', async () => {
    const same = join(scratch, 'ssm-same-region.yaml');
    writeFileSync(same, spec('us-east-1'));
    const run = await cli(planCommand, [same]);
    const plan = buildPlan(modelOfText(spec('us-east-1')));
    const needs = plan.stacks.flatMap((s) => (s.kind === 'site' ? s.quotas.filter((q) => q.service === 'ssm').map((q) => q.amount) : []));
    expect(needs.length).toBe(2);
    const total = needs.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(10_000);
    expect(run.out).toContain(`Over a hard limit: dr and primary need ${total.toLocaleString('en-US')} Standard SSM parameters in us-east-1, and an account has 10,000 per region (not adjustable): apply fails`);
    // Every quota summed over the two stacks, once (the account's quotas are per region).
    const eips = plan.stacks.reduce((n, st) => n + (st.kind === 'site' ? (st.quotas.find((q) => q.code === 'L-0263D0A3')?.amount ?? 0) : 0), 0);
    expect(run.out.match(/^Together, dr and primary in us-east-1 need: /gm)).toHaveLength(1);
    expect(run.out).toMatch(new RegExp(`^Together, dr and primary in us-east-1 need: .*; ${eips} EC2-VPC Elastic IPs; ${total.toLocaleString('en-US')} Standard parameters per Region`, 'm'));
    const apart = join(scratch, 'ssm-two-regions.yaml');
    writeFileSync(apart, spec('us-west-2'));
    const separate = (await cli(planCommand, [apart])).out;
    expect(separate).not.toContain('Over a hard limit');
    expect(separate).not.toContain('Together,');
  }, 60_000);
});
