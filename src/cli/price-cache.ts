// The local cache of price tables that `refarch prices` writes from AWS's offer files, one JSON
// file per region, and the PriceSource that plan and diff read it through. A region without a
// cache file is priced from the bundled tables; so is every region when the cache is unreadable.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RegionPriceTable, PriceSource } from '../report/prices';

export const CACHE_FORMAT = 'refarch-prices/v1';

export interface CacheFile {
  readonly format: typeof CACHE_FORMAT;
  readonly region: string;
  readonly source: string;
  /** Publication date of the newest offer file read (YYYY-MM-DD). */
  readonly asOf: string;
  readonly fetchedAt: string;
  readonly instanceUsdPerHour: Readonly<Record<string, number>>;
  readonly units: RegionPriceTable['units'];
}

/** --cache-dir, else $XDG_CACHE_HOME/refarch/prices, else ~/.cache/refarch/prices. */
export function priceCacheDir(env: NodeJS.ProcessEnv, cwd: string, override?: string): string {
  if (override !== undefined && override !== '') return resolve(cwd, override);
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'refarch', 'prices');
}

export function cacheFileOf(dir: string, region: string): string {
  return join(dir, `${region}.json`);
}

/** Told about a cache file that exists but cannot be used (plan and diff print it as a warning). */
export type CacheWarning = (message: string) => void;

/**
 * A region's cached table, or undefined: no file, or one that is not a readable refarch price
 * cache (then `warn` is told, and the region is priced from the bundled tables).
 */
export function readCachedPrices(dir: string, region: string, warn?: CacheWarning): RegionPriceTable | undefined {
  const file = cacheFileOf(dir, region);
  if (!existsSync(file)) return undefined;
  const unusable = (why: string): undefined => {
    warn?.(`refarch: warning: the price cache ${file} ${why}; ${region} is priced from the bundled tables (run refarch prices --region ${region} to replace it)\n`);
    return undefined;
  };
  let data: Partial<CacheFile>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
  } catch (error) {
    return unusable(error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (typeof data !== 'object' || data === null || data.format !== CACHE_FORMAT) return unusable(`is not a ${CACHE_FORMAT} file`);
  if (data.region !== region || typeof data.instanceUsdPerHour !== 'object' || data.instanceUsdPerHour === null || typeof data.units !== 'object' || data.units === null)
    return unusable(`is not a complete price table for ${region}`);
  return {
    region,
    source: String(data.source ?? 'AWS Price List offer files'),
    asOf: String(data.asOf ?? '-'),
    origin: 'offer-files',
    instanceUsdPerHour: data.instanceUsdPerHour ?? {},
    units: data.units,
  };
}

/** The cache as plan reads it; each unusable file is reported once. */
export function cachedPriceSource(dir: string, warn?: CacheWarning): PriceSource {
  const seen = new Set<string>();
  return (region) =>
    readCachedPrices(dir, region, (message) => {
      if (seen.has(region)) return;
      seen.add(region);
      warn?.(message);
    });
}
