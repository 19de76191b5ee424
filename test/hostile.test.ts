// The hostile-input corpus against the built CLI, each run a child process started in a fresh,
// empty working folder, as a user would run it (`node bin/refarch.js validate|synth ...`):
// exit code, every expected severity [rule] at its line, no stack trace, CPU time within 2 s,
// and for synth nothing written (the working folder stays empty; a previous output stays
// byte-identical) -- or, for a valid spec, the output replaced whole with no temporary siblings.
// Which runs each case gets is decided below (search "Which CLI runs").
//
// Every valid fixture (boundary values, warnings only) is also checked and synthesized
// in-process: boundary values must not only validate but compile.
//
// Cases: the committed fixtures under test/fixtures/hostile/{yaml,types,unknown,bounds,rules}
// (each starts with a `# expect:` header: exit=N, severity:rule@line, `clean` = no diagnostics at
// all, `known` = a reported defect, `synth-ms=N` = a larger synth time limit), and the generated
// ones of test/fixtures/hostile/generate.ts (binary, non-UTF-8, 20,000-deep, 12 MB, paths).
//
// Time is the child's CPU time (user + system, from its own resourceUsage): the machines are
// shared 2-core boxes where wall time also measures the neighbours' test runs. Wall time is
// bounded too, at 5x the limit, so a hang (blocked on a FIFO, say) still fails.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../src/validate/rules/index';
import { synthesizeInMemory } from '../src/synth/index';
import { checkFile } from '../src/validate/validate';
import { GENERATED, type Expected, type GeneratedCase } from './fixtures/hostile/generate';
import { builtCli, limiter, ROOT, runCli, snapshotTree, STACK_TRACE, tempDir, type CliRun } from './fixtures/hostile/harness';

const HOSTILE = join(__dirname, 'fixtures', 'hostile');
const GROUPS = ['yaml', 'types', 'unknown', 'bounds', 'rules'] as const;
/** CPU time of validate, and of a synth that fails, for any input. */
const LIMIT_MS = 2_000;
/** A CLI synth that succeeds (small specs; the benchmark holds the real targets). */
const SYNTH_OK_LIMIT_MS = 10_000;
/** Rule ids no spec can reach, with the reason (kept honest by the coverage test below). */
const UNREACHABLE: Readonly<Record<string, string>> = {
  'ebs.throughput-range': "the schema's throughputMiBps range (125..2000) is exactly gp3's, the only type that takes throughput",
};

interface Case {
  readonly id: string;
  readonly group: string;
  readonly why: string;
  readonly exit: number;
  readonly expect: readonly Expected[];
  readonly clean: boolean;
  readonly known: boolean;
  readonly synthMs: number;
  /** CPU-time limit of validate and of a failing synth. */
  readonly limitMs: number;
  readonly args: readonly string[];
  readonly generated?: GeneratedCase;
  /** Spec argument: an absolute path, or whatever a generated case passes. */
  arg?: string;
  /** The CLI runs of this case (see below). */
  runs?: { validate: boolean; synth: boolean; overPrevious: boolean };
}

function parseHeader(file: string): Pick<Case, 'why' | 'exit' | 'expect' | 'clean' | 'known' | 'synthMs' | 'arg'> {
  const text = readFileSync(file, 'utf8').replace(/^\ufeff+/, '');
  const lines = text.split(/\r\n|\r|\n/);
  const head = lines.find((l) => l.startsWith('# expect:'));
  if (head === undefined) throw new Error(`${file} has no "# expect:" header`);
  const why = (lines.find((l) => l.startsWith('# why:')) ?? '').slice(6).trim();
  const tokens = head.slice('# expect:'.length).trim().split(/\s+/);
  let exit: number | undefined;
  let synthMs = 0;
  const expected: Expected[] = [];
  for (const token of tokens) {
    if (token.startsWith('exit=')) exit = Number(token.slice(5));
    else if (token.startsWith('synth-ms=')) synthMs = Number(token.slice(9));
    else if (token === 'clean' || token === 'known') continue;
    else {
      const m = /^(error|warning):([a-z0-9.-]+)(?:@(\d+))?$/.exec(token);
      if (!m) throw new Error(`${file}: cannot read "${token}" in its # expect: header`);
      expected.push({ severity: m[1] as 'error' | 'warning', rule: m[2]!, line: m[3] === undefined ? undefined : Number(m[3]) });
    }
  }
  if (exit === undefined) throw new Error(`${file}: the # expect: header has no exit=`);
  return { why, exit, expect: expected, clean: tokens.includes('clean'), known: tokens.includes('known'), synthMs, arg: file };
}

const CASES: Case[] = [
  ...GROUPS.flatMap((group) =>
    readdirSync(join(HOSTILE, group))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f): Case => ({ id: `${group}/${f}`, group, args: [], limitMs: LIMIT_MS, ...parseHeader(join(HOSTILE, group, f)) })),
  ),
  ...GENERATED.map(
    (g): Case => ({
      id: `generated/${g.name}`,
      group: 'generated',
      why: g.why,
      exit: g.exit,
      expect: g.expect,
      clean: g.clean ?? false,
      known: g.known !== undefined,
      synthMs: 0,
      limitMs: g.limitMs ?? LIMIT_MS,
      args: g.args ?? [],
      generated: g,
    }),
  ),
];

// Which CLI runs each case gets. Every process costs ~0.2-0.3 s of CPU before it reads a byte,
// so the ~290 cases are not each run four ways; instead:
//   every failing case      synth in an empty folder: exit code, each expected severity [rule]
//                           at its line in the text diagnostics, no stack trace, CPU within 2 s,
//                           nothing written (synth validates first: it is validate plus writing)
//   one failing case per    also validate --format json (the exact diagnostics, well-formed) and
//   distinct failure        synth over a previous output (byte-identical afterwards); a failing
//   (exit code, 1st rule)   synth returns before it touches the disk, on the same path for every
//                           input that fails the same way
//   valid cases of yaml/    validate --format json and synth over a previous output (replaced,
//   and generated/          no temporary siblings): their point is how the file is read
//   other valid cases       in-process (checkFile + synthesize, below), and the first of each
//                           group through validate --format json too
{
  const seenFailure = new Set<string>();
  const seenValidGroup = new Set<string>();
  for (const c of CASES) {
    if (c.exit !== 0 || c.known) {
      const key = `${c.exit}:${c.expect[0]?.rule ?? 'usage'}`;
      const representative = c.known || !seenFailure.has(key);
      seenFailure.add(key);
      c.runs = { validate: representative, synth: true, overPrevious: representative };
    } else {
      const readingCase = c.group === 'yaml' || c.group === 'generated';
      const firstOfGroup = !seenValidGroup.has(c.group);
      seenValidGroup.add(c.group);
      c.runs = { validate: readingCase || firstOfGroup, synth: false, overPrevious: readingCase };
    }
  }
}

let work: string;
let previous: string;
let previousTree: Map<string, string>;
/** Child processes at once, per test file. */
const slot = limiter(2);

beforeAll(async () => {
  builtCli();
  work = tempDir('hostile');
  const generated = join(work, 'generated');
  mkdirSync(generated);
  for (const c of CASES) {
    if (!c.generated) continue;
    const dir = join(generated, c.generated.name);
    mkdirSync(dir);
    c.arg = c.generated.make(dir);
  }
  // A previous, good output that a failing synth must leave byte-identical.
  previous = join(work, 'previous');
  mkdirSync(previous);
  const made = await runCli(['synth', join(ROOT, 'examples', 'minimal.yaml'), '-o', 'out'], { cwd: previous });
  expect(made.status, made.stderr).toBe(0);
  previousTree = snapshotTree(previous);
  expect([...previousTree.keys()]).toContain(join('out', 'manifest.json'));
}, 600_000);

const children = { count: 0, cpuMs: 0, maxCpu: 0 };

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  console.log(`[hostile] ${CASES.length} cases, ${children.count} CLI runs, ${Math.round(children.cpuMs / 1000)} s of child CPU in all, the most expensive ${Math.round(children.maxCpu)} ms`);
});

/** Runs the CLI in a fresh empty folder (or a copy of the previous output). */
async function runIn(args: readonly string[], limitMs: number, withPrevious: boolean): Promise<{ run: CliRun; cwd: string }> {
  const cwd = mkdtempSync(join(work, 'case-'));
  if (withPrevious) cpSync(previous, cwd, { recursive: true });
  const run = await slot(() => runCli(args, { cwd, timeoutMs: Math.max(10_000, limitMs * 5) }));
  children.count++;
  children.cpuMs += Number.isNaN(run.cpuMs) ? 0 : run.cpuMs;
  children.maxCpu = Math.max(children.maxCpu, Number.isNaN(run.cpuMs) ? 0 : run.cpuMs);
  return { run, cwd };
}

function healthy(run: CliRun, what: string, limitMs: number): void {
  expect(run.signal, `${what} was killed by ${run.signal ?? ''} after ${Math.round(run.ms)} ms: a hang`).toBeNull();
  expect(run.stdout).not.toMatch(STACK_TRACE);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr).not.toMatch(/internal error/);
  // No runtime warning of Node's or a library's may leak, on any input.
  expect(run.stderr).not.toMatch(/\(node:\d+\)|Warning:/);
  // One problem, one line: every stderr line is a diagnostic of the spec itself or refarch's own
  // closing line, so no echoed key or value can split a diagnostic or forge another file's.
  // (yaml/forged-diagnostic-key.yaml baits with a key holding a line break and a diagnostic of
  // FORGED.yaml.)
  for (const line of run.stderr.split('\n').filter((l) => l !== '')) expect(line, 'a stderr line that is not one diagnostic').toMatch(/^(refarch: |\S*(:\d+:\d+)? (error|warning) \[[a-z0-9.-]+\] )/);
  expect(run.stderr).not.toMatch(/^FORGED/m);
  expect(run.cpuMs, `${what} used ${Math.round(run.cpuMs)} ms of CPU (wall ${Math.round(run.ms)} ms)`).toBeLessThanOrEqual(limitMs);
}

interface JsonDiagnostic {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly severity: string;
  readonly rule: string;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

function diagnosticsOf(run: CliRun): JsonDiagnostic[] {
  if (run.stdout.trim() === '') return [];
  return (JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

function listed(list: readonly JsonDiagnostic[]): string {
  return list.map((d) => `${d.severity}:${d.rule}@${d.line}:${d.column} ${d.message}`).join('\n');
}

function checkExpectations(c: Case, run: CliRun): void {
  expect(run.status, `exit code\n${run.stderr}`).toBe(c.exit);
  const diagnostics = diagnosticsOf(run);
  for (const e of c.expect) {
    const found = diagnostics.some((d) => d.rule === e.rule && d.severity === e.severity && (e.line === undefined || d.line === e.line));
    expect(found, `expected ${e.severity} [${e.rule}]${e.line === undefined ? '' : ` at line ${e.line}`}; got:\n${listed(diagnostics)}`).toBe(true);
  }
  if (c.clean) expect(listed(diagnostics)).toBe('');
}

const validateArgs = (c: Case): string[] => ['validate', '--format', 'json', ...c.args, c.arg!];
const synthArgs = (c: Case): string[] => ['synth', '-o', 'out', ...c.args, c.arg!];

describe.concurrent('hostile input to the built CLI', () => {
  it.each(CASES.filter((c) => c.runs!.validate || c.runs!.synth || c.runs!.overPrevious))('$id', async (c) => {
    if (c.arg === undefined) return; // the platform cannot make it (no mkfifo)
    const { runs } = c;
    let status: number | null = c.exit;

    if (runs!.validate) {
      const v = await runIn(validateArgs(c), c.limitMs, false);
      healthy(v.run, 'validate', c.limitMs);
      expect(readdirSync(v.cwd), 'validate wrote into the working folder').toEqual([]);
      rmSync(v.cwd, { recursive: true, force: true });
      if (!c.known) checkExpectations(c, v.run);
      for (const d of diagnosticsOf(v.run)) {
        expect(d.rule, 'every diagnostic has a rule id').toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
        expect(d.message.length > 0 && d.fix.length > 0, `message and fix of ${d.rule}`).toBe(true);
        // null: a problem with no place in the file (validate --format json never says 0:0).
        if (d.line !== null) expect(d.line).toBeGreaterThanOrEqual(1);
      }
      status = v.run.status;
    }

    if (runs!.synth) {
      const s = await runIn(synthArgs(c), c.limitMs, false);
      healthy(s.run, 'synth', c.limitMs);
      if (!c.known) {
        expect(s.run.status, `exit code\n${s.run.stderr}`).toBe(c.exit);
        for (const e of c.expect) {
          // Text diagnostics on stderr: file:line:col severity [rule] ...
          const at = e.line === undefined ? '' : `:${e.line}:\\d+ `;
          expect(s.run.stderr, `expected ${e.severity} [${e.rule}]${e.line === undefined ? '' : ` at line ${e.line}`}`).toMatch(new RegExp(`${at}${e.severity} \\[${e.rule.replace(/\./g, '\\.')}\\]`));
        }
      }
      if (runs!.validate) expect(s.run.status, 'synth exits like validate').toBe(status);
      status = s.run.status;
      if (status !== 0) expect(readdirSync(s.cwd), 'a failing synth wrote into the working folder').toEqual([]);
      rmSync(s.cwd, { recursive: true, force: true });
    }

    if (runs!.overPrevious) {
      const failing = status !== 0;
      const limit = failing ? c.limitMs : c.synthMs || SYNTH_OK_LIMIT_MS;
      // The previous output is another deployment's (minimal.yaml): replacing it is a deliberate rename.
      const p = await runIn([...synthArgs(c).slice(0, 3), '--rename', ...synthArgs(c).slice(3)], limit, true);
      healthy(p.run, 'synth over a previous output', limit);
      expect(p.run.status, `synth over a previous output exits as before\n${p.run.stderr}`).toBe(status);
      if (failing) {
        expect(snapshotTree(p.cwd), 'a failing synth changed the previous output').toEqual(previousTree);
      } else {
        expect(readdirSync(p.cwd), 'only the output folder, no temporary siblings').toEqual(['out']);
        expect(existsSync(join(p.cwd, 'out', 'manifest.json'))).toBe(true);
        expect(snapshotTree(p.cwd)).not.toEqual(previousTree);
      }
      rmSync(p.cwd, { recursive: true, force: true });
    }
  });

  // Known defects: the fixture says what the exit code and diagnostics should be once fixed.
  // `it.fails` passes while the defect is there, and fails -- asking for the `known` marker to be
  // removed -- once it is gone.
  const known = CASES.filter((c) => c.known);
  it.fails.each(known)('$id (known defect: expected exit code and diagnostics)', async (c) => {
    const v = await runIn(validateArgs(c), c.limitMs, false);
    rmSync(v.cwd, { recursive: true, force: true });
    checkExpectations(c, v.run);
  });
});

describe('valid hostile fixtures compile', () => {
  // Boundary values (port 1, 65535, the longest name, 1,000 servers, 10 products...) must not
  // only validate: the compiler must turn them into Terraform. In-process: the CLI path of a
  // successful synth is covered above and by test/emit-atomic.test.ts. Of the 1,000-server specs only
  // web (the tier with the most resources per server) is compiled here, ~5-10 s on these
  // machines; `npm run bench` compiles 1,000 application servers through the CLI.
  const valid = CASES.filter((c) => c.exit === 0 && !c.generated && !c.known && !/^bounds\/(app|print)-count-max/.test(c.id));
  it.each(valid)('$id', (c) => {
    const result = checkFile(c.arg!);
    expect(result.model, listed(result.diagnostics as unknown as JsonDiagnostic[])).toBeDefined();
    // The same expectations as through the CLI: warnings at their lines, or no diagnostics at all.
    for (const e of c.expect) {
      expect(
        result.diagnostics.some((d) => d.rule === e.rule && d.severity === e.severity && (e.line === undefined || d.line === e.line)),
        `expected ${e.severity} [${e.rule}] at line ${e.line ?? '?'}; got:\n${listed(result.diagnostics as unknown as JsonDiagnostic[])}`,
      ).toBe(true);
    }
    if (c.clean) expect(listed(result.diagnostics as unknown as JsonDiagnostic[])).toBe('');
    const stacks = synthesizeInMemory(result.model!);
    expect(stacks.map((s) => s.id)).toContain(result.model!.primary ? 'primary' : 'dr');
    for (const stack of stacks) expect(Object.keys(stack.json.resource ?? {}).length, `${stack.id} has resources`).toBeGreaterThan(0);
  });
});

describe('hostile corpus coverage', () => {
  it('has at least 40 committed fixture files, every one with an expectation', () => {
    expect(CASES.filter((c) => !c.generated).length).toBeGreaterThanOrEqual(40);
    expect(CASES.length).toBeGreaterThanOrEqual(200);
  });

  it('violates every semantic rule id at least once', () => {
    const covered = new Set(CASES.flatMap((c) => c.expect.map((e) => e.rule)));
    const missing = RULE_IDS.filter((id) => !covered.has(id) && !(id in UNREACHABLE));
    expect(missing, 'rule ids with no hostile fixture: add one under test/fixtures/hostile/rules').toEqual([]);
    for (const id of Object.keys(UNREACHABLE)) expect(RULE_IDS, `${id} is listed as unreachable but no rule emits it`).toContain(id);
  });

  it('covers every YAML and input rule id of the loader', () => {
    const covered = new Set(CASES.flatMap((c) => c.expect.map((e) => e.rule)));
    const source = readFileSync(join(ROOT, 'src', 'load', 'load.ts'), 'utf8');
    const ids = [...new Set([...source.matchAll(/'((?:yaml|input)\.[a-z-]+)'/g)].map((m) => m[1]!))];
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.filter((id) => !covered.has(id)), 'loader rule ids with no hostile fixture').toEqual([]);
  });

  it('has min-1, min, max and max+1 of every numeric field of the schema', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'refarch.schema.json'), 'utf8')) as unknown;
    const fields = new Map<string, { min: number; max: number }>();
    const walk = (node: unknown, name: string): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if ((n['type'] === 'integer' || n['type'] === 'number') && typeof n['minimum'] === 'number' && typeof n['maximum'] === 'number') {
        fields.set(name, { min: n['minimum'], max: n['maximum'] });
      }
      for (const [key, value] of Object.entries(n)) walk(value, key === 'properties' || key === '$defs' ? name : key);
    };
    walk(schema, '');
    // $defs/count is web/app/print.count and $defs/port is superserver/webserver/agent.
    const uses: Record<string, readonly string[]> = { count: ['count'], port: ['superserver', 'webserver', 'agent'] };
    const bounds = readdirSync(join(HOSTILE, 'bounds')).map((f) => readFileSync(join(HOSTILE, 'bounds', f), 'utf8'));
    const missing: string[] = [];
    for (const [name, { min, max }] of fields) {
      for (const key of uses[name] ?? [name]) {
        for (const value of [min - 1, min, max, max + 1]) {
          if (!bounds.some((text) => new RegExp(`\\b${key}: ${value}\\b`).test(text))) missing.push(`${key}: ${value}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
