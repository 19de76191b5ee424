// The package as a user gets it: `npm pack` of a build of the current sources, installed from the
// tarball into an empty folder (dependencies only, as npm installs any registry package), then
// every command run on every shipped example through node_modules/.bin/refarch. Checks the
// install size (the CLI runs from its bundles, so cdktf and the 392 MB of provider bindings are
// optional peers, not dependencies), that what the README links to is in the package, and how the
// library entries behave with and without those peers.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, cleanEnv, ROOT, tempDir } from './fixtures/hostile/harness';

const LIMIT_MB = 60;
const PEERS = ['cdktf', 'constructs', '@cdktf/provider-aws'];
let scratch: string;
let project: string;
let installed: string;
let installLog: string;

function npm(args: string[], cwd: string) {
  return spawnSync('npm', args, { cwd, env: cleanEnv({ npm_config_update_notifier: 'false' }), encoding: 'utf8', timeout: 240_000 });
}

beforeAll(() => {
  const built = dirname(dirname(builtCli()));
  scratch = tempDir('refarch-install-test-');
  // What package.json's `files` ships: the build output from the private build, the rest (README,
  // docs, ...) from this checkout, which the private build does not copy.
  const source = join(scratch, 'source');
  const pkg = JSON.parse(readFileSync(join(built, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of ['package.json', ...pkg.files]) cpSync(join(existsSync(join(built, entry)) ? built : ROOT, entry), join(source, entry), { recursive: true });
  const packDir = join(scratch, 'pack');
  mkdirSync(packDir);
  const pack = npm(['pack', '--silent', '--pack-destination', packDir], source);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
  project = join(scratch, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "empty-project", "private": true }\n');
  // From npm's cache (filled by `npm ci`) when it has every packument; else from the registry.
  const common = ['install', '--no-audit', '--no-fund', '--no-save', tarball];
  let install = npm(['--offline', ...common], project);
  installLog = `--offline: exit ${install.status}`;
  if (install.status !== 0) {
    install = npm(['--prefer-offline', ...common], project);
    installLog += `; --prefer-offline: exit ${install.status}`;
  }
  if (install.status !== 0) throw new Error(`npm install of the tarball failed (${installLog}):\n${install.stderr}`);
  installed = join(project, 'node_modules', 'refarch');
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed tarball installed into an empty folder', () => {
  it(`takes less than ${LIMIT_MB} MB, without cdktf and the provider bindings`, () => {
    const du = spawnSync('du', ['-sk', join(project, 'node_modules')], { encoding: 'utf8' });
    expect(du.status, du.stderr).toBe(0);
    const mb = Number(du.stdout.split('\t')[0]) / 1024;
    console.log(`install: ${mb.toFixed(1)} MB in node_modules (${installLog})`);
    expect(mb).toBeLessThan(LIMIT_MB);
    for (const peer of PEERS) expect(existsSync(join(project, 'node_modules', peer)), peer).toBe(false);
  });

  it('holds what the README links to, and says where the project lives', () => {
    const readme = readFileSync(join(installed, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links).toContain('docs/spec-reference.md');
    for (const link of links) expect(existsSync(join(installed, link)), link).toBe(true);
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\//);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\//);
    for (const peer of PEERS) expect(pkg.peerDependenciesMeta?.[peer]?.optional, peer).toBe(true);
  });

  it('runs every command on every example from node_modules/.bin/refarch, with no Node warning', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'every-command.mjs'), '--refarch', join(project, 'node_modules', '.bin', 'refarch'), '--examples', join(installed, 'examples')], {
      cwd: project,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/every-command: \d+ commands on 5 examples passed/);
  }, 300_000);

  it('loads undici (a dependency kept outside the bundle) when refarch prices goes through a proxy', () => {
    // A proxy that is not there: the one failure line names it; a missing undici would crash instead.
    const run = spawnSync(join(project, 'node_modules', '.bin', 'refarch'), ['prices', '--region', 'eu-west-1', '--cache-dir', join(scratch, 'proxy-cache')], {
      cwd: project,
      env: cleanEnv({ HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: '', NO_PROXY: '', no_proxy: '' }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^refarch: cannot fetch https:\/\/pricing\.us-east-1\.amazonaws\.com\/.*; through the proxy in HTTPS_PROXY\); the bundled prices and the cached ones are unchanged\n$/);
  });

  it('serves the library entry (load, validate, resolve) without the peers; the synthesizer entry names the peers it needs', () => {
    const spec = join(installed, 'examples', 'trakcare.yaml');
    const library = spawnSync(process.execPath, ['-e', `const r = require('refarch'); const c = r.checkFile(${JSON.stringify(spec)}); console.log(JSON.stringify({ model: c.model !== undefined, errors: r.hasErrors(c.diagnostics) }));`], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    expect(library.status, library.stderr).toBe(0);
    expect(JSON.parse(library.stdout)).toEqual({ model: true, errors: false });
    const synth = spawnSync(process.execPath, ['-e', "require('refarch/dist/src/synth')"], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    expect(synth.status).not.toBe(0);
    expect(synth.stderr).toMatch(/Cannot find module '(cdktf|constructs|@cdktf\/provider-aws)/);
  });

  it('synthesizes through the library once the project has the peers (here linked from this checkout)', () => {
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, '@cdktf'), { recursive: true });
    for (const peer of PEERS) symlinkSync(join(ROOT, 'node_modules', peer), join(modules, peer), 'dir');
    try {
      const spec = join(installed, 'examples', 'minimal.yaml');
      const out = join(scratch, 'library-out');
      const code = `const r = require('refarch'); const { synthesizeTo } = require('refarch/dist/src/synth');
        console.log(JSON.stringify(synthesizeTo(r.checkFile(${JSON.stringify(spec)}).model, ${JSON.stringify(out)})));`;
      const result = spawnSync(process.execPath, ['-e', code], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(['primary']);
      expect(JSON.parse(readFileSync(join(out, 'stacks', 'primary', 'cdk.tf.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(ROOT, 'test', 'golden', 'minimal', 'primary.cdk.tf.json'), 'utf8')));
    } finally {
      for (const peer of PEERS) rmSync(join(modules, peer), { force: true });
    }
  });
});
