// refarch diagram, measured: in the SVG of every example (and of specs that used to trip
// Graphviz), no two texts overlap and no text touches a box's border, measured with Helvetica's
// widths plus 10% for a wider viewer font (test/helpers/svg-boxes.ts); `--page a4|a3` fits a
// landscape sheet; Graphviz's own complaints ("triangulation failed") reach stderr only with
// --verbose. Through the built CLI.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFolders, ROOT, runCli } from './fixtures/hostile/harness';
import { overlappingTexts, svgLayout, textsTouchingBorders, textWidth } from './helpers/svg-boxes';

const folder = caseFolders('diagram-layout');
const example = (file: string): string => readFileSync(join(ROOT, 'examples', file), 'utf8');
const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).sort();

/** Specs beyond the examples: the ones issue #23 and #25 met. */
const variants: Record<string, string> = {
  'cache-cloud, app.count 2': example('cache-cloud.yaml').replace(/(\napp:\n {2}count:) \d+/, '$1 2'),
  'cache-cloud, web.count 2, app.count 1': example('cache-cloud.yaml').replace(/(\nweb:\n {2}count:) \d+/, '$1 2').replace(/(\napp:\n {2}count:) \d+/, '$1 1'),
  'trakcare, app.count 2': example('trakcare.yaml').replace(/(\napp:\n {2}count:) \d+/, '$1 2'),
};
const hs10 = example('healthshare.yaml').replace('  - name: health-connect\n', `  - name: health-connect\n${[6, 7, 8, 9, 10].map((i) => `  - name: product-${i}\n`).join('')}`);

async function diagram(text: string, args: readonly string[] = []): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const dir = folder();
  writeFileSync(join(dir, 'spec.yaml'), text);
  return runCli(['diagram', 'spec.yaml', ...args], { cwd: dir });
}

describe('the measure itself', () => {
  it('finds overlapping texts and a text wider than its box', () => {
    const svg = `<svg width="100pt" height="100pt" viewBox="0.00 0.00 100.00 100.00"><g id="graph0" class="graph">
<g id="node1" class="node"><title>a</title><polygon points="0,0 60,0 60,-20 0,-20 0,0"/><text text-anchor="middle" x="30" y="-6" font-size="10.00">a label far too wide</text></g>
<g id="edge1" class="edge"><title>a&#45;&gt;b</title><text text-anchor="start" x="10" y="-8" font-size="9.00">over it</text></g>
</g></svg>`;
    const layout = svgLayout(svg);
    expect(layout.texts.map((t) => t.text)).toEqual(['a label far too wide', 'over it']);
    expect(overlappingTexts(layout)).toHaveLength(1);
    expect(textsTouchingBorders(layout, 2)).toContain('"a label far too wide" (node a) touches the border of node a');
    expect(textWidth('mm', 10)).toBeCloseTo(2 * 8.33 * 1.1, 1);
  });
});

describe('diagram labels do not overlap, and no text touches a border', () => {
  const cases = [...examples.map((file) => [file, example(file)] as const), ...Object.entries(variants)];
  it.each(cases)('%s', async (_name, text) => {
    const run = await diagram(text);
    expect(run.status, run.stderr).toBe(0);
    const layout = svgLayout(run.stdout);
    expect(layout.texts.length).toBeGreaterThan(20);
    expect(overlappingTexts(layout)).toEqual([]);
    expect(textsTouchingBorders(layout, 2)).toEqual([]);
  }, 60_000);

  it('the labels of edges within one row are in the legend, each kind once', async () => {
    const run = await diagram(example('trakcare.yaml'));
    const legend = svgLayout(run.stdout).texts.filter((t) => t.owner === 'node legend').map((t) => t.text);
    expect(legend).toEqual(expect.arrayContaining(['unlabelled edges', 'sync mirror', 'arbiter', 'polls mirror_status.cxw', 'async mirror (VPC peering)']));
  }, 60_000);
});

describe('diagram --page a4|a3', () => {
  const sheets = { a4: [842, 595], a3: [1191, 842] } as const;
  it.each(examples.flatMap((file) => (['a4', 'a3'] as const).map((page) => [file, page] as const)))('%s --page %s fits a landscape sheet, labels still apart', async (file, page) => {
    const run = await diagram(example(file), ['--page', page]);
    expect(run.status, run.stderr).toBe(0);
    const size = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(run.stdout);
    expect(size).not.toBeNull();
    const [width, height] = [Number(size![1]), Number(size![2])];
    expect(width).toBeLessThanOrEqual(sheets[page][0]);
    expect(height).toBeLessThanOrEqual(sheets[page][1]);
    // It uses the sheet: as wide or as high as the space inside the margins.
    expect(Math.max(width / (sheets[page][0] - 57.6), height / (sheets[page][1] - 57.6))).toBeGreaterThan(0.97);
    const layout = svgLayout(run.stdout);
    expect(overlappingTexts(layout)).toEqual([]);
    expect(textsTouchingBorders(layout, 2)).toEqual([]);
  }, 60_000);

  it('the TrakCare drawing without --page is no wider than 2,000 pt (it was 3,195 px)', async () => {
    const run = await diagram(example('trakcare.yaml'));
    expect(Number(/<svg width="([\d.]+)pt"/.exec(run.stdout)![1])).toBeLessThan(2000);
  }, 60_000);

  it('refuses a page it does not know, and --page with Mermaid', async () => {
    const bad = await diagram(example('minimal.yaml'), ['--page', 'letter']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--page must be one of a4, a3, not "letter"');
    const mermaid = await diagram(example('minimal.yaml'), ['--page', 'a4', '--format', 'mermaid']);
    expect(mermaid.status).toBe(2);
    expect(mermaid.stderr).toContain('--page lays out svg and dot');
  }, 60_000);
});

describe('Graphviz messages only with --verbose', () => {
  const specs = [...Object.values(variants), hs10];
  it('stderr is empty without --verbose for the specs that printed "triangulation failed"', async () => {
    for (const text of specs) {
      const run = await diagram(text);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('</svg>');
    }
  }, 120_000);

  it('--verbose shows them, each line marked as Graphviz\'s', async () => {
    const said: string[] = [];
    for (const text of specs) {
      const run = await diagram(text, ['--verbose']);
      expect(run.status).toBe(0);
      said.push(...run.stderr.split('\n').filter((l) => l !== ''));
    }
    expect(said.length).toBeGreaterThan(0);
    for (const line of said) expect(line).toMatch(/^refarch: graphviz: /);
    expect(said.join('\n')).toContain('triangulation failed');
  }, 120_000);
});
