// `refarch config`: every instance's day-one files written into one folder (atomically, only over
// its own previous output), or printed as JSON; Caché and configure: false say why and write nothing.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configCommand } from '../src/cli/commands/config';
import { runCli } from './fixtures/hostile/harness';
import { runCommand } from './helpers/command';
import { EXAMPLES_DIR, exampleText } from './helpers/models';

const scratch = mkdtempSync(join(tmpdir(), 'refarch-config-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const run = (argv: string[]) => runCommand(configCommand, argv, { cwd: scratch });
const trakcare = join(EXAMPLES_DIR, 'trakcare.yaml');

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else out[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return out;
}

describe('refarch config', () => {
  it('writes one file per instance and a manifest saying where each goes; the same bytes every run', async () => {
    const r = await run([trakcare, '-o', 'out']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('Wrote 12 merge files and 5 Web Gateway definitions into out/ (manifest.json says where each goes).\n');
    const first = tree(join(scratch, 'out'));
    expect(Object.keys(first)).toContain('primary/db_trakcare_primary.merge.cpf');
    expect(Object.keys(first)).toContain('dr/web_2.CSP.ini');
    expect(first['primary/db_trakcare_primary.merge.cpf']).toBe(readFileSync(join(__dirname, 'golden-config', 'trakcare', 'primary', 'db_trakcare_primary.merge.cpf'), 'utf8'));
    const manifest = JSON.parse(first['manifest.json']!) as { kind: string; files: Array<{ file: string; path: string; role: string; hostName: string }> };
    expect(manifest.kind).toBe('ConfigFiles');
    expect(manifest.files.find((f) => f.file === 'primary/db_trakcare_backup.merge.cpf')).toMatchObject({ path: '/opt/refarch/config/merge.cpf', role: 'mirror-backup', hostName: 'db-trakcare-backup.primary.trakcare-prod.internal' });
    expect((await run([trakcare, '-o', 'out'])).code).toBe(0);
    expect(tree(join(scratch, 'out'))).toEqual(first);
  });

  it('replaces its own previous output (no stale files) and refuses any other folder, writing nothing', async () => {
    expect((await run([trakcare, '-o', 'again'])).code).toBe(0);
    expect((await run([join(EXAMPLES_DIR, 'minimal.yaml'), '-o', 'again'])).code).toBe(0);
    expect(existsSync(join(scratch, 'again', 'dr'))).toBe(false);
    mkdirSync(join(scratch, 'synth-out'));
    writeFileSync(join(scratch, 'synth-out', 'manifest.json'), '{"version":"stubbed"}');
    const refused = await run([trakcare, '-o', 'synth-out']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^refarch: .*not a refarch config manifest.*\n$/);
    expect(readdirSync(join(scratch, 'synth-out'))).toEqual(['manifest.json']);
    mkdirSync(join(scratch, 'mine'));
    writeFileSync(join(scratch, 'mine', 'notes.txt'), 'keep me');
    expect((await run([trakcare, '-o', 'mine'])).code).toBe(2);
    expect(readFileSync(join(scratch, 'mine', 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('-o a non-empty folder of the user\'s: the refusal names config\'s own kind of folder (through the built CLI)', async () => {
    mkdirSync(join(scratch, 'notes'), { recursive: true });
    writeFileSync(join(scratch, 'notes', 'todo.txt'), 'keep me');
    const r = await runCli(['config', trakcare, '-o', 'notes'], { cwd: scratch });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^refarch: .*notes exists, is not empty and holds no manifest.json, so it is not a previous refarch config output; refusing to replace it \(choose a new or empty folder with -o\)\n$/);
    expect(r.stderr).not.toContain('synth');
    expect(readFileSync(join(scratch, 'notes', 'todo.txt'), 'utf8')).toBe('keep me');
  });

  it('is never replaced by synth: each command replaces only its own kind of output', async () => {
    expect((await run([trakcare, '-o', 'config-out'])).code).toBe(0);
    const before = tree(join(scratch, 'config-out'));
    const synth = await runCli(['synth', trakcare, '-o', 'config-out'], { cwd: scratch });
    expect(synth.status).toBe(2);
    expect(synth.stderr).toMatch(/^refarch: .*config-out holds another output of refarch \(its manifest.json is not a synth \(cdktf\) manifest\).*\n$/);
    expect(tree(join(scratch, 'config-out'))).toEqual(before);
  });

  it('--format json prints every file with where it goes, and writes nothing', async () => {
    const r = await run([trakcare, '--format', 'json', '-o', 'never']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { apiVersion: string; kind: string; files: Array<{ role: string; text: string }> };
    expect(doc).toMatchObject({ apiVersion: 'refarch/v1', kind: 'ConfigFiles' });
    expect(doc.files.filter((f) => f.role === 'mirror-primary')).toHaveLength(1);
    expect(existsSync(join(scratch, 'never'))).toBe(false);
  });

  it('Caché and configure: false: one line why, exit 0, nothing written', async () => {
    for (const [extra, why] of [['software: { platform: cache }\n', /platform is cache/], ['software: { configure: false }\n', /configure is false/]] as const) {
      const spec = join(scratch, 'off.yaml');
      writeFileSync(spec, `${exampleText('minimal.yaml')}${extra}`);
      const r = await run([spec, '-o', 'off']);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(why);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(existsSync(join(scratch, 'off'))).toBe(false);
    }
  });

  it('usage errors exit 2, an invalid spec 1', async () => {
    expect((await run([trakcare, '--format', 'xml'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
    expect((await run([trakcare, trakcare])).code).toBe(2);
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, `${exampleText('minimal.yaml')}software: { install: { kind: container } }\n`);
    const r = await run([bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('software.install-source');
  });
});
