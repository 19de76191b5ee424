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

/** A region's cached table, or undefined (no file, or one that is not a refarch price cache). */
export function readCachedPrices(dir: string, region: string): RegionPriceTable | undefined {
  const file = cacheFileOf(dir, region);
  if (!existsSync(file)) return undefined;
  let data: Partial<CacheFile>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
  } catch {
    return undefined;
  }
  if (data.format !== CACHE_FORMAT || data.region !== region || typeof data.instanceUsdPerHour !== 'object' || typeof data.units !== 'object' || data.units === null) return undefined;
  return {
    region,
    source: String(data.source ?? 'AWS Price List offer files'),
    asOf: String(data.asOf ?? '-'),
    origin: 'offer-files',
    instanceUsdPerHour: data.instanceUsdPerHour ?? {},
    units: data.units,
  };
}

export function cachedPriceSource(dir: string): PriceSource {
  return (region) => readCachedPrices(dir, region);
}
