#!/usr/bin/env node
// Regenerates src/catalog/instance-prices.ts, the bundled on-demand instance prices per region,
// from scripts/prices/instance-prices.csv (type, region, USD per hour, source), which holds the
// figures as read from two public, dated sources:
//
//   karpenter  aws/karpenter-provider-aws, pkg/providers/pricing/zz_generated.pricing_aws.go at
//              commit 6fc13b5236fd04fd16ff3f9dc7490d0813994099 ("generated at 2026-07-20T13:44:30Z
//              for us-east-1"): every catalog type in us-east-1.
//   karpenter-031e  the same file at commit 031e72b6099630e960dacb88b48a7e9bb780945f ("generated at
//              2026-01-19T13:23:24Z for us-east-1"): the sizes and families added in issue #21 (24xlarge and
//              larger, metal, r5b, x2idn, x2iedn, c5, t3, t3a), the version the search tool held.
//   skypilot   skypilot-org/skypilot-catalog, catalogs/v8/aws/vms.csv at commit
//              00148f2af3672e2229b4f7bf8157d5a3f36e3c35 (the Price column: on-demand Linux, from the
//              AWS Price List API), read 2026-12-02: m4 and m5 in the regions listed there.
//   skypilot-e385  the same file at commit e385a0d348eda9cefd9806423e7725944dc249e4, read 2026-12-02:
//              m6i (2xlarge, 4xlarge) and m7i (xlarge) in the regions listed there (not sa-east-1,
//              eu-central-2, ca-west-1, il-central-1, ap-southeast-4; eu-south-1 has no m7i price).
//
// Within a family AWS prices the sizes in proportion to their vCPUs (xlarge = 2 × large ...). Where
// every size read for a family in a region is exactly that multiple of one .large price (the
// smallest size read, divided by its multiple), the sizes not read are filled in as the multiple; where one is not (me-central-1's m5), only the
// sizes read are kept. A type with no figure for a region is left out: plan then says so for that
// stack and marks its total approximate (it never shows another region's price as this one's).
//
// Usage: node scripts/gen-prices.mjs [--check]   (--check: exit 1 if the file is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CSV = join(root, 'scripts/prices/instance-prices.csv');
const OUT = join(root, 'src/catalog/instance-prices.ts');

export const SOURCES = {
  karpenter: {
    source: 'aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go @6fc13b52 (on-demand Linux, us-east-1)',
    asOf: '2026-07-20',
  },
  skypilot: {
    source: 'skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv @00148f2a (on-demand Linux from the AWS Price List API)',
    asOf: '2026-12-02',
  },
  'karpenter-031e': {
    source: 'aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go @031e72b6 (on-demand Linux, us-east-1)',
    asOf: '2026-01-19',
  },
  'skypilot-e385': {
    source: 'skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv @e385a0d3 (on-demand Linux from the AWS Price List API)',
    asOf: '2026-12-02',
  },
};

/**
 * The sizes the catalog has per family (INSTANCE_TYPES), each with its vCPUs in units of .large
 * (2 vCPUs): the multiple AWS prices it at. null: a size priced off that multiple (T3 sizes share
 * 2 vCPUs; m7i/r7i metal sizes carry a premium; r5b.metal too), which is only ever read, never filled in.
 */
const U = { large: 1, xlarge: 2, '2xlarge': 4, '4xlarge': 8, '8xlarge': 16, '12xlarge': 24, '16xlarge': 32, '24xlarge': 48 };
const CATALOG_SIZES = {
  m4: { large: 1, xlarge: 2, '2xlarge': 4, '4xlarge': 8, '10xlarge': 20, '16xlarge': 32 },
  m5: { ...U, metal: 48 },
  m6i: { ...U, '32xlarge': 64, metal: 64 },
  m7i: { ...U, '48xlarge': 96, 'metal-24xl': null, 'metal-48xl': null },
  r5: { ...U, metal: 48 },
  r6i: { ...U, '32xlarge': 64, metal: 64 },
  r7i: { ...U, '48xlarge': 96, 'metal-24xl': null, 'metal-48xl': null },
  r5b: { ...U, metal: null },
  x2idn: { '16xlarge': 32, '24xlarge': 48, '32xlarge': 64, metal: 64 },
  x2iedn: { xlarge: 2, '2xlarge': 4, '4xlarge': 8, '8xlarge': 16, '16xlarge': 32, '24xlarge': 48, '32xlarge': 64, metal: 64 },
  c5: { large: 1, xlarge: 2, '2xlarge': 4, '4xlarge': 8, '9xlarge': 18, '12xlarge': 24, '18xlarge': 36, '24xlarge': 48, metal: 48 },
  t3: { nano: null, micro: null, small: null, medium: null, large: null, xlarge: null, '2xlarge': null },
  t3a: { nano: null, micro: null, small: null, medium: null, large: null, xlarge: null, '2xlarge': null },
};

const round6 = (n) => Math.round(n * 1e6) / 1e6;

export function expand(rows) {
  const byRegion = new Map();
  for (const { type, region, usd, source } of rows) {
    if (!byRegion.has(region)) byRegion.set(region, { sources: new Set(), prices: new Map() });
    const r = byRegion.get(region);
    r.sources.add(source);
    r.prices.set(type, usd);
  }
  const out = {};
  for (const [region, { sources, prices }] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
    const types = {};
    for (const [family, units] of Object.entries(CATALOG_SIZES)) {
      const unitsOf = (type) => units[type.split('.')[1]] ?? null;
      const read = [...prices].filter(([t]) => t.startsWith(`${family}.`) && unitsOf(t) !== null).sort(([a], [b]) => unitsOf(a) - unitsOf(b));
      // The .large price the sizes read imply (read directly where it was).
      const large = read.length > 0 ? round6(read[0][1] / unitsOf(read[0][0])) : undefined;
      const linear = large !== undefined && read.every(([t, p]) => round6(large * unitsOf(t)) === p);
      for (const [size, unit] of Object.entries(units)) {
        const type = `${family}.${size}`;
        const p = prices.get(type) ?? (linear && unit !== null ? round6(large * unit) : undefined);
        if (p !== undefined) types[type] = p;
      }
    }
    const src = [...sources].sort();
    out[region] = { source: src.map((s) => SOURCES[s].source).join('; '), asOf: src.map((s) => SOURCES[s].asOf).sort().at(-1), types };
  }
  return out;
}

function parse(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('type,')) continue;
    const [type, region, usd, source] = line.split(',');
    if (!(source in SOURCES)) throw new Error(`unknown source "${source}" in ${line}`);
    rows.push({ type, region, usd: Number(usd), source });
  }
  return rows;
}

function render(tables) {
  const lines = [
    '// GENERATED by scripts/gen-prices.mjs from scripts/prices/instance-prices.csv: do not edit.',
    '// On-demand Linux instance prices, USD per hour, per region. Sources (see the script):',
    ...Object.values(SOURCES).map((s) => `//   ${s.source}, ${s.asOf}`),
    '// A type missing for a region had no sourced figure there.',
    '',
    'export interface InstancePriceTable {',
    '  readonly source: string;',
    '  readonly asOf: string;',
    '  readonly usdPerHour: Readonly<Record<string, number>>;',
    '}',
    '',
    'export const INSTANCE_PRICES: Readonly<Record<string, InstancePriceTable>> = {',
  ];
  for (const [region, t] of Object.entries(tables)) {
    lines.push(`  '${region}': {`, `    source: '${t.source}',`, `    asOf: '${t.asOf}',`, '    usdPerHour: {');
    const entries = Object.entries(t.types);
    for (let i = 0; i < entries.length; i += 6) lines.push(`      ${entries.slice(i, i + 6).map(([k, v]) => `'${k}': ${v}`).join(', ')},`);
    lines.push('    },', '  },');
  }
  lines.push('};', '');
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = render(expand(parse(readFileSync(CSV, 'utf8'))));
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) {
      console.error(`${OUT} is out of date: run node scripts/gen-prices.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}`);
  }
}
