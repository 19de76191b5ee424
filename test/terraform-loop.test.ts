// Terraform in the loop: the real Terraform CLI over every shipped example, offline, against the
// stand-in hashicorp/aws (test/terraform/provider). One stand-in process serves the whole file.
// Terraform missing = these tests FAIL (they never skip): CI must have it (see .ci/run).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeTo } from '../src/synth/index';
import { checkText } from '../src/validate/validate';
import { runCli, snapshotTree } from './fixtures/hostile/harness';
import { checkOutput, checkStack, offlineVariables, TERRAFORM, planActions, stacksInOrder, startProvider, terraformVersion, type StackResult } from './terraform/tf-check';

const root = join(__dirname, '..');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
const scratch = mkdtempSync(join(tmpdir(), 'refarch-tf-loop-'));
const LONG = 300_000;

let provider: { reattach: string; stop(): void } | undefined;
let version = '';

beforeAll(async () => {
  version = terraformVersion(); // throws "Terraform CLI not found ..." -> every test fails
  provider = await startProvider();
}, 60_000);
afterAll(() => {
  provider?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const reattach = (): string => {
  if (!provider) throw new Error('stand-in provider not running (is Terraform installed? see beforeAll)');
  return provider.reattach;
};

function synth(text: string, dir: string): string {
  const result = checkText(text);
  if (!result.model) throw new Error(JSON.stringify(result.diagnostics));
  mkdirSync(dir, { recursive: true });
  synthesizeTo(result.model, dir);
  return dir;
}

/**
 * The user's loop: `refarch synth <spec> -o <folder>` with the built CLI, again and again into the
 * same folder. State lives beside the folder (terraform-state/<deployment>/), so a re-synth must
 * leave it, and everything Terraform put in the folder, as it was.
 */
async function cliSynth(text: string, specFile: string, outDir: string): Promise<string> {
  mkdirSync(dirname(specFile), { recursive: true });
  writeFileSync(specFile, text);
  const run = await runCli(['synth', specFile, '-o', outDir], { cwd: dirname(outDir) });
  if (run.status !== 0) throw new Error(`refarch synth exited ${run.status}: ${run.stderr}`);
  return outDir;
}

/** Where the terraform binary the tests use lives (the deploy script finds it on PATH). */
function terraformPath(): string {
  const found = spawnSync('sh', ['-c', `command -v ${TERRAFORM}`], { encoding: 'utf8' }).stdout.trim();
  if (found === '') throw new Error('terraform not found on PATH');
  return found;
}

/** The deployment name of a spec (its state folder). */
const deploymentName = (text: string): string => /^name: (\S+)$/m.exec(text)![1]!;

const failure = (results: StackResult[]): string => results.filter((r) => !r.ok).map((r) => `${r.stack}: ${r.summary}\n${r.steps[r.steps.length - 1]!.output}`).join('\n');

describe('Terraform in the loop (offline stand-in provider)', () => {
  it('uses Terraform >= 1.10', () => {
    expect(version).toMatch(/^1\.(1\d|[2-9]\d)\./);
  });

  const applied = new Map<string, { dir: string; results: StackResult[] }>();

  describe.each(examples)('examples/%s', (file) => {
    const name = file.replace(/\.yaml$/, '');
    const text = readFileSync(join(root, 'examples', file), 'utf8');

    it('validates, plans and applies every stack in apply order', async () => {
      const dir = await cliSynth(text, join(scratch, name, 'spec.yaml'), join(scratch, name, 'cdktf.out'));
      // tf:check never writes a real state; this test keeps the applied state where synth says it lives.
      const results = await checkOutput(dir, { reattach: reattach(), apply: true, stateDir: join(scratch, name, 'terraform-state', deploymentName(text)) });
      expect(failure(results)).toBe('');
      expect(results.map((r) => r.stack)).toEqual(stacksInOrder(dir));
      for (const r of results) expect(r.summary).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\. Applied: Apply complete!/);
      // Terraform wrote the state beside the output folder, one file per stack.
      for (const stack of stacksInOrder(dir)) expect(existsSync(join(scratch, name, 'terraform-state', deploymentName(text), `${stack}.tfstate`)), stack).toBe(true);
      applied.set(name, { dir, results });
    }, LONG);

    it('re-synthesized from the same spec into the same folder: state untouched, and "No changes" for every stack', async () => {
      const prior = applied.get(name);
      expect(prior, 'the apply test above must pass first').toBeDefined();
      const state = join(scratch, name, 'terraform-state');
      const before = snapshotTree(state);
      const dir = await cliSynth(text, join(scratch, name, 'spec.yaml'), prior!.dir);
      expect(snapshotTree(state)).toEqual(before);
      const results = await checkOutput(dir, { reattach: reattach(), refresh: false, stateDir: join(scratch, name, 'terraform-state', deploymentName(text)) });
      expect(failure(results)).toBe('');
      for (const r of results) expect(`${r.stack}: ${r.summary}`).toBe(`${r.stack}: No changes.`);
    }, LONG);
  });

  it('trakcare: the generated deploy.sh runs the real Terraform over every stack in order, and plans "No changes"', async () => {
    const prior = applied.get('trakcare');
    expect(prior).toBeDefined();
    // The variables as tf:check set them at apply, now the way a user would: TF_VAR_ in the environment.
    const vars: Record<string, string> = {};
    for (const stack of stacksInOrder(prior!.dir)) {
      const json = JSON.parse(readFileSync(join(prior!.dir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Parameters<typeof offlineVariables>[0];
      for (const [name, value] of Object.entries(offlineVariables(json))) vars[`TF_VAR_${name}`] = String(value);
    }
    const env = { PATH: `${dirname(terraformPath())}:/usr/bin:/bin`, // no AWS CLI: the script then says it could not check credentials
      HOME: scratch, TF_REATTACH_PROVIDERS: reattach(), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...vars };
    const run = spawnSync('bash', [join(prior!.dir, 'deploy.sh'), 'plan', '--', '-input=false', '-no-color', '-lock=false'], { env, encoding: 'utf8', timeout: LONG });
    expect(run.status, `${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(0);
    expect(run.stderr.match(/^== plan \w+$/gm)).toEqual(['== plan dr', '== plan primary', '== plan link', '== plan dns']);
    expect(run.stdout.match(/No changes\. Your infrastructure matches the configuration\./g)).toHaveLength(4);
    // Terraform's working data is where Terraform puts it, in the stack folders; the next synth keeps it.
    expect(existsSync(join(prior!.dir, 'stacks', 'primary', '.terraform'))).toBe(true);
  }, LONG);

  it('trakcare: the dr stack planned and applied first, with no primary state at all', () => {
    const prior = applied.get('trakcare');
    expect(prior).toBeDefined();
    expect(prior!.results[0]!.stack).toBe('dr');
    expect(prior!.results[0]!.ok).toBe(true);
    expect(prior!.results[0]!.summary).toMatch(/Apply complete!/);
  });

  it('trakcare: the dr stack alone, in a folder with no primary stack, plans and applies', async () => {
    const dir = synth(readFileSync(join(root, 'examples', 'trakcare.yaml'), 'utf8'), join(scratch, 'dr-alone'));
    for (const s of readdirSync(join(dir, 'stacks'))) if (s !== 'dr') rmSync(join(dir, 'stacks', s), { recursive: true });
    const r = await checkStack(dir, 'dr', { reattach: reattach(), apply: true });
    expect(failure([r])).toBe('');
  }, LONG);

  it('trakcare: web.count + 1 plans only creations and in-place updates (no destroy, no replace)', async () => {
    const prior = applied.get('trakcare');
    expect(prior).toBeDefined();
    const text = readFileSync(join(root, 'examples', 'trakcare.yaml'), 'utf8');
    const grown = text.replace(/^web:\n {2}count: (\d+)$/m, (_m, n: string) => `web:\n  count: ${Number(n) + 1}`);
    expect(grown).not.toBe(text);
    const dir = await cliSynth(grown, join(scratch, 'trakcare', 'grown.yaml'), prior!.dir);
    const all: Array<{ address: string; actions: string[] }> = [];
    for (const stack of stacksInOrder(dir)) {
      const r = await checkStack(dir, stack, { reattach: reattach(), keep: true, refresh: false, stateDir: join(scratch, 'trakcare', 'terraform-state', deploymentName(text)) });
      try {
        expect(failure([r])).toBe('');
        all.push(...(await planActions(r, reattach())).map((c) => ({ ...c, address: `${stack}:${c.address}` })));
      } finally {
        rmSync(r.workDir, { recursive: true, force: true });
      }
    }
    const changed = all.filter((c) => !(c.actions.length === 1 && (c.actions[0] === 'no-op' || c.actions[0] === 'read')));
    const bad = changed.filter((c) => !(c.actions.length === 1 && (c.actions[0] === 'create' || c.actions[0] === 'update')));
    expect(bad).toEqual([]);
    // Exactly the new server's own resources, and the one aggregate view that lists every server.
    const created = changed.filter((c) => c.actions[0] === 'create').map((c) => c.address);
    expect(created.sort()).toEqual([
      // The CloudWatch agent (monitoring.agent): its files, its setup association and its alarms.
      'primary:aws_cloudwatch_metric_alarm.ops_mon_agent_web_4_memory',
      'primary:aws_cloudwatch_metric_alarm.ops_mon_agent_web_4_root_disk',
      'primary:aws_cloudwatch_metric_alarm.ops_mon_web_4_cpu',
      'primary:aws_cloudwatch_metric_alarm.ops_mon_web_4_instance',
      'primary:aws_cloudwatch_metric_alarm.ops_mon_web_4_system',
      'primary:aws_instance.servers_web_4',
      'primary:aws_lb_target_group_attachment.web_attach_web_4',
      // Day one: its name in the site's private zone and its Web Gateway definitions.
      'primary:aws_route53_record.dns_web_4_a',
      'primary:aws_ssm_association.agent_web_4_setup',
      'primary:aws_ssm_parameter.agent_web_4_cloudwatch_agent_json',
      'primary:aws_ssm_parameter.day_one_web_4_file',
    ]);
    const updated = changed.filter((c) => c.actions[0] === 'update').map((c) => c.address);
    expect(updated).toEqual(['primary:aws_cloudwatch_dashboard.ops_mon_dashboard']);
  }, LONG);

  it('trakcare with an S3 backend: every stack validates (init -backend=false)', async () => {
    const text = readFileSync(join(root, 'examples', 'trakcare.yaml'), 'utf8').replace(/^state:\n {2}backend: local$/m, 'state: { backend: s3, bucket: my-state-bucket }');
    expect(text).toContain('backend: s3');
    const dir = synth(text, join(scratch, 'trakcare-s3'));
    const json = JSON.parse(readFileSync(join(dir, 'stacks', 'primary', 'cdk.tf.json'), 'utf8')) as { terraform: { backend: Record<string, unknown> } };
    expect(Object.keys(json.terraform.backend)).toEqual(['s3']);
    const results = await checkOutput(dir, { reattach: reattach(), plan: false });
    expect(failure(results)).toBe('');
    expect(results.length).toBe(4);
    // Nothing but what Terraform writes itself lands in the output folder (here: nothing).
    expect(readdirSync(join(dir, 'stacks', 'primary'))).toEqual(['cdk.tf.json']);
  }, LONG);

  describe('planted defects fail with Terraform\'s own message', () => {
    let base = '';
    beforeAll(() => { base = synth(readFileSync(join(root, 'examples', 'minimal.yaml'), 'utf8'), join(scratch, 'defects-base')); });

    type Json = Record<string, any>;
    const cases: Array<[string, (j: Json) => void, RegExp]> = [
      ['an unknown argument on a resource', (j) => { j.resource.aws_vpc.network_vpc.no_such_argument = 'x'; }, /Extraneous JSON object property[\s\S]*No argument or block type is named "no_such_argument"/],
      ['a reference to a resource that does not exist', (j) => { j.resource.aws_vpc.network_vpc.tags = { Name: '${aws_vpc.not_declared.id}' }; }, /Reference to undeclared resource[\s\S]*aws_vpc.not_declared/],
      ['a misspelt lifecycle.ignore_changes attribute', (j) => { j.resource.aws_instance.servers_app_1.lifecycle = { ignore_changes: ['amii'] }; }, /Unsupported attribute[\s\S]*amii/],
      ['a block where an attribute belongs', (j) => { j.resource.aws_vpc.network_vpc.tags = [{ key: 'Name', value: 'x' }]; }, /Incorrect attribute value type[\s\S]*tags/],
      ['a wrong type', (j) => { j.resource.aws_vpc.network_vpc.enable_dns_hostnames = { yes: true }; }, /Incorrect attribute value type[\s\S]*enable_dns_hostnames[\s\S]*bool required/],
      ['a missing required argument', (j) => { delete j.resource.aws_instance.servers_app_1.instance_type; j.resource.aws_lb_target_group ??= {}; j.resource.aws_route53_record = { r: { name: 'x', type: 'A' } }; }, /Missing required argument[\s\S]*zone_id/],
      ['a value the provider rejects at plan time (load balancer name over 32 characters)', (j) => { const lb = Object.values(j.resource.aws_lb as Json)[0] as Json; lb.name = 'a-load-balancer-name-that-is-far-too-long'; }, /expected length of[\s\S]*\(1 - 32\)/],
    ];
    it.each(cases)('%s', async (_label, plant, message) => {
      const dir = join(scratch, `defect-${cases.findIndex((c) => c[0] === _label)}`);
      cpSync(base, dir, { recursive: true });
      const file = join(dir, 'stacks', 'primary', 'cdk.tf.json');
      const json = JSON.parse(readFileSync(file, 'utf8')) as Json;
      plant(json);
      writeFileSync(file, JSON.stringify(json, null, 2));
      const r = await checkStack(dir, 'primary', { reattach: reattach(), plan: false });
      expect(r.ok).toBe(false);
      expect(r.steps[r.steps.length - 1]!.output).toMatch(/Error: /);
      expect(r.steps[r.steps.length - 1]!.output).toMatch(message);
    }, LONG);

    it('the unplanted copy passes (so the failures above are the defects)', async () => {
      const r = await checkStack(base, 'primary', { reattach: reattach(), plan: false });
      expect(failure([r])).toBe('');
    }, LONG);
  });

  describe('landing zones: the existing network is checked at terraform plan (stand-in fixture by id)', () => {
    let planted: { reattach: string; stop(): void } | undefined;
    const fixture = join(scratch, 'planted-network.json');
    beforeAll(async () => {
      // The same fixture with one subnet moved to another zone than its position says.
      const network = JSON.parse(readFileSync(join(root, 'test', 'terraform', 'fixtures', 'existing-network.json'), 'utf8')) as Record<string, Record<string, unknown>>;
      network['subnet-0a1b2c3d4e5f60032']!['availability_zone'] = 'eu-west-2c';
      writeFileSync(fixture, JSON.stringify(network));
      process.env['REFARCH_STANDIN_NETWORK'] = fixture;
      try {
        planted = await startProvider();
      } finally {
        delete process.env['REFARCH_STANDIN_NETWORK'];
      }
    }, 60_000);
    afterAll(() => planted?.stop());

    it('a subnet in the wrong availability zone fails terraform plan with the postcondition naming the spec path', async () => {
      const dir = synth(readFileSync(join(root, 'examples', 'landing-zone.yaml'), 'utf8'), join(scratch, 'lz-planted'));
      const r = await checkStack(dir, 'primary', { reattach: planted!.reattach, plan: true });
      expect(r.ok).toBe(false);
      // Terraform wraps the message at 78 columns: compare with the line breaks as spaces.
      const output = r.steps[r.steps.length - 1]!.output.replace(/\s*│\s*/g, ' ').replace(/\n/g, ' ');
      expect(output).toMatch(/Resource postcondition failed/);
      expect(output).toMatch(/network\.subnetIds\.data\[1\]: subnet subnet-0a1b2c3d4e5f60032 is in eu-west-2c, but position 2 of the list is zone eu-west-2b/);
    }, LONG);

    it('with the true fixture the same output plans', async () => {
      const dir = synth(readFileSync(join(root, 'examples', 'landing-zone.yaml'), 'utf8'), join(scratch, 'lz-true'));
      const r = await checkStack(dir, 'primary', { reattach: reattach(), plan: true });
      expect(failure([r])).toBe('');
    }, LONG);
  });

  // Upgrade (issue #24): a deployment applied with refarch 0.1.0 (its frozen output, test/fixtures/
  // upgrade) re-synthesized with the current code into the same folder must plan no destroy and no
  // replacement. No address of 0.1.0's output changed (zone order decides none), so no `moved`
  // block is needed; what an upgrade creates is only resources 0.1.0 did not have (features added
  // since, e.g. the monitoring agent), and what it updates in place is printed.
  describe('upgrade from refarch 0.1.0 (test/fixtures/upgrade)', () => {
    const frozen = join(root, 'test', 'fixtures', 'upgrade', 'refarch-0.1.0', 'trakcare');
    const specText = readFileSync(join(frozen, 'spec.yaml'), 'utf8');
    const base = join(scratch, 'upgrade-trakcare');
    const out = join(base, 'cdktf.out');
    // The applied state lives here between the tests (tf:check otherwise plans and applies in a
    // throw-away copy and never writes the deployment's real state).
    const state = join(base, 'applied-state');
    /** `stack:type.name` of every resource of a stack file. */
    const addressesOf = (file: string, stack: string): string[] =>
      Object.entries((JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, unknown>> }).resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${stack}:${type}.${name}`));

    /** Plan every stack of `dir` (kept plan files) and return every change that is not a no-op or read. */
    async function planAll(dir: string): Promise<Array<{ address: string; actions: string[] }>> {
      const all: Array<{ address: string; actions: string[] }> = [];
      for (const stack of stacksInOrder(dir)) {
        const r = await checkStack(dir, stack, { reattach: reattach(), stateDir: state, keep: true, refresh: false });
        try {
          expect(failure([r])).toBe('');
          all.push(...(await planActions(r, reattach())).map((c) => ({ ...c, address: `${stack}:${c.address}` })));
        } finally {
          rmSync(r.workDir, { recursive: true, force: true });
        }
      }
      return all.filter((c) => !(c.actions.length === 1 && (c.actions[0] === 'no-op' || c.actions[0] === 'read')));
    }

    it('applies the 0.1.0 stacks, re-synthesizes with the current code: every 0.1.0 address kept, 0 to destroy, no replacement; creations are only resources 0.1.0 did not have', async () => {
      // The folder as 0.1.0 left it: today's synth for the manifest, guide and scripts, the
      // stacks exactly as 0.1.0 wrote them.
      await cliSynth(specText, join(base, 'spec.yaml'), out);
      for (const stack of stacksInOrder(out)) cpSync(join(frozen, `${stack}.cdk.tf.json`), join(out, 'stacks', stack, 'cdk.tf.json'));
      const applied = await checkOutput(out, { reattach: reattach(), stateDir: state, apply: true });
      expect(failure(applied)).toBe('');
      expect(applied.map((r) => r.stack)).toEqual(['dr', 'primary', 'link', 'dns']);
      const before = stacksInOrder(out).flatMap((stack) => addressesOf(join(frozen, `${stack}.cdk.tf.json`), stack));

      await cliSynth(specText, join(base, 'spec.yaml'), out);
      // The new output differs from 0.1.0's (the guards at least), so the plan is a real comparison.
      expect(readFileSync(join(out, 'stacks', 'primary', 'cdk.tf.json'), 'utf8')).not.toBe(readFileSync(join(frozen, 'primary.cdk.tf.json'), 'utf8'));
      // Every 0.1.0 address is still there: nothing to move.
      const after = new Set(stacksInOrder(out).flatMap((stack) => addressesOf(join(out, 'stacks', stack, 'cdk.tf.json'), stack)));
      expect(before.filter((a) => !after.has(a)), '0.1.0 addresses gone or renamed').toEqual([]);
      const changes = await planAll(out);
      expect(changes.filter((c) => c.actions.includes('delete')), 'an upgrade destroyed or replaced').toEqual([]);
      const known = new Set(before);
      expect(changes.filter((c) => c.actions[0] === 'create' && known.has(c.address)), 'created at an address 0.1.0 had').toEqual([]);
      const count = (action: string) => changes.filter((c) => c.actions[0] === action).length;
      console.info(`upgrade 0.1.0 -> current: ${count('create')} to add (new resources), ${count('update')} to change in place (${changes.filter((c) => c.actions[0] === 'update').map((c) => c.address).join(', ') || 'none'}), 0 to destroy`);
      // Applied, so that the tests below start from the current output's state.
      const upgraded = await checkOutput(out, { reattach: reattach(), stateDir: state, apply: true, refresh: false });
      expect(failure(upgraded)).toBe('');
    }, LONG * 2);

    it("swapping the first two zones (acceptance of #24): every stack plans no destroy and no add; only tags, day-one parameters and the pair's monitoring order update in place", async () => {
      expect(existsSync(join(out, 'manifest.json')), 'the upgrade test above must run first').toBe(true);
      const swapped = specText.replace(/^availabilityZones: \[([^,\]]+), ([^,\]]+),/m, 'availabilityZones: [$2, $1,');
      expect(swapped).not.toBe(specText);
      await cliSynth(swapped, join(base, 'spec.yaml'), out);
      const changes = await planAll(out);
      expect(changes.filter((c) => !(c.actions.length === 1 && c.actions[0] === 'update')), 'not an in-place update').toEqual([]);
      const updated = changes.map((c) => c.address).sort();
      // The members' refarch:mirror-role tags, and the day-one files that name the designated primary.
      // The monitoring agent's failover-ready alarm and dashboard list the pair designated primary first.
      expect(updated.filter((a) => !/^(primary|dr):aws_(instance\.servers_db_trakcare_(primary|backup|async_1)|ssm_parameter\.day_one_\w+_file|cloudwatch_dashboard\.ops_mon_dashboard|cloudwatch_metric_alarm\.ops_mon_agent_mirror_trakcare_failover_ready)$/.test(a))).toEqual([]);
      expect(updated).toEqual(expect.arrayContaining(['primary:aws_instance.servers_db_trakcare_primary', 'primary:aws_instance.servers_db_trakcare_backup', 'primary:aws_ssm_parameter.day_one_db_trakcare_primary_file']));
      // Back to the deployed spec for the tests below.
      await cliSynth(specText, join(base, 'spec.yaml'), out);
    }, LONG);

    it('a change that replaces a database volume fails on prevent_destroy in Terraform itself; --allow-data-loss lets the same plan through', async () => {
      expect(existsSync(join(out, 'manifest.json')), 'the upgrade test above must run first').toBe(true);
      // [c, b, a]: the failover pair is now {b, c}, so the members (and their volumes) change zone.
      const moved = specText.replace(/^availabilityZones: \[([^\]]+)\]$/m, (_m, list: string) => `availabilityZones: [${list.split(',').map((z) => z.trim()).reverse().join(', ')}]`);
      expect(moved).not.toBe(specText);
      await cliSynth(moved, join(base, 'spec.yaml'), out);
      const guarded = await checkStack(out, 'primary', { reattach: reattach(), stateDir: state, refresh: false });
      expect(guarded.ok).toBe(false);
      const message = guarded.steps[guarded.steps.length - 1]!.output;
      expect(message).toMatch(/Instance cannot be destroyed/);
      expect(message).toMatch(/aws_ebs_volume\.servers_db_trakcare_(primary|backup)_data has\s+lifecycle\.prevent_destroy set/);

      // The deliberate way: the same spec with --allow-data-loss plans the replacements.
      const run = await runCli(['synth', join(base, 'spec.yaml'), '-o', out, '--allow-data-loss'], { cwd: base });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/--allow-data-loss: this output has no guards/);
      const loose = await checkStack(out, 'primary', { reattach: reattach(), stateDir: state, keep: true, refresh: false });
      try {
        expect(failure([loose])).toBe('');
        const replaced = (await planActions(loose, reattach())).filter((c) => c.actions.includes('delete') && c.actions.includes('create')).map((c) => c.address);
        expect(replaced).toEqual(expect.arrayContaining(['aws_ebs_volume.servers_db_trakcare_primary_data', 'aws_instance.servers_arbiter']));
      } finally {
        rmSync(loose.workDir, { recursive: true, force: true });
      }
    }, LONG);

    it('removing a stack as synth prints it works, in that order: a plain destroy fails on the guards, the decommission output applied first turns them off, then destroy succeeds', async () => {
      expect(existsSync(join(out, 'manifest.json')), 'the upgrade test above must run first').toBe(true);
      // The deployed spec again, guarded: Terraform refuses to destroy the DR async members.
      await cliSynth(specText, join(base, 'spec.yaml'), out);
      const plain = await checkStack(out, 'dr', { reattach: reattach(), stateDir: state, refresh: false, destroy: true });
      expect(plain.ok).toBe(false);
      expect(plain.steps[plain.steps.length - 1]!.output).toMatch(/Instance cannot be destroyed[\s\S]*aws_instance\.servers_db_trakcare_async_1 has\s+lifecycle\.prevent_destroy/);

      // Step 1 of the printed commands: the same spec with --allow-data-loss.
      const run = await runCli(['synth', join(base, 'spec.yaml'), '-o', out, '--allow-data-loss'], { cwd: base });
      expect(run.status, run.stderr).toBe(0);
      // Step 2: apply it; it only updates in place (deletion protection, force_destroy).
      const apply = await checkStack(out, 'dr', { reattach: reattach(), stateDir: state, refresh: false, keep: true });
      try {
        expect(failure([apply])).toBe('');
        const changes = (await planActions(apply, reattach())).filter((c) => !(c.actions.length === 1 && (c.actions[0] === 'no-op' || c.actions[0] === 'read')));
        expect(changes.every((c) => c.actions.length === 1 && c.actions[0] === 'update'), JSON.stringify(changes)).toBe(true);
        expect(changes.map((c) => c.address).sort()).toEqual(['aws_lb.vip_trakcare_nlb', 'aws_lb.web_alb', 'aws_s3_bucket.logs_bucket']);
      } finally {
        rmSync(apply.workDir, { recursive: true, force: true });
      }
      // Skipping step 2 would have failed on AWS: the stand-in refuses to delete a protected load
      // balancer as ELB does (checked on the primary stack, still protected in its state).
      const skipped = await checkStack(out, 'primary', { reattach: reattach(), stateDir: state, refresh: false, destroy: true, apply: true });
      expect(skipped.ok).toBe(false);
      expect(skipped.steps[skipped.steps.length - 1]!.output).toMatch(/cannot be deleted because deletion protection is enabled/);
      // Step 2 applied, step 3: destroy goes through.
      const applied = await checkStack(out, 'dr', { reattach: reattach(), stateDir: state, refresh: false, apply: true });
      expect(failure([applied])).toBe('');
      const destroyed = await checkStack(out, 'dr', { reattach: reattach(), stateDir: state, refresh: false, destroy: true, apply: true });
      expect(failure([destroyed])).toBe('');
      expect(destroyed.summary).toMatch(/^Plan: 0 to add, 0 to change, \d+ to destroy\. Applied: Apply complete! Resources: 0 added, 0 changed, \d+ destroyed\.$/);
    }, LONG * 2);
  });
});
