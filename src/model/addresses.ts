// What each subnet of a site must hold: the addresses its servers, load balancer nodes, NAT
// gateways, interface endpoints and mount targets take. Read by resolve (the free addresses an
// existing subnet must have, checked at plan time) and by the network.subnet-capacity rule (a
// VPC refarch cuts), so the two count alike. AWS's figures come from the catalog.
import { SUBNET_ADDRESSES } from '../catalog/catalog';
import type { BackupModel, SiteModel, SubnetModel } from './model';

const A = SUBNET_ADDRESSES.rows;

export interface SubnetDemand {
  /** Addresses taken, by what. */
  readonly uses: ReadonlyArray<{ readonly what: string; readonly count: number }>;
  /** Load balancer subnets: a /27 or larger with free addresses to scale into. */
  readonly loadBalancer: boolean;
}

/** The subnets holding the web load balancer: public ones (internet-facing), web ones (internal). */
export function loadBalancerSubnetTier(site: Pick<SiteModel, 'webLoadBalancer'>): 'public' | 'web' | undefined {
  if (site.webLoadBalancer === undefined) return undefined;
  return site.webLoadBalancer.scheme === 'internal' ? 'web' : 'public';
}

/** What each subnet of a site must hold. */
export function subnetDemands(site: SiteModel, backupMethod: BackupModel['method']): Map<SubnetModel, SubnetDemand> {
  const out = new Map<SubnetModel, SubnetDemand>();
  const vipMirrors = site.mirrors.filter((m) => m.vip && (m.primaryKey !== undefined || m.backupKey !== undefined || m.asyncKeys.length > 0)).length;
  const lbTier = loadBalancerSubnetTier(site);
  const endpoints = site.egress.interfaceEndpoints.length;
  for (const subnet of site.subnets) {
    const uses: Array<{ what: string; count: number }> = [];
    const servers = site.instances.filter((i) => i.subnetKey === subnet.key);
    const byTier = new Map<string, number>();
    for (const i of servers) byTier.set(i.tier, (byTier.get(i.tier) ?? 0) + 1);
    for (const [tier, n] of byTier) uses.push({ what: `${n} ${tier} server${n === 1 ? '' : 's'}`, count: n });
    if (subnet.tier === 'public' && site.natGatewayAzIndexes.includes(subnet.azIndex)) uses.push({ what: 'a NAT gateway', count: A.perSubnetInterface });
    const loadBalancer = lbTier !== undefined && subnet.tier === lbTier;
    if (subnet.tier === A.endpointSubnetTier && endpoints > 0) {
      const ssmOnly = site.egress.interfaceEndpoints.every((s) => A.ssmEndpointServices.includes(s));
      uses.push({ what: `${endpoints} ${ssmOnly ? 'SSM ' : ''}interface endpoints`, count: endpoints * A.perSubnetInterface });
    }
    if (subnet.tier === 'data') {
      if (vipMirrors > 0) uses.push({ what: `${vipMirrors} mirror VIP load balancer${vipMirrors === 1 ? '' : 's'}`, count: vipMirrors * A.perSubnetInterface });
      if (backupMethod === 'online') uses.push({ what: 'an EFS mount target', count: A.perSubnetInterface });
    }
    out.set(subnet, { uses, loadBalancer });
  }
  return out;
}

/** Addresses a subnet's demand needs free: what it takes, plus the load balancer's headroom. */
export function addressesNeeded(demand: SubnetDemand): number {
  return demand.uses.reduce((sum, u) => sum + u.count, 0) + (demand.loadBalancer ? A.loadBalancerFreeAddresses : 0);
}
