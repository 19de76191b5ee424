// Facts of observability from inside the servers: the Amazon CloudWatch agent (where it lives, how
// it is configured, what it publishes) and the InterSystems IRIS metrics refarch keeps from the
// instance's own /api/monitor/metrics endpoint, each with its documented meaning. Alarm
// thresholds live in DEFAULTS (catalog.ts), next to the schema defaults they mirror.
import type { Sourced } from './sourced';

/** The CloudWatch agent on every server (monitoring.agent). */
export const CLOUDWATCH_AGENT: Sourced<{
  /** The agent's control script, as the agent's RPM/DEB packages install it. */
  readonly ctl: string;
  /** Where the boot script writes the Prometheus scrape configuration the agent reads. */
  readonly prometheusConfigPath: string;
  /** Namespace of the operating-system metrics (memory, swap, disk). */
  readonly osNamespace: string;
  /** Namespace of the InterSystems IRIS metrics (Prometheus scrape, embedded metric format) and of the log metric filters. */
  readonly irisNamespace: string;
  readonly collectionIntervalSeconds: number;
  /** File system refarch creates on every IRIS volume (user-data.ts: mkfs.xfs) and that Amazon Linux 2023 has on its root: the `fstype` dimension of disk metrics. */
  readonly fileSystem: string;
  /** Path of the IRIS REST monitoring endpoint (doc key GCM_rest). */
  readonly metricsPath: string;
  /** Disk measurements per mounted volume; memory and swap measurements per server. */
  readonly diskMeasurements: readonly string[];
  readonly memMeasurements: readonly string[];
  readonly swapMeasurements: readonly string[];
  /** SSM parameter values refarch writes for the agent: Standard tier, at most this many bytes each. */
  readonly parameterBytes: number;
}> = {
  source:
    'Amazon CloudWatch User Guide: "Manually create or edit the CloudWatch agent configuration file" (agent, metrics, logs sections; mem_used_percent, swap_used_percent, disk used_percent and inodes_free with path and fstype dimensions, drop_device; append_dimensions InstanceId from aws:InstanceId; logs collect_list), "Starting the CloudWatch agent" (amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -c ssm:<parameter> -s), "Set up and configure Prometheus metrics collection on Amazon EC2 instances" (logs.metrics_collected.prometheus: prometheus_config_path, emf_processor metric_declaration); agent JSON schema aws/amazon-cloudwatch-agent translator/config/schema.json @01c5802b; AWS Systems Manager quotas (Standard parameter value 4 KB); InterSystems IRIS Monitoring Guide, "Monitoring InterSystems IRIS Using REST API" (doc key GCM_rest: /api/monitor/metrics, unauthenticated by default)',
  asOf: '2026-12',
  rows: {
    ctl: '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl',
    prometheusConfigPath: '/opt/aws/amazon-cloudwatch-agent/etc/refarch-prometheus.yaml',
    osNamespace: 'CWAgent',
    irisNamespace: 'refarch/IRIS',
    collectionIntervalSeconds: 60,
    fileSystem: 'xfs',
    metricsPath: '/api/monitor/metrics',
    diskMeasurements: ['used_percent', 'inodes_free'],
    memMeasurements: ['mem_used_percent'],
    swapMeasurements: ['swap_used_percent'],
    parameterBytes: 4096,
  },
};

/** Which servers an IRIS metric is kept on. */
export type IrisMetricScope = 'iris' | 'member' | 'failover' | 'async' | 'ecp';

export interface IrisMetric {
  readonly name: string;
  /** What it means, in InterSystems' words condensed (GCM_rest, "Metric Descriptions"). */
  readonly meaning: string;
  readonly scope: IrisMetricScope;
  /**
   * The label values the series carries on a server of refarch's layout, which fix how many
   * CloudWatch metrics it becomes: none (one series), or one per value (`id` label).
   */
  readonly ids: 'none' | 'journals' | 'databases';
}

/**
 * The curated IRIS series: what an operator needs to see the mirror, the journals, the licence
 * and the ECP cluster in trouble. Everything else the endpoint serves is dropped at the scrape
 * (a metric_relabel_configs keep rule, src/config/agent.ts scrapeKeepRegex): the agent's EMF
 * exporter would otherwise write it to the log group, where ingestion is billed. Source: GCM_rest, Table III-1
 * (always collected), Database, ECP, Journal, License, Memory and Mirrors tables.
 */
export const IRIS_METRICS: Sourced<readonly IrisMetric[]> = {
  source: 'InterSystems IRIS Monitoring Guide, "Monitoring InterSystems IRIS Using REST API", Metric Descriptions (doc key GCM_rest; plain-text copy sorodriguezz/skills-objectscript @842ad54, skills/monitoring-guide)',
  asOf: '2026-12',
  rows: [
    { name: 'iris_system_state', meaning: 'System Monitor health state: 0 GREEN, 1 YELLOW, 2 RED; a fourth state, HUNG (global updates blocked), has no number in GCM and is taken as any value outside 0-2 (-1 in practice)', scope: 'iris', ids: 'none' },
    { name: 'iris_system_alerts_new', meaning: 'whether new alerts are waiting on /api/monitor/alerts (boolean)', scope: 'iris', ids: 'none' },
    { name: 'iris_license_percent_used', meaning: 'percent of licence units in use', scope: 'iris', ids: 'none' },
    { name: 'iris_license_days_remaining', meaning: 'days before the licence expires', scope: 'iris', ids: 'none' },
    { name: 'iris_phys_mem_percent_used', meaning: 'percent of physical memory in use', scope: 'iris', ids: 'none' },
    { name: 'iris_jrn_free_space', meaning: 'free space on each journal directory’s volume, MB (id: WIJ, primary, secondary)', scope: 'member', ids: 'journals' },
    { name: 'iris_db_free_space', meaning: 'free space in a database, MB (updated once a day)', scope: 'member', ids: 'databases' },
    { name: 'iris_mirror_failover_ready', meaning: 'on a failover member: 1 when the backup would take over if the primary failed, 0 when not', scope: 'failover', ids: 'none' },
    { name: 'iris_mirror_member_type', meaning: 'mirror member type: 1 indeterminate, 2 not a member, 3 failover, 4 async, 5 disaster recovery, 6/7 reporting', scope: 'member', ids: 'none' },
    { name: 'iris_mirror_status', meaning: 'status of this mirror member: 1 Not Initialized, 2 Primary, 3 Backup, 4 Connected (an async receiving and applying the primary\'s journals), 5 Transition, 6 Synchronizing, 7 Waiting, 8 Stopped, 9 Crashed', scope: 'async', ids: 'none' },
    { name: 'iris_ecp_conn', meaning: 'active client connections of this ECP application server to its data servers', scope: 'ecp', ids: 'none' },
  ],
};

/** iris_mirror_status of an async member that receives and applies the primary's journals (GCM_rest Mirrors table; GHA "Connected"). */
export const IRIS_MIRROR_CONNECTED = 4;

/** The `id` label values of iris_jrn_free_space (GCM_rest: JournalType can be WIJ, primary or secondary). */
export const IRIS_JOURNAL_IDS: readonly string[] = ['WIJ', 'primary', 'secondary'];

/**
 * Log files shipped to CloudWatch Logs, relative to where they live (InterSystems: the manager
 * directory `<install-dir>/mgr` holds messages.log, the console log, and alerts.log; refarch's own
 * boot logs; the Web Gateway's event log CSP.log in its installation's logs folder).
 */
export const SHIPPED_LOGS: Sourced<{
  readonly irisManagerLogs: readonly string[];
  readonly bootLogs: readonly string[];
  readonly webGatewayLog: string;
  /**
   * Metric filters over messages.log, whose lines are `<date-time> (<pid>) <severity> [<source>]
   * <text>`: severity 2 (severe: System Monitor and Health Monitor alerts, which InterSystems says
   * should be investigated) and 3 (fatal). Only the documented space-delimited forms: named fields,
   * a numeric `=` on the third, a string `!=` with an unquoted `*` wildcard (CloudWatch Logs "Filter
   * pattern syntax", space-delimited: `status_code = 4*`, `request = *html*`; a wildcard inside
   * double quotes is documented for JSON values only). A log event needs three space-separated
   * fields to match, so the agent's one-token JSON events never do; `timestamp != *Z` keeps out
   * refarch's own boot-log lines (`date -u +%FT%TZ`, ending in Z), whose third word could be a number.
   */
  readonly severityFilters: ReadonlyArray<{ readonly severity: 2 | 3; readonly metric: string; readonly pattern: string; readonly meaning: string }>;
}> = {
  source:
    'InterSystems IRIS Monitoring Guide, "Monitoring InterSystems IRIS Logs" (messages.log and alerts.log in install-dir/mgr; System Monitor alerts are severity 2 and "should be investigated") and "Using SNMP" (severity codes 0 info, 1 warning, 2 severe, 3 fatal) (doc key GCM); Web Gateway Guide, "Event Log" (CSP.log); Amazon CloudWatch Logs "Filter pattern syntax" (space-delimited fields, ellipsis); refarch boot logs (DAY_ONE.bootLog, user-data.ts)',
  asOf: '2026-12',
  rows: {
    irisManagerLogs: ['messages.log', 'alerts.log'],
    bootLogs: ['/var/log/refarch-day-one.log', '/var/log/refarch-volumes.log', '/var/log/refarch-agent.log'],
    webGatewayLog: '/opt/webgateway/logs/CSP.log',
    severityFilters: [
      { severity: 2, metric: 'IRISSevereMessages', pattern: '[timestamp != *Z, pid, severity = 2, ...]', meaning: 'severe (System Monitor or Health Monitor alert)' },
      { severity: 3, metric: 'IRISFatalMessages', pattern: '[timestamp != *Z, pid, severity = 3, ...]', meaning: 'fatal' },
    ],
  },
};

/**
 * What plan assumes of the agent's usage-based charges (stated as assumptions in the plan): log
 * data a server sends to CloudWatch Logs a month. On an IRIS server most of it is the agent's
 * embedded-metric-format events carrying the curated series the scrape keeps (one event per label
 * set a minute: the unlabelled series together, one per journal and one per database, a few hundred
 * bytes each: about 8 × 0.4 KB × 43,800 minutes ≈ 140 MB) plus messages.log and the boot
 * logs; elsewhere the boot logs and the Web Gateway event log. Stored data is billed compressed;
 * plan counts it uncompressed for the retention period, an upper bound.
 */
export const AGENT_USAGE: Sourced<{ readonly irisServerLogGBMonth: number; readonly otherServerLogGBMonth: number }> = {
  source: 'refarch estimate from the agent configuration (embedded metric format events per scrape) and IRIS logging volumes; Amazon CloudWatch pricing (Logs billed per GB ingested and per GB-month stored, compressed)',
  asOf: '2026-12',
  rows: { irisServerLogGBMonth: 0.25, otherServerLogGBMonth: 0.05 },
};
