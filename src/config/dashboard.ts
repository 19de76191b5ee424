// The operations dashboards of one site, derived from the resolved model alone: synth renders
// exactly these pages (src/synth/site/monitoring.ts, which fills in the resource ids), plan counts
// and prices them. A panel is a graph of metric lines; a line names its dimensions' values either
// literally or by the model key of the resource whose id synth puts there.
//
// CloudWatch takes at most 500 metrics per graph, 2,500 per dashboard and 500 graphs per dashboard
// (CLOUDWATCH_DASHBOARD_LIMITS): PutDashboard refuses a body over them, so `terraform apply` would
// fail for a tier of more than 500 servers or a site of more than ~600. A panel with more lines is
// split into parts ("CPU utilization (%), 1 of 3"), and the panels, in order, fill dashboards up
// to the limits: `<site>-operations`, then `<site>-operations-2`, ... Up to the limits (every
// shipped example) there is one dashboard and every title is as before.
import { CLOUDWATCH_DASHBOARD_LIMITS, EBS_VOLUME_TYPES } from '../catalog/catalog';
import { CLOUDWATCH_AGENT } from '../catalog/observability';
import { memberKeys, type DeploymentModel, type InstanceModel, type SiteModel } from '../model/model';

/** The id of a resource synth creates, by model key; or a literal value. */
export type DimensionValue =
  | string
  | { readonly instance: string }
  | { readonly rootVolume: string }
  /** The `index`th volume of the instance's model (InstanceModel.volumes). */
  | { readonly volume: string; readonly index: number }
  /** The web load balancer's ALB arn suffix or Classic ELB name; the ALB target group's arn suffix. */
  | { readonly web: 'loadBalancer' | 'targetGroup' }
  | { readonly vip: string; readonly part: 'loadBalancer' | 'targetGroup' };

export interface PanelLine {
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: ReadonlyArray<readonly [string, DimensionValue]>;
}

export interface Panel {
  readonly title: string;
  readonly stat: string;
  readonly lines: readonly PanelLine[];
}

/** One dashboard: its panels (parts of the site's panels), in order. */
export interface DashboardPage {
  /** 1 for `<site>-operations`, 2 for `<site>-operations-2`, ... */
  readonly n: number;
  readonly panels: readonly Panel[];
}

const line = (namespace: string, metric: string, ...dimensions: Array<readonly [string, DimensionValue]>): PanelLine => ({ namespace, metric, dimensions });

/** The instance's volumes whose type runs on burst credits (EBS_VOLUME_TYPES.bursts): the root volume, then the data volumes in model order. */
export function burstingVolumes(instance: InstanceModel): Array<{ readonly purpose: string; readonly type: string; readonly ref: DimensionValue }> {
  const out: Array<{ purpose: string; type: string; ref: DimensionValue }> = [];
  if (EBS_VOLUME_TYPES.rows[instance.rootVolume.type].bursts) out.push({ purpose: 'root', type: instance.rootVolume.type, ref: { rootVolume: instance.key } });
  instance.volumes.forEach((volume, index) => {
    if (EBS_VOLUME_TYPES.rows[volume.type].bursts) out.push({ purpose: volume.purpose.replace(/[^A-Za-z0-9_-]/g, '_'), type: volume.type, ref: { volume: instance.key, index } });
  });
  return out;
}

/** Every panel of the site, in dashboard order: EC2, the web entry, from inside the servers, the mirror VIPs, EBS burst credits. */
export function dashboardPanels(model: DeploymentModel, site: SiteModel): Panel[] {
  const panels: Panel[] = [];
  const instances = site.instances;
  if (instances.length > 0) {
    panels.push({ title: 'CPU utilization (%)', stat: 'Average', lines: instances.map((i) => line('AWS/EC2', 'CPUUtilization', ['InstanceId', { instance: i.key }])) });
    panels.push({ title: 'Status check failures', stat: 'Maximum', lines: instances.map((i) => line('AWS/EC2', 'StatusCheckFailed', ['InstanceId', { instance: i.key }])) });
  }
  const web = site.webLoadBalancer;
  if (web !== undefined) {
    const lb: readonly [string, DimensionValue] = web.type === 'application' ? ['LoadBalancer', { web: 'loadBalancer' }] : ['LoadBalancerName', { web: 'loadBalancer' }];
    const ns = web.type === 'application' ? 'AWS/ApplicationELB' : 'AWS/ELB';
    const [elb5xx, target5xx] = web.type === 'application' ? ['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count'] : ['HTTPCode_ELB_5XX', 'HTTPCode_Backend_5XX'];
    panels.push({ title: 'Web load balancer 5xx', stat: 'Sum', lines: [line(ns, elb5xx, lb), line(ns, target5xx, lb)] });
    const hosts: Array<readonly [string, DimensionValue]> = web.type === 'application' ? [['TargetGroup', { web: 'targetGroup' }], lb] : [lb];
    panels.push({ title: 'Web servers in service', stat: 'Maximum', lines: [line(ns, 'HealthyHostCount', ...hosts), line(ns, 'UnHealthyHostCount', ...hosts)] });
  }
  panels.push(...agentPanels(model, site));
  const vips = site.mirrors.filter((m) => m.vip && memberKeys(m).length > 0);
  if (vips.length > 0) {
    panels.push({
      title: 'Mirror VIP: members answering as primary',
      stat: 'Minimum',
      lines: vips.map((m) => line('AWS/NetworkELB', 'HealthyHostCount', ['TargetGroup', { vip: m.name, part: 'targetGroup' }], ['LoadBalancer', { vip: m.name, part: 'loadBalancer' }])),
    });
  }
  const burst = instances.flatMap((i) => burstingVolumes(i).map((v) => line('AWS/EBS', 'BurstBalance', ['VolumeId', v.ref])));
  if (burst.length > 0) panels.push({ title: 'EBS burst balance (%)', stat: 'Average', lines: burst });
  return panels;
}

/**
 * The panels from inside the servers (monitoring.agent): per mirror, whether the backup is ready
 * to take over and the journal volumes' use; per tier, memory and root volume use.
 */
function agentPanels(model: DeploymentModel, site: SiteModel): Panel[] {
  if (!model.monitoring.agent) return [];
  const A = CLOUDWATCH_AGENT.rows;
  const panels: Panel[] = [];
  const byKey = new Map(site.instances.map((i) => [i.key, i] as const));
  for (const mirror of site.mirrors) {
    const inSite = memberKeys(mirror).map((k) => byKey.get(k)).filter((i): i is InstanceModel => i !== undefined);
    if (model.software.platform === 'iris') {
      const failover = inSite.filter((i) => i.mirrorRole !== 'async');
      if (failover.length > 0) panels.push({ title: `Mirror ${mirror.irisName}: backup ready to take over (1)`, stat: 'Minimum', lines: failover.map((i) => line(A.irisNamespace, 'iris_mirror_failover_ready', ['host', i.hostName])) });
    }
    const journals = inSite.flatMap((i) =>
      i.volumes.filter((v) => v.purpose === 'journal1' || v.purpose === 'journal2' || v.purpose === 'wij').map((v) => line(A.osNamespace, 'disk_used_percent', ['InstanceId', { instance: i.key }], ['path', v.mountPoint], ['fstype', A.fileSystem])),
    );
    if (journals.length > 0) panels.push({ title: `Mirror ${mirror.irisName}: journal and WIJ volumes used (%)`, stat: 'Maximum', lines: journals });
  }
  for (const tier of ['web', 'app', 'print', 'database', 'arbiter'] as const) {
    const keys = site.instances.filter((i) => i.tier === tier).map((i) => i.key);
    if (keys.length === 0) continue;
    panels.push({ title: `${tier}: memory used (%)`, stat: 'Maximum', lines: keys.map((key) => line(A.osNamespace, 'mem_used_percent', ['InstanceId', { instance: key }])) });
    panels.push({ title: `${tier}: root volume used (%)`, stat: 'Maximum', lines: keys.map((key) => line(A.osNamespace, 'disk_used_percent', ['InstanceId', { instance: key }], ['path', '/'], ['fstype', A.fileSystem])) });
  }
  return panels;
}

/**
 * The panels split into parts of at most `metricsPerWidget` lines (as even as possible, so that no
 * part is a stub), then packed in order into dashboards of at most `metricsPerDashboard` lines and
 * `widgetsPerDashboard` panels. A panel's parts may continue on the next dashboard.
 */
export function dashboardPages(panels: readonly Panel[], limits = CLOUDWATCH_DASHBOARD_LIMITS.rows): DashboardPage[] {
  const parts: Panel[] = [];
  for (const panel of panels) {
    const count = Math.ceil(panel.lines.length / limits.metricsPerWidget);
    if (count <= 1) {
      parts.push(panel);
      continue;
    }
    const size = Math.ceil(panel.lines.length / count);
    for (let i = 0; i < count; i++) parts.push({ ...panel, title: `${panel.title}, ${i + 1} of ${count}`, lines: panel.lines.slice(i * size, (i + 1) * size) });
  }
  const pages: DashboardPage[] = [];
  let current: Panel[] = [];
  let metrics = 0;
  for (const part of parts) {
    if (current.length > 0 && (metrics + part.lines.length > limits.metricsPerDashboard || current.length + 1 > limits.widgetsPerDashboard)) {
      pages.push({ n: pages.length + 1, panels: current });
      current = [];
      metrics = 0;
    }
    current.push(part);
    metrics += part.lines.length;
  }
  // A site always has its dashboard, even one with nothing on it.
  if (current.length > 0 || pages.length === 0) pages.push({ n: pages.length + 1, panels: current });
  return pages;
}

/** The site's dashboards: what synth renders and plan prices. */
export function siteDashboards(model: DeploymentModel, site: SiteModel): DashboardPage[] {
  return dashboardPages(dashboardPanels(model, site));
}
