// How many CloudWatch alarms a site gets, as the plan counts them from the resolved model. This is
// the monitoring design of the reference architecture (seed, "Monitoring": metrics and alarms for
// every instance and load balancer, automatic recovery, notification), reduced to one count per
// kind of resource. The plan reads only the model, so the rule is written down here; `refarch diff`
// and the synthesized Terraform are the authority on the exact set.
import { EBS_VOLUME_TYPES } from '../catalog/catalog';
import type { SiteModel } from '../model/model';

export interface AlarmRule {
  readonly per: string;
  readonly alarms: readonly string[];
}

/** The alarm set per kind of resource. */
export const ALARM_RULES = {
  instance: { per: 'instance', alarms: ['CPUUtilization above monitoring.cpuHighPercent', 'StatusCheckFailed_System (EC2 auto-recovery)', 'StatusCheckFailed_Instance'] },
  burstingVolume: { per: 'bursting EBS volume (gp2, standard)', alarms: ['BurstBalance low'] },
  webLoadBalancer: { per: 'web load balancer', alarms: ['UnHealthyHostCount', 'HTTP 5xx from the load balancer'] },
  vip: { per: 'mirror VIP load balancer', alarms: ['HealthyHostCount below 1 (no primary answers mirror_status.cxw)'] },
  vpn: { per: 'VPN connection', alarms: ['TunnelState down'] },
} as const satisfies Record<string, AlarmRule>;

export interface AlarmCount {
  readonly count: number;
  /** One line per kind: "3 per instance × 12 instances = 36". */
  readonly basis: readonly string[];
}

export function siteAlarms(site: SiteModel): AlarmCount {
  const basis: string[] = [];
  let count = 0;
  const add = (rule: AlarmRule, n: number, what: string): void => {
    if (n === 0) return;
    const k = rule.alarms.length;
    count += k * n;
    basis.push(`${k} per ${rule.per} × ${n} ${what} = ${k * n}`);
  };
  add(ALARM_RULES.instance, site.instances.length, site.instances.length === 1 ? 'instance' : 'instances');
  const bursting = site.instances.reduce(
    (n, i) => n + (EBS_VOLUME_TYPES.rows[i.rootVolume.type].bursts ? 1 : 0) + i.volumes.filter((v) => EBS_VOLUME_TYPES.rows[v.type].bursts).length,
    0,
  );
  add(ALARM_RULES.burstingVolume, bursting, bursting === 1 ? 'volume' : 'volumes');
  add(ALARM_RULES.webLoadBalancer, site.webLoadBalancer ? 1 : 0, 'load balancer');
  const vips = site.mirrors.filter((m) => m.vip).length;
  add(ALARM_RULES.vip, vips, vips === 1 ? 'VIP' : 'VIPs');
  add(ALARM_RULES.vpn, site.vpn ? 1 : 0, 'connection');
  return { count, basis };
}
