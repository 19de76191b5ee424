// The reports against the Terraform: `plan` and `diagram` are computed from the resolved model,
// `synth` builds the Terraform from the same model; here both are compared one for one, on every
// example and on variants that switch each option that changes what gets built. A report that
// lists an instance, volume, load balancer, listener, alarm, NAT gateway, VPN or health check that
// the Terraform does not create (or the other way round) fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeploymentModel } from '../src/model/model';
import { buildPlan } from '../src/report/plan';
import { synthesizeInMemory, type SynthesizedStack } from '../src/synth/index';
import { checkText } from '../src/validate/validate';
import { crossCheck } from './helpers/crosscheck';
import { modelOfText as modelOf } from './helpers/models';

const examples = join(__dirname, '..', 'examples');
const read = (file: string): string => readFileSync(join(examples, file), 'utf8');

/** Every example, and variants that change what is built. */
const SPECS: Record<string, string> = {
  'trakcare.yaml': read('trakcare.yaml'),
  'healthshare.yaml': read('healthshare.yaml'),
  'cache-cloud.yaml': read('cache-cloud.yaml'),
  'hybrid-dr.yaml': read('hybrid-dr.yaml'),
  'minimal.yaml': read('minimal.yaml'),
  'trakcare, classic ELB': read('trakcare.yaml').replace('    type: application\n', '    type: classic\n'),
  'trakcare, aws-backup': read('trakcare.yaml').replace('  method: snapshot\n', '  method: aws-backup\n'),
  'trakcare, online backup, full DR': read('trakcare.yaml').replace('  method: snapshot\n', '  method: online\n').replace('  copyToDr: true\n', '').replace('  capacity: reduced\n', '  capacity: full\n'),
  'trakcare, created zone, no VIP': read('trakcare.yaml').replace('  record: trakcare\n', '  record: trakcare\n  createZone: true\n').replace('    vip: load-balancer\n', '    vip: none\n').replace('    zmirrorCallout: true\n', ''),
  'minimal, no web tier': `${read('minimal.yaml')}web: { count: 0 }\n`,
  'trakcare, agent off': read('trakcare.yaml').replace('monitoring:\n', 'monitoring:\n  agent: false\n'),
  'cache-cloud, Caché platform (agent without IRIS metrics)': `${read('cache-cloud.yaml')}software: { platform: cache }\n`,
};


describe('plan and diagram match the synthesized Terraform one for one', () => {
  it.each(Object.keys(SPECS))('%s', (name) => {
    const model = modelOf(SPECS[name]!);
    expect(crossCheck(model, synthesizeInMemory(model))).toEqual([]);
  });
});

describe('the cross-check can fail', () => {
  const model = modelOf(SPECS['trakcare.yaml']!);
  const stacks = synthesizeInMemory(model);
  const without = (type: string, name: string): SynthesizedStack[] =>
    stacks.map((s) => {
      if (s.id !== 'primary') return s;
      const resource = { ...s.json.resource };
      const ofType = { ...resource[type] };
      delete ofType[name];
      resource[type] = ofType;
      return { id: s.id, json: { ...s.json, resource } };
    });

  it('an instance the report lists but the Terraform lacks', () => {
    expect(crossCheck(model, without('aws_instance', 'servers_web_3'))).toEqual(expect.arrayContaining([expect.stringContaining('stack primary instances (name, type, zone)'), expect.stringContaining('priced instance-hours')]));
  });
  it('an agent configuration that keeps one more IRIS series than the plan prices', () => {
    const primary = stacks.find((s) => s.id === 'primary')!;
    const params = { ...primary.json.resource!['aws_ssm_parameter'] } as Record<string, Record<string, unknown>>;
    const key = Object.keys(params).find((k) => k.endsWith('db_trakcare_primary_cloudwatch_agent_json'))!;
    params[key] = { ...params[key], value: String(params[key]!['value']).replace('"^iris_system_state$"', '"^iris_system_state$","^iris_cpu_usage$"') };
    const changed = stacks.map((s) => (s.id === 'primary' ? { id: s.id, json: { ...s.json, resource: { ...s.json.resource, aws_ssm_parameter: params } } } : s));
    expect(crossCheck(model, changed).join('\n')).toContain('priced agent metrics');
  });
  it('a listener, an alarm and a NAT gateway', () => {
    const problems = crossCheck(model, without('aws_lb_listener', 'web_http'));
    expect(problems).toEqual([expect.stringContaining('stack primary listeners')]);
    expect(crossCheck(model, without('aws_nat_gateway', 'network_nat_2')).join('\n')).toContain('NAT gateways: the report has 3, the Terraform 2');
    expect(crossCheck(model, without('aws_cloudwatch_metric_alarm', Object.keys(stacks.find((s) => s.id === 'primary')!.json.resource!['aws_cloudwatch_metric_alarm']!)[0]!)).join('\n')).toContain('stack primary alarms');
  });
  it('the plan that listed an HTTP listener on a Classic ELB (the drift this check found)', () => {
    const classic = modelOf(SPECS['trakcare, classic ELB']!);
    const plan = buildPlan(classic);
    const site = plan.stacks.find((s) => s.id === 'primary');
    expect(site && site.kind === 'site' ? site.loadBalancers.find((lb) => lb.type === 'classic')?.listeners : undefined).toEqual(['HTTPS :443']);
  });
});
