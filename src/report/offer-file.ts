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
// operating system, tenancy, pre-installed software and capacity status (Linux, Shared, NA, Used).
// A row counts only when it is the paid on-demand term (TermType OnDemand, OfferTermCode
// ON_DEMAND_TERM_CODE, USD, a price above $0: the free tier is another term at $0), its Unit is
// one refarch converts (every usage type lists the units it accepts), and it has as many fields as
// the header. Of a usage type's rows the first paid tier (lowest StartingRange) is taken; rows
// that disagree are refused, never decided by their order in the file. What is refused is
// reported (OfferPrices.problems) and plan falls back to the bundled figure.
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
  /** Rows and figures refused (a unit refarch does not convert, a malformed row, tiers that disagree). */
  readonly problems: readonly string[];
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

/**
 * The on-demand offer term code. Every offer lists its paid on-demand rates under this code; the
 * free tier is another OnDemand term (A429C66SYZ, $0: CloudWatch's first 3 dashboards, 10 metrics,
 * 10 alarms; KMS's free requests), which refarch must never read as the price (rate codes in
 * QuinnyPig/aws-price-watcher raw/cloudwatch.json and raw/kms.json @daa3fca6, 2025-06-05).
 */
export const ON_DEMAND_TERM_CODE = 'JRTCKXETXF';

/**
 * The units AWS states a usage type's price in, each with the factor that turns it into refarch's
 * unit (the unit of the UnitPrices figure). A row in any other unit is refused with a message:
 * reading a price without its unit once priced gp3 throughput 1,024 times too high (AWS lists it
 * per GiBps-month: 45.056 in eu-west-1 is $0.044 per MiB/s-month). Units compare case-insensitively.
 */
const HOURS = { hrs: 1, hours: 1 } as const;
const GIB_MONTH = { 'gb-mo': 1, 'gb-month': 1, 'gib-mo': 1, 'gib-month': 1 } as const;
const IOPS_MONTH = { 'iops-mo': 1, 'iops-month': 1 } as const;
const MIBPS_MONTH = { 'gibps-mo': 1 / 1024, 'gibps-month': 1 / 1024, 'mibps-mo': 1, 'mibps-month': 1 } as const;
const count = (singular: string): Record<string, number> => ({ [singular]: 1, [`${singular}s`]: 1 });

interface UsageRule {
  readonly name: keyof UnitPrices;
  /** refarch's unit, for messages. */
  readonly unit: string;
  readonly units: Readonly<Record<string, number>>;
}

/** Usage types priced one figure each, by the unit price they give. */
const SIMPLE: Readonly<Record<string, UsageRule>> = {
  'EBS:VolumeP-IOPS.gp3': { name: 'gp3IopsMonthOver3000', unit: 'IOPS-month', units: IOPS_MONTH },
  'EBS:VolumeP-Throughput.gp3': { name: 'gp3MiBpsMonthOver125', unit: 'MiBps-month', units: MIBPS_MONTH },
  'EBS:VolumeP-IOPS.piops': { name: 'io1IopsMonth', unit: 'IOPS-month', units: IOPS_MONTH },
  'EBS:SnapshotUsage': { name: 'snapshotPerGiBMonth', unit: 'GiB-month', units: GIB_MONTH },
  'NatGateway-Hours': { name: 'natGatewayHour', unit: 'hour', units: HOURS },
  'PublicIPv4:InUseAddress': { name: 'publicIpv4Hour', unit: 'hour', units: HOURS },
  'VpcEndpoint-Hours': { name: 'interfaceEndpointAzHour', unit: 'hour', units: HOURS },
  'VPN-Usage-Hours:ipsec.1': { name: 'vpnConnectionHour', unit: 'hour', units: HOURS },
  'CW:AlarmMonitorUsage': { name: 'cloudwatchAlarmMonth', unit: 'alarm-month', units: count('alarm') },
  'CW:MetricMonitorUsage': { name: 'cloudwatchMetricMonth', unit: 'metric-month', units: count('metric') },
  // CloudWatch Logs (standard class) and API requests: what the agent's logs cost.
  'DataProcessing-Bytes': { name: 'cloudwatchLogsIngestedGB', unit: 'GB', units: { gb: 1 } },
  'TimedStorage-ByteHrs': { name: 'cloudwatchLogsStoredGBMonth', unit: 'GB-month', units: GIB_MONTH },
  'CW:Requests': { name: 'cloudwatchRequest', unit: 'request', units: count('request') },
  // Up to 50 metrics, and more: one price; account-wide products a regional file may not list.
  'DashboardsUsageHour-Basic': { name: 'cloudwatchDashboardMonth', unit: 'dashboard-month', units: count('dashboard') },
  DashboardsUsageHour: { name: 'cloudwatchDashboardMonth', unit: 'dashboard-month', units: count('dashboard') },
  'KMS-Keys': { name: 'kmsKeyMonth', unit: 'key-month', units: count('key') },
};

/** Columns read; the names are the CSV header's (the JSON form's attribute names differ). */
const COLUMNS = {
  termType: 'TermType',
  termCode: 'OfferTermCode',
  startingRange: 'StartingRange',
  unit: 'Unit',
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
const REQUIRED: readonly Column[] = ['termType', 'termCode', 'startingRange', 'unit', 'price', 'currency', 'usage'];

/**
 * Splits one CSV record into its fields: RFC 4180 quoting as AWS writes it ("" inside a quoted
 * field is one quote), read leniently where a description has a stray quote. Inside a quoted field
 * a quote closes the field only when a comma or the end of the line follows it; any other quote is
 * kept as text. The reader works one line at a time, so a stray quote can never swallow the lines
 * after it (a CSV library that follows quotes across line breaks would read on until the next quote,
 * possibly megabytes later); a record whose field count still differs from the header's is refused
 * by OfferCsvReader, not read shifted.
 */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      let at = i + 1;
      for (;;) {
        const q = line.indexOf('"', at);
        if (q < 0) {
          // No closing quote: the rest of the line is the field.
          value += line.slice(at);
          at = line.length;
          break;
        }
        value += line.slice(at, q);
        const next = line[q + 1];
        if (next === '"') {
          value += '"';
          at = q + 2;
        } else if (next === ',' || next === undefined) {
          at = q + 1;
          break;
        } else {
          // A stray quote inside the text.
          value += '"';
          at = q + 1;
        }
      }
      out.push(value);
      if (at >= line.length) return out;
      i = at + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/** One on-demand row that could give a figure, kept until the whole file is read. */
interface Candidate {
  readonly usd: number;
  readonly from: number;
  readonly line: number;
}

/** Reads one offer file's CSV a chunk at a time; `result()` once the whole file was pushed. */
export class OfferCsvReader {
  private rest = '';
  private index: Partial<Record<Column, number>> | undefined;
  private width = 0;
  private publicationDate: string | undefined;
  private rows = 0;
  private lineNo = 0;
  /** Candidate rows per figure: "instance:m5.large", "unit:albHour", "ebs:gp3", "io2:1" ... */
  private readonly candidates = new Map<string, Candidate[]>();
  private readonly problems: string[] = [];
  private malformed = 0;

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

  private problem(message: string): void {
    // A broken file could repeat one problem a million times: the first ten tell the story.
    if (this.problems.length < 10) this.problems.push(message);
  }

  private line(line: string): void {
    this.lineNo++;
    if (line === '') return;
    if (this.index === undefined) {
      const fields = csvFields(line);
      if (fields[0] === 'Publication Date') this.publicationDate = fields[1];
      else if (fields[0] === 'SKU') {
        const at = new Map(fields.map((name, i) => [name, i]));
        this.width = fields.length;
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
    if (f.length !== this.width) {
      this.malformed++;
      this.problem(`line ${this.lineNo} has ${f.length} fields where the header has ${this.width} (a stray quote or comma?): left out`);
      return;
    }
    const get = (c: Column): string | undefined => {
      const i = this.index![c];
      return i === undefined ? undefined : f[i];
    };
    // Paid on-demand rates only: the free tier is another OnDemand term, at $0.
    if (get('termType') !== 'OnDemand' || get('termCode') !== ON_DEMAND_TERM_CODE || get('currency') !== 'USD') return;
    const price = Number(get('price'));
    if (get('price') === '' || !Number.isFinite(price) || price <= 0) return;
    const from = Number(get('startingRange') || 0);
    this.take(usageOf(get('usage')), price, Number.isFinite(from) ? from : 0, get);
  }

  /** Converts a row's price to refarch's unit, or refuses the row (undefined) with a message. */
  private converted(usage: string, price: number, unit: string | undefined, units: Readonly<Record<string, number>>, refarchUnit: string): number | undefined {
    const factor = units[(unit ?? '').toLowerCase()];
    if (factor === undefined) {
      this.problem(`line ${this.lineNo}: ${usage} is priced per "${unit ?? ''}", a unit refarch does not convert to ${refarchUnit} (it reads ${Object.keys(units).join(', ')}): left out`);
      return undefined;
    }
    return price * factor;
  }

  private add(key: string, usd: number, from: number): void {
    const list = this.candidates.get(key);
    const c = { usd, from, line: this.lineNo };
    if (list) list.push(c);
    else this.candidates.set(key, [c]);
  }

  private take(usage: string, price: number, from: number, get: (c: Column) => string | undefined): void {
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
      ) {
        const usd = this.converted(usage, price, get('unit'), HOURS, 'instance-hour');
        if (usd !== undefined) this.add(`instance:${type}`, usd, from);
      }
      return;
    }
    const volume = /^EBS:VolumeUsage(?:\.(\w+))?$/.exec(usage);
    if (volume) {
      const name = (volume[1] ?? 'standard') === 'piops' ? 'io1' : ((volume[1] ?? 'standard') as EbsType);
      if (!(EBS_TYPES as readonly string[]).includes(name)) return;
      const usd = this.converted(usage, price, get('unit'), GIB_MONTH, 'GiB-month');
      if (usd !== undefined) this.add(`ebs:${name}`, usd, from);
      return;
    }
    // io2 IOPS: one usage type per tier, each listed 0-Inf; the tier bounds are AWS's (32,000, 64,000).
    const io2Tier = /^EBS:VolumeP-IOPS\.io2(?:\.tier([23]))?$/.exec(usage);
    if (io2Tier) {
      const usd = this.converted(usage, price, get('unit'), IOPS_MONTH, 'IOPS-month');
      if (usd !== undefined) this.add(`io2:${io2Tier[1] ?? 1}`, usd, from);
      return;
    }
    const rule = SIMPLE[usage];
    if (rule !== undefined) {
      const usd = this.converted(usage, price, get('unit'), rule.units, rule.unit);
      if (usd !== undefined) this.add(`unit:${rule.name}`, usd, from);
      return;
    }
    if (usage === 'LoadBalancerUsage') {
      const family = get('family');
      const lb = family === 'Load Balancer-Application' ? 'albHour' : family === 'Load Balancer-Network' ? 'nlbHour' : family === 'Load Balancer' ? 'classicElbHour' : undefined;
      if (lb === undefined) return;
      const usd = this.converted(usage, price, get('unit'), HOURS, 'hour');
      if (usd !== undefined) this.add(`unit:${lb}`, usd, from);
    }
  }

  /**
   * The figure of one key: the first paid tier (the lowest StartingRange among the paid rows: a
   * tiered price such as CloudWatch metrics' first 10,000 lists one row per range). Rows of the
   * same tier that disagree are refused rather than one of them picked by file order.
   */
  private chosen(key: string, label: string): number | undefined {
    const list = this.candidates.get(key);
    if (list === undefined) return undefined;
    const first = Math.min(...list.map((c) => c.from));
    const tier = list.filter((c) => c.from === first);
    const prices = [...new Set(tier.map((c) => round6(c.usd)))];
    if (prices.length > 1) {
      this.problem(`${label}: ${tier.length} on-demand rows of the same tier disagree (${prices.join(', ')} USD, lines ${tier.map((c) => c.line).join(', ')}): left out`);
      return undefined;
    }
    return prices[0];
  }

  /** The figures read; call after the last push. */
  result(): OfferPrices {
    if (this.rest !== '') {
      const last = this.rest;
      this.rest = '';
      this.line(last.endsWith('\r') ? last.slice(0, -1) : last);
    }
    if (this.index === undefined) throw new OfferFileError('it has no header row ("SKU",...)');
    const instanceUsdPerHour: Record<string, number> = {};
    const units: Record<string, unknown> = {};
    const ebs: Partial<Record<EbsType, number>> = {};
    const io2: Partial<Record<string, number>> = {};
    for (const key of [...this.candidates.keys()].sort()) {
      const [kind, name] = key.split(':') as [string, string];
      const usd = this.chosen(key, kind === 'instance' ? name : kind === 'unit' ? name : `${kind} ${name}`);
      if (usd === undefined) continue;
      if (kind === 'instance') instanceUsdPerHour[name] = usd;
      else if (kind === 'ebs') ebs[name as EbsType] = usd;
      else if (kind === 'io2') io2[name] = usd;
      else units[name] = usd;
    }
    // A table only when every volume type is there: a partial one would hide the missing types.
    if (EBS_TYPES.every((t) => ebs[t] !== undefined)) units['ebsPerGiBMonth'] = Object.fromEntries(EBS_TYPES.map((t) => [t, ebs[t]!]));
    const [t1, t2, t3] = [io2['1'], io2['2'], io2['3']];
    if (t1 !== undefined && t2 !== undefined && t3 !== undefined)
      units['io2IopsMonthTiers'] = [
        { upTo: 32000, usd: t1 },
        { upTo: 64000, usd: t2 },
        { upTo: null, usd: t3 },
      ];
    const problems = [...this.problems];
    if (this.malformed > 0 && problems.length >= 10) problems.push(`${this.malformed} on-demand rows in all had a field count unlike the header's`);
    return { publicationDate: this.publicationDate, instanceUsdPerHour, units, rows: this.rows, problems };
  }
}

function round6(n: number): number {
  // Catalog prices hold six decimals (money.ts); offer files carry ten.
  return Math.round(n * 1e6) / 1e6;
}

/** Reads a whole offer file held as text (tests; the command streams). */
export function pricesFromOfferCsv(text: string): OfferPrices {
  const reader = new OfferCsvReader();
  reader.push(text);
  return reader.result();
}
