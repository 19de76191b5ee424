// `npm run bench` (after `npm run build`): cold-process cost of the CLI, and of cdktf alone.
//
// For every example, for generated specs with 10, 100 and 250 application servers, and for the
// largest spec the schema accepts (also `diff` of it against itself):
//   validate     node bin/refarch.js validate <spec>
//   synth        node bin/refarch.js synth <spec> -o <tmp>
//   bare replay  node scripts/bench/bare-cdktf.mjs replay: the same resources, data sources,
//                variables and outputs as refarch's output, built by a bare cdktf program with
//                the same provider classes and bodies -- the engine's own floor for that spec
//                when loaded module by module (refarch's CLI is bundled, so it can go below it)
//   bare uniform node scripts/bench/bare-cdktf.mjs uniform: as many aws_ssm_parameter resources
//                (the cheapest there are) in one stack -- a lower bound
// each run N times, in rounds across all specs, in a fresh process (median wall time; peak RSS from /usr/bin/time when present,
// else from the child's own process.resourceUsage(), see scripts/bench/usage-preload.cjs).
//
// Options: --reps=N (default 5; the largest valid spec runs min(N, 3) times, and diff of it against itself too), --only=<substring>,
// --json=<file> (raw figures), --profile (CPU profile of synth of the largest spec, summed by
// package). Not a test: numbers depend on the machine and on what else runs on it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'refarch.js');
const BARE = join(ROOT, 'scripts', 'bench', 'bare-cdktf.mjs');
const PRELOAD = join(ROOT, 'scripts', 'bench', 'usage-preload.cjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const options = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const REPS = Number(options.reps ?? 5);
const LARGE_REPS = Math.min(REPS, 3);

if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
  console.error('bench: dist/ is missing; run `npm run bench` (it builds first)');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'refarch-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const env = { ...process.env, NO_COLOR: '1' };
for (const key of Object.keys(env)) if (key.startsWith('CDKTF_') || key === 'SYNTH_HCL_OUTPUT' || key === 'NODE_OPTIONS') delete env[key];

/** One cold process: wall ms, CPU ms and peak RSS MiB. Throws when it fails. */
function measure(args, cwd = work) {
  const usageFile = join(work, `usage-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const timeFile = `${usageFile}.time`;
  const command = TIME ? TIME : process.execPath;
  const argv = TIME ? ['-f', '%M', '-o', timeFile, process.execPath, '-r', PRELOAD, ...args] : ['-r', PRELOAD, ...args];
  const start = performance.now();
  const result = spawnSync(command, argv, { cwd, env: { ...env, REFARCH_USAGE_FILE: usageFile }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  const rssMiB = TIME ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 : usage.maxRSS / 1024;
  return { wallMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, rssMiB };
}

/** Which CLI bin/refarch.js runs here, and whether V8 accepts the bundle's code cache. */
function bundleStatus() {
  const loader = join(ROOT, 'bin', 'load-bundle.js');
  const probe = `const l = require(${JSON.stringify(loader)}); const { statSync } = require('node:fs');
    const fresh = (() => { try { return statSync(l.BUNDLE).mtimeMs >= statSync(l.UNBUNDLED).mtimeMs; } catch { return false; } })();
    if (!fresh) console.log('dist/src (no current bundle)');
    else { l.loadCli(); l.loadSynth(); console.log(l.loadedBundles().every((b) => b.cacheUsed) ? 'dist/bundle, code caches accepted' : 'dist/bundle, a code cache is MISSING or rejected'); }`;
  const result = spawnSync(process.execPath, ['-e', probe], { env, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : `unknown (${result.stderr.trim().split('\n')[0]})`;
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function repeat(n, args) {
  const runs = Array.from({ length: n }, () => measure(args));
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), rssMiB: Math.max(...runs.map((r) => r.rssMiB)), runs: runs.map((r) => Math.round(r.wallMs)) };
}

// ------------------------------------------------------------------------------------------
// Specs

const specs = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f.replace(/\.yaml$/, ''), path: join(ROOT, 'examples', f), generated: false }));
// 250: close to the schema's 254 application servers (an ECP data server's MaxServerConn).
for (const count of [10, 100, 250]) {
  const path = join(work, `app-${count}.yaml`);
  writeFileSync(path, `apiVersion: refarch/v1\nname: bench-app-${count}\nprofile: cache\nregion: eu-west-1\navailabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]\napp:\n  count: ${count}\n`);
  specs.push({ name: `${count} app servers`, path, generated: true, count });
}
// The largest spec the schema accepts (README, Performance): every maximum that multiplies
// resources at once. HealthShare with 10 products (a failover mirror each), 4 zones and 4 DR
// asyncs per mirror, 8 extra volumes per member, 1,000 web servers (AWS's default targets per
// Application Load Balancer) and 127 application servers per site, both sites at full capacity
// (254 ECP clients, MaxServerConn's limit), 50 admin and 50 client networks.
{
  const cidrs = (prefix) => `[${Array.from({ length: 50 }, (_, i) => `${prefix}.${i}.0/24`).join(', ')}]`;
  const path = join(work, 'largest.yaml');
  writeFileSync(
    path,
    [
      'apiVersion: refarch/v1',
      'name: largest',
      'profile: healthshare',
      'size: large',
      'region: us-east-1',
      'availabilityZones: [us-east-1a, us-east-1b, us-east-1c, us-east-1d]',
      'network:',
      `  adminCidrs: ${cidrs('192.0')}`,
      `  clientCidrs: ${cidrs('198.18')}`,
      'web: { count: 1000 }',
      'app: { count: 127 }',
      'database:',
      '  volumes:',
      '    extra:',
      ...Array.from({ length: 8 }, (_, i) => `      - { name: x${i}, type: gp3, sizeGiB: 10 }`),
      'products:',
      ...Array.from({ length: 10 }, (_, i) => `  - name: product-${i + 1}`),
      'dr:',
      '  region: us-west-2',
      '  availabilityZones: [us-west-2a, us-west-2b, us-west-2c, us-west-2d]',
      '  asyncMembers: 4',
      '  capacity: full',
      '',
    ].join('\n'),
  );
  specs.push({ name: 'largest valid spec', path, generated: true, largest: true });
}
const selected = specs.filter((s) => !options.only || s.name.includes(options.only));

// ------------------------------------------------------------------------------------------
// Replay plan: refarch's output as constructor calls for the bare program.

const META = new Set(['//', 'depends_on', 'provider', 'lifecycle', 'count', 'for_each', 'connection', 'provisioner']);
const camel = (key) => key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
function toConfig(value) {
  if (Array.isArray(value)) return value.map(toConfig);
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) if (!META.has(k)) out[camel(k)] = toConfig(v);
    return out;
  }
  return value;
}

function planOf(outdir) {
  const stacks = [];
  let resources = 0;
  let dataSources = 0;
  for (const id of readdirSync(join(outdir, 'stacks')).sort()) {
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
    const items = [];
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) items.push({ module: `@cdktf/provider-aws/lib/${type.replace(/^aws_/, '').replace(/_/g, '-')}`, type, name, config: toConfig(body) });
      resources += Object.keys(byName).length;
    }
    for (const [type, byName] of Object.entries(json.data ?? {})) {
      for (const [name, body] of Object.entries(byName)) items.push({ module: `@cdktf/provider-aws/lib/data-${type.replace(/_/g, '-')}`, type, name, config: toConfig(body) });
      dataSources += Object.keys(byName).length;
    }
    const variables = Object.entries(json.variable ?? {}).map(([name, body]) => ({ name, config: toConfig(body) }));
    const outputs = Object.entries(json.output ?? {}).map(([name, body]) => ({ name, config: toConfig(body) }));
    stacks.push({ id, region: json.provider?.aws?.[0]?.region ?? 'eu-west-1', items, variables, outputs });
  }
  return { plan: { stacks }, resources, dataSources };
}

// ------------------------------------------------------------------------------------------

const node = repeat(REPS, ['-e', '0']);
console.log(`refarch bench: node ${process.version}, ${REPS} repetitions (median wall and CPU time, max peak RSS${TIME ? ' by /usr/bin/time' : ''}); node -e 0 alone: ${Math.round(node.wallMs)} ms wall, ${Math.round(node.cpuMs)} ms CPU, ${node.rssMiB.toFixed(0)} MiB`);
console.log(`CLI under test: ${bundleStatus()}`);
console.log('');

// One synth per spec first (its output is the replay plan), then the measured rounds. Each round
// runs every measurement of every spec once, so a burst of load from a neighbour on this shared
// machine spreads over all specs instead of landing on whichever spec was being measured.
const prepared = selected.map((spec) => {
  const slug = spec.name.replace(/\W+/g, '-');
  const out = join(work, 'out', slug);
  measure([CLI, 'synth', spec.path, '-o', out]);
  const { plan, resources, dataSources } = planOf(out);
  const planFile = join(work, `plan-${slug}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const commands = {
    validate: [CLI, 'validate', spec.path],
    synth: [CLI, 'synth', spec.path, '-o', out],
    replay: [BARE, 'replay', planFile, join(work, 'bare-replay')],
    uniform: [BARE, 'uniform', String(resources), join(work, 'bare-uniform')],
    // diff of the spec against itself: two synths and the comparison, in one process.
    ...(spec.largest ? { diff: [CLI, 'diff', spec.path, spec.path] } : {}),
  };
  return { spec, resources, dataSources, commands, reps: spec.largest ? LARGE_REPS : REPS, runs: { validate: [], synth: [], replay: [], uniform: [], diff: [] } };
});
for (let round = 0; round < REPS; round++) {
  for (const p of prepared) {
    if (round >= p.reps) continue;
    for (const [what, args] of Object.entries(p.commands)) p.runs[what].push(measure(args));
  }
  process.stderr.write(`  round ${round + 1} of ${REPS}\n`);
}
const summarize = (runs) => ({ wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), rssMiB: Math.max(...runs.map((r) => r.rssMiB)), runs: runs.map((r) => Math.round(r.wallMs)) });
const results = prepared.map((p) => ({
  spec: p.spec.name,
  generated: p.spec.generated,
  count: p.spec.count,
  resources: p.resources,
  dataSources: p.dataSources,
  validate: summarize(p.runs.validate),
  synth: summarize(p.runs.synth),
  replay: summarize(p.runs.replay),
  uniform: summarize(p.runs.uniform),
  diff: p.runs.diff.length > 0 ? summarize(p.runs.diff) : undefined,
  largest: p.spec.largest === true,
}));

const ms = (v) => `${Math.round(v)}`;
const rows = [
  ['spec', 'resources', 'validate ms', 'cpu', 'MiB', 'synth ms', 'cpu', 'MiB', 'bare replay ms', 'cpu', 'synth/replay', 'cpu', 'bare uniform ms', 'synth ms/res'],
  ...results.map((r) => [
    r.spec,
    `${r.resources}+${r.dataSources}d`,
    ms(r.validate.wallMs),
    ms(r.validate.cpuMs),
    r.validate.rssMiB.toFixed(0),
    ms(r.synth.wallMs),
    ms(r.synth.cpuMs),
    r.synth.rssMiB.toFixed(0),
    ms(r.replay.wallMs),
    ms(r.replay.cpuMs),
    (r.synth.wallMs / r.replay.wallMs).toFixed(2),
    (r.synth.cpuMs / r.replay.cpuMs).toFixed(2),
    ms(r.uniform.wallMs),
    (r.synth.wallMs / r.resources).toFixed(2),
  ]),
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}

// Linearity: marginal cost per resource between the generated sizes.
const gen = results.filter((r) => r.generated && !r.largest).sort((a, b) => a.count - b.count);
console.log('');
if (gen.length >= 2) {
  for (let i = 1; i < gen.length; i++) {
    const a = gen[i - 1];
    const b = gen[i];
    const perResource = (b.synth.wallMs - a.synth.wallMs) / (b.resources - a.resources);
    const perResourceBare = (b.replay.wallMs - a.replay.wallMs) / (b.resources - a.resources);
    console.log(`marginal cost ${a.count} -> ${b.count} app servers: synth ${perResource.toFixed(2)} ms/resource (bare replay ${perResourceBare.toFixed(2)}), ${((b.synth.rssMiB - a.synth.rssMiB) / (b.resources - a.resources) * 1024).toFixed(0)} KiB/resource`);
  }
}

// Targets.
const examples = results.filter((r) => !r.generated);
const worstValidate = Math.max(...results.map((r) => r.validate.wallMs));
const worstValidateCpu = Math.max(...results.map((r) => r.validate.cpuMs));
const worstRatio = Math.max(...results.map((r) => r.synth.wallMs / r.replay.wallMs));
const worstRatioCpu = Math.max(...results.map((r) => r.synth.cpuMs / r.replay.cpuMs));
const large = results.find((r) => r.largest);
const trakcare = results.find((r) => r.spec === 'trakcare');
const verdict = (ok) => (ok ? 'met' : 'MISSED');
console.log('');
console.log(`target validate < 300 ms (every spec): worst ${ms(worstValidate)} ms wall (${ms(worstValidateCpu)} ms CPU) -- ${verdict(worstValidate < 300)}`);
console.log(`target synth within 1.3x of the bare-cdktf floor: worst ${worstRatio.toFixed(2)}x wall (${worstRatioCpu.toFixed(2)}x CPU) -- ${verdict(worstRatio <= 1.3)}`);
if (trakcare) console.log(`target synth of trakcare about half a second (<= 550 ms): ${ms(trakcare.synth.wallMs)} ms wall (runs: ${trakcare.synth.runs.join(', ')}), ${ms(trakcare.synth.cpuMs)} ms CPU -- ${verdict(trakcare.synth.wallMs <= 550)}`);
if (large) {
  const s = large.synth;
  const d = large.diff;
  console.log(`largest valid spec (${large.resources} resources): synth ${ms(s.wallMs)} ms wall (runs: ${s.runs.join(', ')}), ${ms(s.cpuMs)} ms CPU, ${s.rssMiB.toFixed(0)} MiB; ${(s.wallMs / large.resources).toFixed(3)} ms/resource against the bare-cdktf floor's ${(large.replay.wallMs / large.resources).toFixed(3)} (bare replay ${ms(large.replay.wallMs)} ms)`);
  console.log(`target largest valid spec synth <= 20 s and 1.5 GiB: ${ms(s.wallMs)} ms, ${s.rssMiB.toFixed(0)} MiB -- ${verdict(s.wallMs <= 20_000 && s.rssMiB <= 1536)}`);
  if (d) console.log(`target diff of it against itself <= 2x one synth and 2 GiB: ${ms(d.wallMs)} ms wall (runs: ${d.runs.join(', ')}; ${(d.wallMs / s.wallMs).toFixed(2)}x synth), ${ms(d.cpuMs)} ms CPU (${(d.cpuMs / s.cpuMs).toFixed(2)}x), ${d.rssMiB.toFixed(0)} MiB -- ${verdict(d.wallMs <= 2 * s.wallMs && d.rssMiB <= 2048)}`);
}
if (examples.length === 0 && !large) console.log('(no spec selected)');

if (options.json) writeFileSync(String(options.json), `${JSON.stringify({ node: process.version, reps: REPS, nodeStartup: node, results }, null, 2)}\n`);

// ------------------------------------------------------------------------------------------
// Where synth spends its time: a CPU profile of the largest spec, self time summed by package.

if (options.profile) {
  const target = [...results].sort((a, b) => b.resources - a.resources)[0];
  const spec = selected.find((s) => s.name === target.spec);
  const profDir = join(work, 'prof');
  mkdirSync(profDir);
  // The unbundled CLI (dist/src), so that time can be attributed to packages by file name.
  const unbundled = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const runUnbundled = `require(${JSON.stringify(unbundled)}).run(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
  spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '-e', runUnbundled, 'synth', spec.path, '-o', join(work, 'prof-out')], { env, stdio: 'ignore' });
  const profile = JSON.parse(readFileSync(join(profDir, readdirSync(profDir)[0]), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const fns = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const frame = byId.get(id).callFrame;
    const url = frame.url;
    const group = !url
      ? frame.functionName.startsWith('(') ? frame.functionName : '(native)'
      : url.includes('/node_modules/')
        ? url.split('/node_modules/').pop().split('/').slice(0, url.includes('/node_modules/@') ? 2 : 1).join('/')
        : url.includes('/dist/src/')
          ? `refarch ${url.split('/dist/src/')[1].split('/')[0]}`
          : url.startsWith('node:')
            ? 'node internals'
            : url;
    self.set(group, (self.get(group) ?? 0) + dt);
    const fn = `${frame.functionName || '(anonymous)'} ${url.split('/node_modules/').pop().split('/dist/').pop()}:${frame.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + dt);
  });
  console.log('');
  console.log(`CPU profile of synth "${target.spec}" (${target.resources} resources; unbundled CLI), self time by package:`);
  for (const [group, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${(t / 1000).toFixed(0).padStart(6)} ms  ${((100 * t) / total).toFixed(1).padStart(5)}%  ${group}`);
  console.log('hottest functions:');
  for (const [fn, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${(t / 1000).toFixed(0).padStart(6)} ms  ${fn}`);
}
