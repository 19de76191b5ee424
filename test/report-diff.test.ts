// refarch diff: two specs synthesized and compared by Terraform address, per stack, with the
// monthly cost delta; exit 0 no change, 3 changes, 1 invalid spec, 2 usage. Written on addresses
// in general (type.name), not on the names the synth constructs happen to choose.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { diffCommand, runDiff } from '../src/cli/commands/diff';
import { builtCli } from './fixtures/hostile/harness';
import { UsageError, type Io } from '../src/cli/io';
import { addresses, diffStacks, formatDiffText, type DiffResult } from '../src/report/diff';
import { buildPlan } from '../src/report/plan';
import { modelOfText } from './helpers/models';
import { synthesizeInMemory, type SynthesizedStack } from '../src/synth/index';

const root = join(__dirname, '..');
const trakcare = join(root, 'examples', 'trakcare.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'refarch-diff-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

function diff(argv: string[]): Run {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), color: false, cwd: root };
  try {
    const parsed = parseArgs({ args: argv, options: diffCommand.options, allowPositionals: true, strict: true });
    return { code: runDiff(parsed.values, parsed.positionals, io, synthesizeInMemory), out, err };
  } catch (error) {
    if (error instanceof UsageError) return { code: 2, out, err: err + error.message };
    throw error;
  }
}

/** trakcare.yaml with one more web server. */
function withOneMoreWeb(): string {
  const text = readFileSync(trakcare, 'utf8');
  const changed = text.replace(/^web:\n  count: (\d+)$/m, (_, n: string) => `web:\n  count: ${Number(n) + 1}`);
  expect(changed).not.toBe(text);
  const file = join(scratch, 'trakcare-web-plus-one.yaml');
  writeFileSync(file, changed);
  return file;
}

describe('refarch diff', () => {
  it('trakcare.yaml against itself: no change, exit 0, zero cost delta', () => {
    const run = diff([trakcare, trakcare, '--format', 'json']);
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(run.out) as DiffResult;
    expect(result.changes).toBe(false);
    expect(result.summary).toEqual({ added: 0, removed: 0, changed: 0 });
    expect(result.stacks.every((s) => s.status === 'unchanged')).toBe(true);
    expect(result.cost.deltaCents).toBe(0);
    const text = diff([trakcare, trakcare]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/No changes/);
  });

  it('web.count + 1: only additions (no resource removed or replaced), positive cost delta, exit 3', () => {
    const bigger = withOneMoreWeb();
    const run = diff([trakcare, bigger, '--format', 'json']);
    expect(run.code, run.err).toBe(3);
    const result = JSON.parse(run.out) as DiffResult;
    expect(result.changes).toBe(true);
    expect(result.summary.removed).toBe(0);
    expect(result.summary.added).toBeGreaterThan(0);
    const primary = result.stacks.find((s) => s.stack === 'primary')!;
    // A new web server: one more instance resource, and nothing of the existing servers changes.
    expect(primary.added.filter((a) => a.startsWith('aws_instance.'))).toHaveLength(1);
    expect(primary.changed.filter((c) => c.address.startsWith('aws_instance.') || c.address.startsWith('aws_ebs_volume.'))).toEqual([]);
    // The other stacks are untouched (the DR site keeps half the web servers: ceil(4/2) = ceil(3/2)).
    for (const s of result.stacks.filter((x) => x.stack !== 'primary')) expect(s.status, s.stack).toBe('unchanged');
    // What does change in place aggregates every server (outputs, a dashboard): never a server itself.
    for (const c of primary.changed) expect(c.address, 'changed in place').toMatch(/^(output\.|aws_cloudwatch_dashboard\.|aws_lb_target_group\.|aws_elb\.)/);
    expect(result.cost.deltaCents).toBeGreaterThan(0);
    const text = diff([trakcare, bigger]);
    expect(text.code).toBe(3);
    expect(text.out).toMatch(/^  \+ create aws_instance\./m);
    expect(text.out).toMatch(/Estimated monthly cost: .* \(\+\$/);
    // The delta is as approximate as the plans it comes from, and the text says so.
    const plans = [trakcare, bigger].map((f) => buildPlan(modelOfText(readFileSync(f, 'utf8'))));
    expect(result.cost.approximate).toBe(plans.some((p) => p.cost.approximate));
    expect(text.out.includes('\nApproximate: ')).toBe(result.cost.approximate);
  });

  it('says in the text when the cost delta is approximate, naming the stacks', () => {
    const base = JSON.parse(diff([trakcare, trakcare, '--format', 'json']).out) as DiffResult;
    const exact = { ...base, cost: { ...base.cost, approximate: false, approximateStacks: [] } };
    const rough = { ...base, cost: { ...base.cost, approximate: true, approximateStacks: ['primary (eu-west-1)', 'dr (eu-central-1)'] } };
    expect(formatDiffText(exact, false)).not.toMatch(/Approximate/);
    expect(formatDiffText(rough, false)).toMatch(
      /\(\$0\.00; on-demand catalog prices, see refarch plan\)\nApproximate: some figures of primary \(eu-west-1\), dr \(eu-central-1\) are us-east-1 stand-ins \(no sourced figure for that region; refarch prices fetches them\)\.\n$/,
    );
  });

  it('a removed DR site shows its stack as removed and the cost going down', () => {
    const text = readFileSync(trakcare, 'utf8');
    const noDr = text.replace(/^dr:\n(?: {2}.*\n)+/m, '').replace(/^dns:\n(?: {2}.*\n)+/m, '').replace(/^ {2}copyToDr: true\n/m, '').replace(/^ {2}eu-central-1: .*\n/m, '');
    const file = join(scratch, 'no-dr.yaml');
    writeFileSync(file, noDr);
    // Removing the DR site destroys its async member and its database volumes: refused as data loss...
    const refused = diff([trakcare, file, '--format', 'json']);
    expect(refused.code).toBe(1);
    expect((JSON.parse(refused.out) as DiffResult).diagnostics.map((d) => d.rule)).toContain('change.data-replaced');
    // ...unless deliberate.
    const run = diff([trakcare, file, '--format', 'json', '--allow-data-loss']);
    expect(run.code, run.err).toBe(3);
    const result = JSON.parse(run.out) as DiffResult;
    expect(result.stacks.find((s) => s.stack === 'dr')!.status).toBe('removed');
    expect(result.resources.filter((r) => r.stack === 'dr').every((r) => r.action === 'delete')).toBe(true);
    expect(result.stacks.find((s) => s.stack === 'dr')!.added).toEqual([]);
    expect(result.cost.deltaCents).toBeLessThan(0);
  });

  it('ignores cdktf\'s "//" metadata and key order; sees a changed body', () => {
    const a: SynthesizedStack = { id: 'primary', json: { resource: { aws_instance: { x: { '//': { metadata: { path: 'a' } }, ami: 'a', tags: { b: '1', a: '2' } } } } } };
    const b: SynthesizedStack = { id: 'primary', json: { resource: { aws_instance: { x: { tags: { a: '2', b: '1' }, ami: 'a', '//': { metadata: { path: 'b' } } } } } } };
    expect(diffStacks([a], [b])[0]!.status).toBe('unchanged');
    const c: SynthesizedStack = { id: 'primary', json: { resource: { aws_instance: { x: { ami: 'b' } } }, output: { o: { value: 1 } } } };
    const d = diffStacks([a], [c])[0]!;
    expect(d.changed).toEqual([{ address: 'aws_instance.x', attributes: ['ami', 'tags'] }]);
    expect(d.added).toEqual(['output.o']);
    expect([...addresses(c.json).keys()]).toEqual(['aws_instance.x', 'output.o']);
  });

  it("prints the new spec's warnings, and of the old spec only errors", () => {
    const warned = (name: string): string => {
      const file = join(scratch, name);
      writeFileSync(file, readFileSync(trakcare, 'utf8').replace(/^network:\n/m, 'network:\n  egress: central\n  natGateways: single\n'));
      return file;
    };
    const [before, after] = [warned('old-warned.yaml'), warned('new-warned.yaml')];
    const run = diff([before, after]);
    expect(run.err).toMatch(/new-warned\.yaml:\d+:\d+ warning \[network\.nat-unused\]/);
    expect(run.err).not.toContain('old-warned.yaml');
    // An invalid old spec is still refused with its errors.
    const broken = join(scratch, 'old-broken.yaml');
    writeFileSync(broken, 'apiVersion: refarch/v1\nname: bad-spec\nprofile: cache\nregion: eu-west-1\navailabilityZones: [eu-west-1a]\n');
    const refused = diff([broken, after]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/old-broken\.yaml:\d+:\d+ error/);
  });

  it('exits 1 on an invalid spec and 2 on usage errors', () => {
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: refarch/v1\nname: bad-spec\nprofile: cache\nregion: eu-west-1\navailabilityZones: [eu-west-1a]\n');
    const invalid = diff([trakcare, bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/bad\.yaml:\d+:\d+ error/);
    expect(invalid.out).toBe('');
    expect(diff([trakcare]).code).toBe(2);
    expect(diff([trakcare, trakcare, '--format', 'yaml']).code).toBe(2);
    expect(diff([trakcare, join(scratch, 'missing.yaml')]).code).toBe(2);
  });
});

describe('refarch diff through the built CLI', () => {
  it('returns the documented exit codes from bin/refarch.js', () => {
    const cli = builtCli();
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run('diff', trakcare, trakcare).status).toBe(0);
    const changed = run('diff', trakcare, withOneMoreWeb());
    expect(changed.status, changed.stderr).toBe(3);
    expect(changed.stdout).toMatch(/to add/);
    expect(run('diff', trakcare).status).toBe(2);
  });
});
