// Day one in synth: the private hosted zones and their cross-site associations, the delivery of
// each server's configuration file (SSM parameter + user data), the instance roles' policies, the
// secrets (never a value anywhere), AWS's 16 KB user-data limit at the largest presets, and the
// boot script itself run against stand-in `aws`, `iris` and `docker` commands.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { starterSpec } from '../src/author/init';
import { DELIVERY_LIMITS, type Profile } from '../src/catalog/catalog';
import { configFiles } from '../src/config/config';
import { sites, type DeploymentModel } from '../src/model/model';
import { buildPlan } from '../src/report/plan';
import { synthesizeInMemory, synthesizeTo, type SynthesizedStack, type TerraformJson } from '../src/synth/index';
import { APPLY_SCRIPT, LOADER_SCRIPT } from '../src/synth/site/boot-script';
import { terraformLiteral } from '../src/synth/terraform-text';
import { dayOnePlan, parameterParts } from '../src/synth/site/day-one';
import { userData } from '../src/synth/site/user-data';
import { exampleModel, exampleText, modelOfText } from './helpers/models';
import { exampleStacks, stackJson } from './helpers/stacks';
import { checkPolicy, policyOptionsFor } from './helpers/policy';

const EXAMPLES = ['trakcare.yaml', 'healthshare.yaml', 'cache-cloud.yaml', 'hybrid-dr.yaml', 'minimal.yaml'] as const;
type Body = Record<string, unknown>;
const res = (json: TerraformJson, type: string): Record<string, Body> => (json.resource?.[type] ?? {}) as Record<string, Body>;
const data = (json: TerraformJson, type: string): Record<string, Body> => (json.data?.[type] ?? {}) as Record<string, Body>;

/** A shipped example with its software section replaced. */
function withSoftware(file: string, software: object): DeploymentModel {
  const spec = parse(exampleText(file)) as Record<string, unknown>;
  return modelOfText(stringify({ ...spec, software }));
}

/** The env file lines a server's user data writes. */
function envOf(text: string): Record<string, string> {
  const body = text.slice(text.indexOf("<<'REFARCH_ENV'\n") + 16, text.indexOf('\nREFARCH_ENV\n'));
  return Object.fromEntries(body.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 2, -1)]));
}

describe('private hosted zones', () => {
  it.each(EXAMPLES)('%s: one private zone per site on its VPC, an A record per server, an alias per mirror VIP', (file) => {
    const model = exampleModel(file);
    for (const site of sites(model)) {
      const json = stackJson(exampleStacks(file), site.stackId);
      const zones = Object.values(res(json, 'aws_route53_zone'));
      expect(zones).toHaveLength(1);
      expect(zones[0]!['name']).toBe(site.privateZone.name);
      expect(zones[0]!['vpc']).toEqual([{ vpc_id: '${aws_vpc.network_vpc.id}' }]);
      // The link stack associates the other VPC; this stack must not undo it.
      expect(zones[0]!['lifecycle']).toEqual({ ignore_changes: ['vpc'] });
      const records = Object.values(res(json, 'aws_route53_record'));
      const a = records.filter((r) => r['records'] !== undefined).map((r) => `${String(r['name'])} ${JSON.stringify(r['records'])}`).sort();
      expect(a).toEqual(site.instances.map((i) => `${i.hostName} ${JSON.stringify([`\${aws_instance.servers_${i.key}.private_ip}`])}`).sort());
      const aliases = records.filter((r) => r['alias'] !== undefined);
      expect(aliases.map((r) => r['name']).sort()).toEqual(site.mirrors.filter((m) => m.vip).map((m) => m.vipHostName).sort());
      for (const r of aliases) expect(String((r['alias'] as Body)['name'])).toMatch(/^\$\{aws_lb\.vip_[a-z_]+_nlb\.dns_name\}$/);
    }
  });

  it.each(EXAMPLES)('%s: every name a configuration file uses is a record of a zone the server can resolve', (file) => {
    const model = exampleModel(file);
    const names = new Map<string, Set<string>>(); // zone -> names
    for (const site of sites(model)) {
      names.set(site.privateZone.name, new Set([...site.instances.map((i) => i.hostName), ...site.mirrors.flatMap((m) => (m.vip && m.vipHostName ? [m.vipHostName] : []))]));
    }
    const visible = (role: string): Set<string> => {
      const own = sites(model).find((s) => s.role === role)!;
      // With a link, each site's VPC also resolves the other site's zone.
      const zones = model.link ? sites(model).map((s) => s.privateZone.name) : [own.privateZone.name];
      return new Set(zones.flatMap((z) => [...names.get(z)!]));
    };
    for (const site of sites(model)) {
      for (const m of site.mirrors) {
        const used = [m.vipHostName, m.arbiterHostName, model.topology === 'hybrid' ? undefined : m.primaryHostName].filter((n): n is string => n !== undefined && (n !== m.vipHostName || m.vip));
        for (const n of used) expect(visible(site.role).has(n), `${site.role}: ${n}`).toBe(true);
      }
    }
  });

  it.each(['trakcare.yaml', 'cache-cloud.yaml', 'healthshare.yaml'])('%s: the link stack associates each zone with the other VPC, found by name as a private zone of its own VPC', (file) => {
    const link = stackJson(exampleStacks(file), 'link');
    const model = exampleModel(file);
    expect(data(link, 'aws_route53_zone')).toMatchObject({
      primary_zone: { name: model.primary!.privateZone.name, private_zone: true, vpc_id: '${data.aws_vpc.primary_vpc.id}' },
      dr_zone: { name: model.dr!.privateZone.name, private_zone: true, vpc_id: '${data.aws_vpc.dr_vpc.id}', provider: 'aws.dr' },
    });
    expect(res(link, 'aws_route53_zone_association')).toMatchObject({
      primary_zone_in_dr: { zone_id: '${data.aws_route53_zone.primary_zone.zone_id}', vpc_id: '${data.aws_vpc.dr_vpc.id}', vpc_region: model.dr!.region },
      dr_zone_in_primary: { zone_id: '${data.aws_route53_zone.dr_zone.zone_id}', vpc_id: '${data.aws_vpc.primary_vpc.id}', vpc_region: model.primary!.region },
    });
  });

  it('hybrid: no link stack, so no association (on-premises resolution is the operator\'s DNS forwarding)', () => {
    const stacks = exampleStacks('hybrid-dr.yaml');
    expect(stacks.map((s) => s.id)).not.toContain('link');
    for (const s of stacks) expect(res(s.json, 'aws_route53_zone_association')).toEqual({});
  });
});

describe('delivery of the day-one files', () => {
  it.each(EXAMPLES)('%s: each file is a SecureString parameter under its role\'s path, named in its server\'s user data', (file) => {
    const model = exampleModel(file);
    const files = configFiles(model);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const site = sites(model).find((s) => s.role === f.site)!;
      const json = stackJson(exampleStacks(file), site.stackId);
      const param = res(json, 'aws_ssm_parameter')[`day_one_${f.instanceKey}_file`]!;
      // What the AWS CLI prints for the value (it adds a newline) is the file.
      expect(`${String(param['value'])}\n`).toBe(terraformLiteral(f.text));
      expect(param).toMatchObject({ type: 'SecureString', key_id: '${aws_kms_key.kms_key.arn}', tier: 'Standard' });
      const inst = res(json, 'aws_instance')[`servers_${f.instanceKey}`]!;
      const env = envOf(String(inst['user_data']));
      expect(env['parameter']).toBe(param['name']);
      expect(env['parts']).toBe('1');
      expect(env['file']).toBe(f.path);
      expect(env['role']).toBe(f.role);
      const role = String(inst['iam_instance_profile']).match(/servers_([a-z]+)_profile/)![1];
      expect(String(param['name']).startsWith(`/refarch/${model.name}/${site.role}/${role}/${f.instanceKey}/`)).toBe(true);
    }
    // The shipped examples' files fit one Standard parameter.
    for (const f of files) expect(parameterParts(f.text), f.instanceKey).toHaveLength(1);
  });

  it.each(EXAMPLES)('%s: every server gets user data that is valid bash, runs after the volume script, and holds the same refarch-apply', (file) => {
    for (const s of exampleStacks(file)) {
      for (const [name, inst] of Object.entries(res(s.json, 'aws_instance'))) {
        const text = String(inst['user_data']);
        expect(text.startsWith('#!/bin/bash\n'), name).toBe(true);
        execFileSync('bash', ['-n'], { input: text.replace(/\$\{aws_efs_file_system\.[a-z_]+\.id\}/g, 'fs-0123') });
        // refarch-apply itself comes from its parameter; user data holds the loader that fetches it.
        expect(text).toContain(`<<'REFARCH_LOADER'\n${LOADER_SCRIPT}REFARCH_LOADER\n`);
        expect(text).not.toContain('REFARCH_APPLY');
        const lastVolume = text.lastIndexOf('prepare_volume ');
        if (lastVolume >= 0) expect(lastVolume).toBeLessThan(text.indexOf('# Day one'));
      }
    }
  });

  it('a file larger than a Standard parameter continues in .2, .3 ...: 100 application servers behind the Web Gateway', () => {
    const spec = parse(exampleText('trakcare.yaml')) as Record<string, Record<string, unknown>>;
    const model = modelOfText(stringify({ ...spec, app: { ...spec['app'], count: 100 } }));
    const gateway = configFiles(model).find((f) => f.role === 'web-gateway' && f.site === 'primary')!;
    const parts = parameterParts(gateway.text);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(DELIVERY_LIMITS.rows.standardParameterBytes);
    expect(parts.map((p) => `${p}\n`).join('')).toBe(gateway.text);
    const json = stackJson(synthesizeInMemory(model), 'primary');
    const params = res(json, 'aws_ssm_parameter');
    const first = params[`day_one_${gateway.instanceKey}_file`]!;
    parts.forEach((p, i) => {
      const param = i === 0 ? first : params[`day_one_${gateway.instanceKey}_file_${i + 1}`]!;
      expect(param['name']).toBe(i === 0 ? first['name'] : `${String(first['name'])}.${i + 1}`);
      expect(param['value']).toBe(p);
    });
    expect(envOf(String(res(json, 'aws_instance')[`servers_${gateway.instanceKey}`]!['user_data']))['parts']).toBe(String(parts.length));
  });

  it('refarch-apply is valid bash with no Terraform template syntax', () => {
    execFileSync('bash', ['-n'], { input: APPLY_SCRIPT });
    expect(APPLY_SCRIPT).not.toMatch(/\$\{|%\{/);
    expect(terraformLiteral('s3://b/${x}%{y}')).toBe('s3://b/$${x}%%{y}');
  });

  it.each([
    ['software.configure: false', { configure: false }],
    ['platform cache', { platform: 'cache' }],
  ])('opt-out (%s): no parameters, no day-one policies, and the user data of before day one', (_what, software) => {
    const model = withSoftware('trakcare.yaml', software);
    expect(dayOnePlan(model, model.primary!)).toBeUndefined();
    for (const s of synthesizeInMemory(model)) {
      // The CloudWatch agent's files (monitoring.agent) are parameters of their own, not day one's.
      expect(Object.values(res(s.json, 'aws_ssm_parameter')).filter((p) => !String(p['name']).match(/\/(cloudwatch-agent\.json|prometheus\.yaml)$/))).toEqual([]);
      expect(Object.keys(res(s.json, 'aws_iam_role_policy')).filter((n) => n.startsWith('day_one'))).toEqual([]);
      const site = sites(model).find((x) => x.stackId === s.id);
      if (!site) continue;
      for (const i of site.instances) {
        const body = res(s.json, 'aws_instance')[`servers_${i.key}`]!;
        expect(body['user_data'], i.key).toBe(userData(i, model));
        if (i.tier !== 'database') expect(body['user_data']).toBeUndefined();
        else expect(String(body['user_data'])).not.toContain('REFARCH');
      }
    }
  });

  it('each role reads only its own servers\' parameters, decrypted only through SSM for those names', () => {
    const model = exampleModel('trakcare.yaml');
    const json = stackJson(exampleStacks('trakcare.yaml'), 'primary');
    const policies = res(json, 'aws_iam_role_policy');
    for (const role of ['database', 'ecp', 'server']) {
      const p = policies[`day_one_${role}_policy`]!;
      expect(p['role']).toBe(`\${aws_iam_role.servers_${role}_role.id}`);
      const doc = JSON.parse(String(p['policy'])) as { Statement: Body[] };
      const path = `/refarch/${model.name}/primary/${role}`;
      expect(doc.Statement.slice(0, 2)).toEqual([
        expect.objectContaining({ Action: 'ssm:GetParameter', Resource: expect.stringMatching(new RegExp(`:parameter${path}/\\*$`)) }),
        expect.objectContaining({ Action: 'kms:Decrypt', Resource: '${aws_kms_key.kms_key.arn}', Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' }, StringLike: { 'kms:EncryptionContext:PS_Name': `${path}/*` } } }),
      ]);
      // Beyond its own files: the mirror-readiness parameter(s), read (members, ECP clients) or written (the primary's role) by exact ARN.
      for (const st of doc.Statement.slice(2)) {
        expect(st['Sid']).toMatch(/^(ReadMirrorReadiness|PublishMirrorPrimary)$/);
        expect(String(st['Resource'])).toMatch(new RegExp(`:parameter/refarch/${model.name}/mirror/\\*/primary$`));
      }
    }
    // Application and print servers run under their own role; web servers and the arbiter under the server role.
    const profiles = Object.entries(res(json, 'aws_instance')).map(([n, i]) => `${n} ${String(i['iam_instance_profile']).replace(/^\$\{aws_iam_instance_profile\.servers_|_profile\.name\}$/g, '')}`);
    for (const line of profiles) {
      const [n, role] = line.split(' ');
      expect(role, n).toBe(/_(app|print)_/.test(`${n}_`) ? 'ecp' : /_db_/.test(n!) ? 'database' : 'server');
    }
  });

  it.each(EXAMPLES)('%s: no policy findings in any stack with day one on', (file) => {
    const model = exampleModel(file);
    for (const s of exampleStacks(file)) {
      const site = sites(model).find((x) => x.stackId === s.id);
      expect(checkPolicy(s.json, site ? policyOptionsFor(model, site) : {}), s.id).toEqual([]);
    }
  });
});

const PASSWORD_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:trakcare/iris-password-AbCdEf';
const LICENSE_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/trakcare/iris-key';

describe('secrets', () => {
  const model = withSoftware('trakcare.yaml', { install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' }, secrets: { password: PASSWORD_ARN, license: LICENSE_ARN } });
  const stacks = synthesizeInMemory(model);
  const statements = (json: TerraformJson, role: string): Body[] => (JSON.parse(String(res(json, 'aws_iam_role_policy')[`day_one_${role}_policy`]?.['policy'] ?? '{"Statement":[]}')) as { Statement: Body[] }).Statement;

  it('IRIS roles read exactly the named secrets (a Secrets Manager secret from its replica in the site\'s region), decrypting them only through their service for that secret; the web role reads only the password (CSPSystem\'s), the arbiter none', () => {
    for (const site of sites(model)) {
      const json = stackJson(stacks, site.stackId);
      const password = PASSWORD_ARN.replace(':eu-west-1:', `:${site.region}:`);
      for (const role of ['database', 'ecp']) {
        const st = statements(json, role);
        if (st.length === 0) continue;
        expect(st).toContainEqual({ Sid: 'ReadPassword', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: password });
        expect(st).toContainEqual({
          Sid: 'DecryptPassword',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: `arn:\${data.aws_partition.site_partition.partition}:kms:${site.region}:123456789012:key/*`,
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${site.region}.amazonaws.com`, 'kms:EncryptionContext:SecretARN': password } },
        });
        expect(st).toContainEqual({ Sid: 'ReadLicenseKey', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: LICENSE_ARN });
        expect(st).toContainEqual(expect.objectContaining({ Sid: 'DecryptLicenseKey', Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com', 'kms:EncryptionContext:PS_Name': '/trakcare/iris-key' } } }));
      }
      expect(JSON.stringify(statements(json, 'server'))).not.toMatch(/iris-key/);
      expect(statements(json, 'server')).toContainEqual({ Sid: 'ReadPassword', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: password });
    }
    // Only the servers that fetch a secret name it in their user data.
    const primary = stackJson(stacks, 'primary');
    for (const [n, i] of Object.entries(res(primary, 'aws_instance'))) {
      const env = envOf(String(i['user_data']));
      const iris = /_(db|app|print)_/.test(`${n}_`);
      expect(env['password_arn'], n).toBe(iris || /_web_/.test(`${n}_`) ? PASSWORD_ARN : '');
      expect(env['license_arn'], n).toBe(iris ? LICENSE_ARN : '');
    }
  });

  it('software.secrets.dr: the DR site\'s roles read the DR copy of an SSM parameter (in the DR region) and not the primary one; the primary site\'s roles the primary one only', () => {
    const drLicense = 'arn:aws:ssm:eu-central-1:123456789012:parameter/trakcare/iris-key-dr';
    const m = withSoftware('trakcare.yaml', { install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' }, secrets: { license: LICENSE_ARN, dr: { license: drLicense } } });
    expect(m.dr!.region).toBe('eu-central-1');
    const synth = synthesizeInMemory(m);
    const dr = statements(stackJson(synth, m.dr!.stackId), 'database');
    expect(dr).toContainEqual({ Sid: 'ReadLicenseKey', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: drLicense });
    expect(dr).toContainEqual(expect.objectContaining({ Sid: 'DecryptLicenseKey', Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-central-1.amazonaws.com', 'kms:EncryptionContext:PS_Name': '/trakcare/iris-key-dr' } } }));
    expect(JSON.stringify(dr)).not.toContain(LICENSE_ARN);
    const primary = JSON.stringify(statements(stackJson(synth, 'primary'), 'database'));
    expect(primary).toContain(LICENSE_ARN);
    expect(primary).not.toContain(drLicense);
  });

  it('a pre-installed image does not fetch the password (it is the image\'s), a kit is read from its one S3 object', () => {
    const image = withSoftware('trakcare.yaml', { secrets: { password: PASSWORD_ARN, license: LICENSE_ARN } });
    const json = stackJson(synthesizeInMemory(image), 'primary');
    expect(JSON.stringify(statements(json, 'database'))).not.toContain('secretsmanager');
    expect(JSON.stringify(statements(json, 'database'))).toContain(LICENSE_ARN);
    const kit = withSoftware('trakcare.yaml', { install: { kind: 'kit', location: 's3://hospital-kits/IRIS-2024.1.tar.gz' }, secrets: { password: PASSWORD_ARN } });
    const kitJson = stackJson(synthesizeInMemory(kit), 'primary');
    expect(statements(kitJson, 'ecp')).toContainEqual({ Sid: 'ReadInstallKit', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:${data.aws_partition.site_partition.partition}:s3:::hospital-kits/IRIS-2024.1.tar.gz' });
    expect(JSON.stringify(statements(kitJson, 'server'))).not.toContain('s3:');
  });
});

// ------------------------------------------------------------------ 16 KB

const LARGEST: ReadonlyArray<[Profile, 'cloud' | 'hybrid']> = [
  ['trakcare', 'cloud'],
  ['trakcare', 'hybrid'],
  ['healthshare', 'cloud'],
  ['healthshare', 'hybrid'],
  ['cache', 'cloud'],
  ['cache', 'hybrid'],
];

/** The largest preset of a profile with every input that lengthens user data at its longest. */
function largestSpec(profile: Profile, model: 'cloud' | 'hybrid'): DeploymentModel {
  const spec = parse(starterSpec({ profile, model, size: 'xlarge', name: `${profile}-${model}-max`, region: 'eu-west-1', schemaRef: 'x' })) as Record<string, unknown>;
  const longName = (n: number): string => `p/${'x'.repeat(n - 2)}`;
  const database = (spec['database'] ?? {}) as Record<string, unknown>;
  const namespaces = Array.from({ length: 20 }, (_, i) => `NAMESPACE-${String(i).padStart(2, '0')}-${'X'.repeat(18)}`);
  return modelOfText(
    stringify({
      ...spec,
      ...(profile === 'healthshare' ? {} : { database: { ...database, namespaces } }),
      backup: { ...((spec['backup'] ?? {}) as object), method: 'online' },
      ...(model === 'hybrid' ? { onPremises: { ...((spec['onPremises'] ?? {}) as object), primaryHost: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example.org` } } : {}),
      software: {
        install: { kind: 'kit', location: `s3://hospital-kits/${'k'.repeat(1024)}` },
        instance: `I${'X'.repeat(31)}`,
        secrets: { password: `arn:aws:ssm:eu-west-1:123456789012:parameter/${longName(2048)}`, license: `arn:aws:ssm:eu-west-1:123456789012:parameter/${longName(2048)}` },
      },
    }),
  );
}

describe('user data stays under AWS\'s 16 KB (raw, before base64) at the largest presets', () => {
  const maxima: string[] = [];
  afterAll(() => console.log(`user data, largest per profile and model:\n${maxima.join('\n')}`));

  it.each(LARGEST)('%s %s, size xlarge, longest secrets, kit location and names, online backup', (profile, kind) => {
    const model = largestSpec(profile, kind);
    let max = 0;
    let at = '';
    for (const s of synthesizeInMemory(model)) {
      for (const [name, i] of Object.entries(res(s.json, 'aws_instance'))) {
        const bytes = Buffer.byteLength(String(i['user_data'] ?? ''), 'utf8');
        expect(bytes, `${s.id} ${name}`).toBeLessThanOrEqual(DELIVERY_LIMITS.rows.userDataBytes);
        if (bytes > max) [max, at] = [bytes, `${s.id} ${name}`];
      }
    }
    expect(max).toBeGreaterThan(0);
    maxima.push(`${profile} ${kind}: ${max} bytes (${at})`);
    for (const f of configFiles(model)) for (const part of parameterParts(f.text)) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(DELIVERY_LIMITS.rows.standardParameterBytes);
  });
});

// ------------------------------------------------------------------ the boot script, run

const PLANTED = 'Planted7f3cSecret';

interface Sandbox {
  readonly dir: string;
  readonly env: string;
  readonly log: string;
  readonly calls: string;
  readonly secretsDir: string;
  run(path?: string): { code: number; out: string };
  calls_(): string[];
  /** Puts another file in the (stand-in) parameter, as apply would. */
  setFile(text: string): void;
}

/**
 * A folder with stand-in commands: `aws` answers the server's parameter with `fileText` and any
 * secret ARN with the planted value; `iris` (when `iris` is set) and `docker` record their calls,
 * and record what a password file they are given holds (as IRIS would read it).
 */
function sandbox(options: { install: 'image' | 'container' | 'kit'; iris?: 'running' | 'down'; fileText: string; secrets?: boolean; instance?: string; role?: string; mounts?: string; tlsCa?: string }): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'refarch-apply-'));
  const bin = join(dir, 'bin');
  const secretsDir = join(dir, 'run');
  for (const d of [bin, secretsDir, join(dir, 'irissys', 'mgr'), join(dir, 'config')]) mkdirSync(d, { recursive: true });
  const calls = join(dir, 'calls');
  // The server's file as `parts` parameter values, each as the AWS CLI prints it (value + newline).
  const fileParts = parameterParts(options.fileText);
  mkdirSync(join(dir, 'params'));
  const paramName = '/refarch/x/primary/database/db_x_primary/merge.cpf';
  const setFile = (text: string): void => parameterParts(text).forEach((p, i) => writeFileSync(join(dir, 'params', `${paramName}${i === 0 ? '' : `.${i + 1}`}`.replace(/\//g, '_')), `${p}\n`));
  setFile(options.fileText);
  const script = (name: string, body: string): void => {
    writeFileSync(join(bin, name), `#!/bin/bash\necho "${name} $*" >> '${calls}'\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  // acm-pca: a certificate for the request it is sent (the private key is never sent).
  script('aws', `case "$*" in acm-pca\\ issue-certificate*) echo 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/ca/certificate/1' ;; acm-pca\\ wait*) ;; acm-pca\\ get-certificate*) printf -- '-----BEGIN CERTIFICATE-----\\nSTANDIN\\n-----END CERTIFICATE-----\\n' ;; *--name\\ /refarch/*) prev=""; for a in "$@"; do if [ "$prev" = --name ]; then cat '${join(dir, 'params')}/'"$(echo "$a" | tr / _)" || exit 1; fi; prev="$a"; done ;; *arn:aws:*) echo '${PLANTED}' ;; *) exit 1 ;; esac`);
  const instance = options.instance ?? 'IRIS';
  const qlist = `${instance}^${join(dir, 'irissys')}^2024.1.0^${options.iris === 'running' ? 'running, since today' : 'down, last used today'}^iris.cpf^1972^52773^0^ok^`;
  // runuser -u <owner> -- cmd: the stand-in runs cmd (the test's user is whoever runs the suite).
  script('runuser', 'shift 3; exec "$@"');
  if (options.iris) script('iris', `case "$1" in qlist) echo '${qlist}' ;; esac`);
  script(
    'docker',
    `case "$1" in inspect) exit 1 ;; exec) echo '${qlist.replace('down, last used today', 'running, since today')}' ;; run) prev=""; for a in "$@"; do if [ "$prev" = --password-file ]; then cp "$a" '${join(dir, 'password-seen')}'; fi; prev="$a"; done ;; esac`,
  );
  const env = join(dir, 'refarch.env');
  const log = join(dir, 'boot.log');
  const values: Record<string, string> = {
    role: options.role ?? 'mirror-primary',
    region: 'eu-west-1',
    parameter: paramName,
    parts: String(fileParts.length),
    file: join(dir, 'config', 'merge.cpf'),
    instance: instance,
    install_kind: options.install,
    image: 'containers.intersystems.com/intersystems/iris:2024.1',
    kit: 's3://kits/iris.tar.gz',
    password_arn: options.secrets ? PASSWORD_ARN : '',
    license_arn: options.secrets ? LICENSE_ARN : '',
    mounts: options.mounts ?? '',
    wait_for: '',
    ready: '',
    publish: '',
    agent: '0',
    healthshare: '0',
    tls_ca: options.tlsCa ?? '',
    tls_dir: join(dir, 'tls'),
    sysctl_file: join(dir, 'sysctl.conf'),
    host: 'db-x-primary',
    script_parameter: '',
    script_parts: '1',
    durable: join(dir, 'durable'),
    container: 'iris',
    container_uid: String(process.getuid?.() ?? 0),
    container_user: 'irisowner',
    kit_dir: join(dir, 'irissys'),
    kit_owner: 'irisowner',
    kit_user: 'irisusr',
    state: join(dir, 'state'),
    secrets_root: secretsDir,
    log: log,
    tries: '2',
    wait_seconds: '0',
  };
  writeFileSync(env, Object.entries(values).map(([k, v]) => `${k}='${v}'`).join('\n') + '\n');
  const apply = join(dir, 'refarch-apply');
  writeFileSync(apply, APPLY_SCRIPT);
  chmodSync(apply, 0o755);
  return {
    dir,
    env,
    log,
    calls,
    secretsDir,
    run: () => {
      const r = spawnSync('bash', [apply, env], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir } });
      return { code: r.status ?? -1, out: r.stdout + r.stderr };
    },
    calls_: () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []),
    setFile,
  };
}

/** Every file under a folder, as text. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('refarch-apply, run against stand-in aws, iris and docker', () => {
  const boxes: Sandbox[] = [];
  const box = (o: Parameters<typeof sandbox>[0]): Sandbox => {
    const b = sandbox(o);
    boxes.push(b);
    return b;
  };
  afterAll(() => {
    for (const b of boxes) rmSync(b.dir, { recursive: true, force: true });
  });

  it('image, instance running: the first file is applied at a restart (ISC_CPF_MERGE_FILE, no login); a second run does nothing; a changed file without restart-only settings is `iris merge`d with the target CPF', () => {
    const b = box({ install: 'image', iris: 'running', fileText: '[Actions]\nCreateDatabase:Name=A\n' });
    expect(b.run().code).toBe(0);
    expect(readFileSync(join(b.dir, 'config', 'merge.cpf'), 'utf8')).toContain('CreateDatabase:Name=A');
    const applies = (): string[] => b.calls_().filter((c) => /^iris (merge|stop|start)/.test(c));
    expect(applies()).toEqual(['iris stop IRIS restart']);
    expect(b.run().code).toBe(0);
    expect(applies()).toHaveLength(1);
    expect(readFileSync(b.log, 'utf8')).toContain('was applied before');
    b.setFile('[Actions]\nCreateDatabase:Name=B\n');
    expect(b.run().code).toBe(0);
    expect(applies()).toEqual(['iris stop IRIS restart', `iris merge IRIS ${join(b.dir, 'config', 'merge.cpf')} ${join(b.dir, 'irissys', 'iris.cpf')}`]);
  });

  it('a file in several parameters arrives byte for byte', () => {
    const text = `[Actions]\n${Array.from({ length: 300 }, (_, i) => `CreateDatabase:Name=DB${i},Directory=/irissys/data/db${i}`).join('\n')}\n`;
    const b = box({ install: 'image', iris: 'running', fileText: text });
    expect(parameterParts(text).length).toBeGreaterThan(2);
    expect(b.run().code).toBe(0);
    expect(readFileSync(join(b.dir, 'config', 'merge.cpf'), 'utf8')).toBe(text);
  });

  it('image, instance down: starts it with ISC_CPF_MERGE_FILE', () => {
    const b = box({ install: 'image', iris: 'down', fileText: '[config]\nwijdir=/irissys/wij\n' });
    expect(b.run().code).toBe(0);
    expect(b.calls_()).toContain('iris start IRIS');
    expect(readFileSync(b.log, 'utf8')).toContain(`ISC_CPF_MERGE_FILE=${join(b.dir, 'config', 'merge.cpf')}`);
  });

  it('image without IRIS: the file is left in place, the log says so, nothing is marked applied', () => {
    const b = box({ install: 'image', fileText: '[config]\nwijdir=/irissys/wij\n' });
    expect(b.run().code).toBe(0);
    expect(existsSync(join(b.dir, 'config', 'merge.cpf'))).toBe(true);
    expect(readFileSync(b.log, 'utf8')).toMatch(/InterSystems IRIS is not installed: .*merge\.cpf left in place; apply it with: iris merge IRIS /);
    expect(existsSync(join(b.dir, 'state'))).toBe(false);
  });

  it('container: docker run with the merge file, the key and the password file; the secrets are gone afterwards', () => {
    const b = box({ install: 'container', fileText: '[config]\nwijdir=/irissys/wij\n', secrets: true });
    expect(b.run().code).toBe(0);
    const run = b.calls_().find((c) => c.startsWith('docker run'))!;
    expect(run).toContain(`--env ISC_CPF_MERGE_FILE=${join(b.dir, 'config', 'merge.cpf')}`);
    expect(run).toMatch(/ containers\.intersystems\.com\/intersystems\/iris:2024\.1 --key \S+\/iris\.key --password-file \S+\/password$/);
    // IRIS got the value (the stand-in read it from the file it was given) ...
    expect(readFileSync(join(b.dir, 'password-seen'), 'utf8').trim()).toBe(PLANTED);
    // ... and the root-only folder it came from is removed.
    expect(readdirSync(b.secretsDir)).toEqual([]);
  });

  it('a database volume that is not mounted stops it before IRIS is touched (never onto the root disk)', () => {
    const b = box({ install: 'image', iris: 'running', fileText: '[config]\nwijdir=/irissys/wij\n', mounts: tmpdir() });
    expect(b.run().code).toBe(1);
    expect(readFileSync(b.log, 'utf8')).toContain(`${tmpdir()} is not mounted: IRIS not configured`);
    expect(b.calls_().filter((c) => c.startsWith('iris'))).toEqual([]);
  });

  it('kit without a password secret: nothing is installed, the file is left for the operator', () => {
    const b = box({ install: 'kit', fileText: '[config]\nwijdir=/irissys/wij\n' });
    expect(b.run().code).toBe(0);
    expect(readFileSync(b.log, 'utf8')).toContain('a kit install needs software.secrets.password');
    expect(b.calls_().filter((c) => c.startsWith('aws s3'))).toEqual([]);
    expect(existsSync(join(b.dir, 'state'))).toBe(false);
  });

  it('web server: the Web Gateway definitions are put in place and the log says where they go', () => {
    const b = box({ install: 'image', fileText: '[SYSTEM_INDEX]\nAPP_1=Enabled\n', role: 'web-gateway' });
    expect(b.run().code).toBe(0);
    expect(readFileSync(join(b.dir, 'config', 'merge.cpf'), 'utf8')).toContain('APP_1=Enabled');
    expect(readFileSync(b.log, 'utf8')).toContain("to the Web Gateway's CSP.ini");
  });

  it('MUST-SHOW: a secret planted in the referenced parameter reaches IRIS and nothing else (user data, every stack, plan, files, boot log)', () => {
    // The spec names the secret by ARN; the value lives only in the (stand-in) AWS.
    const model = withSoftware('trakcare.yaml', { install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' }, secrets: { password: PASSWORD_ARN, license: LICENSE_ARN } });
    // Control: the same string where the spec does write it (the deployment name, the IRIS
    // instance name), to show that each search below would find a leak.
    const controlSpec = parse(exampleText('trakcare.yaml').replace('name: trakcare-prod', `name: ${PLANTED.toLowerCase()}`)) as Record<string, unknown>;
    const control = modelOfText(stringify({ ...controlSpec, software: { install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' }, instance: PLANTED, secrets: { password: PASSWORD_ARN } } }));
    const sinks = (m: DeploymentModel, boot: { instance?: string }): Record<string, string> => {
      const out = mkdtempSync(join(tmpdir(), 'refarch-sinks-'));
      try {
        synthesizeTo(m, out);
        const stacks = allText(out);
        const plan = JSON.stringify(buildPlan(m));
        const files = configFiles(m).map((f) => f.text).join('\n');
        const b = box({ install: 'container', fileText: configFiles(m)[0]!.text, secrets: true, ...boot });
        b.run();
        const bootLog = readFileSync(b.log, 'utf8') + allText(join(b.dir, 'config')) + (existsSync(join(b.dir, 'state')) ? allText(join(b.dir, 'state')) : '') + allText(b.secretsDir);
        // Proof the run used the value: IRIS saw it.
        expect(readFileSync(join(b.dir, 'password-seen'), 'utf8').trim()).toBe(PLANTED);
        return { stacks, plan, files, bootLog };
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    };
    const found = (text: string): boolean => text.toLowerCase().includes(PLANTED.toLowerCase());
    for (const [sink, text] of Object.entries(sinks(control, { instance: PLANTED }))) expect(found(text), `control ${sink}`).toBe(true);
    // The real case: never there.
    for (const [sink, text] of Object.entries(sinks(model, {}))) expect(found(text), sink).toBe(false);
    for (const s of synthesizeInMemory(model) as SynthesizedStack[]) expect(found(JSON.stringify(s.json))).toBe(false);
    // TLS keys: a member with software.tls makes its key on the instance; the key's text is in its
    // SSLDir and nowhere else (calls, log, files, every stack of a TLS spec).
    const CA = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012';
    const member = box({ install: 'container', fileText: configFiles(model)[0]!.text, secrets: true, tlsCa: CA });
    expect(member.run().code).toBe(0);
    const keyText = readFileSync(join(member.dir, 'tls', 'PrivateKeyFile.pem'), 'utf8');
    const keyLine = keyText.split('\n')[1]!;
    expect(keyText).toContain('PRIVATE KEY');
    expect(readFileSync(member.calls, 'utf8')).not.toContain(keyLine);
    expect(readFileSync(member.log, 'utf8')).not.toContain(keyLine);
    expect(allText(join(member.dir, 'config'))).not.toContain(keyLine);
    const tlsModel = withSoftware('trakcare.yaml', { install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' }, secrets: { password: PASSWORD_ARN }, tls: { privateCaArn: CA } });
    const tlsStacks = JSON.stringify(synthesizeInMemory(tlsModel).map((s) => s.json));
    expect(tlsStacks).toContain(CA);
    expect(tlsStacks).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
    expect(found(tlsStacks)).toBe(false);
    // The Web Gateway's password: its CSP.ini holds a command, the command prints the value to the
    // gateway alone (stdout), and nothing is written to the log or left on disk.
    expect(found(configFiles(model).filter((f) => f.role === 'web-gateway').map((f) => f.text).join('\n'))).toBe(false);
    const web = box({ install: 'container', fileText: '[SYSTEM_INDEX]\nAPP_1=Enabled\n', secrets: true, role: 'web-gateway' });
    const printed = spawnSync('bash', [join(web.dir, 'refarch-apply'), web.env, 'password'], { encoding: 'utf8', env: { PATH: `${join(web.dir, 'bin')}:/usr/bin:/bin`, HOME: web.dir } });
    expect(printed.stdout.trim()).toBe(PLANTED);
    expect(existsSync(web.log) && found(readFileSync(web.log, 'utf8'))).toBe(false);
    expect(readdirSync(web.secretsDir)).toEqual([]);
  });
});
