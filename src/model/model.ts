// The resolved deployment model: every value explicit, every default already decided (by
// src/resolve). Synthesis and the reports read only this; they never look at the raw spec.
import type { EbsType, Family, Profile, SizePreset } from '../catalog/catalog';

/** Path of a node in the spec, for diagnostics: ['database', 'volumes', 'data', 'iops']. */
export type SpecPath = ReadonlyArray<string | number>;

export type Tier = 'web' | 'app' | 'print' | 'database' | 'arbiter';
export type SubnetTier = 'public' | 'web' | 'app' | 'data';
export type MirrorRole = 'primary' | 'backup' | 'async';
export type SiteRole = 'primary' | 'dr';
export type DrCapacity = 'full' | 'reduced' | 'none';
/** The reference architecture's deployment models (the spec's `model`). */
export type Topology = 'cloud' | 'hybrid';

export interface SubnetModel {
  /** Stable key used in resource addresses, e.g. `web_1` (tier and 1-based zone slot: zones sorted by name, or listed with network.zoneOrder as-listed). */
  readonly key: string;
  readonly tier: SubnetTier;
  readonly az: string;
  readonly azIndex: number;
  /** Nominal CIDR refarch cuts for this subnet; '' for an existing subnet (its CIDR is the network team's). */
  readonly cidr: string;
  /** An existing subnet (network.subnetIds): its id and where the spec names it. */
  readonly existing: { readonly id: string; readonly specPath: SpecPath } | undefined;
}

/**
 * An existing subnet a site deploys into, once per id (tiers may share it): what the plan-time
 * postconditions check (in the VPC, in the zone the spec's order says, enough free addresses).
 */
export interface ExistingSubnetModel {
  readonly id: string;
  readonly az: string;
  readonly azIndex: number;
  /** The subnet tiers placed in it, in SUBNET tier order. */
  readonly tiers: readonly SubnetTier[];
  /** Where the spec names it first (network.subnetIds.data[1]); the postcondition messages quote it. */
  readonly specPath: SpecPath;
  /** Addresses every tier placed in it takes (servers, load balancer nodes, endpoints, mount targets), which must be free at plan time. */
  readonly freeAddressesNeeded: number;
}

/** A VPC refarch creates, or an existing one (a landing zone's) it deploys into. */
export type SiteNetworkModel =
  | { readonly kind: 'created' }
  | {
      readonly kind: 'existing';
      readonly vpcId: string;
      readonly vpcIdPath: SpecPath;
      readonly vpcCidrPath: SpecPath;
      readonly subnets: readonly ExistingSubnetModel[];
    };

/** How a site's instances reach the internet and AWS APIs. */
export interface EgressModel {
  /** nat: NAT gateways refarch creates; central: the network team's routes; none: no internet route. */
  readonly kind: 'nat' | 'central' | 'none';
  /** Interface VPC endpoint services refarch creates (ssm, ssmmessages, ...); empty with endpoints: existing. */
  readonly interfaceEndpoints: readonly string[];
  /** Whether refarch creates the S3 gateway endpoint. */
  readonly s3GatewayEndpoint: boolean;
}

export interface VolumeModel {
  /** data | journal1 | journal2 | wij | the name of an extra volume. */
  readonly purpose: string;
  readonly type: EbsType;
  readonly sizeGiB: number;
  /** Provisioned IOPS (io1, io2, gp3); undefined where the type takes none. */
  readonly iops: number | undefined;
  /** Provisioned MiB/s (gp3); undefined where the type takes none. */
  readonly throughputMiBps: number | undefined;
  readonly deviceName: string;
  readonly mountPoint: string;
  /** Where in the spec the volume is (or would be) written. */
  readonly specPath: SpecPath;
}

export interface InstanceModel {
  /**
   * Stable key, unique within its site: web_1, app_3, print_2, db_trakcare_primary, arbiter,
   * db_trakcare_async_1. The failover pair's `_primary`/`_backup` keys are member names tied to
   * their zones (resolve), not roles: which member is primary is `mirrorRole`.
   */
  readonly key: string;
  /** Name tag: <deployment>-<site>-<key with hyphens>. */
  readonly name: string;
  readonly tier: Tier;
  readonly instanceType: string;
  readonly az: string;
  readonly azIndex: number;
  readonly subnetKey: string;
  readonly rootVolume: { readonly type: EbsType; readonly sizeGiB: number };
  /** Database volumes (mirror members only; empty for every other tier). */
  readonly volumes: readonly VolumeModel[];
  readonly mirror: string | undefined;
  readonly mirrorRole: MirrorRole | undefined;
  /**
   * Fully qualified name in its site's private hosted zone (`db-trak-primary.primary.<deployment>.internal`):
   * what configuration (mirror, ECP, Web Gateway) addresses the instance by, never its IP address.
   */
  readonly hostName: string;
  /** Where in the spec this instance's type is decided. */
  readonly specPath: SpecPath;
}

export interface MirrorModel {
  /** Mirror set name: the profile's mirror (trakcare, main) or the HealthShare product. */
  readonly name: string;
  readonly namespaces: readonly string[];
  /** Instance keys of the failover pair in this site (absent in a DR or hybrid site). */
  readonly primaryKey: string | undefined;
  readonly backupKey: string | undefined;
  /** Instance keys of DR async members in this site. */
  readonly asyncKeys: readonly string[];
  /** Internal NLB polling mirror_status.cxw in this site. */
  readonly vip: boolean;
  /** IAM policy that lets ^ZMIRROR register a new primary in this mirror's VIP target group. */
  readonly zmirrorCallout: boolean;
  /**
   * The mirror's name inside InterSystems IRIS (ConfigMirror Name=, [MirrorMember]): upper-case
   * letters and digits, derived from `name` (trakcare -> TRAKCARE; long product names are
   * abbreviated part by part to fit the 15 characters IRIS allows).
   */
  readonly irisName: string;
  /** FQDN of this site's mirror VIP (an alias of its VIP load balancer); undefined when the mirror has no VIP. */
  readonly vipHostName: string | undefined;
  /**
   * Host every member joins at first start (ConfigMirror Primary=): the primary failover member's
   * FQDN. For a DR site in the cloud model it lives in the PRIMARY site's zone (that zone is
   * associated with the DR VPC); in the hybrid model it is the spec's onPremises.primaryHost, or
   * undefined when the spec does not name it (the DR members then do not join by themselves).
   */
  readonly primaryHostName: string | undefined;
  /** FQDN of the arbiter (ConfigMirror ArbiterURL host), in the primary site's zone; undefined in the hybrid model (the arbiter is on premises). */
  readonly arbiterHostName: string | undefined;
}

/** Instance keys of a mirror's members in its site: the failover pair (where it runs there) and the asyncs. */
export function memberKeys(mirror: MirrorModel): string[] {
  return [mirror.primaryKey, mirror.backupKey, ...mirror.asyncKeys].filter((k): k is string => k !== undefined);
}

/**
 * The members Terraform registers in a mirror's VIP target group: the failover pair of the site,
 * never an async member. An NLB whose targets are all unhealthy routes to all of them (fail
 * open), and an async is never primary before promotion, so a registered async would take every
 * VIP connection of a DR site. A DR site's VIP therefore has no target until promotion registers
 * the promoted member (^ZMIRROR or the operator; README "DR promotion").
 */
export function vipTargetKeys(mirror: MirrorModel): string[] {
  return [mirror.primaryKey, mirror.backupKey].filter((k): k is string => k !== undefined);
}

/** A listener of the web load balancer: HTTPS forwards to the web servers, HTTP only redirects. */
export interface ListenerModel {
  readonly protocol: 'HTTPS' | 'HTTP';
  readonly port: number;
  readonly action: 'forward' | 'redirect';
}

export interface WebLoadBalancerModel {
  readonly type: 'application' | 'classic';
  /** HTTPS, and on an ALB an HTTP listener that redirects (a Classic ELB cannot redirect, so it has none). */
  readonly listeners: readonly ListenerModel[];
  /** Undefined: the stack declares a Terraform variable for it. */
  readonly certificateArn: string | undefined;
  readonly stickySessions: boolean;
  readonly healthCheckPath: string;
  /** internet-facing (public subnets) or internal (web subnets). */
  readonly scheme: 'internet-facing' | 'internal';
}

export type ImageModel = { readonly kind: 'ami'; readonly id: string } | { readonly kind: 'ssm'; readonly parameter: string };

export interface SiteModel {
  readonly role: SiteRole;
  /** Stack id, also the folder under cdktf.out/stacks. */
  readonly stackId: string;
  readonly region: string;
  /** The site's zones in slot order (SubnetModel.azIndex indexes it): sorted by name unless network.zoneOrder is as-listed. */
  readonly azs: readonly string[];
  readonly vpcCidr: string;
  /** Created by refarch, or an existing VPC and subnets. */
  readonly network: SiteNetworkModel;
  readonly egress: EgressModel;
  /** The account the site's stack deploys into (accounts.primary / accounts.dr); undefined: whatever the credentials are. */
  readonly account: AccountModel | undefined;
  readonly subnets: readonly SubnetModel[];
  readonly natGateways: 'per-az' | 'single';
  /** 0-based indexes of the zones that get a NAT gateway (in their public subnet): all, or the first. */
  readonly natGatewayAzIndexes: readonly number[];
  readonly image: ImageModel;
  readonly instances: readonly InstanceModel[];
  readonly mirrors: readonly MirrorModel[];
  /** Present when the site has web servers. */
  readonly webLoadBalancer: WebLoadBalancerModel | undefined;
  /**
   * Networks of mirror members outside this site that must reach this site's members on the
   * superserver and ISCAgent ports (the other region's data subnets, on-premises networks).
   */
  readonly remoteMirrorCidrs: readonly string[];
  /** DR sites: how much web/app capacity is kept. Primary sites: 'full'. */
  readonly capacity: DrCapacity;
  /** Hybrid model: the site-to-site VPN to the on-premises failover pair. */
  readonly vpn: VpnModel | undefined;
  /**
   * The site's Route 53 private hosted zone (`<site>.<deployment>.internal`; `.internal` is
   * reserved by ICANN for private use), holding a record for every instance and mirror VIP.
   */
  readonly privateZone: { readonly name: string };
}

export interface VpnModel {
  readonly customerGatewayIp: string;
  readonly bgpAsn: number;
  readonly onPremisesCidrs: readonly string[];
}

export interface PortsModel {
  readonly superserver: number;
  readonly webserver: number;
  readonly agent: number;
  readonly https: number;
  readonly http: number;
}

/** An AWS account a stack deploys into, and the role Terraform assumes there. */
export interface AccountModel {
  readonly id: string;
  readonly roleArn: string | undefined;
}

/**
 * Between the primary and DR VPCs, in a stack of its own: inter-region VPC peering and its routes
 * (dr.link peering), and always each site's private hosted zone associated with the other VPC.
 */
export interface LinkModel {
  readonly stackId: string;
  readonly primaryRegion: string;
  readonly drRegion: string;
  readonly primaryVpcCidr: string;
  readonly drVpcCidr: string;
  /** dr.link: peering creates the peering and routes; none leaves routing to the network team. */
  readonly peering: boolean;
  /** The DR account when it differs from the primary's: peering names it as peer owner, zone associations need an authorization. */
  readonly crossAccount: boolean;
}

/** IAM guardrails applied to every role refarch creates. */
export interface IamModel {
  readonly permissionsBoundary: string | undefined;
  /** undefined: roles keep IAM's default path (/). */
  readonly path: string | undefined;
}

export type DnsTarget =
  | {
      readonly kind: 'site';
      readonly site: SiteRole;
      readonly region: string;
      readonly loadBalancerName: string;
      readonly loadBalancerType: 'application' | 'classic';
      /** Internal entry: the CloudWatch alarm (in the site's stack and region) whose state is the target's health. */
      readonly healthAlarmName: string | undefined;
    }
  | { readonly kind: 'endpoint'; readonly hostname: string };

export interface DnsModel {
  readonly stackId: string;
  readonly zoneName: string;
  readonly record: string;
  readonly fqdn: string;
  readonly createZone: boolean;
  readonly primary: DnsTarget;
  readonly secondary: DnsTarget | undefined;
  readonly healthCheckPath: string;
  readonly healthCheckSearchString: string;
  /**
   * How a site target's health is checked: https (Route 53 checkers request mirror_status.cxw
   * through the public entry) or alarm (an internal entry, which checkers cannot reach: a
   * CloudWatch alarm in the site's account and region on the healthy targets of the site's mirror
   * VIP, else its web target group).
   */
  readonly siteHealthCheck: 'https' | 'alarm';
  /** The account of the public zone (accounts.dns). */
  readonly account: AccountModel | undefined;
}

export interface BackupModel {
  readonly method: 'snapshot' | 'aws-backup' | 'online';
  readonly schedule: string;
  readonly retainDays: number;
  /** Effective: true only when asked for and a DR site exists. */
  readonly copyToDr: boolean;
}

export type StateModel =
  | {
      readonly backend: 'local';
      /**
       * Folder of this deployment's state files, relative to the folder that holds the output
       * folder (`terraform-state/<name>`): outside what synth replaces, so re-running synth never
       * touches state, and named after the deployment, so two deployments never share it.
       */
      readonly directory: string;
    }
  | { readonly backend: 's3'; readonly bucket: string; readonly keyPrefix: string; readonly region: string };

export type Platform = 'iris' | 'cache';

/** How the InterSystems software reaches the instances. */
export type InstallModel =
  | { readonly kind: 'image' }
  /** `image`: registry reference ('' only in a spec that validation rejects). */
  | { readonly kind: 'container'; readonly image: string }
  /** `location`: s3:// URL of the kit ('' only in a spec that validation rejects). */
  | { readonly kind: 'kit'; readonly location: string };

/** The spec's `software` section, every default decided. */
export interface SoftwareModel {
  readonly platform: Platform;
  readonly version: string | undefined;
  readonly install: InstallModel;
  /** InterSystems IRIS instance name on every server (`iris merge <instance> <file>`). */
  readonly instance: string;
  /** ARNs only (Secrets Manager secrets or SSM SecureString parameters); values are never read by refarch. */
  readonly secrets: {
    readonly password: string | undefined;
    readonly license: string | undefined;
    /** The copies in the DR region the DR site's servers read (software.secrets.dr), when given. */
    readonly dr: { readonly password: string | undefined; readonly license: string | undefined };
  };
  /** Mirror TLS: the AWS Private CA that issues each member its certificate at boot (software.tls). */
  readonly tls: { readonly privateCaArn: string } | undefined;
  /** The spec's opt-out: false leaves the instances unconfigured. */
  readonly configure: boolean;
  /** Whether refarch writes and applies configuration: `configure` and the IRIS platform (Caché has no configuration merge). */
  readonly merge: boolean;
  /** Folder on every instance that holds its configuration files (merge file, Web Gateway server definitions). */
  readonly configFolder: string;
}

/** Alarm thresholds of the monitoring from inside the servers (monitoring.thresholds). */
export interface MonitoringThresholds {
  /** Journal and WIJ volumes: free space (%) below which the warning, then the critical alarm fires. */
  readonly journalFreeWarningPercent: number;
  readonly journalFreeCriticalPercent: number;
  /** Database (data) volume and root volume: free space (%) below which the alarm fires. */
  readonly dataFreePercent: number;
  readonly memoryUsedPercent: number;
  readonly licenseUsedPercent: number;
  /** Minutes a DR async may be other than Connected before its alarm fires. */
  readonly drAsyncNotConnectedMinutes: number;
}

export interface MonitoringModel {
  readonly alarmEmail: string | undefined;
  readonly cpuHighPercent: number;
  /** The CloudWatch agent on every server (memory, disks, IRIS metrics, logs) and the alarms on what it publishes. */
  readonly agent: boolean;
  /** Retention of the site's server log groups (monitoring.logRetentionDays). */
  readonly logRetentionDays: number;
  readonly thresholds: MonitoringThresholds;
}

export interface DeploymentModel {
  readonly name: string;
  readonly profile: Profile;
  /** The spec's `model`: cloud (everything in AWS) or hybrid (the failover pair on premises). */
  readonly topology: Topology;
  readonly size: SizePreset;
  readonly instanceFamily: Family;
  readonly ports: PortsModel;
  readonly adminCidrs: readonly string[];
  readonly clientCidrs: readonly string[];
  readonly flowLogRetentionDays: number;
  readonly logRetentionDays: number;
  readonly mountRoot: string;
  /** Present in the cloud model. */
  readonly primary: SiteModel | undefined;
  /** Present when the spec has a DR site (always in the hybrid model). */
  readonly dr: SiteModel | undefined;
  readonly link: LinkModel | undefined;
  readonly dns: DnsModel | undefined;
  readonly backup: BackupModel;
  readonly monitoring: MonitoringModel;
  readonly state: StateModel;
  /** Default tags of every resource: deployment, profile, then the user's tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** maxServerConn: the on-premises members' MaxServerConn, which the DR members in AWS must equal (GHA). */
  readonly onPremises: { readonly cidrs: readonly string[]; readonly endpoint: string | undefined; readonly primaryHost: string | undefined; readonly maxServerConn: number } | undefined;
  readonly software: SoftwareModel;
  readonly iam: IamModel;
  /**
   * false (always, but for a deliberate decommission): the guards are on. Every mirror member
   * instance and every volume of a member carries lifecycle.prevent_destroy, so a plan that would
   * destroy or replace one fails in Terraform itself; load balancers have deletion protection; the
   * log bucket and the backup vault refuse to be deleted while they hold logs or recovery points.
   * true (`refarch synth --allow-data-loss`, resolve's allowingDataLoss): all of these are off, so
   * that `terraform destroy` (or a replacement) goes through; applying such an output first turns
   * the protections off in place.
   */
  readonly decommission: boolean;
}

export function sites(model: DeploymentModel): SiteModel[] {
  return [model.primary, model.dr].filter((s): s is SiteModel => s !== undefined);
}

/**
 * Order in which the stacks are applied: dr first, because the primary's snapshot policy copies
 * snapshots to the DR region with the DR stack's KMS key, which it looks up by alias there.
 */
export const APPLY_ORDER = ['dr', 'primary', 'link', 'dns'] as const;
export type StackId = (typeof APPLY_ORDER)[number];

/** The stacks a deployment has, in apply order. */
export function stackIds(model: DeploymentModel): StackId[] {
  const present: Record<StackId, boolean> = { dr: model.dr !== undefined, primary: model.primary !== undefined, link: model.link !== undefined, dns: model.dns !== undefined };
  return APPLY_ORDER.filter((id) => present[id]);
}

/**
 * What each stack reads from the others at plan time (by data-source look-up, never by remote
 * state), so must be applied after them: the primary's snapshot copies use the DR stack's KMS key
 * (found by alias); the link peers the two VPCs (found by tag); the DNS records alias the web
 * load balancers (found by name).
 */
export function stackDependencies(model: DeploymentModel): Record<StackId, StackId[]> {
  const deps: Record<StackId, StackId[]> = { dr: [], primary: [], link: [], dns: [] };
  if (model.primary && model.dr && model.backup.copyToDr) deps.primary.push('dr');
  if (model.link) deps.link.push('dr', 'primary');
  if (model.dns) {
    for (const target of [model.dns.primary, model.dns.secondary]) {
      if (target?.kind === 'site') deps.dns.push(target.site);
    }
  }
  for (const id of APPLY_ORDER) deps[id] = APPLY_ORDER.filter((other) => deps[id].includes(other));
  return deps;
}
