// The hand-off next to the stacks: a manifest with the real dependencies, a guide that says what
// to set and in which order to apply, and a deploy script that checks the prerequisites and runs
// Terraform in that order. Plus the pipeline gate (--strict) and DNS delegation.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE_COMMON, writeHandoff } from '../src/emit/handoff';
import type { DeploymentModel } from '../src/model/model';
import { synthesizeTo } from '../src/synth/index';
import { checkFile, checkText } from '../src/validate/validate';
import { caseFolders, cleanEnv, ROOT, runCli, snapshotTree } from './fixtures/hostile/harness';
import { modelOfText as modelOf } from './helpers/models';

const examplePath = (name: string): string => join(ROOT, 'examples', name);
const exampleText = (name: string): string => readFileSync(examplePath(name), 'utf8');

/** A fresh folder under this file's temporary root (made before, removed after the file's tests). */
const folder = caseFolders('handoff');


/** Synthesizes `model` plus the hand-off into a fresh folder, as synth does. */
function output(model: DeploymentModel): string {
  const dir = join(folder(), 'cdktf.out');
  mkdirSync(dir, { recursive: true });
  synthesizeTo(model, dir);
  writeHandoff(model, dir);
  return dir;
}

interface Manifest {
  refarch: { applyOrder: string[]; deployment: string; files: string[]; state: Record<string, string> };
  stacks: Record<string, { dependencies: string[]; stackMetadataPath?: string; synthesizedStackPath: string; workingDirectory: string }>;
}
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe('manifest.json', () => {
  it('carries the real dependencies of every stack, in apply order, and no path that is not written', () => {
    const dir = output(checkFile(examplePath('trakcare.yaml')).model!);
    const manifest = manifestOf(dir);
    expect(manifest.refarch.applyOrder).toEqual(['dr', 'primary', 'link', 'dns']);
    expect(Object.fromEntries(Object.entries(manifest.stacks).map(([id, s]) => [id, s.dependencies]))).toEqual({ dns: ['dr', 'primary'], dr: [], link: ['dr', 'primary'], primary: ['dr'] });
    for (const stack of Object.values(manifest.stacks)) expect(stack.stackMetadataPath).toBeUndefined();
    // Every file listed is there, and refarch wrote nothing it does not list.
    const files = [...snapshotTree(dir)].filter(([, kind]) => kind.startsWith('file:')).map(([path]) => path.split('\\').join('/')).sort();
    expect(manifest.refarch.files).toEqual(files);
    expect(manifest.refarch.state).toEqual({ backend: 'local', directory: 'terraform-state/trakcare-prod', relativeTo: 'the folder that holds this output folder' });
  });

  it('the primary reads nothing from dr when snapshots are not copied there; hybrid has dr alone', () => {
    const noCopy = manifestOf(output(modelOf(exampleText('trakcare.yaml').replace('copyToDr: true', 'copyToDr: false'))));
    expect(noCopy.stacks['primary']!.dependencies).toEqual([]);
    const hybrid = manifestOf(output(checkFile(examplePath('hybrid-dr.yaml')).model!));
    expect(Object.keys(hybrid.stacks)).toEqual(['dr']);
    expect(hybrid.refarch.applyOrder).toEqual(['dr']);
  });

  it('names the S3 state place when the spec uses S3', () => {
    const text = exampleText('trakcare.yaml').replace('state:\n  backend: local\n', 'state:\n  backend: s3\n  bucket: hospital-terraform-state\n  region: us-east-2\n');
    const dir = output(modelOf(text));
    expect(manifestOf(dir).refarch.state).toEqual({ backend: 's3', bucket: 'hospital-terraform-state', region: 'us-east-2', keyPrefix: 'refarch/trakcare-prod' });
    const guide = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(guide).toContain('S3 bucket `hospital-terraform-state` in us-east-2, keys `refarch/trakcare-prod/<stack>.tfstate`');
    expect(guide).toContain('The bucket must exist before `terraform init`');
  });
});

describe('the guide (README.md in the output)', () => {
  it('lists stacks in apply order with regions and what they read, and every variable to set with its region', () => {
    const guide = readFileSync(join(output(checkFile(examplePath('trakcare.yaml')).model!), 'README.md'), 'utf8');
    const rows = guide.split('\n').filter((l) => /^\| `[a-z]+` \| [a-z0-9-]+ \|/.test(l));
    expect(rows.map((r) => r.split(' | ').slice(0, 3).join(' | '))).toEqual(['| `dr` | eu-central-1 | -', '| `primary` | eu-west-1 | dr', '| `link` | eu-west-1 | dr, primary', '| `dns` | us-east-1 | dr, primary']);
    expect(guide).toContain('| `dr` | `dr_web_certificate_arn` | eu-central-1 | ARN of an ACM certificate in eu-central-1');
    expect(guide).toContain('for s in dr primary link dns; do');
    expect(guide).toContain('the public hosted zone `example.org` must already exist');
  });

  it('says nothing of variables when every certificate is in the spec', () => {
    const text = exampleText('trakcare.yaml').replace('  capacity: reduced\n', '  capacity: reduced\n  certificateArn: arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666\n');
    const guide = readFileSync(join(output(modelOf(text)), 'README.md'), 'utf8');
    expect(guide).not.toContain('## Variables to set');
  });

  it.each(['cache-cloud.yaml', 'healthshare.yaml', 'hybrid-dr.yaml', 'minimal.yaml', 'trakcare.yaml'])('%s: the output has the guide and an executable deploy.sh', (file) => {
    const dir = output(checkFile(examplePath(file)).model!);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(GUIDE_COMMON);
    expect(statSync(join(dir, 'deploy.sh')).mode & 0o111).toBe(0o111);
    expect(spawnSync('bash', ['-n', join(dir, 'deploy.sh')]).status).toBe(0);
  });

  it('the project README quotes the guide\'s common part word for word', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(GUIDE_COMMON);
  });
});

describe('DNS delegation', () => {
  it('a created zone outputs its name servers, and the guide and synth say to delegate to them', async () => {
    const dir = folder();
    const text = exampleText('trakcare.yaml').replace('  record: trakcare\n', '  record: trakcare\n  createZone: true\n');
    writeFileSync(join(dir, 'spec.yaml'), text);
    const r = await runCli(['synth', join(dir, 'spec.yaml')], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('DNS: after applying dns, delegate example.org to its name servers (terraform -chdir=cdktf.out/stacks/dns output name_servers) in the parent zone.');
    const dns = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'dns', 'cdk.tf.json'), 'utf8')) as { output: Record<string, { value: string; description: string }> };
    expect(dns.output['name_servers']!.value).toBe('${aws_route53_zone.zone.name_servers}');
    expect(dns.output['name_servers']!.description).toContain('parent zone');
    expect(readFileSync(join(dir, 'cdktf.out', 'README.md'), 'utf8')).toContain('delegate to it: `terraform -chdir=stacks/dns output name_servers`');
  });

  it('an existing zone gets no name_servers output', () => {
    const dns = JSON.parse(readFileSync(join(output(checkFile(examplePath('trakcare.yaml')).model!), 'stacks', 'dns', 'cdk.tf.json'), 'utf8')) as { output: Record<string, unknown> };
    expect(Object.keys(dns.output)).toEqual(['alarm_topic_arn']);
  });
});

describe('deploy.sh', () => {
  /** A fake terraform that logs its arguments, and a PATH without the AWS CLI. */
  function fakeTerraform(dir: string): { env: NodeJS.ProcessEnv; log: string } {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const log = join(dir, 'terraform.log');
    writeFileSync(join(bin, 'terraform'), `#!/bin/sh\necho "$*" >> ${log}\n`);
    chmodSync(join(bin, 'terraform'), 0o755);
    return { env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir }, log };
  }

  function deploy(dir: string, env: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
    return spawnSync('bash', [join(dir, 'deploy.sh'), ...args], { env, encoding: 'utf8' });
  }

  it('is valid bash and refuses to run while a required variable is unset, naming it and how to set it', () => {
    const out = output(checkFile(examplePath('trakcare.yaml')).model!);
    expect(spawnSync('bash', ['-n', join(out, 'deploy.sh')]).status).toBe(0);
    const { env, log } = fakeTerraform(join(out, '..'));
    const r = deploy(out, env, 'apply');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('missing: stack dr needs variable dr_web_certificate_arn (eu-central-1)');
    expect(r.stderr).toContain('set TF_VAR_dr_web_certificate_arn or add dr_web_certificate_arn = "..." to stacks/dr/terraform.tfvars');
    expect(r.stderr).toContain('nothing was run');
    expect(() => readFileSync(log)).toThrow();
  });

  it('runs init then the command in every stack in apply order, destroy in reverse, once prerequisites are met', () => {
    const out = output(checkFile(examplePath('trakcare.yaml')).model!);
    const { env, log } = fakeTerraform(join(out, '..'));
    writeFileSync(join(out, 'stacks', 'dr', 'terraform.tfvars'), 'dr_web_certificate_arn = "arn:aws:acm:eu-central-1:123456789012:certificate/x"\n');
    const check = deploy(out, env, 'check');
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain('prerequisites met for: dr primary link dns');
    expect(check.stderr).toContain('the AWS CLI is not installed');
    expect(deploy(out, env, 'apply', '--', '-auto-approve').status).toBe(0);
    const stacks = ['dr', 'primary', 'link', 'dns'];
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(stacks.flatMap((s) => [`-chdir=stacks/${s} init -input=false`, `-chdir=stacks/${s} apply -auto-approve`]));
    rmSync(log);
    expect(deploy(out, env, 'destroy', 'link', 'dr').status).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['-chdir=stacks/link init -input=false', '-chdir=stacks/link destroy', '-chdir=stacks/dr init -input=false', '-chdir=stacks/dr destroy']);
  });

  it('a TF_VAR_ in the environment counts; an unknown stack or action is a usage error', () => {
    const out = output(checkFile(examplePath('minimal.yaml')).model!);
    const { env } = fakeTerraform(join(out, '..'));
    expect(deploy(out, env, 'check').stderr).toContain('stack primary needs variable primary_web_certificate_arn (eu-west-1)');
    expect(deploy(out, { ...env, TF_VAR_primary_web_certificate_arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' }, 'check').status).toBe(0);
    const unknown = deploy(out, env, 'plan', 'dr');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no stack "dr" (stacks: primary)');
    expect(deploy(out, env, 'launch').status).toBe(2);
  });
});

describe('synth\'s closing lines list only the variables still to set', () => {
  // trakcare without its certificate: dr_web_certificate_arn (dr) and primary_web_certificate_arn (primary).
  const spec = (): string => exampleText('trakcare.yaml').replace(/\n {4}certificateArn: \S+/, '');
  const closing = (stdout: string): string[] => stdout.split('\n').filter((l) => /^ {2}(dr|primary) +\w+_arn:/.test(l)).map((l) => l.trim().split(':')[0]!);

  it('reads terraform.tfvars, *.auto.tfvars and TF_VAR_ as deploy.sh check does', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'spec.yaml'), spec());
    const first = await runCli(['synth', 'spec.yaml'], { cwd: dir });
    expect(first.status, first.stderr).toBe(0);
    expect(closing(first.stdout)).toEqual(['dr       dr_web_certificate_arn', 'primary  primary_web_certificate_arn']);
    expect(first.stdout).not.toContain('already set');

    writeFileSync(join(dir, 'cdktf.out', 'stacks', 'primary', 'terraform.tfvars'), '# mine\n  primary_web_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/x"\n');
    const second = await runCli(['synth', 'spec.yaml'], { cwd: dir });
    expect(second.status, second.stderr).toBe(0);
    expect(closing(second.stdout)).toEqual(['dr       dr_web_certificate_arn']);
    expect(second.stdout).toContain('Variables: 1 of 2 already set');
    const check = spawnSync('bash', [join(dir, 'cdktf.out', 'deploy.sh'), 'check'], { env: { PATH: '/usr/bin:/bin', HOME: dir }, encoding: 'utf8' });
    expect(check.stderr).toContain('stack dr needs variable dr_web_certificate_arn');
    expect(check.stderr).not.toContain('primary_web_certificate_arn');

    // A commented-out line is not a setting (for deploy.sh either); *.auto.tfvars is.
    writeFileSync(join(dir, 'cdktf.out', 'stacks', 'dr', 'certs.auto.tfvars'), '# dr_web_certificate_arn = "x"\n');
    expect(closing((await runCli(['synth', 'spec.yaml'], { cwd: dir })).stdout)).toEqual(['dr       dr_web_certificate_arn']);
    writeFileSync(join(dir, 'cdktf.out', 'stacks', 'dr', 'certs.auto.tfvars'), 'dr_web_certificate_arn="arn:aws:acm:eu-central-1:123456789012:certificate/y"\n');
    const third = await runCli(['synth', 'spec.yaml'], { cwd: dir });
    expect(closing(third.stdout)).toEqual([]);
    expect(third.stdout).not.toContain('Variables to set');
    expect(third.stdout).toContain('Variables: all 2 already set');
  });

  it('an exported TF_VAR_<name> counts; an empty one does not', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'spec.yaml'), spec());
    const run = await runCli(['synth', 'spec.yaml'], { cwd: dir, env: cleanEnv({ TF_VAR_dr_web_certificate_arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/y', TF_VAR_primary_web_certificate_arn: '' }) });
    expect(run.status, run.stderr).toBe(0);
    expect(closing(run.stdout)).toEqual(['primary  primary_web_certificate_arn']);
  });
});

describe('deploy.sh check with the AWS CLI', () => {
  /** A fake terraform, and a fake aws that fails as the real one does: a blank line, then the reason. */
  function fakeAws(dir: string, stderr: string, code: number): NodeJS.ProcessEnv {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'terraform'), '#!/bin/sh\nexit 0\n');
    writeFileSync(join(bin, 'aws'), `#!/bin/sh\nprintf '%s' '${stderr.replace(/'/g, `'\\''`)}' >&2\nexit ${code}\n`);
    chmodSync(join(bin, 'terraform'), 0o755);
    chmodSync(join(bin, 'aws'), 0o755);
    return { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, TF_VAR_primary_web_certificate_arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' };
  }

  it.each([
    ['no credentials', '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n', 253, 'Unable to locate credentials. You can configure credentials by running "aws configure".'],
    ['an expired token', '\nAn error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired\n', 254, 'An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired'],
    ['a wrong profile', '\nThe config profile (hospital-prod) could not be found\n', 255, 'The config profile (hospital-prod) could not be found'],
  ])('prints the AWS CLI\'s own first error line: %s', (_case, stderr, code, line) => {
    const out = output(checkFile(examplePath('minimal.yaml')).model!);
    const env = fakeAws(join(out, '..'), stderr, code);
    const r = spawnSync('bash', [join(out, 'deploy.sh'), 'check'], { env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`missing: AWS credentials: aws sts get-caller-identity failed: ${line}\n`);
  });

  it('names the reason a state bucket is not readable', () => {
    const text = exampleText('minimal.yaml') + 'state:\n  backend: s3\n  bucket: hospital-terraform-state\n  region: us-east-2\n';
    const out = output(modelOf(text));
    const bin = join(out, '..', 'bin');
    const env = fakeAws(join(out, '..'), '', 0);
    // get-caller-identity succeeds; head-bucket fails with S3's answer.
    writeFileSync(join(bin, 'aws'), '#!/bin/sh\ncase "$2" in head-bucket) echo >&2; echo "An error occurred (404) when calling the HeadBucket operation: Not Found" >&2; exit 254 ;; esac\nexit 0\n');
    const r = spawnSync('bash', [join(out, 'deploy.sh'), 'check'], { env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('missing: state bucket s3://hospital-terraform-state (us-east-2) does not exist or is not readable (An error occurred (404) when calling the HeadBucket operation: Not Found); create it (versioning on) first');
  });
});

describe('--strict for pipelines', () => {
  const warned = `${exampleText('minimal.yaml')}web:\n  loadBalancer:\n    stickySessions: false\n`;

  it('validate --strict fails on a warning (exit 1); without it the spec is valid', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'w.yaml'), warned);
    const plain = await runCli(['validate', join(dir, 'w.yaml')], { cwd: dir });
    expect(plain.status).toBe(0);
    expect(plain.stderr).toContain('warning [lb.sticky-sessions]');
    const strict = await runCli(['validate', '--strict', join(dir, 'w.yaml')], { cwd: dir });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('1 warning, failing under --strict');
    const json = await runCli(['validate', '--strict', '--format', 'json', join(dir, 'w.yaml')], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, strict: true });
  });

  it('synth --strict writes nothing when the spec has a warning', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'w.yaml'), warned);
    const r = await runCli(['synth', '--strict', join(dir, 'w.yaml')], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('has 1 warning and --strict makes warnings fail; nothing was written');
    expect([...snapshotTree(dir).keys()]).toEqual(['w.yaml']);
  });
});
