// refarch diagram: the SVG of every example renders in headless Chromium and shows every tier
// and the arbiter; the Mermaid text parses (and renders) with the real mermaid package in the same
// browser; DOT is deterministic; large tiers collapse; -o writes atomically.
//
// Chromium is the Debian package (/usr/bin/chromium, or $CHROMIUM); .ci/run installs it. Without
// it these tests fail with a message saying so: they never skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagramCommand } from '../src/cli/commands/diagram';
import type { Command } from '../src/cli/command';
import type { DeploymentModel } from '../src/model/model';
import { buildGraph, COLLAPSE_ABOVE, mermaidText, toDot, toMermaid, type Graph } from '../src/report/diagram';
import { checkFile, checkText } from '../src/validate/validate';
import { exampleModel as modelOf } from './helpers/models';
import { runCommand, type CommandRun } from './helpers/command';

const root = join(__dirname, '..');
const examplesDir = join(root, 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml')).sort();
const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const MERMAID_JS = join(root, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const scratch = mkdtempSync(join(tmpdir(), 'refarch-diagram-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Run = CommandRun;

const cli = (command: Command, argv: string[]): Promise<Run> => runCommand(command, argv, { cwd: scratch });


function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`headless Chromium is required at ${CHROMIUM} to render the diagrams (Debian: apt-get install -y chromium; .ci/run installs it; or set CHROMIUM=/path/to/chromium)`);
  }
}

/**
 * Loads a page in headless Chromium and returns what its script left in <pre id="result">, as
 * base64 JSON (so no HTML escaping is involved). The virtual time budget lets async work finish.
 */
function runPage(name: string, html: string): Record<string, unknown> {
  requireChromium();
  const page = join(scratch, `${name}.html`);
  writeFileSync(page, html);
  const profile = mkdtempSync(join(scratch, 'chromium-profile-'));
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=60000',
      '--dump-dom',
      pathToFileURL(page).href,
    ],
    { encoding: 'utf8', timeout: 180_000, maxBuffer: 256 * 1024 * 1024 },
  );
  rmSync(profile, { recursive: true, force: true });
  const m = /<pre id="result">([A-Za-z0-9+/=]*)<\/pre>/.exec(r.stdout ?? '');
  if (!m || m[1] === '') throw new Error(`Chromium left no result (exit ${r.status}, signal ${r.signal}): ${(r.stderr ?? '').slice(-2000)}`);
  return JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as Record<string, unknown>;
}

const RESULT_JS = `function done(value) { document.getElementById('result').textContent = btoa(unescape(encodeURIComponent(JSON.stringify(value)))); }`;

/** What a reader must find in the drawing of a model: every server of every tier, by key. */
function expectedLabels(model: DeploymentModel): string[] {
  const out: string[] = [];
  for (const site of [model.primary, model.dr]) {
    if (!site) continue;
    for (const i of site.instances) out.push(i.tier === 'arbiter' ? 'arbiter' : i.key);
    if (site.webLoadBalancer) out.push('Application Load Balancer');
    if (site.mirrors.some((m) => m.vip)) out.push('mirror VIP');
    // An existing VPC (landing zone) is drawn as existing, with its id.
    out.push(`AWS ${site.region}`, site.network.kind === 'existing' ? `existing VPC ${site.network.vpcId} ${site.vpcCidr}` : `VPC ${site.vpcCidr}`);
    for (const az of site.azs) out.push(`Availability zone ${az}`);
  }
  if (model.primary) out.push('arbiter', 'sync mirror');
  if (model.primary?.instances.some((i) => i.tier === 'app')) out.push('ECP');
  if (model.dr) out.push('async mirror');
  if (model.dns) out.push('Route 53', 'DNS failover: PRIMARY');
  if (model.topology === 'hybrid') out.push('On-premises data centre', 'customer gateway', 'VPN (IPsec)', 'failover member (on-premises)');
  return [...new Set(out)];
}

describe('refarch diagram --format svg in headless Chromium', () => {
  const svgs = new Map<string, string>();
  let rendered: Record<string, { width: number; height: number; text: string; svgs: number }>;

  beforeAll(async () => {
    for (const file of examples) {
      const run = await cli(diagramCommand, [join(examplesDir, file), '--format', 'svg']);
      expect(run.code, run.err).toBe(0);
      svgs.set(file, run.out);
    }
    const sections = [...svgs].map(([file, svg]) => `<section id="${file}">${svg.slice(svg.indexOf('<svg'))}</section>`).join('\n');
    rendered = runPage(
      'svg',
      `<!doctype html><html><head><meta charset="utf-8"></head><body>${sections}<pre id="result"></pre><script>${RESULT_JS}
      const out = {};
      for (const section of document.querySelectorAll('section')) {
        const svg = section.querySelector('svg');
        const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        out[section.id] = { width: box.width, height: box.height, text: svg ? svg.textContent : '', svgs: section.querySelectorAll('svg').length };
      }
      done(out);</script></body></html>`,
    ) as typeof rendered;
  }, 240_000);

  it('Chromium is installed (the CI script installs it)', () => {
    requireChromium();
  });

  it.each(examples)('%s renders with a size and shows every tier and the arbiter', (file) => {
    const r = rendered[file]!;
    expect(r.svgs).toBe(1);
    expect(r.width).toBeGreaterThan(200);
    expect(r.height).toBeGreaterThan(200);
    const text = r.text.replace(/\s+/g, ' ');
    for (const label of expectedLabels(modelOf(file))) expect(text, `${file}: "${label}" in the rendered SVG`).toContain(label);
  });

  it.each(examples)('%s: the SVG comes from Graphviz, not hand placement', (file) => {
    expect(svgs.get(file)!).toMatch(/Generated by graphviz version/);
  });
});

describe('refarch diagram --format mermaid', () => {
  const nasty: Graph = {
    title: 'quotes "q", hash #1, <tags> & pipes | and `ticks`',
    items: [
      { type: 'node', id: 'end', kind: 'web', lines: ['end', 'a "quoted" #label', '<b>not html</b> & more | pipe'] },
      { type: 'cluster', id: 'cluster_x', kind: 'az', label: 'subgraph "x" #2 [brackets] {braces}', children: [{ type: 'node', id: 'o', kind: 'app', lines: ['o', 'x--> arrows -.- ==>'] }] },
    ],
    edges: [{ from: { node: 'end' }, to: { node: 'o', cluster: 'cluster_x' }, kind: 'ecp', label: 'label with "quotes" | pipe # hash' }],
    ranks: [],
  };
  let parsed: Record<string, { ok: boolean; type?: string; error?: string; text?: string }>;
  const texts = new Map<string, string>();

  beforeAll(async () => {
    for (const file of examples) {
      const run = await cli(diagramCommand, [join(examplesDir, file), '--format', 'mermaid']);
      expect(run.code, run.err).toBe(0);
      texts.set(file, run.out);
    }
    texts.set('escaping', toMermaid(nasty));
    texts.set('broken (control)', 'flowchart TB\n  a[["x"] --> \n');
    expect(existsSync(MERMAID_JS), `${MERMAID_JS} (npm ci installs the mermaid dev dependency)`).toBe(true);
    const json = JSON.stringify(Object.fromEntries(texts)).replace(/</g, '\\u003c');
    parsed = runPage(
      'mermaid',
      `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="stage"></div><pre id="result"></pre>
      <script src="${pathToFileURL(MERMAID_JS).href}"></script>
      <script>${RESULT_JS}
      const diagrams = ${json};
      (async () => {
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
        const out = {};
        let n = 0;
        for (const [name, text] of Object.entries(diagrams)) {
          try {
            const r = await mermaid.parse(text);
            if (!r) { out[name] = { ok: false, error: 'parse returned false' }; continue; }
            const { svg } = await mermaid.render('d' + (n++), text);
            const holder = document.createElement('div');
            holder.innerHTML = svg;
            out[name] = { ok: true, type: r.diagramType, text: holder.textContent };
          } catch (e) {
            out[name] = { ok: false, error: String((e && e.message) || e) };
          }
        }
        done(out);
      })().catch((e) => done({ fatal: String(e) }));
      </script></body></html>`,
    ) as typeof parsed;
  }, 240_000);

  it.each(examples)('%s parses as a Mermaid flowchart and renders every tier', (file) => {
    const r = parsed[file]!;
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.type).toMatch(/^flowchart/);
    const text = (r.text ?? '').replace(/\s+/g, ' ');
    const model = modelOf(file);
    for (const site of [model.primary, model.dr]) for (const i of site?.instances ?? []) expect(text).toContain(i.tier === 'arbiter' ? 'arbiter' : i.key);
  });

  it('escapes quotes, #, <, >, &, | and backticks in labels so they parse and read back unchanged', () => {
    const r = parsed['escaping']!;
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.text).toContain('a "quoted" #label');
    expect(r.text).toContain('<b>not html</b> & more | pipe');
    expect(r.text).toContain('subgraph "x" #2 [brackets] {braces}');
    expect(r.text).toContain('label with "quotes" | pipe # hash');
  });

  it('the parser really rejects broken text (control)', () => {
    expect(parsed['broken (control)']!.ok).toBe(false);
    expect(parsed['broken (control)']!.error).toMatch(/Parse error/);
  });

  it('label escaping is entity-based and leaves no raw quote or pipe', () => {
    expect(mermaidText('a"b|c#d<e>f&g')).toBe('a#quot;b#124;c#35;d#lt;e#gt;f#amp;g');
  });
});

describe('refarch diagram --format dot and layout rules', () => {
  it.each(examples)('%s: DOT is deterministic, with node ids from model keys', (file) => {
    const a = toDot(buildGraph(modelOf(file)));
    const b = toDot(buildGraph(modelOf(file)));
    expect(a).toBe(b);
    const model = modelOf(file);
    for (const site of [model.primary, model.dr]) for (const i of site?.instances ?? []) expect(a).toContain(`"${site!.role}_${i.key}"`);
    expect(a).toMatch(/subgraph "cluster_(primary|dr)_vpc"/);
  });

  // The DR VIP has no target until promotion (an NLB fails open to unhealthy targets): its edges
  // to the asyncs are standby (dashed), the failover pair's are the polling ones.
  it.each(examples)('%s: VIP edges poll the failover pair; edges to DR asyncs are standby until promotion', (file) => {
    const model = modelOf(file);
    const graph = buildGraph(model);
    for (const site of [model.primary, model.dr]) {
      for (const mirror of site?.mirrors ?? []) {
        for (const key of mirror.asyncKeys) {
          const edges = graph.edges.filter((e) => e.kind === 'vip' && e.to.node === `${site!.role}_${key}`);
          expect(edges.length, key).toBeGreaterThan(0);
          for (const e of edges) expect(e.standby, key).toBe(true);
        }
        for (const key of [mirror.primaryKey, mirror.backupKey].filter((k): k is string => k !== undefined)) {
          for (const e of graph.edges.filter((x) => x.kind === 'vip' && x.to.node === `${site!.role}_${key}`)) expect(e.standby).toBeUndefined();
        }
      }
    }
  });

  it(`draws a tier of more than ${COLLAPSE_ABOVE} servers as one node "app ×N"`, async () => {
    const spec = (app: number) =>
      `apiVersion: refarch/v1\nname: big-app\nprofile: cache\nregion: eu-west-1\navailabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]\napp:\n  count: ${app}\n`;
    // 254: the most application servers a spec may have (one ECP data server's MaxServerConn).
    const big = checkText(spec(254));
    expect(big.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dot = toDot(buildGraph(big.model!));
    expect(dot).toContain('app ×254');
    expect(dot).not.toContain('"primary_app_1"');
    expect(dot.length).toBeLessThan(40_000);
    const edge = toDot(buildGraph(checkText(spec(COLLAPSE_ABOVE)).model!));
    expect(edge).toContain(`"primary_app_${COLLAPSE_ABOVE}"`);
    expect(edge).not.toContain('app ×');
    const over = toDot(buildGraph(checkText(spec(COLLAPSE_ABOVE + 1)).model!));
    expect(over).toContain(`app ×${COLLAPSE_ABOVE + 1}`);
    // The big one still lays out (Graphviz WebAssembly) quickly.
    const file = join(scratch, 'big.yaml');
    writeFileSync(file, spec(254));
    const started = Date.now();
    const run = await cli(diagramCommand, [file]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('app ×254');
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('refarch diagram output', () => {
  it('writes stdout without -o, and -o atomically with the format from the extension', async () => {
    const stdout = await cli(diagramCommand, [join(examplesDir, 'minimal.yaml')]);
    expect(stdout.code).toBe(0);
    expect(stdout.out).toMatch(/<svg/);
    const target = join(scratch, 'out', 'deployment.mmd');
    const first = await cli(diagramCommand, [join(examplesDir, 'minimal.yaml'), '-o', target]);
    expect(first.code, first.err).toBe(0);
    expect(readFileSync(target, 'utf8')).toMatch(/^---\ntitle: .*\n---\nflowchart TB\n/);
    // Replaced in place by a rename: no temporary file is left beside it.
    const second = await cli(diagramCommand, [join(examplesDir, 'trakcare.yaml'), '-o', target]);
    expect(second.code).toBe(0);
    expect(readFileSync(target, 'utf8')).toContain('trakcare-prod');
    expect(readdirSync(join(scratch, 'out'))).toEqual(['deployment.mmd']);
    const dot = await cli(diagramCommand, [join(examplesDir, 'minimal.yaml'), '-o', join(scratch, 'out', 'd.gv')]);
    expect(dot.code).toBe(0);
    expect(readFileSync(join(scratch, 'out', 'd.gv'), 'utf8')).toMatch(/^digraph "refarch" \{/);
  });

  it('exits 1 on an invalid spec and 2 on usage errors, writing nothing', async () => {
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: refarch/v1\nname: x\nprofile: cache\n');
    const target = join(scratch, 'never.svg');
    const run = await cli(diagramCommand, [bad, '-o', target]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/no diagram was drawn/);
    expect(existsSync(target)).toBe(false);
    expect((await cli(diagramCommand, [join(examplesDir, 'minimal.yaml'), '--format', 'png'])).code).toBe(2);
    expect((await cli(diagramCommand, [])).code).toBe(2);
  });
});
