// Runs every refarch command on every shipped example, as a user would, with one Node binary and
// one refarch launcher, and fails loudly (exit 1, one line per failure) when a command exits with
// the wrong code, writes the wrong thing, or makes Node print a runtime warning on stderr (such as
// a DeprecationWarning). Used by scripts/node-matrix.sh (Node 22 and 24 from
// the npm registry) and test/install.test.ts (the packed tarball installed into an empty folder).
//
// Usage: node scripts/every-command.mjs [--node <node binary>] [--refarch <bin/refarch.js>]
//          [--examples <dir>] [--golden <dir>] [--icm <dir with defaults.json, definitions.json>]
// Defaults: this Node, this checkout's bin/refarch.js, examples/, test/golden/, test/fixtures/icm/.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : resolve(process.argv[i + 1]);
};
const node = option('node', process.execPath);
const refarch = option('refarch', join(root, 'bin', 'refarch.js'));
const examplesDir = option('examples', join(root, 'examples'));
const goldenDir = option('golden', join(root, 'test', 'golden'));
const icmDir = option('icm', join(root, 'test', 'fixtures', 'icm'));

const scratch = mkdtempSync(join(tmpdir(), 'refarch-every-command-'));
const env = { ...process.env, NO_COLOR: '1' };
for (const name of ['NODE_OPTIONS', 'FORCE_COLOR', 'NODE_NO_WARNINGS']) delete env[name];

function run(args, input) {
  return new Promise((done) => {
    const child = spawn(node, [refarch, ...args], { cwd: scratch, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

// What Node prints for process warnings: "(node:1234) [DEP0044] DeprecationWarning: ...".
const NODE_WARNING = /\(node:\d+\)|\b[A-Z][A-Za-z]*Warning\b|\[DEP\d+\]/;
const failures = [];
let count = 0;
/** Runs one command; `check` returns a problem (string) or nothing. */
async function expectRun(args, codes, check) {
  count++;
  const r = await run(args);
  const label = `refarch ${args.map((a) => a.replace(scratch, '$TMP').replace(root, '.')).join(' ')}`;
  if (!codes.includes(r.code)) return failures.push(`${label}: exit ${r.code}, expected ${codes.join(' or ')}: ${r.stderr.trim().split('\n')[0]}`);
  const warning = NODE_WARNING.exec(r.stderr);
  if (warning) return failures.push(`${label}: Node printed a warning: ${r.stderr.slice(warning.index).split('\n')[0]}`);
  const problem = check?.(r);
  if (problem) failures.push(`${label}: ${problem}`);
}

const canonical = (file) => JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml')).sort();
if (examples.length === 0) throw new Error(`no examples in ${examplesDir}`);
const started = Date.now();
try {
  // Two at a time: CI machines have 2 cores.
  const jobs = [];
  for (const file of examples) {
    const spec = join(examplesDir, file);
    const name = file.replace(/\.yaml$/, '');
    const out = join(scratch, `synth-${name}`);
    jobs.push(() => expectRun(['validate', spec], [0]));
    jobs.push(() =>
      expectRun(['synth', spec, '-o', out], [0], () => {
        if (!existsSync(join(out, 'manifest.json'))) return 'no manifest.json';
        const golden = join(goldenDir, name);
        if (!existsSync(golden)) return undefined;
        const stacks = readdirSync(join(out, 'stacks')).sort();
        if (stacks.map((s) => `${s}.cdk.tf.json`).join() !== readdirSync(golden).sort().join()) return `stacks ${stacks.join(', ')} differ from ${golden}`;
        for (const id of stacks) if (canonical(join(out, 'stacks', id, 'cdk.tf.json')) !== canonical(join(golden, `${id}.cdk.tf.json`))) return `stack ${id} differs from the golden Terraform`;
      }),
    );
    jobs.push(() => expectRun(['plan', spec], [0], (r) => (r.stdout.includes('$') ? undefined : 'no cost in the table')));
    jobs.push(() => expectRun(['plan', spec, '--format', 'json'], [0], (r) => (JSON.parse(r.stdout) ? undefined : 'no JSON')));
    jobs.push(() => expectRun(['diagram', spec, '--format', 'svg', '-o', join(scratch, `${name}.svg`)], [0], () => (readFileSync(join(scratch, `${name}.svg`), 'utf8').includes('<svg') ? undefined : 'not an SVG')));
    jobs.push(() => expectRun(['diagram', spec, '--format', 'mermaid'], [0], (r) => (/^(flowchart|graph)\b/m.test(r.stdout) ? undefined : 'not Mermaid')));
    jobs.push(() => expectRun(['diagram', spec, '--format', 'dot'], [0], (r) => (/digraph/.test(r.stdout) ? undefined : 'not DOT')));
    jobs.push(() => expectRun(['config', spec, '-o', join(scratch, `config-${name}`)], [0], () => (existsSync(join(scratch, `config-${name}`, 'manifest.json')) ? undefined : 'no config manifest.json')));
    jobs.push(() => expectRun(['config', spec, '--format', 'json'], [0], (r) => (JSON.parse(r.stdout).kind === 'ConfigFiles' ? undefined : 'no config JSON')));
    // Another example is another deployment (its own name): diff refuses that as change.rename (exit 1)
    // unless --rename says it is meant, and then reports the changes (exit 3).
    jobs.push(() => expectRun(['diff', join(examplesDir, 'minimal.yaml'), spec, '--format', 'json'], file === 'minimal.yaml' ? [0] : [1], (r) => (JSON.parse(r.stdout).diagnostics?.some((d) => d.rule === 'change.rename') || file === 'minimal.yaml' ? undefined : 'no change.rename')));
    if (file !== 'minimal.yaml') jobs.push(() => expectRun(['diff', join(examplesDir, 'minimal.yaml'), spec, '--format', 'json', '--rename'], [3], (r) => (JSON.parse(r.stdout) ? undefined : 'no JSON')));
  }
  const init = join(scratch, 'init.yaml');
  jobs.push(async () => {
    await expectRun(['init', '--profile', 'trakcare', '-o', init], [0]);
    await expectRun(['validate', init], [0]);
  });
  const icm = join(scratch, 'icm.yaml');
  jobs.push(async () => {
    await expectRun(['import-icm', join(icmDir, 'defaults.json'), join(icmDir, 'definitions.json'), '-o', icm], [0]);
    await expectRun(['validate', icm], [0]);
  });
  // prices needs AWS's Price List endpoint; offline (as CI is) it must fail in one line, exit 2.
  jobs.push(() => expectRun(['prices', '--region', 'eu-west-1', '--cache-dir', join(scratch, 'prices'), '--endpoint', 'http://127.0.0.1:9'], [2], (r) => (/^refarch: cannot fetch .*; the bundled prices and the cached ones are unchanged\n$/.test(r.stderr) ? undefined : 'not one line')));
  jobs.push(() => expectRun(['schema'], [0], (r) => (JSON.parse(r.stdout).$id ? undefined : 'no $id')));
  jobs.push(() => expectRun(['schema', '--id'], [0]));
  for (const shell of ['bash', 'zsh', 'fish']) jobs.push(() => expectRun(['completion', shell], [0], (r) => (r.stdout.includes('import-icm') ? undefined : 'no commands in the script')));
  jobs.push(() => expectRun(['--version'], [0], (r) => (/\d+\.\d+\.\d+/.test(r.stdout) ? undefined : 'no version')));
  const workers = [0, 1].map(async () => {
    while (jobs.length > 0) await jobs.shift()();
  });
  await Promise.all(workers);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const version = (await new Promise((done) => {
  const c = spawn(node, ['--version']);
  let v = '';
  c.stdout.on('data', (d) => (v += d));
  c.on('close', () => done(v.trim()));
}));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  for (const f of failures) console.error(`FAIL (node ${version}) ${f}`);
  console.error(`every-command: ${failures.length} of ${count} commands failed on node ${version} (${refarch})`);
  process.exit(1);
}
console.log(`every-command: ${count} commands on ${examples.length} examples passed on node ${version} in ${seconds} s (${refarch})`);
