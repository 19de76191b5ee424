// The health of an internal web entry for Route 53 failover (dns stack). Route 53's checkers
// cannot reach an internal load balancer, so the dns stack's health check of this site reads
// this CloudWatch alarm (a CLOUDWATCH_METRIC health check; the alarm must be in the health
// check's account, which validate ensures). It watches the healthy targets of the site's mirror
// VIP, whose target group health check is mirror_status.cxw: a member is healthy there only while
// it is primary, so, as with the HTTPS check of a public entry, only the serving region is OK.
// Without a VIP it watches the web load balancer's healthy servers.
import type { SiteRole } from '../../model/model';
import { CloudwatchMetricAlarm, Construct, Lb } from '../cdktf';
import type { MirrorVipRefs, SiteContext, WebEntryRefs } from './context';

/** 1-minute periods, 2 of them: the same pace as the public entry's HTTPS checks (3 x 30 s). */
const PERIOD_SECONDS = 60;
const EVALUATION_PERIODS = 2;

/** The alarm name the model gave this site's DNS target, when its health is alarm-driven. */
export function entryAlarmName(ctx: SiteContext): string | undefined {
  const dns = ctx.model.dns;
  if (dns === undefined) return undefined;
  for (const target of [dns.primary, dns.secondary]) {
    if (target?.kind === 'site' && target.site === (ctx.site.role as SiteRole)) return target.healthAlarmName;
  }
  return undefined;
}

export class EntryHealthAlarm extends Construct {
  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { alarmName: string; web: WebEntryRefs; vip: MirrorVipRefs }) {
    super(scope, id);
    const vip = Object.values(deps.vip.byMirror)[0];
    const metric: { namespace: string; dimensions: Record<string, string> } = vip
      ? { namespace: 'AWS/NetworkELB', dimensions: { TargetGroup: vip.targetGroup.arnSuffix, LoadBalancer: vip.loadBalancer.arnSuffix } }
      : deps.web.loadBalancer instanceof Lb && deps.web.targetGroup
        ? { namespace: 'AWS/ApplicationELB', dimensions: { TargetGroup: deps.web.targetGroup.arnSuffix, LoadBalancer: deps.web.loadBalancer.arnSuffix } }
        : { namespace: 'AWS/ELB', dimensions: { LoadBalancerName: deps.web.loadBalancer.name } };
    new CloudwatchMetricAlarm(this, 'alarm', {
      alarmName: deps.alarmName,
      alarmDescription: `${ctx.name('web')}: ALARM while no ${vip ? 'mirror member of this site is primary' : 'web server is healthy'}; the dns stack's Route 53 health check of this site reads it (internal entry)`,
      ...metric,
      metricName: 'HealthyHostCount',
      statistic: 'Minimum',
      comparisonOperator: 'LessThanThreshold',
      threshold: 1,
      period: PERIOD_SECONDS,
      evaluationPeriods: EVALUATION_PERIODS,
      treatMissingData: 'breaching',
      actionsEnabled: false,
    });
  }
}
