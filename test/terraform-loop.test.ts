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
      const results = await checkOutput(dir, { reattach: reattach(), apply: true });
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
      const results = await checkOutput(dir, { reattach: reattach(), refresh: false });
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
      const r = await checkStack(dir, stack, { reattach: reattach(), keep: true, refresh: false });
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
});
