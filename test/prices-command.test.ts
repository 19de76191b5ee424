// refarch prices: the offer-file parser on fixtures in AWS's real CSV format, a generated offer file
// of 200,000 rows read as a stream, the command against a local HTTP server standing in for the
// Price List endpoint, and plan reading what it cached.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFields, OfferCsvReader, OfferFileError, pricesFromOfferCsv, usageOf } from '../src/report/offer-file';
import { noProxyExempts, runPrices, pricesCommand } from '../src/cli/commands/prices';
import { planCommand } from '../src/cli/commands/plan';
import { readCachedPrices } from '../src/cli/price-cache';
import type { Plan } from '../src/report/plan';
import { runCommand } from './helpers/command';

const root = join(__dirname, '..');
const fixtures = join(__dirname, 'fixtures', 'prices');
const offerText = (name: string): string => readFileSync(join(fixtures, name, 'eu-west-1.csv'), 'utf8');
const offer = (name: string) => pricesFromOfferCsv(offerText(name));
const scratch = mkdtempSync(join(tmpdir(), 'refarch-prices-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('offer file -> price table', () => {
  it('strips the region prefix of usage types', () => {
    expect(usageOf('EUW2-EBS:VolumeUsage.gp3')).toBe('EBS:VolumeUsage.gp3');
    expect(usageOf('EBS:VolumeUsage.gp3')).toBe('EBS:VolumeUsage.gp3');
    expect(usageOf('eu-central-1-KMS-Keys')).toBe('KMS-Keys');
    expect(usageOf('EU-BoxUsage:m5.large')).toBe('BoxUsage:m5.large');
    expect(usageOf('CAN1-NatGateway-Hours')).toBe('NatGateway-Hours');
    expect(usageOf('NatGateway-Hours')).toBe('NatGateway-Hours');
    // us-east-1 has no prefix: its trust-store variant of the ALB hour keeps "TS-".
    expect(usageOf('TS-LoadBalancerUsage')).toBe('TS-LoadBalancerUsage');
    expect(usageOf('EU-TS-LoadBalancerUsage')).toBe('TS-LoadBalancerUsage');
    expect(usageOf('VPN-Usage-Hours:ipsec.1')).toBe('VPN-Usage-Hours:ipsec.1');
  });

  it('splits CSV records as AWS quotes them', () => {
    expect(csvFields('"a","b,c","d ""e""",""')).toEqual(['a', 'b,c', 'd "e"', '']);
    expect(csvFields('a,,"b"')).toEqual(['a', '', 'b']);
  });

  it('takes on-demand Linux, shared-tenancy, no-software, used-capacity instance prices of catalog types only', () => {
    const got = offer('AmazonEC2');
    // Not Windows (0.199), Dedicated (0.118), SQL (0.587), a reserved term (0.042); c6i is not a catalog type.
    expect(got.instanceUsdPerHour).toEqual({ 'm5.large': 0.107, 'm5.xlarge': 0.214, 'm4.large': 0.111 });
    expect(got.publicationDate).toBe('2025-09-12T22:53:08Z');
    expect(got.problems).toEqual([]);
  });

  it('reads EBS per type, gp3 extras, io1, io2 tiers, snapshots and NAT gateways', () => {
    const u = offer('AmazonEC2').units;
    expect(u.ebsPerGiBMonth).toEqual({ gp2: 0.11, gp3: 0.088, io1: 0.138, io2: 0.138, st1: 0.05, sc1: 0.0168, standard: 0.055 });
    expect(u).toMatchObject({ gp3IopsMonthOver3000: 0.0055, gp3MiBpsMonthOver125: 0.044, io1IopsMonth: 0.072, snapshotPerGiBMonth: 0.05, natGatewayHour: 0.048 });
    expect(u.io2IopsMonthTiers).toEqual([{ upTo: 32000, usd: 0.072 }, { upTo: 64000, usd: 0.0504 }, { upTo: null, usd: 0.03528 }]);
  });

  it('reads load balancers by family, VPC, CloudWatch (first metric tier) and KMS figures', () => {
    // Not the TS- (0.0063) or Outposts variants of the ALB hour.
    expect(offer('AWSELB').units).toEqual({ albHour: 0.0252, nlbHour: 0.0252, classicElbHour: 0.028 });
    expect(offer('AmazonVPC').units).toEqual({ publicIpv4Hour: 0.005, interfaceEndpointAzHour: 0.011, vpnConnectionHour: 0.05 });
    expect(offer('AmazonCloudWatch').units).toEqual({ cloudwatchAlarmMonth: 0.1, cloudwatchMetricMonth: 0.3, cloudwatchDashboardMonth: 3 });
    expect(offer('awskms').units).toEqual({ kmsKeyMonth: 1 });
  });

  it('leaves out a table it saw only part of (an EBS type missing)', () => {
    const text = offerText('AmazonEC2').split('\n').filter((l) => !l.includes('"EU-EBS:VolumeUsage.sc1"')).join('\n');
    expect(pricesFromOfferCsv(text).units.ebsPerGiBMonth).toBeUndefined();
  });

  it('reads the same figures whatever chunks a stream splits the file into (CRLF too)', () => {
    const text = offerText('AmazonEC2').replace(/\n/g, '\r\n');
    const reader = new OfferCsvReader();
    for (let i = 0; i < text.length; i += 7) reader.push(text.slice(i, i + 7));
    expect(reader.result()).toEqual(offer('AmazonEC2'));
  });

  it('refuses a file without the header row or its columns', () => {
    expect(() => pricesFromOfferCsv('<html>Access Denied</html>\n')).toThrow(OfferFileError);
    expect(() => pricesFromOfferCsv('"FormatVersion","v1.0"\n"SKU","TermType"\n')).toThrow('its header row has no OfferTermCode, StartingRange, Unit, PricePerUnit, Currency, usageType column');
  });

  it('reads every price with its Unit: gp3 throughput per GiBps-month becomes $0.044 per MiB/s-month', () => {
    // The real eu-west-1 row: "EU-EBS:VolumeP-Throughput.gp3", Unit "GiBps-mo", PricePerUnit 45.056.
    const row = offerText('AmazonEC2').split('\n').find((l) => l.includes('"EU-EBS:VolumeP-Throughput.gp3"'))!;
    expect(row).toContain('"GiBps-mo","45.0560000000"');
    expect(offer('AmazonEC2').units.gp3MiBpsMonthOver125).toBe(0.044);
    // The same figure stated per MiBps-month is taken as it is.
    const perMiB = offerText('AmazonEC2').replace('"GiBps-mo","45.0560000000"', '"MiBps-mo","0.0440000000"');
    expect(pricesFromOfferCsv(perMiB).units.gp3MiBpsMonthOver125).toBe(0.044);
  });

  it('refuses a row in a unit it does not convert, naming it, rather than guessing', () => {
    const text = offerText('AmazonEC2').replace('"GiBps-mo","45.0560000000"', '"TiBps-mo","46137.344"');
    const got = pricesFromOfferCsv(text);
    expect(got.units.gp3MiBpsMonthOver125).toBeUndefined();
    expect(got.problems).toEqual([expect.stringMatching(/^line \d+: EBS:VolumeP-Throughput\.gp3 is priced per "TiBps-mo", a unit refarch does not convert to MiBps-month \(it reads gibps-mo, gibps-month, mibps-mo, mibps-month\): left out$/)]);
    // An instance hour in another unit is refused too.
    const perDay = pricesFromOfferCsv(offerText('AmazonEC2').replace(/("EU-BoxUsage:m5\.xlarge".*)/, '$1').replace('"OnDemand","$0.214 per Hrs m5.xlarge","2025-09-01","0","Inf","Hrs"', '"OnDemand","$0.214 per Hrs m5.xlarge","2025-09-01","0","Inf","Days"'));
    expect(perDay.instanceUsdPerHour['m5.xlarge']).toBeUndefined();
    expect(perDay.problems[0]).toMatch(/BoxUsage:m5\.xlarge is priced per "Days"/);
  });

  it('takes the paid on-demand term and its first tier, whatever the order of the rows (the $0 free tier is another term)', () => {
    const text = offerText('AmazonCloudWatch');
    const lines = text.trimEnd().split('\n');
    const reversed = [...lines.slice(0, 6), ...lines.slice(6).reverse()].join('\n');
    // The fixture has the free-tier rows (OfferTermCode A429C66SYZ, $0) for dashboards and metrics first and last.
    expect(lines.filter((l) => l.includes('"A429C66SYZ"'))).toHaveLength(3);
    for (const t of [text, reversed]) expect(pricesFromOfferCsv(t).units).toEqual({ cloudwatchAlarmMonth: 0.1, cloudwatchMetricMonth: 0.3, cloudwatchDashboardMonth: 3 });
    // A paid tier that starts after the free allowance is still the first paid tier.
    const shifted = text.replace('"OnDemand","0.3 per Metrics","2026-11-01","0","10000"', '"OnDemand","0.3 per Metrics","2026-11-01","10","10000"');
    expect(pricesFromOfferCsv(shifted).units.cloudwatchMetricMonth).toBe(0.3);
  });

  it('refuses a figure whose rows of the same tier disagree instead of letting the last one win', () => {
    const alb = offerText('AWSELB').split('\n').find((l) => l.includes('"Load Balancer-Application"') && l.includes('"EU-LoadBalancerUsage"'))!;
    const got = pricesFromOfferCsv(`${offerText('AWSELB').trimEnd()}\n${alb.replace('"0.0252000000"', '"0.0300000000"').replace('AWSESKU0000', 'AWSESKU0099')}\n`);
    expect(got.units.albHour).toBeUndefined();
    expect(got.units.nlbHour).toBe(0.0252);
    expect(got.problems).toEqual(['albHour: 2 on-demand rows of the same tier disagree (0.0252, 0.03 USD, lines 7, 13): left out']);
  });

  it('survives a stray quote in a description: read as text, or the row refused, never read shifted', () => {
    const text = offerText('AmazonEC2');
    // An unescaped quote inside a quoted field, not before a comma: kept as text, the row read.
    const stray = text.replace('"$0.107 per Hrs m5.large"', '"$0.107 per "On Demand Linux m5.large Instance Hour"');
    expect(csvFields('"a "b" c","d"')).toEqual(['a "b" c', 'd']);
    expect(pricesFromOfferCsv(stray)).toEqual(pricesFromOfferCsv(text));
    expect(pricesFromOfferCsv(text.replace('"$0.214 per Hrs m5.xlarge"', '"$0.214 per 5" disk, Hrs"'))).toEqual(pricesFromOfferCsv(text));
    // A stray quote right before a comma ends the field there: the row has more fields than the header and is left out.
    const split = text.replace('"$0.214 per Hrs m5.xlarge"', '"$0.214 per 5",disk Hrs"');
    const got = pricesFromOfferCsv(split);
    expect(got.instanceUsdPerHour).toEqual({ 'm5.large': 0.107, 'm4.large': 0.111 });
    expect(got.problems).toEqual([expect.stringMatching(/^line 9 has 92 fields where the header has 91 \(a stray quote or comma\?\): left out$/)]);
  });

  it('exempts the hosts NO_PROXY lists (names and their subdomains, ports, "*") as curl does', () => {
    const host = new URL('https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.json');
    expect(noProxyExempts(undefined, host)).toBe(false);
    expect(noProxyExempts('', host)).toBe(false);
    expect(noProxyExempts('localhost,.amazonaws.com', host)).toBe(true);
    expect(noProxyExempts('amazonaws.com', host)).toBe(true);
    expect(noProxyExempts('*.amazonaws.com:443', host)).toBe(true);
    expect(noProxyExempts('amazonaws.com:8443', host)).toBe(false);
    expect(noProxyExempts('zonaws.com internal.example', host)).toBe(false);
    expect(noProxyExempts('*', host)).toBe(true);
  });

  it('streams a 200,000-row offer file in bounded memory, keeping only the rows it prices', () => {
    // A real regional AmazonEC2 file has millions of rows. This one is ~100 MB of text, fed in
    // 64 KiB chunks as fetch delivers them; a reader that held it would grow the heap by that much.
    const lines = offerText('AmazonEC2').split('\n');
    const head = lines.slice(0, 6).join('\n');
    const rows = lines.slice(6).filter((l) => l !== '');
    const filler = rows.find((l) => l.includes('"EU-BoxUsage:c6i.large"'))!;
    const reserved = rows.find((l) => l.includes('"Reserved"'))!;
    const reader = new OfferCsvReader();
    reader.push(`${head}\n`);
    const total = 200_000;
    let chunk = '';
    let size = 0;
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    for (let i = 0; i < total; i++) {
      // Mostly products refarch does not price, as in the real file; the priced rows come last.
      chunk += `${(i % 2 === 0 ? filler : reserved).replace(/EC2FIXSKU\d+/g, `GENSKU${i}`)}\n`;
      if (chunk.length >= 65536) {
        size += chunk.length;
        reader.push(chunk);
        chunk = '';
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    reader.push(`${chunk}${rows.join('\n')}\n`);
    const got = reader.result();
    expect(size).toBeGreaterThan(80 * 1024 * 1024);
    expect(got.rows).toBe(total + rows.length);
    expect(got.instanceUsdPerHour).toEqual({ 'm5.large': 0.107, 'm5.xlarge': 0.214, 'm4.large': 0.111 });
    expect(got.units.natGatewayHour).toBe(0.048);
    expect(peak - before).toBeLessThan(48 * 1024 * 1024);
  });
});

describe('refarch prices', () => {
  let server: Server;
  let endpoint = '';
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const m = /^\/offers\/v1\.0\/aws\/(\w+)\/current\/([a-z0-9-]+)\/index\.csv$/.exec(req.url ?? '');
      const file = m ? join(fixtures, m[1]!, `${m[2]}.csv`) : '';
      if (m && existsSync(file)) {
        res.writeHead(200, { 'content-type': 'text/csv' });
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
    expect(requests.filter((r) => r.includes('/eu-west-1/')).sort()).toEqual(['AWSELB', 'AmazonCloudWatch', 'AmazonEC2', 'AmazonVPC', 'awskms'].map((o) => `/offers/v1.0/aws/${o}/current/eu-west-1/index.csv`).sort());
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
    expect(run.err).toMatch(new RegExp(`^refarch: cannot fetch ${dead}/offers/v1\\.0/aws/AmazonEC2/current/eu-west-1/index\\.csv \\(ECONNREFUSED\\); the bundled prices and the cached ones are unchanged\\n$`));
    expect(readFileSync(join(cache, 'eu-west-1.json'), 'utf8')).toBe(before);
  });

  it('warns once per unusable cache file and prices that region from the bundled tables', async () => {
    const cache = join(scratch, 'cache-corrupt');
    const ok = await runCommand(pricesCommand, ['--region', 'eu-west-1', '--cache-dir', cache, '--endpoint', endpoint], { cwd: root });
    expect(ok.code).toBe(0);
    const file = join(cache, 'eu-west-1.json');
    for (const [content, why] of [
      ['{"format":"refarch-prices/v1","region":"eu-we', 'is not valid JSON'],
      ['{"format":"something-else"}', 'is not a refarch-prices/v1 file'],
      ['{"format":"refarch-prices/v1","region":"eu-west-1","units":null}', 'is not a complete price table for eu-west-1'],
    ] as const) {
      writeFileSync(file, content);
      const run = await runCommand(planCommand, [join(root, 'examples', 'minimal.yaml'), '--format', 'json', '--cache-dir', cache], { cwd: root });
      expect(run.code).toBe(0);
      expect(run.err).toBe(`refarch: warning: the price cache ${file} ${why}; eu-west-1 is priced from the bundled tables (run refarch prices --region eu-west-1 to replace it)\n`);
      const primary = (JSON.parse(run.out) as Plan).stacks.find((s) => s.id === 'primary')!;
      if (primary.kind !== 'site') throw new Error('site');
      expect(primary.prices).toMatchObject({ region: 'eu-west-1', origin: 'bundled' });
    }
  });

  it('says in the one failure line which proxy variable the request went through', async () => {
    const lines: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void lines.push(t), color: false, cwd: root };
    const refused = async (): Promise<never> => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    };
    const code = await runPrices({ region: ['eu-west-1'], 'cache-dir': join(scratch, 'cache-proxy') }, [], io, refused, { HTTPS_PROXY: 'http://proxy.internal:3128' });
    expect(code).toBe(2);
    expect(lines).toEqual([
      'refarch: cannot fetch https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/eu-west-1/index.csv (ENOTFOUND; through the proxy in HTTPS_PROXY); the bundled prices and the cached ones are unchanged\n',
    ]);
  });

  it('fails with exit 2 on a response that is not an offer file', async () => {
    const lines: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void lines.push(t), color: false, cwd: root };
    const html = async () => ({ ok: true, status: 200, body: (async function* () { yield new TextEncoder().encode('<html>captive portal</html>'); })() });
    expect(await runPrices({ region: ['eu-west-1'], 'cache-dir': join(scratch, 'cache-html') }, [], io, html, {})).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/index\.csv \(not a CSV offer file: it has no header row \("SKU",\.\.\.\)\); the bundled prices/)]);
    expect(existsSync(join(scratch, 'cache-html', 'eu-west-1.json'))).toBe(false);
  });

  it('fails with exit 2 on an HTTP error and writes nothing for that region', async () => {
    const cache = join(scratch, 'cache-http');
    const run = await runCommand(pricesCommand, ['--region', 'eu-west-1', '--cache-dir', cache, '--endpoint', `${endpoint}/broken`], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^refarch: cannot fetch .*\(HTTP 503\); the bundled prices and the cached ones are unchanged\n$/);
    expect(existsSync(join(cache, 'eu-west-1.json'))).toBe(false);
  });

  it('writes no region when a later one fails: the cache is all refreshed or left as it was', async () => {
    const cache = join(scratch, 'cache-partial');
    const run = await runCommand(pricesCommand, ['--region', 'eu-west-1', '--region', 'us-none-1', '--cache-dir', cache, '--endpoint', endpoint], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^refarch: cannot fetch .*us-none-1.*no offer file published for this region.*unchanged\n$/);
    expect(run.out).toBe('');
    expect(existsSync(join(cache, 'eu-west-1.json'))).toBe(false);
  });

  it('takes the regions of a spec, and refuses to run without regions', async () => {
    const fetched: string[] = [];
    const io = { out: () => undefined, err: () => undefined, color: false, cwd: root };
    const fake = async (url: string) => {
      fetched.push(url);
      const empty = '"FormatVersion","v1.0"\n"Publication Date","2026-11-20T00:00:00Z"\n"SKU","OfferTermCode","TermType","StartingRange","Unit","PricePerUnit","Currency","usageType"\n';
      return { ok: true, status: 200, body: (async function* () { yield new TextEncoder().encode(empty); })() };
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
