// The price table of one region as plan uses it: the bundled catalog figures (INSTANCE_PRICES,
// UNIT_PRICES) or a table that `refarch prices` wrote from AWS's Price List offer files. Plan asks
// a PriceSource for each region it prices; a figure the region's table lacks is taken from the
// bundled us-east-1 table and reported (never shown as that region's).
import { GLOBAL_UNIT_PRICES, INSTANCE_PRICES, UNIT_PRICES, UNIT_PRICES_OWN_SOURCE, type UnitPriceName, type UnitPrices } from '../catalog/catalog';
import { REGIONAL_UNIT_PRICES, UNIT_PRICE_SOURCES } from '../catalog/unit-prices';

export const FALLBACK_REGION = 'us-east-1';

export interface RegionPriceTable {
  readonly region: string;
  /** Where the figures come from and when they were taken. */
  readonly source: string;
  readonly asOf: string;
  /** bundled: the catalog's tables; offer-files: a `refarch prices` cache. */
  readonly origin: 'bundled' | 'offer-files';
  readonly instanceUsdPerHour: Readonly<Record<string, number>>;
  readonly units: Partial<UnitPrices>;
  /**
   * Source and date of single figures where they are not the table's own: the bundled tables
   * take instances and each unit price from different sources. Keys: unit price names, and
   * "instances" for every instance price.
   */
  readonly figureSources?: Readonly<Partial<Record<UnitPriceName | 'instances', FigureSource>>>;
}

/** Where one figure comes from and when it was taken. */
export interface FigureSource {
  readonly source: string;
  readonly asOf: string;
}

/** The table plan prices a region with (undefined: use the bundled one). */
export type PriceSource = (region: string) => RegionPriceTable | undefined;

/** Source and date of one bundled unit price of a region. */
function bundledUnitSource(region: string, name: UnitPriceName): FigureSource {
  const sourced = REGIONAL_UNIT_PRICES[region]?.[name];
  return sourced !== undefined ? UNIT_PRICE_SOURCES[sourced[1]] : UNIT_PRICES_OWN_SOURCE;
}

const bundledCache = new Map<string, RegionPriceTable>();

/** The bundled figures of a region; empty tables for a region the catalog has no figures for. */
export function bundledPrices(region: string): RegionPriceTable {
  // The catalog is constant: each region's table is built once (plan asks for us-east-1's per fallback figure).
  let table = bundledCache.get(region);
  if (table === undefined) bundledCache.set(region, (table = buildBundledPrices(region)));
  return table;
}

function buildBundledPrices(region: string): RegionPriceTable {
  const instances = INSTANCE_PRICES.rows[region];
  const units = UNIT_PRICES.rows[region] ?? {};
  const figureSources: Partial<Record<UnitPriceName | 'instances', FigureSource>> = {};
  if (instances) figureSources.instances = { source: instances.source, asOf: instances.asOf };
  for (const name of Object.keys(units) as UnitPriceName[]) figureSources[name] = bundledUnitSource(region, name);
  // One summary line per source: "ALB hour, NLB hour, ...: <source>, <date>".
  const bySource = new Map<string, string[]>();
  for (const name of Object.keys(units) as UnitPriceName[]) {
    const f = figureSources[name]!;
    const key = `${f.source}, ${f.asOf}`;
    bySource.set(key, [...(bySource.get(key) ?? []), UNIT_LABELS[name]]);
  }
  const sources = [
    instances ? `instances: ${instances.source}, ${instances.asOf}` : undefined,
    ...[...bySource].map(([source, labels]) => `${labels.join(', ')}: ${source}`),
  ].filter((s): s is string => s !== undefined);
  const dates = Object.values(figureSources).map((f) => f.asOf).sort();
  return {
    region,
    source: sources.length > 0 ? sources.join('; ') : 'no bundled figures for this region',
    asOf: dates.at(-1) ?? '-',
    origin: 'bundled',
    instanceUsdPerHour: instances?.usdPerHour ?? {},
    units,
    figureSources,
  };
}

/** What each unit price is, as plan names a missing one. */
export const UNIT_LABELS: Readonly<Record<UnitPriceName, string>> = {
  ebsPerGiBMonth: 'EBS storage',
  gp3IopsMonthOver3000: 'gp3 IOPS',
  gp3MiBpsMonthOver125: 'gp3 throughput',
  io1IopsMonth: 'io1 IOPS',
  io2IopsMonthTiers: 'io2 IOPS tiers',
  snapshotPerGiBMonth: 'EBS snapshots',
  albHour: 'ALB hour',
  nlbHour: 'NLB hour',
  classicElbHour: 'Classic ELB hour',
  natGatewayHour: 'NAT gateway hour',
  vpnConnectionHour: 'VPN connection hour',
  publicIpv4Hour: 'public IPv4 hour',
  interfaceEndpointAzHour: 'interface endpoint AZ-hour',
  kmsKeyMonth: 'KMS key',
  cloudwatchAlarmMonth: 'CloudWatch alarm',
  cloudwatchDashboardMonth: 'CloudWatch dashboard',
  cloudwatchMetricMonth: 'CloudWatch metric',
  cloudwatchLogsIngestedGB: 'CloudWatch Logs GB ingested',
  cloudwatchLogsStoredGBMonth: 'CloudWatch Logs GB stored',
  cloudwatchRequest: 'CloudWatch API request',
};

export const BUNDLED: PriceSource = () => undefined;

/** A figure of one region's table, or the bundled us-east-1 figure marked as a stand-in. */
export interface Priced<T> {
  readonly value: T;
  /** The region the figure is for: the stack's, or FALLBACK_REGION when the stack's table lacks it. */
  readonly region: string;
  /** Where the figure comes from and when it was taken. */
  readonly source: string;
  readonly asOf: string;
}

function sourceOf(table: RegionPriceTable, key: UnitPriceName | 'instances'): FigureSource {
  return table.figureSources?.[key] ?? { source: table.source, asOf: table.asOf };
}

/** Resolves figures for one region, recording what had to come from FALLBACK_REGION. */
export class RegionPrices {
  readonly table: RegionPriceTable;
  /** The region's bundled table when `table` is a cache: a figure the offer files lacked (or refarch refused) is taken from it, named by its own source. */
  private readonly bundled: RegionPriceTable | undefined;
  private readonly fallback: RegionPriceTable;
  /** Figures taken from FALLBACK_REGION, in first-use order ("EBS gp3 GiB-month", "m4.large" ...). */
  readonly missing: string[] = [];

  constructor(region: string, source: PriceSource) {
    this.table = source(region) ?? bundledPrices(region);
    this.bundled = this.table.origin === 'bundled' ? undefined : bundledPrices(region);
    this.fallback = region === FALLBACK_REGION ? this.table : (source(FALLBACK_REGION) ?? bundledPrices(FALLBACK_REGION));
  }

  private note(what: string): void {
    if (!this.missing.includes(what)) this.missing.push(what);
  }

  instance(type: string): Priced<number> | undefined {
    const own = this.table.instanceUsdPerHour[type];
    if (own !== undefined) return { value: own, region: this.table.region, ...sourceOf(this.table, 'instances') };
    const bundled = this.bundled?.instanceUsdPerHour[type];
    if (bundled !== undefined) return { value: bundled, region: this.table.region, ...sourceOf(this.bundled!, 'instances') };
    const bundledEast = bundledPrices(FALLBACK_REGION);
    const fromFallback = this.fallback.instanceUsdPerHour[type];
    const other = fromFallback ?? bundledEast.instanceUsdPerHour[type];
    if (other === undefined) return undefined;
    this.note(type);
    return { value: other, region: FALLBACK_REGION, ...sourceOf(fromFallback !== undefined ? this.fallback : bundledEast, 'instances') };
  }

  unit<K extends UnitPriceName>(name: K): Priced<UnitPrices[K]> {
    const own = this.table.units[name];
    if (own !== undefined) return { value: own as UnitPrices[K], region: this.table.region, ...sourceOf(this.table, name) };
    const global = GLOBAL_UNIT_PRICES.rows[name];
    if (global !== undefined) return { value: global as UnitPrices[K], region: this.table.region, source: GLOBAL_UNIT_PRICES.source, asOf: GLOBAL_UNIT_PRICES.asOf };
    const bundled = this.bundled?.units[name];
    if (bundled !== undefined) return { value: bundled as UnitPrices[K], region: this.table.region, ...sourceOf(this.bundled!, name) };
    this.note(UNIT_LABELS[name]);
    const fromFallback = this.fallback.units[name];
    const table = fromFallback !== undefined ? this.fallback : bundledPrices(FALLBACK_REGION);
    // The bundled us-east-1 table has every unit price (a test keeps it so).
    return { value: table.units[name] as UnitPrices[K], region: FALLBACK_REGION, ...sourceOf(table, name) };
  }
}
