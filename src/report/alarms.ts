// How many CloudWatch alarms each stack gets, as the plan counts them from the resolved model. This
// is the monitoring design of the reference architecture (seed, "Monitoring": alarms on every
// instance and load balancer, EC2 auto-recovery, notification) as the site and DNS stacks build
// it, reduced to one count per kind of resource. The plan reads only the model, so the rule is
// written down here; test/report-plan.test.ts checks it against the synthesized Terraform.
import { burstingVolumes } from '../config/dashboard';
import type { DnsModel, SiteModel } from '../model/model';
import { AGENT_ALARM_KINDS, type AgentAlarm, type AgentAlarmKind } from '../config/agent-alarms';

export interface AlarmRule {
  readonly per: string;
  readonly alarms: readonly string[];
}

/** The alarm set per kind of resource. */
export const ALARM_RULES = {
  instance: { per: 'instance', alarms: ['CPUUtilization above monitoring.cpuHighPercent', 'StatusCheckFailed_System (EC2 auto-recovery)', 'StatusCheckFailed_Instance'] },
  burstingVolume: { per: 'bursting EBS volume (gp2, standard)', alarms: ['BurstBalance low'] },
  webLoadBalancer: { per: 'web load balancer', alarms: ['5xx answered by the load balancer', '5xx answered by the web servers', 'UnHealthyHostCount'] },
  vip: { per: 'mirror VIP with a failover pair', alarms: ['no healthy target (no member answers SUCCESS on mirror_status.cxw)'] },
  entryHealth: { per: 'internal web entry behind DNS failover', alarms: ['site not serving (read by the Route 53 health check)'] },
  dnsPrimary: { per: 'DNS failover record set', alarms: ['PRIMARY health check unhealthy'] },
  dnsSecondary: { per: 'DNS SECONDARY record', alarms: ['SECONDARY serving (a DR member was promoted)', 'neither target serving (metric math over both checks)'] },
} as const satisfies Record<string, AlarmRule>;

export interface AlarmCount {
  readonly count: number;
  /**
   * Alarm metrics, the unit CloudWatch prices: one per standard alarm, one per metric queried by a
   * metric-math alarm.
   */
  readonly metrics: number;
  /** One line per kind: "3 per instance × 12 instances = 36". */
  readonly basis: readonly string[];
}

class Counter {
  count = 0;
  metrics = 0;
  readonly basis: string[] = [];

  add(rule: AlarmRule, n: number, what: string, metricsEach = rule.alarms.length): void {
    if (n === 0) return;
    const k = rule.alarms.length;
    this.count += k * n;
    this.metrics += metricsEach * n;
    this.basis.push(`${k} per ${rule.per} × ${n} ${what} = ${k * n}`);
  }

  result(): AlarmCount {
    return { count: this.count, metrics: this.metrics, basis: this.basis };
  }
}

/**
 * The site's alarms: the EC2, load balancer and VIP rules above, then the alarms on what the
 * CloudWatch agent publishes (src/config/agent-alarms.ts, one line per kind). `dns`: the
 * deployment's failover records, whose internal-entry targets read an alarm of their site.
 */
export function siteAlarms(site: SiteModel, agent: readonly AgentAlarm[] = [], dns?: DnsModel): AlarmCount {
  const c = new Counter();
  c.add(ALARM_RULES.instance, site.instances.length, site.instances.length === 1 ? 'instance' : 'instances');
  // The volumes synth alarms on (and draws on the dashboard).
  const bursting = site.instances.reduce((n, i) => n + burstingVolumes(i).length, 0);
  c.add(ALARM_RULES.burstingVolume, bursting, bursting === 1 ? 'volume' : 'volumes');
  c.add(ALARM_RULES.webLoadBalancer, site.webLoadBalancer ? 1 : 0, 'load balancer');
  // A DR VIP has no healthy target until a promotion: that is its normal state, not an alarm.
  const vips = site.mirrors.filter((m) => m.vip && m.primaryKey !== undefined).length;
  c.add(ALARM_RULES.vip, vips, vips === 1 ? 'VIP' : 'VIPs');
  const entry = [dns?.primary, dns?.secondary].some((t) => t?.kind === 'site' && t.site === site.role && t.healthAlarmName !== undefined);
  c.add(ALARM_RULES.entryHealth, site.webLoadBalancer && entry ? 1 : 0, 'entry');
  for (const kind of Object.keys(AGENT_ALARM_KINDS) as AgentAlarmKind[]) {
    const of = agent.filter((a) => a.kind === kind);
    if (of.length === 0) continue;
    c.count += of.length;
    c.metrics += of.reduce((n, a) => n + a.metrics.length, 0);
    c.basis.push(`agent: ${AGENT_ALARM_KINDS[kind].meaning} × ${of.length}`);
  }
  return c.result();
}

export function dnsAlarms(dns: DnsModel): AlarmCount {
  const c = new Counter();
  c.add(ALARM_RULES.dnsPrimary, 1, 'record set');
  // The "neither serving" alarm queries both health checks' metrics: 1 + 2 alarm metrics.
  if (dns.secondary) c.add(ALARM_RULES.dnsSecondary, 1, 'record', 3);
  return c.result();
}
