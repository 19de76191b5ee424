// AWS Price List bulk offer files -> a region's price table (pure: no network, no files).
//
// refarch reads the offer files' CSV form,
// https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<offer>/current/<region>/index.csv,
// because a region's AmazonEC2 file is hundreds of MB to GBs: more than Node can hold as one
// string, and the JSON form cannot be parsed before it is whole. The CSV is read a chunk at a time
// (OfferCsvReader.push) and only the rows refarch prices are kept, so memory stays bounded by the
// longest line. Its shape (checked against published samples, see README "Where prices come from"):
//
//   "FormatVersion","v1.0"                      five metadata lines, one of them
//   "Disclaimer","..."                          "Publication Date","2026-11-20T00:00:00Z"
//   "Publication Date","..."
//   "Version","..."
//   "OfferCode","AmazonEC2"
//   "SKU","OfferTermCode","RateCode","TermType",...,"StartingRange",...,"PricePerUnit","Currency",
//     "Product Family",...,"Instance Type",...,"Tenancy",...,"Operating System",...,"usageType",
//     "operation",...,"CapacityStatus",...,"Pre Installed S/W",...   the header: columns vary per offer
//   one row per SKU, term and price dimension (a tiered price has one row per range)
//
// Products are told apart by their usage type (prefixed with a region code, e.g. "EU-" for
// eu-west-1, "EUC1-", "APS2-"; none in us-east-1), which is what AWS bills by; instances also by
// operating system, tenancy, pre-installed software and capacity status (Linux, Shared, NA, Used),
// and only OnDemand terms in USD count.
import { INSTANCE_TYPES, type EbsType, type UnitPrices } from '../catalog/catalog';

/** The offers `refarch prices` reads, per region. */
export const OFFERS = ['AmazonEC2', 'AmazonVPC', 'AWSELB', 'AmazonCloudWatch', 'awskms'] as const;
export type Offer = (typeof OFFERS)[number];

/** What one offer file gave: instance prices, unit prices, and the file's publication date. */
export interface OfferPrices {
  readonly publicationDate: string | undefined;
  readonly instanceUsdPerHour: Record<string, number>;
  readonly units: Partial<Record<keyof UnitPrices, unknown>>;
  /** Data rows read (every term), for the command's report and the streaming test. */
  readonly rows: number;
}

/** A malformed offer file (no header row, a header without the columns refarch reads). */
export class OfferFileError extends Error {}

const EBS_TYPES: readonly EbsType[] = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'];

/**
 * Region prefixes of usage types: "EU-" (eu-west-1), "EUC1-", "USE2-", "APS2-", "CAN1-", "SAE1-",
 * "MEC1-", "ILC1-", "AFS1-", "MXC1-", "UGW1-" (GovCloud). Anchored to the area letters so that
 * us-east-1's unprefixed "TS-LoadBalancerUsage" (a lower-priced variant the ELB offer lists beside
 * the ALB hour) keeps its "TS-" and is not read as the load balancer hour. KMS prefixes the region name itself: "eu-west-1-KMS-Keys".
 */
const REGION_PREFIX = /^(?:(?:US|EU|AP|CA|SA|ME|AF|IL|MX|UG|CN)[A-Z]{0,2}\d?|[a-z]{2}(?:-[a-z]+)+-\d)-/;

/** The usage type without its region prefix: "EUW2-EBS:VolumeUsage.gp3" -> "EBS:VolumeUsage.gp3". */
export function usageOf(usagetype: string | undefined): string {
  return (usagetype ?? '').replace(REGION_PREFIX, '');
}

function usd(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  // Catalog prices hold six decimals (money.ts); offer files carry ten.
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1e6) / 1e6 : undefined;
}

/** Usage types priced one figure each, by the unit price they give. */
const SIMPLE: Readonly<Record<string, keyof UnitPrices>> = {
  'EBS:VolumeP-IOPS.gp3': 'gp3IopsMonthOver3000',
  'EBS:VolumeP-Throughput.gp3': 'gp3MiBpsMonthOver125',
  'EBS:VolumeP-IOPS.piops': 'io1IopsMonth',
  'EBS:SnapshotUsage': 'snapshotPerGiBMonth',
  'NatGateway-Hours': 'natGatewayHour',
  'PublicIPv4:InUseAddress': 'publicIpv4Hour',
  'VpcEndpoint-Hours': 'interfaceEndpointAzHour',
  'VPN-Usage-Hours:ipsec.1': 'vpnConnectionHour',
  'CW:AlarmMonitorUsage': 'cloudwatchAlarmMonth',
  'CW:MetricMonitorUsage': 'cloudwatchMetricMonth',
  'CW:Requests': 'cloudwatchRequest',
  'DataProcessing-Bytes': 'cloudwatchLogsIngestedGB',
  'TimedStorage-ByteHrs': 'cloudwatchLogsStoredGBMonth',
  // Up to 50 metrics, and more: one price; account-wide products a regional file may not list.
  'DashboardsUsageHour-Basic': 'cloudwatchDashboardMonth',
  DashboardsUsageHour: 'cloudwatchDashboardMonth',
  'KMS-Keys': 'kmsKeyMonth',
};

/** Columns read; the names are the CSV header's (the JSON form's attribute names differ). */
const COLUMNS = {
  termType: 'TermType',
  startingRange: 'StartingRange',
  price: 'PricePerUnit',
  currency: 'Currency',
  family: 'Product Family',
  usage: 'usageType',
  operation: 'operation',
  instanceType: 'Instance Type',
  os: 'Operating System',
  tenancy: 'Tenancy',
  software: 'Pre Installed S/W',
  capacity: 'CapacityStatus',
} as const;
type Column = keyof typeof COLUMNS;
/** Columns every offer file has; the instance ones are only in AmazonEC2. */
const REQUIRED: readonly Column[] = ['termType', 'price', 'currency', 'usage'];

/** Splits one CSV record (RFC 4180 quoting, as AWS writes it) into its fields. */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          value += line.slice(i);
          i = line.length;
          break;
        }
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      // Skip to the comma after the closing quote.
      const comma = line.indexOf(',', i);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      out.push(line.slice(i, comma < 0 ? line.length : comma));
      i = comma < 0 ? line.length + 1 : comma + 1;
    }
  }
  return out;
}

/** Reads one offer file's CSV a chunk at a time; `result()` once the whole file was pushed. */
export class OfferCsvReader {
  private rest = '';
  private index: Partial<Record<Column, number>> | undefined;
  private publicationDate: string | undefined;
  private rows = 0;
  private readonly instanceUsdPerHour: Record<string, number> = {};
  private readonly units: Record<string, unknown> = {};
  private readonly ebs: Partial<Record<EbsType, number>> = {};
  private readonly io2: Partial<Record<1 | 2 | 3, number>> = {};
  /** Load balancer hours, told apart by product family (the usage type is the same). */
  private readonly lb: Partial<Record<'albHour' | 'nlbHour' | 'classicElbHour', number>> = {};

  /** Feeds the next piece of text (any split: a line may span pushes). */
  push(text: string): void {
    const data = this.rest + text;
    let start = 0;
    for (;;) {
      const nl = data.indexOf('\n', start);
      if (nl < 0) break;
      this.line(data.slice(start, nl > start && data[nl - 1] === '\r' ? nl - 1 : nl));
      start = nl + 1;
    }
    this.rest = data.slice(start);
  }

  private line(line: string): void {
    if (line === '') return;
    if (this.index === undefined) {
      const fields = csvFields(line);
      if (fields[0] === 'Publication Date') this.publicationDate = fields[1];
      else if (fields[0] === 'SKU') {
        const at = new Map(fields.map((name, i) => [name, i]));
        this.index = Object.fromEntries(Object.entries(COLUMNS).flatMap(([k, name]) => (at.has(name) ? [[k, at.get(name)!]] : [])));
        const missing = REQUIRED.filter((c) => this.index![c] === undefined).map((c) => COLUMNS[c]);
        if (missing.length > 0) throw new OfferFileError(`its header row has no ${missing.join(', ')} column`);
      }
      return;
    }
    this.rows++;
    // Most rows are Reserved terms or products refarch never prices: a cheap test first.
    if (!line.includes('"OnDemand"')) return;
    const f = csvFields(line);
    const get = (c: Column): string | undefined => {
      const i = this.index![c];
      return i === undefined ? undefined : f[i];
    };
    if (get('termType') !== 'OnDemand' || get('currency') !== 'USD') return;
    const price = usd(get('price'));
    if (price === undefined) return;
    this.take(usageOf(get('usage')), price, get);
  }

  private take(usage: string, price: number, get: (c: Column) => string | undefined): void {
    const type = get('instanceType');
    if (type !== undefined && type !== '' && usage === `BoxUsage:${type}`) {
      if (
        INSTANCE_TYPES.rows[type] !== undefined &&
        get('family') === 'Compute Instance' &&
        get('os') === 'Linux' &&
        get('tenancy') === 'Shared' &&
        get('software') === 'NA' &&
        (get('capacity') ?? 'Used') === 'Used' &&
        get('operation') === 'RunInstances'
      )
        this.instanceUsdPerHour[type] = price;
      return;
    }
    const volume = /^EBS:VolumeUsage(?:\.(\w+))?$/.exec(usage);
    if (volume) {
      const name = (volume[1] ?? 'standard') === 'piops' ? 'io1' : ((volume[1] ?? 'standard') as EbsType);
      if ((EBS_TYPES as readonly string[]).includes(name)) this.ebs[name] = price;
      return;
    }
    // io2 IOPS: one usage type per tier, each listed 0-Inf; the tier bounds are AWS's (32,000, 64,000).
    const io2Tier = /^EBS:VolumeP-IOPS\.io2(?:\.tier([23]))?$/.exec(usage);
    if (io2Tier) {
      this.io2[Number(io2Tier[1] ?? 1) as 1 | 2 | 3] = price;
      return;
    }
    const name = SIMPLE[usage];
    // CloudWatch metrics are tiered (first 10,000, next 240,000 ...): the first tier's row starts at 0.
    if (name !== undefined) {
      if (Number(get('startingRange') ?? 0) === 0) this.units[name] = price;
      return;
    }
    if (usage === 'LoadBalancerUsage') {
      const family = get('family');
      const lb = family === 'Load Balancer-Application' ? 'albHour' : family === 'Load Balancer-Network' ? 'nlbHour' : family === 'Load Balancer' ? 'classicElbHour' : undefined;
      if (lb !== undefined) this.lb[lb] = price;
    }
  }

  /** The figures read; call after the last push. */
  result(): OfferPrices {
    if (this.rest !== '') {
      const last = this.rest;
      this.rest = '';
      this.line(last.endsWith('\r') ? last.slice(0, -1) : last);
    }
    if (this.index === undefined) throw new OfferFileError('it has no header row ("SKU",...)');
    const units: Record<string, unknown> = { ...this.units, ...this.lb };
    // A table only when every volume type is there: a partial one would hide the missing types.
    if (EBS_TYPES.every((t) => this.ebs[t] !== undefined)) units['ebsPerGiBMonth'] = Object.fromEntries(EBS_TYPES.map((t) => [t, this.ebs[t]!]));
    const [t1, t2, t3] = [this.io2[1], this.io2[2], this.io2[3]];
    if (t1 !== undefined && t2 !== undefined && t3 !== undefined)
      units['io2IopsMonthTiers'] = [
        { upTo: 32000, usd: t1 },
        { upTo: 64000, usd: t2 },
        { upTo: null, usd: t3 },
      ];
    return { publicationDate: this.publicationDate, instanceUsdPerHour: { ...this.instanceUsdPerHour }, units, rows: this.rows };
  }
}

/** Reads a whole offer file held as text (tests; the command streams). */
export function pricesFromOfferCsv(text: string): OfferPrices {
  const reader = new OfferCsvReader();
  reader.push(text);
  return reader.result();
}
