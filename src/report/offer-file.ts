// AWS Price List bulk offer files -> a region's price table (pure: no network, no files).
//
// An offer file (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<offer>/current/<region>/index.json)
// is JSON: { offerCode, version, publicationDate, products: { <sku>: { sku, productFamily,
// attributes: { usagetype, operation, instanceType, ... } } }, terms: { OnDemand: { <sku>:
// { <offerTermCode>: { priceDimensions: { <rateCode>: { unit, beginRange, endRange, pricePerUnit:
// { USD } } } } } } } }. Products are told apart by their usage type (prefixed with a region code,
// e.g. "EUW1-", none in us-east-1), which is what AWS bills by; instances also by operating
// system, tenancy, pre-installed software and capacity status (on-demand Linux, shared, none, used).
import { INSTANCE_TYPES, type EbsType, type UnitPrices } from '../catalog/catalog';

/** The offers `refarch prices` reads, per region. */
export const OFFERS = ['AmazonEC2', 'AmazonVPC', 'AWSELB', 'AmazonCloudWatch', 'awskms'] as const;
export type Offer = (typeof OFFERS)[number];

interface PriceDimension {
  readonly unit?: string;
  readonly beginRange?: string;
  readonly endRange?: string;
  readonly pricePerUnit?: { readonly USD?: string };
}

export interface OfferFile {
  readonly offerCode?: string;
  readonly publicationDate?: string;
  readonly products?: Readonly<Record<string, { readonly productFamily?: string; readonly attributes?: Readonly<Record<string, string>> }>>;
  readonly terms?: { readonly OnDemand?: Readonly<Record<string, Readonly<Record<string, { readonly priceDimensions?: Readonly<Record<string, PriceDimension>> }>>>> };
}

/** What one offer file gave: instance prices, unit prices, and the file's publication date. */
export interface OfferPrices {
  readonly publicationDate: string | undefined;
  readonly instanceUsdPerHour: Record<string, number>;
  readonly units: Partial<Record<keyof UnitPrices, unknown>>;
}

const EBS_TYPES: readonly EbsType[] = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'];

/** The on-demand price dimensions of a SKU, lowest range first. */
function dimensions(file: OfferFile, sku: string): PriceDimension[] {
  const terms = file.terms?.OnDemand?.[sku] ?? {};
  return Object.values(terms)
    .flatMap((t) => Object.values(t.priceDimensions ?? {}))
    .sort((a, b) => Number(a.beginRange ?? 0) - Number(b.beginRange ?? 0));
}

function usd(d: PriceDimension | undefined): number | undefined {
  const text = d?.pricePerUnit?.USD;
  if (text === undefined) return undefined;
  const n = Number(text);
  // Catalog prices hold six decimals (money.ts); offer files carry ten.
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1e6) / 1e6 : undefined;
}

/**
 * The usage type without its region prefix: "EUW2-EBS:VolumeUsage.gp3" -> "EBS:VolumeUsage.gp3"
 * (KMS prefixes the region name itself: "eu-west-1-KMS-Keys" -> "KMS-Keys").
 */
export function usageOf(usagetype: string | undefined): string {
  return (usagetype ?? '').replace(/^(?:[A-Z]{2,4}\d?|[a-z]{2}(?:-[a-z]+)+-\d)-/, '');
}

/** Reads the figures refarch prices from one offer file of one region. */
export function pricesFromOfferFile(file: OfferFile): OfferPrices {
  const instanceUsdPerHour: Record<string, number> = {};
  const units: Record<string, unknown> = {};
  const ebs: Partial<Record<EbsType, number>> = {};
  const io2: Array<{ readonly tier: number; readonly usd: number }> = [];
  for (const [sku, product] of Object.entries(file.products ?? {})) {
    const a = product.attributes ?? {};
    const usage = usageOf(a['usagetype']);
    const first = dimensions(file, sku)[0];
    const price = usd(first);
    if (price === undefined) continue;
    const type = a['instanceType'];
    if (
      product.productFamily === 'Compute Instance' &&
      type !== undefined &&
      INSTANCE_TYPES.rows[type] !== undefined &&
      usage === `BoxUsage:${type}` &&
      a['operatingSystem'] === 'Linux' &&
      a['tenancy'] === 'Shared' &&
      a['preInstalledSw'] === 'NA' &&
      (a['capacitystatus'] ?? 'Used') === 'Used' &&
      a['operation'] === 'RunInstances'
    ) {
      instanceUsdPerHour[type] = price;
      continue;
    }
    const volume = /^EBS:VolumeUsage(?:\.(\w+))?$/.exec(usage);
    if (volume) {
      const name = (volume[1] ?? 'standard') === 'piops' ? 'io1' : ((volume[1] ?? 'standard') as EbsType);
      if ((EBS_TYPES as readonly string[]).includes(name)) ebs[name] = price;
      continue;
    }
    const io2Tier = /^EBS:VolumeP-IOPS\.io2(?:\.tier([23]))?$/.exec(usage);
    if (io2Tier) {
      io2.push({ tier: Number(io2Tier[1] ?? 1), usd: price });
      continue;
    }
    const simple: Readonly<Record<string, keyof UnitPrices>> = {
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
      'DashboardsUsageHour-Basic': 'cloudwatchDashboardMonth',
      'KMS-Keys': 'kmsKeyMonth',
    };
    const name = simple[usage];
    if (name !== undefined) {
      units[name] = price;
      continue;
    }
    if (usage === 'LoadBalancerUsage') {
      const family = product.productFamily;
      const lb = family === 'Load Balancer-Application' ? 'albHour' : family === 'Load Balancer-Network' ? 'nlbHour' : family === 'Load Balancer' ? 'classicElbHour' : undefined;
      if (lb !== undefined) units[lb] = price;
    }
  }
  // A table only when every volume type is there: a partial one would hide the missing types.
  if (EBS_TYPES.every((t) => ebs[t] !== undefined)) units['ebsPerGiBMonth'] = Object.fromEntries(EBS_TYPES.map((t) => [t, ebs[t]!]));
  if ([1, 2, 3].every((t) => io2.some((x) => x.tier === t))) {
    const at = (t: number): number => io2.find((x) => x.tier === t)!.usd;
    units['io2IopsMonthTiers'] = [
      { upTo: 32000, usd: at(1) },
      { upTo: 64000, usd: at(2) },
      { upTo: null, usd: at(3) },
    ];
  }
  return { publicationDate: file.publicationDate, instanceUsdPerHour, units };
}
