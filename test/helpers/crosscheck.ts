// The reports against the Terraform, one for one: what `plan` lists and prices and what `diagram`
// draws, compared with what synth built from the same model. Returns every disagreement as a
// sentence (empty when they agree), so that example tests and property tests can both use it.
import type { DeploymentModel } from '../../src/model/model';
import { buildGraph, type GraphItem, type GraphNode } from '../../src/report/diagram';
import { buildPlan, type PlanDnsStack, type PlanSiteStack } from '../../src/report/plan';
import type { SynthesizedStack, TerraformJson } from '../../src/synth/index';
import { COLLAPSE_ABOVE } from '../../src/report/diagram';
import { EC2_DETAILED_MONITORING } from '../../src/catalog/catalog';

type Resources = Record<string, Record<string, unknown>>;
const resources = (json: TerraformJson, type: string): Resources => (json.resource?.[type] ?? {}) as Resources;
const count = (json: TerraformJson, type: string): number => Object.keys(resources(json, type)).length;
const tagName = (r: Record<string, unknown>): string => ((r['tags'] ?? {}) as Record<string, string>)['Name'] ?? '';
const SERVER_KINDS = new Set<string>(['web', 'app', 'print', 'database', 'arbiter']);

function drawnNodes(items: readonly GraphItem[], out: GraphNode[] = []): GraphNode[] {
  for (const item of items) {
    if (item.type === 'node') out.push(item);
    else drawnNodes(item.children, out);
  }
  return out;
}

/** Sorted copies, compared as text. */
function same(what: string, plan: readonly unknown[], built: readonly unknown[], problems: string[]): void {
  const a = plan.map(String).sort();
  const b = built.map(String).sort();
  if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${what}: the report has ${JSON.stringify(a)}, the Terraform ${JSON.stringify(b)}`);
}

function siteProblems(model: DeploymentModel, site: PlanSiteStack, json: TerraformJson, hoursPerMonth: number, items: ReturnType<typeof buildPlan>['cost']['items'], problems: string[]): void {
  const at = `stack ${site.id}`;
  const planned = site.tiers.flatMap((t) => t.instances);
  const subnets = resources(json, 'aws_subnet');
  const existingSubnets = (json.data?.['aws_subnet'] ?? {}) as Resources;
  // An existing subnet's zone is the one its postcondition requires (terraform plan enforces it).
  const requiredZone = (d: Record<string, unknown> | undefined): unknown => {
    const conditions = ((d?.['lifecycle'] as { postcondition?: Array<{ condition: string }> } | undefined)?.postcondition ?? []).map((c) => c.condition);
    for (const c of conditions) {
      const m = /self\.availability_zone == "([^"]+)"/.exec(c);
      if (m) return m[1];
    }
    return undefined;
  };
  const zoneOf = (r: Record<string, unknown>): unknown => {
    const m = /^\$\{(data\.)?aws_subnet\.([A-Za-z0-9_-]+)\.id\}$/.exec(String(r['subnet_id']));
    if (!m) return undefined;
    return m[1] ? requiredZone(existingSubnets[m[2]!]) : subnets[m[2]!]?.['availability_zone'];
  };
  // The network: an existing one is read, never created; egress other than nat adds no internet route.
  const networkTypes = ['aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_route', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_flow_log', 'aws_default_security_group'];
  if (site.network.kind === 'existing') {
    const created = networkTypes.filter((t) => count(json, t) > 0);
    if (created.length > 0) problems.push(`${at}: the report shows an existing network, the Terraform creates ${created.join(', ')}`);
    same(`${at} existing subnets`, site.network.subnets.map((sub) => `${sub.id} ${sub.az}`), Object.values(existingSubnets).map((d) => `${String(d['id'])} ${String(requiredZone(d))}`), problems);
    if ((json.data?.['aws_vpc'] as Resources | undefined)?.['network_vpc']?.['id'] !== site.network.vpcId) problems.push(`${at}: the report's existing VPC ${site.network.vpcId} is not the one the Terraform reads`);
  } else if (count(json, 'aws_vpc') !== 1) problems.push(`${at}: the report shows a created VPC, the Terraform has ${count(json, 'aws_vpc')}`);
  const internetRoutes = Object.values(resources(json, 'aws_route')).filter((r) => r['destination_cidr_block'] === '0.0.0.0/0' && (r['nat_gateway_id'] !== undefined || r['gateway_id'] !== undefined));
  const privateInternetRoutes = internetRoutes.filter((r) => r['nat_gateway_id'] !== undefined);
  if (site.egress !== 'nat' && privateInternetRoutes.length > 0) problems.push(`${at}: egress ${site.egress} in the report, but the Terraform routes private subnets to a NAT gateway`);
  same(
    `${at} interface endpoints`,
    site.interfaceEndpoints.map((e) => `com.amazonaws.${site.region}.${e}`),
    Object.values(resources(json, 'aws_vpc_endpoint')).filter((e) => e['vpc_endpoint_type'] === 'Interface').map((e) => String(e['service_name'])),
    problems,
  );
  const instances = Object.values(resources(json, 'aws_instance'));
  same(`${at} instances (name, type, zone)`, planned.map((i) => `${i.name} ${i.instanceType} ${i.az}`), instances.map((r) => `${tagName(r)} ${String(r['instance_type'])} ${String(zoneOf(r))}`), problems);
  same(
    `${at} root volumes`,
    planned.map((i) => `${i.name} ${i.volumes[0]!.type} ${i.volumes[0]!.sizeGiB}`),
    instances.map((r) => {
      const root = (r['root_block_device'] ?? {}) as Record<string, unknown>;
      return `${tagName(r)} ${String(root['volume_type'])} ${String(root['volume_size'])}`;
    }),
    problems,
  );
  const volumes = Object.values(resources(json, 'aws_ebs_volume'));
  same(
    `${at} data volumes (type, GiB, IOPS, MiB/s)`,
    planned.flatMap((i) => i.volumes.slice(1).map((v) => `${v.type} ${v.sizeGiB} ${v.iops} ${v.throughputMiBps}`)),
    volumes.map((v) => `${String(v['type'])} ${String(v['size'])} ${String(v['iops'] ?? null)} ${String(v['throughput'] ?? null)}`),
    problems,
  );
  if (count(json, 'aws_volume_attachment') !== volumes.length) problems.push(`${at}: ${volumes.length} volumes but ${count(json, 'aws_volume_attachment')} attachments`);

  const lbs = Object.values(resources(json, 'aws_lb'));
  const elbs = Object.values(resources(json, 'aws_elb'));
  same(
    `${at} load balancers`,
    site.loadBalancers.map((lb) => `${lb.name} ${lb.type} ${lb.scheme}`),
    [...lbs.map((lb) => `${String(lb['name'])} ${String(lb['load_balancer_type'])} ${lb['internal'] ? 'internal' : 'internet-facing'}`), ...elbs.map((e) => `${String(e['name'])} classic ${e['internal'] ? 'internal' : 'internet-facing'}`)],
    problems,
  );
  same(
    `${at} listeners`,
    site.loadBalancers.flatMap((lb) => lb.listeners.map((l) => l.replace(' (redirect)', ''))),
    [
      ...Object.values(resources(json, 'aws_lb_listener')).map((l) => `${String(l['protocol'])} :${String(l['port'])}`),
      ...elbs.flatMap((e) => (e['listener'] as Array<Record<string, unknown>>).map((l) => `${String(l['lb_protocol']).toUpperCase()} :${String(l['lb_port'])}`)),
    ],
    problems,
  );
  const counts: Array<[string, number, number]> = [
    ['alarms', site.alarms.count, count(json, 'aws_cloudwatch_metric_alarm')],
    ['NAT gateways', site.natGateways, count(json, 'aws_nat_gateway')],
    ['VPN connections', site.vpn ? 1 : 0, count(json, 'aws_vpn_connection')],
  ];
  const mine = items.filter((i) => i.stack === site.id);
  const sum = (pred: (i: (typeof mine)[number]) => boolean): number => mine.filter(pred).reduce((n, i) => n + i.quantity, 0);
  counts.push(['priced instance-hours', sum((i) => i.category === 'instance'), instances.length * hoursPerMonth]);
  counts.push(['priced load-balancer-hours', sum((i) => i.category === 'load-balancer'), (lbs.length + elbs.length) * hoursPerMonth]);
  counts.push(['priced NAT-gateway-hours', sum((i) => i.category === 'nat-gateway'), count(json, 'aws_nat_gateway') * hoursPerMonth]);
  counts.push(['priced EBS GiB', sum((i) => i.category === 'ebs' && i.unit === 'GiB-month'), volumes.reduce((n, v) => n + Number(v['size']), 0) + instances.reduce((n, r) => n + Number(((r['root_block_device'] ?? {}) as Record<string, unknown>)['volume_size']), 0)]);
  // Fixed charges: every priced unit is one the Terraform creates.
  const subnetCount = (r: Record<string, unknown>): number => ((r['subnet_ids'] ?? r['subnets'] ?? []) as unknown[]).length;
  const interfaceEndpoints = Object.values(resources(json, 'aws_vpc_endpoint')).filter((e) => e['vpc_endpoint_type'] === 'Interface');
  counts.push(['priced interface endpoint AZ-hours', sum((i) => i.category === 'vpc-endpoint'), interfaceEndpoints.reduce((n, e) => n + subnetCount(e), 0) * hoursPerMonth]);
  const publicLbNodes = [...lbs, ...elbs].filter((lb) => !lb['internal']).reduce((n, lb) => n + subnetCount(lb), 0);
  counts.push(['priced public IPv4 address-hours', sum((i) => i.category === 'public-ipv4'), (count(json, 'aws_eip') + publicLbNodes) * hoursPerMonth]);
  counts.push(['priced KMS keys', sum((i) => i.category === 'kms'), count(json, 'aws_kms_key')]);
  counts.push(['priced private hosted zones', sum((i) => i.unit === 'zone-month'), count(json, 'aws_route53_zone')]);
  counts.push(['priced dashboards', sum((i) => i.unit === 'dashboard-month'), count(json, 'aws_cloudwatch_dashboard')]);
  counts.push(['priced detailed-monitoring metrics', sum((i) => i.description.startsWith('EC2 detailed monitoring')), instances.filter((r) => r['monitoring'] === true).length * EC2_DETAILED_MONITORING.rows.metricsPerInstance]);
  counts.push(['priced agent metrics', sum((i) => i.description.startsWith('CloudWatch agent metrics')), agentMetricsBuilt(json)]);
  counts.push(['agent log groups', model.monitoring.agent ? 1 : 0, Object.values(resources(json, 'aws_cloudwatch_log_group')).filter((g) => String(g['name']).endsWith('/servers')).length]);
  // Every quota plan states is what the Terraform counts against it.
  const quota = (code: string): number => site.quotas.find((q) => q.code === code)?.amount ?? 0;
  const quotaByName = (name: string): number => site.quotas.find((q) => q.name === name)?.amount ?? 0;
  counts.push(['SSM parameters (quota)', quotaByName('Standard parameters per Region (not adjustable)'), count(json, 'aws_ssm_parameter')]);
  counts.push(['Elastic IPs (quota)', quota('L-0263D0A3'), count(json, 'aws_eip')]);
  counts.push(['VPCs (quota)', quota('L-F678F1CE'), count(json, 'aws_vpc')]);
  counts.push(['ALBs (quota)', quota('L-53DA6B97'), lbs.filter((lb) => lb['load_balancer_type'] === 'application').length]);
  counts.push(['NLBs (quota)', quota('L-69A177A2'), lbs.filter((lb) => lb['load_balancer_type'] === 'network').length]);
  counts.push(['Classic ELBs (quota)', quota('L-E9E9831D'), elbs.length]);
  const io2Iops = volumes.filter((v) => v['type'] === 'io2').reduce((n, v) => n + Number(v['iops'] ?? 0), 0);
  counts.push(['priced io2 IOPS', sum((i) => i.description.startsWith('EBS io2 provisioned IOPS')), io2Iops]);
  for (const [what, report, built] of counts) if (report !== built) problems.push(`${at} ${what}: the report has ${report}, the Terraform ${built}`);

  // The diagram: servers one node each (unless a tier is collapsed), web load balancers, VIPs.
  const nodes = drawnNodes(buildGraph(model).items).filter((n) => n.id.startsWith(`${site.role}_`));
  const collapsed = site.tiers.some((t) => t.count > COLLAPSE_ABOVE);
  if (!collapsed) {
    same(`${at} diagram servers`, planned.map((i) => `${site.role}_${i.key} ${i.instanceType}`), nodes.filter((n) => SERVER_KINDS.has(n.kind)).map((n) => `${n.id} ${(n.lines[2] ?? '').split(',')[0]}`), problems);
  }
  const drawnLbs = nodes.filter((n) => n.kind === 'lb').length;
  const builtWebLbs = elbs.length + lbs.filter((lb) => lb['load_balancer_type'] === 'application').length;
  if (drawnLbs !== builtWebLbs) problems.push(`${at} diagram web load balancers: ${drawnLbs} drawn, ${builtWebLbs} built`);
  const drawnVips = nodes.filter((n) => n.kind === 'vip').length;
  const builtVips = lbs.filter((lb) => lb['load_balancer_type'] === 'network').length;
  if (drawnVips !== builtVips) problems.push(`${at} diagram VIPs: ${drawnVips} drawn, ${builtVips} built`);
}

/**
 * The custom metrics the agent configurations in the Terraform publish, counted from those files
 * themselves (the agent's documented semantics), not from the model: memory and swap
 * measurements; every disk resource × disk measurement; every Prometheus series kept (a
 * declaration without an `id` label keeps one series per selector, one with it one per value its
 * label matcher allows).
 */
function agentMetricsBuilt(json: TerraformJson): number {
  const params = Object.values(resources(json, 'aws_ssm_parameter'));
  const value = (name: string): string => {
    let text = String(params.find((p) => p['name'] === name)?.['value'] ?? '');
    for (let i = 2; params.some((p) => p['name'] === `${name}.${i}`); i++) text += `\n${String(params.find((p) => p['name'] === `${name}.${i}`)!['value'])}`;
    return text.replace(/\$\$\{/g, '${');
  };
  let n = 0;
  for (const p of params) {
    const name = String(p['name']);
    if (!name.endsWith('/cloudwatch-agent.json')) continue;
    const config = JSON.parse(value(name)) as {
      metrics: { metrics_collected: { mem: { measurement: string[] }; swap: { measurement: string[] }; disk: { resources: string[]; measurement: string[] } } };
      logs: { metrics_collected?: { prometheus: { emf_processor: { metric_declaration: Array<{ source_labels: string[]; label_matcher: string; metric_selectors: string[] }> } } } };
    };
    const m = config.metrics.metrics_collected;
    n += m.mem.measurement.length + m.swap.measurement.length + m.disk.resources.length * m.disk.measurement.length;
    for (const d of config.logs.metrics_collected?.prometheus.emf_processor.metric_declaration ?? []) {
      const values = d.source_labels.includes('id') ? (/\(([^)]*)\)\$$/.exec(d.label_matcher)?.[1] ?? '').split('|').length : 1;
      n += values * d.metric_selectors.length;
    }
  }
  return n;
}

export function crossCheck(model: DeploymentModel, stacks: readonly SynthesizedStack[]): string[] {
  const problems: string[] = [];
  const plan = buildPlan(model);
  const byId = new Map(stacks.map((s) => [s.id, s.json]));
  same('stacks', plan.stacks.map((s) => s.id), [...byId.keys()], problems);
  for (const stack of plan.stacks) {
    const json = byId.get(stack.id);
    if (json === undefined) continue;
    if (stack.kind === 'site') siteProblems(model, stack, json, plan.cost.hoursPerMonth, plan.cost.items, problems);
    if (stack.kind === 'link') {
      const peerings = count(json, 'aws_vpc_peering_connection');
      if (peerings !== (stack.peering ? 1 : 0)) problems.push(`stack link: the report ${stack.peering ? 'peers' : 'does not peer'} the VPCs, the Terraform has ${peerings} peering connection(s)`);
      if (!stack.peering && count(json, 'aws_route') > 0) problems.push('stack link: dr.link none in the report, but the Terraform adds routes');
    }
    if (stack.kind === 'dns') {
      const dns: PlanDnsStack = stack;
      const counts: Array<[string, number, number]> = [
        ['records', dns.records.length, count(json, 'aws_route53_record')],
        ['health checks', dns.healthChecks.length, count(json, 'aws_route53_health_check')],
        ['alarms', dns.alarms.count, count(json, 'aws_cloudwatch_metric_alarm')],
        ['hosted zones', dns.createZone ? 1 : 0, count(json, 'aws_route53_zone')],
        ['alarm-driven health checks', dns.healthChecks.filter((h) => h.type === 'CLOUDWATCH_METRIC').length, Object.values(resources(json, 'aws_route53_health_check')).filter((h) => h['type'] === 'CLOUDWATCH_METRIC').length],
        ['priced KMS keys', plan.cost.items.filter((i) => i.stack === dns.id && i.category === 'kms').reduce((n, i) => n + i.quantity, 0), count(json, 'aws_kms_key')],
      ];
      for (const [what, report, built] of counts) if (report !== built) problems.push(`stack dns ${what}: the report has ${report}, the Terraform ${built}`);
    }
  }
  return problems;
}
