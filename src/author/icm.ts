// import-icm: an InterSystems Cloud Manager (ICM) AWS configuration (defaults.json +
// definitions.json) as a refarch spec.
//
// ICM's format (InterSystems Cloud Manager Guide, "ICM Reference"): defaults.json holds fields for
// the whole deployment (Provider, Label, Tag, Region, Zone, Mirror, credentials and key paths,
// image names) and defaults for every node; definitions.json is a list of node definitions, each
// with a Role (DM data server, DATA/COMPUTE sharded cluster nodes, AM application server, WS web
// server, AR arbiter, LB load balancer, ...), a Count and overrides (InstanceType, ZoneMap,
// MirrorMap, volume and port fields). Values are usually strings ("Count": "2"). A field in a
// definition overrides the same field in defaults.json.
//
// Mapping: DM (or one mirror set of DATA) -> database: MirrorMap "primary,backup" is the failover
// pair, "async" entries become DR async members (refarch keeps async members in a dr site; ICM
// puts them in the same region, so dr.region = Region, which the validator allows with a
// warning, and dr.capacity none so no DR web or app servers appear). AM/COMPUTE -> app, WS -> web,
// AR -> the arbiter, LB or LoadBalancer on WS -> web.loadBalancer. Every field without a refarch
// equivalent is reported as ignored with its reason; secrets and key/credential paths are never
// copied, and their values are never printed.
import { Document } from 'yaml';
import { DEFAULTS, EBS_VOLUME_TYPES, FAMILY_SIZES, INSTANCE_TYPES, REGIONS, type EbsType, type Family } from '../catalog/catalog';

export interface IcmImport {
  /** The spec as plain data, in the order it is written. */
  readonly spec: Record<string, unknown>;
  /** "ignored: <field> = <value> (reason)" lines. */
  readonly ignored: readonly string[];
  readonly warnings: readonly string[];
  /** Problems that stop the import (no spec is written). */
  readonly errors: readonly string[];
  /** Node counts per ICM role, as read (for the header and tests). */
  readonly roleCounts: Readonly<Record<string, number>>;
}

type Json = Record<string, unknown>;

/** Fields whose values are secrets or point at secrets: never copied, never printed. */
const SECRET_FIELDS = new Set([
  'LicenseKey',
  'LicenseDir',
  'LicenseServerPort',
  'Credentials',
  'SSHPublicKey',
  'SSHPrivateKey',
  'SSHPassword',
  'TLSKeyDir',
  'ISCPassword',
  'DockerPassword',
  'DockerUsername',
  'SSLConfig',
  'PrivateKey',
  'PublicKey',
  'KeyPair',
  'AccessKeyId',
  'SecretAccessKey',
  'SessionToken',
]);
const SECRET_PATTERN = /(password|passwd|secret|credential|token|licen[cs]e|private.?key|public.?key|key.?dir|key.?pair|ssh.?key|ssl|tls|cert)/i;

export function isSecretField(field: string): boolean {
  return SECRET_FIELDS.has(field) || SECRET_PATTERN.test(field);
}

/** Why fields ICM knows are not carried over. */
const IGNORE_REASONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(DockerImage|DockerRegistry|DockerVersion|DockerInit|DockerURL|DockerVolumeSize|DockerDeviceName|DockerStorageDriver|Containerless|ContainerName|Overrides|UserCPF|MergeCPF|ISCInstanceName|Image|DockerOptions)$/, 'containers and images are deployed by ICM\'s run phase; refarch provisions infrastructure only'],
  [/^(SSHUser|SSHOnly|SSHPort|BastionHost)$/, 'refarch instances are reached through SSM Session Manager, with no SSH user or keys'],
  [/^(OSVolumeSize|OSVolumeType|OSVolumeIOPS|BootVolumeSize)$/, `refarch root volumes come from the catalog (${DEFAULTS.rows.rootVolume.type} ${DEFAULTS.rows.rootVolume.sizeGiB} GiB)`],
  [/(Encrypted|KMSKey|EncryptVolumes)$/, 'refarch always encrypts EBS volumes with a customer managed KMS key'],
  [/^(VPCId|SubnetId|SubnetIds|VPC|PrivateSubnet|ElasticIP|PublicIP|DNSName|DNSDomain|HostedZoneId|SecurityGroupIds|NetworkInterface|TargetGroup)$/, 'refarch creates its own VPC, subnets, security groups and addresses'],
  [/^(StartCount|Machine|MachineName)$/, 'node numbering is ICM\'s; refarch names servers by tier and index'],
  [/^(WebGatewayPort|ApplicationPath|IAMImage|AlternativeServers|WebGateway|WebServerType)$/, 'Web Gateway configuration is done on the web servers, not in the infrastructure'],
  [/^(ArbiterPort)$/, 'the arbiter listens on the ISCAgent port (database.ports.agent)'],
  [/^(Monitor|MonitorPort|ProxyImage|ProxyPort|ShardDataPort)$/, 'no refarch equivalent'],
];

function reasonFor(field: string): string {
  for (const [pattern, reason] of IGNORE_REASONS) if (pattern.test(field)) return reason;
  return 'no refarch equivalent';
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function int(value: unknown): number | undefined {
  const t = text(value);
  if (t === undefined || !/^\d+$/.test(t)) return undefined;
  return Number(t);
}

function bool(value: unknown): boolean | undefined {
  const t = text(value)?.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

function list(value: unknown): string[] {
  const t = text(value);
  return t === undefined || t === '' ? [] : t.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function shown(field: string, value: unknown): string {
  if (isSecretField(field)) return '<not copied>';
  const t = typeof value === 'object' ? JSON.stringify(value) : text(value);
  return t === undefined ? String(value) : t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

interface NodeDef {
  readonly index: number;
  readonly role: string;
  readonly fields: Json;
}

const ROLE_NAMES: Readonly<Record<string, string>> = {
  DM: 'data server',
  DATA: 'sharded cluster data node',
  COMPUTE: 'sharded cluster compute node',
  AM: 'application server',
  WS: 'web server',
  AR: 'arbiter',
  LB: 'load balancer',
  DS: 'shard data server',
  QS: 'shard query server',
  VM: 'virtual machine',
  CN: 'container node',
  BH: 'bastion host',
  SAM: 'System Alerting and Monitoring',
  IAM: 'InterSystems API Manager',
};

const ICM_VOLUMES = [
  ['Data', 'data'],
  ['Journal1', 'journal1'],
  ['Journal2', 'journal2'],
  ['WIJ', 'wij'],
] as const;

/** The fields read from each node's role (others on that node are reported). */
const NODE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  data: ['Role', 'Count', 'MirrorMap', 'ZoneMap', 'Zone', 'InstanceType', 'LoadBalancer', ...volumeFieldNames(), 'SuperServerPort', 'WebServerPort', 'ISCAgentPort', 'Namespace'],
  app: ['Role', 'Count', 'ZoneMap', 'Zone', 'InstanceType'],
  web: ['Role', 'Count', 'ZoneMap', 'Zone', 'InstanceType', 'LoadBalancer'],
  arbiter: ['Role', 'Count', 'ZoneMap', 'Zone', 'InstanceType'],
  lb: ['Role', 'Count', 'ZoneMap', 'Zone'],
};

function volumeFieldNames(): string[] {
  return ICM_VOLUMES.flatMap(([icm]) => [`${icm}VolumeSize`, `${icm}VolumeType`, `${icm}VolumeIOPS`, `${icm}VolumeThroughput`]);
}

/** Fields of defaults.json read for the whole deployment. */
const DEPLOYMENT_FIELDS = ['Provider', 'Label', 'Tag', 'Region', 'Zone', 'Mirror', 'AMI', 'SystemMode', 'Namespace'];

function nameFrom(label: string | undefined, tag: string | undefined): string {
  const raw = [label, tag].filter((x) => x !== undefined && x !== '').join('-').toLowerCase() || 'icm-import';
  let name = raw.replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^[^a-z]+/, '');
  name = name.slice(0, 28).replace(/-+$/, '');
  if (name.length < 3) name = `icm-${name}`.replace(/-+$/, '').padEnd(3, '0');
  return name;
}

/** An import that cannot go on, with every error that stopped it. */
class ImportFailure extends Error {
  readonly errors: readonly string[];
  constructor(...errors: [string, ...string[]]) {
    super(errors[errors.length - 1]);
    this.errors = errors;
  }
}

/**
 * What the import steps share: the two files, and what has been read of them (everything not
 * read is reported as ignored at the end).
 */
class IcmReader {
  readonly ignored: string[] = [];
  readonly warnings: string[] = [];
  readonly usedDefaults = new Set<string>(['Provider', 'Region']);
  readonly consumed = new Map<NodeDef, readonly string[]>();
  readonly zonesAll: string[];
  readonly regionZones: string[];

  constructor(
    readonly D: Json,
    readonly nodes: readonly NodeDef[],
    readonly region: string,
  ) {
    this.zonesAll = list(D['Zone']);
    this.usedDefaults.add('Zone');
    this.regionZones = (REGIONS.rows[region] ?? []).map((l) => `${region}${l}`);
  }

  /** A node's field, or the deployment default (then marked as used). */
  field(node: NodeDef, name: string): unknown {
    if (node.fields[name] !== undefined) return node.fields[name];
    if (this.D[name] !== undefined) this.usedDefaults.add(name);
    return this.D[name];
  }

  byRole(...roles: string[]): NodeDef[] {
    return this.nodes.filter((n) => roles.includes(n.role));
  }

  count(nodes: readonly NodeDef[]): number {
    return nodes.reduce((s, n) => s + (int(n.fields['Count']) ?? 1), 0);
  }

  zoneOf(node: NodeDef, i: number): string | undefined {
    const zones = node.fields['Zone'] !== undefined ? list(node.fields['Zone']) : this.zonesAll;
    const map = list(node.fields['ZoneMap']);
    if (zones.length === 0) return undefined;
    const pick = map.length > 0 ? Number(map[i % map.length]) : (i % zones.length) + 1;
    return Number.isInteger(pick) && pick >= 1 && pick <= zones.length ? zones[pick - 1] : zones[i % zones.length];
  }

  /** A node's instance type when the catalog knows it (else reported, and the preset's is used). */
  catalogType(node: NodeDef, where: string): string | undefined {
    const t = text(this.field(node, 'InstanceType'));
    if (t === undefined) return undefined;
    if (INSTANCE_TYPES.rows[t] === undefined) {
      this.ignored.push(`ignored: ${where}.InstanceType = ${t} (not in refarch's instance catalog: families ${[...new Set(Object.keys(INSTANCE_TYPES.rows).map((k) => k.split('.')[0]))].join(', ')}; the size preset's type is used)`);
      return undefined;
    }
    return t;
  }
}

/** The nodes of definitions.json and the AWS region of defaults.json. */
function readFiles(defaults: unknown, definitions: unknown): IcmReader {
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) throw new ImportFailure('defaults.json must hold a JSON object of ICM fields');
  if (!Array.isArray(definitions)) throw new ImportFailure('definitions.json must hold a JSON array of node definitions');
  const D = defaults as Json;
  const nodes: NodeDef[] = [];
  const errors: string[] = [];
  definitions.forEach((d, index) => {
    if (d === null || typeof d !== 'object' || Array.isArray(d)) {
      errors.push(`definitions.json[${index}] is not an object`);
      return;
    }
    const role = text((d as Json)['Role'])?.toUpperCase();
    if (!role) {
      errors.push(`definitions.json[${index}] has no Role`);
      return;
    }
    nodes.push({ index, role, fields: d as Json });
  });
  // Every bad definition at once.
  if (errors.length > 0) throw new ImportFailure(...(errors as [string, ...string[]]));
  const provider = text(D['Provider']);
  if (provider === undefined) throw new ImportFailure('defaults.json has no Provider; refarch imports AWS configurations only');
  if (provider.toUpperCase() !== 'AWS') throw new ImportFailure(`Provider is "${provider}"; refarch deploys on AWS only, so only Provider "AWS" can be imported`);
  const region = text(D['Region']);
  if (region === undefined) throw new ImportFailure('defaults.json has no Region');
  return new IcmReader(D, nodes, region);
}

interface MirrorSet {
  readonly dm: NodeDef;
  readonly mirrored: boolean;
  readonly primaryZone: string | undefined;
  readonly backupZone: string | undefined;
  readonly asyncs: ReadonlyArray<{ readonly zone: string | undefined }>;
}

/** DM, or one mirror set of DATA nodes, with its MirrorMap. */
function mirrorSet(r: IcmReader): MirrorSet {
  const dataNodes = r.byRole('DM', 'DATA');
  if (dataNodes.length === 0) throw new ImportFailure('definitions.json has no DM (or DATA) node: refarch deploys a database mirror, so there is nothing to map it to');
  if (dataNodes.length > 1) throw new ImportFailure(`definitions.json has ${dataNodes.length} DM/DATA definitions; refarch maps one mirror set`);
  const dm = dataNodes[0]!;
  r.consumed.set(dm, NODE_FIELDS.data!);
  const dmCount = int(dm.fields['Count']) ?? 1;
  const mirrored = bool(r.field(dm, 'Mirror')) ?? false;
  r.usedDefaults.add('Mirror');
  const mirrorMap = mirrored ? (list(dm.fields['MirrorMap']).length > 0 ? list(dm.fields['MirrorMap']) : ['primary', 'backup']) : ['primary'];
  const bad = mirrorMap.find((role) => !['primary', 'backup', 'async'].includes(role.toLowerCase()));
  if (bad) throw new ImportFailure(`${dm.role}.MirrorMap has "${bad}"; ICM mirror roles are primary, backup and async`);
  if (dmCount > mirrorMap.length) {
    throw new ImportFailure(`${dm.role} Count is ${dmCount} with MirrorMap "${mirrorMap.join(',')}": that is ${Math.ceil(dmCount / mirrorMap.length)} mirror sets (a sharded cluster); refarch maps one mirror set`);
  }
  const members = mirrorMap.slice(0, dmCount).map((role, i) => ({ role: role.toLowerCase() as 'primary' | 'backup' | 'async', zone: r.zoneOf(dm, i) }));
  if (!mirrored) r.warnings.push(`Mirror is not true: ICM would deploy ${dmCount} unmirrored ${dm.role} node; refarch always deploys a failover pair (primary + backup) with an arbiter`);
  else if (!members.some((m) => m.role === 'backup')) r.warnings.push(`${dm.role}.MirrorMap has no backup: refarch always deploys a failover pair (primary + backup)`);
  return {
    dm,
    mirrored,
    primaryZone: members.find((m) => m.role === 'primary')?.zone,
    backupZone: members.find((m) => m.role === 'backup')?.zone,
    asyncs: members.filter((m) => m.role === 'async'),
  };
}

interface OtherRoles {
  readonly arbiters: NodeDef[];
  readonly apps: NodeDef[];
  readonly webs: NodeDef[];
  readonly lbs: NodeDef[];
}

/** AR, AM/COMPUTE, WS and LB nodes; any other role has no refarch tier and is reported. */
function otherRoles(r: IcmReader, mirror: MirrorSet): OtherRoles {
  const roles: OtherRoles = { arbiters: r.byRole('AR'), apps: r.byRole('AM', 'COMPUTE'), webs: r.byRole('WS'), lbs: r.byRole('LB') };
  for (const n of roles.arbiters) r.consumed.set(n, NODE_FIELDS.arbiter!);
  for (const n of roles.apps) r.consumed.set(n, NODE_FIELDS.app!);
  for (const n of roles.webs) r.consumed.set(n, NODE_FIELDS.web!);
  for (const n of roles.lbs) r.consumed.set(n, NODE_FIELDS.lb!);
  for (const n of r.nodes) {
    if (!r.consumed.has(n)) {
      r.ignored.push(`ignored: definitions.json[${n.index}] Role ${n.role} × ${int(n.fields['Count']) ?? 1} = ${ROLE_NAMES[n.role] ?? 'unknown role'} (no refarch tier for it)`);
      r.consumed.set(n, Object.keys(n.fields));
    }
  }
  const arbiterCount = r.count(roles.arbiters);
  if (arbiterCount === 0 && mirror.mirrored) r.warnings.push('no AR node: refarch adds the arbiter the reference architecture requires in the third availability zone');
  if (arbiterCount > 1) r.warnings.push(`${arbiterCount} AR nodes: one arbiter serves every mirror; refarch deploys one`);
  return roles;
}

/** Availability zones: primary, backup, arbiter first (refarch's placement order), three at least. */
function availabilityZones(r: IcmReader, mirror: MirrorSet, roles: OtherRoles): string[] {
  const arbiterZone = roles.arbiters[0] ? r.zoneOf(roles.arbiters[0], 0) : undefined;
  const distinct: string[] = [];
  const addZone = (z: string | undefined): void => {
    if (z !== undefined && !distinct.includes(z)) distinct.push(z);
  };
  addZone(mirror.primaryZone);
  if (mirror.backupZone !== undefined && mirror.backupZone === mirror.primaryZone) r.warnings.push(`the mirror backup is in the primary's zone ${mirror.backupZone}; refarch puts the failover members in different zones`);
  addZone(mirror.backupZone);
  if (arbiterZone !== undefined && distinct.includes(arbiterZone)) r.warnings.push(`the arbiter is in ${arbiterZone} with a failover member; refarch puts it in a third zone`);
  addZone(arbiterZone);
  for (const z of r.zonesAll) addZone(z);
  for (const z of r.regionZones) {
    if (distinct.length >= 3) break;
    if (!distinct.includes(z)) {
      r.warnings.push(`added zone ${z} (from the catalog): refarch needs three zones for the failover pair and the arbiter`);
      addZone(z);
    }
  }
  if (distinct.length < 3) throw new ImportFailure(`only ${distinct.length} availability zone(s) known in ${r.region}; refarch needs three (list them in Zone)`);
  return distinct.slice(0, 4);
}

/** The mirror members' volumes (each ICM volume that has any field set). */
function memberVolumes(r: IcmReader, dm: NodeDef): Record<string, Record<string, unknown>> {
  const volumes: Record<string, Record<string, unknown>> = {};
  const presetVolumes: string[] = [];
  for (const [icm, purpose] of ICM_VOLUMES) {
    const size = int(r.field(dm, `${icm}VolumeSize`));
    const type = text(r.field(dm, `${icm}VolumeType`));
    const iops = int(r.field(dm, `${icm}VolumeIOPS`));
    const throughput = int(r.field(dm, `${icm}VolumeThroughput`));
    if (size === undefined && type === undefined && iops === undefined && throughput === undefined) {
      presetVolumes.push(purpose);
      continue;
    }
    const v: Record<string, unknown> = {};
    if (type !== undefined) {
      if (!(type in EBS_VOLUME_TYPES.rows)) {
        r.ignored.push(`ignored: ${dm.role}.${icm}VolumeType = ${type} (not an EBS volume type refarch knows: ${Object.keys(EBS_VOLUME_TYPES.rows).join(', ')})`);
      } else v['type'] = type as EbsType;
    }
    if (size !== undefined) v['sizeGiB'] = size;
    if (iops !== undefined) v['iops'] = iops;
    if (throughput !== undefined) v['throughputMiBps'] = throughput;
    if (Object.keys(v).length > 0) volumes[purpose] = v;
  }
  if (presetVolumes.length > 0 && presetVolumes.length < ICM_VOLUMES.length) {
    r.warnings.push(`no ${presetVolumes.join(', ')} volume in the ICM files: refarch gives every mirror member separate data, journal1, journal2 and wij volumes; these take the size preset's`);
  }
  return volumes;
}

const ICM_PORTS = [
  ['SuperServerPort', 'superserver'],
  ['WebServerPort', 'webserver'],
  ['ISCAgentPort', 'agent'],
] as const;

/** The database section: type, namespace, mirror (arbiter type, VIP), volumes, ports. */
function databaseOf(r: IcmReader, dm: NodeDef, roles: OtherRoles): { database: Record<string, unknown>; dmType: string | undefined; arbiterType: string | undefined } {
  const dmType = r.catalogType(dm, dm.role);
  const arbiterType = roles.arbiters[0] ? r.catalogType(roles.arbiters[0], 'AR') : undefined;
  const volumes = memberVolumes(r, dm);
  const ports: Record<string, number> = {};
  for (const [icm, key] of ICM_PORTS) {
    const p = int(r.field(dm, icm));
    if (p !== undefined) ports[key] = p;
  }
  const namespace = text(r.field(dm, 'Namespace'));
  const namespaces = namespace && /^[A-Za-z][A-Za-z0-9-]{0,30}$/.test(namespace) ? [namespace.toUpperCase()] : undefined;
  if (namespace && !namespaces) r.ignored.push(`ignored: Namespace = ${namespace} (not a namespace name refarch can record)`);
  const database: Record<string, unknown> = {};
  if (dmType) database['instanceType'] = dmType;
  if (namespaces) database['namespaces'] = namespaces;
  database['mirror'] = { ...(arbiterType ? { arbiter: { instanceType: arbiterType } } : {}), vip: 'load-balancer' };
  if (Object.keys(volumes).length > 0) database['volumes'] = volumes;
  if (Object.keys(ports).length > 0) database['ports'] = ports;
  return { database, dmType, arbiterType };
}

/** Web servers behind refarch's load balancer; LoadBalancer on other roles has no counterpart. */
function webEntry(r: IcmReader, dm: NodeDef, roles: OtherRoles): number {
  const webCount = r.count(roles.webs);
  const lbWanted = roles.lbs.length > 0 || roles.webs.some((n) => bool(n.fields['LoadBalancer']) === true);
  for (const n of [...roles.apps, dm]) {
    if (bool(n.fields['LoadBalancer']) === true) {
      r.ignored.push(`ignored: ${n.role}.LoadBalancer = true (refarch's load balancer fronts the web servers; ${n.role === dm.role ? 'clients that are not mirror-aware reach the primary through the mirror VIP' : 'the CSP Gateways reach the application servers'})`);
    }
  }
  if (webCount === 0 && lbWanted) r.warnings.push('a load balancer is asked for but there are no WS nodes: refarch load-balances web servers only, so none is created');
  if (webCount > 0 && !lbWanted) r.warnings.push('the WS nodes have no LoadBalancer: refarch always puts its external load balancer in front of the web servers');
  return webCount;
}

/** ICM's async members become a same-region DR site with no web or app capacity. */
function drOf(r: IcmReader, mirror: MirrorSet): Record<string, unknown> | undefined {
  const { asyncs } = mirror;
  if (asyncs.length === 0) return undefined;
  if (asyncs.length > 4) throw new ImportFailure(`${asyncs.length} async members; refarch takes 1 to 4 per mirror`);
  const drZones: string[] = [];
  for (const a of asyncs) if (a.zone !== undefined && !drZones.includes(a.zone)) drZones.push(a.zone);
  for (const z of [...r.zonesAll, ...r.regionZones]) if (drZones.length < Math.max(2, asyncs.length) && !drZones.includes(z)) drZones.push(z);
  r.warnings.push(
    `ICM's async member${asyncs.length === 1 ? '' : 's'} ${asyncs.length === 1 ? 'is' : 'are'} in ${r.region}, the primary's region; refarch keeps async members in a DR site, here dr.region = ${r.region} (same-region DR: the validator warns), with capacity none so no DR web or app servers are added`,
  );
  return { region: r.region, availabilityZones: drZones.slice(0, 4), asyncMembers: asyncs.length, capacity: 'none' };
}

/** Label, Tag, SystemMode and AMI of defaults.json. */
function deploymentFields(r: IcmReader): { label: string | undefined; tag: string | undefined; tags: Record<string, string>; images: Record<string, string> | undefined } {
  const { D } = r;
  const label = text(D['Label']);
  const tag = text(D['Tag']);
  r.usedDefaults.add('Label');
  r.usedDefaults.add('Tag');
  const tags: Record<string, string> = {};
  if (label) tags['ICMLabel'] = label;
  if (tag) tags['ICMTag'] = tag;
  const systemMode = text(D['SystemMode']);
  if (systemMode) {
    tags['ICMSystemMode'] = systemMode;
    r.usedDefaults.add('SystemMode');
  }
  const ami = text(D['AMI']);
  let images: Record<string, string> | undefined;
  if (ami !== undefined) {
    r.usedDefaults.add('AMI');
    if (/^ami-[0-9a-f]{8,17}$/.test(ami)) images = { [r.region]: ami };
    else r.ignored.push(`ignored: AMI = ${ami} (not an AMI id)`);
  }
  return { label, tag, tags, images };
}

/** Every field of either file that no step read, with the reason. */
function reportUnread(r: IcmReader): void {
  for (const [name, value] of Object.entries(r.D)) {
    if (r.usedDefaults.has(name)) continue;
    if (DEPLOYMENT_FIELDS.includes(name) && value === undefined) continue;
    const overriders = r.nodes.filter((n) => n.fields[name] !== undefined && (r.consumed.get(n) ?? []).includes(name)).map((n) => n.role);
    if (isSecretField(name)) r.ignored.push(`ignored: ${name} = ${shown(name, value)} (secret or key material: never copied)`);
    else if (overriders.length > 0) r.ignored.push(`ignored: ${name} = ${shown(name, value)} (overridden by ${overriders.join(', ')} in definitions.json; no other node reads it)`);
    else r.ignored.push(`ignored: ${name} = ${shown(name, value)} (${reasonFor(name)})`);
  }
  for (const n of r.nodes) {
    const read = r.consumed.get(n) ?? [];
    for (const [name, value] of Object.entries(n.fields)) {
      if (read.includes(name)) continue;
      const where = `${n.role}.${name}`;
      if (isSecretField(name)) r.ignored.push(`ignored: ${where} = ${shown(name, value)} (secret or key material: never copied)`);
      else if (/Port$/.test(name)) r.ignored.push(`ignored: ${where} = ${shown(name, value)} (InterSystems ports are set once for the mirror members, under database.ports)`);
      else r.ignored.push(`ignored: ${where} = ${shown(name, value)} (${reasonFor(name)})`);
    }
  }
}

export function importIcm(defaults: unknown, definitions: unknown): IcmImport {
  let r: IcmReader | undefined;
  try {
    r = readFiles(defaults, definitions);
    const roleCounts: Record<string, number> = {};
    for (const n of r.nodes) roleCounts[n.role] = (roleCounts[n.role] ?? 0) + (int(n.fields['Count']) ?? 1);
    const mirror = mirrorSet(r);
    const roles = otherRoles(r, mirror);
    const zones = availabilityZones(r, mirror, roles);
    const { database, dmType, arbiterType } = databaseOf(r, mirror.dm, roles);
    const appType = roles.apps[0] ? r.catalogType(roles.apps[0], roles.apps[0].role) : undefined;
    const webType = roles.webs[0] ? r.catalogType(roles.webs[0], 'WS') : undefined;
    if (roles.apps.length > 1) r.warnings.push(`${roles.apps.map((a) => a.role).join(' and ')} nodes are all ECP application servers in refarch; counts added, instance type of the first`);
    // instanceFamily takes a preset family only (x2idn, c5, t3... have no type for every size slot).
    const family = [dmType, appType, webType, arbiterType].filter((t): t is string => t !== undefined).map((t) => t.split('.')[0]!).find((f): f is Family => Object.prototype.hasOwnProperty.call(FAMILY_SIZES.rows, f));
    const webCount = webEntry(r, mirror.dm, roles);
    const dr = drOf(r, mirror);
    const { label, tag, tags, images } = deploymentFields(r);
    reportUnread(r);
    const appCount = r.count(roles.apps);
    const spec: Record<string, unknown> = {
      apiVersion: 'refarch/v1',
      name: nameFrom(label, tag),
      profile: 'cache',
      model: 'cloud',
      size: 'small',
      ...(family ? { instanceFamily: family } : {}),
      region: r.region,
      availabilityZones: zones,
      web: { count: webCount, ...(webType && webCount > 0 ? { instanceType: webType } : {}), ...(webCount > 0 ? { loadBalancer: { type: 'application', stickySessions: true } } : {}) },
      app: { count: appCount, ...(appType && appCount > 0 ? { instanceType: appType } : {}) },
      database,
      ...(dr ? { dr } : {}),
      ...(images ? { images } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
    };
    return { spec, ignored: r.ignored, warnings: r.warnings, errors: [], roleCounts };
  } catch (error) {
    if (!(error instanceof ImportFailure)) throw error;
    return { spec: {}, ignored: r?.ignored ?? [], warnings: r?.warnings ?? [], errors: [...error.errors], roleCounts: {} };
  }
}

/** The imported spec as commented YAML. */
export function icmSpecYaml(result: IcmImport, schemaRef: string, sources: { defaults: string; definitions: string }): string {
  const doc = new Document(result.spec);
  const counts = Object.entries(result.roleCounts)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  const header = [
    `# yaml-language-server: $schema=${schemaRef}`,
    '# Imported from an InterSystems Cloud Manager (ICM) configuration by `refarch import-icm`:',
    `#   defaults: ${sources.defaults}`,
    `#   definitions: ${sources.definitions}`,
    `# ICM nodes: ${counts}.`,
    '# Fields with no refarch equivalent were listed on stderr when importing; secrets, licence keys',
    '# and credential or key paths were not copied. Counts, types and volumes not given by ICM come',
    '# from the size preset below. Review, then: refarch validate, refarch plan, refarch diagram.',
  ];
  return `${header.join('\n')}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}
