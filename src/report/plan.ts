// plan: what `terraform apply` would create, read from the resolved model alone (offline, no AWS
// call): per stack and tier the instances, volumes, load balancers, DNS records, backups and alarm
// counts, and an on-demand monthly cost estimate, each stack priced at its own region's prices
// (prices.ts: the catalog's bundled tables, or a `refarch prices` cache of AWS's offer files).
//
// Every amount is integer cents (see money.ts): an item's `monthlyCents` is quantity × unitPrice
// rounded half up to the cent, and `cost.monthlyCents` is exactly the sum of the items'.
import { clusterRoles, type ClusterRole } from '../config/config';
import { EBS_QUOTAS, EBS_VOLUME_TYPES, EC2_DETAILED_MONITORING, EC2_VCPU_QUOTAS, INSTANCE_TYPES, NETWORK_QUOTAS, PRICING, SSM_PARAMETER_LIMIT, ROUTE53_PRICES, SUBNET_ADDRESSES, type EbsType, type ServiceQuota, type UnitPrices, vcpuQuotaOf } from '../catalog/catalog';
import type { DeploymentModel, DnsModel, DnsTarget, InstanceModel, LinkModel, SiteModel, Tier, VolumeModel } from '../model/model';
import { APPLY_ORDER, vipTargetKeys } from '../model/model';
import { vipLoadBalancerName, webLoadBalancerName } from '../resolve/naming';
import { dnsAlarms, siteAlarms, type AlarmCount } from './alarms';
import { agentAlarms } from '../config/agent-alarms';
import { siteDashboards } from '../config/dashboard';
import { agentServers, scrapesIris } from '../config/agent';
import { dayOnePlan, parameterParts } from '../synth/site/day-one-plan';
import { AGENT_USAGE } from '../catalog/observability';
import { centsOf, centsToAmount } from './money';
import { BUNDLED, FALLBACK_REGION, RegionPrices, type Priced, type PriceSource } from './prices';

export const PLAN_API_VERSION = 'refarch/v1';
export const PLAN_KIND = 'Plan';

export type CostTier = Tier | 'network' | 'dns' | 'monitoring';
export const COST_TIERS: readonly CostTier[] = ['web', 'app', 'print', 'database', 'arbiter', 'network', 'dns', 'monitoring'];
const INSTANCE_TIERS: readonly Tier[] = ['web', 'app', 'print', 'database', 'arbiter'];

export interface PlanVolume {
  /** root, data, journal1, journal2, wij or an extra volume's name. */
  readonly purpose: string;
  readonly type: EbsType;
  readonly sizeGiB: number;
  /** Provisioned IOPS; null where the type takes none (gp2, st1, sc1, standard). */
  readonly iops: number | null;
  /** Provisioned MiB/s (gp3); null elsewhere. */
  readonly throughputMiBps: number | null;
  readonly mountPoint: string | null;
}

export interface PlanInstance {
  readonly key: string;
  readonly name: string;
  readonly tier: Tier;
  /** What the server does: web server, ECP application server, print server, mirror primary/backup/async, arbiter. */
  readonly role: string;
  readonly mirror: string | null;
  readonly instanceType: string;
  readonly az: string;
  readonly subnet: string;
  readonly volumes: readonly PlanVolume[];
  /** Its name in the site's private zone (what configuration addresses it by). */
  readonly hostName: string;
  /** Its place in the mirror and the ECP cluster (src/config clusterRoles); null where it has none. */
  readonly cluster: { readonly mirror: string | null; readonly ecp: string | null };
}

export interface PlanTier {
  readonly tier: Tier;
  readonly count: number;
  readonly instances: readonly PlanInstance[];
}

export interface PlanQuota {
  readonly service: ServiceQuota['service'];
  readonly code: string;
  readonly name: string;
  readonly amount: number;
  /** vCPU, TiB, IOPS, or a count of resources. */
  readonly unit: 'vCPU' | 'TiB' | 'IOPS' | 'count';
}

export interface PlanLoadBalancer {
  readonly name: string;
  readonly type: 'application' | 'classic' | 'network';
  readonly scheme: 'internet-facing' | 'internal';
  readonly purpose: string;
  readonly listeners: readonly string[];
  readonly targets: readonly string[];
}

export interface PlanBackup {
  readonly method: 'snapshot' | 'aws-backup' | 'online';
  readonly schedule: string;
  readonly retainDays: number;
  readonly copyToDr: boolean;
  /** Instance keys whose volumes are backed up (the mirror members of the site). */
  readonly members: readonly string[];
  readonly volumesGiB: number;
}

/** The prices a stack is estimated at. */
export interface StackPrices {
  /** The region the prices are for (the stack's; Route 53 is global, its alarms in us-east-1). */
  readonly region: string;
  readonly source: string;
  readonly asOf: string;
  /** bundled: the catalog's tables; offer-files: the `refarch prices` cache. */
  readonly origin: 'bundled' | 'offer-files';
  /** Figures the region's table lacks, priced at the us-east-1 figure instead (items marked approximate). */
  readonly missing: readonly string[];
  readonly approximate: boolean;
}

export interface PlanSiteStack {
  readonly id: string;
  readonly kind: 'site';
  readonly role: 'primary' | 'dr';
  readonly region: string;
  readonly prices: StackPrices;
  readonly availabilityZones: readonly string[];
  readonly vpcCidr: string;
  /**
   * created: refarch creates the VPC, subnets, routes (and gateways with egress nat). existing:
   * the network team's VPC and subnets, which refarch only reads (and prices nothing of).
   */
  readonly network:
    | { readonly kind: 'created' }
    | { readonly kind: 'existing'; readonly vpcId: string; readonly subnets: ReadonlyArray<{ readonly id: string; readonly az: string; readonly tiers: readonly string[]; readonly freeAddressesNeeded: number }> };
  /** nat, central (the network team's routes) or none (VPC endpoints only). */
  readonly egress: 'nat' | 'central' | 'none';
  /** Interface VPC endpoints refarch creates (none with endpoints: existing). */
  readonly interfaceEndpoints: readonly string[];
  /** Account the stack deploys into (allowed_account_ids), or null: the credentials' account. */
  readonly account: string | null;
  readonly natGateways: number;
  readonly capacity: 'full' | 'reduced' | 'none';
  readonly tiers: readonly PlanTier[];
  /**
   * What the stack counts against the account's Service Quotas in its region, on top of what
   * already runs there: EC2 On-Demand vCPUs per family group, EBS storage (TiB, two decimals,
   * rounded up) and io1/io2 IOPS per type, VPCs, Elastic IPs, NAT gateways per zone, load balancers.
   * Past a quota `terraform apply` fails part-way (e.g. VcpuLimitExceeded).
   */
  readonly quotas: readonly PlanQuota[];
  readonly loadBalancers: readonly PlanLoadBalancer[];
  readonly vpn: { readonly customerGatewayIp: string; readonly bgpAsn: number; readonly onPremisesCidrs: readonly string[] } | null;
  readonly backup: PlanBackup;
  readonly alarms: AlarmCount;
}

export interface PlanLinkStack {
  readonly id: string;
  readonly kind: 'link';
  readonly primaryRegion: string;
  readonly drRegion: string;
  readonly primaryVpcCidr: string;
  readonly drVpcCidr: string;
  /** dr.link: peering (refarch peers and routes) or none (the network team routes; zone associations only). */
  readonly peering: boolean;
}

export interface PlanDnsRecord {
  readonly name: string;
  readonly type: 'A (alias)' | 'CNAME';
  readonly failover: 'PRIMARY' | 'SECONDARY';
  readonly target: string;
  readonly healthCheck: string;
}

export interface PlanHealthCheck {
  readonly id: string;
  /** HTTPS_STR_MATCH (public entry) or CLOUDWATCH_METRIC (internal entry: an alarm of the site). */
  readonly type: 'HTTPS_STR_MATCH' | 'CLOUDWATCH_METRIC';
  readonly target: string;
  readonly port: number;
  readonly path: string;
  readonly searchString: string;
  /** Optional features priced on top of the base check. */
  readonly options: readonly string[];
}

export interface PlanDnsStack {
  readonly id: string;
  readonly kind: 'dns';
  readonly prices: StackPrices;
  readonly zoneName: string;
  readonly createZone: boolean;
  readonly fqdn: string;
  readonly records: readonly PlanDnsRecord[];
  readonly healthChecks: readonly PlanHealthCheck[];
  /** Health-check alarms, in us-east-1 with the Route 53 metrics. */
  readonly alarms: AlarmCount;
}

export type PlanStack = PlanSiteStack | PlanLinkStack | PlanDnsStack;

export type CostCategory = 'instance' | 'ebs' | 'load-balancer' | 'nat-gateway' | 'vpn' | 'public-ipv4' | 'vpc-endpoint' | 'kms' | 'route53' | 'cloudwatch';

export interface CostItem {
  readonly stack: string;
  readonly tier: CostTier;
  readonly category: CostCategory;
  readonly description: string;
  /** An integer count of `unit`s: instance-hours, GiB-months, IOPS-months, alarm-months ... */
  readonly quantity: number;
  readonly unit: string;
  /** Catalog price of one unit, in `currency`. */
  readonly unitPrice: number;
  /** The region unitPrice is for: the stack's, or us-east-1 standing in for a figure the stack's region lacks. */
  readonly priceRegion: string;
  /** True when priceRegion is not the stack's own (see the stack's prices.missing). */
  readonly approximate: boolean;
  /** Where unitPrice comes from (a catalog table's source, or the offer files of a `refarch prices` cache) and its date. */
  readonly priceSource: string;
  readonly priceAsOf: string;
  /** quantity × unitPrice rounded half up to the cent, in `currency`. */
  readonly monthly: number;
  readonly monthlyCents: number;
}

export interface NotEstimated {
  readonly stack: string;
  readonly description: string;
  readonly reason: string;
}

export interface PlanCost {
  readonly currency: string;
  /** Sum of the items, in `currency`. */
  readonly monthly: number;
  /** Exactly the sum of the items' monthlyCents. */
  readonly monthlyCents: number;
  readonly hoursPerMonth: number;
  /** True when some item is priced at a stand-in figure (another region's): the total is approximate. */
  readonly approximate: boolean;
  readonly items: readonly CostItem[];
  /** Subtotals per stack and per tier (each sums its items exactly). */
  readonly byStack: Readonly<Record<string, number>>;
  readonly byTier: Readonly<Record<string, number>>;
  readonly notEstimated: readonly NotEstimated[];
}

export interface Plan {
  readonly apiVersion: typeof PLAN_API_VERSION;
  readonly kind: typeof PLAN_KIND;
  readonly name: string;
  readonly profile: string;
  readonly model: 'cloud' | 'hybrid';
  readonly currency: string;
  /** How the estimate was made; the prices of each stack are under stacks[].prices. */
  readonly priceSource: { readonly pricing: 'on-demand'; readonly hoursPerMonth: number; readonly note: string };
  readonly stacks: readonly PlanStack[];
  /**
   * Every region the deployment creates resources in, with what it creates there and from which
   * stacks: what a reviewer checks against the organisation's region-deny policy. Route 53
   * itself is global and listed as "global".
   */
  readonly regions: readonly PlanRegion[];
  readonly cost: PlanCost;
}

export interface PlanRegion {
  readonly region: string;
  readonly stacks: readonly string[];
  readonly creates: readonly string[];
}

const HOURS = PRICING.rows.hoursPerMonth;
const R53 = ROUTE53_PRICES.rows;

const TIER_ROLE: Readonly<Record<Tier, string>> = {
  web: 'web server (CSP Gateway)',
  app: 'ECP application server',
  print: 'print server (ECP client)',
  database: 'mirror member',
  arbiter: 'arbiter (ISCAgent)',
};

function roleOf(i: InstanceModel): string {
  if (i.tier === 'database' && i.mirrorRole) return `mirror ${i.mirror ?? ''} ${i.mirrorRole === 'async' ? 'DR async' : i.mirrorRole}`.replace(/\s+/g, ' ');
  return TIER_ROLE[i.tier];
}

function planVolume(v: VolumeModel): PlanVolume {
  return { purpose: v.purpose, type: v.type, sizeGiB: v.sizeGiB, iops: v.iops ?? null, throughputMiBps: v.throughputMiBps ?? null, mountPoint: v.mountPoint };
}

function rootVolume(i: InstanceModel): PlanVolume {
  const limits = EBS_VOLUME_TYPES.rows[i.rootVolume.type];
  return {
    purpose: 'root',
    type: i.rootVolume.type,
    sizeGiB: i.rootVolume.sizeGiB,
    iops: limits.iops ? (limits.included?.iops ?? null) : null,
    throughputMiBps: limits.throughput ? (limits.included?.throughputMiBps ?? null) : null,
    mountPoint: '/',
  };
}

function planInstance(i: InstanceModel, roles: ReadonlyMap<string, ClusterRole>): PlanInstance {
  const role = roles.get(i.key);
  return {
    key: i.key,
    name: i.name,
    tier: i.tier,
    role: roleOf(i),
    mirror: i.mirror ?? null,
    instanceType: i.instanceType,
    az: i.az,
    subnet: i.subnetKey,
    volumes: [rootVolume(i), ...i.volumes.map(planVolume)],
    hostName: i.hostName,
    cluster: { mirror: role?.mirror ?? null, ecp: role?.ecp ?? null },
  };
}


function loadBalancers(model: DeploymentModel, site: SiteModel): PlanLoadBalancer[] {
  const out: PlanLoadBalancer[] = [];
  const lb = site.webLoadBalancer;
  if (lb) {
    const webs = site.instances.filter((i) => i.tier === 'web').map((i) => i.key);
    out.push({
      name: webLoadBalancerName(model.name, site.role),
      type: lb.type,
      scheme: lb.scheme,
      purpose: `web entry${lb.stickySessions ? ', sticky sessions' : ''}, health check ${lb.healthCheckPath}`,
      listeners: lb.listeners.map((l) => `${l.protocol} :${l.port}${l.action === 'redirect' ? ' (redirect)' : ''}`),
      targets: webs,
    });
  }
  for (const mirror of site.mirrors) {
    if (!mirror.vip) continue;
    const targets = vipTargetKeys(mirror);
    // An NLB sends to every registered target when none is healthy (fail open): say where that
    // matters, and that a DR VIP has no target until promotion registers the promoted member.
    const routing =
      targets.length > 0
        ? 'while no member is primary (a failover, a mirror down) it fails open to both members'
        : `no target until promotion: ${mirror.asyncKeys.join(', ')} ${mirror.asyncKeys.length === 1 ? 'is' : 'are'} async, so connections fail rather than reach a non-primary; register the promoted member (${mirror.zmirrorCallout ? '^ZMIRROR or ' : ''}aws elbv2 register-targets)`;
    out.push({
      name: vipLoadBalancerName(model.name, site.role, mirror.name),
      type: 'network',
      scheme: 'internal',
      purpose: `mirror VIP for ${mirror.name}: polls mirror_status.cxw on :${model.ports.webserver}; ${routing}${targets.length > 0 && mirror.zmirrorCallout ? '; ^ZMIRROR call-out role (register only)' : ''}`,
      listeners: [`TCP :${model.ports.superserver}`],
      targets,
    });
  }
  return out;
}

function backupOf(model: DeploymentModel, site: SiteModel): PlanBackup {
  const members = site.instances.filter((i) => i.tier === 'database');
  return {
    method: model.backup.method,
    schedule: model.backup.schedule,
    retainDays: model.backup.retainDays,
    copyToDr: site.role === 'primary' && model.backup.copyToDr,
    members: members.map((i) => i.key),
    volumesGiB: members.reduce((n, i) => n + i.rootVolume.sizeGiB + i.volumes.reduce((m, v) => m + v.sizeGiB, 0), 0),
  };
}

function siteStack(model: DeploymentModel, site: SiteModel): Omit<PlanSiteStack, 'prices'> {
  const tiers: PlanTier[] = [];
  const roles = new Map(clusterRoles(model).filter((r) => r.site === site.role).map((r) => [r.instanceKey, r]));
  for (const tier of INSTANCE_TIERS) {
    const instances = site.instances.filter((i) => i.tier === tier).map((i) => planInstance(i, roles));
    if (instances.length > 0) tiers.push({ tier, count: instances.length, instances });
  }
  return {
    id: site.stackId,
    kind: 'site',
    role: site.role,
    region: site.region,
    availabilityZones: [...site.azs],
    vpcCidr: site.vpcCidr,
    network:
      site.network.kind === 'existing'
        ? { kind: 'existing', vpcId: site.network.vpcId, subnets: site.network.subnets.map((s) => ({ id: s.id, az: s.az, tiers: [...s.tiers], freeAddressesNeeded: s.freeAddressesNeeded })) }
        : { kind: 'created' },
    egress: site.egress.kind,
    interfaceEndpoints: [...site.egress.interfaceEndpoints],
    account: site.account?.id ?? null,
    natGateways: site.natGatewayAzIndexes.length,
    capacity: site.capacity,
    tiers,
    quotas: quotasOf(model, site),
    loadBalancers: loadBalancers(model, site),
    vpn: site.vpn ? { customerGatewayIp: site.vpn.customerGatewayIp, bgpAsn: site.vpn.bgpAsn, onPremisesCidrs: [...site.vpn.onPremisesCidrs] } : null,
    backup: backupOf(model, site),
    alarms: siteAlarms(site, agentAlarms(model, site), model.dns),
  };
}

/** The site's use of each Service Quota it touches: EC2 vCPUs, EBS, network, load balancers (PlanSiteStack.quotas). */
function quotasOf(model: DeploymentModel, site: SiteModel): PlanQuota[] {
  const out: PlanQuota[] = [];
  for (const quota of EC2_VCPU_QUOTAS.rows) {
    const vCpus = site.instances.filter((i) => vcpuQuotaOf(i.instanceType) === quota).reduce((n, i) => n + (INSTANCE_TYPES.rows[i.instanceType]?.vCpu ?? 0), 0);
    if (vCpus > 0) out.push({ service: 'ec2', code: quota.code, name: quota.name, amount: vCpus, unit: 'vCPU' });
  }
  const gib = new Map<EbsType, number>();
  const iops = new Map<EbsType, number>();
  for (const inst of site.instances) {
    gib.set(inst.rootVolume.type, (gib.get(inst.rootVolume.type) ?? 0) + inst.rootVolume.sizeGiB);
    for (const v of inst.volumes) {
      gib.set(v.type, (gib.get(v.type) ?? 0) + v.sizeGiB);
      if (v.iops !== undefined) iops.set(v.type, (iops.get(v.type) ?? 0) + v.iops);
    }
  }
  for (const [type, quota] of Object.entries(EBS_QUOTAS.rows) as Array<[EbsType, (typeof EBS_QUOTAS.rows)[EbsType]]>) {
    const size = gib.get(type) ?? 0;
    if (size > 0) out.push({ service: 'ebs', code: quota.storage.code, name: quota.storage.name, amount: Math.ceil((size / 1024) * 100) / 100, unit: 'TiB' });
    const provisioned = iops.get(type) ?? 0;
    if (quota.iops !== undefined && provisioned > 0) out.push({ service: 'ebs', code: quota.iops.code, name: quota.iops.name, amount: provisioned, unit: 'IOPS' });
  }
  const N = NETWORK_QUOTAS.rows;
  const count = (q: ServiceQuota, amount: number): void => {
    if (amount > 0) out.push({ ...q, amount, unit: 'count' });
  };
  count(N.vpcs, site.network.kind === 'created' ? 1 : 0);
  // One NAT gateway in each zone that has one, each with its Elastic IP.
  count(N.natGatewaysPerZone, site.natGatewayAzIndexes.length > 0 ? 1 : 0);
  count(N.elasticIps, site.natGatewayAzIndexes.length);
  count(SSM_PARAMETER_LIMIT.rows.quota, ssmParameters(model, site));
  const lbs = loadBalancers(model, site);
  count(N.applicationLoadBalancers, lbs.filter((lb) => lb.type === 'application').length);
  count(N.networkLoadBalancers, lbs.filter((lb) => lb.type === 'network').length);
  count(N.classicLoadBalancers, lbs.filter((lb) => lb.type === 'classic').length);
  return out;
}

/** SSM parameters the site's stack creates: day one's files, refarch-apply and mirror readiness; the agent's files. */
function ssmParameters(model: DeploymentModel, site: SiteModel): number {
  let n = 0;
  const day = dayOnePlan(model, site);
  if (day !== undefined) {
    for (const server of day.servers.values()) n += server.parameter?.parts.length ?? 0;
    for (const script of day.scripts.values()) n += script.parts.length;
    n += day.readiness.length;
  }
  for (const server of agentServers(model)) if (server.site === site.role) for (const file of server.files) n += parameterParts(file.text).length;
  return n;
}

function linkStack(link: LinkModel): PlanLinkStack {
  return { id: link.stackId, kind: 'link', primaryRegion: link.primaryRegion, drRegion: link.drRegion, primaryVpcCidr: link.primaryVpcCidr, drVpcCidr: link.drVpcCidr, peering: link.peering };
}

function targetText(t: DnsTarget): string {
  return t.kind === 'site' ? `${t.loadBalancerType === 'application' ? 'ALB' : 'Classic ELB'} ${t.loadBalancerName} (${t.region})` : t.hostname;
}

/** Health check options priced on top of a basic check: HTTPS and string matching. */
const HEALTH_CHECK_OPTIONS = ['HTTPS', 'string match'] as const;

function dnsStack(model: DeploymentModel, dns: DnsModel): Omit<PlanDnsStack, 'prices'> {
  const records: PlanDnsRecord[] = [];
  const checks: PlanHealthCheck[] = [];
  const add = (failover: 'PRIMARY' | 'SECONDARY', t: DnsTarget): void => {
    const id = failover.toLowerCase();
    const alarm = t.kind === 'site' ? t.healthAlarmName : undefined;
    checks.push(
      alarm !== undefined
        ? { id, type: 'CLOUDWATCH_METRIC', target: `alarm ${alarm} (${t.kind === 'site' ? t.region : ''})`, port: model.ports.https, path: dns.healthCheckPath, searchString: dns.healthCheckSearchString, options: [] }
        : { id, type: 'HTTPS_STR_MATCH', target: targetText(t), port: model.ports.https, path: dns.healthCheckPath, searchString: dns.healthCheckSearchString, options: [...HEALTH_CHECK_OPTIONS] },
    );
    records.push({ name: dns.fqdn, type: t.kind === 'site' ? 'A (alias)' : 'CNAME', failover, target: targetText(t), healthCheck: id });
  };
  add('PRIMARY', dns.primary);
  if (dns.secondary) add('SECONDARY', dns.secondary);
  return { id: dns.stackId, kind: 'dns', zoneName: dns.zoneName, createZone: dns.createZone, fqdn: dns.fqdn, records, healthChecks: checks, alarms: dnsAlarms(dns) };
}

// ---------------------------------------------------------------------------------------------
// Cost

class Ledger {
  readonly items: CostItem[] = [];
  readonly notEstimated: NotEstimated[] = [];

  add(stack: string, tier: CostTier, category: CostCategory, description: string, quantity: number, unit: string, price: Priced<number>, stackRegion: string): void {
    if (quantity <= 0) return;
    const monthlyCents = centsOf(quantity, price.value);
    const approximate = price.region !== stackRegion;
    this.items.push({ stack, tier, category, description, quantity, unit, unitPrice: price.value, priceRegion: price.region, approximate, priceSource: price.source, priceAsOf: price.asOf, monthly: centsToAmount(monthlyCents), monthlyCents });
  }

  skip(stack: string, description: string, reason: string): void {
    this.notEstimated.push({ stack, description, reason });
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Groups in first-seen order, so output order follows the model's. */
function groupBy<T>(values: readonly T[], key: (v: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const v of values) {
    const k = key(v);
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}

/** One stack's ledger entries at one region's prices. */
interface StackCost {
  readonly ledger: Ledger;
  readonly prices: RegionPrices;
  readonly stack: string;
  readonly region: string;
}

function add(c: StackCost, tier: CostTier, category: CostCategory, description: string, quantity: number, unit: string, price: Priced<number>): void {
  c.ledger.add(c.stack, tier, category, description, quantity, unit, price, c.region);
}

/** A unit price that is a plain number (not a table). */
type ScalarUnit = { [K in keyof UnitPrices]: UnitPrices[K] extends number ? K : never }[keyof UnitPrices];
function unit(c: StackCost, name: ScalarUnit): Priced<number> {
  return c.prices.unit(name);
}

function instanceCosts(c: StackCost, site: SiteModel): void {
  for (const tier of INSTANCE_TIERS) {
    const instances = site.instances.filter((i) => i.tier === tier);
    for (const [type, group] of groupBy(instances, (i) => i.instanceType)) {
      const price = c.prices.instance(type);
      if (price === undefined) {
        c.ledger.skip(site.stackId, `${group.length} × ${type} (${tier})`, 'instance type not in the catalog');
        continue;
      }
      add(c, tier, 'instance', `EC2 ${group.length} × ${type} (${tier}), on-demand Linux`, group.length * HOURS, 'instance-hour', price);
    }
  }
}

interface PricedVolume {
  readonly purpose: string;
  readonly type: EbsType;
  readonly sizeGiB: number;
  readonly iops: number | undefined;
  readonly throughputMiBps: number | undefined;
}

/**
 * io2 provisioned IOPS split into the price tiers, per volume (AWS tiers each volume's IOPS, not
 * the account's): IOPS per tier summed over the volumes.
 */
export function io2TierIops(volumeIops: readonly number[], tiers: UnitPrices['io2IopsMonthTiers']): number[] {
  const out = tiers.map(() => 0);
  for (const iops of volumeIops) {
    let below = 0;
    tiers.forEach((t, k) => {
      const top = t.upTo ?? Infinity;
      const inTier = Math.max(0, Math.min(iops, top) - below);
      out[k]! += inTier;
      below = top;
    });
  }
  return out;
}

function io2Costs(c: StackCost, tier: CostTier, what: string, group: readonly PricedVolume[]): void {
  const tiers = c.prices.unit('io2IopsMonthTiers');
  const perTier = io2TierIops(group.map((v) => v.iops ?? 0), tiers.value);
  let from = 0;
  tiers.value.forEach((t, k) => {
    const range = t.upTo === null ? `above ${from.toLocaleString('en-US')}` : from === 0 ? `up to ${t.upTo.toLocaleString('en-US')}` : `${(from + 1).toLocaleString('en-US')}–${t.upTo.toLocaleString('en-US')}`;
    add(c, tier, 'ebs', `EBS io2 provisioned IOPS, ${range} per volume (${what})`, perTier[k]!, 'IOPS-month', { ...tiers, value: t.usd });
    from = t.upTo ?? from;
  });
}

function ebsCosts(c: StackCost, site: SiteModel): void {
  const ebs = c.prices.unit('ebsPerGiBMonth');
  for (const tier of INSTANCE_TIERS) {
    const volumes: PricedVolume[] = [];
    for (const i of site.instances.filter((x) => x.tier === tier)) {
      const root = rootVolume(i);
      volumes.push({ purpose: 'root', type: root.type, sizeGiB: root.sizeGiB, iops: root.iops ?? undefined, throughputMiBps: root.throughputMiBps ?? undefined });
      volumes.push(...i.volumes);
    }
    for (const [type, group] of groupBy(volumes, (v) => v.type)) {
      const ebsType = type as EbsType;
      const purposes = [...new Set(group.map((v) => v.purpose))].join(', ');
      const what = `${plural(group.length, 'volume')}: ${purposes}`;
      const gib = group.reduce((n, v) => n + v.sizeGiB, 0);
      add(c, tier, 'ebs', `EBS ${type} storage (${what})`, gib, 'GiB-month', { ...ebs, value: ebs.value[ebsType] });
      if (ebsType === 'gp3') {
        const included = EBS_VOLUME_TYPES.rows.gp3.included!;
        const extraIops = group.reduce((n, v) => n + Math.max(0, (v.iops ?? included.iops) - included.iops), 0);
        const extraMiBps = group.reduce((n, v) => n + Math.max(0, (v.throughputMiBps ?? included.throughputMiBps) - included.throughputMiBps), 0);
        if (extraIops > 0) add(c, tier, 'ebs', `EBS gp3 IOPS above the included ${included.iops.toLocaleString('en-US')} per volume`, extraIops, 'IOPS-month', unit(c, 'gp3IopsMonthOver3000'));
        if (extraMiBps > 0) add(c, tier, 'ebs', `EBS gp3 throughput above the included ${included.throughputMiBps} MiB/s per volume`, extraMiBps, 'MiBps-month', unit(c, 'gp3MiBpsMonthOver125'));
      }
      if (ebsType === 'io1') {
        const iops = group.reduce((n, v) => n + (v.iops ?? 0), 0);
        add(c, tier, 'ebs', `EBS io1 provisioned IOPS (${what})`, iops, 'IOPS-month', unit(c, 'io1IopsMonth'));
      }
      if (ebsType === 'io2') io2Costs(c, tier, what, group);
      if (ebsType === 'standard') c.ledger.skip(site.stackId, `EBS standard I/O requests (${what})`, 'priced per million I/O requests: usage-based');
    }
  }
}

function siteCosts(c: StackCost, model: DeploymentModel, site: SiteModel, plan: Omit<PlanSiteStack, 'prices'>): void {
  instanceCosts(c, site);
  ebsCosts(c, site);
  for (const lb of plan.loadBalancers) {
    if (lb.type === 'network') add(c, 'database', 'load-balancer', `NLB ${lb.name} (mirror VIP)`, HOURS, 'LB-hour', unit(c, 'nlbHour'));
    else if (lb.type === 'application') add(c, 'web', 'load-balancer', `ALB ${lb.name}`, HOURS, 'LB-hour', unit(c, 'albHour'));
    else add(c, 'web', 'load-balancer', `Classic ELB ${lb.name}`, HOURS, 'LB-hour', unit(c, 'classicElbHour'));
  }
  if (plan.loadBalancers.some((lb) => lb.type === 'application' || lb.type === 'network')) {
    c.ledger.skip(site.stackId, 'Load balancer capacity units (ALB LCU, NLB NLCU)', 'usage-based (connections, bytes, rule evaluations)');
  }
  if (plan.loadBalancers.some((lb) => lb.type === 'classic')) c.ledger.skip(site.stackId, 'Classic ELB data processed', 'usage-based (per GB)');
  if (plan.natGateways > 0) add(c, 'network', 'nat-gateway', `NAT gateway × ${plan.natGateways} (${site.natGateways})`, plan.natGateways * HOURS, 'gateway-hour', unit(c, 'natGatewayHour'));
  if (plan.natGateways > 0) c.ledger.skip(site.stackId, 'NAT gateway data processed', 'usage-based (per GB)');
  // Public IPv4 addresses: the NAT gateways' Elastic IPs, and one per zone of each internet-facing
  // load balancer (its node in every public subnet holds a public address).
  const publicZones = site.subnets.filter((s) => s.tier === 'public').length;
  const lbNodes = plan.loadBalancers.filter((lb) => lb.scheme === 'internet-facing').length * publicZones;
  if (plan.natGateways > 0) add(c, 'network', 'public-ipv4', `Public IPv4 addresses: ${plural(plan.natGateways, 'NAT gateway Elastic IP')}`, plan.natGateways * HOURS, 'address-hour', unit(c, 'publicIpv4Hour'));
  if (lbNodes > 0) add(c, 'web', 'public-ipv4', `Public IPv4 addresses: internet-facing load balancer, one node per zone (${publicZones})`, lbNodes * HOURS, 'address-hour', unit(c, 'publicIpv4Hour'));
  // Interface VPC endpoints refarch creates (SSM; with egress none every API the instances call):
  // one network interface per zone each. None with endpoints: existing (the organisation's).
  const services = site.egress.interfaceEndpoints;
  const endpointZones = new Set(site.subnets.filter((s) => s.tier === SUBNET_ADDRESSES.rows.endpointSubnetTier).map((s) => s.existing?.id ?? s.key)).size;
  if (services.length > 0) {
    add(c, 'network', 'vpc-endpoint', `Interface VPC endpoints (${services.join(', ')}) × ${plural(endpointZones, 'zone')}`, services.length * endpointZones * HOURS, 'endpoint-AZ-hour', unit(c, 'interfaceEndpointAzHour'));
    c.ledger.skip(site.stackId, 'Interface VPC endpoint data processed', 'usage-based (per GB)');
  }
  if (site.vpn) add(c, 'network', 'vpn', 'Site-to-site VPN connection', HOURS, 'connection-hour', unit(c, 'vpnConnectionHour'));
  add(c, 'network', 'kms', 'KMS customer managed key (volumes, snapshots, logs, backups of the site)', 1, 'key-month', unit(c, 'kmsKeyMonth'));
  // The site's private hosted zone (host names of every server and VIP): Route 53 prices zones
  // the same everywhere, so the figure is the stack's own.
  add(c, 'network', 'route53', `Route 53 private hosted zone ${site.privateZone.name}`, 1, 'zone-month', { value: R53.zoneMonth, region: c.region, source: ROUTE53_PRICES.source, asOf: ROUTE53_PRICES.asOf });
  c.ledger.skip(site.stackId, 'Route 53 queries from the VPC to the private zone', 'usage-based (per million queries)');
  c.ledger.skip(site.stackId, 'KMS key requests; rotated key versions', 'usage-based (per 10,000 requests); each yearly rotation adds a key-month for the first two rotations');
  add(c, 'monitoring', 'cloudwatch', `CloudWatch alarms (${plan.alarms.count}, counted under Alarms)`, plan.alarms.metrics, 'alarm-metric-month', unit(c, 'cloudwatchAlarmMonth'));
  const dashboards = siteDashboards(model, site).length;
  add(c, 'monitoring', 'cloudwatch', dashboards === 1 ? 'CloudWatch dashboard of the site' : `CloudWatch dashboards of the site (${dashboards}: past the metrics one dashboard may hold)`, dashboards, 'dashboard-month', unit(c, 'cloudwatchDashboardMonth'));
  agentCosts(c, model, site);
  const perInstance = EC2_DETAILED_MONITORING.rows.metricsPerInstance;
  add(c, 'monitoring', 'cloudwatch', `EC2 detailed monitoring: ${plural(site.instances.length, 'instance')} × ${perInstance} metrics`, site.instances.length * perInstance, 'metric-month', unit(c, 'cloudwatchMetricMonth'));
  const b = plan.backup;
  if (b.members.length > 0) {
    const snapshot = unit(c, 'snapshotPerGiBMonth');
    const upper = centsOf(b.volumesGiB, snapshot.value);
    const what = b.method === 'online' ? 'Online Backup file share (EFS) storage' : 'EBS snapshots';
    c.ledger.skip(
      site.stackId,
      `${what} of ${plural(b.members.length, 'mirror member')} (${b.volumesGiB.toLocaleString('en-US')} GiB provisioned)`,
      b.method === 'online'
        ? 'usage-based (GB stored)'
        : `usage-based: incremental, changed blocks only; one full copy of every backed-up volume would be ${centsToAmount(upper).toFixed(2)} ${PRICING.rows.currency}/month at ${snapshot.value} per GiB-month${snapshot.region === c.region ? '' : ` (${snapshot.region} figure)`}${b.copyToDr ? ', twice that with the copy to the DR region' : ''}`,
    );
  }
  c.ledger.skip(site.stackId, 'Data transfer (internet egress, inter-AZ mirror and ECP traffic)', 'usage-based');
  c.ledger.skip(site.stackId, `CloudWatch Logs of the VPC flow logs${model.monitoring.agent ? '' : ' and instances'}, S3 log bucket, SNS alarm notifications`, 'usage-based (GB ingested and stored, requests)');
}

/**
 * The CloudWatch agent (monitoring.agent): the custom metrics it publishes (counted from its
 * configuration), the log data it sends (AGENT_USAGE, an assumption said in the item) and keeps
 * for monitoring.logRetentionDays.
 */
function agentCosts(c: StackCost, model: DeploymentModel, site: SiteModel): void {
  const servers = agentServers(model).filter((s) => s.site === site.role);
  if (servers.length === 0) return;
  const metrics = servers.reduce((n, s) => n + s.metrics.length, 0);
  add(c, 'monitoring', 'cloudwatch', `CloudWatch agent metrics: ${plural(servers.length, 'server')}, ${metrics} metrics (memory, swap, disks, IRIS series)`, metrics, 'metric-month', unit(c, 'cloudwatchMetricMonth'));
  const byKey = new Map(site.instances.map((i) => [i.key, i] as const));
  const U = AGENT_USAGE.rows;
  const gb = servers.reduce((n, s) => n + (scrapesIris(model, byKey.get(s.instanceKey)!) ? U.irisServerLogGBMonth : U.otherServerLogGBMonth), 0);
  const ingested = Math.ceil(gb);
  add(c, 'monitoring', 'cloudwatch', `CloudWatch Logs ingestion, assumed ${U.irisServerLogGBMonth} GB a month per IRIS server and ${U.otherServerLogGBMonth} GB per other server (${gb.toFixed(2)} GB, rounded up)`, ingested, 'GB', unit(c, 'cloudwatchLogsIngestedGB'));
  const months = model.monitoring.logRetentionDays / (365 / 12);
  add(c, 'monitoring', 'cloudwatch', `CloudWatch Logs storage at steady state: ${model.monitoring.logRetentionDays} days of that, uncompressed (an upper bound)`, Math.ceil(gb * months), 'GB-month', unit(c, 'cloudwatchLogsStoredGBMonth'));
}

function dnsCosts(c: StackCost, model: DeploymentModel, stack: Omit<PlanDnsStack, 'prices'>): void {
  const global = (value: number): Priced<number> => ({ value, region: c.region, source: ROUTE53_PRICES.source, asOf: ROUTE53_PRICES.asOf });
  if (stack.createZone) add(c, 'dns', 'route53', `Route 53 hosted zone ${stack.zoneName}`, 1, 'zone-month', global(R53.zoneMonth));
  else c.ledger.skip(stack.id, `Route 53 hosted zone ${stack.zoneName}`, 'existing zone (dns.createZone false): already paid for');
  const checks = stack.healthChecks.length;
  add(c, 'dns', 'route53', `Route 53 health checks (${stack.healthChecks.map((h) => h.id).join(', ')}), AWS endpoints`, checks, 'check-month', global(R53.healthCheckMonth));
  const options = stack.healthChecks.reduce((n, h) => n + h.options.length, 0);
  add(c, 'dns', 'route53', `Route 53 health check optional features (${HEALTH_CHECK_OPTIONS.join(' + ')} per check)`, options, 'feature-month', global(R53.healthCheckOptionMonth));
  add(c, 'monitoring', 'cloudwatch', `CloudWatch health-check alarms (${stack.alarms.count}; the "neither serving" alarm queries 2 metrics)`, stack.alarms.metrics, 'alarm-metric-month', unit(c, 'cloudwatchAlarmMonth'));
  add(c, 'monitoring', 'kms', 'KMS customer managed key (alarm topic)', 1, 'key-month', unit(c, 'kmsKeyMonth'));
  if (model.dns?.primary.kind === 'endpoint') c.ledger.skip(stack.id, 'Route 53 health check of the on-premises endpoint', 'priced above as an AWS endpoint; checks of non-AWS endpoints cost more');
  c.ledger.skip(stack.id, 'Route 53 DNS queries', 'usage-based (per million queries)');
}

function stackPrices(c: StackCost, regionLabel: string): StackPrices {
  const t = c.prices.table;
  return {
    region: regionLabel,
    source: t.source,
    asOf: t.asOf,
    origin: t.origin,
    missing: [...c.prices.missing],
    approximate: c.ledger.items.some((i) => i.stack === c.stack && i.approximate),
  };
}

function totals(ledger: Ledger): PlanCost {
  const monthlyCents = ledger.items.reduce((n, i) => n + i.monthlyCents, 0);
  const byStack: Record<string, number> = {};
  const byTier: Record<string, number> = {};
  for (const item of ledger.items) {
    byStack[item.stack] = (byStack[item.stack] ?? 0) + item.monthlyCents;
    byTier[item.tier] = (byTier[item.tier] ?? 0) + item.monthlyCents;
  }
  const toAmounts = (r: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, centsToAmount(v)]));
  return {
    currency: PRICING.rows.currency,
    monthly: centsToAmount(monthlyCents),
    monthlyCents,
    hoursPerMonth: HOURS,
    approximate: ledger.items.some((i) => i.approximate),
    items: ledger.items,
    byStack: toAmounts(byStack),
    byTier: toAmounts(Object.fromEntries(COST_TIERS.filter((t) => byTier[t] !== undefined).map((t) => [t, byTier[t]!]))),
    notEstimated: ledger.notEstimated,
  };
}

/** What each stack creates in each region, from the model (the same decisions synth reads). */
function regionsTouched(model: DeploymentModel): PlanRegion[] {
  const byRegion = new Map<string, { stacks: Set<string>; creates: string[] }>();
  const add = (region: string, stack: string, what: string): void => {
    const entry = byRegion.get(region) ?? { stacks: new Set<string>(), creates: [] };
    entry.stacks.add(stack);
    entry.creates.push(`${what} (${stack})`);
    byRegion.set(region, entry);
  };
  for (const site of [model.primary, model.dr]) {
    if (!site) continue;
    const lbs = (site.webLoadBalancer ? 1 : 0) + site.mirrors.filter((m) => m.vip).length;
    const network =
      site.network.kind === 'existing'
        ? `nothing of the network (existing VPC ${site.network.vpcId} and its subnets, read only)`
        : `VPC, ${site.subnets.length} subnets, route tables${site.subnets.some((s) => s.tier === 'public') ? ', internet gateway' : ''}${site.natGatewayAzIndexes.length > 0 ? `, ${site.natGatewayAzIndexes.length} NAT gateways with Elastic IPs` : ''}, flow logs`;
    add(site.region, site.stackId, network);
    if (site.egress.interfaceEndpoints.length > 0 || site.egress.s3GatewayEndpoint) add(site.region, site.stackId, `VPC endpoints (${[...site.egress.interfaceEndpoints, ...(site.egress.s3GatewayEndpoint ? ['s3 gateway'] : [])].join(', ')})`);
    add(site.region, site.stackId, `${site.instances.length} EC2 instances with EBS volumes, IAM roles, security groups, ${plural(lbs, 'load balancer')}, KMS key, S3 log bucket, private hosted zone, SSM documents and parameters, CloudWatch alarms and dashboard, SNS topic, backups (${model.backup.method})`);
    if (site.vpn) add(site.region, site.stackId, 'site-to-site VPN');
    if (site.role === 'primary' && model.backup.copyToDr && model.dr) add(model.dr.region, site.stackId, 'snapshot copies of the primary site (its backup policy copies them)');
  }
  if (model.link && model.primary && model.dr) {
    const what = model.link.peering ? 'VPC peering, routes, private zone association' : 'private zone association (no peering: dr.link none)';
    add(model.link.primaryRegion, model.link.stackId, what);
    add(model.link.drRegion, model.link.stackId, model.link.peering ? 'peering accepter, routes, private zone association' : 'private zone association');
  }
  if (model.dns) {
    add(FALLBACK_REGION, model.dns.stackId, 'KMS key, SNS topic and health-check alarms (Route 53 health-check metrics exist only in us-east-1)');
    add('global', model.dns.stackId, `Route 53 ${model.dns.createZone ? 'hosted zone, ' : ''}failover records and health checks`);
  }
  return [...byRegion.entries()].map(([region, e]) => ({ region, stacks: [...e.stacks], creates: e.creates }));
}

export interface PlanOptions {
  /** The price table of a region (e.g. a `refarch prices` cache); undefined: the bundled tables. */
  readonly prices?: PriceSource;
}

/** The plan of a resolved model: stacks in apply order (APPLY_ORDER: dr, primary, link, dns). */
export function buildPlan(model: DeploymentModel, options: PlanOptions = {}): Plan {
  const source = options.prices ?? BUNDLED;
  const ledger = new Ledger();
  const built: PlanStack[] = [];
  for (const site of [model.primary, model.dr]) {
    if (!site) continue;
    const stack = siteStack(model, site);
    const c: StackCost = { ledger, prices: new RegionPrices(site.region, source), stack: site.stackId, region: site.region };
    siteCosts(c, model, site, stack);
    const { id, kind, role, region, ...rest } = stack;
    built.push({ id, kind, role, region, prices: stackPrices(c, region), ...rest });
  }
  if (model.link) {
    built.push(linkStack(model.link));
    ledger.skip(model.link.stackId, 'VPC peering (inter-region async mirror traffic)', 'no hourly charge; inter-region data transfer is usage-based');
  }
  if (model.dns) {
    const stack = dnsStack(model, model.dns);
    // Route 53 is global; the health-check alarms and the topic's key live in us-east-1.
    const c: StackCost = { ledger, prices: new RegionPrices(FALLBACK_REGION, source), stack: stack.id, region: FALLBACK_REGION };
    dnsCosts(c, model, stack);
    const { id, kind, ...rest } = stack;
    built.push({ id, kind, prices: stackPrices(c, FALLBACK_REGION), ...rest });
  }
  const rank = (id: string): number => {
    const i = (APPLY_ORDER as readonly string[]).indexOf(id);
    return i < 0 ? APPLY_ORDER.length : i;
  };
  const stacks = [...built].sort((a, b) => rank(a.id) - rank(b.id));
  const order = new Map(stacks.map((s, i) => [s.id, i]));
  // Items and exclusions in apply order, as before prices were per stack.
  ledger.items.sort((a, b) => order.get(a.stack)! - order.get(b.stack)!);
  ledger.notEstimated.sort((a, b) => order.get(a.stack)! - order.get(b.stack)!);
  const cost = totals(ledger);
  const approximate = stacks.flatMap((s) => (s.kind !== 'link' && s.prices.approximate ? [`${s.id} (${s.prices.region}: ${s.prices.missing.join(', ')})`] : []));
  return {
    apiVersion: PLAN_API_VERSION,
    kind: PLAN_KIND,
    name: model.name,
    profile: model.profile,
    model: model.topology,
    currency: PRICING.rows.currency,
    priceSource: {
      pricing: 'on-demand',
      hoursPerMonth: HOURS,
      note: `Estimate at on-demand prices, each stack at its own region's prices (stacks[].prices), ${HOURS} hours a month. Usage-based charges are listed under notEstimated and are not in the total.${approximate.length > 0 ? ` Approximate: figures missing for ${approximate.join('; ')} are priced at ${FALLBACK_REGION}'s (run refarch prices to fetch them).` : ''}`,
    },
    stacks,
    regions: regionsTouched(model),
    cost,
  };
}
