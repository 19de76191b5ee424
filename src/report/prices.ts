// The price table of one region as plan uses it: the bundled catalog figures (INSTANCE_PRICES,
// UNIT_PRICES) or a table that `refarch prices` wrote from AWS's Price List offer files. Plan asks
// a PriceSource for each region it prices; a figure the region's table lacks is taken from the
// bundled us-east-1 table and reported (never shown as that region's).
import { GLOBAL_UNIT_PRICES, INSTANCE_PRICES, UNIT_PRICES, type UnitPriceName, type UnitPrices } from '../catalog/catalog';

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
}

/** The table plan prices a region with (undefined: use the bundled one). */
export type PriceSource = (region: string) => RegionPriceTable | undefined;

/** The bundled figures of a region; empty tables for a region the catalog has no figures for. */
export function bundledPrices(region: string): RegionPriceTable {
  const instances = INSTANCE_PRICES.rows[region];
  const units = UNIT_PRICES.rows[region] ?? {};
  const named = Object.keys(units).map((k) => UNIT_LABELS[k as UnitPriceName]);
  const sources = [
    instances ? `instances: ${instances.source}, ${instances.asOf}` : undefined,
    named.length > 0 ? `${named.length === Object.keys(UNIT_LABELS).length ? 'other unit prices' : named.join(', ')}: catalog UNIT_PRICES (Infracost, AWS pricing pages), ${UNIT_PRICES.asOf}` : undefined,
  ].filter((s): s is string => s !== undefined);
  const dates = [instances?.asOf, Object.keys(units).length > 0 ? UNIT_PRICES.asOf : undefined].filter((d): d is string => d !== undefined).sort();
  return {
    region,
    source: sources.length > 0 ? sources.join('; ') : 'no bundled figures for this region',
    asOf: dates.at(-1) ?? '-',
    origin: 'bundled',
    instanceUsdPerHour: instances?.usdPerHour ?? {},
    units,
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
}

/** Resolves figures for one region, recording what had to come from FALLBACK_REGION. */
export class RegionPrices {
  readonly table: RegionPriceTable;
  private readonly fallback: RegionPriceTable;
  /** Figures taken from FALLBACK_REGION, in first-use order ("EBS gp3 GiB-month", "m4.large" ...). */
  readonly missing: string[] = [];

  constructor(region: string, source: PriceSource) {
    this.table = source(region) ?? bundledPrices(region);
    this.fallback = region === FALLBACK_REGION ? this.table : (source(FALLBACK_REGION) ?? bundledPrices(FALLBACK_REGION));
  }

  private note(what: string): void {
    if (!this.missing.includes(what)) this.missing.push(what);
  }

  instance(type: string): Priced<number> | undefined {
    const own = this.table.instanceUsdPerHour[type];
    if (own !== undefined) return { value: own, region: this.table.region };
    const other = this.fallback.instanceUsdPerHour[type] ?? bundledPrices(FALLBACK_REGION).instanceUsdPerHour[type];
    if (other === undefined) return undefined;
    this.note(type);
    return { value: other, region: FALLBACK_REGION };
  }

  unit<K extends UnitPriceName>(name: K): Priced<UnitPrices[K]> {
    const own = this.table.units[name] ?? GLOBAL_UNIT_PRICES.rows[name];
    if (own !== undefined) return { value: own as UnitPrices[K], region: this.table.region };
    this.note(UNIT_LABELS[name]);
    const other = this.fallback.units[name] ?? bundledPrices(FALLBACK_REGION).units[name];
    // The bundled us-east-1 table has every unit price (a test keeps it so).
    return { value: other as UnitPrices[K], region: FALLBACK_REGION };
  }
}
