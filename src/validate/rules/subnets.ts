// Whether every tier fits its subnets. A VPC is cut into 16 equal subnets (tier x zone), so a
// small VPC with many servers synthesizes fine and then runs out of addresses half-way through
// `terraform apply`. The addresses a subnet needs are counted from the resolved model, with
// AWS's figures from the catalog.
import { SUBNET_ADDRESSES } from '../../catalog/catalog';
import type { SiteModel, SpecPath } from '../../model/model';
import { addressesNeeded, subnetDemands } from '../../model/addresses';
import { parseCidr } from '../../util/cidr';
import type { Finding } from '../../model/diagnostics';
import type { Rule } from './rule';
import { error } from './util';

const A = SUBNET_ADDRESSES.rows;
/** The VPC sizes cidr.vpc-size accepts. */
const VPC_PREFIX = { min: 16, max: 24 } as const;

function usable(prefix: number): number {
  return 2 ** (32 - prefix) - A.reservedPerSubnet;
}

/** The longest VPC prefix whose subnets (`delta` bits longer) hold `need` addresses and meet the load balancer minimum. */
function vpcPrefixFor(need: number, loadBalancer: boolean, delta: number): number {
  let subnet = 32;
  while (subnet > 0 && (usable(subnet) < need || (loadBalancer && subnet > A.loadBalancerMaxPrefix))) subnet -= 1;
  return subnet - delta;
}

export const subnetCapacityRule: Rule = {
  ids: ['network.subnet-capacity'],
  description: 'Every subnet holds the servers, load balancer nodes, NAT gateways, endpoints and mount targets placed in it, after the 5 addresses AWS reserves.',
  check(context) {
    const out: Finding[] = [];
    const sites: Array<{ site: SiteModel; path: SpecPath; label: string }> = [];
    if (context.model.primary) sites.push({ site: context.model.primary, path: ['network', 'vpcCidr'], label: 'primary VPC' });
    if (context.model.dr) sites.push({ site: context.model.dr, path: ['dr', 'vpcCidr'], label: 'DR VPC' });
    for (const { site, path, label } of sites) {
      // An existing VPC's subnets are the network team's: their free addresses are checked at
      // terraform plan (postconditions), not here.
      if (site.network.kind === 'existing') continue;
      const vpc = parseCidr(site.vpcCidr);
      const first = site.subnets[0] === undefined ? undefined : parseCidr(site.subnets[0].cidr);
      // A VPC outside /16-/24 is cidr.vpc-size's to report, once.
      if (vpc === undefined || first === undefined || vpc.prefix < VPC_PREFIX.min || vpc.prefix > VPC_PREFIX.max) continue;
      // Subnets are equal blocks of the VPC, as resolve cut them.
      const prefix = first.prefix;
      const room = usable(prefix);
      // Per subnet tier, the fullest subnet speaks for the others.
      const worst = new Map<string, { text: string; need: number; others: number }>();
      let needVpcPrefix = vpc.prefix;
      for (const [subnet, demand] of subnetDemands(site, context.model.backup.method)) {
        const need = addressesNeeded(demand);
        const tooSmallForLb = demand.loadBalancer && prefix > A.loadBalancerMaxPrefix;
        if (need <= room && !tooSmallForLb) continue;
        needVpcPrefix = Math.min(needVpcPrefix, vpcPrefixFor(need, demand.loadBalancer, prefix - vpc.prefix));
        const parts = [...demand.uses.map((u) => u.what), ...(demand.loadBalancer ? [`${A.loadBalancerFreeAddresses} free for the web load balancer`] : [])];
        const text = `${subnet.tier} subnet ${subnet.key} (${subnet.az}) needs ${need}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${tooSmallForLb ? ` and a /${A.loadBalancerMaxPrefix} or larger block for the web load balancer` : ''}`;
        const seen = worst.get(subnet.tier);
        if (seen === undefined) worst.set(subnet.tier, { text, need, others: 0 });
        else worst.set(subnet.tier, need > seen.need ? { text, need, others: seen.others + 1 } : { ...seen, others: seen.others + 1 });
      }
      const short = [...worst.values()].map((w) => `${w.text}${w.others > 0 ? ` (and ${w.others} more like it)` : ''}`);
      if (short.length === 0) continue;
      out.push(
        error(
          'network.subnet-capacity',
          path,
          `${label} ${site.vpcCidr} is cut into /${prefix} subnets of ${room} usable addresses each (AWS reserves ${A.reservedPerSubnet} per subnet), too few: ${short.join('; ')}`,
          needVpcPrefix >= 16
            ? `use a /${needVpcPrefix} or larger VPC, or spread the servers over more zones`
            : 'spread the servers over more zones or deployments',
          { value: Math.max(...[...worst.values()].map((w) => w.need)), limit: room, unit: 'addresses per subnet', ...(needVpcPrefix >= 16 ? { fits: `/${needVpcPrefix}` } : {}) },
        ),
      );
    }
    return out;
  },
};
