// Prices the plan uses: unit prices per region and account-wide, instance prices (generated tables), Route 53.
// Re-exported by catalog.ts: import from './catalog' as before.
import { INSTANCE_PRICES as GENERATED_INSTANCE_PRICES, type InstancePriceTable } from './instance-prices';
import { ACCOUNT_WIDE_UNIT_PRICES, REGIONAL_UNIT_PRICES } from './unit-prices';
import type { EbsType } from './ebs';
import type { Sourced } from './sourced';

export type { InstancePriceTable } from './instance-prices';

/** Unit prices of everything plan prices except instances (INSTANCE_PRICES), in USD. */
export interface UnitPrices {
  readonly ebsPerGiBMonth: Readonly<Record<EbsType, number>>;
  readonly gp3IopsMonthOver3000: number;
  readonly gp3MiBpsMonthOver125: number;
  readonly io1IopsMonth: number;
  /**
   * io2 provisioned IOPS, priced per volume in tiers: the first `upTo` IOPS of a volume at the first
   * price, the next ones up to the next `upTo` at the second ...; `upTo` null is the open top tier.
   */
  readonly io2IopsMonthTiers: ReadonlyArray<{ readonly upTo: number | null; readonly usd: number }>;
  readonly snapshotPerGiBMonth: number;
  readonly albHour: number;
  readonly nlbHour: number;
  readonly classicElbHour: number;
  readonly natGatewayHour: number;
  readonly vpnConnectionHour: number;
  /** Every public IPv4 address, attached or idle (NAT gateway EIPs, internet-facing load balancer nodes). */
  readonly publicIpv4Hour: number;
  /** An interface VPC endpoint, per availability zone it has a network interface in. */
  readonly interfaceEndpointAzHour: number;
  /** A customer managed KMS key (rotated key versions add to it after the first rotation). */
  readonly kmsKeyMonth: number;
  readonly cloudwatchAlarmMonth: number;
  readonly cloudwatchDashboardMonth: number;
  /** A metric, first tier (EC2 detailed monitoring metrics are priced as metrics). */
  readonly cloudwatchMetricMonth: number;
  /** CloudWatch Logs: a GB ingested (standard log class), and a GB stored for a month. */
  readonly cloudwatchLogsIngestedGB: number;
  readonly cloudwatchLogsStoredGBMonth: number;
  /** One CloudWatch API request (PutMetricData and the like: $0.01 per 1,000). */
  readonly cloudwatchRequest: number;
}
export type UnitPriceName = keyof UnitPrices;

/** Currency and month length of every estimate. */
export const PRICING: Sourced<{ readonly currency: 'USD'; readonly hoursPerMonth: number }> = {
  source: 'AWS pricing pages: monthly figures are 730 hours (8,760 hours a year / 12)',
  asOf: '2026-07',
  rows: { currency: 'USD', hoursPerMonth: 730 },
};

/** The figures of a generated table of sourced unit prices (src/catalog/unit-prices.ts), without their sources. */
function figuresOf(table: Readonly<Record<string, readonly [number, string]>>): Partial<UnitPrices> {
  return Object.fromEntries(Object.entries(table).map(([name, [usd]]) => [name, usd])) as Partial<UnitPrices>;
}

/**
 * Unit prices per region, each figure from a dated public source. A region or a figure missing
 * here had no sourced figure: plan then prices the item at the us-east-1 figure, says so for the
 * stack and marks the total approximate. `refarch prices` fetches every figure of a region from
 * AWS's Price List offer files into a local cache, which plan and diff prefer. The regional
 * figures (generated: scripts/gen-unit-prices.mjs) carry their own source and date per figure
 * (REGIONAL_UNIT_PRICES); EBS and NAT gateway figures have no dated regional source yet and exist
 * for us-east-1 only.
 */
export const UNIT_PRICES: Sourced<Readonly<Record<string, Partial<UnitPrices>>>> = {
  source:
    'Every region but ap-southeast-6: QuinnyPig/aws-price-watcher (AWS pricing-page data: elb, kms, cloudwatch @daa3fca6 2025-06-05; vpc @ccc5fd6e 2025-06-13) for load balancer hours, interface endpoint AZ-hour, VPN connection hour, public IPv4 hour, KMS key, CloudWatch alarm and metric, CloudWatch Logs ingestion and storage, CloudWatch API request. us-east-1 EBS and NAT gateway: Infracost us-east-1 golden test outputs (EBS, NAT, 2026-07); Amazon EBS pricing (io2 tiers per volume: up to 32,000, 32,001-64,000, above 64,000 IOPS). ap-southeast-6: Amazon VPC pricing, public IPv4 addresses ($0.005 per IP-hour in all commercial regions since 2024-02-01)',
  asOf: '2026-07',
  rows: {
    ...Object.fromEntries(Object.entries(REGIONAL_UNIT_PRICES).map(([region, table]) => [region, figuresOf(table)])),
    'us-east-1': {
      ebsPerGiBMonth: { gp2: 0.1, gp3: 0.08, io1: 0.125, io2: 0.125, standard: 0.05, st1: 0.045, sc1: 0.015 },
      gp3IopsMonthOver3000: 0.005,
      gp3MiBpsMonthOver125: 0.04,
      io1IopsMonth: 0.065,
      io2IopsMonthTiers: [
        { upTo: 32000, usd: 0.065 },
        { upTo: 64000, usd: 0.0455 },
        { upTo: null, usd: 0.03185 },
      ],
      snapshotPerGiBMonth: 0.05,
      natGatewayHour: 0.045,
      ...figuresOf(REGIONAL_UNIT_PRICES['us-east-1'] ?? {}),
    },
    // Opened after the regional source's date: only the one-price-everywhere IPv4 charge is sourced.
    'ap-southeast-6': { publicIpv4Hour: 0.005 },
  },
};

/** Figures of UNIT_PRICES taken from the catalog-wide source above (us-east-1's EBS and NAT, ap-southeast-6's IPv4), not from unit-prices.ts. */
export const UNIT_PRICES_OWN_SOURCE = { source: 'Infracost us-east-1 golden test outputs; Amazon EBS, Amazon VPC pricing pages', asOf: '2026-07' } as const;

/**
 * Unit prices of products AWS sells account-wide rather than per region: one figure wherever a
 * stack runs, so a region's table (bundled or from the offer files) that lacks it is still exact.
 * CloudWatch dashboards are listed in the Price List with location "Any" and no region code, so a
 * region's offer file need not carry them.
 */
export const GLOBAL_UNIT_PRICES: Sourced<Partial<UnitPrices>> = {
  source: 'QuinnyPig/aws-price-watcher processed/cloudwatch.json @daa3fca6 ("Dashboard Basic Dashboard", location "Any"; the first 3 are the free tier, another term at $0)',
  asOf: '2025-06-05',
  rows: figuresOf(ACCOUNT_WIDE_UNIT_PRICES),
};

/** On-demand instance prices per region (generated: scripts/gen-prices.mjs, sources in its header). */
export const INSTANCE_PRICES: Sourced<Readonly<Record<string, InstancePriceTable>>> = {
  source: 'Karpenter generated price table (us-east-1) and the SkyPilot AWS catalog (other regions); see src/catalog/instance-prices.ts',
  asOf: '2026-12',
  rows: GENERATED_INSTANCE_PRICES,
};

/** Route 53 is a global service: one price list wherever the stacks run. */
export const ROUTE53_PRICES: Sourced<{ readonly zoneMonth: number; readonly healthCheckMonth: number; readonly healthCheckOptionMonth: number }> = {
  source: 'Infracost us-east-1 golden test outputs; Amazon Route 53 pricing (global: hosted zone, AWS-endpoint health check, optional features)',
  asOf: '2026-07',
  rows: { zoneMonth: 0.5, healthCheckMonth: 0.5, healthCheckOptionMonth: 1.0 },
};

/** Metrics an instance with detailed (1-minute) monitoring is charged for. */
