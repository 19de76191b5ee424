// The CLI users run is dist/bundle/ (the CLI and the synthesizer, each with its V8 code cache;
// scripts/bundle.mjs, bin/load-bundle.js), not the dist/src the library tests exercise. These tests run a private
// build of the current sources (see the harness) and check that the bundle writes exactly the
// golden Terraform, that its cache is the one V8 accepts, and that a stale or broken bundle is
// never run silently.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, cleanEnv, ROOT, STACK_TRACE, tempDir } from './fixtures/hostile/harness';

const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
let built: string;
let scratch: string;

beforeAll(() => {
  built = dirname(dirname(builtCli()));
  scratch = tempDir('refarch-bundle-test-');
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `node -e <code>` with the built package's bin/load-bundle.js as `loader`; returns stdout. */
function withLoader(packageDir: string, code: string): string {
  const result = spawnSync(process.execPath, ['-e', `const loader = require(${JSON.stringify(join(packageDir, 'bin', 'load-bundle.js'))});\n${code}`], { env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/**
 * A copy of the built package (dist and bin; node_modules linked) to break on purpose; with
 * `checkout`, an empty src/ makes it look like a source checkout (stale bundles are detected).
 */
function copyOfBuild(name: string, options: { checkout?: boolean } = {}): string {
  const dir = join(scratch, name);
  if (options.checkout) mkdirSync(join(dir, 'src'), { recursive: true });
  cpSync(join(built, 'dist'), join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
  cpSync(join(built, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(built, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function synth(packageDir: string, spec: string, out: string) {
  return spawnSync(process.execPath, [join(packageDir, 'bin', 'refarch.js'), 'synth', spec, '-o', out], { cwd: scratch, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
}

describe('the bundled CLI', () => {
  it('is two ASCII files, the CLI and the synthesizer, each ending with its build id, next to the code caches named after them', () => {
    const ids = ['refarch.cjs', 'refarch-synth.cjs'].map((name) => {
      const bundle = readFileSync(join(built, 'dist', 'bundle', name), 'latin1');
      expect(bundle, name).not.toMatch(/[^\x00-\x7f]/);
      const id = /\/\/# refarch-build ([0-9a-f]{64})\n$/.exec(bundle)?.[1];
      expect(id, name).toBeDefined();
      return id!;
    });
    expect(readdirSync(join(built, 'dist', 'bundle')).sort()).toEqual(['refarch-synth.cjs', 'refarch.cjs', ...ids.map((id) => `refarch-${id.slice(0, 16)}.v8cache`)].sort());
  });

  it('starts both bundles from their code caches (V8 accepts them) and exposes the CLI and the synthesizer', () => {
    const out = withLoader(
      built,
      `const cli = loader.loadCli(); const synth = loader.loadSynth();
       console.log(JSON.stringify({ run: typeof cli.run, synthesizeTo: typeof synth.synthesizeTo, loaded: loader.loadedBundles().map((b) => [require('node:path').basename(b.file), b.cacheUsed]) }));`,
    );
    expect(JSON.parse(out)).toEqual({ run: 'function', synthesizeTo: 'function', loaded: [['refarch.cjs', true], ['refarch-synth.cjs', true]] });
  });

  it('never loads the synthesizer (cdktf) for validate and plan', () => {
    const dir = copyOfBuild('no-synth');
    const synthBundle = join(dir, 'dist', 'bundle', 'refarch-synth.cjs');
    writeFileSync(synthBundle, 'throw new Error("synth bundle loaded");\n');
    const spec = join(ROOT, 'examples', 'trakcare.yaml');
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'bin', 'refarch.js'), ...args], { cwd: scratch, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(cli('validate', spec).status).toBe(0);
    expect(cli('plan', spec).status).toBe(0);
    // synth does need it, and refuses it before running any of it (it has no matching build id).
    const failed = synth(dir, spec, join(scratch, 'out-no-synth'));
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('is not from the build this CLI was made with');
    expect(failed.stderr).not.toContain('synth bundle loaded');
    expect(failed.stderr).not.toMatch(STACK_TRACE);
  });

  it.each(examples)('synthesizes examples/%s to exactly the golden Terraform', (file) => {
    const out = join(scratch, `out-${file}`);
    const result = synth(built, join(ROOT, 'examples', file), out);
    expect(result.status, result.stderr).toBe(0);
    const golden = join(ROOT, 'test', 'golden', file.replace(/\.yaml$/, ''));
    const stacks = readdirSync(join(out, 'stacks')).sort();
    expect(stacks.map((s) => `${s}.cdk.tf.json`)).toEqual(readdirSync(golden).sort());
    for (const id of stacks) {
      expect(JSON.parse(readFileSync(join(out, 'stacks', id, 'cdk.tf.json'), 'utf8')), id).toEqual(JSON.parse(readFileSync(join(golden, `${id}.cdk.tf.json`), 'utf8')));
    }
  });

  it('runs without a cache when none matches its build id (another build), with the same output', () => {
    const dir = copyOfBuild('no-cache');
    for (const f of readdirSync(join(dir, 'dist', 'bundle'))) if (f.endsWith('.v8cache')) rmSync(join(dir, 'dist', 'bundle', f));
    const loaded = withLoader(dir, 'loader.loadCli(); loader.loadSynth(); console.log(JSON.stringify(loader.loadedBundles().map((b) => b.cacheUsed)));');
    expect(JSON.parse(loaded)).toEqual([false, false]);
    const result = synth(dir, join(ROOT, 'examples', 'minimal.yaml'), join(scratch, 'out-no-cache'));
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(scratch, 'out-no-cache', 'stacks', 'primary', 'cdk.tf.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(ROOT, 'test', 'golden', 'minimal', 'primary.cdk.tf.json'), 'utf8')));
  });

  it('is what bin/refarch.js runs: with dist/src/cli/main.js broken (and older), synth still works', () => {
    const dir = copyOfBuild('bundle-used', { checkout: true });
    const main = join(dir, 'dist', 'src', 'cli', 'main.js');
    writeFileSync(main, 'throw new Error("dist/src ran");\n');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(main, old, old);
    const result = synth(dir, join(ROOT, 'examples', 'minimal.yaml'), join(scratch, 'out-bundle-used'));
    expect(result.status, result.stderr).toBe(0);
  });

  it.each([
    ['a bare tsc rewrote every file', ['cli/main.js', 'synth/stack.js']],
    ['tsc --watch rewrote one edited file', ['synth/stack.js']],
  ])('is not run in a source checkout when dist/src is newer (%s): the CLI runs dist/src instead', (_, touched) => {
    const dir = copyOfBuild(`stale-${touched.length}`, { checkout: true });
    const bundle = join(dir, 'dist', 'bundle', 'refarch.cjs');
    writeFileSync(bundle, 'throw new Error("stale bundle ran");\n');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(bundle, old, old);
    for (const file of readdirSync(join(dir, 'dist', 'src'), { recursive: true }).map(String)) utimesSync(join(dir, 'dist', 'src', file), old, old);
    const now = new Date();
    for (const file of touched) utimesSync(join(dir, 'dist', 'src', file), now, now);
    const result = synth(dir, join(ROOT, 'examples', 'minimal.yaml'), join(scratch, `out-stale-${touched.length}`));
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(scratch, `out-stale-${touched.length}`, 'stacks', 'primary', 'cdk.tf.json'))).toBe(true);
  });

  it('ignores a code cache older than its bundle (the bundle was edited after the build, same length, build id kept)', () => {
    const dir = copyOfBuild('edited');
    const bundle = join(dir, 'dist', 'bundle', 'refarch.cjs');
    const text = readFileSync(bundle, 'latin1');
    expect(text).toContain('Synthesized');
    writeFileSync(bundle, text.replace('Synthesized', 'Synthesizex'), 'latin1');
    const result = synth(dir, join(ROOT, 'examples', 'minimal.yaml'), join(scratch, 'out-edited'));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Synthesizex 1 stack/);
  });

  it('works as npm packs it: from another folder through a symlinked bin, from the bundle with both caches, and from dist/src without it', () => {
    const packDir = join(scratch, 'pack');
    mkdirSync(packDir);
    const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: built, env: cleanEnv(), encoding: 'utf8', timeout: 120_000 });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'))!;
    expect(spawnSync('tar', ['-xzf', join(packDir, tarball), '-C', packDir]).status).toBe(0);
    const pkg = join(packDir, 'package');
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    const binDir = join(scratch, 'path-bin');
    mkdirSync(binDir);
    symlinkSync(join(pkg, 'bin', 'refarch.js'), join(binDir, 'refarch'));
    const elsewhere = join(scratch, 'elsewhere');
    mkdirSync(elsewhere);
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(binDir, 'refarch'), ...args], { cwd: elsewhere, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
    const spec = join(ROOT, 'examples', 'trakcare.yaml');
    expect(cli('synth', spec, '-o', 'out').status).toBe(0);
    const loaded = withLoader(pkg, 'loader.loadCli(); loader.loadSynth(); console.log(JSON.stringify(loader.loadedBundles().map((b) => b.cacheUsed)));');
    expect(JSON.parse(loaded)).toEqual([true, true]);
    // Without the bundle, the CLI and the library run from dist/src (and need dist/schema).
    rmSync(join(pkg, 'dist', 'bundle'), { recursive: true });
    expect(cli('validate', spec).status).toBe(0);
    const library = spawnSync(process.execPath, ['-e', `console.log(typeof require(${JSON.stringify(pkg)}).checkFile)`], { cwd: elsewhere, env: cleanEnv(), encoding: 'utf8' });
    expect(library.stdout.trim(), library.stderr).toBe('function');
  }, 180_000);

  it('refuses a synth bundle from another build (a rebuild while refarch starts): one line, exit 2; validate is unaffected', () => {
    const dir = copyOfBuild('rebuilt');
    const synthBundle = join(dir, 'dist', 'bundle', 'refarch-synth.cjs');
    const text = readFileSync(synthBundle, 'latin1');
    writeFileSync(synthBundle, text.replace(/(\/\/# refarch-build )[0-9a-f]{64}\n$/, `$1${'0'.repeat(64)}\n`), 'latin1');
    const spec = join(ROOT, 'examples', 'minimal.yaml');
    const result = synth(dir, spec, join(scratch, 'out-rebuilt'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^refarch: .*refarch-synth\.cjs is not from the build this CLI was made with \(a rebuild in progress, or a damaged build\); run the command again, or `npm run build`\n$/);
    expect(existsSync(join(scratch, 'out-rebuilt'))).toBe(false);
    const validate = spawnSync(process.execPath, [join(dir, 'bin', 'refarch.js'), 'validate', spec], { cwd: scratch, env: cleanEnv(), encoding: 'utf8' });
    expect(validate.status, validate.stderr).toBe(0);
  });

  it('fails with one clear line, exit 70 and no stack trace when the bundle is broken', () => {
    const dir = copyOfBuild('broken');
    const bundle = join(dir, 'dist', 'bundle', 'refarch.cjs');
    writeFileSync(bundle, 'throw new Error("broken bundle");\n');
    const future = new Date(Date.now() + 3600_000);
    utimesSync(bundle, future, future);
    const result = synth(dir, join(ROOT, 'examples', 'minimal.yaml'), join(scratch, 'out-broken'));
    expect(result.status).toBe(70);
    expect(result.stderr).toMatch(/^refarch: internal error: the compiled CLI is missing or broken .*run `npm run build` first\n$/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(scratch, 'out-broken'))).toBe(false);
  });
});
