// The alarms on what the CloudWatch agent publishes (agent.ts), derived from the resolved model
// alone: synth builds exactly these (src/synth/site/monitoring.ts), plan counts and prices them,
// and the README's runbook has a line for every kind (a test keeps them in step). Thresholds are
// the model's (monitoring.thresholds). Missing data: where silence means the member or its IRIS is
// gone (IRIS state, mirror status, ECP connection), the alarm treats it as breaching; volume and
// memory metrics go missing only while an instance is stopped, which the EC2 alarms already see.
import { CLOUDWATCH_AGENT, IRIS_MIRROR_CONNECTED, SHIPPED_LOGS } from '../catalog/observability';
import type { DeploymentModel, InstanceModel, SiteModel } from '../model/model';
import { agentServers, irisSeries, scrapesIris } from './agent';

const A = CLOUDWATCH_AGENT.rows;

/** Kinds of alarm, each with the runbook line the README carries (what it means, what to do first). */
export const AGENT_ALARM_KINDS = {
  memory: { meaning: 'memory in use above monitoring.thresholds.memoryUsedPercent', first: 'find the process growing (top, ^%SS on IRIS servers); IRIS shared memory is fixed at start, so growth is in processes or the OS page cache under pressure' },
  rootDisk: { meaning: 'root volume free space below monitoring.thresholds.dataFreePercent', first: 'clear /var/log and /tmp; grow the root volume (rootVolume.sizeGiB) if it keeps filling' },
  dataDisk: { meaning: 'database volume free space below monitoring.thresholds.dataFreePercent', first: 'grow the volume in the spec (sizeGiB) and apply; databases expand into it, and a full volume stops their growth' },
  journalWarning: { meaning: 'journal or WIJ volume free space below monitoring.thresholds.journalFreeWarningPercent', first: 'check that journal files are purged (backups complete, ^JRNUTIL); grow the volume in the spec within hours' },
  journalCritical: { meaning: 'journal or WIJ volume free space below monitoring.thresholds.journalFreeCriticalPercent', first: 'act now: IRIS freezes journal writes (and so every update) when a journal directory is full; switch to the alternate journal directory, purge old journals, grow the volume' },
  irisState: { meaning: 'IRIS System Monitor health state RED (2) or HUNG (any value outside 0-2), or no IRIS metrics at all (instance down, web server down, agent stopped)', first: 'read alerts.log and messages.log in the site log group; HUNG means global updates are blocked (journal or write daemon)' },
  license: { meaning: 'licence units in use above monitoring.thresholds.licenseUsedPercent', first: 'look for leaked sessions ($System.License.ShowCounts()); plan a licence upgrade before users are refused' },
  ecpDisconnected: { meaning: 'an ECP application or print server has no connection to its data server', first: 'check the mirror primary and the mirror VIP/ECP port (superserver) from the server; ECP recovers by itself when the primary returns' },
  failoverNotReady: { meaning: 'neither failover member reports that the backup would take over (iris_mirror_failover_ready 0 or silent on both)', first: 'open the Mirror Monitor on the primary: the backup is down, catching up, or disconnected from the arbiter; automatic failover is not protected until it is Active again' },
  asyncNotConnected: { meaning: 'a DR async member has reported a mirror status (iris_mirror_status) other than Connected for monitoring.thresholds.drAsyncNotConnectedMinutes (or nothing at all)', first: 'on the async, ^MIRROR Status Monitor: journal transfer and dejournal latency; check the link between the regions' },
  severeMessages: { meaning: 'severity 2 (severe) entries in messages.log of a server of the site', first: 'read the entry in the site log group (filter on the stream of the server); System Monitor alerts are severity 2' },
  fatalMessages: { meaning: 'severity 3 (fatal) entries in messages.log of a server of the site', first: 'read the entry now; fatal entries mean an instance or a process stopped on an error' },
} as const;

export type AgentAlarmKind = keyof typeof AGENT_ALARM_KINDS;

export interface AgentAlarmMetric {
  readonly namespace: string;
  readonly name: string;
  /** Dimensions other than the instance. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** The instance whose id is the InstanceId dimension (OS metrics); undefined for host-dimensioned IRIS metrics. */
  readonly instanceKey: string | undefined;
  readonly stat: 'Average' | 'Maximum' | 'Minimum' | 'Sum';
}

export interface AgentAlarm {
  readonly kind: AgentAlarmKind;
  /** Construct id, from model keys only (stable when servers come and go). */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly metrics: readonly AgentAlarmMetric[];
  /** Metric math over m1, m2 ... (the metrics in order); undefined for a plain alarm on the one metric. */
  readonly expression: string | undefined;
  readonly comparison: 'GreaterThanThreshold' | 'LessThanThreshold' | 'GreaterThanOrEqualToThreshold';
  readonly threshold: number;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: 'missing' | 'breaching' | 'notBreaching';
}

/** Alarm metrics CloudWatch prices: one per metric an alarm reads (a metric-math alarm reads several). */
export function alarmMetricCount(alarms: readonly AgentAlarm[]): number {
  return alarms.reduce((n, a) => n + a.metrics.length, 0);
}

/**
 * The metric a log metric filter of a site publishes: named after the deployment and site, because
 * a metric filter cannot add a fixed dimension and two deployments may share an account and region.
 */
export function logMetricName(model: DeploymentModel, site: Pick<SiteModel, 'role'>, metric: string): string {
  return `${model.name}-${site.role}-${metric}`;
}

const idOf = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');

function disk(instance: InstanceModel, path: string): AgentAlarmMetric {
  return { namespace: A.osNamespace, name: 'disk_used_percent', dimensions: { path, fstype: A.fileSystem }, instanceKey: instance.key, stat: 'Average' };
}

function serverAlarms(model: DeploymentModel, site: SiteModel, instance: InstanceModel): AgentAlarm[] {
  const T = model.monitoring.thresholds;
  const out: AgentAlarm[] = [];
  const base = { expression: undefined, period: 300, evaluationPeriods: 2, treatMissingData: 'missing' as const };
  out.push({
    ...base,
    kind: 'memory',
    id: `${instance.key}_memory`,
    name: `${instance.name}-memory-high`,
    description: `${instance.name}: memory in use above ${T.memoryUsedPercent}%`,
    metrics: [{ namespace: A.osNamespace, name: 'mem_used_percent', dimensions: {}, instanceKey: instance.key, stat: 'Average' }],
    comparison: 'GreaterThanThreshold',
    threshold: T.memoryUsedPercent,
  });
  out.push({
    ...base,
    kind: 'rootDisk',
    id: `${instance.key}_root_disk`,
    name: `${instance.name}-root-disk-low`,
    description: `${instance.name}: root volume below ${T.dataFreePercent}% free`,
    metrics: [disk(instance, '/')],
    comparison: 'GreaterThanThreshold',
    threshold: 100 - T.dataFreePercent,
  });
  for (const volume of instance.volumes) {
    const journal = volume.purpose === 'journal1' || volume.purpose === 'journal2' || volume.purpose === 'wij';
    const levels: Array<{ kind: AgentAlarmKind; free: number; suffix: string }> = journal
      ? [
          { kind: 'journalWarning', free: T.journalFreeWarningPercent, suffix: 'warning' },
          { kind: 'journalCritical', free: T.journalFreeCriticalPercent, suffix: 'critical' },
        ]
      : [{ kind: 'dataDisk', free: T.dataFreePercent, suffix: 'low' }];
    for (const level of levels) {
      out.push({
        ...base,
        kind: level.kind,
        id: `${instance.key}_${idOf(volume.purpose)}_disk_${level.suffix}`,
        name: `${instance.name}-${volume.purpose}-disk-${level.suffix}`,
        description: `${instance.name}: ${volume.purpose} volume (${volume.mountPoint}) below ${level.free}% free`,
        metrics: [disk(instance, volume.mountPoint)],
        comparison: 'GreaterThanThreshold',
        threshold: 100 - level.free,
        period: 60,
        evaluationPeriods: 5,
      });
    }
  }
  if (!scrapesIris(model, instance)) return out;
  const host = { host: instance.hostName };
  const iris = (name: string, stat: AgentAlarmMetric['stat']): AgentAlarmMetric => ({ namespace: A.irisNamespace, name, dimensions: host, instanceKey: undefined, stat });
  out.push({
    kind: 'irisState',
    id: `${instance.key}_iris_state`,
    name: `${instance.name}-iris-state`,
    description: `${instance.name}: IRIS health state RED or HUNG, or no IRIS metrics`,
    metrics: [iris('iris_system_state', 'Maximum')],
    // GCM "System Monitor Health State" numbers GREEN 0, YELLOW 1, RED 2 and names a fourth state,
    // HUNG, without a number (-1 in practice): anything at or above RED or below GREEN is trouble.
    expression: 'IF(m1 >= 2 OR m1 < 0, 1, 0)',
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
    period: 60,
    evaluationPeriods: 3,
    treatMissingData: 'breaching',
  });
  out.push({
    kind: 'license',
    id: `${instance.key}_license`,
    name: `${instance.name}-license-high`,
    description: `${instance.name}: licence use above ${T.licenseUsedPercent}%`,
    metrics: [iris('iris_license_percent_used', 'Maximum')],
    expression: undefined,
    comparison: 'GreaterThanThreshold',
    threshold: T.licenseUsedPercent,
    period: 300,
    evaluationPeriods: 1,
    treatMissingData: 'notBreaching',
  });
  if (instance.tier === 'app' || instance.tier === 'print') {
    out.push({
      kind: 'ecpDisconnected',
      id: `${instance.key}_ecp`,
      name: `${instance.name}-ecp-disconnected`,
      description: `${instance.name}: no ECP connection to its data server`,
      metrics: [iris('iris_ecp_conn', 'Minimum')],
      expression: undefined,
      comparison: 'LessThanThreshold',
      threshold: 1,
      period: 60,
      evaluationPeriods: 3,
      treatMissingData: 'breaching',
    });
  }
  if (irisSeries(model, site, instance).some((x) => x.metric.name === 'iris_mirror_status')) {
    out.push({
      kind: 'asyncNotConnected',
      id: `${instance.key}_mirror_connected`,
      name: `${instance.name}-mirror-not-connected`,
      description: `${instance.name}: DR async not Connected for ${T.drAsyncNotConnectedMinutes} minutes`,
      metrics: [iris('iris_mirror_status', 'Minimum')],
      // 1 while the member reports Connected (GCM_rest: iris_mirror_status 4), 0 for any other status.
      expression: `IF(m1 == ${IRIS_MIRROR_CONNECTED}, 1, 0)`,
      comparison: 'LessThanThreshold',
      threshold: 1,
      period: 60,
      evaluationPeriods: T.drAsyncNotConnectedMinutes,
      treatMissingData: 'breaching',
    });
  }
  return out;
}

/** Every alarm of a site on agent metrics and log metric filters; empty when monitoring.agent is off. */
export function agentAlarms(model: DeploymentModel, site: SiteModel): AgentAlarm[] {
  if (!model.monitoring.agent) return [];
  const servers = new Set(agentServers(model).filter((s) => s.site === site.role).map((s) => s.instanceKey));
  const out = site.instances.filter((i) => servers.has(i.key)).flatMap((i) => serverAlarms(model, site, i));
  const byKey = new Map(site.instances.map((i) => [i.key, i] as const));
  for (const mirror of site.mirrors) {
    const pair = [mirror.primaryKey, mirror.backupKey].map((k) => (k === undefined ? undefined : byKey.get(k))).filter((i): i is InstanceModel => i !== undefined);
    if (pair.length !== 2 || !pair.every((i) => scrapesIris(model, i))) continue;
    out.push({
      kind: 'failoverNotReady',
      id: `mirror_${idOf(mirror.name)}_failover_ready`,
      name: `${model.name}-${site.role}-mirror-${mirror.name}-failover-not-ready`,
      description: `Mirror ${mirror.irisName}: no failover member reports the backup ready to take over`,
      metrics: pair.map((i) => ({ namespace: A.irisNamespace, name: 'iris_mirror_failover_ready', dimensions: { host: i.hostName }, instanceKey: undefined, stat: 'Maximum' as const })),
      expression: 'MAX([m1, m2])',
      comparison: 'LessThanThreshold',
      threshold: 1,
      period: 60,
      evaluationPeriods: 5,
      treatMissingData: 'breaching',
    });
  }
  if (model.software.platform === 'iris' && site.instances.some((i) => scrapesIris(model, i))) {
    for (const f of SHIPPED_LOGS.rows.severityFilters) {
      out.push({
        kind: f.severity === 3 ? 'fatalMessages' : 'severeMessages',
        id: `log_severity_${f.severity}`,
        name: `${model.name}-${site.role}-iris-${f.severity === 3 ? 'fatal' : 'severe'}-messages`,
        description: `A ${f.meaning} entry in messages.log of a server of the ${site.role} site`,
        metrics: [{ namespace: A.irisNamespace, name: logMetricName(model, site, f.metric), dimensions: {}, instanceKey: undefined, stat: 'Sum' }],
        expression: undefined,
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        period: 300,
        evaluationPeriods: 1,
        treatMissingData: 'notBreaching',
      });
    }
  }
  return out;
}
