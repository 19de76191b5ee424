// plan: what `terraform apply` would create, read from the resolved model alone (offline, no AWS
// call): per stack and tier the instances, volumes, load balancers, DNS records, backups and alarm
// counts, and an on-demand monthly cost estimate priced from the catalog's PRICES table.
//
// Every amount is integer cents (see money.ts): an item's `monthlyCents` is quantity × unitPrice
// rounded half up to the cent, and `cost.monthlyCents` is exactly the sum of the items'.
import { clusterRoles, type ClusterRole } from '../config/config';
import { EBS_VOLUME_TYPES, INSTANCE_TYPES, PRICES, type EbsType } from '../catalog/catalog';
import type { DeploymentModel, DnsModel, DnsTarget, InstanceModel, LinkModel, SiteModel, Tier, VolumeModel } from '../model/model';
import { APPLY_ORDER, vipTargetKeys } from '../model/model';
import { vipLoadBalancerName, webLoadBalancerName } from '../resolve/naming';
import { dnsAlarms, siteAlarms, type AlarmCount } from './alarms';
import { centsOf, centsToAmount } from './money';

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

export interface PlanSiteStack {
  readonly id: string;
  readonly kind: 'site';
  readonly role: 'primary' | 'dr';
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly vpcCidr: string;
  readonly natGateways: number;
  readonly capacity: 'full' | 'reduced' | 'none';
  readonly tiers: readonly PlanTier[];
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
  readonly type: 'HTTPS_STR_MATCH';
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
  readonly zoneName: string;
  readonly createZone: boolean;
  readonly fqdn: string;
  readonly records: readonly PlanDnsRecord[];
  readonly healthChecks: readonly PlanHealthCheck[];
  /** Health-check alarms, in us-east-1 with the Route 53 metrics. */
  readonly alarms: AlarmCount;
}

export type PlanStack = PlanSiteStack | PlanLinkStack | PlanDnsStack;

export type CostCategory = 'instance' | 'ebs' | 'load-balancer' | 'nat-gateway' | 'vpn' | 'route53' | 'cloudwatch';

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
  readonly priceSource: { readonly region: string; readonly asOf: string; readonly source: string; readonly pricing: 'on-demand'; readonly note: string };
  readonly stacks: readonly PlanStack[];
  readonly cost: PlanCost;
}

const P = PRICES.rows;
const HOURS = P.hoursPerMonth;

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
      scheme: 'internet-facing',
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

function siteStack(model: DeploymentModel, site: SiteModel): PlanSiteStack {
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
    natGateways: site.natGatewayAzIndexes.length,
    capacity: site.capacity,
    tiers,
    loadBalancers: loadBalancers(model, site),
    vpn: site.vpn ? { customerGatewayIp: site.vpn.customerGatewayIp, bgpAsn: site.vpn.bgpAsn, onPremisesCidrs: [...site.vpn.onPremisesCidrs] } : null,
    backup: backupOf(model, site),
    alarms: siteAlarms(site),
  };
}

function linkStack(link: LinkModel): PlanLinkStack {
  return { id: link.stackId, kind: 'link', primaryRegion: link.primaryRegion, drRegion: link.drRegion, primaryVpcCidr: link.primaryVpcCidr, drVpcCidr: link.drVpcCidr };
}

function targetText(t: DnsTarget): string {
  return t.kind === 'site' ? `${t.loadBalancerType === 'application' ? 'ALB' : 'Classic ELB'} ${t.loadBalancerName} (${t.region})` : t.hostname;
}

/** Health check options priced on top of a basic check: HTTPS and string matching. */
const HEALTH_CHECK_OPTIONS = ['HTTPS', 'string match'] as const;

function dnsStack(model: DeploymentModel, dns: DnsModel): PlanDnsStack {
  const records: PlanDnsRecord[] = [];
  const checks: PlanHealthCheck[] = [];
  const add = (failover: 'PRIMARY' | 'SECONDARY', t: DnsTarget): void => {
    const id = failover.toLowerCase();
    checks.push({ id, type: 'HTTPS_STR_MATCH', target: targetText(t), port: model.ports.https, path: dns.healthCheckPath, searchString: dns.healthCheckSearchString, options: [...HEALTH_CHECK_OPTIONS] });
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

  add(stack: string, tier: CostTier, category: CostCategory, description: string, quantity: number, unit: string, unitPrice: number): void {
    if (quantity <= 0) return;
    const monthlyCents = centsOf(quantity, unitPrice);
    this.items.push({ stack, tier, category, description, quantity, unit, unitPrice, monthly: centsToAmount(monthlyCents), monthlyCents });
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

function instanceCosts(ledger: Ledger, site: SiteModel): void {
  for (const tier of INSTANCE_TIERS) {
    const instances = site.instances.filter((i) => i.tier === tier);
    for (const [type, group] of groupBy(instances, (i) => i.instanceType)) {
      const spec = INSTANCE_TYPES.rows[type];
      if (spec === undefined) {
        ledger.skip(site.stackId, `${group.length} × ${type} (${tier})`, 'instance type not in the catalog');
        continue;
      }
      ledger.add(site.stackId, tier, 'instance', `EC2 ${group.length} × ${type} (${tier}), on-demand Linux`, group.length * HOURS, 'instance-hour', spec.usdPerHour);
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

function ebsCosts(ledger: Ledger, site: SiteModel): void {
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
      ledger.add(site.stackId, tier, 'ebs', `EBS ${type} storage (${what})`, gib, 'GiB-month', P.ebsPerGiBMonth[ebsType]);
      if (ebsType === 'gp3') {
        const included = EBS_VOLUME_TYPES.rows.gp3.included!;
        const extraIops = group.reduce((n, v) => n + Math.max(0, (v.iops ?? included.iops) - included.iops), 0);
        const extraMiBps = group.reduce((n, v) => n + Math.max(0, (v.throughputMiBps ?? included.throughputMiBps) - included.throughputMiBps), 0);
        ledger.add(site.stackId, tier, 'ebs', `EBS gp3 IOPS above the included ${included.iops.toLocaleString('en-US')} per volume`, extraIops, 'IOPS-month', P.gp3IopsMonthOver3000);
        ledger.add(site.stackId, tier, 'ebs', `EBS gp3 throughput above the included ${included.throughputMiBps} MiB/s per volume`, extraMiBps, 'MiBps-month', P.gp3MiBpsMonthOver125);
      }
      if (ebsType === 'io1' || ebsType === 'io2') {
        const iops = group.reduce((n, v) => n + (v.iops ?? 0), 0);
        ledger.add(site.stackId, tier, 'ebs', `EBS ${type} provisioned IOPS (${what})`, iops, 'IOPS-month', P.ioIopsMonth);
      }
      if (ebsType === 'standard') ledger.skip(site.stackId, `EBS standard I/O requests (${what})`, 'priced per million I/O requests: usage-based');
    }
  }
}

function siteCosts(ledger: Ledger, site: SiteModel, plan: PlanSiteStack): void {
  instanceCosts(ledger, site);
  ebsCosts(ledger, site);
  for (const lb of plan.loadBalancers) {
    if (lb.type === 'network') {
      ledger.add(site.stackId, 'database', 'load-balancer', `NLB ${lb.name} (mirror VIP)`, HOURS, 'LB-hour', P.nlbHour);
    } else if (lb.type === 'application') {
      ledger.add(site.stackId, 'web', 'load-balancer', `ALB ${lb.name}`, HOURS, 'LB-hour', P.albHour);
    } else {
      ledger.add(site.stackId, 'web', 'load-balancer', `Classic ELB ${lb.name}`, HOURS, 'LB-hour', P.classicElbHour);
    }
  }
  if (plan.loadBalancers.some((lb) => lb.type === 'application' || lb.type === 'network')) {
    ledger.skip(site.stackId, 'Load balancer capacity units (ALB LCU, NLB NLCU)', 'usage-based (connections, bytes, rule evaluations)');
  }
  if (plan.loadBalancers.some((lb) => lb.type === 'classic')) ledger.skip(site.stackId, 'Classic ELB data processed', 'usage-based (per GB)');
  ledger.add(site.stackId, 'network', 'nat-gateway', `NAT gateway × ${plan.natGateways} (${site.natGateways})`, plan.natGateways * HOURS, 'gateway-hour', P.natGatewayHour);
  if (plan.natGateways > 0) ledger.skip(site.stackId, 'NAT gateway data processed', 'usage-based (per GB)');
  if (site.vpn) ledger.add(site.stackId, 'network', 'vpn', 'Site-to-site VPN connection', HOURS, 'connection-hour', P.vpnConnectionHour);
  ledger.add(site.stackId, 'monitoring', 'cloudwatch', `CloudWatch alarms (${plan.alarms.count}, counted under Alarms)`, plan.alarms.metrics, 'alarm-metric-month', P.cloudwatchAlarmMonth);
  const b = plan.backup;
  if (b.members.length > 0) {
    const upper = centsOf(b.volumesGiB, P.snapshotPerGiBMonth);
    const what = b.method === 'online' ? 'Online Backup file share (EFS) storage' : 'EBS snapshots';
    ledger.skip(
      site.stackId,
      `${what} of ${plural(b.members.length, 'mirror member')} (${b.volumesGiB.toLocaleString('en-US')} GiB provisioned)`,
      b.method === 'online'
        ? 'usage-based (GB stored)'
        : `usage-based: incremental, changed blocks only; one full copy of every backed-up volume would be ${centsToAmount(upper).toFixed(2)} ${P.currency}/month at ${P.snapshotPerGiBMonth} per GiB-month${b.copyToDr ? ', twice that with the copy to the DR region' : ''}`,
    );
  }
  ledger.skip(site.stackId, 'Data transfer (internet egress, inter-AZ mirror and ECP traffic)', 'usage-based');
  ledger.skip(site.stackId, 'CloudWatch Logs (VPC flow logs, instance logs), KMS key, S3 log bucket, VPC interface endpoints', 'not in the catalog price table');
}

function costOf(model: DeploymentModel, stacks: readonly PlanStack[]): PlanCost {
  const ledger = new Ledger();
  for (const stack of stacks) {
    if (stack.kind === 'site') {
      const site = stack.role === 'primary' ? model.primary : model.dr;
      if (site) siteCosts(ledger, site, stack);
    } else if (stack.kind === 'link') {
      ledger.skip(stack.id, 'VPC peering (inter-region async mirror traffic)', 'no hourly charge; inter-region data transfer is usage-based');
    } else {
      if (stack.createZone) ledger.add(stack.id, 'dns', 'route53', `Route 53 hosted zone ${stack.zoneName}`, 1, 'zone-month', P.route53ZoneMonth);
      else ledger.skip(stack.id, `Route 53 hosted zone ${stack.zoneName}`, 'existing zone (dns.createZone false): already paid for');
      const checks = stack.healthChecks.length;
      ledger.add(stack.id, 'dns', 'route53', `Route 53 health checks (${stack.healthChecks.map((c) => c.id).join(', ')}), AWS endpoints`, checks, 'check-month', P.route53HealthCheckMonth);
      const options = stack.healthChecks.reduce((n, c) => n + c.options.length, 0);
      ledger.add(stack.id, 'dns', 'route53', `Route 53 health check optional features (${HEALTH_CHECK_OPTIONS.join(' + ')} per check)`, options, 'feature-month', P.route53HealthCheckOptionMonth);
      ledger.add(stack.id, 'monitoring', 'cloudwatch', `CloudWatch health-check alarms (${stack.alarms.count}; the "neither serving" alarm queries 2 metrics)`, stack.alarms.metrics, 'alarm-metric-month', P.cloudwatchAlarmMonth);
      if (model.dns?.primary.kind === 'endpoint') ledger.skip(stack.id, 'Route 53 health check of the on-premises endpoint', 'priced above as an AWS endpoint; checks of non-AWS endpoints cost more');
      ledger.skip(stack.id, 'Route 53 DNS queries', 'usage-based (per million queries)');
    }
  }
  const monthlyCents = ledger.items.reduce((n, i) => n + i.monthlyCents, 0);
  const byStack: Record<string, number> = {};
  const byTier: Record<string, number> = {};
  for (const item of ledger.items) {
    byStack[item.stack] = (byStack[item.stack] ?? 0) + item.monthlyCents;
    byTier[item.tier] = (byTier[item.tier] ?? 0) + item.monthlyCents;
  }
  const toAmounts = (r: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, centsToAmount(v)]));
  return {
    currency: P.currency,
    monthly: centsToAmount(monthlyCents),
    monthlyCents,
    hoursPerMonth: HOURS,
    items: ledger.items,
    byStack: toAmounts(byStack),
    byTier: toAmounts(Object.fromEntries(COST_TIERS.filter((t) => byTier[t] !== undefined).map((t) => [t, byTier[t]!]))),
    notEstimated: ledger.notEstimated,
  };
}

/** The plan of a resolved model: stacks in apply order (APPLY_ORDER: dr, primary, link, dns). */
export function buildPlan(model: DeploymentModel): Plan {
  const built: PlanStack[] = [];
  if (model.primary) built.push(siteStack(model, model.primary));
  if (model.dr) built.push(siteStack(model, model.dr));
  if (model.link) built.push(linkStack(model.link));
  if (model.dns) built.push(dnsStack(model, model.dns));
  const rank = (id: string): number => {
    const i = (APPLY_ORDER as readonly string[]).indexOf(id);
    return i < 0 ? APPLY_ORDER.length : i;
  };
  const stacks = [...built].sort((a, b) => rank(a.id) - rank(b.id));
  return {
    apiVersion: PLAN_API_VERSION,
    kind: PLAN_KIND,
    name: model.name,
    profile: model.profile,
    model: model.topology,
    currency: P.currency,
    priceSource: {
      region: PRICES.region,
      asOf: PRICES.asOf,
      source: PRICES.source,
      pricing: 'on-demand',
      note: `Estimate at ${PRICES.region} on-demand prices as of ${PRICES.asOf}, ${HOURS} hours a month; prices differ by region (the deployment runs in ${[...new Set(stacks.flatMap((s) => (s.kind === 'site' ? [s.region] : [])))].join(', ') || 'no region'}). Usage-based charges are listed under notEstimated and are not in the total.`,
    },
    stacks,
    cost: costOf(model, stacks),
  };
}
