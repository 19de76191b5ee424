// resolve: raw spec (already schema-valid) + profile and size presets + instanceFamily = one fully
// explicit DeploymentModel. Every default of the product is decided here and nowhere else. The
// function is total on schema-valid input: semantic problems (an unknown instance type, a missing
// onPremises block) are left for src/validate/rules to report against the model.
import {
  DEFAULTS,
  EBS_VOLUME_TYPES,
  FAMILY_SIZES,
  PORTS,
  PRESETS,
  type EbsType,
  type Family,
  type Profile,
  type SizePreset,
  type SizeSlot,
  type VolumePurpose,
} from '../catalog/catalog';
import type {
  DeploymentModel,
  DnsModel,
  DnsTarget,
  DrCapacity,
  ImageModel,
  InstanceModel,
  MirrorModel,
  PortsModel,
  SiteModel,
  SiteRole,
  SpecPath,
  SubnetModel,
  SubnetTier,
  Tier,
  VolumeModel,
  WebLoadBalancerModel,
} from '../model/model';
import type { RawSpec, RawVolume, RawVolumes } from '../spec/types';
import { formatCidr, parseCidr, subnetAt } from '../util/cidr';
import { fnv1a } from '../util/hash';
import { webLoadBalancerName } from './naming';

const D = DEFAULTS.rows;
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

/** Subnets of a VPC: 16 equal blocks, block index = tier * 4 + AZ index. */
export function subnetsFor(vpcCidr: string, azs: readonly string[]): SubnetModel[] {
  const vpc = parseCidr(vpcCidr);
  if (vpc === undefined) return [];
  const prefix = vpc.prefix + SUBNET_PREFIX_DELTA;
  const out: SubnetModel[] = [];
  SUBNET_TIERS.forEach((tier, tierIndex) => {
    azs.slice(0, AZ_SLOTS).forEach((az, azIndex) => {
      out.push({ key: `${tier}_${azIndex + 1}`, tier, az, azIndex, cidr: formatCidr(subnetAt(vpc, prefix, tierIndex * AZ_SLOTS + azIndex)) });
    });
  });
  return out;
}

/** 0-based indexes of the zones a site has subnets in (up to AZ_SLOTS). */
function zoneIndexes(azs: readonly string[]): number[] {
  return azs.slice(0, AZ_SLOTS).map((_, i) => i);
}

/** Data subnets' CIDRs of a VPC (what the other site admits on mirror ports). */
function dataSubnetCidrs(vpcCidr: string, azs: readonly string[]): string[] {
  return subnetsFor(vpcCidr, azs)
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

function volumesFor(raw: RawVolumes | undefined, preset: Record<VolumePurpose, { type: EbsType; sizeGiB: number; iops?: number }>, mountRoot: string, basePath: SpecPath): VolumeModel[] {
  const out = VOLUME_PURPOSES.map((purpose, i) => volume(purpose, raw?.[purpose], preset[purpose], D.deviceNames[i]!, mountRoot, [...basePath, purpose]));
  (raw?.extra ?? []).forEach((extra, i) => {
    out.push(volume(extra.name, extra, { type: extra.type, sizeGiB: extra.sizeGiB }, D.deviceNames[VOLUME_PURPOSES.length + i] ?? `/dev/xvd${i}`, mountRoot, [...basePath, 'extra', i]));
  });
  return out;
}

interface MirrorSetPlan {
  readonly name: string;
  readonly instanceType: string;
  readonly instanceTypePath: SpecPath;
  readonly volumes: VolumeModel[];
}

export function resolve(spec: RawSpec): DeploymentModel {
  const profile = spec.profile;
  const model = spec.model ?? (D.model as 'cloud');
  const size = spec.size ?? (D.size as SizePreset);
  const family = spec.instanceFamily ?? (D.instanceFamily as Family);
  const preset = PRESETS.rows[profile][size];
  const mountRoot = D.mountRoot[profile];
  const ports: PortsModel = {
    superserver: spec.database?.ports?.superserver ?? PORTS.rows.superserver,
    webserver: spec.database?.ports?.webserver ?? PORTS.rows.webserver,
    agent: spec.database?.ports?.agent ?? PORTS.rows.agent,
    https: PORTS.rows.https,
    http: PORTS.rows.http,
  };

  const databaseType = spec.database?.instanceType ?? instanceTypeFor(family, preset.database);
  const databaseTypePath: SpecPath = spec.database?.instanceType ? ['database', 'instanceType'] : ['size'];
  const mirrorPlans: MirrorSetPlan[] =
    profile === 'healthshare'
      ? (spec.products ?? []).map((product, i) => ({
          name: product.name,
          instanceType: product.instanceType ?? databaseType,
          instanceTypePath: product.instanceType ? ['products', i, 'instanceType'] : databaseTypePath,
          volumes: volumesFor(product.volumes ?? spec.database?.volumes, preset.volumes, mountRoot, product.volumes ? ['products', i, 'volumes'] : ['database', 'volumes']),
        }))
      : [
          {
            name: PROFILE_MIRROR_NAME[profile],
            instanceType: databaseType,
            instanceTypePath: databaseTypePath,
            volumes: volumesFor(spec.database?.volumes, preset.volumes, mountRoot, ['database', 'volumes']),
          },
        ];
  const namespaces = spec.database?.namespaces ?? [...D.namespaces];
  const vipWanted = (spec.database?.mirror?.vip ?? D.vip) === 'load-balancer';
  const zmirrorCallout = vipWanted && (spec.database?.mirror?.zmirrorCallout ?? D.zmirrorCallout);

  const tierCount = (tier: 'web' | 'app' | 'print'): number => {
    if (tier === 'print' && profile !== 'trakcare') return spec.print?.count ?? 0;
    return spec[tier]?.count ?? preset[tier].count;
  };
  const tierSlot = (tier: 'web' | 'app' | 'print'): SizeSlot => preset[tier].slot;
  const tierType = (tier: 'web' | 'app' | 'print', slot: SizeSlot): string => spec[tier]?.instanceType ?? instanceTypeFor(family, slot);
  const tierTypePath = (tier: 'web' | 'app' | 'print'): SpecPath => (spec[tier]?.instanceType ? [tier, 'instanceType'] : ['size']);

  const loadBalancerType = spec.web?.loadBalancer?.type ?? (D.loadBalancerType as 'application');
  const loadBalancer: WebLoadBalancerModel = {
    type: loadBalancerType,
    listeners: [
      { protocol: 'HTTPS', port: ports.https, action: 'forward' },
      // A Classic ELB cannot redirect, and a plain HTTP listener would serve the application unencrypted.
      ...(loadBalancerType === 'application' ? [{ protocol: 'HTTP', port: ports.http, action: 'redirect' } as const] : []),
    ],
    certificateArn: spec.web?.loadBalancer?.certificateArn,
    stickySessions: spec.web?.loadBalancer?.stickySessions ?? D.stickySessions,
    healthCheckPath: spec.web?.loadBalancer?.healthCheckPath ?? D.webHealthCheckPath,
  };

  const image = (region: string): ImageModel => {
    const raw = spec.images?.[region];
    if (raw === undefined) return { kind: 'ssm', parameter: D.imageSsmParameter };
    return typeof raw === 'string' ? { kind: 'ami', id: raw } : { kind: 'ssm', parameter: raw.ssmParameter };
  };

  const makeInstance = (
    site: SiteRole,
    key: string,
    tier: Tier,
    instanceType: string,
    azs: readonly string[],
    azIndex: number,
    specPath: SpecPath,
    extra: Partial<Pick<InstanceModel, 'volumes' | 'mirror' | 'mirrorRole'>> = {},
  ): InstanceModel => {
    const subnetTier: SubnetTier = tier === 'web' ? 'web' : tier === 'app' || tier === 'print' ? 'app' : 'data';
    const index = azIndex % Math.max(1, Math.min(azs.length, AZ_SLOTS));
    return {
      key,
      name: `${spec.name}-${site === 'primary' ? '' : 'dr-'}${key.replace(/_/g, '-')}`,
      tier,
      instanceType,
      az: azs[index] ?? '',
      azIndex: index,
      subnetKey: `${subnetTier}_${index + 1}`,
      rootVolume: { ...D.rootVolume },
      volumes: extra.volumes ?? [],
      mirror: extra.mirror,
      mirrorRole: extra.mirrorRole,
      specPath,
    };
  };

  const frontTiers = (site: SiteRole, azs: readonly string[], capacity: DrCapacity): InstanceModel[] => {
    const out: InstanceModel[] = [];
    for (const tier of ['web', 'app', 'print'] as const) {
      const fullCount = tierCount(tier);
      const count = capacity === 'full' ? fullCount : capacity === 'none' ? 0 : Math.ceil(fullCount / 2);
      const explicitType = spec[tier]?.instanceType;
      const type =
        capacity === 'reduced' ? (explicitType ? smallerTypeOf(explicitType, family) : instanceTypeFor(family, smallerSlot(tierSlot(tier)))) : tierType(tier, tierSlot(tier));
      for (let i = 1; i <= count; i++) {
        out.push(makeInstance(site, `${tier}_${i}`, tier, type, azs, i - 1, capacity === 'full' ? tierTypePath(tier) : ['dr', 'capacity']));
      }
    }
    return out;
  };

  const natMode = spec.network?.natGateways ?? (D.natGateways as 'per-az');
  const siteBase = (role: SiteRole, region: string, azs: readonly string[], vpcCidr: string, capacity: DrCapacity, instances: InstanceModel[], mirrors: MirrorModel[], remoteMirrorCidrs: string[]): SiteModel => ({
    role,
    stackId: role,
    region,
    azs,
    vpcCidr,
    subnets: subnetsFor(vpcCidr, azs),
    natGateways: natMode,
    natGatewayAzIndexes: natMode === 'per-az' ? zoneIndexes(azs) : zoneIndexes(azs).slice(0, 1),
    image: image(region),
    instances,
    mirrors,
    webLoadBalancer: instances.some((i) => i.tier === 'web') ? loadBalancer : undefined,
    remoteMirrorCidrs,
    capacity,
    vpn: undefined,
  });

  const primaryAzs = spec.availabilityZones ?? [];
  const primaryVpcCidr = spec.network?.vpcCidr ?? D.vpcCidr;
  const drSpec = spec.dr;
  const drAzs = drSpec?.availabilityZones ?? [];
  const drVpcCidr = drSpec?.vpcCidr ?? D.drVpcCidr;
  const onPremCidrs = spec.onPremises?.cidrs ?? [];

  // Primary site (cloud model only).
  let primary: SiteModel | undefined;
  if (model === 'cloud' && spec.region !== undefined) {
    const instances = frontTiers('primary', primaryAzs, 'full');
    const mirrors: MirrorModel[] = mirrorPlans.map((plan) => {
      const primaryKey = `db_${plan.name.replace(/-/g, '_')}_primary`;
      const backupKey = `db_${plan.name.replace(/-/g, '_')}_backup`;
      instances.push(makeInstance('primary', primaryKey, 'database', plan.instanceType, primaryAzs, 0, plan.instanceTypePath, { volumes: plan.volumes, mirror: plan.name, mirrorRole: 'primary' }));
      instances.push(makeInstance('primary', backupKey, 'database', plan.instanceType, primaryAzs, 1, plan.instanceTypePath, { volumes: plan.volumes, mirror: plan.name, mirrorRole: 'backup' }));
      return { name: plan.name, namespaces, primaryKey, backupKey, asyncKeys: [], vip: vipWanted, zmirrorCallout };
    });
    const arbiterType = spec.database?.mirror?.arbiter?.instanceType ?? instanceTypeFor(family, preset.arbiter);
    instances.push(makeInstance('primary', 'arbiter', 'arbiter', arbiterType, primaryAzs, 2, spec.database?.mirror?.arbiter?.instanceType ? ['database', 'mirror', 'arbiter', 'instanceType'] : ['size']));
    primary = siteBase('primary', spec.region, primaryAzs, primaryVpcCidr, 'full', instances, mirrors, drSpec ? dataSubnetCidrs(drVpcCidr, drAzs) : []);
  }

  // DR site: a second region (cloud), or the AWS side of the hybrid model.
  let dr: SiteModel | undefined;
  if (drSpec !== undefined) {
    const capacity = (drSpec.capacity ?? D.drCapacity) as DrCapacity;
    const asyncCount = drSpec.asyncMembers ?? D.drAsyncMembers[model];
    const instances = frontTiers('dr', drAzs, capacity);
    const mirrors: MirrorModel[] = mirrorPlans.map((plan) => {
      const asyncKeys: string[] = [];
      // HealthShare runs one mirror per product: starting each product's async members at a zone
      // derived from its name spreads the DR copies over the zones (instead of every product's
      // first async in zone 1), and stays put when products are added or reordered.
      const firstZone = profile === 'healthshare' ? fnv1a(plan.name) % Math.max(1, drAzs.length) : 0;
      for (let i = 1; i <= asyncCount; i++) {
        const key = `db_${plan.name.replace(/-/g, '_')}_async_${i}`;
        asyncKeys.push(key);
        instances.push(
          makeInstance('dr', key, 'database', drSpec.instanceType ?? plan.instanceType, drAzs, firstZone + i - 1, drSpec.instanceType ? ['dr', 'instanceType'] : plan.instanceTypePath, {
            volumes: plan.volumes,
            mirror: plan.name,
            mirrorRole: 'async',
          }),
        );
      }
      // A VIP in the DR region serves its clients after a promotion; the call-out role lets the
      // promoted async register itself there.
      return { name: plan.name, namespaces, primaryKey: undefined, backupKey: undefined, asyncKeys, vip: vipWanted, zmirrorCallout };
    });
    const remote = model === 'hybrid' ? [...onPremCidrs] : dataSubnetCidrs(primaryVpcCidr, primaryAzs);
    const base = siteBase('dr', drSpec.region, drAzs, drVpcCidr, capacity, instances, mirrors, remote);
    // ACM certificates are regional: the DR load balancer never reuses the primary's.
    const site: SiteModel = base.webLoadBalancer ? { ...base, webLoadBalancer: { ...base.webLoadBalancer, certificateArn: drSpec.certificateArn } } : base;
    dr =
      model === 'hybrid' && spec.onPremises
        ? { ...site, vpn: { customerGatewayIp: spec.onPremises.vpn.customerGatewayIp, bgpAsn: spec.onPremises.vpn.bgpAsn ?? D.bgpAsn, onPremisesCidrs: [...onPremCidrs] } }
        : site;
  }

  const webTarget = (site: SiteModel | undefined): DnsTarget | undefined =>
    site?.webLoadBalancer
      ? { kind: 'site', site: site.role, region: site.region, loadBalancerName: webLoadBalancerName(spec.name, site.role), loadBalancerType: site.webLoadBalancer.type }
      : undefined;
  let dns: DnsModel | undefined;
  if (spec.dns) {
    const primaryTarget: DnsTarget | undefined = model === 'hybrid' ? (spec.onPremises?.endpoint ? { kind: 'endpoint', hostname: spec.onPremises.endpoint } : undefined) : webTarget(primary);
    if (primaryTarget) {
      dns = {
        stackId: 'dns',
        zoneName: spec.dns.zoneName.replace(/\.$/, ''),
        record: spec.dns.record,
        fqdn: `${spec.dns.record}.${spec.dns.zoneName.replace(/\.$/, '')}`,
        createZone: spec.dns.createZone ?? D.createZone,
        primary: primaryTarget,
        secondary: webTarget(dr),
        healthCheckPath: D.mirrorStatusPath,
        healthCheckSearchString: 'SUCCESS',
      };
    }
  }

  const state: DeploymentModel['state'] =
    (spec.state?.backend ?? D.stateBackend) === 's3' && spec.state?.bucket
      ? { backend: 's3', bucket: spec.state.bucket, keyPrefix: spec.state.keyPrefix ?? D.stateKeyPrefix, region: spec.state.region ?? spec.region ?? drSpec?.region ?? '' }
      : { backend: 'local', directory: `${D.localStateFolder}/${spec.name}` };

  return {
    name: spec.name,
    profile,
    model,
    size,
    instanceFamily: family,
    ports,
    adminCidrs: spec.network?.adminCidrs ?? [...D.adminCidrs],
    clientCidrs: spec.network?.clientCidrs ?? [...D.clientCidrs],
    flowLogRetentionDays: spec.network?.flowLogRetentionDays ?? D.flowLogRetentionDays,
    logRetentionDays: D.logRetentionDays,
    mountRoot,
    primary,
    dr,
    link:
      primary && dr
        ? { stackId: 'link', primaryRegion: primary.region, drRegion: dr.region, primaryVpcCidr: primary.vpcCidr, drVpcCidr: dr.vpcCidr }
        : undefined,
    dns,
    backup: {
      method: spec.backup?.method ?? (D.backupMethod as 'snapshot'),
      schedule: spec.backup?.schedule ?? D.backupSchedule,
      retainDays: spec.backup?.retainDays ?? D.backupRetainDays,
      copyToDr: (spec.backup?.copyToDr ?? D.copyToDr) && dr !== undefined && primary !== undefined,
    },
    monitoring: { alarmEmail: spec.monitoring?.alarmEmail, cpuHighPercent: spec.monitoring?.cpuHighPercent ?? D.cpuHighPercent },
    state,
    tags: { 'refarch:deployment': spec.name, 'refarch:profile': profile, ...(spec.tags ?? {}) },
    onPremises: spec.onPremises ? { cidrs: [...spec.onPremises.cidrs], endpoint: spec.onPremises.endpoint } : undefined,
  };
}

/** One size smaller within the same family for an explicit type (m4.2xlarge -> m4.xlarge). */
function smallerTypeOf(instanceType: string, fallbackFamily: Family): string {
  const [fam, size] = instanceType.split('.') as [string, string];
  const familySizes = FAMILY_SIZES.rows[fam as Family] ?? FAMILY_SIZES.rows[fallbackFamily];
  const slot = (Object.keys(familySizes) as SizeSlot[]).find((s) => familySizes[s] === size);
  if (slot === undefined) return instanceType;
  return `${fam}.${familySizes[smallerSlot(slot)]}`;
}
