// resolve: raw spec (already schema-valid) + profile and size presets + instanceFamily = one fully
// explicit DeploymentModel. Every default of the product is decided here and nowhere else. The
// function is total on schema-valid input: semantic problems (an unknown instance type, a missing
// onPremises block) are left for src/validate/rules to report against the model.
import { plainRecord } from '../util/record';
import {
  DEFAULTS,
  SUBNET_ADDRESSES,
  EBS_VOLUME_TYPES,
  FAMILY_SIZES,
  IRIS_DAY_ONE,
  PORTS,
  PRESETS,
  type EbsType,
  type Family,
  type Profile,
  type SizePreset,
  type SizeSlot,
  type VolumePurpose,
} from '../catalog/catalog';
import { nextSmallerInFamily } from '../catalog/instance-lookup';
import { LANDING_ZONE } from '../catalog/landing-zone';
import type {
  AccountModel,
  MonitoringModel,
  DeploymentModel,
  EgressModel,
  ExistingSubnetModel,
  SiteNetworkModel,
  DnsModel,
  DnsTarget,
  DrCapacity,
  ImageModel,
  InstanceModel,
  MirrorModel,
  PortsModel,
  SiteModel,
  SoftwareModel,
  SiteRole,
  SpecPath,
  StateModel,
  SubnetModel,
  SubnetTier,
  Tier,
  VolumeModel,
  WebLoadBalancerModel,
} from '../model/model';
import type { RawSpec, RawVolume, RawVolumes } from '../spec/types';
import { formatCidr, parseCidr, subnetAt } from '../util/cidr';
import { fnv1a } from '../util/hash';
import { addressesNeeded, subnetDemands } from '../model/addresses';
import { entryHealthAlarmName, instanceHostName, irisMirrorName, privateZoneName, vipHostName, webLoadBalancerName } from './naming';

const D = DEFAULTS.rows;
const LZ = LANDING_ZONE.rows;
const SUBNET_TIERS: readonly SubnetTier[] = ['public', 'web', 'app', 'data'];
/** Subnet slots per tier: the VPC is cut into 16 equal blocks, tier-major, so up to 4 AZs fit. */
const AZ_SLOTS = 4;
const SUBNET_PREFIX_DELTA = 4;
const VOLUME_PURPOSES: readonly VolumePurpose[] = ['data', 'journal1', 'journal2', 'wij'];
const SLOT_ORDER: readonly SizeSlot[] = ['large', 'xlarge', '2xlarge', '4xlarge', '10xlarge', '16xlarge'];

/** The mirror set name of single-mirror profiles. */
export const PROFILE_MIRROR_NAME: Readonly<Record<Exclude<Profile, 'healthshare'>, string>> = {
  trakcare: 'trakcare',
  cache: 'main',
};

export function instanceTypeFor(family: Family, slot: SizeSlot): string {
  return `${family}.${FAMILY_SIZES.rows[family][slot]}`;
}

/** One size slot smaller (DR reduced capacity), never below large. */
function smallerSlot(slot: SizeSlot): SizeSlot {
  const i = SLOT_ORDER.indexOf(slot);
  return SLOT_ORDER[Math.max(0, i - 1)]!;
}

/** How zones get their slots: by name (the default), or by list position (refarch 0.1's layout, network.zoneOrder: as-listed). */
export type ZoneOrder = 'by-name' | 'as-listed';

/**
 * The zones of a site in slot order: distinct, at most AZ_SLOTS, sorted by name (code-unit order,
 * never the locale's) unless `order` is as-listed. A zone's slot decides its subnets' keys and CIDR
 * blocks and where front-tier servers go, so by name, reordering `availabilityZones` moves
 * nothing. Sorted rather than by letter (a = 1st block): a deployment applied when slots followed
 * the list order, with its zones listed in name order ([b, c] included), keeps every subnet; one
 * listed otherwise keeps its layout with as-listed. A zone added that sorts after the others takes
 * a new slot; one that sorts before them shifts the later zones' blocks (their subnets are
 * replaced, and `refarch diff` says so).
 */
export function zoneSlots(azs: readonly string[], order: ZoneOrder): string[] {
  const distinct = [...new Set(azs)];
  return (order === 'as-listed' ? distinct : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).slice(0, AZ_SLOTS);
}

/** Subnets of a VPC: 16 equal blocks, block index = tier * 4 + zone slot (zoneSlots). */
export function subnetsFor(vpcCidr: string, azs: readonly string[], order: ZoneOrder): SubnetModel[] {
  const vpc = parseCidr(vpcCidr);
  if (vpc === undefined) return [];
  const prefix = vpc.prefix + SUBNET_PREFIX_DELTA;
  const out: SubnetModel[] = [];
  SUBNET_TIERS.forEach((tier, tierIndex) => {
    zoneSlots(azs, order).forEach((az, azIndex) => {
      out.push({ key: `${tier}_${azIndex + 1}`, tier, az, azIndex, cidr: formatCidr(subnetAt(vpc, prefix, tierIndex * AZ_SLOTS + azIndex)), existing: undefined });
    });
  });
  return out;
}

type RawSubnetIds = NonNullable<NonNullable<RawSpec['network']>['subnetIds']>;

/**
 * Existing subnets (network.subnetIds / dr.subnetIds): the spec lists one per zone in
 * availabilityZones order; each takes the key and slot of its zone (the same slots as a created
 * VPC's subnets), and keeps its list position for diagnostics.
 */
function existingSubnets(subnetIds: RawSubnetIds, azs: readonly string[], order: ZoneOrder, basePath: SpecPath): SubnetModel[] {
  const slots = zoneSlots(azs, order);
  const out: SubnetModel[] = [];
  for (const tier of SUBNET_TIERS) {
    const ids = subnetIds[tier] ?? [];
    azs.forEach((az, position) => {
      const id = ids[position];
      const slot = slots.indexOf(az);
      if (id === undefined || slot < 0) return;
      out.push({ key: `${tier}_${slot + 1}`, tier, az, azIndex: slot, cidr: '', existing: { id, specPath: [...basePath, 'subnetIds', tier, position] } });
    });
  }
  return out.sort((a, b) => SUBNET_TIERS.indexOf(a.tier) - SUBNET_TIERS.indexOf(b.tier) || a.azIndex - b.azIndex);
}

/** A site's own part of the spec that says where its network is: network (primary) or dr. */
interface RawSiteNetwork {
  readonly vpcId?: string;
  readonly subnetIds?: RawSubnetIds;
}

/** 0-based slots of the zones a site has subnets in. */
function zoneIndexes(azs: readonly string[], order: ZoneOrder): number[] {
  return zoneSlots(azs, order).map((_, i) => i);
}

/** Data subnets' CIDRs of a VPC (what the other site admits on mirror ports); an existing VPC's whole CIDR (its subnets are the network team's). */
function dataSubnetCidrs(vpcCidr: string, azs: readonly string[], order: ZoneOrder, existing: boolean): string[] {
  if (existing) return [vpcCidr];
  return subnetsFor(vpcCidr, azs, order)
    .filter((s) => s.tier === 'data')
    .map((s) => s.cidr);
}

function volume(
  purpose: string,
  raw: RawVolume | undefined,
  preset: { type: EbsType; sizeGiB: number; iops?: number; throughputMiBps?: number },
  deviceName: string,
  mountRoot: string,
  specPath: SpecPath,
): VolumeModel {
  // An explicit type that differs from the preset's starts from a clean slate: preset IOPS of an
  // io1 volume mean nothing for a gp2 one.
  const type = raw?.type ?? preset.type;
  const base = type === preset.type ? preset : { type, sizeGiB: preset.sizeGiB };
  const limits = EBS_VOLUME_TYPES.rows[type];
  const iops = limits.iops ? (raw?.iops ?? base.iops ?? limits.included?.iops ?? limits.iops.min) : raw?.iops;
  const throughputMiBps = limits.throughput ? (raw?.throughputMiBps ?? base.throughputMiBps ?? limits.included?.throughputMiBps ?? limits.throughput.min) : raw?.throughputMiBps;
  return {
    purpose,
    type,
    sizeGiB: raw?.sizeGiB ?? base.sizeGiB,
    iops,
    throughputMiBps,
    deviceName,
    mountPoint: `${mountRoot}/${purpose}`,
    specPath,
  };
}

// The schema allows at most 8 extra volumes, and the catalog names 4 + 8 device names (a test keeps
// the two in step), so every volume has a device name.
function volumesFor(raw: RawVolumes | undefined, preset: Record<VolumePurpose, { type: EbsType; sizeGiB: number; iops?: number }>, mountRoot: string, basePath: SpecPath): VolumeModel[] {
  const out = VOLUME_PURPOSES.map((purpose, i) => volume(purpose, raw?.[purpose], preset[purpose], D.deviceNames[i]!, mountRoot, [...basePath, purpose]));
  (raw?.extra ?? []).forEach((extra, i) => {
    out.push(volume(extra.name, extra, { type: extra.type, sizeGiB: extra.sizeGiB }, D.deviceNames[VOLUME_PURPOSES.length + i]!, mountRoot, [...basePath, 'extra', i]));
  });
  return out;
}

interface MirrorSetPlan {
  readonly name: string;
  readonly instanceType: string;
  readonly instanceTypePath: SpecPath;
  readonly volumes: VolumeModel[];
}

/**
 * What every step below reads: the spec and the choices made once from it (profile, deployment
 * model, size preset, instance family, ports, the mirror sets, the web load balancer).
 */
interface Basis extends Pick<DeploymentModel, 'profile' | 'topology' | 'size' | 'instanceFamily' | 'ports' | 'mountRoot'> {
  readonly spec: RawSpec;
  readonly preset: (typeof PRESETS.rows)[Profile][SizePreset];
  readonly mirrorPlans: readonly MirrorSetPlan[];
  readonly namespaces: readonly string[];
  readonly vipWanted: boolean;
  readonly zmirrorCallout: boolean;
  readonly loadBalancer: WebLoadBalancerModel;
  readonly natMode: 'per-az' | 'single';
  readonly zoneOrder: ZoneOrder;
}

function portsOf(spec: RawSpec): PortsModel {
  return {
    superserver: spec.database?.ports?.superserver ?? PORTS.rows.superserver,
    webserver: spec.database?.ports?.webserver ?? PORTS.rows.webserver,
    agent: spec.database?.ports?.agent ?? PORTS.rows.agent,
    https: PORTS.rows.https,
    http: PORTS.rows.http,
  };
}

/** The mirror sets: one per HealthShare product, else the profile's one mirror. */
function mirrorPlansOf(spec: RawSpec, profile: Profile, family: Family, preset: Basis['preset'], mountRoot: string): MirrorSetPlan[] {
  const databaseType = spec.database?.instanceType ?? instanceTypeFor(family, preset.database);
  const databaseTypePath: SpecPath = spec.database?.instanceType ? ['database', 'instanceType'] : ['size'];
  if (profile === 'healthshare') {
    return (spec.products ?? []).map((product, i) => ({
      name: product.name,
      instanceType: product.instanceType ?? databaseType,
      instanceTypePath: product.instanceType ? ['products', i, 'instanceType'] : databaseTypePath,
      volumes: volumesFor(product.volumes ?? spec.database?.volumes, preset.volumes, mountRoot, product.volumes ? ['products', i, 'volumes'] : ['database', 'volumes']),
    }));
  }
  return [{ name: PROFILE_MIRROR_NAME[profile], instanceType: databaseType, instanceTypePath: databaseTypePath, volumes: volumesFor(spec.database?.volumes, preset.volumes, mountRoot, ['database', 'volumes']) }];
}

function webLoadBalancerOf(spec: RawSpec, ports: PortsModel): WebLoadBalancerModel {
  const type = spec.web?.loadBalancer?.type ?? (D.loadBalancerType as 'application');
  return {
    type,
    listeners: [
      { protocol: 'HTTPS', port: ports.https, action: 'forward' },
      // A Classic ELB cannot redirect, and a plain HTTP listener would serve the application unencrypted.
      ...(type === 'application' ? [{ protocol: 'HTTP', port: ports.http, action: 'redirect' } as const] : []),
    ],
    certificateArn: spec.web?.loadBalancer?.certificateArn,
    scheme: spec.web?.loadBalancer?.scheme ?? LZ.defaults.scheme,
    stickySessions: spec.web?.loadBalancer?.stickySessions ?? D.stickySessions,
    healthCheckPath: spec.web?.loadBalancer?.healthCheckPath ?? D.webHealthCheckPath,
  };
}

function basisOf(spec: RawSpec): Basis {
  const profile = spec.profile;
  const size = spec.size ?? (D.size as SizePreset);
  const family = spec.instanceFamily ?? (D.instanceFamily as Family);
  const preset = PRESETS.rows[profile][size];
  const mountRoot = D.mountRoot[profile];
  const ports = portsOf(spec);
  const vipWanted = (spec.database?.mirror?.vip ?? D.vip) === 'load-balancer';
  return {
    spec,
    profile,
    topology: spec.model ?? (D.model as 'cloud'),
    size,
    instanceFamily: family,
    preset,
    mountRoot,
    ports,
    mirrorPlans: mirrorPlansOf(spec, profile, family, preset, mountRoot),
    namespaces: spec.database?.namespaces ?? [...D.namespaces],
    vipWanted,
    zmirrorCallout: vipWanted && (spec.database?.mirror?.zmirrorCallout ?? D.zmirrorCallout),
    loadBalancer: webLoadBalancerOf(spec, ports),
    natMode: spec.network?.natGateways ?? (D.natGateways as 'per-az'),
    zoneOrder: spec.network?.zoneOrder ?? (D.zoneOrder as ZoneOrder),
  };
}

function imageFor(spec: RawSpec, region: string): ImageModel {
  const raw = spec.images?.[region];
  if (raw === undefined) return { kind: 'ssm', parameter: D.imageSsmParameter };
  return typeof raw === 'string' ? { kind: 'ami', id: raw } : { kind: 'ssm', parameter: raw.ssmParameter };
}

interface InstancePlacement {
  readonly site: SiteRole;
  readonly key: string;
  readonly tier: Tier;
  readonly instanceType: string;
  /** The site's zones (any order). */
  readonly azs: readonly string[];
  /** The zone the server runs in (one of azs; '' only in a spec that validation rejects). */
  readonly az: string;
  readonly zoneOrder: ZoneOrder;
  readonly specPath: SpecPath;
  readonly volumes?: readonly VolumeModel[];
  readonly mirror?: string;
  readonly mirrorRole?: InstanceModel['mirrorRole'];
}

function instance(spec: RawSpec, p: InstancePlacement): InstanceModel {
  const subnetTier: SubnetTier = p.tier === 'web' ? 'web' : p.tier === 'app' || p.tier === 'print' ? 'app' : 'data';
  const index = Math.max(0, zoneSlots(p.azs, p.zoneOrder).indexOf(p.az));
  return {
    key: p.key,
    name: `${spec.name}-${p.site === 'primary' ? '' : 'dr-'}${p.key.replace(/_/g, '-')}`,
    tier: p.tier,
    instanceType: p.instanceType,
    az: p.az,
    azIndex: index,
    subnetKey: `${subnetTier}_${index + 1}`,
    rootVolume: { ...D.rootVolume },
    volumes: p.volumes ?? [],
    mirror: p.mirror,
    mirrorRole: p.mirrorRole,
    hostName: instanceHostName(p.key, privateZoneName(spec.name, p.site)),
    specPath: p.specPath,
  };
}

/** The n-th (0-based) server of a tier spread over the site's zones in slot order, wrapping around. */
function spreadZone(azs: readonly string[], n: number, order: ZoneOrder): string {
  const slots = zoneSlots(azs, order);
  return slots[n % Math.max(1, slots.length)] ?? '';
}

/** The zone at a position of the spec's list (failover pair: 0 and 1, arbiter: 2), wrapping around like before. */
function listedZone(azs: readonly string[], position: number): string {
  const listed = [...new Set(azs)].slice(0, AZ_SLOTS);
  return listed[position % Math.max(1, listed.length)] ?? '';
}

/** Web, application and print servers of a site: all of them, half (one size smaller), or none. */
function frontTiers(b: Basis, site: SiteRole, azs: readonly string[], capacity: DrCapacity): InstanceModel[] {
  const { spec, profile, preset, instanceFamily: family } = b;
  const out: InstanceModel[] = [];
  for (const tier of ['web', 'app', 'print'] as const) {
    const fullCount = tier === 'print' && profile !== 'trakcare' ? (spec.print?.count ?? 0) : (spec[tier]?.count ?? preset[tier].count);
    const count = capacity === 'full' ? fullCount : capacity === 'none' ? 0 : Math.ceil(fullCount / 2);
    const explicitType = spec[tier]?.instanceType;
    const slot = preset[tier].slot;
    const type = capacity === 'reduced' ? (explicitType ? smallerTypeOf(explicitType) : instanceTypeFor(family, smallerSlot(slot))) : (explicitType ?? instanceTypeFor(family, slot));
    const specPath: SpecPath = capacity === 'full' ? (explicitType ? [tier, 'instanceType'] : ['size']) : ['dr', 'capacity'];
    for (let i = 1; i <= count; i++) out.push(instance(spec, { site, key: `${tier}_${i}`, tier, instanceType: type, azs, az: spreadZone(azs, i - 1, b.zoneOrder), zoneOrder: b.zoneOrder, specPath }));
  }
  return out;
}

interface SiteParts {
  readonly role: SiteRole;
  readonly region: string;
  readonly azs: readonly string[];
  readonly vpcCidr: string;
  readonly capacity: DrCapacity;
  readonly instances: InstanceModel[];
  readonly mirrors: MirrorModel[];
  readonly remoteMirrorCidrs: string[];
  readonly raw: RawSiteNetwork | undefined;
  /** Spec path of the site's network part: ['network'] or ['dr']. */
  readonly rawPath: SpecPath;
  readonly account: AccountModel | undefined;
}

function egressOf(b: Basis): EgressModel {
  const kind = b.spec.network?.egress ?? LZ.defaults.egress;
  const create = (b.spec.network?.endpoints ?? LZ.defaults.endpoints) === 'create';
  // Without an internet route every AWS API the instances call needs an endpoint.
  const noEgress = kind === 'none' ? [...LZ.noEgressInterfaceEndpoints, ...(b.zmirrorCallout ? [LZ.zmirrorCalloutEndpoint] : [])] : [];
  return { kind, interfaceEndpoints: create ? [...SUBNET_ADDRESSES.rows.ssmEndpointServices, ...noEgress] : [], s3GatewayEndpoint: create };
}

function accountOf(raw: { id: string; roleArn?: string } | undefined): AccountModel | undefined {
  return raw === undefined ? undefined : { id: raw.id, roleArn: raw.roleArn };
}

/** The subnets of a site: cut from a VPC refarch creates (public ones only where something needs them), or the existing ones. */
function siteSubnets(b: Basis, p: SiteParts, egress: EgressModel, hasWeb: boolean): SubnetModel[] {
  if (p.raw?.vpcId !== undefined && p.raw.subnetIds !== undefined) return existingSubnets(p.raw.subnetIds, p.azs, b.zoneOrder, p.rawPath);
  // Public subnets hold NAT gateways and an internet-facing load balancer, nothing else.
  const needsPublic = egress.kind === 'nat' || (hasWeb && b.loadBalancer.scheme === 'internet-facing');
  return subnetsFor(p.vpcCidr, p.azs, b.zoneOrder).filter((s) => needsPublic || s.tier !== 'public');
}

/** Existing subnets once per id, with every tier placed in each and the free addresses they need. */
function existingNetwork(b: Basis, p: SiteParts, site: SiteModel): SiteNetworkModel {
  if (p.raw?.vpcId === undefined || p.raw.subnetIds === undefined) return { kind: 'created' };
  const demands = subnetDemands(site, b.spec.backup?.method ?? (D.backupMethod as 'snapshot'));
  const byId = new Map<string, { first: SubnetModel; tiers: SubnetTier[]; need: number }>();
  for (const [subnet, demand] of demands) {
    if (subnet.existing === undefined) continue;
    const entry = byId.get(subnet.existing.id) ?? { first: subnet, tiers: [], need: 0 };
    entry.tiers.push(subnet.tier);
    entry.need += addressesNeeded(demand);
    byId.set(subnet.existing.id, entry);
  }
  const subnets: ExistingSubnetModel[] = [...byId.entries()].map(([id, e]) => ({
    id,
    az: e.first.az,
    azIndex: e.first.azIndex,
    tiers: e.tiers,
    specPath: e.first.existing!.specPath,
    freeAddressesNeeded: e.need,
  }));
  return { kind: 'existing', vpcId: p.raw.vpcId, vpcIdPath: [...p.rawPath, 'vpcId'], vpcCidrPath: [...p.rawPath, 'vpcCidr'], subnets };
}

function site(b: Basis, p: SiteParts): SiteModel {
  const egress = egressOf(b);
  const hasWeb = p.instances.some((i) => i.tier === 'web');
  const nat = egress.kind === 'nat';
  const base: SiteModel = {
    role: p.role,
    stackId: p.role,
    region: p.region,
    azs: zoneSlots(p.azs, b.zoneOrder),
    vpcCidr: p.vpcCidr,
    network: { kind: 'created' },
    egress,
    account: p.account,
    subnets: siteSubnets(b, p, egress, hasWeb),
    natGateways: b.natMode,
    natGatewayAzIndexes: !nat ? [] : b.natMode === 'per-az' ? zoneIndexes(p.azs, b.zoneOrder) : zoneIndexes(p.azs, b.zoneOrder).slice(0, 1),
    image: imageFor(b.spec, p.region),
    instances: p.instances,
    mirrors: p.mirrors,
    webLoadBalancer: hasWeb ? b.loadBalancer : undefined,
    remoteMirrorCidrs: p.remoteMirrorCidrs,
    capacity: p.capacity,
    vpn: undefined,
    privateZone: { name: privateZoneName(b.spec.name, p.role) },
  };
  return { ...base, network: existingNetwork(b, p, base) };
}

const mirrorKey = (mirror: string, role: string): string => `db_${mirror.replace(/-/g, '_')}_${role}`;

/** Names configuration addresses a mirror by, as seen from a site: its IRIS name, VIP, primary member and arbiter. */
function mirrorHosts(b: Basis, site: SiteRole, mirror: string, designatedPrimaryKey: string): Pick<MirrorModel, 'irisName' | 'vipHostName' | 'primaryHostName' | 'arbiterHostName'> {
  const { spec } = b;
  const primaryZone = privateZoneName(spec.name, 'primary');
  const cloud = b.topology === 'cloud';
  return {
    irisName: irisMirrorName(mirror),
    vipHostName: b.vipWanted ? vipHostName(mirror, privateZoneName(spec.name, site)) : undefined,
    primaryHostName: cloud ? instanceHostName(designatedPrimaryKey, primaryZone) : spec.onPremises?.primaryHost,
    arbiterHostName: cloud ? instanceHostName('arbiter', primaryZone) : undefined,
  };
}

/**
 * The failover pair's zones (the first two listed), in key order (by name: `primary` key first;
 * as-listed: the first listed, as refarch 0.1 did), and whether the designated primary (first
 * listed zone) is the `backup`-keyed member.
 */
function failoverPair(azs: readonly string[], order: ZoneOrder): { readonly memberZones: readonly [string, string]; readonly swapped: boolean } {
  const listed = [listedZone(azs, 0), listedZone(azs, 1)] as const;
  const swapped = order === 'by-name' && listed[1] < listed[0];
  return { memberZones: swapped ? [listed[1], listed[0]] : listed, swapped };
}

/** Key of the member designated primary at day one (in the first listed zone of the primary site). */
function designatedPrimaryKey(b: Basis, mirror: string): string {
  return mirrorKey(mirror, failoverPair(b.spec.availabilityZones ?? [], b.zoneOrder).swapped ? 'backup' : 'primary');
}

/** The primary site (cloud model only): front tiers, a failover pair per mirror set, the arbiter. */
function primarySite(b: Basis): SiteModel | undefined {
  const { spec } = b;
  if (b.topology !== 'cloud' || spec.region === undefined) return undefined;
  const azs = spec.availabilityZones ?? [];
  const instances = frontTiers(b, 'primary', azs, 'full');
  // The failover pair runs in the first two listed zones; the arbiter in the third. The two
  // members' keys (their addresses, names and host names) follow the zones, not the list order:
  // `..._primary` is the member in the pair zone that sorts first, `..._backup` the other. Which
  // of them starts as primary is a day-one designation (mirrorRole, MirrorModel.primaryKey): the
  // member in the first listed zone. Swapping the first two zones therefore moves no instance and
  // no volume; only the designation in the day-one files changes (after any failover IRIS's own
  // view differs from it anyway).
  const pair = failoverPair(azs, b.zoneOrder);
  const mirrors: MirrorModel[] = b.mirrorPlans.map((plan) => {
    const keys = [mirrorKey(plan.name, 'primary'), mirrorKey(plan.name, 'backup')] as const;
    const designated = pair.swapped ? ([keys[1], keys[0]] as const) : keys;
    const member = { site: 'primary', tier: 'database', instanceType: plan.instanceType, azs, zoneOrder: b.zoneOrder, specPath: plan.instanceTypePath, volumes: plan.volumes, mirror: plan.name } as const;
    keys.forEach((key, i) => instances.push(instance(spec, { ...member, key, az: pair.memberZones[i]!, mirrorRole: key === designated[0] ? 'primary' : 'backup' })));
    return {
      name: plan.name,
      namespaces: b.namespaces,
      primaryKey: designated[0],
      backupKey: designated[1],
      asyncKeys: [],
      vip: b.vipWanted,
      zmirrorCallout: b.zmirrorCallout,
      ...mirrorHosts(b, 'primary', plan.name, designated[0]),
    };
  });
  const arbiterType = spec.database?.mirror?.arbiter?.instanceType;
  instances.push(
    instance(spec, { site: 'primary', key: 'arbiter', tier: 'arbiter', instanceType: arbiterType ?? instanceTypeFor(b.instanceFamily, b.preset.arbiter), azs, az: listedZone(azs, 2), zoneOrder: b.zoneOrder, specPath: arbiterType ? ['database', 'mirror', 'arbiter', 'instanceType'] : ['size'] }),
  );
  const vpcCidr = spec.network?.vpcCidr ?? D.vpcCidr;
  const remote = spec.dr ? dataSubnetCidrs(spec.dr.vpcCidr ?? D.drVpcCidr, spec.dr.availabilityZones ?? [], b.zoneOrder, spec.dr.vpcId !== undefined) : [];
  return site(b, {
    role: 'primary',
    region: spec.region,
    azs,
    vpcCidr,
    capacity: 'full',
    instances,
    mirrors,
    remoteMirrorCidrs: remote,
    raw: spec.network,
    rawPath: ['network'],
    account: accountOf(spec.accounts?.primary),
  });
}

/** The DR site: a second region (cloud), or the AWS side of the hybrid model, with async members. */
function drSite(b: Basis): SiteModel | undefined {
  const { spec, topology: model } = b;
  const drSpec = spec.dr;
  if (drSpec === undefined) return undefined;
  const azs = drSpec.availabilityZones ?? [];
  const capacity = (drSpec.capacity ?? D.drCapacity) as DrCapacity;
  const asyncCount = drSpec.asyncMembers ?? D.drAsyncMembers[model];
  const instances = frontTiers(b, 'dr', azs, capacity);
  const mirrors: MirrorModel[] = b.mirrorPlans.map((plan) => {
    const asyncKeys: string[] = [];
    // HealthShare runs one mirror per product: starting each product's async members at a zone
    // derived from its name spreads the DR copies over the zones (instead of every product's
    // first async in zone 1), and stays put when products are added or reordered.
    const firstZone = b.profile === 'healthshare' ? fnv1a(plan.name) % Math.max(1, azs.length) : 0;
    for (let i = 1; i <= asyncCount; i++) {
      const key = mirrorKey(plan.name, `async_${i}`);
      asyncKeys.push(key);
      instances.push(
        instance(spec, {
          site: 'dr',
          key,
          tier: 'database',
          instanceType: drSpec.instanceType ?? plan.instanceType,
          azs,
          az: spreadZone(azs, firstZone + i - 1, b.zoneOrder),
          zoneOrder: b.zoneOrder,
          specPath: drSpec.instanceType ? ['dr', 'instanceType'] : plan.instanceTypePath,
          volumes: plan.volumes,
          mirror: plan.name,
          mirrorRole: 'async',
        }),
      );
    }
    // A VIP in the DR region serves its clients after a promotion; the call-out role lets the
    // promoted async register itself there.
    return { name: plan.name, namespaces: b.namespaces, primaryKey: undefined, backupKey: undefined, asyncKeys, vip: b.vipWanted, zmirrorCallout: b.zmirrorCallout, ...mirrorHosts(b, 'dr', plan.name, designatedPrimaryKey(b, plan.name)) };
  });
  const onPremCidrs = spec.onPremises?.cidrs ?? [];
  const remote = model === 'hybrid' ? [...onPremCidrs] : dataSubnetCidrs(spec.network?.vpcCidr ?? D.vpcCidr, spec.availabilityZones ?? [], b.zoneOrder, spec.network?.vpcId !== undefined);
  const base = site(b, {
    role: 'dr',
    region: drSpec.region,
    azs,
    vpcCidr: drSpec.vpcCidr ?? D.drVpcCidr,
    capacity,
    instances,
    mirrors,
    remoteMirrorCidrs: remote,
    raw: drSpec,
    rawPath: ['dr'],
    account: accountOf(spec.accounts?.dr),
  });
  // ACM certificates are regional: the DR load balancer never reuses the primary's.
  const withCertificate: SiteModel = base.webLoadBalancer ? { ...base, webLoadBalancer: { ...base.webLoadBalancer, certificateArn: drSpec.certificateArn } } : base;
  return model === 'hybrid' && spec.onPremises
    ? { ...withCertificate, vpn: { customerGatewayIp: spec.onPremises.vpn.customerGatewayIp, bgpAsn: spec.onPremises.vpn.bgpAsn ?? D.bgpAsn, onPremisesCidrs: [...onPremCidrs] } }
    : withCertificate;
}

/** Route 53 failover: the primary entry (web load balancer, or the on-premises host) and the DR one. */
function dnsOf(b: Basis, primary: SiteModel | undefined, dr: SiteModel | undefined): DnsModel | undefined {
  const { spec } = b;
  if (!spec.dns) return undefined;
  const webTarget = (s: SiteModel | undefined): DnsTarget | undefined =>
    s?.webLoadBalancer
      ? {
          kind: 'site',
          site: s.role,
          region: s.region,
          loadBalancerName: webLoadBalancerName(spec.name, s.role),
          loadBalancerType: s.webLoadBalancer.type,
          healthAlarmName: s.webLoadBalancer.scheme === 'internal' ? entryHealthAlarmName(spec.name, s.role) : undefined,
        }
      : undefined;
  const primaryTarget: DnsTarget | undefined = b.topology === 'hybrid' ? (spec.onPremises?.endpoint ? { kind: 'endpoint', hostname: spec.onPremises.endpoint } : undefined) : webTarget(primary);
  if (!primaryTarget) return undefined;
  const zoneName = spec.dns.zoneName.replace(/\.$/, '');
  return {
    stackId: 'dns',
    zoneName,
    record: spec.dns.record,
    fqdn: `${spec.dns.record}.${zoneName}`,
    createZone: spec.dns.createZone ?? D.createZone,
    primary: primaryTarget,
    secondary: webTarget(dr),
    healthCheckPath: D.mirrorStatusPath,
    healthCheckSearchString: 'SUCCESS',
    siteHealthCheck: b.loadBalancer.scheme === 'internal' ? 'alarm' : 'https',
    account: accountOf(spec.accounts?.dns),
  };
}

function resolveMonitoring(spec: RawSpec): MonitoringModel {
  const m = spec.monitoring;
  const t = m?.thresholds;
  const T = D.monitoringThresholds;
  return {
    alarmEmail: m?.alarmEmail,
    cpuHighPercent: m?.cpuHighPercent ?? D.cpuHighPercent,
    agent: m?.agent ?? D.monitoringAgent,
    logRetentionDays: m?.logRetentionDays ?? D.monitoringLogRetentionDays,
    thresholds: {
      journalFreeWarningPercent: t?.journalFreeWarningPercent ?? T.journalFreeWarningPercent,
      journalFreeCriticalPercent: t?.journalFreeCriticalPercent ?? T.journalFreeCriticalPercent,
      dataFreePercent: t?.dataFreePercent ?? T.dataFreePercent,
      memoryUsedPercent: t?.memoryUsedPercent ?? T.memoryUsedPercent,
      licenseUsedPercent: t?.licenseUsedPercent ?? T.licenseUsedPercent,
      drAsyncNotConnectedMinutes: t?.drAsyncNotConnectedMinutes ?? T.drAsyncNotConnectedMinutes,
    },
  };
}

function stateOf(spec: RawSpec): StateModel {
  return (spec.state?.backend ?? D.stateBackend) === 's3' && spec.state?.bucket
    ? { backend: 's3', bucket: spec.state.bucket, keyPrefix: spec.state.keyPrefix ?? D.stateKeyPrefix, region: spec.state.region ?? spec.region ?? spec.dr?.region ?? '' }
    : { backend: 'local', directory: `${D.localStateFolder}/${spec.name}` };
}

function softwareOf(spec: RawSpec): SoftwareModel {
  const raw = spec.software;
  const platform = raw?.platform ?? (D.platform as 'iris');
  const configure = raw?.configure ?? D.configure;
  const kind = raw?.install?.kind ?? (D.installKind as 'image');
  const install: SoftwareModel['install'] =
    kind === 'container' ? { kind, image: raw?.install?.image ?? '' } : kind === 'kit' ? { kind, location: raw?.install?.location ?? '' } : { kind };
  return {
    platform,
    version: raw?.version,
    install,
    instance: raw?.instance ?? D.irisInstance,
    secrets: { password: raw?.secrets?.password, license: raw?.secrets?.license, dr: { password: raw?.secrets?.dr?.password, license: raw?.secrets?.dr?.license } },
    tls: raw?.tls === undefined ? undefined : { privateCaArn: raw.tls.privateCaArn },
    configure,
    merge: configure && platform === 'iris',
    configFolder: D.configFolder,
  };
}

export function resolve(spec: RawSpec): DeploymentModel {
  const b = basisOf(spec);
  const primary = primarySite(b);
  const dr = drSite(b);
  return {
    name: spec.name,
    profile: b.profile,
    topology: b.topology,
    size: b.size,
    instanceFamily: b.instanceFamily,
    ports: b.ports,
    adminCidrs: spec.network?.adminCidrs ?? [...D.adminCidrs],
    clientCidrs: spec.network?.clientCidrs ?? [...D.clientCidrs],
    flowLogRetentionDays: spec.network?.flowLogRetentionDays ?? D.flowLogRetentionDays,
    logRetentionDays: D.logRetentionDays,
    mountRoot: b.mountRoot,
    primary,
    dr,
    link:
      primary && dr
        ? {
            stackId: 'link',
            primaryRegion: primary.region,
            drRegion: dr.region,
            primaryVpcCidr: primary.vpcCidr,
            drVpcCidr: dr.vpcCidr,
            peering: (spec.dr?.link ?? LZ.defaults.drLink) === 'peering',
            crossAccount: primary.account !== undefined && dr.account !== undefined && primary.account.id !== dr.account.id,
          }
        : undefined,
    dns: dnsOf(b, primary, dr),
    backup: {
      method: spec.backup?.method ?? (D.backupMethod as 'snapshot'),
      schedule: spec.backup?.schedule ?? D.backupSchedule,
      retainDays: spec.backup?.retainDays ?? D.backupRetainDays,
      copyToDr: (spec.backup?.copyToDr ?? D.copyToDr) && dr !== undefined && primary !== undefined,
    },
    monitoring: resolveMonitoring(spec),
    state: stateOf(spec),
    tags: plainRecord([['refarch:deployment', spec.name], ['refarch:profile', b.profile]], Object.entries(spec.tags ?? {})),
    onPremises: spec.onPremises
      ? { cidrs: [...spec.onPremises.cidrs], endpoint: spec.onPremises.endpoint, primaryHost: spec.onPremises.primaryHost, maxServerConn: spec.onPremises.maxServerConn ?? IRIS_DAY_ONE.rows.maxServerConnDefault }
      : undefined,
    software: softwareOf(spec),
    iam: { permissionsBoundary: spec.iam?.permissionsBoundary, path: spec.iam?.path },
    decommission: false,
  };
}

/**
 * The model of a deliberate decommission (`refarch synth --allow-data-loss`): the same deployment
 * with its guards off (DeploymentModel.decommission), so that Terraform may destroy or replace
 * mirror members, their volumes, load balancers, the log bucket and the backup vault. A
 * command-line choice rather than a spec field: it holds for the one synth it is given to, and a
 * spec committed with it cannot leave every later change unguarded.
 */
export function allowingDataLoss(model: DeploymentModel): DeploymentModel {
  return { ...model, decommission: true };
}

/**
 * One size smaller within the same family for an explicit type: the preset's slot below for a
 * preset family's slot size (m4.2xlarge -> m4.xlarge, m5.12xlarge -> m5.4xlarge), otherwise the
 * catalog's next smaller size of the family (r6i.32xlarge -> r6i.24xlarge, x2idn.16xlarge stays).
 */
function smallerTypeOf(instanceType: string): string {
  const [fam, size] = instanceType.split('.') as [string, string];
  const familySizes = Object.prototype.hasOwnProperty.call(FAMILY_SIZES.rows, fam) ? FAMILY_SIZES.rows[fam as Family] : undefined;
  const slot = familySizes && (Object.keys(familySizes) as SizeSlot[]).find((s) => familySizes[s] === size);
  if (familySizes && slot !== undefined) return `${fam}.${familySizes[smallerSlot(slot)]}`;
  return nextSmallerInFamily(instanceType);
}
