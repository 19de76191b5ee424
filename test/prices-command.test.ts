// refarch prices: the offer-file parser on fixtures in AWS's real format, the command against a
// local HTTP server standing in for the Price List endpoint, and plan reading what it cached.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricesFromOfferFile, usageOf, type OfferFile } from '../src/report/offer-file';
import { runPrices, pricesCommand } from '../src/cli/commands/prices';
import { planCommand } from '../src/cli/commands/plan';
import { readCachedPrices } from '../src/cli/price-cache';
import type { Plan } from '../src/report/plan';
import { runCommand } from './helpers/command';

const root = join(__dirname, '..');
const fixtures = join(__dirname, 'fixtures', 'prices');
const offer = (name: string): OfferFile => JSON.parse(readFileSync(join(fixtures, name, 'eu-west-1.json'), 'utf8')) as OfferFile;
const scratch = mkdtempSync(join(tmpdir(), 'refarch-prices-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('offer file -> price table', () => {
  it('strips the region prefix of usage types', () => {
    expect(usageOf('EUW2-EBS:VolumeUsage.gp3')).toBe('EBS:VolumeUsage.gp3');
    expect(usageOf('EBS:VolumeUsage.gp3')).toBe('EBS:VolumeUsage.gp3');
    expect(usageOf('eu-central-1-KMS-Keys')).toBe('KMS-Keys');
    expect(usageOf('EU-BoxUsage:m5.large')).toBe('BoxUsage:m5.large');
  });

  it('takes on-demand Linux, shared-tenancy, no-software, used-capacity instance prices of catalog types only', () => {
    const got = pricesFromOfferFile(offer('AmazonEC2'));
    // Not Windows (0.199), Dedicated (0.118), SQL (0.587); c5 is not a catalog type.
    expect(got.instanceUsdPerHour).toEqual({ 'm5.large': 0.107, 'm5.xlarge': 0.214, 'm4.large': 0.111 });
    expect(got.publicationDate).toBe('2026-11-20T00:00:00Z');
  });

  it('reads EBS per type, gp3 extras, io1, io2 tiers, snapshots and NAT gateways', () => {
    const u = pricesFromOfferFile(offer('AmazonEC2')).units;
    expect(u.ebsPerGiBMonth).toEqual({ gp2: 0.11, gp3: 0.088, io1: 0.138, io2: 0.138, st1: 0.05, sc1: 0.0168, standard: 0.055 });
    expect(u).toMatchObject({ gp3IopsMonthOver3000: 0.0055, gp3MiBpsMonthOver125: 0.044, io1IopsMonth: 0.072, snapshotPerGiBMonth: 0.05, natGatewayHour: 0.048 });
    expect(u.io2IopsMonthTiers).toEqual([{ upTo: 32000, usd: 0.072 }, { upTo: 64000, usd: 0.0504 }, { upTo: null, usd: 0.03528 }]);
  });

  it('reads load balancers by family, VPC, CloudWatch (first metric tier) and KMS figures', () => {
    expect(pricesFromOfferFile(offer('AWSELB')).units).toEqual({ albHour: 0.0252, nlbHour: 0.0252, classicElbHour: 0.028 });
    expect(pricesFromOfferFile(offer('AmazonVPC')).units).toEqual({ publicIpv4Hour: 0.005, interfaceEndpointAzHour: 0.011, vpnConnectionHour: 0.05 });
    expect(pricesFromOfferFile(offer('AmazonCloudWatch')).units).toEqual({ cloudwatchAlarmMonth: 0.1, cloudwatchMetricMonth: 0.3, cloudwatchDashboardMonth: 3 });
    expect(pricesFromOfferFile(offer('awskms')).units).toEqual({ kmsKeyMonth: 1 });
  });

  it('leaves out a table it saw only part of (an EBS type missing)', () => {
    const file = offer('AmazonEC2');
    const products = Object.fromEntries(Object.entries(file.products!).filter(([, p]) => p.attributes?.['usagetype'] !== 'EU-EBS:VolumeUsage.sc1'));
    expect(pricesFromOfferFile({ ...file, products }).units.ebsPerGiBMonth).toBeUndefined();
  });
});

describe('refarch prices', () => {
  let server: Server;
  let endpoint = '';
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const m = /^\/offers\/v1\.0\/aws\/(\w+)\/current\/([a-z0-9-]+)\/index\.json$/.exec(req.url ?? '');
      const file = m ? join(fixtures, m[1]!, `${m[2]}.json`) : '';
      if (m && existsSync(file)) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(readFileSync(file));
      } else if (req.url?.includes('/broken/')) {
        res.writeHead(503).end();
      } else res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('refreshes a region from the offer files into the cache, and plan prices from it with its date', async () => {
    const cache = join(scratch, 'cache-ok');
    const run = await runCommand(pricesCommand, ['--region', 'eu-west-1', '--cache-dir', cache, '--endpoint', endpoint], { cwd: root });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toBe(`eu-west-1: 3 instance prices, 17 unit prices, published 2026-11-20 -> ${join(cache, 'eu-west-1.json')}\n`);
    expect(requests.filter((r) => r.includes('/eu-west-1/')).sort()).toEqual(['AWSELB', 'AmazonCloudWatch', 'AmazonEC2', 'AmazonVPC', 'awskms'].map((o) => `/offers/v1.0/aws/${o}/current/eu-west-1/index.json`).sort());
    expect(readCachedPrices(cache, 'eu-west-1')).toMatchObject({ origin: 'offer-files', asOf: '2026-11-20', units: { albHour: 0.0252 } });

    const planRun = await runCommand(planCommand, [join(root, 'examples', 'minimal.yaml'), '--format', 'json', '--cache-dir', cache], { cwd: root });
    const plan = JSON.parse(planRun.out) as Plan;
    const primary = plan.stacks.find((s) => s.id === 'primary')!;
    if (primary.kind !== 'site') throw new Error('site');
    expect(primary.prices).toMatchObject({ region: 'eu-west-1', origin: 'offer-files', asOf: '2026-11-20' });
    expect(plan.cost.items.find((i) => i.description.startsWith('ALB'))).toMatchObject({ unitPrice: 0.0252, priceRegion: 'eu-west-1', approximate: false });
    const text = await runCommand(planCommand, [join(root, 'examples', 'minimal.yaml'), '--cache-dir', cache], { cwd: root });
    expect(text.out).toContain('- primary: eu-west-1 prices, AWS Price List offer files via refarch prices, as of 2026-11-20');
  });

  it('fails with one line and exit 2 when the endpoint cannot be reached, keeping the cache', async () => {
    const cache = join(scratch, 'cache-offline');
    const ok = await runCommand(pricesCommand, ['--region', 'eu-west-1', '--cache-dir', cache, '--endpoint', endpoint], { cwd: root });
    expect(ok.code).toBe(0);
    const before = readFileSync(join(cache, 'eu-west-1.json'), 'utf8');
    // A port nothing listens on: connection refused.
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((done) => closed.close(() => done()));
    const run = await runCommand(pricesCommand, ['--region', 'eu-west-1', '--cache-dir', cache, '--endpoint', dead], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(new RegExp(`^refarch: cannot fetch ${dead}/offers/v1\\.0/aws/AmazonEC2/current/eu-west-1/index\\.json \\(ECONNREFUSED\\); the bundled prices and the cached ones are unchanged\\n$`));
    expect(readFileSync(join(cache, 'eu-west-1.json'), 'utf8')).toBe(before);
  });

  it('fails with exit 2 on an HTTP error and writes nothing for that region', async () => {
    const cache = join(scratch, 'cache-http');
    const run = await runCommand(pricesCommand, ['--region', 'eu-west-1', '--cache-dir', cache, '--endpoint', `${endpoint}/broken`], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^refarch: cannot fetch .*\(HTTP 503\); the bundled prices and the cached ones are unchanged\n$/);
    expect(existsSync(join(cache, 'eu-west-1.json'))).toBe(false);
  });

  it('takes the regions of a spec, and refuses to run without regions', async () => {
    const fetched: string[] = [];
    const io = { out: () => undefined, err: () => undefined, color: false, cwd: root };
    const fake = async (url: string) => {
      fetched.push(url);
      return { ok: true, status: 200, text: async () => '{"publicationDate":"2026-11-20T00:00:00Z","products":{},"terms":{"OnDemand":{}}}' };
    };
    expect(await runPrices({ 'cache-dir': join(scratch, 'cache-spec') }, [join(root, 'examples', 'trakcare.yaml')], io, fake, {})).toBe(0);
    expect([...new Set(fetched.map((u) => /current\/([a-z0-9-]+)\//.exec(u)![1]))].sort()).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
    const none = await runCommand(pricesCommand, [], { cwd: root });
    expect(none.code).toBe(2);
    expect(none.err).toBe('name the regions to refresh: --region <region> (repeatable) or a spec file');
    const unknown = await runCommand(pricesCommand, ['--region', 'eu-west-1', '--cache-dir', join(scratch, 'cache-404'), '--endpoint', `${endpoint}/nothing-here`], { cwd: root });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no offer file published for this region/);
  });
});
