// Hostile and broken input to the built CLI (`node bin/refarch.js validate <file>`), each in a
// child process started in a fresh, empty working directory. Every case must end quickly with a
// non-zero exit, one clear `file:line:col error [rule]` line (no line for files without content
// to point into), no stack trace, and nothing written to the working directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, runCliSync } from './fixtures/hostile/harness';

const root = join(__dirname, '..');
let cli: string;
const fixtures = join(__dirname, 'fixtures', 'bad');
const DEPTH = 20_000;
/** CPU time (not wall time: a loaded CI machine would measure its neighbours) of one validate. */
const CPU_LIMIT_MS = 2_000;

let generated: string;

beforeAll(() => {
  // A private build of the current sources, as `npm run build` makes it (bundle included).
  cli = builtCli();

  generated = mkdtempSync(join(tmpdir(), 'refarch-bad-input-'));
  const write = (name: string, data: string | Uint8Array) => writeFileSync(join(generated, name), data);
  write('binary.yaml', Buffer.concat([Buffer.from('apiVersion: refarch/v1\nname: '), Buffer.from([0x00, 0x01, 0x02, 0xff])]));
  write('latin1.yaml', Buffer.concat([Buffer.from('apiVersion: refarch/v1\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  write('deep-flow.yaml', `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`);
  // Block nesting 20,000 deep: compact nested sequences nest one level per `- ` on one line.
  write('deep-block.yaml', `${'- '.repeat(DEPTH)}x\n`);
  // Indentation nesting: one space per level fits ~1,400 levels in the 1 MB limit (20,000 levels
  // would need 200 MB and be refused by size before reading, which the 12 MB case covers).
  write('deep-indent.yaml', Array.from({ length: 1_400 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + '\n');
  write('big.yaml', `description: "${'x'.repeat(12 * 1024 * 1024)}"\n`);
  mkdirSync(join(generated, 'a-directory.yaml'));
});

afterAll(() => {
  if (generated) rmSync(generated, { recursive: true, force: true });
});

interface Expectation {
  readonly name: string;
  /** Fixture name under test/fixtures/bad, or `gen:<name>` for a file generated in beforeAll. */
  readonly file: string;
  readonly exit: 1 | 2;
  readonly rule: string;
  /** line:col where the file has a place to point at; undefined when it has none. */
  readonly at: string | undefined;
  readonly message?: RegExp;
}

const CASES: Expectation[] = [
  { name: 'empty file', file: 'empty.yaml', exit: 1, rule: 'input.empty', at: '1:1' },
  { name: 'a scalar at the top', file: 'scalar.yaml', exit: 1, rule: 'schema.type', at: '2:1', message: /must be object, not the string "just a string"/ },
  { name: 'a list at the top', file: 'list.yaml', exit: 1, rule: 'schema.type', at: '1:1', message: /must be object, not a list/ },
  { name: 'YAML syntax error', file: 'syntax.yaml', exit: 1, rule: 'yaml.syntax', at: '4:1' },
  { name: 'duplicate keys', file: 'duplicate-keys.yaml', exit: 1, rule: 'yaml.duplicate-key', at: '3:1', message: /duplicate key "name" \(first at line 2\)/ },
  { name: 'tabs for indentation', file: 'tabs.yaml', exit: 1, rule: 'yaml.tab', at: '3:1' },
  { name: 'binary (NUL bytes)', file: 'gen:binary.yaml', exit: 1, rule: 'input.binary', at: '2:7' },
  { name: 'non-UTF-8 bytes', file: 'gen:latin1.yaml', exit: 1, rule: 'input.encoding', at: '2:10' },
  { name: 'alias bomb (billion laughs)', file: 'alias-bomb.yaml', exit: 1, rule: 'yaml.alias-bomb', at: '3:8' },
  { name: `${DEPTH}-deep flow nesting`, file: 'gen:deep-flow.yaml', exit: 1, rule: 'yaml.too-deep', at: '1:65' },
  { name: `${DEPTH}-deep block nesting`, file: 'gen:deep-block.yaml', exit: 1, rule: 'yaml.too-deep', at: '1:131' },
  { name: 'deep indentation nesting', file: 'gen:deep-indent.yaml', exit: 1, rule: 'yaml.too-deep', at: '131:131' },
  { name: 'a 12 MB file', file: 'gen:big.yaml', exit: 1, rule: 'input.too-large', at: '1:1048577', message: /is 12582928 bytes; specs are limited to 1048576 bytes, passed here/ },
  { name: 'a directory', file: 'gen:a-directory.yaml', exit: 2, rule: 'input.directory', at: undefined },
  { name: 'a missing file', file: 'gen:no-such-file.yaml', exit: 2, rule: 'input.missing', at: undefined },
];

function pathOf(file: string): string {
  return file.startsWith('gen:') ? join(generated, file.slice(4)) : join(fixtures, file);
}

describe('bad input to `refarch validate`', () => {
  it.each(CASES)('$name', (c) => {
    const cwd = mkdtempSync(join(tmpdir(), 'refarch-cwd-'));
    try {
      const file = pathOf(c.file);
      const result = runCliSync(['validate', file], { cwd, timeoutMs: 10_000 });

      expect(result.signal, 'not killed').toBeNull();
      expect(result.status).toBe(c.exit);
      expect(result.cpuMs, 'finishes quickly').toBeLessThan(CPU_LIMIT_MS);

      const lines = result.stderr.split('\n').filter((l) => l !== '');
      expect(lines, result.stderr).toHaveLength(1);
      const where = c.at === undefined ? file : `${file}:${c.at}`;
      expect(lines[0]!.startsWith(`${where} error [${c.rule}] `), lines[0]).toBe(true);
      if (c.message) expect(lines[0]).toMatch(c.message);
      // The diagnostic says how to fix it: "<what>; <fix>".
      expect(lines[0]!.slice(where.length).split('; ').length).toBeGreaterThanOrEqual(2);
      expect(result.stdout).toBe('');

      // No stack trace, no error dump.
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).not.toMatch(/\bError:/);
      expect(result.stderr).not.toMatch(/internal error/);

      expect(readdirSync(cwd), 'nothing written in the working directory').toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('the same inputs through --format json: one parseable document, the same rule ids', () => {
    const files = CASES.map((c) => pathOf(c.file));
    const result = spawnSync(process.execPath, [cli, 'validate', '--format', 'json', ...files], { cwd: generated, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2); // the worst of the files: unreadable input
    const report = JSON.parse(result.stdout) as { valid: boolean; diagnostics: Array<{ rule: string; file: string }> };
    expect(report.valid).toBe(false);
    expect(report.diagnostics.map((d) => d.rule)).toEqual(CASES.map((c) => c.rule));
    expect(result.stderr).toBe('');
  });
});
