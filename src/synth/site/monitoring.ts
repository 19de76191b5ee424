// Monitoring of one site: an encrypted SNS topic (email subscription when the model names an
// address), CloudWatch alarms on every instance, load balancer and bursting volume, and the
// operations dashboards src/config/dashboard.ts lays out (one, unless the site passes CloudWatch's
// metrics per graph or per dashboard), with the resource ids filled in. Resource ids derive from
// model keys (instance keys, mirror names, volume purposes), so adding a server never renames
// another server's alarms; the first dashboard keeps its address however many follow.
import { agentAlarms, type AgentAlarm, type AgentAlarmMetric } from '../../config/agent-alarms';
import { burstingVolumes, siteDashboards, type DimensionValue } from '../../config/dashboard';
import { CloudwatchDashboard, CloudwatchMetricAlarm, Construct, SnsTopic, SnsTopicSubscription } from '../cdktf';
import type { EncryptionRefs, MirrorVipRefs, ServerRefs, SiteContext, WebEntryRefs } from './context';
import { siteFacts } from './facts';

/**
 * How each alarm judges its metric. Periods are in seconds; instances have detailed (1-minute)
 * monitoring. treatMissingData: status and CPU metrics go missing only when the instance is
 * stopped (no alarm then); request-count metrics have no data points without traffic
 * (notBreaching); a VIP whose metrics vanish has lost its load balancer (breaching).
 */
export const ALARM_POLICY = {
  systemCheck: { period: 60, evaluationPeriods: 2, treatMissingData: 'missing' },
  instanceCheck: { period: 60, evaluationPeriods: 3, treatMissingData: 'missing' },
  cpu: { period: 300, evaluationPeriods: 3, treatMissingData: 'missing' },
  http5xx: { period: 300, evaluationPeriods: 1, threshold: 10, treatMissingData: 'notBreaching' },
  unhealthyHosts: { period: 60, evaluationPeriods: 3, treatMissingData: 'notBreaching' },
  vipHealthyHosts: { period: 60, evaluationPeriods: 3, treatMissingData: 'breaching' },
  burstBalance: { period: 300, evaluationPeriods: 3, thresholdPercent: 20, treatMissingData: 'missing' },
} as const;

interface AlarmArgs {
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: 'Average' | 'Maximum' | 'Minimum' | 'Sum';
  readonly comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  readonly threshold: number;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: string;
  readonly actions: string[];
}

/** A metric as a dashboard widget line: [namespace, metric, dimension name, value, ...]. */
type DashboardMetric = string[];

interface Widget {
  readonly title: string;
  readonly metrics: DashboardMetric[];
  readonly stat: string;
}

export interface MonitoringDeps {
  readonly encryption: EncryptionRefs;
  readonly servers: ServerRefs;
  readonly web: WebEntryRefs | undefined;
  readonly vip: MirrorVipRefs;
}

export class Monitoring extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: MonitoringDeps) {
    super(scope, id);
    const { model, site } = ctx;
    this.topic = new SnsTopic(this, 'topic', {
      name: ctx.name('alarms'),
      displayName: `${model.name} ${site.role} alarms`,
      kmsMasterKeyId: deps.encryption.key.arn,
      tags: { Name: ctx.name('alarms') },
    });
    if (model.monitoring.alarmEmail) {
      new SnsTopicSubscription(this, 'email', { topicArn: this.topic.arn, protocol: 'email', endpoint: model.monitoring.alarmEmail });
    }
    const notify = [this.topic.arn];
    const { partition } = siteFacts(ctx.stack);
    const recover = `arn:${partition}:automate:${site.region}:ec2:recover`;

    for (const model_ of deps.servers.planned) {
      const instance = deps.servers.instances[model_.key];
      if (!instance) continue;
      const dims = { InstanceId: instance.id };
      const P = ALARM_POLICY;
      this.alarm(`${model_.key}_system`, {
        name: `${model_.name}-system-check`,
        description: `${model_.name}: the system status check failed (AWS hardware or host problem); EC2 recovers the instance onto healthy hardware`,
        namespace: 'AWS/EC2',
        metric: 'StatusCheckFailed_System',
        dimensions: dims,
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        ...P.systemCheck,
        actions: [recover, ...notify],
      });
      this.alarm(`${model_.key}_instance`, {
        name: `${model_.name}-instance-check`,
        description: `${model_.name}: the instance status check failed (operating system or instance configuration); needs a person`,
        namespace: 'AWS/EC2',
        metric: 'StatusCheckFailed_Instance',
        dimensions: dims,
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        ...P.instanceCheck,
        actions: notify,
      });
      this.alarm(`${model_.key}_cpu`, {
        name: `${model_.name}-cpu-high`,
        description: `${model_.name}: average CPU above ${model.monitoring.cpuHighPercent}% for ${(P.cpu.period * P.cpu.evaluationPeriods) / 60} minutes`,
        namespace: 'AWS/EC2',
        metric: 'CPUUtilization',
        dimensions: dims,
        statistic: 'Average',
        comparison: 'GreaterThanThreshold',
        threshold: model.monitoring.cpuHighPercent,
        ...P.cpu,
        actions: notify,
      });
      for (const volume of burstingVolumes(model_)) {
        this.alarm(`${model_.key}_${volume.purpose}_burst`, {
          name: `${model_.name}-${volume.purpose}-burst-balance`,
          description: `${model_.name}: ${volume.type} ${volume.purpose} volume below ${P.burstBalance.thresholdPercent}% of its I/O burst credits; it will drop to baseline IOPS`,
          namespace: 'AWS/EBS',
          metric: 'BurstBalance',
          dimensions: { VolumeId: dimensionValue(volume.ref, deps) },
          statistic: 'Average',
          comparison: 'LessThanThreshold',
          threshold: P.burstBalance.thresholdPercent,
          period: P.burstBalance.period,
          evaluationPeriods: P.burstBalance.evaluationPeriods,
          treatMissingData: P.burstBalance.treatMissingData,
          actions: notify,
        });
      }
    }
    if (deps.web) this.webAlarms(ctx, deps.web, notify);
    // From inside the servers (monitoring.agent): volumes, memory, IRIS, the mirror, ECP, logs.
    for (const a of agentAlarms(model, site)) this.agentAlarm(a, deps.servers, notify);
    this.vipAlarms(ctx, deps.vip, notify);

    for (const page of siteDashboards(model, site)) {
      const widgets = page.panels.map((p): Widget => ({ title: p.title, stat: p.stat, metrics: p.lines.map((l) => [l.namespace, l.metric, ...l.dimensions.flatMap(([name, value]) => [name, dimensionValue(value, deps)])]) }));
      const first = page.n === 1;
      new CloudwatchDashboard(this, first ? 'dashboard' : `dashboard_${page.n}`, { dashboardName: ctx.name(first ? 'operations' : `operations-${page.n}`), dashboardBody: dashboardBody(site.region, widgets) });
    }
  }

  /** An alarm on what the agent publishes (src/config/agent-alarms.ts): one metric, or metric math over several. */
  private agentAlarm(a: AgentAlarm, servers: ServerRefs, notify: string[]): void {
    const dimensionsOf = (m: AgentAlarmMetric): Record<string, string> => {
      const instance = m.instanceKey === undefined ? undefined : servers.instances[m.instanceKey];
      return instance === undefined ? { ...m.dimensions } : { InstanceId: instance.id, ...m.dimensions };
    };
    const [only] = a.metrics;
    if (a.expression === undefined && a.metrics.length === 1 && only !== undefined) {
      this.alarm(`agent_${a.id}`, {
        name: a.name,
        description: a.description,
        namespace: only.namespace,
        metric: only.name,
        dimensions: dimensionsOf(only),
        statistic: only.stat,
        comparison: a.comparison as AlarmArgs['comparison'],
        threshold: a.threshold,
        period: a.period,
        evaluationPeriods: a.evaluationPeriods,
        treatMissingData: a.treatMissingData,
        actions: notify,
      });
      return;
    }
    new CloudwatchMetricAlarm(this, `agent_${a.id}`, {
      alarmName: a.name,
      alarmDescription: a.description,
      comparisonOperator: a.comparison,
      threshold: a.threshold,
      evaluationPeriods: a.evaluationPeriods,
      treatMissingData: a.treatMissingData,
      actionsEnabled: true,
      alarmActions: notify,
      okActions: notify,
      metricQuery: [
        { id: 'e1', expression: a.expression, label: a.name, returnData: true },
        ...a.metrics.map((m, i) => ({
          id: `m${i + 1}`,
          returnData: false,
          metric: { namespace: m.namespace, metricName: m.name, dimensions: dimensionsOf(m), period: a.period, stat: m.stat },
        })),
      ],
    });
  }

  private alarm(id: string, a: AlarmArgs): CloudwatchMetricAlarm {
    return new CloudwatchMetricAlarm(this, id, {
      alarmName: a.name,
      alarmDescription: a.description,
      namespace: a.namespace,
      metricName: a.metric,
      dimensions: a.dimensions,
      statistic: a.statistic,
      comparisonOperator: a.comparison,
      threshold: a.threshold,
      period: a.period,
      evaluationPeriods: a.evaluationPeriods,
      treatMissingData: a.treatMissingData,
      actionsEnabled: true,
      alarmActions: a.actions,
      okActions: a.actions.filter((action) => !action.includes(':automate:')),
    });
  }

  /** 5xx from the load balancer itself and from the web servers behind it, same thresholds (ALB or Classic metrics). */
  private http5xxAlarms(lbName: string, namespace: string, dimensions: Record<string, string>, elbMetric: string, targetMetric: string, notify: string[]): void {
    const P = ALARM_POLICY;
    const alarms = [
      { id: 'web_elb_5xx', suffix: 'elb-5xx', metric: elbMetric, who: 'the load balancer itself answered' },
      { id: 'web_target_5xx', suffix: 'target-5xx', metric: targetMetric, who: 'the web servers answered' },
    ];
    for (const { id, suffix, metric, who } of alarms) {
      this.alarm(id, {
        name: `${lbName}-${suffix}`,
        description: `${lbName}: ${who} more than ${P.http5xx.threshold} requests with 5xx in ${P.http5xx.period / 60} minutes`,
        namespace,
        metric,
        dimensions,
        statistic: 'Sum',
        comparison: 'GreaterThanThreshold',
        threshold: P.http5xx.threshold,
        period: P.http5xx.period,
        evaluationPeriods: P.http5xx.evaluationPeriods,
        treatMissingData: P.http5xx.treatMissingData,
        actions: notify,
      });
    }
  }

  /** Any web server failing the load balancer's health check (ALB or Classic metrics). */
  private unhealthyHostsAlarm(lbName: string, namespace: string, dimensions: Record<string, string>, notify: string[]): void {
    this.alarm('web_unhealthy', {
      name: `${lbName}-unhealthy-hosts`,
      description: `${lbName}: at least one web server fails the load balancer health check`,
      namespace,
      metric: 'UnHealthyHostCount',
      dimensions,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      ...ALARM_POLICY.unhealthyHosts,
      actions: notify,
    });
  }

  private webAlarms(ctx: SiteContext, web: WebEntryRefs, notify: string[]): void {
    const lbName = ctx.name('web');
    if (web.kind === 'application') {
      const lb = web.loadBalancer as { arnSuffix: string };
      const lbDims = { LoadBalancer: lb.arnSuffix };
      this.http5xxAlarms(lbName, 'AWS/ApplicationELB', lbDims, 'HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', notify);
      if (web.targetGroup) this.unhealthyHostsAlarm(lbName, 'AWS/ApplicationELB', { TargetGroup: web.targetGroup.arnSuffix, LoadBalancer: lb.arnSuffix }, notify);
      return;
    }
    const elb = web.loadBalancer as { name: string };
    const dims = { LoadBalancerName: elb.name };
    this.http5xxAlarms(lbName, 'AWS/ELB', dims, 'HTTPCode_ELB_5XX', 'HTTPCode_Backend_5XX', notify);
    this.unhealthyHostsAlarm(lbName, 'AWS/ELB', dims, notify);
  }

  /**
   * A mirror VIP has exactly one healthy target while a member of this site is primary. That holds
   * only where the failover pair runs: in a DR (or hybrid AWS) site every member is an async that
   * answers 503, so zero healthy targets is the normal state there and gets no alarm.
   */
  private vipAlarms(ctx: SiteContext, vip: MirrorVipRefs, notify: string[]): void {
    for (const mirror of ctx.site.mirrors) {
      const refs = vip.byMirror[mirror.name];
      if (!refs) continue;
      const dims = { TargetGroup: refs.targetGroup.arnSuffix, LoadBalancer: refs.loadBalancer.arnSuffix };
      if (mirror.primaryKey === undefined) continue;
      this.alarm(`vip_${mirror.name.replace(/-/g, '_')}_no_primary`, {
        name: `${ctx.name(`vip-${mirror.name}`)}-no-primary`,
        description: `Mirror ${mirror.name}: no member answers mirror_status.cxw with SUCCESS behind the VIP; direct (xDBC/TCP) clients have nowhere to connect`,
        namespace: 'AWS/NetworkELB',
        metric: 'HealthyHostCount',
        dimensions: dims,
        statistic: 'Minimum',
        comparison: 'LessThanThreshold',
        threshold: 1,
        ...ALARM_POLICY.vipHealthyHosts,
        actions: notify,
      });
    }
  }
}

/** The id synth created for a dashboard line's dimension (src/config/dashboard.ts names it by model key). */
function dimensionValue(value: DimensionValue, deps: MonitoringDeps): string {
  if (typeof value === 'string') return value;
  const missing = (what: string): never => {
    throw new Error(`dashboard: no ${what} was built for it`);
  };
  if ('instance' in value) return deps.servers.instances[value.instance]?.id ?? missing(`instance ${value.instance}`);
  if ('rootVolume' in value) return deps.servers.instances[value.rootVolume]?.rootBlockDevice.volumeId ?? missing(`instance ${value.rootVolume}`);
  if ('volume' in value) return deps.servers.volumes[value.volume]?.[value.index]?.id ?? missing(`volume ${value.index} of ${value.volume}`);
  if ('web' in value) {
    const web = deps.web ?? missing('web load balancer');
    if (value.web === 'targetGroup') return web.targetGroup?.arnSuffix ?? missing('web target group');
    return web.kind === 'application' ? (web.loadBalancer as { arnSuffix: string }).arnSuffix : (web.loadBalancer as { name: string }).name;
  }
  const refs = deps.vip.byMirror[value.vip] ?? missing(`VIP of mirror ${value.vip}`);
  return refs[value.part].arnSuffix;
}

/** Dashboard JSON with a fixed key order and layout, so that the same model gives the same text. */
export function dashboardBody(region: string, widgets: readonly Widget[]): string {
  const width = 12;
  const height = 6;
  return JSON.stringify({
    widgets: widgets.map((w, i) => ({
      type: 'metric',
      x: (i % 2) * width,
      y: Math.floor(i / 2) * height,
      width,
      height,
      properties: { title: w.title, region, view: 'timeSeries', stacked: false, stat: w.stat, period: 300, metrics: w.metrics },
    })),
  });
}
