// agent: what the Amazon CloudWatch agent on each server collects, derived from the resolved model
// alone (the observability counterpart of the day-one merge files). Contract:
//   - agentServers(model): per server, when monitoring.agent is on, the files the boot script puts
//     in place (the agent's JSON configuration; on InterSystems IRIS servers the Prometheus scrape
//     configuration of the instance's own /api/monitor/metrics), and the custom metrics the server publishes
//     (what `plan` prices and the alarms read). Empty when the agent is off.
//   - The agent publishes memory, swap and, for the root volume and every mounted IRIS volume,
//     used percent and free inodes; ships the IRIS console log (messages.log), alerts.log, the boot
//     logs and the Web Gateway event log to the site's log group; and keeps only the curated IRIS
//     series of the catalog (IRIS_METRICS), whose label values it narrows to what refarch's layout
//     has, so that the metric count is known before anything runs.
// No credentials are in any file: the agent uses the instance role. The endpoint is scraped on the
// loopback address only (no security-group rule opens it). Pure and deterministic.
import { CLOUDWATCH_AGENT, IRIS_JOURNAL_IDS, IRIS_METRICS, SHIPPED_LOGS, type IrisMetric } from '../catalog/observability';
import { DAY_ONE } from '../catalog/catalog';
import { sites, type DeploymentModel, type InstanceModel, type SiteModel, type SiteRole } from '../model/model';
import { mirrorNamespaces } from './config';

const A = CLOUDWATCH_AGENT.rows;

/** One file the boot script writes from an SSM parameter. */
export interface AgentFile {
  /** Last part of its parameter name and what the file is. */
  readonly name: 'cloudwatch-agent.json' | 'prometheus.yaml';
  readonly path: string;
  readonly mode: '0644' | '0755';
  readonly text: string;
}

/** A custom metric the server publishes: namespace, name and its dimensions other than the instance. */
export interface AgentMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

export interface AgentServer {
  readonly site: SiteRole;
  readonly instanceKey: string;
  readonly hostName: string;
  /** The agent's configuration first; then the scrape configuration, where the server has one. */
  readonly files: readonly AgentFile[];
  /** Every custom metric, in a fixed order (alarms and the dashboard pick from it; plan counts it). */
  readonly metrics: readonly AgentMetric[];
}

/**
 * The site's one log group for its servers: their logs, and the embedded-metric-format events in
 * which the agent carries the IRIS metrics (the metric filters match messages.log lines only).
 */
export function serverLogGroupName(model: DeploymentModel, site: Pick<SiteModel, 'role'>): string {
  return `/refarch/${model.name}/${site.role}/servers`;
}

/** Whether the server runs InterSystems IRIS with its REST monitoring endpoint (Caché has none). */
export function scrapesIris(model: DeploymentModel, instance: InstanceModel): boolean {
  return model.software.platform === 'iris' && (instance.tier === 'database' || instance.tier === 'app' || instance.tier === 'print');
}

/**
 * The instance's manager directory (messages.log, alerts.log): a kit installs into
 * DAY_ONE.kitInstallDir; a container keeps durable %SYS on the data volume (boot-script.ts); an
 * image is taken to use InterSystems' default installation directory, the same folder.
 */
export function irisManagerDir(model: DeploymentModel, instance: InstanceModel): string {
  if (model.software.install.kind === 'container') {
    const data = instance.volumes.find((v) => v.purpose === 'data')?.mountPoint;
    if (data !== undefined) return `${data}/iris-durable/mgr`;
  }
  return `${DAY_ONE.rows.kitInstallDir}/mgr`;
}

/** The file systems the agent measures: the root volume and every mounted IRIS volume. */
export function measuredPaths(instance: InstanceModel): string[] {
  return ['/', ...instance.volumes.map((v) => v.mountPoint)];
}

function metricsOf(instance: InstanceModel, scope: IrisMetric['scope']): boolean {
  switch (scope) {
    case 'iris':
      return true;
    case 'member':
      return instance.tier === 'database';
    case 'failover':
      return instance.mirrorRole === 'primary' || instance.mirrorRole === 'backup';
    case 'async':
      return instance.mirrorRole === 'async';
    case 'ecp':
      return instance.tier === 'app' || instance.tier === 'print';
  }
}

/** The curated IRIS metrics a server keeps, and the label values each is narrowed to. */
export function irisSeries(model: DeploymentModel, site: SiteModel, instance: InstanceModel): Array<{ metric: IrisMetric; ids: readonly string[] }> {
  if (!scrapesIris(model, instance)) return [];
  const mirror = site.mirrors.find((m) => m.name === instance.mirror);
  const databases = mirror === undefined ? [] : mirrorNamespaces(model, mirror);
  return IRIS_METRICS.rows
    .filter((m) => metricsOf(instance, m.scope))
    .map((metric) => ({ metric, ids: metric.ids === 'journals' ? IRIS_JOURNAL_IDS : metric.ids === 'databases' ? databases : [] }))
    .filter((s) => s.metric.ids === 'none' || s.ids.length > 0);
}

function regexOf(values: readonly string[]): string {
  return `^(${values.map((v) => v.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')).join('|')})$`;
}

function agentConfig(model: DeploymentModel, site: SiteModel, instance: InstanceModel): string {
  const group = serverLogGroupName(model, site);
  const stream = (file: string): string => `${instance.hostName}/${file}`;
  const files: Array<{ file_path: string; log_group_name: string; log_stream_name: string; timezone: 'UTC' }> = [];
  const ship = (path: string): void => {
    files.push({ file_path: path, log_group_name: group, log_stream_name: stream(path.slice(path.lastIndexOf('/') + 1)), timezone: 'UTC' });
  };
  if (scrapesIris(model, instance)) for (const log of SHIPPED_LOGS.rows.irisManagerLogs) ship(`${irisManagerDir(model, instance)}/${log}`);
  if (instance.tier === 'web') ship(SHIPPED_LOGS.rows.webGatewayLog);
  for (const log of SHIPPED_LOGS.rows.bootLogs) ship(log);
  const series = irisSeries(model, site, instance);
  const logs: Record<string, unknown> = { logs_collected: { files: { collect_list: files } } };
  if (series.length > 0) {
    const plain = series.filter((s) => s.metric.ids === 'none').map((s) => `^${s.metric.name}$`);
    const labelled = series.filter((s) => s.metric.ids !== 'none');
    logs['metrics_collected'] = {
      prometheus: {
        log_group_name: group,
        prometheus_config_path: A.prometheusConfigPath,
        emf_processor: {
          metric_declaration_dedup: true,
          metric_namespace: A.irisNamespace,
          metric_declaration: [
            { source_labels: ['job'], label_matcher: '^iris$', dimensions: [['host']], metric_selectors: plain },
            ...labelled.map((s) => ({ source_labels: ['job', 'id'], label_matcher: `^iris;${regexOf(s.ids).slice(1)}`, dimensions: [['host', 'id']], metric_selectors: [`^${s.metric.name}$`] })),
          ],
        },
      },
    };
  }
  return JSON.stringify({
    agent: { metrics_collection_interval: A.collectionIntervalSeconds, logfile: '/opt/aws/amazon-cloudwatch-agent/logs/amazon-cloudwatch-agent.log' },
    metrics: {
      namespace: A.osNamespace,
      // The agent's own placeholder, resolved on the instance (Terraform escaping is the delivery's).
      append_dimensions: { InstanceId: '${aws:InstanceId}' },
      metrics_collected: {
        mem: { measurement: A.memMeasurements },
        swap: { measurement: A.swapMeasurements },
        disk: { resources: measuredPaths(instance), measurement: A.diskMeasurements, drop_device: true },
      },
    },
    logs,
  });
}

/**
 * The Prometheus `metric_relabel_configs` keep rule: the series of this server's curated set and
 * nothing else, matched on `<name>;<id>` (Prometheus joins source labels with `;`; a missing label
 * is empty; the regex is anchored). Why at the scrape and not only in the EMF processor: the agent's
 * EMF exporter writes every scraped series to the log group as a log event, with or without a
 * matching metric_declaration (opentelemetry-collector-contrib awsemfexporter, metric_translator.go:
 * a series no declaration matches gets no `CloudWatchMetrics` but is still sent), so without this
 * rule the whole endpoint (hundreds of series) would be ingested and billed as CloudWatch Logs.
 */
export function scrapeKeepRegex(series: ReadonlyArray<{ metric: IrisMetric; ids: readonly string[] }>): string {
  const escape = (v: string): string => v.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  const plain = series.filter((s) => s.metric.ids === 'none').map((s) => escape(s.metric.name));
  const parts = plain.length > 0 ? [`(${plain.join('|')});`] : [];
  for (const s of series.filter((x) => x.metric.ids !== 'none')) parts.push(`${escape(s.metric.name)};(${s.ids.map(escape).join('|')})`);
  return parts.join('|');
}

/** The scrape of the local instance only: loopback, its web server port, the curated job name `iris`, the curated series only. */
function prometheusConfig(model: DeploymentModel, site: SiteModel, instance: InstanceModel): string {
  return [
    'global:',
    `  scrape_interval: ${A.collectionIntervalSeconds}s`,
    `  scrape_timeout: 10s`,
    'scrape_configs:',
    '  - job_name: iris',
    `    metrics_path: ${A.metricsPath}`,
    '    static_configs:',
    `      - targets: ['127.0.0.1:${model.ports.webserver}']`,
    '        labels:',
    `          host: ${instance.hostName}`,
    '    metric_relabel_configs:',
    '      - source_labels: [__name__, id]',
    `        regex: '${scrapeKeepRegex(irisSeries(model, site, instance))}'`,
    '        action: keep',
    '',
  ].join('\n');
}

function serverOf(model: DeploymentModel, site: SiteModel, instance: InstanceModel): AgentServer {
  const files: AgentFile[] = [{ name: 'cloudwatch-agent.json', path: '/opt/aws/amazon-cloudwatch-agent/etc/refarch-agent.json', mode: '0644', text: agentConfig(model, site, instance) }];
  const series = irisSeries(model, site, instance);
  if (series.length > 0) files.push({ name: 'prometheus.yaml', path: A.prometheusConfigPath, mode: '0644', text: prometheusConfig(model, site, instance) });
  const metrics: AgentMetric[] = [
    ...A.memMeasurements.map((name) => ({ namespace: A.osNamespace, name, dimensions: {} })),
    ...A.swapMeasurements.map((name) => ({ namespace: A.osNamespace, name, dimensions: {} })),
    ...measuredPaths(instance).flatMap((path) => A.diskMeasurements.map((m) => ({ namespace: A.osNamespace, name: `disk_${m}`, dimensions: { path, fstype: A.fileSystem } }))),
    ...series.flatMap((s) =>
      s.metric.ids === 'none'
        ? [{ namespace: A.irisNamespace, name: s.metric.name, dimensions: { host: instance.hostName } }]
        : s.ids.map((id) => ({ namespace: A.irisNamespace, name: s.metric.name, dimensions: { host: instance.hostName, id } })),
    ),
  ];
  return { site: site.role, instanceKey: instance.key, hostName: instance.hostName, files, metrics };
}

/** Every server's agent files and metrics, site by site in instance order; empty when monitoring.agent is off. */
export function agentServers(model: DeploymentModel): readonly AgentServer[] {
  if (!model.monitoring.agent) return [];
  let servers = computed.get(model);
  if (servers === undefined) {
    servers = sites(model).flatMap((site) => site.instances.map((instance) => serverOf(model, site, instance)));
    computed.set(model, servers);
  }
  return servers;
}

/** Models are immutable: synth asks once per server, so each model's answer is computed once. */
const computed = new WeakMap<DeploymentModel, readonly AgentServer[]>();

/** The metrics of one server that live in the OS namespace carry InstanceId; the IRIS ones carry host instead. */
export function carriesInstanceId(metric: AgentMetric): boolean {
  return metric.namespace === A.osNamespace;
}
