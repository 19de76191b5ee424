// The project's own tooling, as a developer meets it: `npm ci` is quiet about install scripts
// (every dependency that has one is decided in package.json's allowScripts), and
// `npm run tf:check -- --help` answers with its options instead of "unknown argument".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TF_CHECK_HELP } from './terraform/tf-check';

const ROOT = join(__dirname, '..');

/** Every installed package (node_modules, nested ones too) whose package.json has an install script. */
function packagesWithInstallScripts(): string[] {
  const found = new Set<string>();
  const visit = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const dirs = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((n) => join(modules, entry, n)) : [join(modules, entry)];
      for (const dir of dirs) {
        const file = join(dir, 'package.json');
        if (!existsSync(file)) continue;
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; scripts?: Record<string, string> };
        if (pkg.name && ['preinstall', 'install', 'postinstall'].some((s) => pkg.scripts?.[s] !== undefined)) found.add(pkg.name);
        visit(join(dir, 'node_modules'));
      }
    }
  };
  visit(join(ROOT, 'node_modules'));
  return [...found].sort();
}

describe('npm install scripts', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean>; dependencies: Record<string, string> };

  it('every installed package with an install script is decided in allowScripts (so npm ci lists none)', () => {
    const decided = Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(.)@.*$/, '$1'));
    const scripts = packagesWithInstallScripts();
    expect(scripts).toEqual(expect.arrayContaining(['esbuild', '@swc/core', 'protobufjs']));
    expect(scripts.filter((name) => !decided.includes(name))).toEqual([]);
    // Denied, with the reasons in the README: none of the three is needed to build or test.
    expect(pkg.allowScripts).toEqual({ esbuild: false, '@swc/core': false, protobufjs: false });
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of Object.keys(pkg.allowScripts!)) expect(readme).toContain(`\`${name}\``);
  });

  it('npm itself finds nothing unreviewed (npm 11 with install-scripts)', () => {
    const help = spawnSync('npm', ['help', 'install-scripts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MANPAGER: 'cat', PAGER: 'cat' } });
    if (help.status !== 0) return; // an npm without allowScripts runs every script and warns of none
    const ls = spawnSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8' });
    expect(ls.status, ls.stderr).toBe(0);
    expect(`${ls.stdout}${ls.stderr}`).toContain('No packages with unreviewed install scripts.');
  });
});

describe('npm run tf:check -- --help', () => {
  it('prints the help on stdout and exits 0; the README points to it', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'test', 'terraform', 'tf-check.ts'), '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(TF_CHECK_HELP);
    for (const option of ['--apply', '--stack <id>', '--parallelism N', '-h, --help']) expect(run.stdout).toContain(option);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('npm run tf:check -- --help');
  });
});
