// Every semantic rule id: a good spec (no diagnostics at all) and a bad spec (exactly the expected
// diagnostic: rule, severity, line, column, path). Specs are YAML text built from a small valid base
// so that line numbers are predictable; positions are computed from the text with `pos`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VolumeModel } from '../src/model/model';
import { resolve } from '../src/resolve/resolve';
import type { RawSpec } from '../src/spec/types';
import type { Diagnostic, FindingParams } from '../src/model/diagnostics';
import { ebsVolumeRule } from '../src/validate/rules/ebs';
import { RULE_IDS, RULES } from '../src/validate/rules/index';
import { cidrProblem } from '../src/validate/rules/network';
import { fmt } from '../src/validate/rules/util';
import { schemaFindings } from '../src/validate/schema';
import { checkText, place, semanticFindings } from '../src/validate/validate';

/** Cloud model, cache profile, medium preset (m4.4xlarge members), no DR. Lines 1 to 5. */
const BASE = `apiVersion: refarch/v1
name: test-dep
profile: cache
region: eu-west-1
availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]
`;

/** Namespace names of 31 characters: 8 fit one 256-character tag value, 9 need two. */
const NAMESPACES = Array.from({ length: 20 }, (_, i) => `NS${'X'.repeat(27)}${String(i).padStart(2, '0')}`);

/** Hybrid model with its required onPremises and dr (MaxServerConn admitting its DR application servers). Lines 1 to 11. */
const HYBRID = `apiVersion: refarch/v1
name: test-dep
profile: cache
model: hybrid
onPremises:
  cidrs: [172.16.0.0/16]
  maxServerConn: 16
  vpn: { customerGatewayIp: 203.0.113.10 }
dr:
  region: eu-west-1
  availabilityZones: [eu-west-1a, eu-west-1b]
`;

const DR = `dr:
  region: eu-central-1
  availabilityZones: [eu-central-1a, eu-central-1b]
`;

/** A UK deployment (London, the UK's only region) with DR in Ireland and the transfer basis recorded. Lines 1 to 9. */
const UK = `apiVersion: refarch/v1
name: test-dep
profile: cache
region: eu-west-2
availabilityZones: [eu-west-2a, eu-west-2b, eu-west-2c]
dr:
  region: eu-west-1
  availabilityZones: [eu-west-1a, eu-west-1b]
  transferBasis: "UK GDPR Art. 45: adequacy regulations cover the EEA"
`;

const dedent = (text: string): string => text.replace(/^\n/, '');

/**
 * 1-based line and column of the `nth` occurrence of `needle`: of the value in a `key: value`
 * needle (unless `atKey`), past the leading spaces otherwise.
 */
function pos(text: string, needle: string, nth = 1, atKey = false): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i < nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" not found ${nth} times in the spec`);
  }
  const colon = needle.indexOf(': ');
  if (colon >= 0 && !atKey) offset += colon + 2;
  else offset += needle.length - needle.trimStart().length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function diagnostics(text: string): Diagnostic[] {
  return checkText(text, 'spec.yaml').diagnostics;
}

interface Case {
  readonly rule: string;
  readonly name?: string;
  readonly good: string;
  readonly bad: string;
  readonly severity: 'error' | 'warning';
  readonly path: string;
  /** Where the diagnostic is expected: a needle for `pos`, or an explicit position. */
  readonly at: string | { line: number; column: number } | { needle: string; nth: number } | { key: string };
  /** Substrings the message must contain (its wording; the figures are in params). */
  readonly message?: readonly string[];
  readonly fix?: readonly string[];
  /** The structured figures the diagnostic must carry, exactly. */
  readonly params?: FindingParams;
}


// Landing zones: an existing VPC with a subnet per zone and tier (cache profile, three zones).
const SUBNETS = (tier: number, ids?: string[]): string => `[${(ids ?? [1, 2, 3].map((z) => `subnet-0a1b2c3d4e5f600${tier}${z}`)).join(', ')}]`;
const lz = (opts: { vpc?: boolean; cidr?: boolean; egress?: string; clients?: string; web?: string; app?: string; data?: string; public?: string | null; subnets?: boolean } = {}): string =>
  `${BASE}network:\n` +
  (opts.vpc === false ? '' : '  vpcId: vpc-0a1b2c3d4e5f60001\n') +
  (opts.cidr === false ? '' : '  vpcCidr: 10.64.0.0/20\n') +
  `  egress: ${opts.egress ?? 'central'}\n` +
  `  clientCidrs: ${opts.clients ?? '[10.0.0.0/8]'}\n` +
  (opts.subnets === false
    ? ''
    : `  subnetIds:\n    web: ${opts.web ?? SUBNETS(1)}\n    app: ${opts.app ?? SUBNETS(2)}\n    data: ${opts.data ?? SUBNETS(3)}\n` + (opts.public === null ? '' : `    public: ${opts.public ?? SUBNETS(4)}\n`));
const INTERNAL = 'web: { loadBalancer: { scheme: internal } }\n';
const ACCOUNTS = (primary: string, dr: string | undefined, dns?: string): string =>
  `accounts:\n  primary: { id: "${primary}" }\n${dr ? `  dr: { id: "${dr}" }\n` : ''}${dns ? `  dns: { id: "${dns}" }\n` : ''}`;

const vol = (lines: string, extra = ''): string => `${BASE}database:\n${extra}  volumes:\n${lines}`;

const CASES: Case[] = [
  // EBS volume limits
  {
    rule: 'ebs.size-range',
    good: vol('    data: { type: io1, sizeGiB: 4, iops: 200 }\n'),
    bad: vol('    data: { type: io1, sizeGiB: 2, iops: 100 }\n'),
    severity: 'error',
    path: 'database.volumes.data.sizeGiB',
    at: 'sizeGiB: 2',
    params: { value: 2, limit: { min: 4, max: 16384 }, unit: 'GiB' },
  },
  {
    rule: 'ebs.size-range',
    name: 'a type change that leaves the preset size out of range points where sizeGiB should be written',
    good: `${BASE}size: small\ndatabase:\n  instanceType: m4.16xlarge\n  volumes:\n    wij: { type: st1, sizeGiB: 125 }\n`,
    bad: `${BASE}size: small\ndatabase:\n  instanceType: m4.16xlarge\n  volumes:\n    wij: { type: st1 }\n`,
    severity: 'error',
    path: 'database.volumes.wij.sizeGiB',
    at: { key: '{ type: st1 }' },
    params: { value: 100, limit: { min: 125, max: 16384 }, unit: 'GiB' },
  },
  {
    rule: 'ebs.iops-range',
    good: vol('    data: { type: gp3, sizeGiB: 1000, iops: 3000 }\n'),
    bad: vol('    data: { type: gp3, sizeGiB: 1000, iops: 2000 }\n'),
    severity: 'error',
    path: 'database.volumes.data.iops',
    at: 'iops: 2000',
    params: { value: 2000, limit: { min: 3000, max: 80000 }, unit: 'IOPS' },
  },
  {
    rule: 'ebs.iops-ratio',
    good: vol('    data: { type: io1, sizeGiB: 100, iops: 5000 }\n'),
    bad: vol('    data: { type: io1, sizeGiB: 100, iops: 6000 }\n'),
    severity: 'error',
    path: 'database.volumes.data.iops',
    at: 'iops: 6000',
    message: ['50 IOPS per GiB'],
    params: { value: 6000, limit: 5000, unit: 'IOPS' },
    fix: ['lower iops to 5,000 or raise sizeGiB to 120'],
  },
  {
    rule: 'ebs.iops-ratio',
    name: 'io2 allows 1000 per GiB',
    good: vol('    data: { type: io2, sizeGiB: 10, iops: 10000 }\n'),
    bad: vol('    data: { type: io2, sizeGiB: 10, iops: 10001 }\n'),
    severity: 'error',
    params: { value: 10001, limit: 10000, unit: 'IOPS' },
    path: 'database.volumes.data.iops',
    at: 'iops: 10001',
    message: ['1,000 IOPS per GiB'],
  },
  {
    rule: 'ebs.iops-ratio',
    name: 'gp3 allows 500 per GiB above its included 3,000',
    good: vol('    data: { type: gp3, sizeGiB: 8, iops: 4000 }\n'),
    bad: vol('    data: { type: gp3, sizeGiB: 8, iops: 4001 }\n'),
    severity: 'error',
    path: 'database.volumes.data.iops',
    at: 'iops: 4001',
    message: ['500 IOPS per GiB'],
    params: { value: 4001, limit: 4000, unit: 'IOPS' },
  },
  {
    rule: 'ebs.iops-not-supported',
    good: vol('    journal1: { type: gp2, sizeGiB: 300 }\n'),
    bad: vol('    journal1: { type: gp2, sizeGiB: 300, iops: 900 }\n'),
    severity: 'error',
    params: { value: 900, unit: 'IOPS' },
    path: 'database.volumes.journal1.iops',
    at: 'iops: 900',
    message: ['gp2 takes no provisioned IOPS'],
  },
  {
    rule: 'ebs.throughput-not-supported',
    good: vol('    data: { type: io1, sizeGiB: 1000, iops: 10000 }\n'),
    bad: vol('    data: { type: io1, sizeGiB: 1000, iops: 10000, throughputMiBps: 500 }\n'),
    severity: 'error',
    params: { value: 500, unit: 'MiB/s' },
    path: 'database.volumes.data.throughputMiBps',
    at: 'throughputMiBps: 500',
    message: ['only gp3 takes provisioned throughput'],
  },
  {
    rule: 'ebs.throughput-ratio',
    good: vol('    data: { type: gp3, sizeGiB: 1000, iops: 3000, throughputMiBps: 750 }\n', '  instanceType: m6i.16xlarge\n'),
    bad: vol('    data: { type: gp3, sizeGiB: 1000, iops: 3000, throughputMiBps: 760 }\n', '  instanceType: m6i.16xlarge\n'),
    severity: 'error',
    path: 'database.volumes.data.throughputMiBps',
    at: 'throughputMiBps: 760',
    message: ['0.25 MiB/s per provisioned IOPS'],
    params: { value: 760, limit: 750, unit: 'MiB/s' },
    fix: ['lower throughputMiBps to 750 or raise iops to 3,040'],
  },
  {
    rule: 'ebs.non-nitro-iops',
    good: vol('    data: { type: io1, sizeGiB: 1000, iops: 40000 }\n', '  instanceType: m5.16xlarge\n'),
    bad: vol('    data: { type: io1, sizeGiB: 1000, iops: 40000 }\n', '  instanceType: m4.16xlarge\n'),
    severity: 'error',
    path: 'database.volumes.data.iops',
    at: 'iops: 40000',
    message: ['m4.16xlarge is not a Nitro instance'],
    params: { value: 40000, limit: 32000, unit: 'IOPS' },
  },
  {
    rule: 'volume.duplicate-name',
    good: vol('    extra:\n      - { name: data2, type: gp2, sizeGiB: 100 }\n'),
    bad: vol('    extra:\n      - { name: data, type: gp2, sizeGiB: 100 }\n'),
    severity: 'error',
    path: 'database.volumes.extra[0].name',
    at: 'name: data,',
    message: ['"data" is already used by the data volume'],
  },
  // Instance budget and types
  {
    rule: 'instance.ebs-budget',
    good: vol('    data: { type: io1, sizeGiB: 1000, iops: 20000 }\n', '  instanceType: m4.10xlarge\n'),
    bad: vol('    data: { type: io1, sizeGiB: 1000, iops: 20000 }\n', '  instanceType: m4.4xlarge\n'),
    severity: 'warning',
    path: 'database.instanceType',
    at: 'instanceType: m4.4xlarge',
    // io1 20,000 + gp2 900 + 900 + 600; MiB/s at 16 KiB: 312.5 + 14.06 + 14.06 + 9.38
    message: ['db_main_primary and db_main_backup', 'm4.4xlarge delivers'],
    params: { value: 22400, limit: 16000, unit: 'IOPS', fits: 'm4.10xlarge' },
    fix: ['use m4.10xlarge or larger'],
  },
  {
    rule: 'instance.ebs-budget',
    name: 'bandwidth alone',
    good: vol('    data: { type: st1, sizeGiB: 500 }\n', '  instanceType: m4.16xlarge\n'),
    bad: vol('    data: { type: st1, sizeGiB: 500 }\n', '  instanceType: m4.4xlarge\n'),
    severity: 'warning',
    path: 'database.instanceType',
    at: 'instanceType: m4.4xlarge',
    // st1 500 MiB/s baseline + gp2 journals and WIJ at 16 KiB
    params: { value: 537.5, limit: 238.4, unit: 'MiB/s', fits: 'm4.16xlarge' },
    fix: ['use m4.16xlarge or larger'],
  },
  {
    rule: 'instance.unknown-type',
    good: `${BASE}web: { instanceType: m4.large }\n`,
    bad: `${BASE}web: { instanceType: m4.larg }\n`,
    severity: 'error',
    path: 'web.instanceType',
    at: 'instanceType: m4.larg',
    message: ['"m4.larg" is not in the catalog'],
    fix: ['"m4.large"'],
  },
  {
    rule: 'instance.unknown-type',
    name: 'in a product',
    good: `${BASE.replace('cache', 'healthshare')}products:\n  - name: patient-index\n    instanceType: r6i.2xlarge\n`,
    bad: `${BASE.replace('cache', 'healthshare')}products:\n  - name: patient-index\n    instanceType: c6i.2xlarge\n`,
    severity: 'error',
    path: 'products[0].instanceType',
    at: 'instanceType: c6i.2xlarge',
  },
  {
    rule: 'instance.unknown-type',
    name: 'suggested by shape, not spelling',
    good: `${BASE}database: { instanceType: r6i.32xlarge }\n`,
    bad: `${BASE}database: { instanceType: r6a.32xlarge }\n`,
    severity: 'error',
    path: 'database.instanceType',
    at: 'instanceType: r6a.32xlarge',
    // r6a is 8 GiB per vCPU like r6i: the same 128 vCPUs and 1,024 GiB first, not r6i.12xlarge or r6i.2xlarge.
    fix: ['nearest its shape (128 vCPUs, 1,024 GiB): "r6i.32xlarge" (128 vCPUs, 1,024 GiB, 40,000 Mbps EBS)'],
  },
  {
    rule: 'instance.ebs-budget',
    name: 'smallest fitting type of another family',
    good: vol('    data: { type: io2, sizeGiB: 4000, iops: 100000 }\n', '  instanceType: r5b.16xlarge\n'),
    bad: vol('    data: { type: io2, sizeGiB: 4000, iops: 100000 }\n', '  instanceType: m5.16xlarge\n'),
    severity: 'warning',
    path: 'database.instanceType',
    at: 'instanceType: m5.16xlarge',
    // 100,000 + gp2 journals and WIJ (900 + 900 + 600) IOPS: no m5 size carries it (m5.24xlarge: 80,000);
    // of the types with at least m5.16xlarge's 64 vCPUs and 256 GiB, r5b.16xlarge (173,333) is the smallest.
    params: { value: 102400, limit: 60000, unit: 'IOPS', fits: 'r5b.16xlarge' },
    fix: ['use r5b.16xlarge or larger', 'no m5 size does'],
  },
  {
    rule: 'instance.ebs-budget',
    name: 'no catalog type fits',
    good: vol('    data: { type: io2, sizeGiB: 4000, iops: 200000 }\n', '  instanceType: x2idn.24xlarge\n'),
    bad: vol('    data: { type: io2, sizeGiB: 4000, iops: 256000 }\n    journal1: { type: io2, sizeGiB: 1000, iops: 64000 }\n', '  instanceType: x2idn.24xlarge\n'),
    severity: 'warning',
    path: 'database.instanceType',
    at: 'instanceType: x2idn.24xlarge',
    message: ['x2idn.24xlarge delivers 260,000 IOPS'],
    // 256,000 + 64,000 + gp2 journal2 and WIJ (900 + 600): above the catalog's most, 260,000.
    params: { value: 321500, limit: 260000, unit: 'IOPS' },
    fix: ['no catalog type carries them'],
  },
  {
    rule: 'instance.iris-memory',
    good: `${BASE}app: { instanceType: c5.large }\n`,
    // The error stands in for instance.burstable, which says nothing of a type refused here.
    bad: `${BASE}app: { instanceType: t3.micro }\n`,
    severity: 'error',
    path: 'app.instanceType',
    at: 'instanceType: t3.micro',
    message: ['t3.micro has 1 GiB', 'about 750 MB'],
    params: { value: 1, limit: 2, unit: 'GiB', fits: 't3.small' },
  },
  {
    rule: 'instance.burstable',
    good: `${BASE}database: { mirror: { arbiter: { instanceType: c5.large } } }\n`,
    bad: `${BASE}database: { mirror: { arbiter: { instanceType: t3.small } } }\n`,
    severity: 'warning',
    path: 'database.mirror.arbiter.instanceType',
    at: 'instanceType: t3.small',
    message: ['sustains 20% of each vCPU on CPU credits', 'unlimited mode', 'the arbiter is mostly idle'],
    params: { value: 20, unit: '%', fits: 'c5.large' },
    fix: ['use "c5.large"'],
  },
  {
    rule: 'instance.burstable',
    name: 'an IRIS host',
    good: `${BASE}app: { instanceType: c5.xlarge }\n`,
    bad: `${BASE}app: { instanceType: t3a.xlarge }\n`,
    severity: 'warning',
    path: 'app.instanceType',
    at: 'instanceType: t3a.xlarge',
    message: ['sustains 40% of each vCPU', 'an app server runs under sustained load'],
    params: { value: 40, unit: '%', fits: 'm6i.xlarge' },
  },
  // Zones and regions
  {
    rule: 'az.duplicate',
    good: `${BASE}${DR}`,
    bad: `${BASE}${DR.replace('eu-central-1b]', 'eu-central-1a]')}`,
    severity: 'error',
    path: 'dr.availabilityZones[1]',
    at: { needle: 'eu-central-1a', nth: 2 },
    message: ['"eu-central-1a" is listed twice'],
  },
  {
    rule: 'az.region',
    good: BASE,
    bad: BASE.replace('eu-west-1c]', 'eu-west-2c]'),
    severity: 'error',
    path: 'availabilityZones[2]',
    at: 'eu-west-2c',
    message: ['"eu-west-2c" is in eu-west-2, not in the primary region eu-west-1'],
    fix: ['eu-west-1c'],
  },
  {
    rule: 'az.unknown-letter',
    good: BASE,
    bad: BASE.replace('eu-west-1c]', 'eu-west-1d]'),
    severity: 'warning',
    path: 'availabilityZones[2]',
    at: 'eu-west-1d',
    message: ['eu-west-1a, eu-west-1b, eu-west-1c'],
  },
  {
    rule: 'az.count',
    good: BASE,
    bad: BASE.replace(', eu-west-1c]', ']'),
    severity: 'error',
    path: 'availabilityZones',
    at: '[eu-west-1a',
    message: ['needs 3 distinct zones', 'only 2'],
    fix: ['eu-west-1c'],
  },
  {
    rule: 'region.unknown',
    good: BASE,
    bad: BASE.replace(/eu-west-1/g, 'eu-west-9'),
    severity: 'warning',
    path: 'region',
    at: 'region: eu-west-9',
    message: ['"eu-west-9" is not in the catalog'],
  },
  // Regions: instance families offered (catalog INSTANCE_AVAILABILITY) and data residency.
  {
    rule: 'instance.region-availability',
    name: 'default family',
    good: BASE,
    bad: BASE.replace(/eu-west-1/g, 'eu-central-2'),
    severity: 'error',
    path: 'region',
    at: 'region: eu-central-2',
    message: ["the default instance family m4 is not offered in eu-central-2: the preset's m4.large would fail at apply"],
    fix: ['set instanceFamily to m5 (m5.large: same 2 vCPUs and 8 GiB, in place of m4.large)'],
  },
  {
    rule: 'instance.region-availability',
    name: 'written family',
    good: `${BASE.replace(/eu-west-1/g, 'eu-west-3')}instanceFamily: m6i\n`,
    bad: `${BASE.replace(/eu-west-1/g, 'eu-west-3')}instanceFamily: m4\n`,
    severity: 'error',
    path: 'instanceFamily',
    at: 'instanceFamily: m4',
    message: ["instance family m4 is not offered in eu-west-3: the preset's m4.large would fail at apply"],
    fix: ['set instanceFamily to m5, m6i or m7i (m5.large: same 2 vCPUs and 8 GiB, in place of m4.large)'],
  },
  {
    rule: 'instance.region-availability',
    name: 'written type in the DR region',
    good: `${BASE}instanceFamily: m5\napp: { instanceType: m5.xlarge }\n${DR.replace(/eu-central-1/g, 'eu-south-1')}  capacity: full\n`,
    bad: `${BASE}instanceFamily: m5\napp: { instanceType: m4.xlarge }\n${DR.replace(/eu-central-1/g, 'eu-south-1')}  capacity: full\n`,
    severity: 'error',
    path: 'app.instanceType',
    at: 'instanceType: m4.xlarge',
    message: ['m4.xlarge is not offered in eu-south-1 (the DR region): the m4 family is not available there'],
    fix: ['use m5.xlarge, m6i.xlarge or m7i.xlarge (same 4 vCPUs and 16 GiB, offered in eu-south-1)'],
  },
  {
    rule: 'dr.residency',
    good: `${BASE}${DR}`,
    bad: `${BASE}${DR.replace(/eu-central-1/g, 'ca-central-1')}`,
    severity: 'warning',
    path: 'dr.region',
    at: '  region: ca-central-1',
    message: ['DR region ca-central-1 is in Canada (CA, legal area CA), primary region eu-west-1 in Ireland (IE, legal area EU/EEA): the DR copy of the data leaves the legal area EU/EEA'],
    fix: ['use a DR region in EU/EEA (eu-west-3, eu-central-1, eu-north-1, eu-south-1 and eu-south-2), or record the legal basis of the transfer in dr.transferBasis'],
  },
  {
    rule: 'dr.residency',
    name: 'no partner region',
    good: `${BASE.replace(/eu-west-1/g, 'eu-west-2')}${DR.replace(/eu-central-1/g, 'eu-west-1')}  transferBasis: UK adequacy regulations for the EEA\n`,
    bad: `${BASE.replace(/eu-west-1/g, 'eu-west-2')}${DR.replace(/eu-central-1/g, 'eu-west-1')}`,
    severity: 'warning',
    path: 'dr.region',
    at: '  region: eu-west-1',
    message: ['DR region eu-west-1 is in Ireland (IE, legal area EU/EEA), primary region eu-west-2 in United Kingdom (GB, legal area UK): the DR copy of the data leaves United Kingdom (legal area UK)'],
    fix: ['no other catalog region is in United Kingdom (legal area UK): if the transfer is lawful (e.g. under an adequacy decision), record its legal basis in dr.transferBasis'],
  },
  {
    rule: 'dr.same-region',
    good: `${BASE}${DR}`,
    bad: `${BASE}${DR.replace(/eu-central-1/g, 'eu-west-1')}`,
    severity: 'warning',
    path: 'dr.region',
    at: '  region: eu-west-1',
  },
  {
    rule: 'dr.async-zones',
    good: `${BASE}${DR}  asyncMembers: 2\n`,
    bad: `${BASE}${DR}  asyncMembers: 3\n`,
    severity: 'warning',
    path: 'dr.asyncMembers',
    at: 'asyncMembers: 3',
    message: ['3 async members per mirror but 2 DR zones'],
  },
  // CIDRs
  {
    rule: 'cidr.invalid',
    good: `${BASE}network: { vpcCidr: 10.10.0.0/16 }\n`,
    bad: `${BASE}network: { vpcCidr: 10.10.0.1/16 }\n`,
    severity: 'error',
    path: 'network.vpcCidr',
    at: 'vpcCidr: 10.10.0.1/16',
    message: ['host bits set', '10.10.0.0/16'],
    fix: ['write 10.10.0.0/16'],
  },
  {
    rule: 'cidr.invalid',
    name: 'an octet above 255 in a list',
    good: `${BASE}network: { clientCidrs: [198.51.100.0/24] }\n`,
    bad: `${BASE}network: { clientCidrs: [198.51.300.0/24] }\n`,
    severity: 'error',
    path: 'network.clientCidrs[0]',
    at: '198.51.300.0/24',
    message: ['octet 300'],
  },
  {
    rule: 'cidr.invalid',
    name: 'a prefix above 32',
    good: `${BASE}network: { adminCidrs: [192.0.2.10/32] }\n`,
    bad: `${BASE}network: { adminCidrs: [192.0.2.10/33] }\n`,
    severity: 'error',
    path: 'network.adminCidrs[0]',
    at: '192.0.2.10/33',
    message: ['/33'],
  },
  {
    rule: 'cidr.vpc-size',
    // A /24 is the smallest VPC, and holds a deployment without a web load balancer.
    good: `${BASE}network: { vpcCidr: 10.10.0.0/24 }\nweb: { count: 0 }\n`,
    bad: `${BASE}network: { vpcCidr: 10.10.0.0/25 }\n`,
    severity: 'error',
    path: 'network.vpcCidr',
    at: 'vpcCidr: 10.10.0.0/25',
    message: ['/16 to /24'],
    params: { value: 25, limit: { min: 16, max: 24 }, unit: 'prefix length' },
  },
  {
    rule: 'cidr.vpc-size',
    name: 'too large',
    good: `${BASE}network: { vpcCidr: 10.16.0.0/16 }\n`,
    bad: `${BASE}network: { vpcCidr: 10.16.0.0/12 }\n`,
    severity: 'error',
    path: 'network.vpcCidr',
    at: 'vpcCidr: 10.16.0.0/12',
    params: { value: 12, limit: { min: 16, max: 24 }, unit: 'prefix length' },
  },
  {
    rule: 'cidr.overlap',
    good: `${BASE}network: { vpcCidr: 10.30.0.0/16 }\n${DR}`,
    bad: `${BASE}network: { vpcCidr: 10.20.0.0/16 }\n${DR}`,
    severity: 'error',
    path: 'dr.vpcCidr',
    at: { key: '  region: eu-central-1' },
    message: ['DR VPC 10.20.0.0/16 (default) overlaps the primary VPC 10.20.0.0/16'],
    fix: ['10.21.0.0/16'],
  },
  {
    rule: 'cidr.overlap',
    name: 'hybrid: DR VPC against on-premises networks',
    good: `${HYBRID}  vpcCidr: 10.70.0.0/16\n`,
    bad: HYBRID.replace('[172.16.0.0/16]', '[10.0.0.0/8]'),
    severity: 'error',
    path: 'dr.vpcCidr',
    at: { key: '  region: eu-west-1' },
    message: ['overlaps the on-premises network 10.0.0.0/8'],
    fix: ['172.16.0.0/16'],
  },
  {
    rule: 'cidr.admin-open',
    good: `${BASE}network: { adminCidrs: [192.0.2.0/24] }\n`,
    bad: `${BASE}network: { adminCidrs: [0.0.0.0/0] }\n`,
    severity: 'error',
    path: 'network.adminCidrs[0]',
    at: '0.0.0.0/0',
    message: ['would open the management ports', 'to the whole internet'],
  },
  {
    rule: 'network.subnet-capacity',
    name: 'a /24 VPC leaves the web load balancer a /28',
    good: `${BASE}network: { vpcCidr: 10.10.0.0/23 }\n`,
    bad: `${BASE}network: { vpcCidr: 10.10.0.0/24 }\n`,
    severity: 'error',
    path: 'network.vpcCidr',
    at: '10.10.0.0/24',
    message: ['AWS reserves 5 per subnet', 'public subnet public_1 (eu-west-1a)', 'a /27 or larger block', '(and 2 more like it)'],
    params: { value: 9, limit: 11, unit: 'addresses per subnet', fits: '/23' },
    fix: ['use a /23 or larger VPC'],
  },
  {
    rule: 'network.subnet-capacity',
    name: 'the web tier one server past its /27 subnets',
    // /23: /27 subnets of 27 addresses; 81 web servers are 27 per zone, 82 put 28 in the first.
    good: `${BASE}network: { vpcCidr: 10.10.0.0/23 }\nweb: { count: 81 }\n`,
    bad: `${BASE}network: { vpcCidr: 10.10.0.0/23 }\nweb: { count: 82 }\n`,
    severity: 'error',
    path: 'network.vpcCidr',
    at: '10.10.0.0/23',
    message: ['web subnet web_1 (eu-west-1a) needs 28 (28 web servers)'],
    params: { value: 28, limit: 27, unit: 'addresses per subnet', fits: '/22' },
    fix: ['use a /22 or larger VPC'],
  },
  {
    rule: 'network.subnet-capacity',
    name: 'the DR VPC too, with its endpoints and VIP',
    good: `${BASE}${DR}  vpcCidr: 10.20.0.0/23\n`,
    bad: `${BASE}${DR}  vpcCidr: 10.20.0.0/24\n`,
    severity: 'error',
    params: { value: 9, limit: 11, unit: 'addresses per subnet', fits: '/23' },
    path: 'dr.vpcCidr',
    at: '10.20.0.0/24',
    message: ['DR VPC 10.20.0.0/24'],
  },
  // Profiles
  {
    rule: 'profile.print-trakcare-only',
    good: `${BASE.replace('cache', 'trakcare')}print: { count: 2 }\n`,
    bad: `${BASE}print: { count: 2 }\n`,
    severity: 'error',
    path: 'print',
    at: 'print: { count',
  },
  {
    rule: 'profile.products-required',
    good: `${BASE.replace('cache', 'healthshare')}products: [{ name: patient-index }]\n`,
    bad: BASE.replace('cache', 'healthshare'),
    severity: 'error',
    path: 'products',
    at: { line: 1, column: 1 },
  },
  {
    rule: 'profile.products-healthshare-only',
    good: BASE,
    bad: `${BASE}products: [{ name: patient-index }]\n`,
    severity: 'error',
    path: 'products',
    at: 'products: [',
  },
  {
    rule: 'product.duplicate',
    good: `${BASE.replace('cache', 'healthshare')}products: [{ name: patient-index }, { name: health-insight }]\n`,
    bad: `${BASE.replace('cache', 'healthshare')}products: [{ name: patient-index }, { name: patient-index }]\n`,
    severity: 'error',
    path: 'products[1].name',
    at: { needle: 'patient-index', nth: 2 },
  },
  {
    rule: 'product.defaults-unused',
    good: `${BASE.replace('cache', 'healthshare')}database: { instanceType: m4.2xlarge }\nproducts: [{ name: patient-index, instanceType: m4.4xlarge }, { name: health-insight }]\n`,
    bad: `${BASE.replace('cache', 'healthshare')}database: { instanceType: m4.2xlarge }\nproducts: [{ name: patient-index, instanceType: m4.4xlarge }]\n`,
    severity: 'warning',
    path: 'database.instanceType',
    at: 'instanceType: m4.2xlarge',
  },
  // Deployment models
  {
    rule: 'model.cloud-needs-region',
    good: BASE,
    bad: BASE.replace('region: eu-west-1\n', ''),
    severity: 'error',
    path: 'region',
    at: { line: 1, column: 1 },
  },
  {
    rule: 'model.cloud-needs-region',
    name: 'zones',
    good: BASE,
    bad: BASE.replace(/availabilityZones.*\n/, ''),
    severity: 'error',
    path: 'availabilityZones',
    at: { line: 1, column: 1 },
    fix: ['[eu-west-1a, eu-west-1b, eu-west-1c]'],
  },
  {
    rule: 'model.hybrid-needs-onpremises',
    good: HYBRID,
    bad: HYBRID.replace(/onPremises:\n(  .*\n)*/, ''),
    severity: 'error',
    path: 'onPremises',
    at: { line: 1, column: 1 },
  },
  {
    rule: 'model.hybrid-needs-dr',
    good: HYBRID,
    bad: HYBRID.replace(/dr:\n[\s\S]*$/, ''),
    severity: 'error',
    path: 'dr',
    at: { line: 1, column: 1 },
  },
  {
    rule: 'model.hybrid-primary-fields',
    good: HYBRID,
    bad: `${HYBRID}region: eu-west-1\n`,
    severity: 'error',
    path: 'region',
    at: { line: 12, column: 9 },
    fix: ['dr.region'],
  },
  {
    rule: 'model.hybrid-primary-fields',
    name: 'the primary VPC',
    good: `${HYBRID}network: { adminCidrs: [172.16.10.0/24] }\n`,
    bad: `${HYBRID}network: { vpcCidr: 10.10.0.0/16 }\n`,
    severity: 'error',
    path: 'network.vpcCidr',
    at: 'vpcCidr: 10.10.0.0/16',
  },
  {
    rule: 'model.onpremises-unused',
    good: BASE,
    bad: `${BASE}onPremises:\n  cidrs: [172.16.0.0/16]\n  vpn: { customerGatewayIp: 203.0.113.10 }\n`,
    severity: 'warning',
    path: 'onPremises',
    at: '  cidrs',
  },
  {
    rule: 'model.arbiter-unused',
    good: `${BASE}database: { mirror: { arbiter: { instanceType: m4.large } } }\n`,
    bad: `${HYBRID}database: { mirror: { arbiter: { instanceType: m4.large } } }\n`,
    severity: 'warning',
    path: 'database.mirror.arbiter',
    at: 'arbiter: {',
  },
  // DNS
  {
    rule: 'dns.no-secondary',
    good: `${BASE}dns: { zoneName: example.org, record: app }\n${DR}`,
    bad: `${BASE}dns: { zoneName: example.org, record: app }\n`,
    severity: 'warning',
    path: 'dns',
    at: 'dns: {',
    message: ['only a PRIMARY failover record', 'no DR site'],
  },
  {
    rule: 'dns.no-secondary',
    name: 'DR without web capacity',
    good: `${BASE}dns: { zoneName: example.org, record: app }\n${DR}  capacity: reduced\n`,
    bad: `${BASE}dns: { zoneName: example.org, record: app }\n${DR}  capacity: none\n`,
    severity: 'warning',
    path: 'dr.capacity',
    at: 'capacity: none',
  },
  {
    rule: 'dns.hybrid-needs-endpoint',
    good: `${HYBRID.replace('  vpn:', '  endpoint: app.hospital.example.org\n  vpn:')}dns: { zoneName: example.org, record: app }\n`,
    bad: `${HYBRID}dns: { zoneName: example.org, record: app }\n`,
    severity: 'error',
    path: 'onPremises.endpoint',
    at: '  cidrs',
  },
  {
    rule: 'dns.no-entry-point',
    good: `${BASE}web: { count: 1 }\ndns: { zoneName: example.org, record: app }\n${DR}`,
    bad: `${BASE}web: { count: 0 }\ndns: { zoneName: example.org, record: app }\n${DR}`,
    severity: 'error',
    path: 'web.count',
    at: 'count: 0',
  },
  // Load balancers
  {
    rule: 'lb.certificate-region',
    good: `${BASE}web: { loadBalancer: { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc-1" } }\n`,
    bad: `${BASE}web: { loadBalancer: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-1" } }\n`,
    severity: 'error',
    path: 'web.loadBalancer.certificateArn',
    at: 'certificateArn: "',
    message: ['us-east-1', 'eu-west-1'],
  },
  {
    rule: 'lb.certificate-region',
    name: 'the DR certificate is in the DR region',
    good: `${BASE}${DR}  certificateArn: arn:aws:acm:eu-central-1:123456789012:certificate/abc-1\n`,
    bad: `${BASE}${DR}  certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc-1\n`,
    severity: 'error',
    path: 'dr.certificateArn',
    at: 'certificateArn: arn',
    message: ['the DR load balancer is in eu-central-1'],
  },
  {
    rule: 'lb.certificate-unused',
    good: `${HYBRID}  certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc-1\n`,
    bad: `${HYBRID}web: { loadBalancer: { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc-1" } }\n`,
    severity: 'warning',
    path: 'web.loadBalancer.certificateArn',
    at: 'certificateArn: "',
  },
  {
    rule: 'monitoring.threshold-order',
    good: `${BASE}monitoring: { thresholds: { journalFreeWarningPercent: 30, journalFreeCriticalPercent: 12 } }\n`,
    bad: `${BASE}monitoring: { thresholds: { journalFreeWarningPercent: 30, journalFreeCriticalPercent: 30 } }\n`,
    severity: 'error',
    path: 'monitoring.thresholds.journalFreeCriticalPercent',
    at: 'journalFreeCriticalPercent: 30',
    message: ['the journal critical alarm fires at 30% free, not below the warning at 30%'],
  },
  {
    rule: 'lb.sticky-sessions',
    good: `${BASE}web: { loadBalancer: { stickySessions: true } }\n`,
    bad: `${BASE}web: { loadBalancer: { stickySessions: false } }\n`,
    severity: 'warning',
    path: 'web.loadBalancer.stickySessions',
    at: 'stickySessions: false',
  },
  // Ports, mirror, state, backup, images
  {
    rule: 'ports.conflict',
    good: `${BASE}database: { ports: { superserver: 51773 } }\n`,
    bad: `${BASE}database: { ports: { superserver: 2188 } }\n`,
    severity: 'error',
    path: 'database.ports.superserver',
    at: 'superserver: 2188',
    message: ['superserver and agent are both port 2188'],
  },
  {
    rule: 'ports.conflict',
    name: 'the web tier ports',
    good: `${BASE}database: { ports: { webserver: 57772 } }\n`,
    bad: `${BASE}database: { ports: { webserver: 443 } }\n`,
    severity: 'error',
    path: 'database.ports.webserver',
    at: 'webserver: 443',
    message: ['HTTPS'],
  },
  {
    rule: 'name.reserved-prefix',
    good: BASE.replace('name: test-dep', 'name: app-internal'),
    bad: BASE.replace('name: test-dep', 'name: internal-app'),
    severity: 'error',
    path: 'name',
    at: 'name: internal-app',
    message: ['"internal-"'],
  },
  {
    rule: 'network.sg-rule-quota',
    good: `${BASE}network: { clientCidrs: [${Array.from({ length: 30 }, (_, i) => `100.64.${i}.0/24`).join(', ')}] }\n`,
    bad: `${BASE}network: { clientCidrs: [${Array.from({ length: 31 }, (_, i) => `100.64.${i}.0/24`).join(', ')}] }\n`,
    severity: 'warning',
    path: 'network.clientCidrs',
    at: 'clientCidrs: [',
    params: { value: 62, limit: 60, unit: 'inbound rules' },
  },
  {
    rule: 'vpn.asn-conflict',
    good: HYBRID.replace('vpn: { customerGatewayIp: 203.0.113.10 }', 'vpn: { customerGatewayIp: 203.0.113.10, bgpAsn: 65010 }'),
    bad: HYBRID.replace('vpn: { customerGatewayIp: 203.0.113.10 }', 'vpn: { customerGatewayIp: 203.0.113.10, bgpAsn: 64512 }'),
    severity: 'error',
    path: 'onPremises.vpn.bgpAsn',
    at: 'bgpAsn: 64512',
    message: ['64512'],
  },
  {
    rule: 'mirror.callout-without-vip',
    good: `${BASE}database: { mirror: { vip: none } }\n`,
    bad: `${BASE}database: { mirror: { vip: none, zmirrorCallout: true } }\n`,
    severity: 'warning',
    path: 'database.mirror.zmirrorCallout',
    at: 'zmirrorCallout: true',
  },
  {
    rule: 'state.s3-needs-bucket',
    good: `${BASE}state: { backend: s3, bucket: my-state-bucket }\n`,
    bad: `${BASE}state: { backend: s3 }\n`,
    severity: 'error',
    path: 'state.bucket',
    at: 'state: {',
  },
  {
    rule: 'state.local-extra',
    good: `${BASE}state: { backend: s3, bucket: my-state-bucket, keyPrefix: tf }\n`,
    bad: `${BASE}state: { bucket: my-state-bucket }\n`,
    severity: 'error',
    path: 'state.bucket',
    at: 'bucket: my-state-bucket',
    message: ['the backend is local (the default)'],
  },
  {
    rule: 'state.same-region',
    good: `${BASE}${DR}state: { backend: s3, bucket: my-state-bucket, region: eu-west-2 }\n`,
    bad: `${BASE}${DR}state: { backend: s3, bucket: my-state-bucket }\n`,
    severity: 'warning',
    path: 'state.region',
    at: 'state: {',
    fix: ['eu-central-1'],
  },
  {
    rule: 'state.same-region',
    name: 'UK: state kept in London, acknowledged',
    // The UK's only region: a DR site in Ireland (transfer basis recorded) and the state in London,
    // with the residency reason recorded, pass --strict (no warning at all).
    good: `${UK}state: { backend: s3, bucket: my-state-bucket, region: eu-west-2, residencyBasis: "UK data residency: state stays in London" }\n`,
    bad: `${UK}state: { backend: s3, bucket: my-state-bucket, region: eu-west-2 }\n`,
    severity: 'warning',
    path: 'state.region',
    at: { needle: 'region: eu-west-2', nth: 2 },
    fix: ['record why in state.residencyBasis'],
  },
  {
    rule: 'software.install-source',
    good: `${BASE}software: { install: { kind: container, image: containers.intersystems.com/intersystems/iris:2024.1 } }\n`,
    bad: `${BASE}software: { install: { kind: container } }\n`,
    severity: 'error',
    path: 'software.install',
    at: 'install: {',
    message: ['software.install.image is missing'],
  },
  {
    rule: 'software.install-source',
    name: 'kit without location',
    good: `${BASE}software: { install: { kind: kit, location: s3://kits/iris.tar.gz } }\n`,
    bad: `${BASE}software: { install: { kind: kit } }\n`,
    severity: 'error',
    path: 'software.install',
    at: 'install: {',
    message: ['software.install.location is missing'],
  },
  {
    rule: 'config.ecp-clients',
    good: `${BASE}app: { count: 127 }\n${DR}  capacity: full\n`,
    bad: `${BASE}app: { count: 128 }\n${DR}  capacity: full\n`,
    severity: 'error',
    path: 'app.count',
    at: 'count: 128',
    message: ['the data server would have 256 ECP clients (128 application servers at the primary site, 128 application servers at the dr site), but InterSystems IRIS accepts at most 254 (MaxServerConn)'],
    fix: ['dr.capacity: reduced'],
    params: { value: 256, limit: 254, unit: 'ECP clients' },
  },
  {
    rule: 'software.kit-location',
    name: 'a wildcard over the bucket',
    good: `${BASE}software: { install: { kind: kit, location: s3://hospital-kits/iris.tar.gz } }\n`,
    bad: `${BASE}software: { install: { kind: kit, location: "s3://hospital-kits/*" } }\n`,
    severity: 'error',
    path: 'software.install.location',
    at: 'location: "s3',
    message: ['the kit location must name one S3 object, because the instance roles may read exactly that object, but "s3://hospital-kits/*" has "*", which IAM reads as a wildcard over many objects'], fix: ['name the one kit file'],
  },
  {
    rule: 'software.kit-location',
    name: 'a one-character wildcard',
    good: `${BASE}software: { install: { kind: kit, location: s3://hospital-kits/iris-2024.1.tar.gz } }\n`,
    bad: `${BASE}software: { install: { kind: kit, location: s3://hospital-kits/iris-2024.?.tar.gz } }\n`,
    severity: 'error',
    path: 'software.install.location',
    at: 'location: s3',
    message: ['"s3://hospital-kits/iris-2024.?.tar.gz" has "?", which IAM reads as a wildcard over many objects'],
  },
  {
    rule: 'software.kit-location',
    name: 'an IAM policy variable',
    good: `${BASE}software: { install: { kind: kit, location: s3://hospital-kits/iris-$1.tar.gz } }\n`,
    bad: `${BASE}software: { install: { kind: kit, location: "s3://hospital-kits/\${aws:username}/iris.tar.gz" } }\n`,
    severity: 'error',
    path: 'software.install.location',
    at: 'location: "s3',
    message: ['has "${", which IAM reads as a policy variable'],
  },
  {
    rule: 'software.kit-location',
    name: 'a folder',
    good: `${BASE}software: { install: { kind: kit, location: s3://hospital-kits/kits/iris.tar.gz } }\n`,
    bad: `${BASE}software: { install: { kind: kit, location: s3://hospital-kits/kits/ } }\n`,
    severity: 'error',
    path: 'software.install.location',
    at: 'location: s3',
    message: ['"s3://hospital-kits/kits/" ends with "/", a folder of objects'],
  },
  {
    rule: 'software.install-source',
    name: 'image on a pre-installed image',
    good: `${BASE}software: { install: { kind: image } }\n`,
    bad: `${BASE}software: { install: { image: containers.intersystems.com/intersystems/iris:2024.1 } }\n`,
    severity: 'error',
    path: 'software.install.image',
    at: 'image: containers',
    message: ['image (the default)'],
  },
  {
    rule: 'software.secret-region',
    good: `${BASE}software: { secrets: { password: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:iris-AbCdEf' } }\n`,
    bad: `${BASE}software: { secrets: { password: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:iris-AbCdEf' } }\n`,
    severity: 'warning',
    path: 'software.secrets.password',
    at: 'password: ',
    message: ['us-east-1', 'eu-west-1'],
  },
  {
    rule: 'software.secret-dr-region',
    good: `${BASE}${DR}software: { secrets: { license: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:iris-key-AbCdEf' } }\n`,
    bad: `${BASE}${DR}software: { secrets: { license: 'arn:aws:ssm:eu-west-1:123456789012:parameter/iris-key' } }\n`,
    severity: 'warning',
    path: 'software.secrets.license',
    at: 'license: ',
    message: ['eu-central-1', 'cannot read it'],
    fix: ['replicated to eu-central-1'],
  },
  {
    rule: 'software.secret-dr-region',
    name: 'a DR copy outside the DR region',
    good: `${BASE}${DR}software: { secrets: { license: 'arn:aws:ssm:eu-west-1:123456789012:parameter/iris-key', dr: { license: 'arn:aws:ssm:eu-central-1:123456789012:parameter/iris-key' } } }\n`,
    bad: `${BASE}${DR}software: { secrets: { license: 'arn:aws:ssm:eu-west-1:123456789012:parameter/iris-key', dr: { license: 'arn:aws:ssm:eu-west-1:123456789012:parameter/iris-key-copy' } } }\n`,
    severity: 'error',
    path: 'software.secrets.dr.license',
    at: { needle: 'license: ', nth: 2 },
    message: ['DR copy of the license', 'eu-west-1', 'eu-central-1'],
    fix: ['in eu-central-1'],
  },
  {
    rule: 'software.secret-dr-region',
    name: 'DR copies without a DR site',
    good: `${BASE}${DR}software: { secrets: { dr: { license: 'arn:aws:ssm:eu-central-1:123456789012:parameter/iris-key' } } }\n`,
    bad: `${BASE}software: { secrets: { dr: { license: 'arn:aws:ssm:eu-central-1:123456789012:parameter/iris-key' } } }\n`,
    severity: 'error',
    path: 'software.secrets.dr',
    at: 'dr: ',
    message: ['no DR site'],
  },
  {
    rule: 'config.max-server-conn',
    good: HYBRID,
    bad: HYBRID.replace('maxServerConn: 16', 'maxServerConn: 1'),
    severity: 'warning',
    path: 'onPremises.maxServerConn',
    at: 'maxServerConn: 1',
    message: ['MaxServerConn is 1'],
  },
  {
    rule: 'config.reserved-name',
    good: `${BASE}database: { namespaces: [TRAK, USERAPP] }\n`,
    bad: `${BASE}database: { namespaces: [TRAK, USER] }\n`,
    severity: 'error',
    path: 'database.namespaces[1]',
    at: { needle: 'USER', nth: 1 },
    message: ['already has'],
  },
  {
    rule: 'config.reserved-name',
    name: 'product named like a system namespace',
    good: `${BASE.replace('cache', 'healthshare')}products: [{ name: users }]\n`,
    bad: `${BASE.replace('cache', 'healthshare')}products: [{ name: user }]\n`,
    severity: 'error',
    path: 'products[0].name',
    at: 'name: user',
    message: ['namespace USER'],
  },
  {
    rule: 'config.mirror-name',
    good: `${BASE.replace('cache', 'healthshare')}products: [{ name: healthshare-connect-a }, { name: healthshare-link-b }]\n`,
    bad: `${BASE.replace('cache', 'healthshare')}products: [{ name: healthshare-connect-a }, { name: healthshare-connects-a }]\n`,
    severity: 'error',
    path: 'products[1].name',
    at: 'name: healthshare-connects-a',
    message: ['HEALTCONNEA'],
  },
  {
    rule: 'backup.copy-without-dr',
    good: `${BASE}${DR}backup: { copyToDr: true }\n`,
    bad: `${BASE}backup: { copyToDr: true }\n`,
    severity: 'warning',
    path: 'backup.copyToDr',
    at: 'copyToDr: true',
  },
  {
    rule: 'backup.copy-without-dr',
    name: 'hybrid',
    good: `${HYBRID}backup: { copyToDr: false }\n`,
    bad: `${HYBRID}backup: { copyToDr: true }\n`,
    severity: 'warning',
    path: 'backup.copyToDr',
    at: 'copyToDr: true',
  },
  {
    rule: 'backup.crash-consistent',
    good: `${BASE}backup: { method: snapshot }\n`,
    bad: `${BASE}backup: { method: aws-backup }\n`,
    severity: 'warning',
    path: 'backup.method',
    at: 'method: aws-backup',
    message: ['crash-consistent', 'ExternalFreeze'],
    fix: ['method: snapshot'],
  },
  {
    rule: 'images.unused-region',
    good: `${BASE}images: { eu-west-1: ami-0123456789abcdef0 }\n`,
    bad: `${BASE}images: { us-east-1: ami-0123456789abcdef0 }\n`,
    severity: 'warning',
    path: 'images.us-east-1',
    at: 'us-east-1: ami',
  },

  // Landing zones
  {
    rule: 'network.existing-pair',
    name: 'vpcId without subnetIds',
    good: lz(),
    bad: lz({ subnets: false }),
    severity: 'error',
    path: 'network.vpcId',
    at: 'vpcId: vpc-0a1b2c3d4e5f60001',
    message: ['names an existing VPC but not its subnets'],
    fix: ['add network.subnetIds'],
  },
  {
    rule: 'network.existing-pair',
    name: 'subnetIds without vpcId',
    good: lz(),
    bad: lz({ vpc: false }),
    severity: 'error',
    path: 'network.subnetIds',
    at: { key: '    web: [' },
    message: ['lists existing subnets but no VPC'],
    fix: ['add network.vpcId'],
  },
  {
    rule: 'network.existing-cidr',
    good: lz(),
    bad: lz({ cidr: false }),
    severity: 'error',
    path: 'network.vpcId',
    at: 'vpcId: vpc-0a1b2c3d4e5f60001',
    fix: ['add network.vpcCidr'],
  },
  {
    rule: 'network.subnet-count',
    good: lz(),
    bad: lz({ web: '[subnet-0a1b2c3d4e5f60011, subnet-0a1b2c3d4e5f60012]' }),
    severity: 'error',
    path: 'network.subnetIds.web',
    at: 'web: [subnet',
    message: ['2 web subnets for 3 availability zones'],
    fix: ['list exactly 3 subnet ids, the first in eu-west-1a, the last in eu-west-1c'],
    params: { value: 2, limit: 3, unit: 'subnets' },
  },
  {
    rule: 'network.subnet-zone',
    good: lz(),
    bad: lz({ app: '[subnet-0a1b2c3d4e5f60012, subnet-0a1b2c3d4e5f60022, subnet-0a1b2c3d4e5f60023]' }),
    severity: 'error',
    path: 'network.subnetIds.app[0]',
    at: { needle: 'subnet-0a1b2c3d4e5f60012', nth: 2 },
    message: ['subnet subnet-0a1b2c3d4e5f60012 is listed in zone position 1 (eu-west-1a) here but in position 2 (eu-west-1b) of web'],
  },
  {
    rule: 'network.shared-subnet',
    good: lz(),
    bad: lz({ app: SUBNETS(1) }),
    severity: 'warning',
    path: 'network.subnetIds.app[0]',
    at: { needle: 'subnet-0a1b2c3d4e5f60011', nth: 2 },
    message: ['share subnets subnet-0a1b2c3d4e5f60011, subnet-0a1b2c3d4e5f60012 and subnet-0a1b2c3d4e5f60013', 'every tier placed in it'],
  },
  {
    rule: 'network.public-subnets',
    good: lz(),
    bad: lz({ public: null }),
    severity: 'error',
    path: 'network.subnetIds',
    at: { key: '    web: [' },
    fix: ['add network.subnetIds.public', 'scheme: internal'],
  },
  {
    rule: 'network.existing-vpn',
    good: `${HYBRID}  vpcCidr: 10.64.0.0/20\nnetwork: { egress: central }\n`,
    bad: `${HYBRID}  vpcCidr: 10.64.0.0/20\n  vpcId: vpc-0b1b2c3d4e5f60001\n  subnetIds: { web: ${SUBNETS(1).replace(/, subnet-0a1b2c3d4e5f60013/, '')}, app: ${SUBNETS(2).replace(/, subnet-0a1b2c3d4e5f60023/, '')}, data: ${SUBNETS(3).replace(/, subnet-0a1b2c3d4e5f60033/, '')}, public: ${SUBNETS(4).replace(/, subnet-0a1b2c3d4e5f60043/, '')} }\nnetwork: { egress: central }\n`,
    severity: 'error',
    path: 'dr.vpcId',
    at: 'vpcId: vpc-0b1b2c3d4e5f60001',
    message: ['VPN gateway'],
  },
  {
    rule: 'network.egress-existing',
    good: lz(),
    bad: lz({ egress: 'nat' }),
    severity: 'error',
    path: 'network.egress',
    at: 'egress: nat',
    fix: ['network.egress: central', 'or none'],
  },
  {
    rule: 'network.egress-none-container',
    good: `${BASE}network: { egress: none }\nsoftware: { install: { kind: kit, location: s3://kits/iris.tar.gz } }\n`,
    bad: `${BASE}network: { egress: none }\nsoftware: { install: { kind: container, image: containers.intersystems.com/intersystems/iris:2024.1 } }\n`,
    severity: 'error',
    path: 'network.egress',
    at: 'egress: none',
    message: ['containers.intersystems.com/intersystems/iris:2024.1'],
    fix: ['software.install.kind: kit'],
  },
  {
    // Spec tags + 3 refarch default tags + a member's 6 (name, tier, instance, mirror, role,
    // snapshot policy) + one namespaces tag (8 names fit 256 characters) + the tag DLM adds to its
    // snapshots: 39 spec tags make 50, 40 make 51.
    rule: 'tags.count',
    good: `${BASE}tags: { ${Array.from({ length: 39 }, (_, i) => `t${i}: v`).join(', ')} }\ndatabase: { namespaces: [${NAMESPACES.slice(0, 8).join(', ')}] }\n`,
    bad: `${BASE}tags: { ${Array.from({ length: 40 }, (_, i) => `t${i}: v`).join(', ')} }\ndatabase: { namespaces: [${NAMESPACES.slice(0, 8).join(', ')}] }\n`,
    severity: 'error',
    path: 'tags',
    at: { line: 6, column: 7 },
    message: ['test-dep-db-', '(its snapshots) would carry 51 tags', "the spec's 40", 'AWS allows 50'],
    fix: ['remove at least 1 of the spec'],
    params: { value: 51, limit: 50, unit: 'tags' },
  },
  {
    rule: 'tags.count',
    name: 'namespaces past 256 characters take a second tag',
    good: `${BASE}tags: { ${Array.from({ length: 38 }, (_, i) => `t${i}: v`).join(', ')} }\ndatabase: { namespaces: [${NAMESPACES.slice(0, 9).join(', ')}] }\n`,
    bad: `${BASE}tags: { ${Array.from({ length: 39 }, (_, i) => `t${i}: v`).join(', ')} }\ndatabase: { namespaces: [${NAMESPACES.slice(0, 9).join(', ')}] }\n`,
    severity: 'error',
    path: 'tags',
    at: { line: 6, column: 7 },
    message: ['51 tags'],
    fix: ['fewer or shorter database namespaces', '2 namespace tags'],
    params: { value: 51, limit: 50, unit: 'tags' },
  },
  {
    rule: 'network.nat-unused',
    good: `${BASE}network: { egress: nat, natGateways: single }\n`,
    bad: `${BASE}network: { egress: central, natGateways: single }\n`,
    severity: 'warning',
    path: 'network.natGateways',
    at: 'natGateways: single',
    message: ['no effect', 'egress central'],
    fix: ['remove network.natGateways', 'network.egress: nat'],
  },
  {
    rule: 'lb.internal-public-subnets',
    good: `${lz({ public: null })}${INTERNAL}`,
    bad: `${lz()}${INTERNAL}`,
    severity: 'error',
    path: 'network.subnetIds.public',
    at: 'public: [',
  },
  {
    rule: 'lb.internal-clients',
    good: `${lz({ public: null })}${INTERNAL}`,
    bad: `${lz({ public: null, clients: '[10.0.0.0/8, 0.0.0.0/0]' })}${INTERNAL}`,
    severity: 'error',
    path: 'network.clientCidrs[1]',
    at: '0.0.0.0/0',
    message: ['includes the whole internet'],
    fix: ['set network.clientCidrs'],
  },
  {
    rule: 'accounts.role-account',
    good: `${BASE}accounts:\n  primary: { id: "111122223333", roleArn: "arn:aws:iam::111122223333:role/deploy" }\n`,
    bad: `${BASE}accounts:\n  primary: { id: "111122223333", roleArn: "arn:aws:iam::444455556666:role/deploy" }\n`,
    severity: 'error',
    path: 'accounts.primary.roleArn',
    at: 'roleArn: "arn',
    message: ['the role is in account 444455556666, but accounts.primary.id is 111122223333'],
  },
  {
    rule: 'accounts.dr-backup-copy',
    good: `${BASE}${DR}${ACCOUNTS('111122223333', '444455556666')}backup: { copyToDr: false }\n`,
    bad: `${BASE}${DR}${ACCOUNTS('111122223333', '444455556666')}`,
    severity: 'error',
    path: 'accounts.dr.id',
    at: 'id: "444455556666"',
    message: ['from account 111122223333 to 444455556666'],
    fix: ['backup.copyToDr: false'],
  },
  {
    rule: 'accounts.dns-internal-entry',
    good: `${BASE}${DR}network: { clientCidrs: [10.0.0.0/8] }\n${INTERNAL}dns: { zoneName: example.org, record: app }\n${ACCOUNTS('111122223333', '111122223333', '111122223333')}`,
    bad: `${BASE}${DR}network: { clientCidrs: [10.0.0.0/8] }\n${INTERNAL}dns: { zoneName: example.org, record: app }\n${ACCOUNTS('111122223333', '111122223333', '777788889999')}`,
    severity: 'error',
    path: 'accounts.dns.id',
    at: 'id: "777788889999"',
    message: ['Route 53 reads alarms of its own account only'],
  },
  {
    rule: 'dr.link-cidr',
    good: `${BASE}${DR}  link: none\n  vpcCidr: 10.65.0.0/20\n`,
    bad: `${BASE}${DR}  link: none\n`,
    severity: 'error',
    path: 'dr.link',
    at: 'link: none',
    fix: ['add dr.vpcCidr'],
  },
];

// ebs.throughput-range: the schema's throughputMiBps range equals gp3's in the catalog today, so no
// schema-valid spec reaches the rule; it is checked on a model with a widened volume below.
const UNREACHABLE_FROM_YAML = new Set(['ebs.throughput-range']);

describe('semantic rules', () => {
  it('every rule id has a good and a bad case', () => {
    const covered = new Set([...CASES.map((c) => c.rule), ...UNREACHABLE_FROM_YAML]);
    expect(RULE_IDS.filter((id) => !covered.has(id))).toEqual([]);
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    expect(RULE_IDS.length).toBeGreaterThanOrEqual(40);
  });

  it('the README\'s table of warnings lists exactly the rules whose cases warn (--strict documents them)', () => {
    const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'README.md'), 'utf8') as string;
    const start = readme.indexOf('| warning | why it is allowed |');
    expect(start).toBeGreaterThan(0);
    const table = readme.slice(start, readme.indexOf('\n\n', start));
    const listed = new Set([...table.matchAll(/`([a-z]+\.[a-z-]+)`/g)].map((m) => m[1]));
    const warning = new Set(CASES.filter((c) => c.severity === 'warning').map((c) => c.rule));
    expect([...listed].sort()).toEqual([...warning].sort());
  });

  it('every rule declares the ids it emits, with a description', () => {
    for (const rule of RULES) {
      expect(rule.ids.length).toBeGreaterThan(0);
      expect(rule.description.length).toBeGreaterThan(20);
    }
  });

  describe.each(CASES)('$rule $name', (c) => {
    it('good spec: no diagnostics at all', () => {
      expect(diagnostics(dedent(c.good))).toEqual([]);
    });
    it(`bad spec: exactly one ${c.severity}`, () => {
      const text = dedent(c.bad);
      const found = diagnostics(text);
      const where = typeof c.at === 'string' ? pos(text, c.at) : 'needle' in c.at ? pos(text, c.at.needle, c.at.nth) : 'key' in c.at ? pos(text, c.at.key, 1, true) : c.at;
      expect(found.map((d) => `${d.line}:${d.column} ${d.severity} [${d.rule}] ${d.path}`)).toEqual([`${where.line}:${where.column} ${c.severity} [${c.rule}] ${c.path}`]);
      const d = found[0]!;
      expect(d.file).toBe('spec.yaml');
      for (const part of c.message ?? []) expect(d.message).toContain(part);
      for (const part of c.fix ?? []) expect(d.fix).toContain(part);
      expect(d.params).toEqual(c.params);
      expect(d.fix.length).toBeGreaterThan(5);
      // Warnings never block the model; errors always do.
      expect(checkText(text).model === undefined).toBe(c.severity === 'error');
    });
  });

  it('ebs.throughput-range fires on a volume outside gp3 throughput range', () => {
    const text = vol('    data: { type: gp3, sizeGiB: 1000, iops: 16000, throughputMiBps: 2000 }\n', '  instanceType: m6i.16xlarge\n');
    const result = checkText(text, 'spec.yaml');
    expect(result.diagnostics).toEqual([]);
    const model = result.model!;
    const widen = (v: VolumeModel): VolumeModel => (v.purpose === 'data' ? { ...v, throughputMiBps: 4000 } : v);
    const primary = { ...model.primary!, instances: model.primary!.instances.map((i) => ({ ...i, volumes: i.volumes.map(widen) })) };
    const findings = ebsVolumeRule.check({ spec: result.spec!, model: { ...model, primary } });
    const placed = place(result.loaded!, findings);
    expect(placed.map((d) => `${d.line}:${d.column} ${d.severity} [${d.rule}] ${d.path}`)).toEqual([
      `${pos(text, 'throughputMiBps: 2000').line}:${pos(text, 'throughputMiBps: 2000').column} error [ebs.throughput-range] database.volumes.data.throughputMiBps`,
    ]);
    expect(placed[0]!.message).toContain('125 to 2,000 MiB/s');
  });

  it('reports a volume problem once although four members share the volume spec', () => {
    const text = `${vol('    data: { type: io1, sizeGiB: 100, iops: 6000 }\n')}${DR}  asyncMembers: 2\n`;
    expect(diagnostics(text).map((d) => d.rule)).toEqual(['ebs.iops-ratio']);
  });

  it('reports a shared database.volumes problem once for five HealthShare products', () => {
    const text = `${BASE.replace('cache', 'healthshare')}database:\n  volumes:\n    data: { type: io1, sizeGiB: 100, iops: 6000 }\nproducts: [{ name: a1 }, { name: a2 }, { name: a3 }, { name: a4 }, { name: a5 }]\n`;
    expect(diagnostics(text).map((d) => `${d.rule} ${d.path}`)).toEqual(['ebs.iops-ratio database.volumes.data.iops']);
  });

  it('reports all problems in one run', () => {
    const text = `${BASE.replace('eu-west-1c]', 'eu-west-2c]')}web: { instanceType: m4.larg }\nstate: { backend: s3 }\n`;
    const found = diagnostics(text);
    expect(found.map((d) => `${d.line} ${d.rule}`)).toEqual(['5 az.region', '6 instance.unknown-type', '7 state.s3-needs-bucket']);
  });

  it('reports errors and warnings together, sorted by position', () => {
    const text = `${BASE}web: { loadBalancer: { stickySessions: false } }\ndatabase:\n  volumes:\n    data: { type: io1, sizeGiB: 2, iops: 100 }\nbackup: { copyToDr: true }\n`;
    expect(diagnostics(text).map((d) => `${d.line} ${d.severity} ${d.rule}`)).toEqual(['6 warning lb.sticky-sessions', '9 error ebs.size-range', '10 warning backup.copy-without-dr']);
  });

  it('skips the budget and Nitro checks for an unknown instance type rather than failing', () => {
    const text = vol('    data: { type: io1, sizeGiB: 1000, iops: 40000 }\n', '  instanceType: x9.huge\n');
    expect(diagnostics(text).map((d) => d.rule)).toEqual(['instance.unknown-type']);
  });
});

describe('helpers', () => {
  it('cidrProblem accepts network addresses and explains the rest', () => {
    expect(cidrProblem('10.0.0.0/16')).toBeUndefined();
    expect(cidrProblem('0.0.0.0/0')).toBeUndefined();
    expect(cidrProblem('192.0.2.7/32')).toBeUndefined();
    expect(cidrProblem('10.0.0.1/16')?.message).toContain('host bits');
    expect(cidrProblem('256.0.0.0/8')?.message).toContain('above 255');
    expect(cidrProblem('010.0.0.0/8')?.message).toContain('leading zero');
    expect(cidrProblem('10.0.0.0/40')?.message).toContain('/40');
    expect(cidrProblem('10.0.0/8')?.message).toContain('not an IPv4 CIDR');
  });
  it('fmt groups thousands and keeps one decimal', () => {
    expect([41000, 238.4185, 0.25, 350, 1234567.89].map(fmt)).toEqual(['41,000', '238.4', '0.25', '350', '1,234,567.9']);
  });
});

// Random schema-valid specs: the rules must never throw, whatever combination the schema allows.
describe('robustness', () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const region = fc.constantFrom('eu-west-1', 'eu-central-1', 'us-east-1', 'xx-east-9', 'ap-northeast-1');
  const zone = fc.tuple(region, fc.constantFrom('a', 'b', 'c', 'd', 'z')).map(([r, l]) => `${r}${l}`);
  const cidr = fc.constantFrom('10.10.0.0/16', '10.20.0.0/16', '10.0.0.0/8', '10.10.0.1/16', '999.1.1.1/24', '0.0.0.0/0', '172.16.0.0/12', '10.10.0.0/28', '192.168.1.0/24');
  const type = fc.constantFrom('m4.large', 'm4.16xlarge', 'm5.12xlarge', 'r7i.large', 'zz.top', 'm4.10xlarge');
  const volume = fc.record(
    {
      type: fc.constantFrom('gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'),
      sizeGiB: fc.integer({ min: 1, max: 65536 }),
      iops: fc.integer({ min: 100, max: 256000 }),
      throughputMiBps: fc.integer({ min: 125, max: 2000 }),
    },
    { requiredKeys: [] },
  );
  const extra = fc.record({ name: fc.constantFrom('data', 'data2', 'wij', 'x'), type: fc.constantFrom('gp2', 'gp3', 'io1', 'st1'), sizeGiB: fc.integer({ min: 1, max: 20000 }) });
  const volumes = fc.record({ data: volume, journal1: volume, journal2: volume, wij: volume, extra: fc.array(extra, { maxLength: 3 }) }, { requiredKeys: [] });
  const specArb = fc.record(
    {
      apiVersion: fc.constant('refarch/v1'),
      name: fc.constant('fuzz-spec'),
      profile: fc.constantFrom('trakcare', 'healthshare', 'cache'),
      model: fc.constantFrom('cloud', 'hybrid'),
      size: fc.constantFrom('small', 'medium', 'large', 'xlarge'),
      instanceFamily: fc.constantFrom('m4', 'm5', 'm6i', 'm7i', 'r5', 'r6i', 'r7i'),
      region,
      availabilityZones: fc.array(zone, { minLength: 2, maxLength: 4 }),
      network: fc.record({ vpcCidr: cidr, adminCidrs: fc.array(cidr, { maxLength: 2 }), clientCidrs: fc.array(cidr, { maxLength: 2 }) }, { requiredKeys: [] }),
      onPremises: fc.record({ cidrs: fc.array(cidr, { minLength: 1, maxLength: 2 }), vpn: fc.constant({ customerGatewayIp: '203.0.113.10' }), endpoint: maybe(fc.constant('a.example.org')) }).map((o) => JSON.parse(JSON.stringify(o))),
      web: fc.record({ count: fc.integer({ min: 0, max: 5 }), instanceType: type, loadBalancer: fc.record({ stickySessions: fc.boolean(), certificateArn: fc.constantFrom('arn:aws:acm:eu-west-1:123456789012:certificate/a', 'arn:aws:acm:us-east-1:123456789012:certificate/b') }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      app: fc.record({ count: fc.integer({ min: 0, max: 5 }), instanceType: type }, { requiredKeys: [] }),
      print: fc.record({ count: fc.integer({ min: 0, max: 3 }), instanceType: type }, { requiredKeys: [] }),
      database: fc.record(
        {
          instanceType: type,
          volumes,
          mirror: fc.record({ vip: fc.constantFrom('load-balancer', 'none'), zmirrorCallout: fc.boolean(), arbiter: fc.record({ instanceType: type }, { requiredKeys: [] }) }, { requiredKeys: [] }),
          ports: fc.record({ superserver: fc.constantFrom(1972, 443, 2188), webserver: fc.constantFrom(52773, 80, 1972), agent: fc.constantFrom(2188, 52773) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
      products: fc.array(fc.record({ name: fc.constantFrom('aa', 'bb', 'patient-index'), instanceType: maybe(type), volumes: maybe(volumes) }).map((o) => JSON.parse(JSON.stringify(o))), { minLength: 1, maxLength: 5 }),
      dr: fc
        .record({ region, availabilityZones: fc.array(zone, { minLength: 2, maxLength: 4 }), vpcCidr: maybe(cidr), asyncMembers: maybe(fc.integer({ min: 1, max: 4 })), capacity: maybe(fc.constantFrom('full', 'reduced', 'none')), instanceType: maybe(type) })
        .map((o) => JSON.parse(JSON.stringify(o))),
      dns: fc.constant({ zoneName: 'example.org', record: 'app' }),
      backup: fc.record({ copyToDr: fc.boolean() }, { requiredKeys: [] }),
      images: fc.dictionary(region, fc.constant('ami-0123456789abcdef0'), { maxKeys: 2 }),
      state: fc.record({ backend: fc.constantFrom('local', 's3'), bucket: fc.constant('my-bucket'), keyPrefix: fc.constant('tf'), region }, { requiredKeys: [] }),
    },
    { requiredKeys: ['apiVersion', 'name', 'profile'] },
  );

  it('no schema-valid spec makes resolve or a rule throw', () => {
    let checked = 0;
    fc.assert(
      fc.property(specArb, (spec) => {
        // The semantic rules run whenever the schema finds no structural (schema.*) problem: its
        // cross-field findings are the semantic rules' own conditions (validate.ts checkLoaded).
        if (schemaFindings(spec).some((f) => f.rule.startsWith('schema.'))) return true;
        checked++;
        const { findings } = semanticFindings(spec as RawSpec);
        for (const f of findings) {
          expect(RULE_IDS).toContain(f.rule);
          expect(f.message).not.toMatch(/undefined|NaN/);
          expect(f.fix).not.toMatch(/undefined|NaN/);
        }
        return true;
      }),
      { numRuns: 400, seed: 20261129 },
    );
    expect(checked).toBeGreaterThan(100);
    expect(() => resolve({ apiVersion: 'refarch/v1', name: 'abc', profile: 'cache' } as RawSpec)).not.toThrow();
  });
});

describe('landing zones: bad input the schema catches, one line each with its position and a fix', () => {
  it.each([
    ['an account id that is not 12 digits', `${BASE}accounts:\n  dr: { id: "12345" }\n`, '7:13 error [schema.pattern] accounts.dr.id', '111122223333'],
    ['a boundary that is not an IAM policy ARN', `${BASE}iam: { permissionsBoundary: "arn:aws:iam::111122223333:role/boundary" }\n`, '6:29 error [schema.pattern] iam.permissionsBoundary', 'arn:aws:iam::111122223333:policy/workload-boundary'],
    ['a subnet id that is not one', `${BASE}network:\n  subnetIds: { web: [subnet-1], app: [subnet-0a1b2c3d4e5f60021], data: [subnet-0a1b2c3d4e5f60031] }\n`, '7:22 error [schema.pattern] network.subnetIds.web[0]', 'subnet-0a1b2c3d4e5f60718'],
  ])('%s', (_label, text, where, fix) => {
    const found = diagnostics(text);
    expect(found.map((d) => `${d.line}:${d.column} ${d.severity} [${d.rule}] ${d.path}`)).toEqual([where]);
    expect(found[0]!.fix).toContain(fix);
    expect(checkText(text).model).toBeUndefined();
  });
});
