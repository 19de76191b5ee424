// DR, link, DNS, VPN, backups and monitoring. Two layers:
//  1. the operations constructs on a site whose other concerns are stand-ins (plain resources
//     satisfying the refs contracts of context.ts), so these tests do not depend on how the
//     network, servers or load balancers are built;
//  2. every shipped example synthesized whole: stacks, DR independence, failover records, VPN,
//     backups, alarms, state backends and the policy rules of secure-defaults.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeploymentModel, SiteModel } from '../src/model/model';
import {
  App,
  EbsVolume,
  Elb,
  IamRole,
  Instance,
  KmsKey,
  Lb,
  LbTargetGroup,
  RouteTable,
  SecurityGroup,
  Subnet,
  VolumeAttachment,
  Vpc,
} from '../src/synth/cdktf';
import { buildDnsStack } from '../src/synth/global/dns';
import { buildLinkStack } from '../src/synth/global/link';
import { synthesizeInMemory, type SynthesizedStack, type TerraformJson } from '../src/synth/index';
import { BackupShare, backupShareMountCommands, dailyCron, freezeThawDocument } from '../src/synth/site/backup';
import { siteContext, type MirrorVipRefs, type ServerRefs, type WebEntryRefs } from '../src/synth/site/context';
import { Operations } from '../src/synth/site/operations';
import { Vpn } from '../src/synth/site/vpn';
import { RefarchStack } from '../src/synth/stack';
import { checkFile, checkText } from '../src/validate/validate';
import { blocks, policyFindings } from './helpers/policy';
import { exampleModel as modelOf, modelOfText } from './helpers/models';
import { exampleStacks, stackJson } from './helpers/stacks';

const examplesDir = join(__dirname, '..', 'examples');
const exampleText = (file: string) => readFileSync(join(examplesDir, file), 'utf8');



type Resources = Record<string, Record<string, Record<string, unknown>>>;
const resources = (json: TerraformJson, type: string): Record<string, Record<string, unknown>> => (json.resource as Resources | undefined)?.[type] ?? {};
const data = (json: TerraformJson, type: string): Record<string, Record<string, unknown>> => (json.data as Resources | undefined)?.[type] ?? {};
const count = (json: TerraformJson, type: string) => Object.keys(resources(json, type)).length;

// ---------------------------------------------------------------------------------------------
// 1. The operations constructs on a stand-in site
// ---------------------------------------------------------------------------------------------

/** One site stack whose encryption, network, groups, servers and load balancers are stand-ins. */
function standInSite(model: DeploymentModel, site: SiteModel): TerraformJson {
  const outdir = mkdtempSync(join(tmpdir(), 'refarch-ops-'));
  try {
    const app = new App({ outdir, stackTraces: false, context: { excludeStackIdFromLogicalIds: true, allowSepCharsInLogicalIds: true } });
    const stack = new RefarchStack(app, site.stackId, { model, region: site.region, stackRole: site.role });
    const ctx = siteContext(model, site, stack);
    const encryption = { key: new KmsKey(stack, 'key', { enableKeyRotation: true }) };
    const vpc = new Vpc(stack, 'vpc', { cidrBlock: site.vpcCidr });
    const subnets = Object.fromEntries(site.subnets.map((s) => [s.key, new Subnet(stack, `subnet_${s.key}`, { vpcId: vpc.id, cidrBlock: s.cidr, availabilityZone: s.az })]));
    const network = {
      vpc,
      subnets,
      publicRouteTable: new RouteTable(stack, 'rt_public', { vpcId: vpc.id }),
      privateRouteTables: site.azs.map((_, i) => new RouteTable(stack, `rt_private_${i + 1}`, { vpcId: vpc.id })),
    };
    const group = (id: string) => new SecurityGroup(stack, `sg_${id}`, { vpcId: vpc.id, description: id });
    const database = group('db');
    const serverGroups = new Map([['web', group('web')], ['app', group('app')], ['print', group('app_print')], ['database', database], ['arbiter', group('arbiter')]] as const);
    const securityGroups = { webLoadBalancer: group('lb'), database, vip: group('vip'), endpoints: group('endpoints'), servers: serverGroups };
    const share = model.backup.method === 'online' ? new BackupShare(stack, 'share', ctx, { encryption, network, securityGroups }) : undefined;
    const instances: Record<string, Instance> = {};
    const volumes: Record<string, EbsVolume[]> = {};
    for (const i of site.instances) {
      instances[i.key] = new Instance(stack, `i_${i.key}`, { ami: 'ami-00000000', instanceType: i.instanceType, subnetId: subnets[i.subnetKey]!.id });
      volumes[i.key] = i.volumes.map((v, n) => {
        const volume = new EbsVolume(stack, `v_${i.key}_${v.purpose}`, { availabilityZone: i.az, size: v.sizeGiB, type: v.type, encrypted: true, kmsKeyId: encryption.key.arn });
        new VolumeAttachment(stack, `v_${i.key}_${v.purpose}_attachment`, { deviceName: `/dev/sd${String.fromCharCode(102 + n)}`, volumeId: volume.id, instanceId: instances[i.key]!.id });
        return volume;
      });
    }
    const role = (id: string) => new IamRole(stack, id, { assumeRolePolicy: '{}' });
    const servers: ServerRefs = { instances, volumes, databaseRole: role('db_role'), ecpRole: undefined, serverRole: role('server_role'), planned: site.instances };
    let web: WebEntryRefs | undefined;
    if (site.webLoadBalancer?.type === 'application') {
      web = { kind: 'application', loadBalancer: new Lb(stack, 'alb', { name: ctx.name('web') }), targetGroup: new LbTargetGroup(stack, 'alb_tg', { port: 443, protocol: 'HTTPS', vpcId: vpc.id }), logBucket: undefined as never };
    } else if (site.webLoadBalancer?.type === 'classic') {
      web = { kind: 'classic', loadBalancer: new Elb(stack, 'elb', { name: ctx.name('web'), listener: [] }), targetGroup: undefined, logBucket: undefined as never };
    }
    const vip: MirrorVipRefs = {
      byMirror: Object.fromEntries(
        site.mirrors.map((m) => [m.name, { loadBalancer: new Lb(stack, `nlb_${m.name}`, { loadBalancerType: 'network' }), targetGroup: new LbTargetGroup(stack, `nlb_tg_${m.name}`, { port: 1972, protocol: 'TCP', vpcId: vpc.id }) }]),
      ),
    };
    if (site.vpn) new Vpn(stack, 'vpn', ctx, { network, vpn: site.vpn, encryption });
    new Operations(stack, 'ops', ctx, { encryption, servers, web, vip });
    void share;
    app.synth();
    return JSON.parse(readFileSync(join(outdir, 'stacks', site.stackId, 'cdk.tf.json'), 'utf8')) as TerraformJson;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Policy findings about what the constructs under test create (ops_, share_, vpn_ addresses,
 * and CKV2_AWS_9 on the volumes they must select); the stand-ins themselves are not under test.
 */
function ownFindings(stacks: ReadonlyArray<{ id: string; json: TerraformJson }>) {
  return policyFindings(stacks).filter((f) => /^[a-z0-9_]+\.(ops|share|vpn)_/.test(f.address) || f.rule === 'CKV2_AWS_9' || f.rule === 'backup-twice');
}

describe('operations constructs (stand-in site)', () => {
  const trak = modelOf('trakcare.yaml');
  const primary = standInSite(trak, trak.primary!);
  const dr = standInSite(trak, trak.dr!);

  it('snapshots the database members with DLM, freeze/thaw scripts and an encrypted copy to the DR key', () => {
    const policies = Object.values(resources(primary, 'aws_dlm_lifecycle_policy'));
    expect(policies).toHaveLength(1);
    const details = blocks(policies[0]!['policy_details'])[0]!;
    expect(details['resource_types']).toEqual(['INSTANCE']);
    // DLM ORs target tags: one tag, whose value names this deployment's site, and nothing broader.
    expect(details['target_tags']).toEqual({ 'refarch:snapshot-policy': 'trakcare-prod-primary-db-snapshots' });
    const schedule = blocks(details['schedule'])[0]!;
    const create = blocks(schedule['create_rule'])[0]!;
    expect(create['times']).toEqual(['03:00']);
    const scripts = blocks(create['scripts'])[0]!;
    expect(scripts).toMatchObject({ stages: ['PRE', 'POST'], execute_operation_on_script_failure: false, execution_handler_service: 'AWS_SYSTEMS_MANAGER', execution_timeout: 120 });
    expect(scripts['execution_handler']).toBe('${aws_ssm_document.ops_backup_freeze_thaw.name}');
    expect(blocks(schedule['retain_rule'])[0]).toEqual({ interval: 14, interval_unit: 'DAYS' });
    const copy = blocks(schedule['cross_region_copy_rule'])[0]!;
    expect(copy).toMatchObject({ target: 'eu-central-1', encrypted: true, copy_tags: true });
    expect(copy['cmk_arn']).toBe('${data.aws_kms_alias.ops_backup_dr_key.target_key_arn}');
    // The DR key is found by its alias in the DR region, through an aliased provider.
    const alias = data(primary, 'aws_kms_alias')['ops_backup_dr_key']!;
    expect(alias).toMatchObject({ name: 'alias/trakcare-prod-dr-kms', provider: 'aws.dr' });
    expect((primary.provider as Record<string, Array<Record<string, unknown>>>)['aws']!.map((p) => p['region']).sort()).toEqual(['eu-central-1', 'eu-west-1']);
  });

  it('runs ExternalFreeze/ExternalThaw through an SSM document that follows the DLM script contract', () => {
    const doc = Object.values(resources(primary, 'aws_ssm_document'))[0]!;
    expect(doc).toMatchObject({ document_type: 'Command', document_format: 'JSON', tags: { DLMScriptsAccess: 'true' } });
    const content = JSON.parse(String(doc['content']));
    expect(content.parameters.command.allowedValues).toEqual(['pre-script', 'post-script', 'dry-run']);
    expect(content.parameters.executionId).toBeDefined();
    const script: string = content.mainSteps[0].inputs.runCommand[0];
    expect(script).toContain('pre-script) method=ExternalFreeze');
    expect(script).toContain('post-script) method=ExternalThaw');
    expect(script).toContain('##Class(Backup.General).$method()');
    expect(doc['content']).toBe(freezeThawDocument());
  });

  it('gives DLM a role trusted by dlm.amazonaws.com with the AWS managed DLM policies and both keys', () => {
    const roles = resources(primary, 'aws_iam_role');
    const trust = JSON.parse(String(roles['ops_backup_dlm_role']!['assume_role_policy']));
    expect(trust.Statement[0].Principal).toEqual({ Service: 'dlm.amazonaws.com' });
    const attached = Object.values(resources(primary, 'aws_iam_role_policy_attachment')).map((a) => String(a['policy_arn']));
    expect(attached.some((a) => a.endsWith(':iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole'))).toBe(true);
    expect(attached.some((a) => a.endsWith(':iam::aws:policy/service-role/AWSDataLifecycleManagerSSMFullAccess'))).toBe(true);
  });

  // AWS documents the DLM role's key permissions for encrypted cross-Region copies with customer
  // managed keys (EBS user guide, "Allow IAM role to use the required KMS keys"): use of both keys
  // and grants for AWS resources on both. Narrower (Encrypt on one, Decrypt on the other) fails
  // at run time, when EBS re-encrypts the copy.
  const DOCUMENTED_KEY_USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
  const DOCUMENTED_GRANTS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];
  type KeyStatement = { Sid: string; Effect: string; Action: string[]; Resource: string[]; Condition?: unknown };
  const dlmKeyStatements = (json: TerraformJson): KeyStatement[] => {
    const policy = resources(json, 'aws_iam_role_policy')['ops_backup_dlm_role_kms']!;
    expect(policy['role']).toBe('${aws_iam_role.ops_backup_dlm_role.name}');
    return JSON.parse(String(policy['policy'])).Statement as KeyStatement[];
  };

  it('lets the DLM role use the site key and the DR key exactly as AWS documents for encrypted cross-Region copies', () => {
    const keys = ['${aws_kms_key.key.arn}', '${data.aws_kms_alias.ops_backup_dr_key.target_key_arn}'];
    const statements = dlmKeyStatements(primary);
    expect(statements).toHaveLength(2);
    const use = statements.find((s) => s.Action.includes('kms:Decrypt'))!;
    expect(use).toMatchObject({ Effect: 'Allow', Resource: keys });
    expect(use.Action.slice().sort()).toEqual(DOCUMENTED_KEY_USE.slice().sort());
    expect(use.Condition).toBeUndefined();
    const grants = statements.find((s) => s.Action.includes('kms:CreateGrant'))!;
    expect(grants).toMatchObject({ Effect: 'Allow', Resource: keys, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } });
    expect(grants.Action.slice().sort()).toEqual(DOCUMENTED_GRANTS.slice().sort());
    // Scoped to the two keys: nothing on "*", no kms:*.
    for (const s of statements) {
      expect(s.Resource).not.toContain('*');
      expect(s.Action.some((a) => a === 'kms:*' || a === '*')).toBe(false);
    }
    // The copy's key is the key the role may use in the DR region.
    const details = blocks(resources(primary, 'aws_dlm_lifecycle_policy')['ops_backup_dlm_policy']!['policy_details'])[0]!;
    expect(blocks(blocks(details['schedule'])[0]!['cross_region_copy_rule'])[0]!['cmk_arn']).toBe(keys[1]);
  });

  it('lets the DLM role of a site without copies use its own key only (its members volumes are encrypted with it)', () => {
    const statements = dlmKeyStatements(dr);
    for (const s of statements) expect(s.Resource).toEqual(['${aws_kms_key.key.arn}']);
    expect(statements.flatMap((s) => s.Action).sort()).toEqual([...DOCUMENTED_KEY_USE, ...DOCUMENTED_GRANTS].sort());
    const noCopy = modelOfText(exampleText('trakcare.yaml').replace('  copyToDr: true\n', '  copyToDr: false\n'));
    expect(noCopy.backup.copyToDr).toBe(false);
    for (const s of dlmKeyStatements(standInSite(noCopy, noCopy.primary!))) expect(s.Resource).toEqual(['${aws_kms_key.key.arn}']);
  });

  it('copies nothing from the DR site, and the DR stack has no provider for another region', () => {
    const details = blocks(Object.values(resources(dr, 'aws_dlm_lifecycle_policy'))[0]!['policy_details'])[0]!;
    expect(blocks(details['schedule'])[0]!['cross_region_copy_rule']).toBeUndefined();
    expect(data(dr, 'aws_kms_alias')).toEqual({});
    expect((dr.provider as Record<string, Array<Record<string, unknown>>>)['aws']!.map((p) => p['region'])).toEqual(['eu-central-1']);
  });

  it('has an auto-recovery, an instance check and a CPU alarm for every instance, named by instance key', () => {
    const alarms = resources(primary, 'aws_cloudwatch_metric_alarm');
    for (const i of trak.primary!.instances) {
      const system = alarms[`ops_mon_${i.key}_system`]!;
      expect(system).toMatchObject({ metric_name: 'StatusCheckFailed_System', namespace: 'AWS/EC2', dimensions: { InstanceId: `\${aws_instance.i_${i.key}.id}` } });
      expect(system['alarm_actions']).toEqual(['arn:${data.aws_partition.site_partition.partition}:automate:eu-west-1:ec2:recover', '${aws_sns_topic.ops_mon_topic.arn}']);
      expect(alarms[`ops_mon_${i.key}_instance`]).toMatchObject({ metric_name: 'StatusCheckFailed_Instance', alarm_actions: ['${aws_sns_topic.ops_mon_topic.arn}'] });
      expect(alarms[`ops_mon_${i.key}_cpu`]).toMatchObject({ metric_name: 'CPUUtilization', threshold: 90, comparison_operator: 'GreaterThanThreshold' });
    }
  });

  it('alarms on burst balance of every gp2 volume and on no other type', () => {
    const alarms = resources(primary, 'aws_cloudwatch_metric_alarm');
    const burst = Object.keys(alarms).filter((k) => k.endsWith('_burst')).sort();
    const expected = trak.primary!.instances.flatMap((i) => i.volumes.filter((v) => v.type === 'gp2').map((v) => `ops_mon_${i.key}_${v.purpose}_burst`)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(burst).toEqual(expected);
  });

  it('alarms on the ALB 5xx counts and unhealthy hosts, and on a VIP without primary only where the failover pair runs', () => {
    const p = resources(primary, 'aws_cloudwatch_metric_alarm');
    expect(p['ops_mon_web_elb_5xx']).toMatchObject({ metric_name: 'HTTPCode_ELB_5XX_Count', namespace: 'AWS/ApplicationELB' });
    expect(p['ops_mon_web_target_5xx']).toMatchObject({ metric_name: 'HTTPCode_Target_5XX_Count' });
    expect(p['ops_mon_web_unhealthy']).toMatchObject({ metric_name: 'UnHealthyHostCount' });
    expect(p['ops_mon_vip_trakcare_no_primary']).toMatchObject({ metric_name: 'HealthyHostCount', namespace: 'AWS/NetworkELB', comparison_operator: 'LessThanThreshold', threshold: 1, treat_missing_data: 'breaching' });
    const d = resources(dr, 'aws_cloudwatch_metric_alarm');
    expect(Object.keys(d).filter((k) => k.startsWith('ops_mon_vip_'))).toEqual([]);
  });

  it('encrypts the alarm topic with the site key and subscribes the alarm email', () => {
    expect(resources(primary, 'aws_sns_topic')['ops_mon_topic']).toMatchObject({ name: 'trakcare-prod-primary-alarms', kms_master_key_id: '${aws_kms_key.key.arn}' });
    expect(resources(primary, 'aws_sns_topic_subscription')['ops_mon_email']).toMatchObject({ protocol: 'email', endpoint: 'ops@example.org' });
  });

  it('builds one dashboard per site with a deterministic body', () => {
    const dash = Object.values(resources(primary, 'aws_cloudwatch_dashboard'));
    expect(dash).toHaveLength(1);
    const body = JSON.parse(String(dash[0]!['dashboard_body']));
    expect(body.widgets.map((w: { properties: { title: string } }) => w.properties.title)).toEqual([
      'CPU utilization (%)',
      'Status check failures',
      'Web load balancer 5xx',
      'Web servers in service',
      // From inside the servers (monitoring.agent): per mirror, then memory and root volume per tier.
      'Mirror TRAKCARE: backup ready to take over (1)',
      'Mirror TRAKCARE: journal and WIJ volumes used (%)',
      ...['web', 'app', 'print', 'database', 'arbiter'].flatMap((tier) => [`${tier}: memory used (%)`, `${tier}: root volume used (%)`]),
      'Mirror VIP: members answering as primary',
      'EBS burst balance (%)',
    ]);
    expect(standInSite(trak, trak.primary!)).toEqual(primary);
  });

  it('classic load balancers get the classic ELB metrics', () => {
    const text = exampleText('trakcare.yaml').replace('    type: application\n', '    type: classic\n');
    const m = modelOfText(text);
    const alarms = resources(standInSite(m, m.primary!), 'aws_cloudwatch_metric_alarm');
    expect(alarms['ops_mon_web_elb_5xx']).toMatchObject({ namespace: 'AWS/ELB', metric_name: 'HTTPCode_ELB_5XX', dimensions: { LoadBalancerName: '${aws_elb.elb.name}' } });
    expect(alarms['ops_mon_web_target_5xx']).toMatchObject({ namespace: 'AWS/ELB', metric_name: 'HTTPCode_Backend_5XX' });
    expect(alarms['ops_mon_web_unhealthy']).toMatchObject({ namespace: 'AWS/ELB', metric_name: 'UnHealthyHostCount' });
  });

  it('aws-backup: vault with the site key, daily plan, copy to the DR vault by ARN, selection naming the members only', () => {
    const text = exampleText('trakcare.yaml').replace('  method: snapshot\n', '  method: aws-backup\n');
    const m = modelOfText(text);
    const json = standInSite(m, m.primary!);
    expect(count(json, 'aws_dlm_lifecycle_policy')).toBe(0);
    expect(resources(json, 'aws_backup_vault')['ops_backup_vault']).toMatchObject({ name: 'trakcare-prod-primary-vault', kms_key_arn: '${aws_kms_key.key.arn}' });
    const rule = blocks(resources(json, 'aws_backup_plan')['ops_backup_plan']!['rule'])[0]!;
    expect(rule).toMatchObject({ schedule: 'cron(0 3 * * ? *)', target_vault_name: '${aws_backup_vault.ops_backup_vault.name}' });
    expect(blocks(rule['lifecycle'])[0]).toEqual({ delete_after: 14 });
    expect(blocks(rule['copy_action'])[0]!['destination_vault_arn']).toBe(
      'arn:${data.aws_partition.site_partition.partition}:backup:eu-central-1:${data.aws_caller_identity.site_account.account_id}:backup-vault:trakcare-prod-dr-vault',
    );
    const selected = resources(json, 'aws_backup_selection')['ops_backup_selection']!['resources'] as string[];
    const db = m.primary!.instances.filter((i) => i.tier === 'database');
    // One EC2 recovery point per member holds all its attached volumes, taken at one instant:
    // naming a volume too would back it up twice, outside that set.
    expect(selected).toEqual(db.map((i) => `\${aws_instance.i_${i.key}.arn}`));
    expect(selected.some((r) => r.includes('aws_ebs_volume'))).toBe(false);
    expect(db.every((i) => i.volumes.length > 0)).toBe(true);
    const trust = JSON.parse(String(resources(json, 'aws_iam_role')['ops_backup_role']!['assume_role_policy']));
    expect(trust.Statement[0].Principal).toEqual({ Service: 'backup.amazonaws.com' });
    expect(ownFindings([{ id: 'primary', json }])).toEqual([]);
  });

  it('online: an encrypted EFS share in the data subnets, NFS from the database group only, with a mount hook', () => {
    const text = exampleText('trakcare.yaml').replace('  method: snapshot\n', '  method: online\n');
    const m = modelOfText(text);
    const json = standInSite(m, m.primary!);
    expect(count(json, 'aws_dlm_lifecycle_policy')).toBe(0);
    expect(resources(json, 'aws_efs_file_system')['share_efs']).toMatchObject({ encrypted: true, kms_key_id: '${aws_kms_key.key.arn}' });
    expect(Object.keys(resources(json, 'aws_efs_mount_target')).sort()).toEqual(['share_mount_1', 'share_mount_2', 'share_mount_3']);
    expect(resources(json, 'aws_efs_mount_target')['share_mount_1']).toMatchObject({ subnet_id: '${aws_subnet.subnet_data_1.id}' });
    expect(resources(json, 'aws_vpc_security_group_ingress_rule')['share_sg_nfs_in']).toMatchObject({ from_port: 2049, to_port: 2049, referenced_security_group_id: '${aws_security_group.sg_db.id}' });
    expect(resources(json, 'aws_efs_backup_policy')['share_efs_backup']).toMatchObject({ backup_policy: { status: 'ENABLED' } });
    const lines = backupShareMountCommands({ fileSystem: { id: 'fs-1' } as never, mountPoint: '/irissys/backup' });
    expect(lines.join('\n')).toContain('fs-1:/ /irissys/backup efs _netdev,tls');
  });

  it('names every taggable resource of the operations, share and VPN constructs (alarms are named by alarm_name)', () => {
    const taggable = new Set([
      'aws_iam_role', 'aws_sns_topic', 'aws_ssm_document', 'aws_cloudwatch_log_group', 'aws_kms_key', 'aws_backup_vault', 'aws_backup_plan',
      'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_security_group', 'aws_dlm_lifecycle_policy',
      'aws_efs_file_system', 'aws_vpn_connection', 'aws_customer_gateway', 'aws_vpn_gateway',
    ]);
    const trakText = exampleText('trakcare.yaml');
    const sites: TerraformJson[] = [primary, dr];
    for (const method of ['aws-backup', 'online']) {
      const m = modelOfText(trakText.replace('  method: snapshot\n', `  method: ${method}\n`));
      sites.push(standInSite(m, m.primary!));
    }
    const hybrid = modelOf('hybrid-dr.yaml');
    sites.push(standInSite(hybrid, hybrid.dr!));
    const unnamed: string[] = [];
    let checked = 0;
    for (const json of sites) {
      for (const [type, byName] of Object.entries((json.resource ?? {}) as Resources)) {
        if (!taggable.has(type)) continue;
        for (const [name, body] of Object.entries(byName)) {
          if (!/^(ops|share|vpn)_/.test(name)) continue;
          checked++;
          if (!(body['tags'] as Record<string, string> | undefined)?.['Name']) unnamed.push(`${type}.${name}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(unnamed).toEqual([]);
  });

  it('hybrid: VPN with BGP, IKEv2 and strong algorithms, propagated into every private route table', () => {
    const m = modelOf('hybrid-dr.yaml');
    const json = standInSite(m, m.dr!);
    expect(resources(json, 'aws_customer_gateway')['vpn_customer_gateway']).toMatchObject({ bgp_asn: '65010', ip_address: '203.0.113.10', type: 'ipsec.1' });
    expect(resources(json, 'aws_vpn_gateway')['vpn_gateway']).toMatchObject({ vpc_id: '${aws_vpc.vpc.id}' });
    const conn = resources(json, 'aws_vpn_connection')['vpn_connection']!;
    expect(conn).toMatchObject({ static_routes_only: false, preshared_key_storage: 'SecretsManager' });
    for (const n of [1, 2]) {
      expect(conn[`tunnel${n}_ike_versions`]).toEqual(['ikev2']);
      expect(conn[`tunnel${n}_phase1_encryption_algorithms`]).toEqual(['AES256-GCM-16', 'AES256']);
      expect(conn[`tunnel${n}_phase2_integrity_algorithms`]).toEqual(['SHA2-384', 'SHA2-256']);
      expect(conn[`tunnel${n}_phase2_dh_group_numbers`]).toEqual([19, 20, 21]);
      expect(blocks(conn[`tunnel${n}_log_options`])).toHaveLength(1);
    }
    expect(count(json, 'aws_vpn_connection_route')).toBe(0);
    const propagations = Object.values(resources(json, 'aws_vpn_gateway_route_propagation')).map((p) => p['route_table_id']);
    expect(propagations).toEqual(['${aws_route_table.rt_private_1.id}', '${aws_route_table.rt_private_2.id}']);
    expect(resources(json, 'aws_cloudwatch_log_group')['vpn_logs']).toMatchObject({ kms_key_id: '${aws_kms_key.key.arn}', retention_in_days: 365 });
  });

  it('passes the backup, key, SNS and IAM policy rules', () => {
    expect(ownFindings([{ id: 'primary', json: primary }, { id: 'dr', json: dr }])).toEqual([]);
    const online = modelOfText(exampleText('trakcare.yaml').replace('  method: snapshot\n', '  method: online\n'));
    expect(ownFindings([{ id: 'primary', json: standInSite(online, online.primary!) }])).toEqual([]);
  });

  it('the policy rules catch an unencrypted copy, topic, vault or share and an unselected volume', () => {
    const broken = JSON.parse(JSON.stringify(primary)) as TerraformJson;
    const policy = resources(broken, 'aws_dlm_lifecycle_policy')['ops_backup_dlm_policy']!;
    const copy = blocks(blocks(blocks(policy['policy_details'])[0]!['schedule'])[0]!['cross_region_copy_rule'])[0]!;
    delete copy['cmk_arn'];
    copy['encrypted'] = false;
    delete resources(broken, 'aws_sns_topic')['ops_mon_topic']!['kms_master_key_id'];
    const rules = ownFindings([{ id: 'primary', json: broken }]).map((f) => `${f.rule} ${f.address}`);
    expect(rules).toEqual(
      expect.arrayContaining(['CKV_AWS_253-256 aws_dlm_lifecycle_policy.ops_backup_dlm_policy', 'CKV_AWS_26 aws_sns_topic.ops_mon_topic']),
    );
    expect(rules.filter((r) => r.startsWith('CKV_AWS_253-256'))).toHaveLength(2);
    const m = modelOfText(exampleText('trakcare.yaml').replace('  method: snapshot\n', '  method: aws-backup\n'));
    const backup = standInSite(m, m.primary!);
    const selection = resources(backup, 'aws_backup_selection')['ops_backup_selection']!;
    const members = selection['resources'] as string[];
    // Dropping the backup member leaves its volumes (and only them) in no selection.
    selection['resources'] = members.filter((r) => !r.includes('_backup.'));
    delete resources(backup, 'aws_backup_vault')['ops_backup_vault']!['kms_key_arn'];
    const found = ownFindings([{ id: 'primary', json: backup }]);
    const backupMember = m.primary!.instances.find((i) => i.mirrorRole === 'backup')!;
    expect(found.filter((f) => f.rule === 'CKV2_AWS_9').map((f) => f.address).sort()).toEqual(backupMember.volumes.map((v) => `aws_ebs_volume.v_${backupMember.key}_${v.purpose}`).sort());
    expect(found.map((f) => f.rule)).toContain('CKV_AWS_166');
    // Naming a volume of a selected member again is backing it up twice.
    selection['resources'] = [...members, '${aws_ebs_volume.v_db_trakcare_primary_data.arn}'];
    expect(ownFindings([{ id: 'primary', json: backup }]).filter((f) => f.rule !== 'CKV_AWS_166').map((f) => `${f.rule} ${f.address}`)).toEqual(['backup-twice aws_ebs_volume.v_db_trakcare_primary_data']);
  });

  it('turns HH:MM into an AWS cron expression', () => {
    expect(dailyCron('03:00')).toBe('cron(0 3 * * ? *)');
    expect(dailyCron('23:45')).toBe('cron(45 23 * * ? *)');
  });
});

/** Synthesizes one stack built by `build` in an app of its own. */
function synthOne(id: string, build: (app: App) => unknown): TerraformJson {
  const outdir = mkdtempSync(join(tmpdir(), 'refarch-one-'));
  try {
    const app = new App({ outdir, stackTraces: false, context: { excludeStackIdFromLogicalIds: true, allowSepCharsInLogicalIds: true } });
    build(app);
    app.synth();
    return JSON.parse(readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as TerraformJson;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const providers = (json: TerraformJson) => (json.provider as Record<string, Array<Record<string, unknown>>>)['aws'] ?? [];

describe('link stack', () => {
  const trak = modelOf('trakcare.yaml');
  const json = synthOne('link', (app) => buildLinkStack(app, trak, trak.link!));

  it('peers the primary VPC (requester) with the DR VPC (accepter, DR provider) and resolves DNS across', () => {
    expect(providers(json).map((p) => [p['alias'] ?? 'default', p['region']])).toEqual([
      ['default', 'eu-west-1'],
      ['dr', 'eu-central-1'],
    ]);
    expect(resources(json, 'aws_vpc_peering_connection')['peering']).toMatchObject({
      vpc_id: '${data.aws_vpc.primary_vpc.id}',
      peer_vpc_id: '${data.aws_vpc.dr_vpc.id}',
      peer_region: 'eu-central-1',
    });
    expect(resources(json, 'aws_vpc_peering_connection')['peering']!['auto_accept']).toBeUndefined();
    expect(resources(json, 'aws_vpc_peering_connection_accepter')['peering_accepter']).toMatchObject({ provider: 'aws.dr', auto_accept: true });
    const options = resources(json, 'aws_vpc_peering_connection_options');
    expect(options['peering_options_requester']).toMatchObject({ requester: { allow_remote_vpc_dns_resolution: true } });
    expect(options['peering_options_accepter']).toMatchObject({ provider: 'aws.dr', accepter: { allow_remote_vpc_dns_resolution: true } });
  });

  it('finds each VPC by CIDR and default tags, in its own region, and reads no state', () => {
    expect(data(json, 'aws_vpc')['primary_vpc']).toMatchObject({ cidr_block: '10.10.0.0/16', tags: { 'refarch:deployment': 'trakcare-prod', 'refarch:stack': 'primary' } });
    expect(data(json, 'aws_vpc')['dr_vpc']).toMatchObject({ cidr_block: '10.20.0.0/16', provider: 'aws.dr', tags: { 'refarch:stack': 'dr' } });
    expect(data(json, 'terraform_remote_state')).toEqual({});
    expect(JSON.stringify(json)).not.toContain('terraform_remote_state');
  });

  it('routes the other VPC through the peering in the private route table of every AZ on both sides', () => {
    const routes = resources(json, 'aws_route');
    const primaryRoutes = Object.entries(routes).filter(([k]) => k.startsWith('primary_route_'));
    const drRoutes = Object.entries(routes).filter(([k]) => k.startsWith('dr_route_'));
    expect(primaryRoutes).toHaveLength(trak.primary!.azs.length);
    expect(drRoutes).toHaveLength(trak.dr!.azs.length);
    for (const [, r] of primaryRoutes) expect(r).toMatchObject({ destination_cidr_block: '10.20.0.0/16', vpc_peering_connection_id: '${aws_vpc_peering_connection_accepter.peering_accepter.vpc_peering_connection_id}' });
    for (const [, r] of drRoutes) expect(r).toMatchObject({ destination_cidr_block: '10.10.0.0/16', provider: 'aws.dr' });
    // Route tables come from the data subnets, whose CIDRs the model fixes.
    const subnet = data(json, 'aws_subnet')['dr_subnet_2']!;
    expect(subnet).toMatchObject({ cidr_block: trak.dr!.subnets.find((s) => s.key === 'data_2')!.cidr, vpc_id: '${data.aws_vpc.dr_vpc.id}', provider: 'aws.dr' });
    expect(data(json, 'aws_route_table')['dr_rt_2']).toMatchObject({ subnet_id: '${data.aws_subnet.dr_subnet_2.id}', provider: 'aws.dr' });
  });
});

describe('dns stack', () => {
  const dnsOf = (m: DeploymentModel) => synthOne('dns', (app) => buildDnsStack(app, m, m.dns!));

  it.each(['cache-cloud.yaml', 'trakcare.yaml', 'healthshare.yaml'])('%s: PRIMARY and SECONDARY alias records, each tied to an HTTPS string-match check on mirror_status.cxw', (file) => {
    const m = modelOf(file);
    const json = dnsOf(m);
    expect(providers(json).map((p) => [p['alias'] ?? 'default', p['region']])).toEqual([
      ['default', 'us-east-1'],
      ['primary', m.primary!.region],
      ['dr', m.dr!.region],
    ]);
    expect(data(json, 'aws_route53_zone')['zone']).toMatchObject({ name: 'example.org', private_zone: false });
    const lbs = data(json, 'aws_lb');
    expect(lbs['primary_lb']).toMatchObject({ name: `${m.name}-primary-web`, provider: 'aws.primary' });
    expect(lbs['dr_lb']).toMatchObject({ name: `${m.name}-dr-web`, provider: 'aws.dr' });
    const checks = resources(json, 'aws_route53_health_check');
    for (const [role, lb] of [['primary', 'primary_lb'], ['secondary', 'dr_lb']] as const) {
      expect(checks[`${role}_check`]).toMatchObject({
        type: 'HTTPS_STR_MATCH',
        fqdn: `\${data.aws_lb.${lb}.dns_name}`,
        port: 443,
        resource_path: '/csp/bin/mirror_status.cxw',
        search_string: 'SUCCESS',
        failure_threshold: 3,
        measure_latency: false,
      });
      expect([10, 30]).toContain(checks[`${role}_check`]!['request_interval']);
    }
    const records = resources(json, 'aws_route53_record');
    expect(records['primary_record']).toMatchObject({
      name: m.dns!.fqdn,
      type: 'A',
      set_identifier: 'primary',
      failover_routing_policy: { type: 'PRIMARY' },
      health_check_id: '${aws_route53_health_check.primary_check.id}',
      alias: { name: '${data.aws_lb.primary_lb.dns_name}', zone_id: '${data.aws_lb.primary_lb.zone_id}', evaluate_target_health: false },
      zone_id: '${data.aws_route53_zone.zone.zone_id}',
    });
    expect(records['secondary_record']).toMatchObject({ type: 'A', set_identifier: 'secondary', failover_routing_policy: { type: 'SECONDARY' }, health_check_id: '${aws_route53_health_check.secondary_check.id}' });
    // Alarms on the health checks, in us-east-1, into an SNS topic encrypted with a key of this stack.
    const alarms = resources(json, 'aws_cloudwatch_metric_alarm');
    expect(alarms['primary_unhealthy']).toMatchObject({ namespace: 'AWS/Route53', metric_name: 'HealthCheckStatus', dimensions: { HealthCheckId: '${aws_route53_health_check.primary_check.id}' }, alarm_actions: ['${aws_sns_topic.alarms_topic.arn}'] });
    expect(alarms['secondary_serving']).toMatchObject({ metric_name: 'HealthCheckStatus', comparison_operator: 'GreaterThanOrEqualToThreshold' });
    expect(alarms['none_serving']).toBeDefined();
    expect(resources(json, 'aws_sns_topic')['alarms_topic']).toMatchObject({ kms_master_key_id: '${aws_kms_key.alarms_key.arn}' });
    const key = resources(json, 'aws_kms_key')['alarms_key']!;
    expect(key['enable_key_rotation']).toBe(true);
    expect(JSON.parse(String(key['policy'])).Statement.find((s: { Sid: string }) => s.Sid === 'CloudWatchPublishes').Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(policyFindings([{ id: 'dns', json }])).toEqual([]);
  });

  it('creates the zone when asked to', () => {
    const m = modelOfText(exampleText('trakcare.yaml').replace('  record: trakcare\n', '  record: trakcare\n  createZone: true\n'));
    const json = dnsOf(m);
    expect(resources(json, 'aws_route53_zone')['zone']).toMatchObject({ name: 'example.org' });
    expect(data(json, 'aws_route53_zone')).toEqual({});
    expect(resources(json, 'aws_route53_record')['primary_record']!['zone_id']).toBe('${aws_route53_zone.zone.zone_id}');
  });

  it('classic load balancers are looked up as aws_elb', () => {
    const m = modelOfText(exampleText('trakcare.yaml').replace('    type: application\n', '    type: classic\n'));
    const json = dnsOf(m);
    expect(data(json, 'aws_elb')['primary_lb']).toMatchObject({ name: 'trakcare-prod-primary-web' });
    expect(resources(json, 'aws_route53_record')['primary_record']).toMatchObject({ type: 'A', alias: { name: '${data.aws_elb.primary_lb.dns_name}' } });
  });

  it('hybrid: the PRIMARY is a CNAME (TTL 60) to the on-premises endpoint with its own health check; only PRIMARY without a DR web tier', () => {
    const text = `${exampleText('hybrid-dr.yaml')}dns:\n  zoneName: example.org\n  record: trak\n`;
    const m = modelOfText(text);
    expect(m.dns!.secondary).toBeUndefined();
    const json = dnsOf(m);
    expect(resources(json, 'aws_route53_health_check')['primary_check']).toMatchObject({ type: 'HTTPS_STR_MATCH', fqdn: 'trakcare.hospital.example.org', resource_path: '/csp/bin/mirror_status.cxw' });
    expect(resources(json, 'aws_route53_record')).toEqual({
      primary_record: expect.objectContaining({ type: 'CNAME', ttl: 60, records: ['trakcare.hospital.example.org'], failover_routing_policy: { type: 'PRIMARY' } }),
    });
    expect(providers(json)).toHaveLength(1);
  });

  it('hybrid with a DR web tier: both records are CNAMEs, since a failover pair has one record type', () => {
    const text = `${exampleText('hybrid-dr.yaml').replace('  capacity: none\n', '  capacity: reduced\n')}dns:\n  zoneName: example.org\n  record: trak\n`;
    const m = modelOfText(text);
    const json = dnsOf(m);
    const records = resources(json, 'aws_route53_record');
    expect(records['primary_record']).toMatchObject({ type: 'CNAME', records: ['trakcare.hospital.example.org'] });
    expect(records['secondary_record']).toMatchObject({ type: 'CNAME', ttl: 60, records: ['${data.aws_lb.dr_lb.dns_name}'], failover_routing_policy: { type: 'SECONDARY' } });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Every shipped example, synthesized whole
// ---------------------------------------------------------------------------------------------

const EXAMPLES = ['cache-cloud.yaml', 'healthshare.yaml', 'hybrid-dr.yaml', 'minimal.yaml', 'trakcare.yaml'] as const;
const synthExample = exampleStacks;
const stackOf = (file: string, id: string): TerraformJson => stackJson(exampleStacks(file), id);

describe('examples: stacks', () => {
  it.each([
    ['cache-cloud.yaml', ['dns', 'dr', 'link', 'primary']],
    ['healthshare.yaml', ['dns', 'dr', 'link', 'primary']],
    ['hybrid-dr.yaml', ['dr']],
    ['minimal.yaml', ['primary']],
    ['trakcare.yaml', ['dns', 'dr', 'link', 'primary']],
  ])('%s synthesizes the stacks %j', (file, ids) => {
    expect(synthExample(file).map((s) => s.id)).toEqual(ids);
  });

  it.each(EXAMPLES)('%s: every stack keeps its own state, outside the output folder, under the deployment name', (file) => {
    const name = modelOf(file).name;
    for (const s of synthExample(file)) {
      const path = (s.json.terraform?.['backend'] as { local: { path: string } }).local.path;
      expect(path).toBe(`../../../terraform-state/${name}/${s.id}.tfstate`);
      // Terraform runs in <out>/stacks/<id>: the state lands beside <out>, not in it.
      const out = '/work/deploy/cdktf.out';
      expect(posix.resolve(out, 'stacks', s.id, path)).toBe(`/work/deploy/terraform-state/${name}/${s.id}.tfstate`);
    }
  });

  it('s3 backend: one key per stack, encrypted, with S3 native locking', () => {
    const text = exampleText('trakcare.yaml').replace('state:\n  backend: local\n', 'state:\n  backend: s3\n  bucket: hospital-terraform-state\n  keyPrefix: tf\n  region: us-east-2\n');
    const stacks = synthesizeInMemory(modelOfText(text));
    expect(stacks.map((s) => s.id)).toEqual(['dns', 'dr', 'link', 'primary']);
    for (const s of stacks) {
      expect(s.json.terraform?.['backend']).toEqual({
        s3: { bucket: 'hospital-terraform-state', key: `tf/trakcare-prod/${s.id}.tfstate`, region: 'us-east-2', encrypt: true, use_lockfile: true },
      });
    }
  });
});

describe('examples: DR site', () => {
  it.each(['cache-cloud.yaml', 'trakcare.yaml', 'healthshare.yaml'])('%s: a dr stack in the second region with async members, ALB, KMS key, alarms and backups', (file) => {
    const m = modelOf(file);
    const dr = stackOf(file, 'dr');
    expect(providers(dr).map((p) => p['region'])).toEqual([m.dr!.region]);
    const instances = Object.values(resources(dr, 'aws_instance'));
    const tags = instances.map((i) => i['tags'] as Record<string, string>);
    const asyncs = tags.filter((t) => t['refarch:mirror-role'] === 'async');
    expect(asyncs.length).toBe(m.dr!.mirrors.reduce((n, mirror) => n + mirror.asyncKeys.length, 0));
    expect(asyncs.length).toBeGreaterThan(0);
    expect(tags.filter((t) => t['refarch:mirror-role'] === 'primary' || t['refarch:mirror-role'] === 'backup' || t['refarch:tier'] === 'arbiter')).toEqual([]);
    expect(Object.values(resources(dr, 'aws_lb')).filter((lb) => lb['load_balancer_type'] === 'application')).toHaveLength(1);
    expect(count(dr, 'aws_kms_key')).toBe(1);
    expect(count(dr, 'aws_cloudwatch_metric_alarm')).toBeGreaterThanOrEqual(3 * instances.length);
    expect(count(dr, 'aws_dlm_lifecycle_policy')).toBe(1);
  });

  it.each(['cache-cloud.yaml', 'trakcare.yaml', 'healthshare.yaml', 'hybrid-dr.yaml'])('%s: the dr stack reads nothing of the primary region: no remote state, no provider or data source there', (file) => {
    const m = modelOf(file);
    const dr = stackOf(file, 'dr');
    const text = JSON.stringify(dr);
    expect(text).not.toContain('terraform_remote_state');
    expect(providers(dr)).toHaveLength(1);
    expect(providers(dr)[0]!['region']).toBe(m.dr!.region);
    for (const byName of Object.values((dr.data ?? {}) as Resources)) {
      for (const body of Object.values(byName)) {
        expect(body['provider']).toBeUndefined();
        if (m.primary) expect(JSON.stringify(body)).not.toContain(m.primary.region);
      }
    }
  });

  it('hybrid-dr: the VPN, exactly two async members in two AZs, no failover pair and no arbiter', () => {
    const dr = stackOf('hybrid-dr.yaml', 'dr');
    expect(count(dr, 'aws_customer_gateway')).toBe(1);
    expect(count(dr, 'aws_vpn_gateway')).toBe(1);
    expect(resources(dr, 'aws_vpn_connection')['vpn_connection']).toMatchObject({ static_routes_only: false, tunnel1_ike_versions: ['ikev2'], tunnel2_ike_versions: ['ikev2'] });
    expect(count(dr, 'aws_vpn_gateway_route_propagation')).toBe(2);
    const instances = Object.values(resources(dr, 'aws_instance'));
    const tags = instances.map((i) => i['tags'] as Record<string, string>);
    expect(tags.map((t) => t['refarch:mirror-role'])).toEqual(['async', 'async']);
    expect(tags.some((t) => t['refarch:tier'] === 'arbiter')).toBe(false);
    expect(new Set(instances.map((i) => i['subnet_id'])).size).toBe(2);
    const m = modelOf('hybrid-dr.yaml');
    expect(new Set(m.dr!.instances.map((i) => i.az))).toEqual(new Set(['eu-west-1a', 'eu-west-1b']));
  });
});

describe('examples: failover DNS', () => {
  it.each(['cache-cloud.yaml', 'trakcare.yaml', 'healthshare.yaml'])('%s: PRIMARY and SECONDARY failover records with mirror_status.cxw HTTPS_STR_MATCH health checks', (file) => {
    const dns = stackOf(file, 'dns');
    const records = Object.values(resources(dns, 'aws_route53_record'));
    expect(records.map((r) => (r['failover_routing_policy'] as { type: string }).type).sort()).toEqual(['PRIMARY', 'SECONDARY']);
    const checks = Object.values(resources(dns, 'aws_route53_health_check'));
    expect(checks).toHaveLength(2);
    for (const c of checks) expect(c).toMatchObject({ type: 'HTTPS_STR_MATCH', resource_path: '/csp/bin/mirror_status.cxw', search_string: 'SUCCESS', port: 443 });
    for (const r of records) expect(String(r['health_check_id'])).toMatch(/^\$\{aws_route53_health_check\.(primary|secondary)_check\.id\}$/);
  });

  it.each(['cache-cloud.yaml', 'trakcare.yaml', 'healthshare.yaml'])('%s: the DNS stack looks up the load balancers the site stacks create, by name', (file) => {
    const dns = stackOf(file, 'dns');
    for (const [id, role] of [['primary_lb', 'primary'], ['dr_lb', 'dr']] as const) {
      const name = data(dns, 'aws_lb')[id]!['name'];
      const site = stackOf(file, role);
      expect(Object.values(resources(site, 'aws_lb')).map((lb) => lb['name'])).toContain(name);
    }
  });
});

// The names of security groups, SSM documents and log buckets start with the deployment name;
// AWS refuses some prefixes there, so a spec whose name starts with one must fail validation
// rather than synthesize Terraform that apply rejects.
describe('deployment names AWS would refuse as a resource-name prefix', () => {
  const trak = exampleText('trakcare.yaml');
  it.each([
    ['sg-prod', 'security group names'],
    ['aws-prod', 'Systems Manager document names'],
    ['amazon-trak', 'Systems Manager document names'],
    ['amzn-trak', 'Systems Manager document names'],
    ['xn--trak', 'S3 bucket names'],
    ['sthree-trak', 'S3 bucket names'],
    ['internal-trak', 'load balancer names'],
  ])('%s is refused (%s)', (name, what) => {
    const result = checkText(trak.replace('name: trakcare-prod', `name: ${name}`), 'spec.yaml');
    const found = result.diagnostics.filter((d) => d.rule === 'name.reserved-prefix');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.message).toContain(what);
    // The suggested name is itself acceptable.
    const suggested = /for example "([^"]+)"/.exec(found[0]!.fix)?.[1];
    expect(suggested).toBeDefined();
    const again = checkText(trak.replace('name: trakcare-prod', `name: ${suggested}`), 'spec.yaml');
    expect(again.diagnostics.filter((d) => d.rule === 'name.reserved-prefix')).toEqual([]);
  });

  it('the names those prefixes apply to do start with the deployment name', () => {
    const primary = stackOf('trakcare.yaml', 'primary');
    for (const g of Object.values(resources(primary, 'aws_security_group'))) expect(String(g['name'])).toMatch(/^trakcare-prod-/);
    for (const d of Object.values(resources(primary, 'aws_ssm_document'))) expect(String(d['name'])).toMatch(/^trakcare-prod-/);
    for (const b of Object.values(resources(primary, 'aws_s3_bucket'))) expect(String(b['bucket'])).toMatch(/^trakcare-prod-/);
  });
});

describe('online backups on a whole site', () => {
  it('boots the members after the share has its mount targets, and retries the mount before declaring it failed', () => {
    const m = modelOfText(exampleText('trakcare.yaml').replace('  method: snapshot\n', '  method: online\n'));
    const primary = synthesizeInMemory(m).find((s) => s.id === 'primary')!.json;
    const targets = Object.keys(resources(primary, 'aws_efs_mount_target')).map((n) => `aws_efs_mount_target.${n}`).sort();
    expect(targets).toHaveLength(3);
    for (const [name, i] of Object.entries(resources(primary, 'aws_instance'))) {
      const member = (i['tags'] as Record<string, string>)['refarch:tier'] === 'database';
      expect(((i['depends_on'] as string[] | undefined) ?? []).slice().sort(), name).toEqual(member ? targets : []);
      if (!member) continue;
      const text = String(i['user_data']);
      expect(text).toMatch(/for _ in \$\(seq 1 \d+\); do mountpoint -q \/irissys\/backup && break; mount \/irissys\/backup && break; sleep \d+; done/);
      expect(text).toContain('|| { echo "backup share: mount /irissys/backup failed"; failed=1; }');
      // Valid bash once Terraform has put the file system id in.
      execFileSync('bash', ['-n'], { input: text.replace(/\$\{aws_efs_file_system\.[a-z_]+\.id\}/g, 'fs-0123') });
    }
  });
});

describe('examples: dns names', () => {
  it.each(['trakcare.yaml', 'healthshare.yaml', 'cache-cloud.yaml'])('%s: the key, topic and health checks of the dns stack carry a Name tag; the topic is an output', (file) => {
    const dns = stackOf(file, 'dns');
    for (const type of ['aws_kms_key', 'aws_sns_topic', 'aws_route53_health_check', 'aws_route53_zone']) {
      for (const [name, body] of Object.entries(resources(dns, type))) expect((body['tags'] as Record<string, string> | undefined)?.['Name'], `${type}.${name}`).toBeTruthy();
    }
    expect(count(dns, 'aws_kms_key')).toBe(1);
    expect(count(dns, 'aws_sns_topic')).toBe(1);
    expect((dns.output?.['alarm_topic_arn'] as Record<string, unknown> | undefined)?.['value']).toBe('${aws_sns_topic.alarms_topic.arn}');
  });
});

describe('examples: link', () => {
  it.each(['cache-cloud.yaml', 'trakcare.yaml', 'healthshare.yaml'])('%s: the link stack finds the VPCs the site stacks create (CIDR and default tags)', (file) => {
    const m = modelOf(file);
    const link = stackOf(file, 'link');
    for (const role of ['primary', 'dr'] as const) {
      const site = stackOf(file, role);
      const vpc = Object.values(resources(site, 'aws_vpc'))[0]!;
      const lookup = data(link, 'aws_vpc')[`${role}_vpc`]!;
      expect(lookup['cidr_block']).toBe(vpc['cidr_block']);
      const defaultTags = (providers(site)[0]!['default_tags'] as Array<{ tags: Record<string, string> }>)[0]!.tags;
      for (const [k, v] of Object.entries(lookup['tags'] as Record<string, string>)) expect(defaultTags[k]).toBe(v);
      // Every data subnet the link looks a route table up by exists in the site stack.
      const siteSubnets = Object.values(resources(site, 'aws_subnet')).map((s) => s['cidr_block']);
      const lookedUp = Object.entries(data(link, 'aws_subnet')).filter(([k]) => k.startsWith(`${role}_`)).map(([, s]) => s['cidr_block']);
      expect(lookedUp.length).toBe((role === 'primary' ? m.primary! : m.dr!).azs.length);
      for (const cidr of lookedUp) expect(siteSubnets).toContain(cidr);
    }
  });
});

describe('examples: backups and monitoring', () => {
  it.each(['cache-cloud.yaml', 'trakcare.yaml', 'healthshare.yaml'])('%s: DLM with freeze/thaw scripts and an encrypted copy to the DR key', (file) => {
    const primary = stackOf(file, 'primary');
    const policy = Object.values(resources(primary, 'aws_dlm_lifecycle_policy'))[0]!;
    const schedule = blocks(blocks(policy['policy_details'])[0]!['schedule'])[0]!;
    const scripts = blocks(blocks(schedule['create_rule'])[0]!['scripts'])[0]!;
    expect(scripts).toMatchObject({ stages: ['PRE', 'POST'], execute_operation_on_script_failure: false });
    const copy = blocks(schedule['cross_region_copy_rule'])[0]!;
    expect(copy).toMatchObject({ encrypted: true, target: modelOf(file).dr!.region });
    expect(copy['cmk_arn']).toMatch(/^\$\{data\.aws_kms_alias\.ops_backup_dr_key\.target_key_arn\}$/);
    // The alias looked up is the one the DR stack creates.
    const alias = data(primary, 'aws_kms_alias')['ops_backup_dr_key']!['name'];
    expect(Object.values(resources(stackOf(file, 'dr'), 'aws_kms_alias')).map((a) => a['name'])).toContain(alias);
  });

  it.each(EXAMPLES)('%s: every instance has an auto-recovery alarm whose actions are the recover ARN and the SNS topic', (file) => {
    for (const s of synthExample(file).filter((x) => x.id === 'primary' || x.id === 'dr')) {
      const alarms = resources(s.json, 'aws_cloudwatch_metric_alarm');
      const instanceIds = Object.keys(resources(s.json, 'aws_instance'));
      expect(instanceIds.length).toBeGreaterThan(0);
      const region = providers(s.json)[0]!['region'];
      for (const id of instanceIds) {
        const recover = Object.values(alarms).filter((a) => a['metric_name'] === 'StatusCheckFailed_System' && (a['dimensions'] as Record<string, string>)['InstanceId'] === `\${aws_instance.${id}.id}`);
        expect(recover, `${s.id} ${id}`).toHaveLength(1);
        const actions = recover[0]!['alarm_actions'] as string[];
        expect(actions.some((a) => a.endsWith(`:automate:${region}:ec2:recover`))).toBe(true);
        expect(actions).toContain('${aws_sns_topic.ops_mon_topic.arn}');
      }
      expect(resources(s.json, 'aws_sns_topic')['ops_mon_topic']!['kms_master_key_id']).toMatch(/^\$\{aws_kms_key\./);
    }
  });

  // no_reboot is an AMI policy (IMAGE_MANAGEMENT) parameter; on a snapshot policy it means nothing
  // and suggests the instances could be rebooted.
  it.each(EXAMPLES)('%s: EBS snapshot policies carry no AMI-only parameter (no_reboot)', (file) => {
    const policies = synthExample(file).flatMap((s) => Object.entries(resources(s.json, 'aws_dlm_lifecycle_policy')).map(([n, p]) => [`${s.id} ${n}`, p] as const));
    expect(policies.length).toBeGreaterThan(0);
    for (const [name, policy] of policies) {
      for (const details of blocks(policy['policy_details'])) {
        expect(details['policy_type'], name).toBe('EBS_SNAPSHOT_MANAGEMENT');
        for (const parameters of blocks(details['parameters'])) {
          expect(parameters, name).not.toHaveProperty('no_reboot');
          expect(parameters['exclude_boot_volume'], name).toBe(false);
        }
      }
    }
  });

  // DLM targets every instance that carries ANY of the policy's target tags (they are ORed): the
  // policy must select exactly this site's mirror members, never the web/app/print/arbiter servers
  // (which carry the deployment's default tags too) nor another deployment's members.
  it.each(EXAMPLES)('%s: the DLM policy targets exactly the mirror members of its own site', (file) => {
    for (const s of synthExample(file).filter((x) => x.id === 'primary' || x.id === 'dr')) {
      const policy = Object.values(resources(s.json, 'aws_dlm_lifecycle_policy'))[0]!;
      const target = blocks(policy['policy_details'])[0]!['target_tags'] as Record<string, string>;
      expect(Object.keys(target)).toHaveLength(1);
      expect(Object.values(target)[0]).toBe(`${modelOf(file).name}-${s.id}-db-snapshots`);
      const defaultTags = (providers(s.json)[0]!['default_tags'] as Array<{ tags: Record<string, string> }>)[0]!.tags;
      const instances = Object.entries(resources(s.json, 'aws_instance'));
      const selected = instances.filter(([, i]) => {
        const tags = { ...defaultTags, ...(i['tags'] as Record<string, string>) };
        return Object.entries(target).some(([k, v]) => tags[k] === v);
      });
      const members = instances.filter(([, i]) => (i['tags'] as Record<string, string>)['refarch:mirror-role'] !== undefined);
      expect(members.length).toBeGreaterThan(0);
      expect(selected.map(([name]) => name).sort()).toEqual(members.map(([name]) => name).sort());
    }
  });
});

describe('examples: policy rules (secure-defaults.md)', () => {
  it.each(EXAMPLES)('%s: zero findings on every stack', (file) => {
    expect(policyFindings(synthExample(file))).toEqual([]);
  });

  // backup.method aws-backup on whole sites: every member volume is covered exactly once, by its
  // instance's multi-volume recovery point, and the rest of the policy rules still hold.
  it.each(['trakcare.yaml', 'healthshare.yaml', 'cache-cloud.yaml', 'hybrid-dr.yaml'])('%s with aws-backup: zero findings, members selected, no volume selected itself', (file) => {
    const text = exampleText(file).replace(/^backup:\n(  method: snapshot\n)?/m, 'backup:\n  method: aws-backup\n');
    const m = modelOfText(text);
    expect(m.backup.method).toBe('aws-backup');
    const stacks = synthesizeInMemory(m);
    expect(policyFindings(stacks)).toEqual([]);
    for (const s of stacks.filter((x) => x.id === 'primary' || x.id === 'dr')) {
      const selected = Object.values(resources(s.json, 'aws_backup_selection')).flatMap((b) => b['resources'] as string[]);
      const members = Object.entries(resources(s.json, 'aws_instance')).filter(([, i]) => (i['tags'] as Record<string, string>)['refarch:tier'] === 'database');
      expect(selected.sort(), s.id).toEqual(members.map(([name]) => `\${aws_instance.${name}.arn}`).sort());
    }
  });
});
