// Monitoring from inside the servers (monitoring.agent, README "Monitoring"): the CloudWatch agent
// configuration of every role checked against the agent's documented schema and against the
// volumes the server really mounts; the curated IRIS series selected from a stand-in
// /api/monitor/metrics endpoint served on the loopback address; the setup script State Manager
// runs, against stand-in `aws`, agent and `systemctl`; the alarms the issue asks for on every
// member, mirror and DR async; the log group and its metric filters; the off switch.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, parseDocument } from 'yaml';
import { CLOUDWATCH_AGENT, IRIS_METRICS, SHIPPED_LOGS } from '../src/catalog/observability';
import { agentServers, type AgentServer } from '../src/config/agent';
import { AGENT_ALARM_KINDS, agentAlarms } from '../src/config/agent-alarms';
import { sites, type DeploymentModel } from '../src/model/model';
import { agentSetupScript } from '../src/synth/site/agent';
import { synthesizeInMemory, type TerraformJson } from '../src/synth/index';
import { exampleModel, exampleText, modelOfText } from './helpers/models';
import { checkPolicy, policyOptionsFor } from './helpers/policy';
import { exampleStacks } from './helpers/stacks';

const A = CLOUDWATCH_AGENT.rows;
const EXAMPLES = ['trakcare.yaml', 'healthshare.yaml', 'cache-cloud.yaml', 'hybrid-dr.yaml', 'minimal.yaml'];
type Resources = Record<string, Record<string, unknown>>;
const res = (json: TerraformJson, type: string): Resources => (json.resource?.[type] ?? {}) as Resources;
const ROOT = join(__dirname, '..');

/** The agent's documented configuration vocabulary (CloudWatch User Guide; agent schema.json @01c5802b). */
const DOCUMENTED = {
  topLevel: ['agent', 'metrics', 'logs', 'traces'],
  mem: ['mem_active', 'mem_available', 'mem_available_percent', 'mem_buffered', 'mem_cached', 'mem_free', 'mem_inactive', 'mem_total', 'mem_used', 'mem_used_percent'],
  swap: ['swap_free', 'swap_used', 'swap_used_percent'],
  disk: ['free', 'total', 'used', 'used_percent', 'inodes_free', 'inodes_used', 'inodes_total'],
  retention: [-1, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
  appendDimensionPlaceholders: ['${aws:ImageId}', '${aws:InstanceId}', '${aws:InstanceType}', '${aws:AutoScalingGroupName}'],
};

interface AgentConfig {
  agent: { metrics_collection_interval: number };
  metrics: {
    namespace: string;
    append_dimensions: Record<string, string>;
    metrics_collected: { mem: { measurement: string[] }; swap: { measurement: string[] }; disk: { resources: string[]; measurement: string[]; drop_device: boolean } };
  };
  logs: {
    logs_collected: { files: { collect_list: Array<{ file_path: string; log_group_name: string; log_stream_name: string; timezone: string }> } };
    metrics_collected?: {
      prometheus: {
        log_group_name: string;
        prometheus_config_path: string;
        emf_processor: { metric_namespace: string; metric_declaration: Array<{ source_labels: string[]; label_matcher: string; dimensions: string[][]; metric_selectors: string[] }> };
      };
    };
  };
}

function fileText(server: AgentServer, name: string): string | undefined {
  return server.files.find((f) => f.name === name)?.text;
}

function configOf(server: AgentServer): AgentConfig {
  return JSON.parse(fileText(server, 'cloudwatch-agent.json')!) as AgentConfig;
}

/** What the agent keeps of a scrape: a series passes a declaration when its selector and label matcher match (EMF processor semantics). */
function keptSeries(config: AgentConfig, jobName: string, scraped: ReadonlyArray<{ name: string; labels: Record<string, string> }>): string[] {
  const declarations = config.logs.metrics_collected?.prometheus.emf_processor.metric_declaration ?? [];
  const kept = new Set<string>();
  for (const s of scraped) {
    const labels = { ...s.labels, job: jobName };
    for (const d of declarations) {
      const joined = d.source_labels.map((l) => labels[l as keyof typeof labels] ?? '').join(';');
      if (!new RegExp(d.label_matcher).test(joined)) continue;
      if (!d.metric_selectors.some((sel) => new RegExp(sel).test(s.name))) continue;
      // A dimension set names labels the series must carry (EMF drops the set otherwise).
      if (!d.dimensions.some((set) => set.every((dim) => dim in labels))) continue;
      kept.add(`${s.name}${s.labels['id'] === undefined ? '' : `{${s.labels['id']}}`}`);
    }
  }
  return [...kept].sort();
}

/** OpenMetrics text of a stand-in IRIS instance: the curated series, plus many the agent must drop. */
function standInMetrics(databases: readonly string[]): string {
  const lines: string[] = [];
  const add = (name: string, value: number, labels?: Record<string, string>): void => {
    const l = labels === undefined ? '' : `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
    lines.push(`# HELP ${name} stand-in`, `# TYPE ${name} gauge`, `${name}${l} ${value}`);
  };
  for (const m of IRIS_METRICS.rows) {
    if (m.ids === 'none') add(m.name, 1);
    if (m.ids === 'journals') for (const id of ['WIJ', 'primary', 'secondary']) add(m.name, 5000, { id, dir: `/irissys/${id}` });
    if (m.ids === 'databases') for (const id of [...databases, 'IRISSYS', 'IRISTEMP', 'USER']) add(m.name, 100, { id });
  }
  // Noise the selectors must drop: other metrics, and the curated ones with label values refarch's layout does not have.
  add('iris_cpu_usage', 12);
  add('iris_glo_ref_per_sec', 900);
  add('iris_db_latency', 3, { id: 'IRISSYS' });
  add('iris_process_count', 80);
  lines.push('# EOF', '');
  return lines.join('\n');
}

function parseOpenMetrics(text: string): Array<{ name: string; labels: Record<string, string> }> {
  const out: Array<{ name: string; labels: Record<string, string> }> = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-z_]+)(?:\{([^}]*)\})? /.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    out.push({ name: m[1]!, labels });
  }
  return out;
}

describe('agent configuration of every role', () => {
  it.each(EXAMPLES)('%s: every server has one, within the documented vocabulary, measuring exactly its mounted volumes', (file) => {
    const model = exampleModel(file);
    const servers = agentServers(model);
    expect(servers.length).toBe(sites(model).reduce((n, s) => n + s.instances.length, 0));
    for (const server of servers) {
      const site = sites(model).find((s) => s.role === server.site)!;
      const instance = site.instances.find((i) => i.key === server.instanceKey)!;
      const config = configOf(server);
      expect(Object.keys(config).every((k) => DOCUMENTED.topLevel.includes(k)), server.instanceKey).toBe(true);
      const m = config.metrics.metrics_collected;
      expect(m.mem.measurement.every((x) => DOCUMENTED.mem.includes(x))).toBe(true);
      expect(m.swap.measurement.every((x) => DOCUMENTED.swap.includes(x))).toBe(true);
      expect(m.disk.measurement.every((x) => DOCUMENTED.disk.includes(x))).toBe(true);
      expect(Object.values(config.metrics.append_dimensions).every((v) => DOCUMENTED.appendDimensionPlaceholders.includes(v))).toBe(true);
      // Every measured path is the root or a mount point the server's user data mounts.
      expect(m.disk.resources).toEqual(['/', ...instance.volumes.map((v) => v.mountPoint)]);
      const logs = config.logs.logs_collected.files.collect_list;
      expect(logs.length).toBeGreaterThan(0);
      for (const entry of logs) {
        expect(entry.file_path.startsWith('/')).toBe(true);
        expect(entry.log_group_name).toBe(`/refarch/${model.name}/${site.role}/servers`);
        expect(entry.log_stream_name.startsWith(`${instance.hostName}/`)).toBe(true);
      }
      const prom = config.logs.metrics_collected?.prometheus;
      if (instance.tier === 'web' || instance.tier === 'arbiter') {
        // Web servers and the arbiter: the operating-system part only.
        expect(prom).toBeUndefined();
        expect(fileText(server, 'prometheus.yaml')).toBeUndefined();
        if (instance.tier === 'web') expect(logs.map((l) => l.file_path)).toContain(SHIPPED_LOGS.rows.webGatewayLog);
        continue;
      }
      expect(prom!.prometheus_config_path).toBe(server.files.find((f) => f.name === 'prometheus.yaml')!.path);
      expect(prom!.emf_processor.metric_namespace).toBe(A.irisNamespace);
      expect(logs.map((l) => l.file_path.slice(l.file_path.lastIndexOf('/') + 1))).toEqual(expect.arrayContaining(['messages.log', 'alerts.log']));
      // The scrape reaches the local instance only.
      const scrape = parseYaml(fileText(server, 'prometheus.yaml')!) as { scrape_configs: Array<{ job_name: string; metrics_path: string; static_configs: Array<{ targets: string[] }> }> };
      expect(scrape.scrape_configs).toHaveLength(1);
      expect(scrape.scrape_configs[0]!.metrics_path).toBe('/api/monitor/metrics');
      expect(scrape.scrape_configs[0]!.static_configs.flatMap((c) => c.targets)).toEqual([`127.0.0.1:${model.ports.webserver}`]);
    }
  });

  it('a container install reads messages.log from durable %SYS on the data volume', () => {
    const model = modelOfText(`${exampleText('trakcare.yaml')}\nsoftware: { install: { kind: container, image: containers.intersystems.com/intersystems/iris:2025.1 } }\n`);
    const member = agentServers(model).find((s) => s.instanceKey === 'db_trakcare_primary')!;
    expect(configOf(member).logs.logs_collected.files.collect_list.map((l) => l.file_path)).toContain('/irissys/data/iris-durable/mgr/messages.log');
  });

  it('no security-group rule opens the metrics endpoint (the web server port) to the VPC for the agent', () => {
    // The scrape is on 127.0.0.1; the only rules on the web server port are the VIP health checks' (from the VIP group).
    const json = exampleStacks('trakcare.yaml').find((s) => s.id === 'primary')!.json;
    const model = exampleModel('trakcare.yaml');
    const onPort = Object.values(res(json, 'aws_vpc_security_group_ingress_rule')).filter((r) => r['from_port'] === model.ports.webserver);
    // CIDR rules on it are the Management Portal's, from the admin networks alone.
    for (const rule of onPort) if (rule['cidr_ipv4'] !== undefined) expect(model.adminCidrs, JSON.stringify(rule)).toContain(rule['cidr_ipv4']);
  });
});

describe('a stand-in IRIS /api/monitor/metrics endpoint on the loopback address', () => {
  let server: Server;
  let port = 0;
  const model = exampleModel('trakcare.yaml');
  beforeAll(async () => {
    server = createServer((req, reply) => {
      if (req.url !== '/api/monitor/metrics') {
        reply.writeHead(404).end();
        return;
      }
      reply.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0; charset=utf-8' }).end(standInMetrics(['TRAK', 'ANALYTICS', 'INTEGRATION']));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each(['db_trakcare_primary', 'db_trakcare_async_1', 'app_1', 'print_2'])('%s: the scrape configuration reaches it and the selectors keep exactly the curated series', async (key) => {
    const agent = agentServers(model).find((s) => s.instanceKey === key)!;
    type Relabel = { source_labels: string[]; regex: string; action: string };
    const scrape = parseYaml(fileText(agent, 'prometheus.yaml')!) as {
      scrape_configs: Array<{ job_name: string; metrics_path: string; static_configs: Array<{ targets: string[]; labels: Record<string, string> }>; metric_relabel_configs: Relabel[] }>;
    };
    const job = scrape.scrape_configs[0]!;
    // The same scrape, pointed at the stand-in's port instead of the instance's web server port.
    const url = `http://127.0.0.1:${port}${job.metrics_path}`;
    const text = await (await fetch(url)).text();
    // metric_relabel_configs (Prometheus semantics: source label values joined with ';', a missing
    // label is empty, the regex anchored at both ends; `keep` drops every series that does not match).
    const [keep] = job.metric_relabel_configs;
    expect(keep?.action).toBe('keep');
    expect(keep?.source_labels).toEqual(['__name__', 'id']);
    const anchored = new RegExp(`^(?:${keep!.regex})$`);
    const all = parseOpenMetrics(text);
    const relabelled = all.filter((s) => anchored.test([s.name, s.labels['id'] ?? ''].join(';')));
    const scraped = relabelled.map((s) => ({ ...s, labels: { ...s.labels, ...job.static_configs[0]!.labels } }));
    const expected = agent.metrics
      .filter((m) => m.namespace === A.irisNamespace && m.name.startsWith('iris_'))
      .map((m) => `${m.name}${m.dimensions['id'] === undefined ? '' : `{${m.dimensions['id']}}`}`)
      .sort();
    // What survives the scrape is what reaches the log group as EMF events (the agent's EMF
    // exporter logs every series it receives): exactly the curated series, so nothing else is billed.
    expect(relabelled.map((s) => `${s.name}${s.labels['id'] === undefined ? '' : `{${s.labels['id']}}`}`).sort()).toEqual(expected);
    expect(all.length).toBeGreaterThan(relabelled.length);
    const kept = keptSeries(configOf(agent), job.job_name, scraped);
    expect(kept).toEqual(expected);
    expect(kept).not.toContain('iris_cpu_usage');
    expect(kept).not.toContain('iris_db_free_space{IRISSYS}');
    // Every kept series has the `host` dimension the alarms name.
    expect(job.static_configs[0]!.labels['host']).toBe(agent.hostName);
  });
});

/** Writes the setup script into a sandbox: its absolute paths under `root`, stand-ins first on PATH. */
function runSetup(model: DeploymentModel, key: string, opts: { agentInstalled: boolean; staleParameter?: string }): { status: number; root: string; calls: string; log: string } {
  const site = sites(model).find((s) => s.instances.some((i) => i.key === key))!;
  const instance = site.instances.find((i) => i.key === key)!;
  const server = agentServers(model).find((s) => s.instanceKey === key && s.site === site.role)!;
  const root = mkdtempSync(join(tmpdir(), 'refarch-agent-'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const script = agentSetupScript(model, site, instance, server).replace(/(['" >])\/(opt|var|etc)\//g, `$1${root}/$2/`);
  writeFileSync(join(root, 'setup.sh'), script);
  // Parameter values as Terraform holds them (the same stacks), served by a stand-in `aws ssm get-parameter`.
  const stack = synthesizeInMemory(model).find((s) => s.id === site.stackId)!;
  const values: Record<string, string> = {};
  for (const p of Object.values(res(stack.json, 'aws_ssm_parameter'))) values[String(p['name'])] = String(p['value']).replace(/\$\$\{/g, '${');
  // A parameter still holding the value of a previous apply.
  for (const name of Object.keys(values)) if (opts.staleParameter !== undefined && name.endsWith(`/${opts.staleParameter}`)) values[name] = `${values[name]} `;
  writeFileSync(join(root, 'values.json'), JSON.stringify(values));
  const calls = join(root, 'calls.log');
  const stub = (name: string, body: string): void => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub('aws', `echo "aws $*" >>'${calls}'\nname=""; while [ $# -gt 0 ]; do [ "$1" = --name ] && name="$2"; shift; done\nnode -e 'const v=require(process.argv[1])[process.argv[2]]; if (v===undefined) process.exit(254); process.stdout.write(v+"\\n")' '${join(root, 'values.json')}' "$name"`);
  stub('systemctl', `echo "systemctl $*" >>'${calls}'`);
  if (opts.agentInstalled) {
    const ctl = `${root}${A.ctl}`;
    mkdirSync(dirname(ctl), { recursive: true });
    writeFileSync(ctl, `#!/bin/bash\necho "ctl $*" >>'${calls}'\nfile="\${@: -1}"; file="\${file#file:}"; node -e 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"))' "$file" || exit 9\n`);
    chmodSync(ctl, 0o755);
  }
  mkdirSync(join(root, 'var', 'log'), { recursive: true });
  const run = spawnSync('bash', [join(root, 'setup.sh')], { env: { ...process.env, PATH: `${bin}:${process.env['PATH']}` }, encoding: 'utf8' });
  const log = existsSync(join(root, 'var/log/refarch-agent.log')) ? readFileSync(join(root, 'var/log/refarch-agent.log'), 'utf8') : '';
  return { status: run.status ?? -1, root, calls: existsSync(calls) ? readFileSync(calls, 'utf8') : '', log };
}

describe('the setup script State Manager runs', () => {
  const model = exampleModel('trakcare.yaml');

  it.each(['db_trakcare_async_1', 'db_trakcare_primary', 'web_1'])('%s: puts every file in place byte for byte and starts the agent on it', (key) => {
    const run = runSetup(model, key, { agentInstalled: true });
    try {
      expect(run.status, run.log).toBe(0);
      const server = agentServers(model).find((s) => s.instanceKey === key)!;
      for (const f of server.files) expect(readFileSync(`${run.root}${f.path}`, 'utf8'), f.name).toBe(`${f.text}\n`.replace(/\n\n$/, '\n'));
      expect(run.calls).toContain(`ctl -a fetch-config -m ec2 -s -c file:${run.root}/opt/aws/amazon-cloudwatch-agent/etc/refarch-agent.json`);
      expect(run.log).toContain('agent configured');
    } finally {
      rmSync(run.root, { recursive: true, force: true });
    }
  });

  it('a parameter not yet holding the content the script was written for fails the run and installs nothing', () => {
    const run = runSetup(model, 'db_trakcare_primary', { agentInstalled: true, staleParameter: 'prometheus.yaml' });
    try {
      expect(run.status).toBe(1);
      expect(run.log).toContain('fetched content is not the one this setup was written for');
      expect(existsSync(`${run.root}${A.prometheusConfigPath}`)).toBe(false);
      expect(run.calls).not.toContain('ctl');
    } finally {
      rmSync(run.root, { recursive: true, force: true });
    }
  });

  it('a changed file changes the association (State Manager reruns on an association change), which runs after its parameters', () => {
    const base = exampleModel('trakcare.yaml');
    const site = sites(base).find((s) => s.role === 'primary')!;
    const instance = site.instances.find((i) => i.key === 'db_trakcare_primary')!;
    const server = agentServers(base).find((s) => s.instanceKey === instance.key && s.site === site.role)!;
    const script = agentSetupScript(base, site, instance, server);
    const changed = { ...server, files: server.files.map((f) => (f.name === 'prometheus.yaml' ? { ...f, text: f.text.replace('scrape_timeout: 10s', 'scrape_timeout: 20s') } : f)) };
    const other = agentSetupScript(base, site, instance, changed);
    expect(other).not.toBe(script);
    // Same length in parameter parts, so only the digest tells the two apart.
    expect(other.replace(/[0-9a-f]{64}/g, '')).toBe(script.replace(/[0-9a-f]{64}/g, ''));
    const json = exampleStacks('trakcare.yaml').find((s) => s.id === site.stackId)!.json;
    const association = Object.entries(res(json, 'aws_ssm_association')).find(([id]) => id.endsWith(`${instance.key}_setup`))?.[1];
    const dependsOn = (association?.['depends_on'] ?? []) as string[];
    const parameters = Object.entries(res(json, 'aws_ssm_parameter')).filter(([, p]) => server.files.some((f) => String(p['name']).includes(`/${instance.key}/${f.name}`)));
    expect(parameters.length).toBeGreaterThanOrEqual(server.files.length);
    for (const [id] of parameters) expect(dependsOn).toContain(`aws_ssm_parameter.${id}`);
  });

  it('a server without the agent says so in its log and the association fails', () => {
    const run = runSetup(model, 'app_1', { agentInstalled: false });
    try {
      expect(run.status).toBe(1);
      expect(run.log).toContain('CloudWatch agent is not installed');
      expect(run.calls).not.toContain('ctl');
    } finally {
      rmSync(run.root, { recursive: true, force: true });
    }
  });

  it('is valid bash, has no Terraform template syntax and reaches State Manager literally', () => {
    const json = exampleStacks('trakcare.yaml').find((s) => s.id === 'dr')!.json;
    const associations = Object.values(res(json, 'aws_ssm_association'));
    expect(associations.length).toBe(exampleModel('trakcare.yaml').dr!.instances.length);
    for (const a of associations) {
      expect(a['name']).toBe('AWS-RunShellScript');
      const commands = String((a['parameters'] as Record<string, string>)['commands']);
      expect(commands).not.toMatch(/(?<!\$)\$\{|(?<!%)%\{/);
      expect(spawnSync('bash', ['-n'], { input: commands }).status).toBe(0);
    }
  });
});

describe('alarms', () => {
  it.each(EXAMPLES)('%s: every mirror member has journal-space and data-space alarms, every mirror pair a member-status alarm, every DR async a not-connected alarm', (file) => {
    const model = exampleModel(file);
    for (const site of sites(model)) {
      const alarms = agentAlarms(model, site);
      const names = new Set(alarms.map((a) => a.name));
      for (const i of site.instances.filter((x) => x.tier === 'database')) {
        for (const v of i.volumes) {
          if (v.purpose === 'data') expect(names.has(`${i.name}-data-disk-low`), i.name).toBe(true);
          if (['journal1', 'journal2', 'wij'].includes(v.purpose)) {
            expect(names.has(`${i.name}-${v.purpose}-disk-warning`)).toBe(true);
            expect(names.has(`${i.name}-${v.purpose}-disk-critical`)).toBe(true);
          }
        }
        if (i.mirrorRole === 'async') expect(alarms.find((a) => a.name === `${i.name}-mirror-not-connected`)?.treatMissingData).toBe('breaching');
      }
      for (const m of site.mirrors.filter((x) => x.primaryKey !== undefined && x.backupKey !== undefined)) {
        const pair = alarms.find((a) => a.kind === 'failoverNotReady' && a.description.includes(m.irisName))!;
        expect(pair.metrics).toHaveLength(2);
        expect(pair.treatMissingData).toBe('breaching');
      }
      // Synth builds exactly these, on the site's topic.
      const json = exampleStacks(file).find((s) => s.id === site.stackId)!.json;
      const built = Object.values(res(json, 'aws_cloudwatch_metric_alarm'));
      for (const a of alarms) expect(built.some((b) => b['alarm_name'] === a.name), a.name).toBe(true);
    }
  });

  it('journal critical fires below the warning, at the thresholds the spec sets', () => {
    const doc = parseDocument(exampleText('trakcare.yaml'));
    doc.setIn(['monitoring', 'thresholds'], doc.createNode({ journalFreeWarningPercent: 40, journalFreeCriticalPercent: 20, dataFreePercent: 30 }));
    const model = modelOfText(String(doc));
    const alarms = agentAlarms(model, model.primary!);
    expect(alarms.find((a) => a.name.endsWith('db-trakcare-primary-journal1-disk-warning'))!.threshold).toBe(60);
    expect(alarms.find((a) => a.name.endsWith('db-trakcare-primary-journal1-disk-critical'))!.threshold).toBe(80);
    expect(alarms.find((a) => a.name.endsWith('db-trakcare-primary-data-disk-low'))!.threshold).toBe(70);
  });

  it('every alarm kind has a runbook line in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Monitoring'));
    for (const [kind, k] of Object.entries(AGENT_ALARM_KINDS)) {
      expect(section, kind).toContain(`| \`${kind}\` |`);
      expect(section, kind).toContain(k.first);
    }
  });
});

describe('logs', () => {
  it.each(EXAMPLES)('%s: one encrypted log group per site with the spec\'s retention; its metric filters feed alarms', (file) => {
    const model = exampleModel(file);
    for (const stack of exampleStacks(file)) {
      const site = sites(model).find((s) => s.stackId === stack.id);
      if (!site) continue;
      const groups = Object.entries(res(stack.json, 'aws_cloudwatch_log_group')).filter(([, g]) => String(g['name']).endsWith('/servers'));
      expect(groups).toHaveLength(1);
      const [id, group] = groups[0]!;
      expect(group['kms_key_id']).toBe('${aws_kms_key.kms_key.arn}');
      expect(group['retention_in_days']).toBe(model.monitoring.logRetentionDays);
      const filters = Object.values(res(stack.json, 'aws_cloudwatch_log_metric_filter'));
      expect(filters).toHaveLength(SHIPPED_LOGS.rows.severityFilters.length);
      const alarms = Object.values(res(stack.json, 'aws_cloudwatch_metric_alarm'));
      for (const f of filters) {
        expect(f['log_group_name']).toBe(`\${aws_cloudwatch_log_group.${id}.name}`);
        const raw = f['metric_transformation'] as Record<string, string> | Array<Record<string, string>>;
        const t = Array.isArray(raw) ? raw[0]! : raw;
        expect(alarms.some((a) => a['namespace'] === t['namespace'] && a['metric_name'] === t['name']), t['name']).toBe(true);
      }
    }
  });
});

/**
 * A stand-in of CloudWatch Logs' space-delimited filter patterns, as the CloudWatch Logs User Guide
 * ("Filter and pattern syntax", space-delimited log events) documents them: the event's fields are
 * separated by spaces, characters between [] or "" are one field; the pattern names the fields in
 * brackets, `...` stands for any number of fields; a condition compares a number (=, !=, <, >, <=,
 * >=) or a string with = or != and `*` wildcards. Only what refarch's patterns use.
 */
function matchesSpaceDelimited(pattern: string, event: string): boolean {
  const fields = [...event.matchAll(/\[[^\]]*\]|"[^"]*"|[^ ]+/g)].map((m) => m[0]);
  const items = pattern.replace(/^\[|\]$/g, '').split(',').map((x) => x.trim());
  const test = (item: string, field: string): boolean => {
    const c = /^(\w+)\s*(!=|=)\s*(.+)$/.exec(item);
    if (!c) return true;
    const [, , op, value] = c as unknown as [string, string, string, string];
    if (/^-?\d+(\.\d+)?$/.test(value)) return Number.isFinite(Number(field)) && (Number(field) === Number(value)) === (op === '=');
    const re = new RegExp(`^${value.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(field) === (op === '=');
  };
  const match = (i: number, f: number): boolean => {
    if (i === items.length) return f === fields.length;
    if (items[i] === '...') return Array.from({ length: fields.length - f + 1 }, (_, k) => f + k).some((g) => match(i + 1, g));
    return f < fields.length && test(items[i]!, fields[f]!) && match(i + 1, f + 1);
  };
  return match(0, 0);
}

describe('severity metric filters', () => {
  // messages.log lines as InterSystems prints them (Scalability Guide; System Resource Planning).
  const severe = '01/28/24-00:00:11:859 (6552) 2 [SYSTEM MONITOR] ECPClientState Alert: ECP reports Clients state 6';
  const fatal = '12/07/26-10:00:00:123 (12345) 3 [Generic.Event] Process terminated abnormally';
  const info = '11/06/21-10:59:37:513 (91515) 0 [Generic.Event] Allocated 5682MB shared memory using Huge Pages';
  // Other events of the same log group: the agent's embedded-metric-format JSON, refarch's boot logs.
  const emf = JSON.stringify({ CloudWatchMetrics: [{ Namespace: A.irisNamespace, Dimensions: [['host']], Metrics: [{ Name: 'iris_system_state' }] }], host: 'db-1', job: 'iris', iris_system_state: 3 });
  const boot = ['2026-12-07T10:00:00Z something', '2026-12-07T10:00:00Z step 3 done', '2026-12-07T10:00:00Z iris merge IRIS /tmp/x.cpf'];
  const pattern = (severity: number): string => SHIPPED_LOGS.rows.severityFilters.find((f) => f.severity === severity)!.pattern;

  it('each counts the messages.log lines of its severity and nothing else in the log group', () => {
    expect(matchesSpaceDelimited(pattern(2), severe)).toBe(true);
    expect(matchesSpaceDelimited(pattern(3), fatal)).toBe(true);
    for (const other of [info, emf, ...boot]) for (const s of [2, 3]) expect(matchesSpaceDelimited(pattern(s), other), `${s}: ${other}`).toBe(false);
    expect(matchesSpaceDelimited(pattern(3), severe)).toBe(false);
    expect(matchesSpaceDelimited(pattern(2), fatal)).toBe(false);
  });

  it('use only documented space-delimited forms (named fields, numeric =, unquoted * wildcard, ellipsis)', () => {
    for (const f of SHIPPED_LOGS.rows.severityFilters) {
      expect(f.pattern).toMatch(/^\[[^"%{}()]*\]$/);
      expect(f.pattern.endsWith(', ...]')).toBe(true);
    }
  });
});

describe('policy', () => {
  it.each(EXAMPLES)('%s: the agent policies add no finding; PutMetricData is narrowed to the two namespaces', (file) => {
    const model = exampleModel(file);
    for (const stack of exampleStacks(file)) {
      const site = sites(model).find((s) => s.stackId === stack.id);
      expect(checkPolicy(stack.json, site ? policyOptionsFor(model, site) : {}), stack.id).toEqual([]);
      for (const p of Object.values(res(stack.json, 'aws_iam_role_policy')).filter((x) => String(x['name']).startsWith('monitoring-agent-'))) {
        const statements = (JSON.parse(String(p['policy'])) as { Statement: Array<{ Action: unknown; Condition?: unknown; Resource: unknown }> }).Statement;
        const put = statements.find((s) => s.Action === 'cloudwatch:PutMetricData')!;
        expect(put.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': [A.osNamespace, A.irisNamespace] } });
        for (const s of statements.filter((x) => x !== put)) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
      }
    }
  });

  it('the policy check still flags PutMetricData on "*" without the namespace condition', () => {
    const json = { resource: { aws_iam_role_policy: { p: { name: 'x', role: 'r', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*' }] }) } } } } as unknown as TerraformJson;
    expect(checkPolicy(json).map((f) => f.rule)).toContain('CKV_AWS_355/290');
  });
});

describe('monitoring.agent: false', () => {
  it.each(EXAMPLES)('%s: no agent resource, no agent alarm, no agent panel', (file) => {
    const doc = parseDocument(exampleText(file));
    doc.setIn(['monitoring', 'agent'], false);
    const text = String(doc);
    const model = modelOfText(text);
    expect(agentServers(model)).toEqual([]);
    for (const stack of synthesizeInMemory(model)) {
      const json = JSON.stringify(stack.json);
      expect(json).not.toContain('aws_ssm_association');
      expect(json).not.toContain('/servers"');
      expect(json).not.toContain('CWAgent');
      expect(json).not.toContain('monitoring-agent-');
    }
  });
});
