// The site's private hosted zone (`<site>.<deployment>.internal`, SiteModel.privateZone), so that
// configuration names servers, never IP addresses. Contract:
//   - one aws_route53_zone, private: associated with the site's VPC (its inline vpc block);
//   - an A record per server (InstanceModel.hostName -> the instance's private IP), the arbiter
//     and the application servers included;
//   - per mirror VIP (MirrorModel.vipHostName), an alias A record of the VIP's internal NLB: an
//     alias follows the load balancer's addresses as they change, costs no queries, and needs no
//     TTL; records of a VIP that the site does not build (no members there) are not made.
// The other site's VPC is associated with this zone by the link stack (global/link.ts), after both
// sites exist, with aws_route53_zone_association; the zone ignores changes to its vpc blocks so
// that this stack's next apply does not remove that association (the provider documents this
// pairing). In the hybrid model there is no link: on-premises servers resolve these names only
// through DNS forwarding the operator sets up (README, "Day one").
// Private zones answer only inside the associated VPCs. The scanner rules for public zones,
// DNSSEC signing (CKV2_AWS_38) and query logging (CKV2_AWS_39), cannot apply: Route 53 supports
// neither for private zones (README, Security defaults).
import { DAY_ONE } from '../../catalog/catalog';
import { Construct, Route53Record, Route53Zone } from '../cdktf';
import type { MirrorVipRefs, NetworkRefs, ServerRefs, SiteContext } from './context';

export class PrivateDns extends Construct {
  readonly zone: Route53Zone;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { network: NetworkRefs; servers: ServerRefs; vip: MirrorVipRefs }) {
    super(scope, id);
    const { model, site } = ctx;
    const name = site.privateZone.name;
    this.zone = new Route53Zone(this, 'zone', {
      name,
      comment: `${model.name}: names of the ${site.role} site's servers and mirror VIPs`,
      vpc: [{ vpcId: deps.network.vpc.id }],
      tags: { Name: name },
      lifecycle: { ignoreChanges: ['vpc'] },
    });
    for (const inst of site.instances) {
      const instance = deps.servers.instances[inst.key];
      if (instance === undefined) continue;
      new Route53Record(this, `${inst.key}_a`, {
        zoneId: this.zone.zoneId,
        name: inst.hostName,
        type: 'A',
        ttl: DAY_ONE.rows.privateRecordTtlSeconds,
        records: [instance.privateIp],
      });
    }
    for (const mirror of site.mirrors) {
      const vip = deps.vip.byMirror[mirror.name];
      if (mirror.vipHostName === undefined || vip === undefined) continue;
      new Route53Record(this, `vip_${mirror.name.replace(/-/g, '_')}_a`, {
        zoneId: this.zone.zoneId,
        name: mirror.vipHostName,
        type: 'A',
        alias: { name: vip.loadBalancer.dnsName, zoneId: vip.loadBalancer.zoneId, evaluateTargetHealth: false },
      });
    }
  }
}
