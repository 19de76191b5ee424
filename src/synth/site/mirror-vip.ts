// The mirror "virtual IP" of each mirror with vip on (the reference architecture's polling
// method): an internal Network Load Balancer in the data subnets of every AZ, cross-zone, whose
// target group polls /csp/bin/mirror_status.cxw on the private web server port. Only the primary
// answers 200, so the superserver listener reaches the primary wherever it runs. xDBC and other
// direct clients use its DNS name; ECP clients and CSP Gateways are mirror-aware and need none.
//
// Who owns the target list (one owner per target group, so that nothing shows as drift):
//  - primary site: Terraform registers the failover pair (aws_lb_target_group_attachment) and the
//    health check alone decides which one gets connections. Nothing deregisters a member: a
//    deregistration by ^ZMIRROR would be drift that the next apply undoes.
//  - DR site: Terraform registers nothing (vipTargetKeys). An NLB with no healthy target routes
//    to every registered target (fail open), and an async is never healthy before promotion, so
//    registering the asyncs would send every DR VIP connection to a non-primary. The promotion
//    registers the promoted member (^ZMIRROR or the operator); Terraform declares no attachment
//    there, so it neither sees nor undoes it.
// With the ^ZMIRROR call-out on, the members' role may register targets of this one target group
// (register only, no deregister) and read target health.
import { DEFAULTS } from '../../catalog/catalog';
import { AWS_NAME_LIMITS } from '../../catalog/catalog';
import { memberKeys, vipTargetKeys } from '../../model/model';
import { siteAwsName } from '../../resolve/naming';
import { Construct, IamRolePolicy, Lb, LbListener, LbTargetGroup, LbTargetGroupAttachment } from '../cdktf';
import type { MirrorVipRefs, NetworkRefs, SecurityGroupRefs, ServerRefs, SiteContext } from './context';

const HC = DEFAULTS.rows.healthCheck;

/**
 * The ^ZMIRROR call-out policy: register targets of this one target group, so that
 * $$CheckBecomePrimaryOK^ZMIRROR() can add the member becoming primary (what a promoted DR async
 * needs; in the primary site the member is already registered and the call is a no-op). No
 * DeregisterTargets: the health check already takes a non-primary out of service, and in the
 * primary site a deregistration would be drift that the next apply reverts. Reading target health
 * is allowed on "*" because Elastic Load Balancing supports no resource-level permissions on its
 * Describe* actions (a statement naming the target group would simply be denied); it is a
 * read-only action, which is why policy scanners (CKV_AWS_355/356) accept it unscoped.
 */
export function zmirrorPolicy(targetGroupArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'RegisterThisMemberInTheMirrorVip',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:RegisterTargets'],
        Resource: targetGroupArn,
      },
      { Sid: 'ReadMirrorVipTargetHealth', Effect: 'Allow', Action: 'elasticloadbalancing:DescribeTargetHealth', Resource: '*' },
    ],
  });
}

export class MirrorVip extends Construct implements MirrorVipRefs {
  readonly byMirror: Readonly<Record<string, { readonly loadBalancer: Lb; readonly targetGroup: LbTargetGroup }>>;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { network: NetworkRefs; securityGroups: SecurityGroupRefs; servers: ServerRefs }) {
    super(scope, id);
    const { model, site } = ctx;
    const ports = model.ports;
    const dataSubnets = site.subnets.filter((s) => s.tier === 'data').map((s) => deps.network.subnets[s.key]!.id);
    const byMirror: Record<string, { loadBalancer: Lb; targetGroup: LbTargetGroup }> = {};
    this.byMirror = byMirror;
    // The VIP group exists exactly when some mirror has a VIP: without it there is nothing to build.
    const vipGroup = deps.securityGroups.vip;
    if (vipGroup === undefined) return;
    for (const mirror of site.mirrors) {
      const members = memberKeys(mirror).filter((key) => deps.servers.instances[key] !== undefined);
      if (!mirror.vip || members.length === 0) continue;
      const m = mirror.name.replace(/-/g, '_');
      const loadBalancer = new Lb(this, `${m}_nlb`, {
        name: siteAwsName(model.name, site.role, `vip-${mirror.name}`, AWS_NAME_LIMITS.rows.loadBalancer),
        internal: true,
        loadBalancerType: 'network',
        subnets: dataSubnets,
        securityGroups: [vipGroup.id],
        // Members sit in different AZs: every LB node must reach whichever one is primary.
        enableCrossZoneLoadBalancing: true,
        enableDeletionProtection: !model.decommission,
        // No access logs: an NLB writes them for TLS listeners only, and this one has a TCP
        // listener alone, so enabling them would log nothing while claiming to. The VPC flow log
        // records every connection to the load balancer's interfaces (README, Security defaults).
        tags: { Name: ctx.name(`vip-${mirror.name}`), 'refarch:mirror': mirror.name },
      });
      const targetGroup = new LbTargetGroup(this, `${m}_tg`, {
        name: siteAwsName(model.name, site.role, `vip-${mirror.name}`, AWS_NAME_LIMITS.rows.targetGroup),
        port: ports.superserver,
        protocol: 'TCP',
        targetType: 'instance',
        vpcId: deps.network.vpc.id,
        healthCheck: {
          enabled: true,
          protocol: 'HTTP',
          port: String(ports.webserver),
          path: DEFAULTS.rows.mirrorStatusPath,
          matcher: '200',
          // NLB health checks accept 5-300 s intervals (10 or 30 only before November 2022) and
          // 2-120 s timeouts; the catalog's 5 s / 2 s are the fastest failover detection.
          interval: HC.intervalSeconds,
          timeout: HC.timeoutSeconds,
          healthyThreshold: HC.healthyThreshold,
          unhealthyThreshold: HC.unhealthyThreshold,
        },
        tags: { Name: ctx.name(`vip-${mirror.name}`), 'refarch:mirror': mirror.name },
      });
      new LbListener(this, `${m}_listener`, {
        loadBalancerArn: loadBalancer.arn,
        port: ports.superserver,
        protocol: 'TCP',
        defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
        tags: { Name: ctx.name(`vip-${mirror.name}`) },
      });
      for (const key of vipTargetKeys(mirror).filter((k) => deps.servers.instances[k] !== undefined)) {
        new LbTargetGroupAttachment(this, `${m}_attach_${key}`, { targetGroupArn: targetGroup.arn, targetId: deps.servers.instances[key]!.id, port: ports.superserver });
      }
      if (mirror.zmirrorCallout) {
        new IamRolePolicy(this, `${m}_zmirror`, { name: `zmirror-vip-${mirror.name}`, role: deps.servers.databaseRole.id, policy: zmirrorPolicy(targetGroup.arn) });
      }
      byMirror[mirror.name] = { loadBalancer, targetGroup };
    }
  }
}
