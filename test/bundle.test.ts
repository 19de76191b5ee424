// The CLI users run is dist/bundle/refarch.cjs with its V8 code cache (scripts/bundle.mjs,
// bin/load-bundle.js), not the dist/src the library tests exercise. These tests run a private
// build of the current sources (see the harness) and check that the bundle writes exactly the
// golden Terraform, that its cache is the one V8 accepts, and that a stale or broken bundle is
// never run silently.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
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

/** A copy of the built package (dist and bin; node_modules linked) to break on purpose. */
function copyOfBuild(name: string): string {
  const dir = join(scratch, name);
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
  it('is one ASCII file that ends with its build id, next to the code cache named after it', () => {
    const bundle = readFileSync(join(built, 'dist', 'bundle', 'refarch.cjs'), 'latin1');
    expect(bundle).not.toMatch(/[^\x00-\x7f]/);
    const id = /\/\/# refarch-build ([0-9a-f]{64})\n$/.exec(bundle)?.[1];
    expect(id).toBeDefined();
    expect(readdirSync(join(built, 'dist', 'bundle')).sort()).toEqual([`refarch-${id!.slice(0, 16)}.v8cache`, 'refarch.cjs']);
  });

  it('starts from its code cache (V8 accepts it) and exposes the CLI', () => {
    const out = withLoader(built, 'const r = loader.runBundle(loader.BUNDLE, false); console.log(JSON.stringify({ cacheUsed: r.cacheUsed, run: typeof r.exports.run }));');
    expect(JSON.parse(out)).toEqual({ cacheUsed: true, run: 'function' });
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
    expect(JSON.parse(withLoader(dir, 'console.log(JSON.stringify(loader.runBundle(loader.BUNDLE, false).cacheUsed));'))).toBe(false);
    const result = synth(dir, join(ROOT, 'examples', 'minimal.yaml'), join(scratch, 'out-no-cache'));
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(scratch, 'out-no-cache', 'stacks', 'primary', 'cdk.tf.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(ROOT, 'test', 'golden', 'minimal', 'primary.cdk.tf.json'), 'utf8')));
  });

  it('is not run when dist/src is newer (a bare tsc after the build): the CLI runs dist/src instead', () => {
    const dir = copyOfBuild('stale');
    const bundle = join(dir, 'dist', 'bundle', 'refarch.cjs');
    writeFileSync(bundle, 'throw new Error("stale bundle ran");\n');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(bundle, old, old);
    const result = synth(dir, join(ROOT, 'examples', 'minimal.yaml'), join(scratch, 'out-stale'));
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(scratch, 'out-stale', 'stacks', 'primary', 'cdk.tf.json'))).toBe(true);
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
