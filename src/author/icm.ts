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
import { DEFAULTS, EBS_VOLUME_TYPES, INSTANCE_TYPES, REGIONS, type EbsType, type Family } from '../catalog/catalog';

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

export function importIcm(defaults: unknown, definitions: unknown): IcmImport {
  const ignored: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  const fail = (message: string): IcmImport => ({ spec: {}, ignored, warnings, errors: [...errors, message], roleCounts: {} });

  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) return fail('defaults.json must hold a JSON object of ICM fields');
  if (!Array.isArray(definitions)) return fail('definitions.json must hold a JSON array of node definitions');
  const D = defaults as Json;
  const nodes: NodeDef[] = [];
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
  if (errors.length > 0) return fail(errors.pop()!);

  const provider = text(D['Provider']);
  if (provider === undefined) return fail('defaults.json has no Provider; refarch imports AWS configurations only');
  if (provider.toUpperCase() !== 'AWS') return fail(`Provider is "${provider}"; refarch deploys on AWS only, so only Provider "AWS" can be imported`);
  const region = text(D['Region']);
  if (region === undefined) return fail('defaults.json has no Region');

  // Which fields were used, so everything else is reported.
  const usedDefaults = new Set<string>(['Provider', 'Region']);
  const field = (node: NodeDef, name: string): unknown => {
    if (node.fields[name] !== undefined) return node.fields[name];
    if (D[name] !== undefined) usedDefaults.add(name);
    return D[name];
  };

  const roleCounts: Record<string, number> = {};
  for (const n of nodes) roleCounts[n.role] = (roleCounts[n.role] ?? 0) + (int(n.fields['Count']) ?? 1);

  const zonesAll = list(D['Zone']);
  usedDefaults.add('Zone');
  const regionZones = (REGIONS.rows[region] ?? []).map((l) => `${region}${l}`);
  const zoneOf = (node: NodeDef, i: number): string | undefined => {
    const zones = node.fields['Zone'] !== undefined ? list(node.fields['Zone']) : zonesAll;
    const map = list(node.fields['ZoneMap']);
    if (zones.length === 0) return undefined;
    const pick = map.length > 0 ? Number(map[i % map.length]) : (i % zones.length) + 1;
    return Number.isInteger(pick) && pick >= 1 && pick <= zones.length ? zones[pick - 1] : zones[i % zones.length];
  };

  const catalogType = (node: NodeDef, where: string): string | undefined => {
    const t = text(field(node, 'InstanceType'));
    if (t === undefined) return undefined;
    if (INSTANCE_TYPES.rows[t] === undefined) {
      ignored.push(`ignored: ${where}.InstanceType = ${t} (not in refarch's instance catalog: families m4, m5, m6i, m7i, r5, r6i, r7i; the size preset's type is used)`);
      return undefined;
    }
    return t;
  };

  const byRole = (...roles: string[]): NodeDef[] => nodes.filter((n) => roles.includes(n.role));
  const consumed = new Map<NodeDef, readonly string[]>();

  // ---- database: DM, or one mirror set of DATA nodes
  const dataNodes = byRole('DM', 'DATA');
  if (dataNodes.length === 0) return fail('definitions.json has no DM (or DATA) node: refarch deploys a database mirror, so there is nothing to map it to');
  if (dataNodes.length > 1) return fail(`definitions.json has ${dataNodes.length} DM/DATA definitions; refarch maps one mirror set`);
  const dm = dataNodes[0]!;
  consumed.set(dm, NODE_FIELDS.data!);
  const dmCount = int(dm.fields['Count']) ?? 1;
  const mirrored = bool(field(dm, 'Mirror')) ?? false;
  usedDefaults.add('Mirror');
  const mirrorMap = mirrored ? (list(dm.fields['MirrorMap']).length > 0 ? list(dm.fields['MirrorMap']) : ['primary', 'backup']) : ['primary'];
  const bad = mirrorMap.find((r) => !['primary', 'backup', 'async'].includes(r.toLowerCase()));
  if (bad) return fail(`${dm.role}.MirrorMap has "${bad}"; ICM mirror roles are primary, backup and async`);
  if (dmCount > mirrorMap.length) {
    return fail(`${dm.role} Count is ${dmCount} with MirrorMap "${mirrorMap.join(',')}": that is ${Math.ceil(dmCount / mirrorMap.length)} mirror sets (a sharded cluster); refarch maps one mirror set`);
  }
  const members = mirrorMap.slice(0, dmCount).map((r, i) => ({ role: r.toLowerCase() as 'primary' | 'backup' | 'async', zone: zoneOf(dm, i) }));
  if (!mirrored) warnings.push(`Mirror is not true: ICM would deploy ${dmCount} unmirrored ${dm.role} node; refarch always deploys a failover pair (primary + backup) with an arbiter`);
  else if (!members.some((m) => m.role === 'backup')) warnings.push(`${dm.role}.MirrorMap has no backup: refarch always deploys a failover pair (primary + backup)`);
  const primaryZone = members.find((m) => m.role === 'primary')?.zone;
  const backupZone = members.find((m) => m.role === 'backup')?.zone;
  const asyncs = members.filter((m) => m.role === 'async');

  // ---- other roles
  const arbiters = byRole('AR');
  const apps = byRole('AM', 'COMPUTE');
  const webs = byRole('WS');
  const lbs = byRole('LB');
  for (const n of arbiters) consumed.set(n, NODE_FIELDS.arbiter!);
  for (const n of apps) consumed.set(n, NODE_FIELDS.app!);
  for (const n of webs) consumed.set(n, NODE_FIELDS.web!);
  for (const n of lbs) consumed.set(n, NODE_FIELDS.lb!);
  for (const n of nodes) {
    if (!consumed.has(n)) {
      ignored.push(`ignored: definitions.json[${n.index}] Role ${n.role} × ${int(n.fields['Count']) ?? 1} = ${ROLE_NAMES[n.role] ?? 'unknown role'} (no refarch tier for it)`);
      consumed.set(n, Object.keys(n.fields));
    }
  }
  const arbiterCount = arbiters.reduce((s, n) => s + (int(n.fields['Count']) ?? 1), 0);
  if (arbiterCount === 0 && mirrored) warnings.push('no AR node: refarch adds the arbiter the reference architecture requires in the third availability zone');
  if (arbiterCount > 1) warnings.push(`${arbiterCount} AR nodes: one arbiter serves every mirror; refarch deploys one`);
  const arbiterZone = arbiters[0] ? zoneOf(arbiters[0], 0) : undefined;

  // ---- availability zones: primary, backup, arbiter first (refarch's placement order)
  const distinct: string[] = [];
  const addZone = (z: string | undefined): void => {
    if (z !== undefined && !distinct.includes(z)) distinct.push(z);
  };
  addZone(primaryZone);
  if (backupZone !== undefined && backupZone === primaryZone) warnings.push(`the mirror backup is in the primary's zone ${backupZone}; refarch puts the failover members in different zones`);
  addZone(backupZone);
  if (arbiterZone !== undefined && distinct.includes(arbiterZone)) warnings.push(`the arbiter is in ${arbiterZone} with a failover member; refarch puts it in a third zone`);
  addZone(arbiterZone);
  for (const z of zonesAll) addZone(z);
  for (const z of regionZones) {
    if (distinct.length >= 3) break;
    if (!distinct.includes(z)) {
      warnings.push(`added zone ${z} (from the catalog): refarch needs three zones for the failover pair and the arbiter`);
      addZone(z);
    }
  }
  if (distinct.length < 3) return fail(`only ${distinct.length} availability zone(s) known in ${region}; refarch needs three (list them in Zone)`);
  const availabilityZones = distinct.slice(0, 4);

  // ---- instance types and family
  const dmType = catalogType(dm, dm.role);
  const appType = apps[0] ? catalogType(apps[0], apps[0].role) : undefined;
  const webType = webs[0] ? catalogType(webs[0], 'WS') : undefined;
  const arbiterType = arbiters[0] ? catalogType(arbiters[0], 'AR') : undefined;
  if (apps.length > 1) warnings.push(`${apps.map((a) => a.role).join(' and ')} nodes are all ECP application servers in refarch; counts added, instance type of the first`);
  const families = [dmType, appType, webType, arbiterType].filter((t): t is string => t !== undefined).map((t) => t.split('.')[0] as Family);
  const family = families[0];

  // ---- volumes and ports of the mirror members
  const volumes: Record<string, Record<string, unknown>> = {};
  const presetVolumes: string[] = [];
  for (const [icm, purpose] of ICM_VOLUMES) {
    const size = int(field(dm, `${icm}VolumeSize`));
    const type = text(field(dm, `${icm}VolumeType`));
    const iops = int(field(dm, `${icm}VolumeIOPS`));
    const throughput = int(field(dm, `${icm}VolumeThroughput`));
    if (size === undefined && type === undefined && iops === undefined && throughput === undefined) {
      presetVolumes.push(purpose);
      continue;
    }
    const v: Record<string, unknown> = {};
    if (type !== undefined) {
      if (!(type in EBS_VOLUME_TYPES.rows)) {
        ignored.push(`ignored: ${dm.role}.${icm}VolumeType = ${type} (not an EBS volume type refarch knows: ${Object.keys(EBS_VOLUME_TYPES.rows).join(', ')})`);
      } else v['type'] = type as EbsType;
    }
    if (size !== undefined) v['sizeGiB'] = size;
    if (iops !== undefined) v['iops'] = iops;
    if (throughput !== undefined) v['throughputMiBps'] = throughput;
    if (Object.keys(v).length > 0) volumes[purpose] = v;
  }
  if (presetVolumes.length > 0 && presetVolumes.length < ICM_VOLUMES.length) {
    warnings.push(`no ${presetVolumes.join(', ')} volume in the ICM files: refarch gives every mirror member separate data, journal1, journal2 and wij volumes; these take the size preset's`);
  }
  const ports: Record<string, number> = {};
  const portMap = [
    ['SuperServerPort', 'superserver'],
    ['WebServerPort', 'webserver'],
    ['ISCAgentPort', 'agent'],
  ] as const;
  for (const [icm, key] of portMap) {
    const p = int(field(dm, icm));
    if (p !== undefined) ports[key] = p;
  }
  const namespace = text(field(dm, 'Namespace'));
  const namespaces = namespace && /^[A-Za-z][A-Za-z0-9-]{0,30}$/.test(namespace) ? [namespace.toUpperCase()] : undefined;
  if (namespace && !namespaces) ignored.push(`ignored: Namespace = ${namespace} (not a namespace name refarch can record)`);

  // ---- web entry
  const webCount = webs.reduce((s, n) => s + (int(n.fields['Count']) ?? 1), 0);
  const lbWanted = lbs.length > 0 || webs.some((n) => bool(n.fields['LoadBalancer']) === true);
  for (const n of [...apps, dm]) {
    if (bool(n.fields['LoadBalancer']) === true) {
      ignored.push(`ignored: ${n.role}.LoadBalancer = true (refarch's load balancer fronts the web servers; ${n.role === dm.role ? 'clients that are not mirror-aware reach the primary through the mirror VIP' : 'the CSP Gateways reach the application servers'})`);
    }
  }
  if (webCount === 0 && lbWanted) warnings.push('a load balancer is asked for but there are no WS nodes: refarch load-balances web servers only, so none is created');
  if (webCount > 0 && !lbWanted) warnings.push('the WS nodes have no LoadBalancer: refarch always puts its external load balancer in front of the web servers');

  // ---- DR: ICM's async members
  let dr: Record<string, unknown> | undefined;
  if (asyncs.length > 0) {
    if (asyncs.length > 4) return fail(`${asyncs.length} async members; refarch takes 1 to 4 per mirror`);
    const drZones: string[] = [];
    for (const a of asyncs) if (a.zone !== undefined && !drZones.includes(a.zone)) drZones.push(a.zone);
    for (const z of [...zonesAll, ...regionZones]) if (drZones.length < Math.max(2, asyncs.length) && !drZones.includes(z)) drZones.push(z);
    warnings.push(
      `ICM's async member${asyncs.length === 1 ? '' : 's'} ${asyncs.length === 1 ? 'is' : 'are'} in ${region}, the primary's region; refarch keeps async members in a DR site, here dr.region = ${region} (same-region DR: the validator warns), with capacity none so no DR web or app servers are added`,
    );
    dr = { region, availabilityZones: drZones.slice(0, 4), asyncMembers: asyncs.length, capacity: 'none' };
  }

  // ---- deployment-level fields
  const label = text(D['Label']);
  const tag = text(D['Tag']);
  usedDefaults.add('Label');
  usedDefaults.add('Tag');
  const tags: Record<string, string> = {};
  if (label) tags['ICMLabel'] = label;
  if (tag) tags['ICMTag'] = tag;
  const systemMode = text(D['SystemMode']);
  if (systemMode) {
    tags['ICMSystemMode'] = systemMode;
    usedDefaults.add('SystemMode');
  }
  const ami = text(D['AMI']);
  let images: Record<string, string> | undefined;
  if (ami !== undefined) {
    usedDefaults.add('AMI');
    if (/^ami-[0-9a-f]{8,17}$/.test(ami)) images = { [region]: ami };
    else ignored.push(`ignored: AMI = ${ami} (not an AMI id)`);
  }

  // ---- report every field that was not used
  for (const [name, value] of Object.entries(D)) {
    if (usedDefaults.has(name)) continue;
    if (DEPLOYMENT_FIELDS.includes(name) && value === undefined) continue;
    const overriders = nodes.filter((n) => n.fields[name] !== undefined && (consumed.get(n) ?? []).includes(name)).map((n) => n.role);
    if (isSecretField(name)) ignored.push(`ignored: ${name} = ${shown(name, value)} (secret or key material: never copied)`);
    else if (overriders.length > 0) ignored.push(`ignored: ${name} = ${shown(name, value)} (overridden by ${overriders.join(', ')} in definitions.json; no other node reads it)`);
    else ignored.push(`ignored: ${name} = ${shown(name, value)} (${reasonFor(name)})`);
  }
  for (const n of nodes) {
    const read = consumed.get(n) ?? [];
    for (const [name, value] of Object.entries(n.fields)) {
      if (read.includes(name)) continue;
      const where = `${n.role}.${name}`;
      if (isSecretField(name)) ignored.push(`ignored: ${where} = ${shown(name, value)} (secret or key material: never copied)`);
      else if (/Port$/.test(name)) ignored.push(`ignored: ${where} = ${shown(name, value)} (InterSystems ports are set once for the mirror members, under database.ports)`);
      else ignored.push(`ignored: ${where} = ${shown(name, value)} (${reasonFor(name)})`);
    }
  }

  // ---- the spec
  const appCount = apps.reduce((s, n) => s + (int(n.fields['Count']) ?? 1), 0);
  const database: Record<string, unknown> = {};
  if (dmType) database['instanceType'] = dmType;
  if (namespaces) database['namespaces'] = namespaces;
  database['mirror'] = { ...(arbiterType ? { arbiter: { instanceType: arbiterType } } : {}), vip: 'load-balancer' };
  if (Object.keys(volumes).length > 0) database['volumes'] = volumes;
  if (Object.keys(ports).length > 0) database['ports'] = ports;
  const spec: Record<string, unknown> = {
    apiVersion: 'refarch/v1',
    name: nameFrom(label, tag),
    profile: 'cache',
    model: 'cloud',
    size: 'small',
    ...(family ? { instanceFamily: family } : {}),
    region,
    availabilityZones,
    web: { count: webCount, ...(webType && webCount > 0 ? { instanceType: webType } : {}), ...(webCount > 0 ? { loadBalancer: { type: 'application', stickySessions: true } } : {}) },
    app: { count: appCount, ...(appType && appCount > 0 ? { instanceType: appType } : {}) },
    database,
    ...(dr ? { dr } : {}),
    ...(images ? { images } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  };
  return { spec, ignored, warnings, errors, roleCounts };
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
