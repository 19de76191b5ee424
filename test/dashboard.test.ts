// The operations dashboards stay within CloudWatch's limits (500 metrics per graph, 2,500 per
// dashboard, 500 graphs per dashboard; PutDashboard refuses a body over them), however large the
// site; plan prices as many dashboards as synth builds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOUDWATCH_DASHBOARD_LIMITS } from '../src/catalog/catalog';
import { dashboardPages, type Panel } from '../src/config/dashboard';
import { buildPlan } from '../src/report/plan';
import { synthesizeInMemory, type TerraformJson } from '../src/synth/index';
import { checkText } from '../src/validate/validate';
import { crossCheck } from './helpers/crosscheck';

const L = CLOUDWATCH_DASHBOARD_LIMITS.rows;
const panel = (title: string, n: number): Panel => ({ title, stat: 'Maximum', lines: Array.from({ length: n }, (_, i) => ({ namespace: 'N', metric: `m${i}`, dimensions: [] })) });

describe('dashboardPages', () => {
  it('keeps panels within the limits as they are, on one page', () => {
    const pages = dashboardPages([panel('a', 500), panel('b', 3)]);
    expect(pages.map((p) => p.panels.map((x) => [x.title, x.lines.length]))).toEqual([[['a', 500], ['b', 3]]]);
  });

  it('splits a panel over 500 lines into even parts, titled "i of n", lines in order', () => {
    const pages = dashboardPages([panel('CPU', 1148)]);
    const parts = pages.flatMap((p) => p.panels);
    expect(parts.map((x) => [x.title, x.lines.length])).toEqual([['CPU, 1 of 3', 383], ['CPU, 2 of 3', 383], ['CPU, 3 of 3', 382]]);
    expect(parts.flatMap((x) => x.lines.map((l) => l.metric))).toEqual(panel('CPU', 1148).lines.map((l) => l.metric));
  });

  it('starts a new dashboard before 2,500 metrics or 500 graphs', () => {
    const byMetrics = dashboardPages([panel('a', 500), panel('b', 500), panel('c', 500), panel('d', 500), panel('e', 500), panel('f', 1)]);
    expect(byMetrics.map((p) => p.panels.map((x) => x.title))).toEqual([['a', 'b', 'c', 'd', 'e'], ['f']]);
    const byWidgets = dashboardPages(Array.from({ length: 501 }, (_, i) => panel(`p${i}`, 1)));
    expect(byWidgets.map((p) => p.panels.length)).toEqual([500, 1]);
    expect(byWidgets.map((p) => p.n)).toEqual([1, 2]);
  });

  it('always gives a site its dashboard', () => {
    expect(dashboardPages([])).toEqual([{ n: 1, panels: [] }]);
  });
});

describe('a site with 1,000 web servers', () => {
  const spec = readFileSync(join(__dirname, '..', 'examples', 'trakcare.yaml'), 'utf8').replace(/^web:\n {2}count: 3$/m, 'web:\n  count: 1000');
  const model = checkText(spec).model!;
  const stacks = synthesizeInMemory(model);
  const primary = stacks.find((s) => s.id === 'primary')!.json as TerraformJson;
  const dashboards = Object.entries((primary.resource?.['aws_cloudwatch_dashboard'] ?? {}) as Record<string, { dashboard_name: string; dashboard_body: string }>);

  it('gets dashboards within every CloudWatch limit, the first at its old address and name', () => {
    expect(dashboards.map(([id]) => id)).toEqual(['ops_mon_dashboard', 'ops_mon_dashboard_2']);
    expect(dashboards.map(([, d]) => d.dashboard_name)).toEqual(['trakcare-prod-primary-operations', 'trakcare-prod-primary-operations-2']);
    let lines = 0;
    for (const [, d] of dashboards) {
      const widgets = (JSON.parse(d.dashboard_body) as { widgets: Array<{ properties: { metrics: unknown[] } }> }).widgets;
      expect(widgets.length).toBeLessThanOrEqual(L.widgetsPerDashboard);
      for (const w of widgets) expect(w.properties.metrics.length).toBeLessThanOrEqual(L.metricsPerWidget);
      const total = widgets.reduce((n, w) => n + w.properties.metrics.length, 0);
      expect(total).toBeLessThanOrEqual(L.metricsPerDashboard);
      lines += total;
    }
    // Every server's CPU, status check, memory and root volume are still drawn.
    expect(lines).toBeGreaterThan(4 * 1000);
  });

  it('plan prices as many dashboards as synth builds (cross-check)', () => {
    const items = buildPlan(model).cost.items.filter((i) => i.stack === 'primary' && i.unit === 'dashboard-month');
    expect(items.reduce((n, i) => n + i.quantity, 0)).toBe(2);
    expect(crossCheck(model, stacks)).toEqual([]);
  });
});
