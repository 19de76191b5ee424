// refarch diff's totals against Terraform's own: examples/trakcare.yaml is synthesized with the
// built CLI and applied in the stand-in (tf:check, state kept in this test's folder); then, per
// edit kind, the edited spec is synthesized into the SAME output folder and every stack planned
// against that state. Per stack, "Plan: A to add, C to change, D to destroy" must equal what
// classify() (the model behind refarch diff) says for the same two specs. The stand-in answers
// requires_replace from the catalog table diff reads (src/catalog/force-new.ts), so this holds
// diff's cascade (references to replaced resources, ignore_changes, default tags, data sources)
// to Terraform's. The table of figures is written to the console for the report.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify, type Totals } from '../src/change/classify';
import { synthesizeInMemory } from '../src/synth/index';
import { checkText } from '../src/validate/validate';
import { runCli } from './fixtures/hostile/harness';
import { checkOutput, startProvider, terraformVersion } from './terraform/tf-check';

const root = join(__dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'refarch-change-tf-'));
const LONG = 600_000;
const base = readFileSync(join(root, 'examples', 'trakcare.yaml'), 'utf8');

let provider: { reattach: string; stop(): void } | undefined;
beforeAll(async () => {
  terraformVersion();
  provider = await startProvider();
}, 60_000);
afterAll(() => {
  provider?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function edit(from: string | RegExp, to: string): string {
  const out = base.replace(from, to);
  if (out === base) throw new Error(`edit not applied: ${String(from)}`);
  return out;
}

/** The edit kinds of issue #24, each a one-line change of examples/trakcare.yaml. */
const EDITS: ReadonlyArray<{ kind: string; text: string }> = [
  { kind: 'zone order (first two swapped)', text: edit('availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]', 'availabilityZones: [eu-west-1b, eu-west-1a, eu-west-1c]') },
  { kind: 'database instance type', text: edit(/^ {2}instanceType: m4\.10xlarge$/m, '  instanceType: r5.8xlarge') },
  { kind: 'web instance type', text: edit('web:\n  count: 3\n  instanceType: m4.large', 'web:\n  count: 3\n  instanceType: m5.large') },
  { kind: 'volume size (data 2000 -> 2500 GiB)', text: edit('data: { type: io1, sizeGiB: 2000, iops: 20000 }', 'data: { type: io1, sizeGiB: 2500, iops: 20000 }') },
  { kind: 'volume type (journal1 gp2 -> gp3)', text: edit('journal1: { type: gp2, sizeGiB: 500 }', 'journal1: { type: gp3, sizeGiB: 500 }') },
  { kind: 'volume IOPS (data 20000 -> 25000)', text: edit('data: { type: io1, sizeGiB: 2000, iops: 20000 }', 'data: { type: io1, sizeGiB: 2000, iops: 25000 }') },
  { kind: 'AMI (SSM parameter of eu-west-1)', text: edit('eu-west-1: { ssmParameter: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 }', 'eu-west-1: { ssmParameter: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64 }') },
  { kind: 'add a web server (3 -> 4)', text: edit('web:\n  count: 3', 'web:\n  count: 4') },
  { kind: 'remove an app server (4 -> 3)', text: edit('app:\n  count: 4', 'app:\n  count: 3') },
  { kind: 'rename (name:)', text: edit('name: trakcare-prod', 'name: trakcare-live') },
  { kind: 'DR capacity (reduced -> full)', text: edit('capacity: reduced', 'capacity: full') },
];

const fmt = (t: Totals): string => `${t.add}/${t.change}/${t.destroy}`;

function planTotals(summary: string): string {
  if (/^No changes\./.test(summary)) return '0/0/0';
  const m = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\./.exec(summary);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : `? ${summary}`;
}

async function cliSynth(text: string, specFile: string, outDir: string, extra: string[] = []): Promise<void> {
  mkdirSync(dirname(specFile), { recursive: true });
  writeFileSync(specFile, text);
  const run = await runCli(['synth', specFile, '-o', outDir, ...extra], { cwd: dirname(outDir) });
  if (run.status !== 0) throw new Error(`refarch synth exited ${run.status}: ${run.stderr}`);
}

describe('tf:check --apply never touches real state', () => {
  it('applies in a temporary copy: a planted local state file is byte-identical afterwards, and none is created where there was none', async () => {
    const text = readFileSync(join(root, 'examples', 'minimal.yaml'), 'utf8');
    const out = join(scratch, 'minimal', 'cdktf.out');
    await cliSynth(text, join(scratch, 'minimal', 'spec.yaml'), out);
    const name = /^name: (\S+)$/m.exec(text)![1]!;
    const stateFile = join(scratch, 'minimal', 'terraform-state', name, 'primary.tfstate');
    // No state yet: the apply must not create one.
    const first = await checkOutput(out, { reattach: provider!.reattach, apply: true });
    expect(first.every((r) => r.ok), first.map((r) => r.summary).join('\n')).toBe(true);
    expect(existsSync(stateFile)).toBe(false);
    expect(first[0]!.notes.join(' ')).toMatch(/plan\/apply ran in a temporary copy \(no state yet\); the real state is never written/);
    // A real (empty) state planted where the backend points: read, copied, never written.
    mkdirSync(dirname(stateFile), { recursive: true });
    const planted = `${JSON.stringify({ version: 4, terraform_version: '1.11.0', serial: 7, lineage: 'planted-by-test', outputs: {}, resources: [], check_results: null }, null, 2)}\n`;
    writeFileSync(stateFile, planted);
    const second = await checkOutput(out, { reattach: provider!.reattach, apply: true });
    expect(second.every((r) => r.ok), second.map((r) => r.summary).join('\n')).toBe(true);
    expect(second[0]!.summary).toMatch(/Apply complete!/);
    expect(second[0]!.notes.join(' ')).toMatch(new RegExp(`state copied from ${stateFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, which is untouched`));
    expect(readFileSync(stateFile, 'utf8')).toBe(planted);
    expect(readdirSync(dirname(stateFile))).toEqual(['primary.tfstate']);
  }, LONG);
});

describe('refarch diff totals equal terraform plan (trakcare.yaml, stand-in provider)', () => {
  const out = join(scratch, 'cdktf.out');
  const stateOf = (name: string): string => join(scratch, 'state', name);
  const oldModel = checkText(base).model!;
  const oldStacks = synthesizeInMemory(oldModel);
  const rows: string[] = [];

  it('applies the old spec', async () => {
    await cliSynth(base, join(scratch, 'old.yaml'), out);
    const results = await checkOutput(out, { reattach: provider!.reattach, apply: true, stateDir: stateOf('trakcare-prod') });
    expect(results.filter((r) => !r.ok).map((r) => `${r.stack}: ${r.summary}\n${r.steps.at(-1)?.output ?? ''}`).join('\n')).toBe('');
  }, LONG);

  it.each(EDITS)('$kind', async ({ kind, text }) => {
    const newModel = checkText(text).model!;
    const c = classify(oldStacks, synthesizeInMemory(newModel), oldModel, newModel);
    await cliSynth(text, join(scratch, 'new.yaml'), out, ['--rename']);
    try {
      const results = await checkOutput(out, { reattach: provider!.reattach, refresh: false, stateDir: stateOf(newModel.name) });
      const failed = results.filter((r) => !r.ok);
      expect(failed.map((r) => `${r.stack}: ${r.summary}\n${r.steps.at(-1)?.output.slice(-3000) ?? ''}`).join('\n')).toBe('');
      const terraform = Object.fromEntries(results.map((r) => [r.stack, planTotals(r.summary)]));
      const diff = Object.fromEntries(c.stacks.map((s) => [s.stack, fmt(s.totals)]));
      const sum = (xs: string[]): string => xs.map((x) => x.split('/').map(Number)).reduce((a, b) => a.map((v, i) => v + b[i]!), [0, 0, 0]).join('/');
      rows.push(`| ${kind} | ${fmt(c.totals)}${c.totals.move > 0 ? ` (+${c.totals.move} moved)` : ''} | ${sum(Object.values(terraform))} | ${Object.entries(terraform).map(([s, t]) => `${s} ${t}`).join(', ')} |`);
      expect(diff).toEqual(terraform);
    } finally {
      // Back to the old spec's output for the next edit (nothing was applied).
      await cliSynth(base, join(scratch, 'old.yaml'), out, ['--rename']);
    }
  }, LONG);

  it('prints the table', () => {
    process.stdout.write(`\n| edit kind | diff add/change/destroy | terraform add/change/destroy | per stack (terraform) |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`);
    expect(rows.length).toBe(EDITS.length);
  });
});
