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

/** The proxy variables curl and most tools honour; Node's built-in fetch ignores them. */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'] as const;

export const pricesCommand: Command = {
  summary: 'refresh the price tables of regions from AWS\'s public Price List offer files into a local cache',
  usage: [
    'Usage: refarch prices [<spec.yaml>] [--region <region>]... [--cache-dir <dir>]',
    '',
    'Downloads AWS\'s public Price List bulk offer files (no credentials; AmazonEC2, AmazonVPC, AWSELB,',
    'AmazonCloudWatch, awskms) of each region named with --region, or of the regions of the spec',
    '(its primary and DR regions, and us-east-1 for Route 53 alarms), and writes one price table per',
    'region to the cache (--cache-dir, else $XDG_CACHE_HOME/refarch/prices, else ~/.cache/refarch/prices).',
    'plan and diff then price those regions from the cache, showing its date; other regions, and',
    'every region when there is no cache, use the bundled tables. The offer files are read in their',
    'CSV form as they arrive (a region\'s EC2 file is hundreds of MB to GBs): this takes a while, in',
    'little memory. Connections are direct: HTTPS_PROXY and the other proxy variables are not used.',
    '',
    'Exit codes: 0 refreshed; 2 usage, or a download failed (one line; the bundled prices and the',
    'whole cache are left as they were: no region is written unless every one was fetched).',
  ].join('\n'),
  options: { region: { type: 'string', multiple: true }, 'cache-dir': { type: 'string' }, endpoint: { type: 'string' } },
  run({ values, positionals }, io) {
    return runPrices(values, positionals, io, async (url) => {
      const res = await fetch(url);
      // Node's web ReadableStream is async-iterable; its DOM type does not say so.
      return { ok: res.ok, status: res.status, body: res.body as unknown as AsyncIterable<Uint8Array> | null };
    }, process.env);
  },
};

/** The command with fetch and the environment passed in (tests pass their own). */
export async function runPrices(values: Record<string, unknown>, positionals: readonly string[], io: Io, fetchFn: Fetch, env: NodeJS.ProcessEnv): Promise<number> {
  if (positionals.length > 1) throw new UsageError('prices takes at most one spec file');
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
  const endpoint = String(values['endpoint'] ?? PRICE_LIST_ENDPOINT).replace(/\/+$/, '');
  const proxy = PROXY_VARIABLES.find((v) => (env[v] ?? '') !== '');
  // Every region is fetched before any cache file is written: a failure leaves the whole cache as it was.
  const fetched: Array<{ readonly file: string; readonly cache: CacheFile; readonly line: string }> = [];
  for (const region of [...regions].sort()) {
    const instanceUsdPerHour: Record<string, number> = {};
    const units: Record<string, unknown> = {};
    const dates: string[] = [];
    const read: string[] = [];
    for (const offer of OFFERS) {
      const url = `${endpoint}/offers/v1.0/aws/${offer}/current/${region}/index.csv`;
      let got: OfferPrices;
      try {
        const res = await fetchFn(url);
        // An offer AWS does not publish for the region: nothing to read there.
        if (res.status === 404) continue;
        if (!res.ok || res.body === null) return failed(io, url, `HTTP ${res.status}`, proxy);
        got = await readOffer(res.body);
      } catch (error) {
        if (error instanceof OfferFileError) return failed(io, url, `not a CSV offer file: ${error.message}`, undefined);
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        return failed(io, url, cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)), proxy);
      }
      Object.assign(instanceUsdPerHour, got.instanceUsdPerHour);
      Object.assign(units, got.units);
      if (got.publicationDate) dates.push(got.publicationDate.slice(0, 10));
      read.push(offer);
    }
    if (read.length === 0) return failed(io, `${endpoint}/offers/v1.0/aws/*/current/${region}/index.csv`, 'no offer file published for this region', undefined);
    const asOf = dates.sort().at(-1) ?? new Date().toISOString().slice(0, 10);
    const cache: CacheFile = {
      format: CACHE_FORMAT,
      region,
      source: `AWS Price List offer files (${read.join(', ')}), ${endpoint}`,
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
  // A network failure with a proxy variable set is most likely a network that needs the proxy.
  const why = proxy === undefined ? reason : `${reason}; ${proxy} is set, but refarch prices connects directly: proxies are not supported`;
  io.err(`refarch: cannot fetch ${url} (${why}); the bundled prices and the cached ones are unchanged\n`);
  return EXIT.usage;
}
