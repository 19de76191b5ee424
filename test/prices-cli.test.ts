// refarch prices through the built CLI, as a user runs it: offer files in AWS's real format served
// by a local HTTP server standing in for the Price List endpoint, read again from a folder
// (--from), and fetched through a local proxy (HTTP_PROXY for an http endpoint; HTTPS_PROXY for the
// real https endpoint, tunnelled by CONNECT to a local TLS server with a test certificate). Then
// plan prices a TrakCare copy from the cache: gp3 throughput at $0.044 per MiB/s-month.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../src/report/plan';
import { cleanEnv, runCli, tempDir } from './fixtures/hostile/harness';

const root = join(__dirname, '..');
const fixtures = join(__dirname, 'fixtures', 'prices');
const PRICE_LIST_HOST = 'pricing.us-east-1.amazonaws.com';

/** Serves test/fixtures/prices/<offer>/<region>.csv at /offers/v1.0/aws/<offer>/current/<region>/index.csv. */
function offerFiles(req: IncomingMessage, res: ServerResponse): void {
  const m = /^\/offers\/v1\.0\/aws\/(\w+)\/current\/([a-z0-9-]+)\/index\.csv$/.exec(req.url ?? '');
  const file = m ? join(fixtures, m[1]!, `${m[2]}.csv`) : '';
  if (m && existsSync(file)) res.writeHead(200, { 'content-type': 'text/csv' }).end(readFileSync(file));
  else res.writeHead(404).end();
}

const listen = (server: Server): Promise<number> => new Promise((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));
const close = (server: Server): Promise<void> => new Promise((done) => server.close(() => done()));

/** No proxy variable from the machine running the tests leaks into the child. */
const noProxy = { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '', ALL_PROXY: '', all_proxy: '' };

describe('refarch prices (built CLI)', () => {
  let scratch: string;
  let origin: Server;
  let tlsOrigin: Server;
  let proxy: Server;
  let endpoint = '';
  let tlsPort = 0;
  let proxyUrl = '';
  let certFile = '';
  /** What the proxy was asked: "GET http://..." for a forwarded request, "CONNECT host:port" for a tunnel. */
  const proxied: string[] = [];

  beforeAll(async () => {
    scratch = tempDir('refarch-prices-cli-');
    origin = createServer(offerFiles);
    endpoint = `http://127.0.0.1:${await listen(origin)}`;
    // A certificate for the real Price List host name, trusted by the child through NODE_EXTRA_CA_CERTS.
    const key = join(scratch, 'key.pem');
    certFile = join(scratch, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certFile, '-days', '1', '-subj', `/CN=${PRICE_LIST_HOST}`, '-addext', `subjectAltName=DNS:${PRICE_LIST_HOST}`], { stdio: 'pipe' });
    tlsOrigin = createHttpsServer({ key: readFileSync(key), cert: readFileSync(certFile) }, offerFiles);
    tlsPort = await listen(tlsOrigin);
    // The proxy: forwards absolute-form requests, tunnels CONNECT; the Price List host goes to the local TLS server.
    proxy = createServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      const target = new URL(req.url ?? '');
      const upstream = request({ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      proxied.push(`CONNECT ${req.url}`);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = host === PRICE_LIST_HOST ? connect(tlsPort, '127.0.0.1') : connect(Number(port), host!);
      upstream.on('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
      client.on('error', () => upstream.destroy());
    });
    proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await Promise.all([close(origin), close(tlsOrigin), close(proxy)]);
  });

  const cacheOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'eu-west-1.json'), 'utf8')) as { source: string; asOf: string; units: Record<string, unknown>; instanceUsdPerHour: Record<string, number> };

  it('prices gp3 throughput above the included 125 MiB/s at $0.044 per MiB/s-month: $5.50 a month for a volume at 250 MiB/s', async () => {
    const cache = join(scratch, 'cache-endpoint');
    const run = await runCli(['prices', '--region', 'eu-west-1', '--endpoint', endpoint, '--cache-dir', cache], { cwd: root, env: cleanEnv(noProxy) });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^eu-west-1: 3 instance prices, 17 unit prices, published 2026-11-20 -> /);
    expect(cacheOf(cache).units['gp3MiBpsMonthOver125']).toBe(0.044);
    // The TrakCare example with its first journal on gp3 at 250 MiB/s (one per failover member in eu-west-1).
    const spec = join(scratch, 'trakcare-gp3.yaml');
    const text = readFileSync(join(root, 'examples', 'trakcare.yaml'), 'utf8').replace('journal1: { type: gp2, sizeGiB: 500 }', 'journal1: { type: gp3, sizeGiB: 500, throughputMiBps: 250 }');
    expect(text).toContain('throughputMiBps: 250');
    writeFileSync(spec, text);
    const plan = await runCli(['plan', spec, '--format', 'json', '--cache-dir', cache], { cwd: root, env: cleanEnv(noProxy) });
    expect(plan.status).toBe(0);
    const doc = JSON.parse(plan.stdout) as Plan;
    const throughput = doc.cost.items.filter((i) => i.stack === 'primary' && /gp3 throughput above the included 125 MiB\/s/.test(i.description));
    expect(throughput).toHaveLength(1);
    const item = throughput[0]!;
    expect(item).toMatchObject({ quantity: 2 * 125, unit: 'MiBps-month', unitPrice: 0.044, monthly: 11, priceRegion: 'eu-west-1', approximate: false, priceAsOf: '2026-11-20' });
    expect(item.priceSource).toMatch(/^AWS Price List offer files \(AmazonEC2, AmazonVPC, AWSELB, AmazonCloudWatch, awskms\), http:\/\/127\.0\.0\.1:\d+$/);
    // Per volume: (250 - 125) MiB/s × $0.044 = $5.50.
    expect(Math.round((item.quantity / 2) * item.unitPrice * 100) / 100).toBe(5.5);
  }, 120_000);

  it('reads offer files already downloaded (--from), to the same table', async () => {
    const fromFixtures = join(scratch, 'cache-from');
    const run = await runCli(['prices', '--region', 'eu-west-1', '--from', fixtures, '--cache-dir', fromFixtures], { cwd: root, env: cleanEnv(noProxy) });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const fetched = cacheOf(join(scratch, 'cache-endpoint'));
    const read = cacheOf(fromFixtures);
    expect(read.units).toEqual(fetched.units);
    expect(read.instanceUsdPerHour).toEqual(fetched.instanceUsdPerHour);
    expect(read.source).toBe(`AWS Price List offer files (AmazonEC2, AmazonVPC, AWSELB, AmazonCloudWatch, awskms), read from ${fixtures}`);
    // The layout of the URL's path works too; a folder without the region's files is refused with exit 2.
    const mirror = join(scratch, 'mirror');
    mkdirSync(join(mirror, 'offers', 'v1.0', 'aws', 'AWSELB', 'current', 'eu-west-1'), { recursive: true });
    writeFileSync(join(mirror, 'offers', 'v1.0', 'aws', 'AWSELB', 'current', 'eu-west-1', 'index.csv'), readFileSync(join(fixtures, 'AWSELB', 'eu-west-1.csv')));
    const elbOnly = await runCli(['prices', '--region', 'eu-west-1', '--from', mirror, '--cache-dir', join(scratch, 'cache-mirror')], { cwd: root, env: cleanEnv(noProxy) });
    expect(elbOnly.status).toBe(0);
    expect(cacheOf(join(scratch, 'cache-mirror')).units).toEqual({ albHour: 0.0252, nlbHour: 0.0252, classicElbHour: 0.028 });
    const none = await runCli(['prices', '--region', 'eu-north-1', '--from', mirror, '--cache-dir', join(scratch, 'cache-none')], { cwd: root, env: cleanEnv(noProxy) });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^refarch: cannot read .*\/<offer>\/eu-north-1\.csv \(no offer file of eu-north-1 there, of AmazonEC2, AmazonVPC, AWSELB, AmazonCloudWatch, awskms\); the bundled prices and the cached ones are unchanged\n$/);
    const both = await runCli(['prices', '--region', 'eu-west-1', '--from', mirror, '--endpoint', endpoint], { cwd: root, env: cleanEnv(noProxy) });
    expect(both.status).toBe(2);
  }, 120_000);

  it('goes through HTTP_PROXY for an http endpoint', async () => {
    proxied.length = 0;
    const cache = join(scratch, 'cache-http-proxy');
    const run = await runCli(['prices', '--region', 'eu-west-1', '--endpoint', endpoint, '--cache-dir', cache], { cwd: root, env: cleanEnv({ ...noProxy, HTTP_PROXY: proxyUrl }) });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // Five offer files, each through the proxy (forwarded, or tunnelled).
    expect(proxied.length).toBeGreaterThanOrEqual(1);
    expect(proxied.every((p) => p.includes(endpoint.slice('http://'.length)))).toBe(true);
    expect(cacheOf(cache).units['gp3MiBpsMonthOver125']).toBe(0.044);
  }, 120_000);

  it('goes through HTTPS_PROXY to the real https endpoint (CONNECT tunnel), and names the proxy when it fails', async () => {
    proxied.length = 0;
    const cache = join(scratch, 'cache-https-proxy');
    const env = cleanEnv({ ...noProxy, HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: certFile });
    const run = await runCli(['prices', '--region', 'eu-west-1', '--cache-dir', cache], { cwd: root, env });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(proxied).toContain(`CONNECT ${PRICE_LIST_HOST}:443`);
    expect(cacheOf(cache).source).toBe(`AWS Price List offer files (AmazonEC2, AmazonVPC, AWSELB, AmazonCloudWatch, awskms), https://${PRICE_LIST_HOST}`);
    // A proxy that is not there: one line naming the variable, exit 2, nothing written.
    const dead = await runCli(['prices', '--region', 'eu-west-1', '--cache-dir', join(scratch, 'cache-dead')], { cwd: root, env: cleanEnv({ ...noProxy, HTTPS_PROXY: 'http://127.0.0.1:9' }) });
    expect(dead.status).toBe(2);
    expect(dead.stderr).toMatch(/^refarch: cannot fetch https:\/\/pricing\.us-east-1\.amazonaws\.com\/offers\/v1\.0\/aws\/AmazonEC2\/current\/eu-west-1\/index\.csv \(.+; through the proxy in HTTPS_PROXY\); the bundled prices and the cached ones are unchanged\n$/);
    expect(existsSync(join(scratch, 'cache-dead', 'eu-west-1.json'))).toBe(false);
  }, 120_000);
});
