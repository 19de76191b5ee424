// Landing zones (#19): what the Terraform of an existing-network deployment holds and lacks, what
// egress none builds, and that accounts and IAM guardrails reach every provider and role.
import { describe, expect, it } from 'vitest';
import { synthesizeInMemory, type SynthesizedStack, type TerraformJson } from '../src/synth/index';
import { exampleModel, exampleText, modelOfText } from './helpers/models';

/** What refarch must never create for a VPC it does not own (issue #19). */
const NETWORK_TYPES = ['aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_route_table_association', 'aws_route', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_flow_log', 'aws_default_security_group', 'aws_vpc_peering_connection'];

const resourcesOf = (json: TerraformJson, type: string): Record<string, Record<string, unknown>> => (json.resource?.[type] ?? {}) as Record<string, Record<string, unknown>>;
const stack = (stacks: readonly SynthesizedStack[], id: string): TerraformJson => stacks.find((s) => s.id === id)!.json;

describe('examples/landing-zone.yaml', () => {
  const model = exampleModel('landing-zone.yaml');
  const stacks = synthesizeInMemory(model);

  it('has the dr, primary and link stacks, and creates none of the network resource types in any', () => {
    expect(stacks.map((s) => s.id).sort()).toEqual(['dr', 'link', 'primary']);
    for (const s of stacks) expect(Object.keys(s.json.resource ?? {}).filter((t) => NETWORK_TYPES.includes(t)), s.id).toEqual([]);
  });

  it('endpoints: existing: no interface endpoint, and no security group for endpoints refarch does not create', () => {
    for (const id of ['primary', 'dr']) {
      const json = stack(stacks, id);
      expect(Object.keys(resourcesOf(json, 'aws_vpc_endpoint')), id).toEqual([]);
      expect(Object.keys(resourcesOf(json, 'aws_security_group')).filter((k) => k.includes('endpoint')), id).toEqual([]);
      expect(Object.keys(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).filter((k) => k.includes('endpoint')), id).toEqual([]);
    }
  });

  it('reads the VPC and every subnet by id, each with postconditions naming its spec path', () => {
    const data = stack(stacks, 'primary').data!;
    expect(data['aws_vpc']!['network_vpc']!['id']).toBe('vpc-0a1b2c3d4e5f60001');
    const subnets = Object.values(data['aws_subnet']!) as Array<{ id: string; lifecycle: { postcondition: Array<{ condition: string; error_message: string }> } }>;
    expect(subnets).toHaveLength(9);
    const data2 = subnets.find((s) => s.id === 'subnet-0a1b2c3d4e5f60032')!;
    expect(data2.lifecycle.postcondition.map((p) => p.condition)).toEqual([
      '${self.vpc_id == "vpc-0a1b2c3d4e5f60001"}',
      '${self.availability_zone == "eu-west-2b"}',
      // the database backup member, the VIP load balancer's interface
      '${self.available_ip_address_count >= 2}',
    ]);
    for (const p of data2.lifecycle.postcondition) expect(p.error_message).toMatch(/^network\.subnetIds\.data\[1\]: /);
  });

  it('places the internal web load balancer in the web subnets', () => {
    const alb = resourcesOf(stack(stacks, 'primary'), 'aws_lb')['web_alb']!;
    expect(alb['internal']).toBe(true);
    expect(alb['subnets']).toEqual([1, 2, 3].map((n) => `\${data.aws_subnet.network_subnet_web_${n}.id}`));
  });

  it('gives every provider, aliases included, its account and role', () => {
    const expected: Record<string, string> = { primary: '111122223333', dr: '444455556666' };
    for (const s of stacks) {
      for (const p of (s.json.provider as { aws: Array<Record<string, unknown>> }).aws) {
        const site = s.id === 'link' ? ((p['alias'] as string | undefined) ?? 'primary') : s.id;
        expect(p['allowed_account_ids'], `${s.id} ${String(p['alias'])}`).toEqual([expected[site]]);
        expect((p['assume_role'] as Array<{ role_arn: string }>)[0]!.role_arn).toBe(`arn:aws:iam::${expected[site]}:role/refarch-deploy`);
      }
    }
  });

  it('puts the permissions boundary (in the stack\'s own account) and the path on every role', () => {
    let roles = 0;
    for (const s of stacks) {
      const account = s.id === 'dr' ? '444455556666' : '111122223333';
      for (const [name, role] of Object.entries(resourcesOf(s.json, 'aws_iam_role'))) {
        roles += 1;
        expect(role['permissions_boundary'], name).toBe(`arn:aws:iam::${account}:policy/workload-boundary`);
        expect(role['path'], name).toBe('/workloads/trakcare/');
      }
    }
    expect(roles).toBeGreaterThan(4);
  });

  it('dr.link none: the link stack only associates the private zones, authorized across the accounts', () => {
    const link = stack(stacks, 'link');
    expect(Object.keys(link.resource!).sort()).toEqual(['aws_route53_vpc_association_authorization', 'aws_route53_zone_association']);
    expect(resourcesOf(link, 'aws_route53_zone_association')['primary_zone_in_dr']!['provider']).toBe('aws.dr');
  });
});

describe('egress none with endpoints create', () => {
  const text = exampleText('trakcare.yaml').replace('  clientCidrs: [198.51.100.0/24, 203.0.113.0/24]\n', '  clientCidrs: [198.51.100.0/24, 203.0.113.0/24]\n  egress: none\n  endpoints: create\n');
  const stacks = synthesizeInMemory(modelOfText(text));

  it.each(['primary', 'dr'])('%s: an interface endpoint for every AWS API the instances call, the S3 gateway, and no route from the private subnets to the internet', (id) => {
    const json = stack(stacks, id);
    const region = id === 'primary' ? 'eu-west-1' : 'eu-central-1';
    const endpoints = Object.values(resourcesOf(json, 'aws_vpc_endpoint'));
    expect(endpoints.filter((e) => e['vpc_endpoint_type'] === 'Interface').map((e) => e['service_name']).sort()).toEqual(
      ['ssm', 'ssmmessages', 'ec2messages', 'logs', 'monitoring', 'secretsmanager', 'kms', 'sts', 'elasticloadbalancing'].map((s) => `com.amazonaws.${region}.${s}`).sort(),
    );
    expect(endpoints.filter((e) => e['vpc_endpoint_type'] === 'Gateway').map((e) => e['service_name'])).toEqual([`com.amazonaws.${region}.s3`]);
    expect(Object.values(resourcesOf(json, 'aws_route')).filter((r) => String(r['route_table_id']).includes('rt_private'))).toEqual([]);
    for (const type of ['aws_nat_gateway', 'aws_eip']) expect(Object.keys(resourcesOf(json, type)), type).toEqual([]);
    // The endpoints' own group guards every interface endpoint (HTTPS from the VPC).
    expect(endpoints.filter((e) => e['vpc_endpoint_type'] === 'Interface').every((e) => JSON.stringify(e['security_group_ids']) === '["${aws_security_group.sg_endpoints.id}"]')).toBe(true);
  });

  it('keeps the internet gateway and its public route only for the internet-facing load balancer', () => {
    const json = stack(stacks, 'primary');
    expect(Object.keys(resourcesOf(json, 'aws_internet_gateway'))).toEqual(['network_igw']);
    expect(Object.values(resourcesOf(json, 'aws_route')).map((r) => [r['route_table_id'], r['destination_cidr_block'], r['gateway_id']])).toEqual([
      ['${aws_route_table.network_rt_public.id}', '0.0.0.0/0', '${aws_internet_gateway.network_igw.id}'],
    ]);
  });

  it('with an internal entry: no public subnet, no internet gateway, no route at all', () => {
    const internal = text.replace('    stickySessions: true\n', '    stickySessions: true\n    scheme: internal\n');
    for (const s of synthesizeInMemory(modelOfText(internal)).filter((x) => x.id === 'primary' || x.id === 'dr')) {
      for (const type of ['aws_internet_gateway', 'aws_route', 'aws_nat_gateway', 'aws_eip']) expect(Object.keys(resourcesOf(s.json, type)), `${s.id} ${type}`).toEqual([]);
      expect(Object.values(resourcesOf(s.json, 'aws_subnet')).filter((sub) => (sub['tags'] as Record<string, string>)['refarch:subnet-tier'] === 'public')).toEqual([]);
    }
  });
});
