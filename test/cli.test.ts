// CLI conventions users of terraform, kubectl and the CDK expect, through the built CLI in child
// processes: help, did-you-mean, - for standard input, colour switches, output formats against
// the file extension, tables that fit the terminal, versioned machine output, shell completion.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from './fixtures/hostile/harness';
import { textTable } from '../src/report/table';

const root = join(__dirname, '..');
const minimal = join(root, 'examples', 'minimal.yaml');
let cli: string;
let cwd: string;
beforeAll(() => {
  cli = builtCli();
  cwd = mkdtempSync(join(tmpdir(), 'refarch-cli-'));
}, 600_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function refarch(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...options.env };
  const run = spawnSync(process.execPath, [cli, ...args], { cwd, env, input: options.input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('help', () => {
  it('bare refarch prints the help and exits 0', () => {
    const run = refarch([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^refarch: compile/);
  });
  it.each([[['--help', 'validate']], [['help', 'validate']], [['validate', '--help']]])('%j shows the command\'s help', (args) => {
    const run = refarch(args);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: refarch validate/);
  });
});

describe('did you mean', () => {
  it('for a command', () => {
    const run = refarch(['synt', minimal]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('refarch: unknown command "synt"; did you mean "synth"? (run `refarch --help` for the list)\n');
  });
  it.each([
    ['validate', '--fromat', '--format'],
    ['validate', '--strcit', '--strict'],
    ['synth', '--remove-stak', '--remove-stack'],
  ])('%s %s suggests %s, in balanced quotes', (command, typo, meant) => {
    const run = refarch([command, typo, 'x', minimal]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`refarch: unknown option "${typo}" for ${command}; did you mean "${meant}"? (see refarch ${command} --help)\n`);
  });
  it('a missing option value is said plainly', () => {
    const run = refarch(['plan', minimal, '--format']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('refarch: option --format needs a value\n');
  });
  // #23: Node's parser said "option -o, needs a value" (a stray comma from "'-o, --output <value>'")
  // and, for `-o --strict`, that the option "takes no value" (it calls the missing value ambiguous).
  it.each([
    [['synth', 'x', '-o'], 'refarch: option -o (--output) needs a value\n'],
    [['synth', 'x', '--output'], 'refarch: option --output needs a value\n'],
    [['synth', 'x', '-o', '--strict'], 'refarch: option -o (--output) needs a value, but "--strict" follows it; give the value first, or write --output=--strict if the value really starts with a dash\n'],
    [['synth', 'x', '--strict=yes'], 'refarch: option --strict is a switch and takes no value (got "--strict=yes"); write --strict alone\n'],
  ])('%j: one plain line, exit 2', (args, message) => {
    const run = refarch(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(message);
  });
  it('a value that starts with a dash still goes through as --output=<value> and -o<value>, and - is a value', () => {
    for (const args of [['--output=-x'], ['-o-x'], ['-o', '-']]) expect(refarch(['synth', 'x', ...args]).stderr, args.join(' ')).toMatch(/^x error \[input\.missing\]/);
  });
  it('extra arguments are refused', () => {
    expect(refarch(['--version', 'x']).status).toBe(2);
    expect(refarch(['schema', 'x']).status).toBe(2);
    expect(refarch(['plan', minimal, minimal]).status).toBe(2);
  });
});

describe('- is standard input', () => {
  const spec = readFileSync(minimal, 'utf8');
  it('validate -', () => {
    const run = refarch(['validate', '-'], { input: spec });
    expect(run).toMatchObject({ status: 0, stdout: '<stdin>: valid\n' });
  });
  it('plan - and an invalid spec on stdin is named <stdin>', () => {
    expect(refarch(['plan', '-', '--format', 'json'], { input: spec }).stdout).toMatch(/"kind": "Plan"/);
    const bad = refarch(['plan', '-'], { input: spec.replace('profile: cache', 'profile: cach') });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^<stdin>:\d+:\d+ error \[schema.enum\] profile/);
    expect(bad.stderr).toMatch(/refarch: <stdin> is invalid; no plan was made/);
  });
});

describe('colour', () => {
  it('FORCE_COLOR colours piped output; --no-color and NO_COLOR do not', () => {
    expect(refarch(['plan', minimal], { env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(refarch(['plan', minimal, '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(refarch(['plan', minimal], { env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(refarch(['plan', minimal]).stdout).not.toContain('\u001b[');
  });
});

describe('output formats against the extension', () => {
  it('diagram -o x.png is refused; a contradicting --format too', () => {
    expect(refarch(['diagram', minimal, '-o', 'x.png'])).toMatchObject({ status: 2 });
    expect(refarch(['diagram', minimal, '-o', 'x.svg', '--format', 'dot'])).toMatchObject({ status: 2 });
    expect(refarch(['diagram', minimal, '-o', 'x.txt'])).toMatchObject({ status: 2 });
    expect(refarch(['diagram', minimal, '-o', 'x.dot']).status).toBe(0);
    expect(readFileSync(join(cwd, 'x.dot'), 'utf8')).toMatch(/^digraph/);
  });
});

describe('tables fit the terminal', () => {
  it('text columns are truncated with an ellipsis to fit the width; numbers are kept', () => {
    const rows = [['a-very-long-description-of-an-item-that-goes-on-and-on', '1,234.56']];
    const fitted = textTable(['description', 'monthly'], rows, { align: ['left', 'right'], maxWidth: 40 });
    for (const line of fitted.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
    expect(fitted).toContain('…');
    expect(fitted).toContain('1,234.56');
    expect(textTable(['description', 'monthly'], rows, { align: ['left', 'right'] })).toContain(rows[0]![0]);
  });
});

describe('machine output', () => {
  it('validate --format json is versioned and has null positions for position-less problems', () => {
    const run = refarch(['validate', '--format', 'json', 'missing.yaml', minimal]);
    const report = JSON.parse(run.stdout) as { apiVersion: string; kind: string; files: Array<{ file: string; valid: boolean }>; diagnostics: Array<{ line: number | null; column: number | null; rule: string }> };
    expect(report.apiVersion).toBe('refarch/v1');
    expect(report.kind).toBe('ValidationReport');
    expect(report.files.map((f) => f.valid)).toEqual([false, true]);
    expect(report.diagnostics).toEqual([expect.objectContaining({ rule: 'input.missing', line: null, column: null })]);
  });
});

describe('shell completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s: every command and its options, --strict and --remove-stack included', (shell) => {
    const run = refarch(['completion', shell]);
    expect(run.status).toBe(0);
    for (const word of ['validate', 'synth', 'plan', 'diagram', 'diff', 'init', 'import-icm', 'prices', 'config', 'schema', 'completion']) expect(run.stdout).toContain(word);
    expect(run.stdout).toMatch(/strict/);
    expect(run.stdout).toMatch(/remove-stack/);
  });
  it('bash script is valid bash', () => {
    const script = refarch(['completion', 'bash']).stdout;
    const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });
  it('an unknown shell is a usage error', () => {
    expect(refarch(['completion', 'tcsh']).status).toBe(2);
  });

  /** What bash completion offers for the words typed so far (the last one being completed). */
  function bashComplete(script: string, words: readonly string[]): string[] {
    const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
    const driver = `${script}\nCOMP_WORDS=(refarch ${quoted}); COMP_CWORD=${words.length}; _refarch; printf '%s\\n' "\${COMPREPLY[@]}"\n`;
    const run = spawnSync('bash', ['--norc', '--noprofile'], { input: driver, encoding: 'utf8', cwd });
    expect(run.stderr).toBe('');
    return run.stdout.split('\n').filter((l) => l !== '');
  }

  it.each([
    [['plan', 'spec.yaml', '--format', ''], ['table', 'json', 'markdown']],
    [['validate', '--format', 'j'], ['json']],
    [['diagram', 'spec.yaml', '--format', ''], ['svg', 'mermaid', 'dot']],
    [['config', 'spec.yaml', '--format', ''], ['files', 'json']],
    [['diff', 'a.yaml', 'b.yaml', '--format', ''], ['text', 'json']],
    [['init', '--profile', ''], ['trakcare', 'healthshare', 'cache']],
    [['init', '--model', ''], ['cloud', 'hybrid']],
    [['init', '--size', 'x'], ['xlarge']],
    [['init', '--dr-region', 'eu-west-'], ['eu-west-1', 'eu-west-2', 'eu-west-3']],
  ])('bash offers the values after an option: %j', (words, offered) => {
    expect(bashComplete(refarch(['completion', 'bash']).stdout, words)).toEqual(offered);
  });

  it('bash still offers options after a dash, and file names elsewhere', () => {
    const script = refarch(['completion', 'bash']).stdout;
    expect(bashComplete(script, ['plan', '--f'])).toEqual(['--format']);
    expect(bashComplete(script, ['init', '--dr'])).toEqual(['--dr-region']);
    expect(bashComplete(script, ['synth', '-o', 'zz-none'])).toEqual([]);
  });

  it('zsh and fish know which options take which values', () => {
    expect(refarch(['completion', 'zsh']).stdout).toContain("plan) _arguments '--format=:format:(table json markdown)' '--cache-dir=:cache-dir:_files'");
    const fish = refarch(['completion', 'fish']).stdout;
    expect(fish).toContain("complete -c refarch -n '__fish_seen_subcommand_from init' -l size -x -a 'small medium large xlarge'");
    expect(fish).toContain("complete -c refarch -n '__fish_seen_subcommand_from synth' -l output -r -F");
  });

  it('the bash script passes shellcheck -S warning', () => {
    const script = refarch(['completion', 'bash']).stdout;
    const check = spawnSync(process.env['SHELLCHECK'] ?? 'shellcheck', ['-S', 'warning', '-s', 'bash', '-'], { input: script, encoding: 'utf8' });
    expect(check.error, 'shellcheck is required (Debian: apt-get install -y shellcheck; .ci/run installs it)').toBeUndefined();
    expect(check.stdout).toBe('');
    expect(check.status).toBe(0);
  });
});
