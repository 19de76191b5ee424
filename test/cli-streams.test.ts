// The CLI's streams under pressure (#23), through the built CLI and real pipes: a reader that goes
// away (`| head -c1` on output larger than a pipe's 64 KiB buffer) ends the command quietly with
// exit 0; a full device (/dev/full) is one line and exit 2; a directory or a device on standard
// input is an input error (exit 2). Before this, each was a Node stack trace (exit 1) or an
// "internal error: EISDIR" (exit 70).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, cleanEnv, STACK_TRACE } from './fixtures/hostile/harness';

const EXAMPLES = join(__dirname, '..', 'examples');
const PIPE_BUFFER = 64 * 1024;
let cli: string;
let scratch: string;

beforeAll(() => {
  cli = builtCli();
  scratch = mkdtempSync(join(tmpdir(), 'refarch-streams-'));
}, 240_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `node <cli> <args>` inside a bash pipeline; `{}` in the pipeline stands for that command. */
function pipeline(args: readonly string[], shape: string): { status: number; stderr: string; extra: string } {
  const errFile = join(scratch, `err-${Math.random().toString(36).slice(2)}`);
  const command = ['node', cli, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const position = shape.slice(0, shape.indexOf('{}')).split('|').length - 1;
  const script = `${shape.replace('{}', `${command} 2>'${errFile}'`)}; echo "\${PIPESTATUS[${position}]}"`;
  const run = spawnSync('bash', ['-c', script], { cwd: scratch, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  return { status: Number(lines.pop()), stderr: readFileSync(errFile, 'utf8'), extra: lines.join('\n') };
}

const LARGE_OUTPUTS: Array<{ name: string; args: string[] }> = [
  { name: 'schema', args: ['schema'] },
  { name: 'plan --format json of healthshare', args: ['plan', join(EXAMPLES, 'healthshare.yaml'), '--format', 'json'] },
  { name: 'diagram of healthshare', args: ['diagram', join(EXAMPLES, 'healthshare.yaml')] },
];

describe('a reader that goes away', () => {
  it.each(LARGE_OUTPUTS)('$name | head -c1: exit 0, nothing on stderr', ({ args }) => {
    // The output must be larger than the pipe buffer, or every byte fits before head exits.
    const size = pipeline(args, '{} | wc -c');
    expect(size.status).toBe(0);
    expect(Number(size.extra)).toBeGreaterThan(PIPE_BUFFER);

    const run = pipeline(args, '{} | head -c1 >/dev/null');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr).not.toMatch(/EPIPE|internal error/);
    expect(run.status).toBe(0);
  });
});

describe('a full device', () => {
  it.each(LARGE_OUTPUTS.concat([{ name: 'validate (a short line)', args: ['validate', join(EXAMPLES, 'minimal.yaml')] }]))('$name > /dev/full: one line, exit 2', ({ args }) => {
    const run = pipeline(args, '{} >/dev/full');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('refarch: cannot write to standard output: no space left on the device (ENOSPC)\n');
  });
});

describe('standard input that is not a spec', () => {
  it.each([
    ['a directory', '/tmp', /^refarch: standard input is a directory, not a spec; pipe a spec file in/],
    ['a device', '/dev/zero', /^refarch: standard input is a device, not a spec; pipe a spec file in/],
  ])('validate - < %s: exit 2, one line', (_name, source, message) => {
    const run = pipeline(['validate', '-'], `{} <${source}`);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('an endless pipe is cut at the size limit: input.too-large, exit 1', () => {
    const run = pipeline(['validate', '-'], 'cat /dev/zero | {}');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^<stdin>:\d+:\d+ error \[input\.too-large\] is more than 1048576 bytes/);
  });

  it('a spec piped in or redirected from a file still reads', () => {
    expect(pipeline(['validate', '-'], `cat '${join(EXAMPLES, 'minimal.yaml')}' | {}`).status).toBe(0);
    expect(pipeline(['validate', '-'], `{} <'${join(EXAMPLES, 'minimal.yaml')}'`).status).toBe(0);
  });
});
