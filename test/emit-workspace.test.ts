// The Terraform loop on disk: synth -> terraform init/apply -> edit the spec -> synth again. A
// simulated apply places what Terraform would (state beside the output, `.terraform/`, the lock
// file, the user's tfvars and plan files) and every later synth must keep it byte for byte,
// refuse to drop a stack Terraform has used, and say what to do, changing nothing, when the disk
// is not as it expects.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFolders, ROOT, runCli, snapshotTree } from './fixtures/hostile/harness';

const example = (name: string): string => readFileSync(join(ROOT, 'examples', name), 'utf8');

/** A fresh folder under this file's temporary root (made before, removed after the file's tests). */
const folder = caseFolders('workspace');

interface Result {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the built CLI in `cwd`, as a user would. */
async function cli(cwd: string, ...argv: string[]): Promise<Result> {
  const r = await runCli(argv, { cwd });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Writes a spec into `dir` and returns its path. */
function spec(dir: string, name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const TRAKCARE = example('trakcare.yaml');
const WITHOUT_DR = TRAKCARE.replace(/\ndr:\n(?: {2}.*\n)+/, '\n').replace(/\ndns:\n(?: {2}.*\n)+/, '\n').replace('  copyToDr: true\n', '').replace(/ {2}eu-central-1: .*\n/, '');

/** What `terraform init` and `apply` leave in a stack folder and beside the output. */
function simulateApply(dir: string, name: string, stacks: readonly string[]): void {
  for (const s of stacks) {
    const stackDir = join(dir, 'cdktf.out', 'stacks', s);
    mkdirSync(join(stackDir, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
    writeFileSync(join(stackDir, '.terraform', 'terraform.tfstate'), `{"version":3,"backend":{"type":"local","hash":${s.length}}}\n`);
    writeFileSync(join(stackDir, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', 'terraform-provider-aws'), `binary of ${s}\n`);
    writeFileSync(join(stackDir, '.terraform.lock.hcl'), `provider "registry.terraform.io/hashicorp/aws" {\n  version = "6.25.0"\n}\n`);
    writeFileSync(join(stackDir, 'terraform.tfvars'), `# ${s}\n`);
    writeFileSync(join(stackDir, 'release-42.tfplan'), Buffer.from([0x50, 0x4b, 3, 4, s.length]));
    const state = join(dir, 'terraform-state', name, `${s}.tfstate`);
    mkdirSync(dirname(state), { recursive: true });
    writeFileSync(state, JSON.stringify({ version: 4, serial: 7, lineage: `lineage-${s}`, resources: [{ mode: 'managed', type: 'aws_vpc', name: 'network_vpc' }] }));
    writeFileSync(`${state}.backup`, JSON.stringify({ version: 4, serial: 6, resources: [] }));
  }
}

/** Everything in `dir` except refarch's own files, which synth rewrites. */
function userFiles(dir: string): Map<string, string> {
  const refarch = /^cdktf\.out\/(manifest\.json|README\.md|deploy\.sh|stacks\/[a-z]+\/cdk\.tf\.json)$/;
  return new Map([...snapshotTree(dir)].filter(([path]) => !refarch.test(path.split('\\').join('/')) && !path.endsWith('.yaml')));
}

describe('state lives outside the output, and re-synth keeps every file Terraform and the user put there', () => {
  it('re-synth of the same spec and of a grown spec keeps state, .terraform/, lock files, tfvars and plan files byte-identical', async () => {
    const dir = folder();
    const file = spec(dir, 'trakcare.yaml', TRAKCARE);
    expect((await cli(dir, 'synth', file)).code).toBe(0);
    simulateApply(dir, 'trakcare-prod', ['dr', 'primary', 'link', 'dns']);
    writeFileSync(join(dir, 'cdktf.out', 'NOTES.md'), 'our change ticket\n');
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'cdktf.out', 'stacks', 'primary', 'shared.auto.tfvars'));
    const before = userFiles(dir);
    expect([...before.keys()]).toEqual(
      expect.arrayContaining([join('terraform-state', 'trakcare-prod', 'primary.tfstate'), join('cdktf.out', 'stacks', 'dr', '.terraform.lock.hcl'), join('cdktf.out', 'stacks', 'primary', 'shared.auto.tfvars')]),
    );

    const same = await cli(dir, 'synth', file);
    expect(same.code, same.err).toBe(0);
    expect(userFiles(dir)).toEqual(before);

    const grown = spec(dir, 'grown.yaml', TRAKCARE.replace('  count: 3\n', '  count: 4\n'));
    const again = await cli(dir, 'synth', grown);
    expect(again.code, again.err).toBe(0);
    expect(userFiles(dir)).toEqual(before);
    expect(readFileSync(join(dir, 'cdktf.out', 'stacks', 'primary', 'cdk.tf.json'), 'utf8')).toContain('servers_web_4');
    // No temporary siblings left, nothing new beside the output.
    expect(readdirNames(dir)).toEqual(['cdktf.out', 'grown.yaml', 'terraform-state', 'trakcare.yaml']);
  });

  it('two deployments synthesized side by side keep their state apart', async () => {
    const dir = folder();
    spec(dir, 'a.yaml', TRAKCARE);
    spec(dir, 'b.yaml', TRAKCARE.replace('name: trakcare-prod', 'name: trakcare-test'));
    expect((await cli(dir, 'synth', join(dir, 'a.yaml'), '-o', 'out-a')).code).toBe(0);
    expect((await cli(dir, 'synth', join(dir, 'b.yaml'), '-o', 'out-b')).code).toBe(0);
    const backend = (out: string): string => (JSON.parse(readFileSync(join(dir, out, 'stacks', 'primary', 'cdk.tf.json'), 'utf8')) as { terraform: { backend: { local: { path: string } } } }).terraform.backend.local.path;
    expect(backend('out-a')).toBe('../../../terraform-state/trakcare-prod/primary.tfstate');
    expect(backend('out-b')).toBe('../../../terraform-state/trakcare-test/primary.tfstate');
    mkdirSync(join(dir, 'terraform-state', 'trakcare-prod'), { recursive: true });
    writeFileSync(join(dir, 'terraform-state', 'trakcare-prod', 'primary.tfstate'), '{"resources":[{}]}');
    const before = snapshotTree(join(dir, 'terraform-state'));
    expect((await cli(dir, 'synth', join(dir, 'b.yaml'), '-o', 'out-b')).code).toBe(0);
    expect(snapshotTree(join(dir, 'terraform-state'))).toEqual(before);
  });
});

function readdirNames(dir: string): string[] {
  return [...snapshotTree(dir).keys()].filter((p) => !p.includes('/') && !p.includes('\\')).sort();
}

describe('removing a stack is a decision, not a side effect', () => {
  it('a spec without dr: exit 2, names dr, link and dns with the destroy commands, and changes nothing', async () => {
    const dir = folder();
    spec(dir, 'trakcare.yaml', TRAKCARE);
    spec(dir, 'no-dr.yaml', WITHOUT_DR);
    expect((await cli(dir, 'synth', join(dir, 'trakcare.yaml'))).code).toBe(0);
    simulateApply(dir, 'trakcare-prod', ['dr', 'primary', 'link', 'dns']);
    const before = snapshotTree(dir);
    const r = await cli(dir, 'synth', join(dir, 'no-dr.yaml'));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    for (const id of ['dr', 'link', 'dns']) expect(r.err).toContain(`the new spec has no ${id} stack`);
    // Guards off first (a decommission output, applied), then destroy, each in reverse apply order.
    expect(r.err).toContain('refarch synth <the spec that wrote cdktf.out> -o cdktf.out --allow-data-loss');
    expect(r.err).toMatch(/cdktf\.out --allow-data-loss[^\n]*\n {2}terraform -chdir=cdktf\.out\/stacks\/dns apply[^\n]*\n {2}terraform -chdir=cdktf\.out\/stacks\/link apply[^\n]*\n {2}terraform -chdir=cdktf\.out\/stacks\/dr apply[^\n]*\n/);
    expect(r.err).toContain('terraform -chdir=cdktf.out/stacks/dns destroy\n  terraform -chdir=cdktf.out/stacks/link destroy\n  terraform -chdir=cdktf.out/stacks/dr destroy');
    expect(r.err).toContain('--remove-stack dns --remove-stack link --remove-stack dr');
    expect(r.err).toMatch(/nothing was written\n$/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('state with resources beside the output is enough to refuse, even with a clean stack folder', async () => {
    const dir = folder();
    spec(dir, 'trakcare.yaml', TRAKCARE);
    spec(dir, 'no-dr.yaml', WITHOUT_DR);
    expect((await cli(dir, 'synth', join(dir, 'trakcare.yaml'))).code).toBe(0);
    mkdirSync(join(dir, 'terraform-state', 'trakcare-prod'), { recursive: true });
    writeFileSync(join(dir, 'terraform-state', 'trakcare-prod', 'dr.tfstate'), '{"version":4,"resources":[{"type":"aws_vpc"}]}');
    const r = await cli(dir, 'synth', join(dir, 'no-dr.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('the new spec has no dr stack, but the previous output\'s dr holds state terraform-state/trakcare-prod/dr.tfstate with resources');
    expect(r.err).not.toContain('no link stack');
  });

  it('--remove-stack removes the named stacks anyway and keeps their state files', async () => {
    const dir = folder();
    spec(dir, 'trakcare.yaml', TRAKCARE);
    spec(dir, 'no-dr.yaml', WITHOUT_DR);
    expect((await cli(dir, 'synth', join(dir, 'trakcare.yaml'))).code).toBe(0);
    simulateApply(dir, 'trakcare-prod', ['dr', 'primary', 'link', 'dns']);
    const partial = await cli(dir, 'synth', join(dir, 'no-dr.yaml'), '--remove-stack', 'dr');
    expect(partial.code).toBe(2);
    expect(partial.err).toContain('--remove-stack dns --remove-stack link');
    const r = await cli(dir, 'synth', join(dir, 'no-dr.yaml'), '--remove-stack', 'dr', '--remove-stack', 'link', '--remove-stack', 'dns');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Note: removed stack dr as asked (--remove-stack)');
    expect(readdirNames(join(dir, 'cdktf.out', 'stacks'))).toEqual(['primary']);
    for (const id of ['dr', 'link', 'dns', 'primary']) expect(existsSync(join(dir, 'terraform-state', 'trakcare-prod', `${id}.tfstate`))).toBe(true);
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'primary', '.terraform.lock.hcl'))).toBe(true);
  });

  it('a stack Terraform never touched goes quietly; --remove-stack of a stack the spec still has is refused', async () => {
    const dir = folder();
    spec(dir, 'trakcare.yaml', TRAKCARE);
    spec(dir, 'no-dr.yaml', WITHOUT_DR);
    expect((await cli(dir, 'synth', join(dir, 'trakcare.yaml'))).code).toBe(0);
    const refused = await cli(dir, 'synth', join(dir, 'no-dr.yaml'), '--remove-stack', 'primary');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--remove-stack primary: the spec still has the primary stack');
    const r = await cli(dir, 'synth', join(dir, 'no-dr.yaml'));
    expect(r.code, r.err).toBe(0);
    expect(readdirNames(join(dir, 'cdktf.out', 'stacks'))).toEqual(['primary']);
  });

  it('a removed stack folder holding only the user\'s tfvars is not deleted silently either', async () => {
    const dir = folder();
    spec(dir, 'trakcare.yaml', TRAKCARE);
    spec(dir, 'no-dr.yaml', WITHOUT_DR);
    expect((await cli(dir, 'synth', join(dir, 'trakcare.yaml'))).code).toBe(0);
    writeFileSync(join(dir, 'cdktf.out', 'stacks', 'dr', 'terraform.tfvars'), 'dr_web_certificate_arn = "arn:aws:acm:eu-central-1:123456789012:certificate/x"\n');
    const r = await cli(dir, 'synth', join(dir, 'no-dr.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('previous output\'s dr holds stacks/dr/terraform.tfvars');
  });
});

describe('what synth refuses, in one line, changing nothing', () => {
  async function refuses(dir: string, expected: string, ...argv: string[]): Promise<void> {
    argv = argv.map((a) => (a.endsWith('.yaml') ? join(dir, a) : a));
    const before = snapshotTree(dir);
    const r = await cli(dir, 'synth', ...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(expected);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(snapshotTree(dir)).toEqual(before);
  }

  it('state in the old place (inside the output): says the mv command; after the move, synth carries on', async () => {
    const dir = folder();
    spec(dir, 'trakcare.yaml', TRAKCARE);
    expect((await cli(dir, 'synth', join(dir, 'trakcare.yaml'))).code).toBe(0);
    // An output of refarch before the state moved: cdktf's manifest, state next to each stack.
    const manifest = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'manifest.json'), 'utf8')) as { refarch?: unknown };
    delete manifest.refarch;
    writeFileSync(join(dir, 'cdktf.out', 'manifest.json'), JSON.stringify(manifest));
    rmSync(join(dir, 'cdktf.out', 'README.md'));
    rmSync(join(dir, 'cdktf.out', 'deploy.sh'));
    rmSync(join(dir, 'cdktf.out', 'volumes'), { recursive: true });
    writeFileSync(join(dir, 'cdktf.out', 'stacks', 'primary', 'terraform.primary.tfstate'), '{"resources":[{}]}');
    writeFileSync(join(dir, 'cdktf.out', 'stacks', 'primary', 'terraform.primary.tfstate.backup'), '{"resources":[]}');
    await refuses(
      dir,
      'cdktf.out/stacks/primary/terraform.primary.tfstate is state in the old place (inside the output); state now lives outside it. Move it first: mkdir -p terraform-state/trakcare-prod && mv cdktf.out/stacks/primary/terraform.primary.tfstate terraform-state/trakcare-prod/primary.tfstate && mv cdktf.out/stacks/primary/terraform.primary.tfstate.backup terraform-state/trakcare-prod/primary.tfstate.backup',
      'trakcare.yaml',
    );
    mkdirSync(join(dir, 'terraform-state', 'trakcare-prod'), { recursive: true });
    renameSync(join(dir, 'cdktf.out', 'stacks', 'primary', 'terraform.primary.tfstate'), join(dir, 'terraform-state', 'trakcare-prod', 'primary.tfstate'));
    renameSync(join(dir, 'cdktf.out', 'stacks', 'primary', 'terraform.primary.tfstate.backup'), join(dir, 'terraform-state', 'trakcare-prod', 'primary.tfstate.backup'));
    expect((await cli(dir, 'synth', join(dir, 'trakcare.yaml'))).code).toBe(0);
  });

  it('a file of the user\'s where refarch now writes one (README.md in an old output)', async () => {
    const dir = folder();
    spec(dir, 'minimal.yaml', example('minimal.yaml'));
    expect((await cli(dir, 'synth', join(dir, 'minimal.yaml'))).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'manifest.json'), 'utf8')) as { refarch?: unknown };
    delete manifest.refarch;
    writeFileSync(join(dir, 'cdktf.out', 'manifest.json'), JSON.stringify(manifest));
    rmSync(join(dir, 'cdktf.out', 'deploy.sh'));
    writeFileSync(join(dir, 'cdktf.out', 'README.md'), 'our own notes\n');
    await refuses(dir, 'cdktf.out/README.md is not a file refarch wrote, but refarch now writes one at that path', 'minimal.yaml');
  });

  it('a state folder that is a file, or a dangling link', async () => {
    const dir = folder();
    spec(dir, 'minimal.yaml', example('minimal.yaml'));
    writeFileSync(join(dir, 'terraform-state'), 'not a folder');
    await refuses(dir, 'terraform-state exists and is not a folder; Terraform keeps this deployment\'s state there', 'minimal.yaml');
    rmSync(join(dir, 'terraform-state'));
    symlinkSync(join(dir, 'gone'), join(dir, 'terraform-state'));
    await refuses(dir, 'terraform-state is a symbolic link to', 'minimal.yaml');
  });

  it('a state folder behind a link to a real folder is fine', async () => {
    const dir = folder();
    spec(dir, 'minimal.yaml', example('minimal.yaml'));
    mkdirSync(join(dir, 'encrypted-volume'));
    symlinkSync(join(dir, 'encrypted-volume'), join(dir, 'terraform-state'));
    const r = await cli(dir, 'synth', join(dir, 'minimal.yaml'));
    expect(r.code, r.err).toBe(0);
  });

  it('a read-only state folder', async () => {
    const dir = folder();
    spec(dir, 'minimal.yaml', example('minimal.yaml'));
    // As root every folder is writable, so the folder is on a read-only file system instead
    // where the test can mount one, else made read-only by mode.
    mkdirSync(join(dir, 'terraform-state', 'iris-min'), { recursive: true });
    chmodSync(join(dir, 'terraform-state', 'iris-min'), 0o555);
    const readOnly = process.getuid?.() !== 0 || remountReadOnly(join(dir, 'terraform-state'));
    try {
      if (readOnly) await refuses(dir, 'terraform-state is not writable; Terraform could not save state there after an apply', 'minimal.yaml');
      else throw new Error('cannot make a folder read-only for root here (no mount)');
    } finally {
      unmount(join(dir, 'terraform-state'));
    }
  });
});

/** Bind-mounts `dir` read-only onto itself (root only). */
function remountReadOnly(dir: string): boolean {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  return spawnSync('mount', ['--bind', dir, dir]).status === 0 && spawnSync('mount', ['-o', 'remount,bind,ro', dir]).status === 0;
}

function unmount(dir: string): void {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  spawnSync('umount', [dir]);
}

describe('an interrupted carry-over is finished by the next run', () => {
  it('the user\'s files left in a dead run\'s .old- folder move into the output before it is swept', async () => {
    const dir = folder();
    spec(dir, 'minimal.yaml', example('minimal.yaml'));
    expect((await cli(dir, 'synth', join(dir, 'minimal.yaml'))).code).toBe(0);
    simulateApply(dir, 'iris-min', ['primary']);
    // A run killed after its swap, before it moved the user's files: they wait in .old-.
    const old = join(dir, '.cdktf.out.old-999999-abc');
    expect((await cli(dir, 'synth', join(dir, 'minimal.yaml'), '-o', '.scratch')).code).toBe(0);
    renameSync(join(dir, 'cdktf.out'), old);
    renameSync(join(dir, '.scratch'), join(dir, 'cdktf.out'));
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'primary', '.terraform'))).toBe(false);
    const r = await cli(dir, 'synth', join(dir, 'minimal.yaml'));
    expect(r.code, r.err).toBe(0);
    expect(existsSync(old)).toBe(false);
    expect(readFileSync(join(dir, 'cdktf.out', 'stacks', 'primary', '.terraform.lock.hcl'), 'utf8')).toContain('6.25.0');
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'primary', '.terraform', 'terraform.tfstate'))).toBe(true);
  });
});
