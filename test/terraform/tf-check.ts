// tf:check — runs the real Terraform CLI over a refarch output folder, offline: init, validate,
// plan and (with --apply) apply, for every stack in apply order, against the stand-in provider
// (test/terraform/provider) attached through TF_REATTACH_PROVIDERS. Exits non-zero on any
// Terraform error, printing Terraform's own message.
//
//   npm run tf:check -- <cdktf.out> [--apply] [--stack <id>]... [--parallelism N] [--schema <version>]...
//
// Schemas: the output must hold for every hashicorp/aws 6.x its required_providers admits, so the
// check runs once per committed provider schema (SCHEMAS: 6.25.0, the bindings' version, and 6.66.0,
// generated from CDK Terrain's @cdktn/provider-aws 25.7.0); --schema picks some of them.
//
// Where things go: Terraform runs in <out>/stacks/<stack> as a user would, so the stack's own
// backend decides where local state lives. Its working data (.terraform) goes to a temp
// TF_DATA_DIR, plan files and generated variable values to a temp dir: nothing else is written
// into the output folder. An S3 backend cannot be reached offline: such a stack is validated in
// place after `init -backend=false`; for plan/apply it is copied to a temp dir with a
// `zz_offline_backend_override.tf.json` that swaps in a local backend there.
// Stack order: the stacks of <out>/manifest.json, ordered by APPLY_ORDER (src/model/model.ts:
// dr, primary, link, dns); a stack not in that list comes after, by name.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APPLY_ORDER } from '../../src/model/model';

export const TERRAFORM = process.env['REFARCH_TERRAFORM'] ?? 'terraform';

export interface Step { command: string; code: number; ms: number; output: string }
export interface StackResult { stack: string; ok: boolean; steps: Step[]; notes: string[]; summary: string; planFile?: string; workDir: string }

/** The Terraform version, or a thrown error saying plainly that Terraform is missing. */
export function terraformVersion(): string {
  const r = spawnSync(TERRAFORM, ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (r.error || r.status !== 0) throw new Error(`Terraform CLI not found or not working (${TERRAFORM}): ${r.error?.message ?? r.stderr}. The Terraform-in-the-loop checks need Terraform >= 1.10 on PATH.`);
  return (JSON.parse(r.stdout) as { terraform_version: string }).terraform_version;
}

/** The committed hashicorp/aws schemas the stand-in can serve, by provider version (scripts/gen-aws-schema.mjs). */
export const SCHEMAS: Readonly<Record<string, string>> = {
  '6.25.0': join(__dirname, 'aws-schema.json'),
  '6.66.0': join(__dirname, 'aws-schema-6.66.0.json'),
};

/**
 * Starts the stand-in provider as its own process, serving `schemaFile` (default: the 6.25.0
 * schema); resolves with its TF_REATTACH_PROVIDERS.
 */
export async function startProvider(schemaFile?: string): Promise<{ reattach: string; stop(): void }> {
  const env = schemaFile === undefined ? process.env : { ...process.env, REFARCH_AWS_SCHEMA: schemaFile };
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'provider', 'main.ts')], { stdio: ['pipe', 'pipe', 'inherit'], cwd: join(__dirname, '..', '..'), env });
  const reattach = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); const nl = out.indexOf('\n'); if (nl >= 0) ok(out.slice(0, nl)); });
    child.on('exit', (code) => fail(new Error(`stand-in provider exited with ${code} before it was ready`)));
  });
  return { reattach, stop: () => { child.stdin.end(); child.kill('SIGTERM'); } };
}

export function stacksInOrder(outDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  const order: readonly string[] = APPLY_ORDER;
  const rank = (s: string): number => (order.includes(s) ? order.indexOf(s) : order.length);
  return Object.keys(manifest.stacks).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Step> {
  const started = Date.now();
  return new Promise((ok) => {
    const child = spawn(TERRAFORM, args, { cwd, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', (e) => ok({ command: `terraform ${args.join(' ')}`, code: 127, ms: Date.now() - started, output: String(e) }));
    child.on('close', (code) => ok({ command: `terraform ${args.join(' ')}`, code: code ?? 1, ms: Date.now() - started, output }));
  });
}

/**
 * Values for the variables that have no default, by name and type. An ARN is made in the region of
 * the stack's default provider: the certificate variables check that their ARN is in it.
 */
export function offlineVariables(json: { variable?: Record<string, { type?: string; default?: unknown }>; provider?: { aws?: Array<{ alias?: string; region?: string }> } }): Record<string, unknown> {
  const region = json.provider?.aws?.find((p) => p.alias === undefined)?.region ?? 'us-east-1';
  const vars: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(json.variable ?? {})) {
    if ('default' in v) continue;
    const t = v.type ?? 'string';
    vars[name] = t === 'number' ? 1 : t === 'bool' ? true : t.startsWith('list') || t.startsWith('set') ? [] : t.startsWith('map') ? {} : /arn$/.test(name) ? `arn:aws:acm:${region}:123456789012:certificate/offline-${name}` : `offline-${name}`;
  }
  return vars;
}

export interface CheckOptions {
  reattach: string;
  /** plan (default true) and apply (default false) */
  plan?: boolean;
  apply?: boolean;
  parallelism?: number;
  /** Keep the working dir (TF_DATA_DIR, plan file) for a later `terraform show` (tests). */
  keep?: boolean;
  /** Plan (and apply) a destroy: `plan -destroy`. */
  destroy?: boolean;
  /** false: plan with -refresh=false. Justified only against the stand-in, whose ReadResource
   *  hands the stored state back unchanged, so a refresh cannot change a plan (tests use it). */
  refresh?: boolean;
  /** Where the stacks' state files live (<stateDir>/<stack>.tfstate), kept between runs (loop tests).
   *  Unset: a throw-away copy of the stack's local state (none for a remote backend). */
  stateDir?: string;
}

const COMMON = ['-input=false', '-no-color'];

/** init + validate (+ plan, + apply) of one stack. Stops at the first failing step. */
export async function checkStack(outDir: string, stack: string, opts: CheckOptions): Promise<StackResult> {
  const stackDir = resolve(outDir, 'stacks', stack);
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: Record<string, unknown>; required_providers?: Record<string, unknown> }; variable?: Record<string, { type?: string }> };
  const work = mkdtempSync(join(tmpdir(), `refarch-tf-${stack}-`));
  const cli = join(work, 'terraformrc');
  writeFileSync(cli, '');
  const env: NodeJS.ProcessEnv = { ...process.env, TF_REATTACH_PROVIDERS: opts.reattach, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cli, TF_DATA_DIR: join(work, 'data'), TF_PLUGIN_CACHE_DIR: '' };
  delete env['TF_PLUGIN_CACHE_DIR'];
  const steps: Step[] = [];
  const notes: string[] = [];
  const result = (ok: boolean, summary: string, cwd: string): StackResult => {
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
    return { stack, ok, steps, notes, summary, planFile: opts.keep ? join(work, 'plan.bin') : undefined, workDir: opts.keep ? work : cwd };
  };
  const step = async (args: string[], cwd: string): Promise<boolean> => { const s = await run(args, cwd, env); steps.push(s); return s.code === 0; };

  const backend = Object.keys(json.terraform?.backend ?? { local: {} })[0] ?? 'local';
  const remote = backend !== 'local';
  if (!(await step(['init', ...COMMON, ...(remote ? ['-backend=false'] : [])], stackDir))) return result(false, 'init failed', stackDir);
  if (!(await step(['validate', '-no-color'], stackDir))) return result(false, 'validate failed', stackDir);
  if (opts.plan === false) return result(true, 'valid', stackDir);

  // Plan and apply always run in a temporary copy of the stack with a local backend override, so
  // the stand-in's invented resources never reach a real state file (local or S3). A local
  // backend's existing state is copied in, so the plan starts from it; the copy is thrown away.
  // `stateDir` (tests): the state lives in <stateDir>/<stack>.tfstate there, kept between runs.
  const cwd = join(work, 'stack');
  cpSync(stackDir, cwd, { recursive: true, filter: (src) => !src.startsWith(join(stackDir, '.terraform')) && !/\.tfstate(\.backup)?$/.test(src) });
  const statePath = opts.stateDir !== undefined ? join(resolve(opts.stateDir), `${stack}.tfstate`) : join(work, 'terraform.tfstate');
  const realState = remote ? undefined : resolve(stackDir, String((json.terraform?.backend?.['local'] as { path?: string } | undefined)?.path ?? 'terraform.tfstate'));
  if (opts.stateDir === undefined && realState !== undefined && existsSync(realState)) cpSync(realState, statePath);
  writeFileSync(join(cwd, 'zz_offline_backend_override.tf.json'), `${JSON.stringify({ terraform: { backend: { local: { path: statePath } } } })}\n`);
  env['TF_DATA_DIR'] = join(work, 'data-local');
  if (!(await step(['init', ...COMMON, '-reconfigure'], cwd))) return result(false, 'init (local override) failed', cwd);
  notes.push(opts.stateDir !== undefined ? `state: ${statePath}` : `plan/apply ran in a temporary copy (${remote ? `${backend} backend replaced by a local one` : realState !== undefined && existsSync(realState) ? `state copied from ${realState}, which is untouched` : 'no state yet'}); the real state is never written`);
  const varFile = join(work, 'offline.auto.tfvars.json');
  writeFileSync(varFile, JSON.stringify(offlineVariables(json)));
  const par = `-parallelism=${opts.parallelism ?? 10}`;
  const planFile = join(work, 'plan.bin');
  if (!(await step(['plan', ...COMMON, '-lock=false', par, ...(opts.refresh === false ? ['-refresh=false'] : []), ...(opts.destroy ? ['-destroy'] : []), `-var-file=${varFile}`, `-out=${planFile}`], cwd))) return result(false, 'plan failed', cwd);
  const planOut = steps[steps.length - 1]!.output;
  let summary = /No changes\./.test(planOut) ? 'No changes.' : (/^Plan: .*$/m.exec(planOut)?.[0] ?? 'planned');
  if (opts.apply) {
    if (!(await step(['apply', ...COMMON, '-lock=false', par, planFile], cwd))) return result(false, 'apply failed', cwd);
    summary += ` Applied: ${/^Apply complete! .*$/m.exec(steps[steps.length - 1]!.output)?.[0] ?? ''}`;
  }
  return result(true, summary, cwd);
}

/** `terraform show -json` of a kept plan: every resource change's address and actions. */
export async function planActions(result: StackResult, reattach: string): Promise<Array<{ address: string; actions: string[] }>> {
  const env = { ...process.env, TF_REATTACH_PROVIDERS: reattach, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: join(result.workDir, 'terraformrc'), TF_DATA_DIR: join(result.workDir, existsSync(join(result.workDir, 'data-local')) ? 'data-local' : 'data') };
  const cwd = existsSync(join(result.workDir, 'stack')) ? join(result.workDir, 'stack') : undefined;
  const s = await run(['show', '-json', '-no-color', result.planFile!], cwd ?? process.cwd(), env);
  if (s.code !== 0) throw new Error(s.output);
  const plan = JSON.parse(s.output) as { resource_changes?: Array<{ address: string; change: { actions: string[] } }> };
  return (plan.resource_changes ?? []).map((c) => ({ address: c.address, actions: c.change.actions }));
}

export async function checkOutput(outDir: string, opts: CheckOptions & { stacks?: string[]; print?: (line: string) => void }): Promise<StackResult[]> {
  const results: StackResult[] = [];
  for (const stack of opts.stacks ?? stacksInOrder(outDir)) {
    const r = await checkStack(outDir, stack, opts);
    results.push(r);
    opts.print?.(`${r.ok ? 'ok  ' : 'FAIL'} ${stack}: ${r.steps.map((s) => `${s.command.split(' ')[1]} ${(s.ms / 1000).toFixed(1)}s`).join(', ')} — ${r.summary}`);
    for (const note of r.notes) opts.print?.(`     ${note}`);
    if (!r.ok) {
      opts.print?.(r.steps[r.steps.length - 1]!.output.trimEnd());
      break;
    }
  }
  return results;
}

/** `npm run tf:check -- --help`. */
export const TF_CHECK_HELP = `usage: npm run tf:check -- <cdktf.out> [--apply] [--stack <id>]... [--parallelism N] [--schema <version>]...

Runs the real Terraform CLI (>= 1.10 on PATH, or $REFARCH_TERRAFORM) over a folder written by
\`refarch synth -o <cdktf.out>\`, offline, against the stand-in AWS provider (test/terraform/):
terraform init, validate and plan in every stack, in apply order (dr, primary, link, dns), once
per committed hashicorp/aws schema (6.25.0, the bindings'; 6.66.0, from @cdktn/provider-aws 25.7.0).
Prints each step's time and Terraform's own error message; exits 0 when every stack passes,
1 when Terraform reports an error, 2 for a usage error or a missing Terraform.

  <cdktf.out>        the output folder (it holds manifest.json)
  --apply            also apply each plan (state goes where each stack's backend says)
  --stack <id>       check only this stack (repeatable)
  --parallelism N    passed to terraform plan/apply as -parallelism=N
  --schema <version> check against this provider schema only (6.25.0 or 6.66.0; repeatable)
  -h, --help         this text
`;

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(TF_CHECK_HELP);
    return 0;
  }
  const apply = args.includes('--apply');
  const stacks: string[] = [];
  const schemas: string[] = [];
  let parallelism: number | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--apply') continue;
    if (a === '--stack') stacks.push(args[++i]!);
    else if (a === '--schema') schemas.push(args[++i]!);
    else if (a === '--parallelism') parallelism = Number(args[++i]);
    else if (!a.startsWith('-') && out === undefined) out = a;
    else { process.stderr.write(`tf:check: unknown argument ${a}\n`); return 2; }
  }
  if (!out || !existsSync(join(out, 'manifest.json'))) {
    process.stderr.write(`usage: npm run tf:check -- <cdktf.out> [--apply] [--stack <id>]... [--parallelism N] [--schema <${Object.keys(SCHEMAS).join('|')}>]...\n  (<cdktf.out> is a folder written by \`refarch synth -o\`, with manifest.json; every schema by default)\n`);
    return 2;
  }
  const unknown = schemas.filter((v) => SCHEMAS[v] === undefined);
  if (unknown.length > 0) { process.stderr.write(`tf:check: no committed schema for hashicorp/aws ${unknown.join(', ')} (have ${Object.keys(SCHEMAS).join(', ')})\n`); return 2; }
  let version: string;
  try { version = terraformVersion(); } catch (e) { process.stderr.write(`tf:check: ${(e as Error).message}\n`); return 2; }
  let ok = true;
  for (const schema of schemas.length > 0 ? schemas : Object.keys(SCHEMAS)) {
    const started = Date.now();
    const provider = await startProvider(SCHEMAS[schema]);
    try {
      process.stdout.write(`tf:check: Terraform ${version} (${TERRAFORM}), provider registry.terraform.io/hashicorp/aws = offline stand-in (schema of ${schema}), ${apply ? 'validate + plan + apply' : 'validate + plan'}\n`);
      const results = await checkOutput(out, { reattach: provider.reattach, apply, parallelism, stacks: stacks.length ? stacks : undefined, print: (l) => process.stdout.write(`${l}\n`) });
      const passed = results.every((r) => r.ok);
      ok &&= passed;
      process.stdout.write(`tf:check: ${passed ? 'passed' : 'FAILED'} on the ${schema} schema, ${results.length} stack(s) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } finally {
      provider.stop();
    }
  }
  return ok ? 0 : 1;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
