// The site stack's primary concerns (encryption, network, security groups, servers, web entry,
// mirror VIP, outputs), one focused test per rule of the reference architecture, plus the policy
// rules of secure-defaults.md and the stability of resource addresses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AWS_NAME_LIMITS, DEFAULTS } from '../src/catalog/catalog';
import type { DeploymentModel, SiteModel } from '../src/model/model';
import { siteAwsName, webLoadBalancerName } from '../src/resolve/naming';
import { allowingDataLoss, resolve } from '../src/resolve/resolve';
import type { RawSpec } from '../src/spec/types';
import { synthesizeInMemory, type SynthesizedStack, type TerraformJson } from '../src/synth/index';
import { userData } from '../src/synth/site/user-data';
import { namespaceTags } from '../src/model/tags';
import { checkFile } from '../src/validate/validate';
import { blocks, checkPolicy, policyOptionsFor, RULES, type Finding } from './helpers/policy';
import { exampleModel as modelOf } from './helpers/models';
import { exampleStacks, stackJson } from './helpers/stacks';

const examplesDir = join(__dirname, '..', 'examples');
const EXAMPLES = ['trakcare.yaml', 'healthshare.yaml', 'cache-cloud.yaml', 'hybrid-dr.yaml', 'minimal.yaml'] as const;

type Body = Record<string, unknown>;


function specOf(file: string): RawSpec {
  return parse(readFileSync(join(examplesDir, file), 'utf8')) as RawSpec;
}

const synth = exampleStacks;
const stack = stackJson;

function res(json: TerraformJson, type: string): Record<string, Body> {
  return (json.resource?.[type] ?? {}) as Record<string, Body>;
}

function one(json: TerraformJson, type: string, name: string): Body {
  const body = res(json, type)[name];
  if (!body) throw new Error(`no ${type}.${name}; have ${Object.keys(res(json, type)).join(', ')}`);
  return body;
}

/** `${aws_x.name.attr}` of a resource. */
const ref = (type: string, name: string, attr: string) => `\${${type}.${name}.${attr}}`;

function statementsOf(policy: unknown): Array<Record<string, unknown>> {
  return (JSON.parse(String(policy)) as { Statement: Array<Record<string, unknown>> }).Statement;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Every resource body without cdktf's metadata, by address. */
function bodies(json: TerraformJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const { ['//']: _meta, ...rest } = body as Body;
      out.set(`${type}.${name}`, JSON.stringify(rest));
    }
  }
  return out;
}

function siteStacks(file: string): Array<{ site: SiteModel; model: DeploymentModel; json: TerraformJson }> {
  const model = modelOf(file);
  const stacks = synth(file);
  return [model.primary, model.dr].filter((s): s is SiteModel => s !== undefined).map((site) => ({ site, model, json: stack(stacks, site.stackId) }));
}

// ---------------------------------------------------------------------------------------------

describe('TrakCare primary site (seed Figure-12)', () => {
  const json = () => stack(synth('trakcare.yaml'), 'primary');

  it('puts the web servers in three AZs behind an internet-facing HTTPS ALB with sticky sessions', () => {
    const j = json();
    const web = ['web_1', 'web_2', 'web_3'].map((k) => one(j, 'aws_instance', `servers_${k}`));
    expect(new Set(web.map((w) => w['subnet_id']))).toEqual(new Set(['web_1', 'web_2', 'web_3'].map((s) => ref('aws_subnet', `network_subnet_${s}`, 'id'))));
    const alb = one(j, 'aws_lb', 'web_alb');
    expect(alb).toMatchObject({ internal: false, load_balancer_type: 'application', name: 'trakcare-prod-primary-web' });
    expect(alb['subnets']).toEqual([1, 2, 3].map((n) => ref('aws_subnet', `network_subnet_public_${n}`, 'id')));
    const tg = one(j, 'aws_lb_target_group', 'web_tg');
    expect(tg).toMatchObject({ protocol: 'HTTPS', port: 443, stickiness: { type: 'lb_cookie', enabled: true } });
    expect(blocks(tg['health_check'])[0]).toMatchObject({ protocol: 'HTTPS', path: '/csp/gateway/' });
    const attachments = Object.entries(res(j, 'aws_lb_target_group_attachment')).filter(([, a]) => a['target_group_arn'] === ref('aws_lb_target_group', 'web_tg', 'arn'));
    expect(attachments.map(([name]) => name).sort()).toEqual(['web_attach_web_1', 'web_attach_web_2', 'web_attach_web_3']);
    expect(one(j, 'aws_lb_listener', 'web_https')['default_action']).toEqual([{ type: 'forward', target_group_arn: ref('aws_lb_target_group', 'web_tg', 'arn') }]);
  });

  it('has an HTTP listener that only redirects to HTTPS', () => {
    const http = one(json(), 'aws_lb_listener', 'web_http');
    expect(http).toMatchObject({ port: 80, protocol: 'HTTP' });
    expect(http['default_action']).toEqual([{ type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' } }]);
  });

  it('terminates TLS with the catalog TLS 1.2+ policy and the spec certificate', () => {
    const https = one(json(), 'aws_lb_listener', 'web_https');
    expect(https).toMatchObject({ protocol: 'HTTPS', port: 443, ssl_policy: DEFAULTS.rows.tlsPolicy });
    expect(https['certificate_arn']).toMatch(/^arn:aws:acm:eu-west-1:/);
  });

  it('runs four ECP application servers that reach the data server on the superserver port only', () => {
    const j = json();
    const apps = Object.entries(res(j, 'aws_instance')).filter(([, i]) => (i['tags'] as Body)['refarch:tier'] === 'app');
    expect(apps).toHaveLength(4);
    for (const [, app] of apps) {
      expect(String(app['subnet_id'])).toMatch(/network_subnet_app_\d/);
      expect(app['vpc_security_group_ids']).toEqual([ref('aws_security_group', 'sg_app', 'id')]);
    }
    expect(one(j, 'aws_vpc_security_group_ingress_rule', 'sg_db_in_superserver_from_app')).toMatchObject({
      security_group_id: ref('aws_security_group', 'sg_db', 'id'),
      referenced_security_group_id: ref('aws_security_group', 'sg_app', 'id'),
      from_port: 1972,
      to_port: 1972,
      ip_protocol: 'tcp',
    });
    expect(one(j, 'aws_vpc_security_group_egress_rule', 'sg_app_out_superserver_to_db')).toMatchObject({ referenced_security_group_id: ref('aws_security_group', 'sg_db', 'id'), from_port: 1972 });
  });

  it("has TrakCare's two print servers as ECP clients in the app tier", () => {
    const prints = Object.entries(res(json(), 'aws_instance')).filter(([, i]) => (i['tags'] as Body)['refarch:tier'] === 'print');
    expect(prints.map(([n]) => n).sort()).toEqual(['servers_print_1', 'servers_print_2']);
    for (const [, p] of prints) expect(p['vpc_security_group_ids']).toEqual([ref('aws_security_group', 'sg_app', 'id')]);
  });

  it('places the failover pair in two AZs and the arbiter in the third', () => {
    const j = json();
    const primary = one(j, 'aws_instance', 'servers_db_trakcare_primary');
    const backup = one(j, 'aws_instance', 'servers_db_trakcare_backup');
    const arbiter = one(j, 'aws_instance', 'servers_arbiter');
    expect([primary, backup, arbiter].map((i) => i['subnet_id'])).toEqual([1, 2, 3].map((n) => ref('aws_subnet', `network_subnet_data_${n}`, 'id')));
    expect([1, 2, 3].map((n) => one(j, 'aws_subnet', `network_subnet_data_${n}`)['availability_zone'])).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect((primary['tags'] as Body)['refarch:mirror-role']).toBe('primary');
    expect((backup['tags'] as Body)['refarch:mirror-role']).toBe('backup');
    expect((primary['tags'] as Body)['refarch:namespaces']).toBe('TRAK,ANALYTICS,INTEGRATION');
    for (const i of [primary, backup, arbiter]) expect(i['disable_api_termination']).toBe(true);
    expect(one(j, 'aws_vpc_security_group_ingress_rule', 'sg_arbiter_in_agent_from_db')).toMatchObject({ from_port: 2188, referenced_security_group_id: ref('aws_security_group', 'sg_db', 'id') });
    expect(one(j, 'aws_vpc_security_group_ingress_rule', 'sg_db_in_agent_from_db')).toMatchObject({ from_port: 2188 });
  });

  it('gives each member four volumes encrypted with the site key, in its AZ, at stable device names', () => {
    const j = json();
    for (const member of ['db_trakcare_primary', 'db_trakcare_backup']) {
      const instance = one(j, 'aws_instance', `servers_${member}`);
      const subnet = one(j, 'aws_subnet', String(instance['subnet_id']).split('.')[1]!);
      const purposes = ['data', 'journal1', 'journal2', 'wij'];
      purposes.forEach((purpose, i) => {
        const volume = one(j, 'aws_ebs_volume', `servers_${member}_${purpose}`);
        expect(volume).toMatchObject({ encrypted: true, kms_key_id: ref('aws_kms_key', 'kms_key', 'arn'), availability_zone: subnet['availability_zone'] });
        expect((volume['tags'] as Body)['refarch:volume']).toBe(purpose);
        expect(one(j, 'aws_volume_attachment', `servers_${member}_${purpose}_attachment`)).toMatchObject({
          device_name: DEFAULTS.rows.deviceNames[i],
          volume_id: ref('aws_ebs_volume', `servers_${member}_${purpose}`, 'id'),
          instance_id: ref('aws_instance', `servers_${member}`, 'id'),
        });
      });
    }
    expect(one(j, 'aws_ebs_volume', 'servers_db_trakcare_primary_data')).toMatchObject({ type: 'io1', size: 2000, iops: 20000 });
    expect(one(j, 'aws_ebs_volume', 'servers_db_trakcare_primary_wij')).not.toHaveProperty('iops');
    expect(one(j, 'aws_kms_key', 'kms_key')['enable_key_rotation']).toBe(true);
  });

  it('guards data in Terraform: every mirror member and every volume carries prevent_destroy; --allow-data-loss (allowingDataLoss) drops exactly the guards, nothing else', () => {
    for (const file of EXAMPLES) {
      const model = modelOf(file);
      expect(model.decommission, file).toBe(false);
      const guarded = (json: TerraformJson) => {
        const out: string[] = [];
        for (const type of ['aws_instance', 'aws_ebs_volume']) for (const [name, body] of Object.entries(res(json, type))) if ((body['lifecycle'] as Body | undefined)?.['prevent_destroy'] === true) out.push(`${type}.${name}`);
        return out.sort();
      };
      for (const { site, json } of siteStacks(file)) {
        const members = site.instances.filter((i) => i.tier === 'database');
        const expected = members.flatMap((i) => [`aws_instance.servers_${i.key}`, ...i.volumes.map((v) => `aws_ebs_volume.servers_${i.key}_${v.purpose}`)]).sort();
        expect(guarded(json), `${file} ${site.stackId}`).toEqual(expected);
        expect(members.length, `${file} ${site.stackId}: members`).toBeGreaterThan(0);
        // The members keep ignoring AMI and user data alongside the guard.
        for (const i of members) expect((one(json, 'aws_instance', `servers_${i.key}`)['lifecycle'] as Body)['ignore_changes']).toEqual(['ami', 'user_data']);
        for (const lb of Object.values(res(json, 'aws_lb'))) expect(lb['enable_deletion_protection']).toBe(true);
        for (const bucket of Object.values(res(json, 'aws_s3_bucket'))) expect(bucket).not.toHaveProperty('force_destroy');
      }
      // The decommission model: the same stacks but for the guards.
      for (const { id, json } of synthesizeInMemory(allowingDataLoss(model))) {
        expect(guarded(json), `${file} ${id} --allow-data-loss`).toEqual([]);
        for (const lb of Object.values(res(json, 'aws_lb'))) expect(lb['enable_deletion_protection'], `${file} ${id}`).toBe(false);
        for (const type of ['aws_s3_bucket', 'aws_backup_vault']) for (const body of Object.values(res(json, type))) expect(body['force_destroy'], `${file} ${id} ${type}`).toBe(true);
        const unguard = (j: TerraformJson) =>
          JSON.stringify(j)
            .replace(/,?"prevent_destroy":true/g, '')
            .replace(/"lifecycle":\{\},?/g, '')
            .replace(/"enable_deletion_protection":(true|false)/g, '"enable_deletion_protection":"?"')
            .replace(/"force_destroy":true,?/g, '')
            .replace(/,\}/g, '}');
        expect(unguard(json), `${file} ${id}: only the guards differ`).toBe(unguard(stack(synth(file), id)));
      }
    }
  });

  it('polls mirror_status.cxw from an internal cross-zone NLB with both members as targets', () => {
    const j = json();
    const nlb = one(j, 'aws_lb', 'vip_trakcare_nlb');
    expect(nlb).toMatchObject({ internal: true, load_balancer_type: 'network', enable_cross_zone_load_balancing: true, enable_deletion_protection: true });
    expect(nlb['subnets']).toEqual([1, 2, 3].map((n) => ref('aws_subnet', `network_subnet_data_${n}`, 'id')));
    const tg = one(j, 'aws_lb_target_group', 'vip_trakcare_tg');
    expect(tg).toMatchObject({ protocol: 'TCP', port: 1972 });
    expect(blocks(tg['health_check'])[0]).toMatchObject({ protocol: 'HTTP', port: '52773', path: DEFAULTS.rows.mirrorStatusPath, matcher: '200', interval: 5 });
    expect(one(j, 'aws_lb_listener', 'vip_trakcare_listener')).toMatchObject({ protocol: 'TCP', port: 1972 });
    const targets = Object.values(res(j, 'aws_lb_target_group_attachment'))
      .filter((a) => a['target_group_arn'] === ref('aws_lb_target_group', 'vip_trakcare_tg', 'arn'))
      .map((a) => a['target_id']);
    expect(targets.sort()).toEqual([ref('aws_instance', 'servers_db_trakcare_backup', 'id'), ref('aws_instance', 'servers_db_trakcare_primary', 'id')]);
    expect(one(j, 'aws_vpc_security_group_ingress_rule', 'sg_db_in_webserver_from_vip')).toMatchObject({ from_port: 52773 });
  });

  it('scopes the ^ZMIRROR call-out policy to the VIP target group, on the members role only', () => {
    const j = json();
    const policy = one(j, 'aws_iam_role_policy', 'vip_trakcare_zmirror');
    expect(policy['role']).toBe(ref('aws_iam_role', 'servers_database_role', 'id'));
    const statements = statementsOf(policy['policy']);
    const write = statements.find((s) => asList(s['Action']).includes('elasticloadbalancing:RegisterTargets'))!;
    expect(write['Resource']).toBe(ref('aws_lb_target_group', 'vip_trakcare_tg', 'arn'));
    // Register only: Terraform owns the primary site's target list, and a deregistration by
    // ^ZMIRROR would be drift that the next apply reverts; the health check routes to the primary.
    expect(asList(write['Action'])).toEqual(['elasticloadbalancing:RegisterTargets']);
    expect(statements.flatMap((s) => asList(s['Action']))).not.toContain('elasticloadbalancing:DeregisterTargets');
    for (const s of statements.filter((s) => s['Resource'] === '*')) expect(asList(s['Action'])).toEqual(['elasticloadbalancing:DescribeTargetHealth']);
    // Members run with it; the other servers do not.
    expect(one(j, 'aws_instance', 'servers_db_trakcare_primary')['iam_instance_profile']).toBe(ref('aws_iam_instance_profile', 'servers_database_profile', 'name'));
    expect(one(j, 'aws_instance', 'servers_web_1')['iam_instance_profile']).toBe(ref('aws_iam_instance_profile', 'servers_server_profile', 'name'));
  });

  it('keys the site with a rotating CMK whose policy names no "*" principal and lets logs, EC2 and notifications use it', () => {
    const key = one(json(), 'aws_kms_key', 'kms_key');
    const statements = statementsOf(key['policy']);
    const principals = statements.map((s) => JSON.stringify(s['Principal']));
    expect(principals.some((p) => p.includes('"*"'))).toBe(false);
    expect(principals.join()).toContain('logs.eu-west-1.amazonaws.com');
    expect(principals.join()).toContain('sns.amazonaws.com');
    const logs = statements.find((s) => JSON.stringify(s['Principal']).includes('logs.'))!;
    expect(JSON.stringify(logs['Condition'])).toContain('kms:EncryptionContext:aws:logs:arn');
    const ec2 = statements.find((s) => JSON.stringify(s['Condition'] ?? {}).includes('kms:ViaService'))!;
    expect(JSON.stringify(ec2['Condition'])).toContain('ec2.eu-west-1.amazonaws.com');
    expect(one(json(), 'aws_kms_alias', 'kms_alias')['name']).toBe('alias/trakcare-prod-primary-kms');
  });

  it('routes private subnets through a NAT gateway per AZ and reaches SSM and S3 through endpoints', () => {
    const j = json();
    expect(Object.keys(res(j, 'aws_nat_gateway')).sort()).toEqual(['network_nat_1', 'network_nat_2', 'network_nat_3']);
    for (const n of [1, 2, 3]) expect(one(j, 'aws_route', `network_rt_private_${n}_default`)['nat_gateway_id']).toBe(ref('aws_nat_gateway', `network_nat_${n}`, 'id'));
    for (const s of ['ssm', 'ssmmessages', 'ec2messages']) {
      expect(one(j, 'aws_vpc_endpoint', `network_endpoint_${s}`)).toMatchObject({
        vpc_endpoint_type: 'Interface',
        private_dns_enabled: true,
        service_name: `com.amazonaws.eu-west-1.${s}`,
        security_group_ids: [ref('aws_security_group', 'sg_endpoints', 'id')],
      });
    }
    expect(one(j, 'aws_vpc_endpoint', 'network_endpoint_s3')).toMatchObject({ vpc_endpoint_type: 'Gateway' });
    for (const [, subnet] of Object.entries(res(j, 'aws_subnet'))) expect(subnet['map_public_ip_on_launch']).toBe(false);
  });

  it('names outputs per concern, stably', () => {
    const outputs = Object.keys(json().output ?? {}).sort();
    expect(outputs).toEqual(expect.arrayContaining(['alarm_topic_arn', 'instance_ids', 'private_ips', 'vip_dns_names', 'vip_target_group_arns', 'web_dns_name']));
    const ids = (json().output!['instance_ids'] as Body)['value'] as Record<string, Record<string, string>>;
    expect(Object.keys(ids).sort()).toEqual(['app', 'arbiter', 'database', 'print', 'web']);
    expect(ids['database']!['db_trakcare_primary']).toBe(ref('aws_instance', 'servers_db_trakcare_primary', 'id'));
  });
});

describe('HealthShare primary site (seed Figure-14)', () => {
  it('runs five mirrors: five VIP NLBs, ten members and one arbiter', () => {
    const j = stack(synth('healthshare.yaml'), 'primary');
    const nlbs = Object.values(res(j, 'aws_lb')).filter((lb) => lb['load_balancer_type'] === 'network');
    expect(nlbs).toHaveLength(5);
    const tiers = Object.values(res(j, 'aws_instance')).map((i) => (i['tags'] as Body)['refarch:tier']);
    expect(tiers.filter((t) => t === 'database')).toHaveLength(10);
    expect(tiers.filter((t) => t === 'arbiter')).toHaveLength(1);
    const names = Object.values(res(j, 'aws_lb')).map((lb) => String(lb['name']));
    const tgNames = Object.values(res(j, 'aws_lb_target_group')).map((tg) => String(tg['name']));
    for (const n of [...names, ...tgNames]) expect(n.length).toBeLessThanOrEqual(AWS_NAME_LIMITS.rows.loadBalancer);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(res(j, 'aws_iam_role_policy')).filter((n) => n.endsWith('_zmirror'))).toHaveLength(5);
  });
});

describe('every site stack of every example', () => {
  it.each(EXAMPLES)('%s: instances are EBS-optimized, monitored, IMDSv2-only, with an encrypted root, an instance profile and no public IP', (file) => {
    for (const { json } of siteStacks(file)) {
      const instances = Object.values(res(json, 'aws_instance'));
      expect(instances.length).toBeGreaterThan(0);
      for (const i of instances) {
        expect(i).toMatchObject({ ebs_optimized: true, monitoring: true, associate_public_ip_address: false });
        expect(blocks(i['metadata_options'])[0]).toMatchObject({ http_tokens: 'required', http_endpoint: 'enabled', http_put_response_hop_limit: 1 });
        expect(blocks(i['root_block_device'])[0]).toMatchObject({ encrypted: true, kms_key_id: ref('aws_kms_key', 'kms_key', 'arn') });
        expect(String(i['iam_instance_profile'])).toMatch(/^\$\{aws_iam_instance_profile\./);
        // Mirror members also carry prevent_destroy (the guard test below).
        const isMember = (i['tags'] as Body)['refarch:tier'] === 'database';
        expect(i['lifecycle']).toEqual({ ignore_changes: ['ami', 'user_data'], ...(isMember ? { prevent_destroy: true } : {}) });
      }
      // One image lookup per site, not one per instance.
      expect(Object.keys(json.data?.['aws_ssm_parameter'] ?? {}).length).toBeLessThanOrEqual(1);
    }
  });

  it.each(EXAMPLES)('%s: every security group and rule has a description; only 443 on the web LB is open to the internet; no all-protocol egress', (file) => {
    for (const { json } of siteStacks(file)) {
      for (const sg of Object.values(res(json, 'aws_security_group'))) expect(String(sg['description'] ?? '')).not.toBe('');
      for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']) {
        for (const [name, rule] of Object.entries(res(json, type))) {
          expect(String(rule['description'] ?? ''), name).not.toBe('');
          expect(String(rule['description']), name).toMatch(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/);
          expect(rule['ip_protocol'], name).not.toBe('-1');
          if (type.endsWith('ingress_rule') && (rule['cidr_ipv4'] === '0.0.0.0/0' || rule['cidr_ipv6'] === '::/0')) {
            expect(rule, name).toMatchObject({ from_port: 443, to_port: 443, security_group_id: ref('aws_security_group', 'sg_lb', 'id') });
          }
        }
      }
    }
  });

  // Security groups are stateful per group, not per connection: a connection between two groups
  // needs the source group's egress AND the destination group's ingress. An ingress rule whose
  // source group cannot send (the VIP admitted web and app, which had no egress to it) is a rule
  // that opens nothing and a path that does not work.
  it.each(EXAMPLES)('%s: every ingress rule from a security group has the matching egress rule in that group, and back', (file) => {
    for (const { json } of siteStacks(file)) {
      const key = (from: unknown, to: unknown, port: unknown) => `${String(from)} -> ${String(to)} :${String(port)}`;
      const ingress = new Set<string>();
      const egress = new Set<string>();
      for (const r of Object.values(res(json, 'aws_vpc_security_group_ingress_rule'))) {
        if (r['referenced_security_group_id'] !== undefined) ingress.add(key(r['referenced_security_group_id'], r['security_group_id'], r['from_port']));
      }
      for (const r of Object.values(res(json, 'aws_vpc_security_group_egress_rule'))) {
        if (r['referenced_security_group_id'] !== undefined) egress.add(key(r['security_group_id'], r['referenced_security_group_id'], r['from_port']));
      }
      expect([...ingress].filter((k) => !egress.has(k)), 'ingress without egress').toEqual([]);
      expect([...egress].filter((k) => !ingress.has(k)), 'egress without ingress').toEqual([]);
    }
  });

  // checkov CKV2_AWS_5: a group attached to nothing is dead weight (and a sign of a tier the
  // site does not run, e.g. the arbiter in a DR site, or the web tiers of a hybrid DR site).
  it.each(EXAMPLES)('%s: every security group is attached to an instance, load balancer, endpoint or mount target', (file) => {
    const attachments: ReadonlyArray<readonly [string, string]> = [
      ['aws_instance', 'vpc_security_group_ids'],
      ['aws_lb', 'security_groups'],
      ['aws_elb', 'security_groups'],
      ['aws_vpc_endpoint', 'security_group_ids'],
      ['aws_efs_mount_target', 'security_groups'],
    ];
    for (const { json, site } of siteStacks(file)) {
      const attached = new Set<string>();
      for (const [type, attr] of attachments) for (const b of Object.values(res(json, type))) for (const id of asList(b[attr])) attached.add(String(id));
      const groups = Object.keys(res(json, 'aws_security_group'));
      expect(groups.length).toBeGreaterThan(0);
      expect(groups.filter((g) => !attached.has(ref('aws_security_group', g, 'id'))), site.stackId).toEqual([]);
    }
  });

  it('lets the web and application tiers reach the mirror VIP they are admitted to', () => {
    const j = stack(synth('trakcare.yaml'), 'primary');
    for (const tier of ['web', 'app']) {
      expect(one(j, 'aws_vpc_security_group_ingress_rule', `sg_vip_in_superserver_from_${tier}`)['referenced_security_group_id']).toBe(ref('aws_security_group', `sg_${tier}`, 'id'));
      expect(one(j, 'aws_vpc_security_group_egress_rule', `sg_${tier}_out_superserver_to_vip`)).toMatchObject({
        security_group_id: ref('aws_security_group', `sg_${tier}`, 'id'),
        referenced_security_group_id: ref('aws_security_group', 'sg_vip', 'id'),
        from_port: 1972,
        to_port: 1972,
        ip_protocol: 'tcp',
      });
    }
  });

  // The members are termination-protected; their database volumes must not vanish without a
  // last snapshot on a destroy or a forced replacement.
  it.each(EXAMPLES)('%s: every database volume takes a final snapshot before it is deleted', (file) => {
    for (const { json } of siteStacks(file)) {
      const volumes = Object.entries(res(json, 'aws_ebs_volume')).filter(([, v]) => (v['tags'] as Body)['refarch:tier'] === 'database');
      expect(volumes.length).toBeGreaterThan(0);
      for (const [name, v] of volumes) expect(v['final_snapshot'], name).toBe(true);
    }
  });

  // Without monitoring.alarmEmail (minimal.yaml) nothing subscribes to the alarm topic: its ARN
  // must be an output, or the alarms notify no one and no one can tell where to subscribe.
  it.each(EXAMPLES)('%s: outputs the topic every alarm notifies', (file) => {
    for (const { json } of siteStacks(file)) {
      expect((json.output?.['alarm_topic_arn'] as Body | undefined)?.['value']).toBe(ref('aws_sns_topic', 'ops_mon_topic', 'arn'));
      for (const alarm of Object.values(res(json, 'aws_cloudwatch_metric_alarm'))) expect(alarm['alarm_actions']).toContain(ref('aws_sns_topic', 'ops_mon_topic', 'arn'));
    }
  });

  it.each(EXAMPLES)('%s: the default security group has no rules and the VPC has flow logs into an encrypted log group', (file) => {
    for (const { json, model } of siteStacks(file)) {
      const dsg = one(json, 'aws_default_security_group', 'network_default_sg');
      expect(dsg['vpc_id']).toBe(ref('aws_vpc', 'network_vpc', 'id'));
      expect(dsg).not.toHaveProperty('ingress');
      expect(dsg).not.toHaveProperty('egress');
      expect(one(json, 'aws_flow_log', 'network_flow_log')).toMatchObject({ vpc_id: ref('aws_vpc', 'network_vpc', 'id'), traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
      expect(one(json, 'aws_cloudwatch_log_group', 'network_flow_log_group')).toMatchObject({ kms_key_id: ref('aws_kms_key', 'kms_key', 'arn'), retention_in_days: model.flowLogRetentionDays });
      const write = statementsOf(one(json, 'aws_iam_role_policy', 'network_flow_log_policy')['policy']);
      for (const s of write) expect(asList(s['Resource'])).not.toContain('*');
    }
  });

  it.each(EXAMPLES)('%s: passes every policy rule of secure-defaults.md with zero findings', (file) => {
    const findings: Array<Finding & { stack: string }> = [];
    for (const { json, site, model } of siteStacks(file)) findings.push(...checkPolicy(json, policyOptionsFor(model, site), RULES).map((f) => ({ ...f, stack: site.stackId })));
    expect(findings).toEqual([]);
  });

  it.each(EXAMPLES)('%s: load balancer and target group names fit AWS limits and the web LB has the name the DNS stack looks up', (file) => {
    const model = modelOf(file);
    for (const { json, site } of siteStacks(file)) {
      for (const type of ['aws_lb', 'aws_lb_target_group', 'aws_elb']) {
        for (const b of Object.values(res(json, type))) {
          expect(String(b['name']).length).toBeLessThanOrEqual(32);
          expect(String(b['name'])).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/);
        }
      }
      if (site.webLoadBalancer) {
        const lb = res(json, 'aws_lb')['web_alb'] ?? res(json, 'aws_elb')['web_elb'];
        expect(lb?.['name']).toBe(webLoadBalancerName(model.name, site.role));
        const target = site.role === 'primary' ? model.dns?.primary : model.dns?.secondary;
        if (target?.kind === 'site') expect(target.loadBalancerName).toBe(lb?.['name']);
      }
    }
  });

  it.each(EXAMPLES)('%s: user data holds no credentials, is valid bash and is byte-identical across runs', (file) => {
    const again = synthesizeInMemory(modelOf(file));
    for (const { json, site } of siteStacks(file)) {
      const rerun = stack(again, site.stackId);
      for (const [name, i] of Object.entries(res(json, 'aws_instance'))) {
        const text = i['user_data'];
        expect(one(rerun, 'aws_instance', name)['user_data']).toBe(text);
        // Every server has user data with day one on; members always (their volumes).
        expect(typeof text).toBe('string');
        // No value assigned to a credential-named variable (day one names secrets by ARN and
        // passes fetched files by path, so the words alone are expected; see helpers/policy.ts).
        expect(String(text)).not.toMatch(/(password|passwd|secret|\bkey)\s*[:=]\s*['"]?[^'"\s$]{4,}/i);
        // Terraform would read ${ and %{ as template syntax.
        expect(String(text)).not.toMatch(/\$\{|%\{/);
        execFileSync('bash', ['-n'], { input: String(text) });
      }
    }
  });
});

describe('DR and hybrid sites', () => {
  it('builds the DR site with async members only, no arbiter, reduced front tiers and a VIP without targets', () => {
    const json = stack(synth('trakcare.yaml'), 'dr');
    const instances = res(json, 'aws_instance');
    const tiers = Object.values(instances).map((i) => (i['tags'] as Body)['refarch:tier']);
    expect(tiers).not.toContain('arbiter');
    expect(Object.values(instances).filter((i) => (i['tags'] as Body)['refarch:mirror-role'] === 'async')).toHaveLength(1);
    expect(tiers.filter((t) => t === 'web')).toHaveLength(2);
    expect(res(json, 'aws_security_group_rule')).toEqual({});
    // An NLB with no healthy target routes to all its targets: a registered async (never primary
    // before promotion) would take every DR VIP connection. Promotion registers the new primary.
    const targets = Object.values(res(json, 'aws_lb_target_group_attachment')).filter((a) => a['target_group_arn'] === ref('aws_lb_target_group', 'vip_trakcare_tg', 'arn'));
    expect(targets).toEqual([]);
    expect(one(json, 'aws_lb_listener', 'vip_trakcare_listener')).toMatchObject({ protocol: 'TCP', port: 1972 });
    expect(one(json, 'aws_iam_role_policy', 'vip_trakcare_zmirror')['policy']).toContain('elasticloadbalancing:RegisterTargets');
    // The primary's data subnets may reach the asyncs on the mirror ports, and nothing else may.
    expect(one(json, 'aws_vpc_security_group_ingress_rule', 'sg_db_in_superserver_from_cidr_10_10_192_0_20')['cidr_ipv4']).toBe('10.10.192.0/20');
    expect(one(json, 'aws_vpc_security_group_ingress_rule', 'sg_db_in_agent_from_cidr_10_10_192_0_20')['from_port']).toBe(2188);
    expect(Object.keys(res(json, 'aws_vpc_security_group_ingress_rule')).filter((n) => n.includes('arbiter'))).toEqual([]);
    expect(one(json, 'aws_lb', 'web_alb')['name']).toBe('trakcare-prod-dr-web');
  });

  it('builds the hybrid DR site with two asyncs in two AZs open to the on-premises members, without web tier', () => {
    const json = stack(synth('hybrid-dr.yaml'), 'dr');
    const members = Object.values(res(json, 'aws_instance')).filter((i) => (i['tags'] as Body)['refarch:mirror-role'] === 'async');
    expect(members).toHaveLength(2);
    expect(new Set(members.map((m) => m['subnet_id'])).size).toBe(2);
    expect(res(json, 'aws_lb')['web_alb']).toBeUndefined();
    expect(one(json, 'aws_vpc_security_group_ingress_rule', 'sg_db_in_superserver_from_cidr_172_16_0_0_16')['cidr_ipv4']).toBe('172.16.0.0/16');
    expect(one(json, 'aws_lb', 'vip_trakcare_nlb')['internal']).toBe(true);
    // No web entry and a TCP-only VIP: nothing writes access logs, so there is no log bucket.
    expect(res(json, 'aws_s3_bucket')).toEqual({});
  });

  it('opens the members once to a network that is both the admin network and the on-premises members network', () => {
    const spec = specOf('hybrid-dr.yaml');
    const onPremises = spec.onPremises!.cidrs![0]!;
    const model = resolve({ ...spec, network: { ...spec.network, adminCidrs: [onPremises] } } as RawSpec);
    // It used to crash synth: two rules with one construct id (and AWS refuses duplicate rules).
    const json = stack(synthesizeInMemory(model), 'dr');
    const rules = Object.values(res(json, 'aws_vpc_security_group_ingress_rule')).filter(
      (r) => r['security_group_id'] === ref('aws_security_group', 'sg_db', 'id') && r['cidr_ipv4'] === onPremises,
    );
    // superserver once (mirroring and Studio), agent, and the Management Portal.
    expect(rules.map((r) => r['from_port']).sort()).toEqual([1972, 2188, 52773]);
  });

  it('uses one NAT gateway for every private route table when natGateways is single', () => {
    const json = stack(synth('cache-cloud.yaml'), 'primary');
    expect(Object.keys(res(json, 'aws_nat_gateway'))).toEqual(['network_nat_1']);
    for (const n of [1, 2, 3]) expect(one(json, 'aws_route', `network_rt_private_${n}_default`)['nat_gateway_id']).toBe(ref('aws_nat_gateway', 'network_nat_1', 'id'));
  });

  it('asks for the certificate through a variable named after its stack, checked against its region, when the spec names none', () => {
    const json = stack(synth('minimal.yaml'), 'primary');
    const variable = json.variable?.['primary_web_certificate_arn'] as { description: string; validation: Array<{ condition: string; error_message: string }> };
    expect(variable).toMatchObject({ type: 'string', nullable: false });
    expect(variable.description).toContain('eu-west-1');
    expect(variable.validation[0]!.condition).toBe('${can(regex("^arn:aws[a-z-]*:acm:eu-west-1:[0-9]{12}:certificate/", var.primary_web_certificate_arn))}');
    expect(one(json, 'aws_lb_listener', 'web_https')['certificate_arn']).toBe('${var.primary_web_certificate_arn}');
    expect(Object.keys(json.variable ?? {})).toEqual(['primary_web_certificate_arn']);
  });

  it('no two stacks declare a variable of the same name (TF_VAR_ names one stack only)', () => {
    const dr = stack(synth('trakcare.yaml'), 'dr');
    expect(Object.keys(dr.variable ?? {})).toEqual(['dr_web_certificate_arn']);
    expect((dr.variable?.['dr_web_certificate_arn'] as { description: string }).description).toContain('eu-central-1');
    for (const file of ['trakcare.yaml', 'healthshare.yaml', 'cache-cloud.yaml', 'hybrid-dr.yaml', 'minimal.yaml']) {
      const names = synth(file).flatMap((s) => Object.keys(s.json.variable ?? {}));
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

describe('web entry variants', () => {
  it('builds the Classic ELB variant (seed Figure-4) with a cookie stickiness policy on the 443 listener', () => {
    const spec = specOf('trakcare.yaml');
    const model = resolve({ ...spec, web: { ...spec.web, loadBalancer: { ...spec.web!.loadBalancer, type: 'classic' } } } as RawSpec);
    const json = stack(synthesizeInMemory(model), 'primary');
    expect(res(json, 'aws_lb')['web_alb']).toBeUndefined();
    const elb = one(json, 'aws_elb', 'web_elb');
    expect(elb).toMatchObject({ name: 'trakcare-prod-primary-web', cross_zone_load_balancing: true, connection_draining: true });
    expect(elb['listener']).toEqual([
      { lb_port: 443, lb_protocol: 'https', instance_port: 443, instance_protocol: 'https', ssl_certificate_id: spec.web!.loadBalancer!.certificateArn },
    ]);
    expect(blocks(elb['access_logs'])[0]).toMatchObject({ enabled: true });
    const policies = res(json, 'aws_load_balancer_policy');
    expect(one(json, 'aws_load_balancer_policy', 'web_elb_cookie_policy')['policy_type_name']).toBe('LBCookieStickinessPolicyType');
    expect(one(json, 'aws_load_balancer_policy', 'web_elb_tls_policy')['policy_attribute']).toEqual([{ name: 'Reference-Security-Policy', value: DEFAULTS.rows.classicTlsPolicy }]);
    const listener = one(json, 'aws_load_balancer_listener_policy', 'web_elb_listener_policies');
    expect(listener['load_balancer_port']).toBe(443);
    expect(listener['policy_names']).toEqual(Object.keys(policies).sort().reverse().map((n) => ref('aws_load_balancer_policy', n, 'policy_name')));
    expect(Object.keys(res(json, 'aws_elb_attachment')).sort()).toEqual(['web_attach_web_1', 'web_attach_web_2', 'web_attach_web_3']);
    // No port 80 listener, so no port 80 opening either.
    expect(Object.keys(res(json, 'aws_vpc_security_group_ingress_rule')).filter((n) => n.includes('_in_http_'))).toEqual([]);
    expect(checkPolicy(json, policyOptionsFor(model, model.primary!), RULES)).toEqual([]);
  });

  it('never opens port 80 to the whole internet, even when clients are 0.0.0.0/0', () => {
    const json = stack(synth('minimal.yaml'), 'primary');
    const http = Object.keys(res(json, 'aws_vpc_security_group_ingress_rule')).filter((n) => n.includes('_in_http_'));
    expect(http).toEqual([]);
    expect(one(json, 'aws_vpc_security_group_ingress_rule', 'sg_lb_in_https_from_cidr_0_0_0_0_0')['cidr_ipv4']).toBe('0.0.0.0/0');
  });
});

describe('resource addresses', () => {
  it('growing web.count from 3 to 4 adds resources and renames or changes none', () => {
    const spec = specOf('trakcare.yaml');
    const before = bodies(stack(synthesizeInMemory(resolve(spec)), 'primary'));
    const after = bodies(stack(synthesizeInMemory(resolve({ ...spec, web: { ...spec.web, count: 4 } } as RawSpec)), 'primary'));
    const added = [...after.keys()].filter((a) => !before.has(a));
    expect([...before.keys()].filter((a) => !after.has(a))).toEqual([]);
    expect(added).toEqual(expect.arrayContaining(['aws_instance.servers_web_4', 'aws_lb_target_group_attachment.web_attach_web_4']));
    // Dashboards summarize every instance; every other existing resource keeps its body.
    const changed = [...before.keys()].filter((a) => !a.startsWith('aws_cloudwatch_dashboard.') && before.get(a) !== after.get(a));
    expect(changed).toEqual([]);
  });

  it('do not depend on the working directory', () => {
    const model = modelOf('trakcare.yaml');
    const here = process.cwd();
    const elsewhere = mkdtempSync(join(tmpdir(), 'refarch-cwd-'));
    try {
      const a = synthesizeInMemory(model);
      process.chdir(elsewhere);
      const b = synthesizeInMemory(model);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    } finally {
      process.chdir(here);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('shortens long AWS names deterministically, within the limit and without collisions', () => {
    expect(siteAwsName('trakcare-prod', 'primary', 'web', 32)).toBe('trakcare-prod-primary-web');
    expect(siteAwsName('abcdefghijklmnopqrstuvwxyz12', 'primary', 'web', 32)).toHaveLength(32);
    expect(siteAwsName('healthshare-prod', 'primary', 'vip-trakcare', 32)).toBe('healthshare-prod-p-vip-trakcare');
    const long = ['information-exchange', 'patient-index', 'personal-community', 'health-insight', 'health-connect'].map((p) => siteAwsName('healthshare-prod', 'primary', `vip-${p}`, 32));
    expect(new Set(long).size).toBe(5);
    for (const n of long) expect(n.length).toBeLessThanOrEqual(32);
    expect(siteAwsName('healthshare-prod', 'primary', 'vip-information-exchange', 32)).toBe(long[0]);
  });
});

describe('user data', () => {
  it('is a pure function of the instance and model: nothing for non-members, the volume script in model order for members', () => {
    const model = modelOf('trakcare.yaml');
    const site = model.primary!;
    expect(userData(site.instances.find((i) => i.tier === 'web')!, model)).toBeUndefined();
    const member = site.instances.find((i) => i.mirrorRole === 'primary')!;
    const text = userData(member, model)!;
    expect(text).toBe(userData(member, model));
    expect(text.startsWith('#!/bin/bash\n')).toBe(true);
    const calls = text.split('\n').filter((l) => l.startsWith('prepare_volume '));
    expect(calls).toEqual([
      "prepare_volume '/dev/sdf' '/irissys/data' 'data' || failed=1",
      "prepare_volume '/dev/sdg' '/irissys/journal1' 'journal1' || failed=1",
      "prepare_volume '/dev/sdh' '/irissys/journal2' 'journal2' || failed=1",
      "prepare_volume '/dev/sdi' '/irissys/wij' 'wij' || failed=1",
    ]);
    // Formats only a blank device (blkid finds nothing: exit 2), mounts by UUID with nofail.
    expect(text).toMatch(/if \[ "\$probe" -eq 2 \]; then\n.*\n\s+mkfs\.xfs/);
    expect(text).toContain('defaults,nofail');
    expect(text).toContain('/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol');
    expect(userData(member, model, ['echo extra'])!.split('\n')).toContain('echo extra');
  });
});

describe('who owns the mirror VIP target lists', () => {
  const vipAttachments = (json: TerraformJson) => Object.entries(res(json, 'aws_lb_target_group_attachment')).filter(([name]) => name.startsWith('vip_'));

  it.each(EXAMPLES)('%s: Terraform registers exactly the failover pair of each mirror, never an async member', (file) => {
    for (const site of [modelOf(file).primary, modelOf(file).dr].filter((x): x is SiteModel => x !== undefined)) {
      const json = stack(synth(file), site.stackId);
      const registered = vipAttachments(json).map(([, a]) => String(a['target_id'])).sort();
      const expected = site.mirrors.filter((m) => m.vip).flatMap((m) => [m.primaryKey, m.backupKey]).filter((k): k is string => k !== undefined).map((k) => ref('aws_instance', `servers_${k}`, 'id')).sort();
      expect(registered, site.stackId).toEqual(expected);
      for (const m of site.mirrors) for (const key of m.asyncKeys) expect(registered).not.toContain(ref('aws_instance', `servers_${key}`, 'id'));
      if (site.role === 'dr') expect(registered).toEqual([]);
    }
  });

  it.each(EXAMPLES)('%s: no role may deregister a VIP target (the health check decides; Terraform would undo it)', (file) => {
    for (const s of synth(file)) {
      for (const [name, p] of Object.entries(res(s.json, 'aws_iam_role_policy'))) expect(String(p['policy']), `${s.id} ${name}`).not.toContain('DeregisterTargets');
    }
  });

  it('the address of an existing attachment does not move (primary members keep theirs)', () => {
    const names = vipAttachments(stack(synth('trakcare.yaml'), 'primary')).map(([name]) => name).sort();
    expect(names).toEqual(['vip_trakcare_attach_db_trakcare_backup', 'vip_trakcare_attach_db_trakcare_primary']);
  });
});

describe('access logs', () => {
  // AWS writes NLB access logs for TLS listeners only; the mirror VIPs have a TCP listener alone.
  it.each(EXAMPLES)('%s: ALBs log to the site bucket, TCP-only VIP NLBs claim no access logs', (file) => {
    for (const s of synth(file).filter((x) => x.id === 'primary' || x.id === 'dr')) {
      const lbs = Object.entries(res(s.json, 'aws_lb'));
      const nlbs = lbs.filter(([, lb]) => lb['load_balancer_type'] === 'network');
      expect(nlbs.length, s.id).toBeGreaterThan(0);
      for (const [name, lb] of nlbs) {
        expect(lb, `${s.id} ${name}`).not.toHaveProperty('access_logs');
        const protocols = Object.values(res(s.json, 'aws_lb_listener')).filter((l) => l['load_balancer_arn'] === ref('aws_lb', name, 'arn')).map((l) => l['protocol']);
        expect(protocols).toEqual(['TCP']);
      }
      for (const [, lb] of lbs.filter(([, lb]) => lb['load_balancer_type'] === 'application')) {
        expect(blocks(lb['access_logs'])[0]).toMatchObject({ enabled: true, bucket: ref('aws_s3_bucket', 'logs_bucket', 'id'), prefix: 'web' });
      }
      // The log bucket grants delivery to the ELB log writers of ALB/Classic only.
      const policy = res(s.json, 'aws_s3_bucket_policy')['logs_policy'];
      if (policy) expect(String(policy['policy'])).not.toContain('delivery.logs.amazonaws.com');
    }
  });

  it('the policy checker wants NLB access logs exactly when the NLB has a TLS listener', () => {
    const base = stack(synth('trakcare.yaml'), 'primary');
    const check = (json: unknown) => checkPolicy(json as TerraformJson, {}, RULES).filter((f) => f.address === 'aws_lb.vip_trakcare_nlb').map((f) => f.rule);
    expect(check(base)).toEqual([]);
    const logged = JSON.parse(JSON.stringify(base)) as { resource: Record<string, Record<string, Body>> };
    logged.resource['aws_lb']!['vip_trakcare_nlb']!['access_logs'] = { bucket: 'b', enabled: true };
    expect(check(logged)).toEqual(['nlb-logs-without-tls']);
    const tls = JSON.parse(JSON.stringify(base)) as { resource: Record<string, Record<string, Body>> };
    tls.resource['aws_lb_listener']!['vip_trakcare_listener']!['protocol'] = 'TLS';
    tls.resource['aws_lb_listener']!['vip_trakcare_listener']!['ssl_policy'] = DEFAULTS.rows.tlsPolicy;
    expect(check(tls)).toEqual(['CKV_AWS_91']);
    tls.resource['aws_lb']!['vip_trakcare_nlb']!['access_logs'] = { bucket: 'b', enabled: true };
    expect(check(tls)).toEqual([]);
  });
});

describe('the policy checker', () => {
  it('finds the problems of a deliberately broken stack', () => {
    const json = JSON.parse(JSON.stringify(stack(synth('trakcare.yaml'), 'primary'))) as { resource: Record<string, Record<string, Body>> };
    const r = json.resource;
    const web1 = r['aws_instance']!['servers_web_1']!;
    web1['monitoring'] = false;
    web1['ebs_optimized'] = false;
    web1['metadata_options'] = { http_tokens: 'optional' };
    web1['root_block_device'] = { encrypted: false };
    web1['associate_public_ip_address'] = true;
    delete web1['iam_instance_profile'];
    web1['user_data'] = 'DB_PASSWORD=hunter2';
    r['aws_ebs_volume']!['servers_db_trakcare_primary_data']!['encrypted'] = false;
    delete r['aws_ebs_volume']!['servers_db_trakcare_primary_wij']!['kms_key_id'];
    r['aws_kms_key']!['kms_key']!['enable_key_rotation'] = false;
    r['aws_vpc_security_group_ingress_rule']!['bad_ssh'] = { security_group_id: 'x', ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '0.0.0.0/0' };
    r['aws_vpc_security_group_ingress_rule']!['bad_db'] = { security_group_id: 'x', description: 'db', ip_protocol: 'tcp', from_port: 1972, to_port: 1972, cidr_ipv4: '10.99.0.0/16' };
    r['aws_vpc_security_group_egress_rule']!['bad_all'] = { security_group_id: 'x', description: 'all', ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' };
    r['aws_subnet']!['network_subnet_public_1']!['map_public_ip_on_launch'] = true;
    delete r['aws_flow_log'];
    r['aws_default_security_group']!['network_default_sg']!['ingress'] = [{ protocol: '-1', from_port: 0, to_port: 0, self: true }];
    r['aws_lb_listener']!['web_http']!['default_action'] = [{ type: 'forward', target_group_arn: 'x' }];
    r['aws_lb_listener']!['web_https']!['ssl_policy'] = 'ELBSecurityPolicy-2016-08';
    r['aws_lb']!['web_alb']!['access_logs'] = { bucket: 'b', enabled: false };
    r['aws_lb']!['web_alb']!['drop_invalid_header_fields'] = false;
    r['aws_lb']!['vip_trakcare_nlb']!['enable_cross_zone_load_balancing'] = false;
    r['aws_lb']!['vip_trakcare_nlb']!['enable_deletion_protection'] = false;
    delete (r['aws_lb_target_group']!['web_tg']!['health_check'] as Body)['path'];
    r['aws_iam_role_policy']!['vip_trakcare_zmirror']!['policy'] = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    r['aws_iam_role']!['servers_server_role']!['assume_role_policy'] = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    r['aws_iam_role_policy_attachment']!['servers_server_role_ssm']!['policy_arn'] = 'arn:aws:iam::aws:policy/AdministratorAccess';
    r['aws_elb'] = { classic: { listener: [{ lb_port: 80, lb_protocol: 'http', instance_port: 80, instance_protocol: 'http' }] } };
    const model = modelOf('trakcare.yaml');
    const rules = new Set(checkPolicy(json as unknown as TerraformJson, policyOptionsFor(model, model.primary!), RULES).map((f) => f.rule));
    for (const expected of [
      'CKV_AWS_8',
      'CKV_AWS_79',
      'CKV_AWS_126',
      'CKV_AWS_135',
      'CKV_AWS_88',
      'CKV2_AWS_41',
      'CKV_AWS_46',
      'CKV_AWS_3',
      'CKV_AWS_189',
      'CKV_AWS_7',
      'CKV_AWS_23',
      'CKV_AWS_24/25/260',
      'database-ports',
      'CKV_AWS_382',
      'CKV_AWS_130',
      'CKV2_AWS_11',
      'CKV2_AWS_12',
      'CKV_AWS_2',
      'CKV_AWS_103',
      'CKV_AWS_91',
      'CKV_AWS_131',
      'CKV_AWS_150',
      'CKV_AWS_152',
      'CKV_AWS_261',
      'CKV_AWS_62/63',
      'CKV_AWS_355/290',
      'CKV_AWS_60/61',
      'CKV_AWS_274',
      'CKV_AWS_127',
      'CKV_AWS_92',
    ]) {
      expect(rules, expected).toContain(expected);
    }
  });
});

describe('Route 53 health checkers reach the entry points they check', () => {
  const ingressFromPrefixList = (json: TerraformJson): Body[] =>
    Object.values(res(json, 'aws_vpc_security_group_ingress_rule')).filter((r) => 'prefix_list_id' in r);

  it.each(['trakcare.yaml', 'cache-cloud.yaml', 'healthshare.yaml'])('%s: both DNS targets admit the route53-healthchecks prefix list on 443 only', (file) => {
    for (const id of ['primary', 'dr']) {
      const json = stack(synth(file), id);
      const rules = ingressFromPrefixList(json);
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({ from_port: 443, to_port: 443, ip_protocol: 'tcp', security_group_id: '${aws_security_group.sg_lb.id}' });
      const list = (json.data?.['aws_ec2_managed_prefix_list'] ?? {}) as Record<string, Body>;
      const region = id === 'primary' ? modelOf(file).primary!.region : modelOf(file).dr!.region;
      expect(Object.values(list).map((l) => l['name'])).toEqual([`com.amazonaws.${region}.route53-healthchecks`]);
    }
  });

  it('a deployment without dns opens nothing to the health checkers', () => {
    expect(ingressFromPrefixList(stack(synth('minimal.yaml'), 'primary'))).toEqual([]);
  });
});

describe('namespace tags', () => {
  const names = Array.from({ length: 20 }, (_, i) => `NS${'X'.repeat(27)}${String(i).padStart(2, '0')}`);

  it('split into values of at most 256 characters, whole names, in order: refarch:namespaces, -2, -3', () => {
    const tags = namespaceTags(names);
    expect(Object.keys(tags)).toEqual(['refarch:namespaces', 'refarch:namespaces-2', 'refarch:namespaces-3']);
    for (const value of Object.values(tags)) expect(value.length).toBeLessThanOrEqual(AWS_NAME_LIMITS.rows.tagValue);
    expect(Object.values(tags).join(',').split(',')).toEqual(names);
    expect(namespaceTags(['TRAK', 'ANALYTICS'])).toEqual({ 'refarch:namespaces': 'TRAK,ANALYTICS' });
    expect(namespaceTags([])).toEqual({});
  });

  it('the largest namespace list synthesizes with every tag value of every resource within AWS\'s limit', () => {
    const text = `apiVersion: refarch/v1\nname: ns-tags\nprofile: cache\nregion: eu-west-1\navailabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]\ndatabase: { namespaces: [${names.join(', ')}] }\n`;
    const dir = mkdtempSync(join(tmpdir(), 'refarch-ns-'));
    try {
      const file = join(dir, 'ns.yaml');
      writeFileSync(file, text);
      const checked = checkFile(file);
      expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const values: string[] = [];
      for (const stack of synthesizeInMemory(checked.model!)) {
        for (const byName of Object.values(stack.json.resource ?? {})) for (const body of Object.values(byName)) values.push(...Object.values((body['tags'] ?? {}) as Record<string, string>));
      }
      expect(values.length).toBeGreaterThan(100);
      expect(values.filter((v) => v.length > AWS_NAME_LIMITS.rows.tagValue)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
