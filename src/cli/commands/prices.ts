import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OFFERS, OfferCsvReader, OfferFileError, type OfferPrices } from '../../report/offer-file';
import { writeFileAtomically } from '../../emit/emit';
import { REGIONS } from '../../catalog/catalog';
import { modelFromFile } from '../spec-input';
import { CACHE_FORMAT, cacheFileOf, priceCacheDir, type CacheFile } from '../price-cache';
import { EXIT, UsageError, type Io } from '../io';
import type { Command } from '../command';

export const PRICE_LIST_ENDPOINT = 'https://pricing.us-east-1.amazonaws.com';

/** What fetch the command uses (tests pass their own): the body is read as a stream of bytes. */
export type Fetch = (url: string) => Promise<{ readonly ok: boolean; readonly status: number; readonly body: AsyncIterable<Uint8Array> | null }>;

/** The proxy variables refarch prices honours (as curl does: HTTPS_PROXY for https URLs, HTTP_PROXY for http, NO_PROXY exceptions). */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

function envOf(env: NodeJS.ProcessEnv, upper: string): string | undefined {
  const value = env[upper] ?? env[upper.toLowerCase()];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Whether NO_PROXY exempts a URL's host: a comma- or space-separated list of host names, each
 * matching itself and its subdomains (a leading "." or "*." is allowed), optionally with a port;
 * "*" exempts every host. The rules curl and most tools follow.
 */
export function noProxyExempts(noProxy: string | undefined, url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of (noProxy ?? '').split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    const name = m[1]!.replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
    if (m[2] !== undefined && m[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * Node's built-in fetch connects directly whatever the environment says. With a proxy variable set
 * for the URL's scheme (and the host not exempted by NO_PROXY), requests go through undici's
 * ProxyAgent (undici is the library Node's fetch is built on; it is loaded only then, and stays
 * outside the CLI bundle).
 */
export function fetchFor(env: NodeJS.ProcessEnv): Fetch {
  const direct: Fetch = async (url) => {
    const res = await fetch(url);
    // Node's web ReadableStream is async-iterable; its DOM type does not say so.
    return { ok: res.ok, status: res.status, body: res.body as unknown as AsyncIterable<Uint8Array> | null };
  };
  const agents = new Map<string, import('undici').ProxyAgent>();
  return async (url) => {
    const target = new URL(url);
    const proxy = envOf(env, target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
    if (proxy === undefined || noProxyExempts(envOf(env, 'NO_PROXY'), target)) return direct(url);
    const undici = require('undici') as typeof import('undici');
    let dispatcher = agents.get(proxy);
    if (dispatcher === undefined) agents.set(proxy, (dispatcher = new undici.ProxyAgent(proxy)));
    const res = await undici.fetch(url, { dispatcher });
    return { ok: res.ok, status: res.status, body: res.body as unknown as AsyncIterable<Uint8Array> | null };
  };
}

export const pricesCommand: Command = {
  summary: 'refresh the price tables of regions from AWS\'s public Price List offer files into a local cache',
  usage: [
    'Usage: refarch prices [<spec.yaml>] [--region <region>]... [--cache-dir <dir>] [--endpoint <url> | --from <dir>]',
    '',
    'Downloads AWS\'s public Price List bulk offer files (no credentials; AmazonEC2, AmazonVPC, AWSELB,',
    'AmazonCloudWatch, awskms) of each region named with --region, or of the regions of the spec',
    '(its primary and DR regions, and us-east-1 for Route 53 alarms), and writes one price table per',
    'region to the cache (--cache-dir, else $XDG_CACHE_HOME/refarch/prices, else ~/.cache/refarch/prices).',
    'plan and diff then price those regions from the cache, showing its date; other regions, and',
    'every region when there is no cache, use the bundled tables. The offer files are read in their',
    'CSV form as they arrive (a region\'s EC2 file is hundreds of MB to GBs): this takes a while, in',
    'little memory. Each price is read with its Unit and converted to refarch\'s (gp3 throughput is',
    'listed per GiBps-month); a row in a unit refarch does not convert, or malformed, is left out',
    'and named on stderr; plan then takes that figure from the region\'s bundled table (else',
    'us-east-1\'s, marked approximate).',
    '',
    'Options:',
    `  --endpoint <url>  where the offer files are (default ${PRICE_LIST_ENDPOINT}): a mirror`,
    '                    that serves <url>/offers/v1.0/aws/<offer>/current/<region>/index.csv',
    '  --from <dir>      read offer files already downloaded instead of fetching: for each offer and',
    '                    region, <dir>/<offer>/<region>.csv or <dir>/<offer>/<region>/index.csv or',
    '                    <dir>/offers/v1.0/aws/<offer>/current/<region>/index.csv (the URL\'s path)',
    '  HTTPS_PROXY, HTTP_PROXY, NO_PROXY (or lower case) in the environment are honoured: https URLs',
    '  go through HTTPS_PROXY, http URLs through HTTP_PROXY, hosts listed in NO_PROXY directly.',
    '',
    'Exit codes: 0 refreshed; 2 usage, or a download failed (one line; the bundled prices and the',
    'whole cache are left as they were: no region is written unless every one was fetched).',
  ].join('\n'),
  options: { region: { type: 'string', multiple: true }, 'cache-dir': { type: 'string' }, endpoint: { type: 'string' }, from: { type: 'string' } },
  run({ values, positionals }, io) {
    return runPrices(values, positionals, io, fetchFor(process.env), process.env);
  },
};

/** Where an offer file of a region is read from: a URL, or a file under --from. */
type Origin = { readonly kind: 'url'; readonly endpoint: string } | { readonly kind: 'dir'; readonly dir: string };

function offerFileIn(dir: string, offer: string, region: string): string | undefined {
  return [join(dir, offer, `${region}.csv`), join(dir, offer, region, 'index.csv'), join(dir, 'offers', 'v1.0', 'aws', offer, 'current', region, 'index.csv')].find((f) => existsSync(f));
}

/** The command with fetch and the environment passed in (tests pass their own). */
export async function runPrices(values: Record<string, unknown>, positionals: readonly string[], io: Io, fetchFn: Fetch, env: NodeJS.ProcessEnv): Promise<number> {
  if (positionals.length > 1) throw new UsageError('prices takes at most one spec file');
  if (values['from'] !== undefined && values['endpoint'] !== undefined) throw new UsageError('--from reads downloaded offer files and --endpoint fetches them: give one of the two');
  const regions = new Set<string>((values['region'] as string[] | undefined) ?? []);
  if (positionals.length === 1) {
    const input = modelFromFile(positionals[0]!, io, 'no prices were fetched');
    if (!input.ok) return input.code;
    for (const site of [input.model.primary, input.model.dr]) if (site) regions.add(site.region);
    if (input.model.dns) regions.add('us-east-1');
  }
  if (regions.size === 0) throw new UsageError('name the regions to refresh: --region <region> (repeatable) or a spec file');
  for (const r of regions) if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(r)) throw new UsageError(`"${r}" is not an AWS region name (like ${Object.keys(REGIONS.rows).slice(0, 2).join(', ')})`);
  const dir = priceCacheDir(env, io.cwd, values['cache-dir'] as string | undefined);
  let origin: Origin;
  if (values['from'] !== undefined) {
    const from = resolve(io.cwd, String(values['from']));
    if (!existsSync(from) || !statSync(from).isDirectory()) throw new UsageError(`--from ${String(values['from'])}: no such folder (give the folder the offer files were downloaded into)`);
    origin = { kind: 'dir', dir: from };
  } else {
    const endpoint = String(values['endpoint'] ?? PRICE_LIST_ENDPOINT).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(endpoint)) throw new UsageError(`--endpoint ${endpoint}: give an http:// or https:// URL (like ${PRICE_LIST_ENDPOINT})`);
    origin = { kind: 'url', endpoint };
  }
  // The variable the endpoint's scheme goes through (for the failure line).
  const proxy = origin.kind === 'url' ? PROXY_VARIABLES.filter((v) => v.toLowerCase().startsWith(origin.endpoint.startsWith('https:') ? 'https' : 'http_')).find((v) => (env[v] ?? '') !== '') : undefined;
  const where = origin.kind === 'url' ? origin.endpoint : origin.dir;
  // Every region is read before any cache file is written: a failure leaves the whole cache as it was.
  const fetched: Array<{ readonly file: string; readonly cache: CacheFile; readonly line: string }> = [];
  for (const region of [...regions].sort()) {
    const instanceUsdPerHour: Record<string, number> = {};
    const units: Record<string, unknown> = {};
    const dates: string[] = [];
    const read: string[] = [];
    for (const offer of OFFERS) {
      let got: OfferPrices;
      let name: string;
      try {
        if (origin.kind === 'dir') {
          const file = offerFileIn(origin.dir, offer, region);
          // An offer not downloaded for the region: nothing to read there.
          if (file === undefined) continue;
          name = file;
          got = await readOffer(createReadStream(file));
        } else {
          name = `${origin.endpoint}/offers/v1.0/aws/${offer}/current/${region}/index.csv`;
          const res = await fetchFn(name);
          // An offer AWS does not publish for the region: nothing to read there.
          if (res.status === 404) continue;
          if (!res.ok || res.body === null) return failed(io, name, `HTTP ${res.status}`, proxy);
          got = await readOffer(res.body);
        }
      } catch (error) {
        const at = origin.kind === 'dir' ? `${origin.dir} (${offer}, ${region})` : `${origin.endpoint}/offers/v1.0/aws/${offer}/current/${region}/index.csv`;
        if (error instanceof OfferFileError) return failed(io, at, `not a CSV offer file: ${error.message}`, undefined);
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const code = (error as NodeJS.ErrnoException).code;
        return failed(io, at, cause?.code ?? cause?.message ?? code ?? (error instanceof Error ? error.message : String(error)), origin.kind === 'url' ? proxy : undefined);
      }
      for (const problem of got.problems) io.err(`refarch: warning: ${name}: ${problem} (plan takes this figure from the bundled tables)\n`);
      Object.assign(instanceUsdPerHour, got.instanceUsdPerHour);
      Object.assign(units, got.units);
      if (got.publicationDate) dates.push(got.publicationDate.slice(0, 10));
      read.push(offer);
    }
    if (read.length === 0) {
      const none = origin.kind === 'dir' ? `${origin.dir}/<offer>/${region}.csv` : `${origin.endpoint}/offers/v1.0/aws/*/current/${region}/index.csv`;
      return failed(io, none, origin.kind === 'dir' ? `no offer file of ${region} there, of ${OFFERS.join(', ')}` : 'no offer file published for this region', undefined);
    }
    const asOf = dates.sort().at(-1) ?? new Date().toISOString().slice(0, 10);
    const cache: CacheFile = {
      format: CACHE_FORMAT,
      region,
      source: `AWS Price List offer files (${read.join(', ')}), ${origin.kind === 'url' ? where : `read from ${where}`}`,
      asOf,
      fetchedAt: new Date().toISOString(),
      instanceUsdPerHour: Object.fromEntries(Object.entries(instanceUsdPerHour).sort(([a], [b]) => a.localeCompare(b))),
      units: units as CacheFile['units'],
    };
    const file = cacheFileOf(dir, region);
    fetched.push({ file, cache, line: `${region}: ${Object.keys(instanceUsdPerHour).length} instance prices, ${Object.keys(units).length} unit prices, published ${asOf} -> ${file}\n` });
  }
  for (const { file, cache, line } of fetched) {
    writeFileAtomically(file, `${JSON.stringify(cache, null, 2)}\n`);
    io.out(line);
  }
  return EXIT.ok;
}

/** Streams an offer file's bytes through the CSV reader, one chunk at a time. */
async function readOffer(body: AsyncIterable<Uint8Array>): Promise<OfferPrices> {
  const reader = new OfferCsvReader();
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of body) reader.push(decoder.decode(chunk, { stream: true }));
  reader.push(decoder.decode());
  return reader.result();
}

function failed(io: Io, url: string, reason: string, proxy: string | undefined): number {
  const verb = /^https?:/.test(url) ? 'fetch' : 'read';
  // With a proxy in the environment, a network failure may be the proxy's: say which one was used.
  const why = proxy === undefined ? reason : `${reason}; through the proxy in ${proxy}`;
  io.err(`refarch: cannot ${verb} ${url} (${why}); the bundled prices and the cached ones are unchanged\n`);
  return EXIT.usage;
}
