#!/usr/bin/env node
// Reads the regional unit prices refarch bundles (other than instances and EBS/NAT) out of the
// public repository QuinnyPig/aws-price-watcher, which commits the data behind AWS's pricing pages
// every few hours, and writes them as read to scripts/prices/unit-prices.csv, one row per region
// and figure. scripts/gen-unit-prices.mjs turns that CSV into src/catalog/unit-prices.ts.
//
//   processed/elb.json, kms.json, cloudwatch.json at daa3fca6cad0b9cf218a31c17594442987bba3dc (2025-06-05)
//   processed/vpc.json at ccc5fd6e19db8499127b50373ccdc638f5a42bef (2025-06-13)
//
// Each file maps a metric name to { "<Price List location name>": "<USD>" }. EBS and NAT gateway
// prices are not in that repository (its ec2.json holds instance prices only).
//
// Usage: node scripts/prices/read-price-watcher.mjs <git dir of a QuinnyPig/aws-price-watcher clone>
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMMITS = {
  'pw-elb': { commit: 'daa3fca6cad0b9cf218a31c17594442987bba3dc', file: 'processed/elb.json' },
  'pw-kms': { commit: 'daa3fca6cad0b9cf218a31c17594442987bba3dc', file: 'processed/kms.json' },
  'pw-cloudwatch': { commit: 'daa3fca6cad0b9cf218a31c17594442987bba3dc', file: 'processed/cloudwatch.json' },
  'pw-vpc': { commit: 'ccc5fd6e19db8499127b50373ccdc638f5a42bef', file: 'processed/vpc.json' },
};

/** refarch's unit price <- (file, metric name). */
const METRICS = [
  ['albHour', 'pw-elb', 'Application Load Balancer Hours'],
  ['nlbHour', 'pw-elb', 'Network Load Balancer Hours'],
  ['classicElbHour', 'pw-elb', 'Classic Load Balancer Hours'],
  ['interfaceEndpointAzHour', 'pw-vpc', 'Hourly charge for VPC Endpoints per Hrs'],
  ['vpnConnectionHour', 'pw-vpc', 'CreateVpnConnection per Hrs'],
  ['publicIpv4Hour', 'pw-vpc', 'Hourly charge for In use Public IPv4 Addresses per Hrs'],
  ['kmsKeyMonth', 'pw-kms', 'Encryption Key'],
  ['cloudwatchAlarmMonth', 'pw-cloudwatch', 'Alarm Standard'],
  ['cloudwatchMetricMonth', 'pw-cloudwatch', 'Metric for the first 10000'],
  ['cloudwatchLogsIngestedGB', 'pw-cloudwatch', 'Logs Collected Data Ingestion'],
  ['cloudwatchLogsStoredGBMonth', 'pw-cloudwatch', 'Stored Data'],
  ['cloudwatchRequest', 'pw-cloudwatch', 'API Request'],
];
/** Account-wide products: location "Any". */
const GLOBAL_METRICS = [['cloudwatchDashboardMonth', 'pw-cloudwatch', 'Dashboard Basic Dashboard']];

/**
 * Region code -> the Price List "Location" name the files use. Regions refarch knows that the files
 * do not list (ap-southeast-6, opened after June 2025) get no row. "Taiwan (Taipei)" and
 * "New Zealand (Auckland)" in the files are Local Zones, not ap-east-2 or ap-southeast-6.
 */
export const LOCATIONS = {
  'us-east-1': 'US East (N. Virginia)', 'us-east-2': 'US East (Ohio)', 'us-west-1': 'US West (N. California)', 'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)', 'ca-west-1': 'Canada West (Calgary)', 'mx-central-1': 'Mexico (Central)', 'sa-east-1': 'South America (Sao Paulo)',
  'eu-west-1': 'EU (Ireland)', 'eu-west-2': 'EU (London)', 'eu-west-3': 'EU (Paris)', 'eu-central-1': 'EU (Frankfurt)', 'eu-central-2': 'EU (Zurich)',
  'eu-north-1': 'EU (Stockholm)', 'eu-south-1': 'EU (Milan)', 'eu-south-2': 'EU (Spain)',
  'ap-southeast-1': 'Asia Pacific (Singapore)', 'ap-southeast-2': 'Asia Pacific (Sydney)', 'ap-southeast-3': 'Asia Pacific (Jakarta)',
  'ap-southeast-4': 'Asia Pacific (Melbourne)', 'ap-southeast-5': 'Asia Pacific (Malaysia)', 'ap-southeast-7': 'Asia Pacific (Thailand)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)', 'ap-northeast-2': 'Asia Pacific (Seoul)', 'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ap-south-1': 'Asia Pacific (Mumbai)', 'ap-south-2': 'Asia Pacific (Hyderabad)', 'ap-east-1': 'Asia Pacific (Hong Kong)', 'ap-east-2': 'Asia Pacific (Taipei)',
  'me-central-1': 'Middle East (UAE)', 'me-south-1': 'Middle East (Bahrain)', 'il-central-1': 'Israel (Tel Aviv)', 'af-south-1': 'Africa (Cape Town)',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const gitDir = process.argv[2];
  if (!gitDir) {
    console.error('usage: node scripts/prices/read-price-watcher.mjs <git dir of QuinnyPig/aws-price-watcher>');
    process.exit(2);
  }
  const data = Object.fromEntries(Object.entries(COMMITS).map(([key, { commit, file }]) => [key, JSON.parse(execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${file}`], { encoding: 'utf8', maxBuffer: 64 << 20 }))]));
  const lines = [
    '# Regional unit prices as read from QuinnyPig/aws-price-watcher (scripts/prices/read-price-watcher.mjs:',
    '# files, commits and metric names there). USD, PricePerUnit as the file has it. region "*" is account-wide.',
    'region,price,usd,source',
  ];
  for (const [region, location] of Object.entries(LOCATIONS)) {
    for (const [price, key, metric] of METRICS) {
      const usd = data[key][metric]?.[location];
      if (usd === undefined) continue;
      lines.push(`${region},${price},${Number(usd)},${key}`);
    }
  }
  for (const [price, key, metric] of GLOBAL_METRICS) lines.push(`*,${price},${Number(data[key][metric].Any)},${key}`);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'unit-prices.csv');
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`wrote ${out} (${lines.length - 3} rows)`);
}
