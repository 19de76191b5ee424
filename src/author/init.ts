// init: a commented starter spec for a profile, deployment model and size, that validates as
// written. Counts, types and volumes are left to the size preset; the comments show what the
// preset gives (read from the resolved model, so they are always the catalog's figures).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { DEFAULTS, REGIONS, type Family, type Profile, type SizePreset } from '../catalog/catalog';
import { drChoiceFor, familyOffered, familyOfferedInAll, locationOf, placeText, type DrChoice } from '../catalog/regions';
import type { DeploymentModel, InstanceModel, VolumeModel } from '../model/model';
import { resolve } from '../resolve/resolve';
import type { RawSpec } from '../spec/types';
import { SPEC_SCHEMA } from '../validate/schema';

export const PROFILES: readonly Profile[] = ['trakcare', 'healthshare', 'cache'];
export const MODELS = ['cloud', 'hybrid'] as const;
export type DeploymentKind = (typeof MODELS)[number];
export const SIZES: readonly SizePreset[] = ['small', 'medium', 'large', 'xlarge'];

export interface InitOptions {
  readonly profile: Profile;
  readonly model: DeploymentKind;
  readonly size: SizePreset;
  readonly name: string;
  /** Primary region (cloud) or the AWS region of the DR site (hybrid). */
  readonly region: string;
  /**
   * Cloud model: the DR region the user chose (--dr-region), `false` for no DR site (--no-dr), or
   * undefined for init's choice (drRegionFor). Ignored by the hybrid model, whose AWS side is the DR site.
   */
  readonly dr?: string | false | undefined;
  /** The `$schema=` value of the yaml-language-server modeline. */
  readonly schemaRef: string;
}

export const NAME_PATTERN = new RegExp(((SPEC_SCHEMA['properties'] as Record<string, { pattern?: string }>)['name']?.pattern) ?? '^[a-z][a-z0-9-]{1,26}[a-z0-9]$');
export const SCHEMA_ID = String(SPEC_SCHEMA['$id']);

/** The HealthShare products of the reference architecture's Figure-14. */
const HEALTHSHARE_PRODUCTS = ['information-exchange', 'patient-index', 'personal-community', 'health-insight', 'health-connect'];

const PROFILE_TITLE: Readonly<Record<Profile, string>> = {
  trakcare: 'TrakCare (reference architecture Figure-12: web, ECP application and print servers, one mirror)',
  healthshare: 'HealthShare (reference architecture Figure-14: one failover mirror per product)',
  cache: 'Caché/IRIS application (reference architecture Figure-3: web, ECP application servers, one mirror)',
};

const NAMESPACES: Readonly<Record<Profile, readonly string[] | undefined>> = {
  trakcare: ['TRAK', 'ANALYTICS', 'INTEGRATION'],
  healthshare: undefined,
  cache: undefined,
};

/** Zones of a region from the catalog: the first `count`. */
export function zonesOf(region: string, count: number): string[] {
  const letters = REGIONS.rows[region] ?? ['a', 'b', 'c'];
  return letters.slice(0, count).map((l) => `${region}${l}`);
}

/**
 * A second region for DR that keeps the data where it may lie: the nearest other region of the
 * same country, else of the same legal area, else (none exists) the nearest of all, which the
 * spec's comment then says. See drChoiceFor in catalog/regions.ts.
 */
export function drRegionFor(region: string): string {
  return drChoiceFor(region)?.region ?? Object.keys(REGIONS.rows).find((r) => r !== region) ?? region;
}

/** The DR region a starter spec gets: the AWS region (hybrid), the user's, init's, or none. */
export function drRegionOf(o: Pick<InitOptions, 'model' | 'region' | 'dr'>): string | undefined {
  if (o.model === 'hybrid') return o.region;
  if (o.dr === false) return undefined;
  return o.dr ?? drRegionFor(o.region);
}

/** The regions a starter spec places servers in, each with the role the comments give it. */
export function specRegions(o: Pick<InitOptions, 'model' | 'region' | 'dr'>): Array<{ region: string; role: string }> {
  if (o.model === 'hybrid') return [{ region: o.region, role: 'the AWS region' }];
  const dr = drRegionOf(o);
  return [{ region: o.region, role: 'the primary region' }, ...(dr === undefined ? [] : [{ region: dr, role: 'the DR region' }])];
}

/**
 * The comment saying why the starter spec does not use the default family: the regions that lack
 * it, read from the availability table validate's instance.region-availability rule reads
 * (familyOffered), or undefined when the default is written.
 */
export function familyComment(o: Pick<InitOptions, 'model' | 'region' | 'dr'>): string | undefined {
  const preferred = DEFAULTS.rows.instanceFamily as Family;
  const regions = specRegions(o);
  const family = familyFor(regions.map((r) => r.region));
  if (family === preferred) return undefined;
  const lacking = regions.filter((r) => familyOffered(r.region, preferred) === false).map((r) => `${r.region} (${r.role})`);
  const where = regions.length === 1 ? 'there' : `in ${regions.map((r) => r.region).join(' and ')}`;
  return `# ${preferred} is not offered in ${lacking.join(' or ')}: ${family} is the first family offered ${where}.`;
}

/** Comment lines for a DR region the user chose (--dr-region): where the data goes. */
export function chosenDrLines(region: string, drRegion: string): string[] {
  const home = locationOf(region);
  const there = locationOf(drRegion);
  if (home === undefined || there === undefined) return [`# DR region: ${drRegion}, chosen with --dr-region.`];
  if (home.country === there.country) return [`# DR region: ${drRegion} (${there.city}), chosen with --dr-region: in ${home.countryName}, like ${region}, so the data stays in the country.`];
  if (home.legalArea === there.legalArea) {
    return [`# DR region: ${drRegion} (${there.city}, ${there.countryName}), chosen with --dr-region: in the legal area of ${region}, ${home.legalArea},`, '# so the data stays under the same data-protection law.'];
  }
  return [
    `# DR region: ${drRegion} in ${placeText(there)}, chosen with --dr-region. The DR copy leaves`,
    `# ${home.countryName} (legal area ${home.legalArea}): confirm the transfer is lawful (e.g. an adequacy decision), then record`,
    '# its basis to acknowledge it:',
    '# transferBasis: <legal basis>',
  ];
}

/** Comment lines saying why the DR region was chosen. */
export function drReasonLines(region: string, choice: DrChoice | undefined): string[] {
  const home = locationOf(region);
  const there = choice ? locationOf(choice.region) : undefined;
  if (home === undefined || choice === undefined || there === undefined) return ['# DR region: another catalog region (this region has no location in the catalog).'];
  const km = `${Math.round(choice.km / 10) * 10} km`;
  switch (choice.basis) {
    case 'country':
      return [`# DR region: ${choice.region} (${there.city}) is in ${home.countryName}, like ${region}: the data stays in the country (nearest such region, ${km}).`];
    case 'legal-area':
      return [
        `# DR region: AWS has no other region in ${home.countryName}; ${choice.region} (${there.city}, ${there.countryName}) is the nearest`,
        `# in the same legal area, ${home.legalArea} (${km}): the data stays under the same data-protection law.`,
      ];
    case 'nearest':
      return [
        `# DR region: no other AWS region is in ${home.countryName} or its legal area ${home.legalArea}, so this is the nearest`,
        `# region (${km}): ${choice.region} in ${placeText(there)}. The DR copy leaves ${home.countryName}: confirm the`,
        '# transfer is lawful (e.g. an adequacy decision), then record its basis to acknowledge it:',
        '# transferBasis: <legal basis>',
      ];
  }
}

/** The family init writes: the default where the regions offer it, else the first they all offer. */
export function familyFor(regions: readonly string[]): Family {
  return familyOfferedInAll(regions, DEFAULTS.rows.instanceFamily as Family) ?? (DEFAULTS.rows.instanceFamily as Family);
}

export function knownRegions(): string[] {
  return Object.keys(REGIONS.rows);
}

/**
 * The modeline's schema reference for a spec written into `outputDir`. A relative path when the
 * schema file shipped with this refarch lies inside the same project as the output (the nearest
 * folder with a package.json: a project that has refarch in node_modules, or this repository);
 * otherwise the schema's $id URL (a global install, or a folder outside any project).
 */
export function schemaRefFor(outputDir: string, schemaFile: string | undefined = shippedSchemaFile()): string {
  if (schemaFile === undefined) return SCHEMA_ID;
  let dir = resolvePath(outputDir);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) break;
    const up = dirname(dir);
    if (up === dir) return SCHEMA_ID;
    dir = up;
  }
  const root = dir.endsWith(sep) ? dir : dir + sep;
  const schema = resolvePath(schemaFile);
  if (!schema.startsWith(root)) return SCHEMA_ID;
  const rel = relative(resolvePath(outputDir), schema).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** schema/refarch.schema.json of the refarch that is running (src/ under tests, dist/src/ when built). */
export function shippedSchemaFile(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'schema', 'refarch.schema.json');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

function rawSpec(o: InitOptions): RawSpec {
  const drRegion = drRegionOf(o);
  const spec: Record<string, unknown> = {
    apiVersion: 'refarch/v1',
    name: o.name,
    profile: o.profile,
    model: o.model,
    size: o.size,
    instanceFamily: familyFor(specRegions(o).map((r) => r.region)),
    ...(o.model === 'cloud' ? { region: o.region, availabilityZones: zonesOf(o.region, 3) } : {}),
    ...(o.profile === 'healthshare' ? { products: HEALTHSHARE_PRODUCTS.map((name) => ({ name })) } : {}),
    ...(o.model === 'hybrid' ? { onPremises: { cidrs: ['172.16.0.0/16'], vpn: { customerGatewayIp: '203.0.113.10' } } } : {}),
    ...(drRegion === undefined ? {} : { dr: { region: drRegion, availabilityZones: zonesOf(drRegion, 2) } }),
  };
  return spec as unknown as RawSpec;
}

function typesOf(instances: readonly InstanceModel[]): string {
  const counts = new Map<string, number>();
  for (const i of instances) counts.set(i.instanceType, (counts.get(i.instanceType) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${n} × ${t}`).join(', ');
}

function volumeText(v: VolumeModel): string {
  return `${v.purpose} ${v.type} ${v.sizeGiB} GiB${v.iops !== undefined && v.type !== 'gp3' ? ` ${v.iops} IOPS` : ''}`;
}

function presetComments(model: DeploymentModel, site: 'primary' | 'dr'): { tier: (t: 'web' | 'app' | 'print') => string; database: string; volumes: string } {
  const s = site === 'primary' ? model.primary : model.dr;
  const instances = s?.instances ?? [];
  const tier = (t: 'web' | 'app' | 'print'): string => typesOf(instances.filter((i) => i.tier === t)) || 'none';
  const db = instances.filter((i) => i.tier === 'database');
  const first = db[0];
  return {
    tier,
    database: first ? first.instanceType : 'none',
    volumes: first ? first.volumes.map(volumeText).join('; ') : '',
  };
}

/** The starter spec text. */
export function starterSpec(o: InitOptions): string {
  const model = resolve(rawSpec(o));
  const hybrid = o.model === 'hybrid';
  const preset = presetComments(model, hybrid ? 'dr' : 'primary');
  const sections = [
    headerSection(o, hybrid),
    networkSection(hybrid),
    hybrid ? [] : frontTierSection(o, model, preset),
    databaseSection(o, model, preset),
    drSection(o, hybrid),
    operationsSection(o, hybrid),
  ];
  return `${sections.flat().join('\n')}\n`;
}

type Lines = string[];
type Preset = ReturnType<typeof presetComments>;

/** The modeline, what the file is, and the deployment's identity, size and primary region. */
function headerSection(o: InitOptions, hybrid: boolean): Lines {
  const L: Lines = [];
  const push = (...lines: string[]): void => void L.push(...lines);
  push(`# yaml-language-server: $schema=${o.schemaRef}`);
  push(`# refarch starter spec: ${PROFILE_TITLE[o.profile]},`);
  const noDr = !hybrid && o.dr === false;
  push(`# ${hybrid ? 'hybrid model (Figure-2): the failover pair stays on premises, AWS holds the DR async members' : `cloud model (Figure-3): everything in AWS over three availability zones, ${noDr ? 'without a DR region' : 'with a DR region'}`}.`);
  const drOption = hybrid || o.dr === undefined ? '' : o.dr === false ? ' --no-dr' : ` --dr-region ${o.dr}`;
  push(`# Written by: refarch init --profile ${o.profile} --model ${o.model} --size ${o.size}${drOption}`);
  push('# It validates as written. Addresses and names below are placeholders from documentation');
  push('# ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24): replace them with yours, then run');
  push('#   refarch validate <file>   refarch plan <file>   refarch diagram <file> -o deployment.svg');
  push('# Every key is described by `refarch schema` (and in your editor, through the line above).');
  push('apiVersion: refarch/v1');
  push('# Lower-case letters, digits and hyphens. Resource names and tags derive from it:');
  push('# renaming later replaces every resource.');
  push(`name: ${o.name}`);
  push(`profile: ${o.profile}`);
  push(`model: ${o.model}`);
  push('# Size preset: server counts, instance types and database volumes (small, medium, large, xlarge).');
  push('# Anything written explicitly below wins over the preset.');
  push(`size: ${o.size}`);
  const family = familyFor(specRegions(o).map((r) => r.region));
  push('# Instance family the presets draw from: m4 is the reference architecture\'s; the Nitro families');
  push('# m5, m6i, m7i, r5, r6i and r7i give more EBS bandwidth per vCPU.');
  const why = familyComment(o);
  if (why !== undefined) push(why);
  push(`instanceFamily: ${family}`);
  if (!hybrid) {
    push('# Primary region. The mirror primary goes to the first zone, the backup to the second and the');
    push('# arbiter to the third.');
    push(`region: ${o.region}`);
    push(`availabilityZones: [${zonesOf(o.region, 3).join(', ')}]`);
  }
  return L;
}

/** The network, and in the hybrid model the on-premises site and its VPN. */
function networkSection(hybrid: boolean): Lines {
  const L: Lines = [];
  const push = (...lines: string[]): void => void L.push(...lines);
  push('network:');
  if (!hybrid) push('  # Split into 16 subnets: public, web, app and data in each availability zone.', '  vpcCidr: 10.10.0.0/16');
  push('  # Administrators\' networks: the only sources allowed on management ports. [] = SSM only.');
  push('  adminCidrs: [192.0.2.0/24]');
  push('  # Users allowed to reach the HTTPS load balancer. 0.0.0.0/0 makes the application public.');
  push(`  clientCidrs: [${hybrid ? '172.16.0.0/16' : '198.51.100.0/24'}]`);
  push('  # NAT gateways: per-az survives a zone outage; single is cheaper.');
  push('  natGateways: per-az');
  if (hybrid) {
    push('# The on-premises site holding the failover pair, reached over a site-to-site VPN.');
    push('onPremises:');
    push('  # On-premises networks: routed through the VPN and admitted to the DR members.');
    push('  cidrs: [172.16.0.0/16]');
    push('  vpn:');
    push('    # Public address of your VPN device.');
    push('    customerGatewayIp: 203.0.113.10');
    push('    bgpAsn: 65000');
    push('  # Public name of the on-premises web entry: the PRIMARY DNS failover record points here');
    push('  # when a dns block is added.');
    push('  # endpoint: app.hospital.example.org');
  }
  return L;
}

/** Web, application and print servers (cloud model). */
function frontTierSection(o: InitOptions, model: DeploymentModel, preset: Preset): Lines {
  const L: Lines = [];
  const push = (...lines: string[]): void => void L.push(...lines);
  const webs = model.primary?.instances.filter((i) => i.tier === 'web') ?? [];
  push(`# Web servers (Apache + CSP Gateway) behind the external load balancer: preset ${preset.tier('web')}.`);
  push('web:');
  push(`  # count: ${webs.length}`, `  # instanceType: ${webs[0]?.instanceType ?? ''}`);
  push('  loadBalancer:');
  push('    # application (ALB) or classic (the reference architecture\'s Classic ELB, Figure-4).');
  push('    type: application');
  push('    # CSP sessions are pinned to one web server: keep cookie stickiness on.');
  push('    stickySessions: true');
  push('    # ACM certificate of the HTTPS listener; left out, Terraform asks for primary_web_certificate_arn.');
  push(`    # certificateArn: arn:aws:acm:${o.region}:123456789012:certificate/<id>`);
  push(`# ECP application servers: preset ${preset.tier('app')}. To override, write for example:`);
  push('# app: { count: 4, instanceType: m4.2xlarge }');
  if (o.profile === 'trakcare') {
    push(`# Print servers (ECP clients rendering print jobs): preset ${preset.tier('print')}. To override:`);
    push('# print: { count: 2, instanceType: m4.large }');
  }
  return L;
}

/** Mirror members, their ports, and HealthShare's products. */
function databaseSection(o: InitOptions, model: DeploymentModel, preset: Preset): Lines {
  const L: Lines = [];
  const push = (...lines: string[]): void => void L.push(...lines);
  push(`# Mirror members: preset ${preset.database}, volumes ${preset.volumes}.`);
  push('database:');
  push(`  # instanceType: ${preset.database}`);
  const ns = NAMESPACES[o.profile];
  if (ns) push('  # Namespaces held by the mirror (recorded as a tag on the members).', `  namespaces: [${ns.join(', ')}]`);
  push('  mirror:');
  push('    # Clients that are not mirror-aware (xDBC, raw TCP) reach the primary through an internal');
  push('    # load balancer polling /csp/bin/mirror_status.cxw; none skips it.');
  push('    vip: load-balancer');
  push('    # Also let ^ZMIRROR register a new primary with that load balancer (IAM role, no keys).');
  push('    zmirrorCallout: true');
  push('  # Volumes: data, journal1, journal2, wij (and extra). Override one, for example:');
  push('  # volumes:');
  push('  #   data: { type: io1, sizeGiB: 2000, iops: 20000 }');
  push('  ports:');
  push('    superserver: 1972');
  push('    # Private web server / Management Portal (Caché: 57772).');
  push(`    webserver: ${model.ports.webserver}`);
  push('    agent: 2188');
  if (o.profile === 'healthshare') {
    push('# HealthShare products, each with its own failover mirror (Figure-14). Each may set its own');
    push('# instanceType and volumes; database.instanceType and database.volumes are their defaults.');
    push('products:');
    for (const p of HEALTHSHARE_PRODUCTS) push(`  - name: ${p}`);
  }
  return L;
}

/** The DR site (cloud) or the AWS side (hybrid). */
function drSection(o: InitOptions, hybrid: boolean): Lines {
  const drRegion = drRegionOf(o);
  const L: Lines = [];
  const push = (...lines: string[]): void => void L.push(...lines);
  if (drRegion === undefined) {
    const suggested = drRegionFor(o.region);
    return [
      '# Disaster recovery: none (written with --no-dr). To add a DR region with async members and less',
      '# web/app capacity, write for example:',
      `# dr: { region: ${suggested}, availabilityZones: [${zonesOf(suggested, 2).join(', ')}], asyncMembers: 1, capacity: reduced }`,
    ];
  }
  push(hybrid ? '# The AWS site: DR async members, one per availability zone, reached over the VPN.' : '# Disaster recovery: async members (and less web/app capacity) in a second region.');
  push('dr:');
  if (!hybrid) push(...(o.dr === undefined ? drReasonLines(o.region, drChoiceFor(o.region)) : chosenDrLines(o.region, drRegion)).map((line) => `  ${line}`));
  push(`  region: ${drRegion}`);
  push(`  availabilityZones: [${zonesOf(drRegion, 2).join(', ')}]`);
  push(`  vpcCidr: ${hybrid ? '10.20.0.0/16' : '10.20.0.0/16'}`);
  push(`  asyncMembers: ${hybrid ? 2 : 1}`);
  push('  # full (as production), reduced (half the servers, one size smaller) or none (database only).');
  push(`  capacity: ${hybrid ? 'none' : 'reduced'}`);
  if (!hybrid) {
    push('  # ACM certificate in the DR region for the DR load balancer.');
    push(`  # certificateArn: arn:aws:acm:${drRegion}:123456789012:certificate/<id>`);
  }
  return L;
}

/** DNS failover (commented), backups, monitoring, state and tags. */
function operationsSection(o: InitOptions, hybrid: boolean): Lines {
  const L: Lines = [];
  const push = (...lines: string[]): void => void L.push(...lines);
  push('# Route 53 failover record (PRIMARY/SECONDARY with mirror_status.cxw health checks). Uncomment');
  push(`# with a public zone you own${hybrid ? ' (and set onPremises.endpoint for the PRIMARY record)' : ''}:`);
  push('# dns:');
  push('#   zoneName: example.org');
  push(`#   record: ${o.profile}`);
  push('#   createZone: false');
  push('backup:');
  push('  # snapshot (EBS snapshots, ExternalFreeze/Thaw), aws-backup (crash-consistent), or online (Caché Online Backup to EFS).');
  push('  method: snapshot');
  push('  schedule: "03:00"');
  push('  retainDays: 14');
  // Snapshots copied to the DR region (none without one).
  if (!hybrid && o.dr !== false) push('  copyToDr: true');
  push('monitoring:');
  push('  # alarmEmail: ops@example.org');
  push('  cpuHighPercent: 90');
  push('# Terraform state: local files in terraform-state/<name>/ beside the output folder, or s3');
  push('# (bucket, keyPrefix, region; native S3 locking).');
  push('state:');
  push('  backend: local');
  push('tags:');
  push('  Environment: test');
  return L;
}
