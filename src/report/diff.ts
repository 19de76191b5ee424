// diff: what changes in the Terraform when a spec changes. Both specs are synthesized; per stack,
// every resource address (type.name, data.type.name, output.name, variable.name) is compared:
// added, removed, or changed (same address, different body). cdktf's "//" metadata key (construct
// paths, stack traces) is ignored. The monthly cost delta comes from the two plans.
import { same, type Classification, type ResourceChange, type Totals } from '../change/classify';
import { APPLY_ORDER } from '../model/model';
import type { Diagnostic } from '../model/diagnostics';
import { formatDiagnostic } from '../model/diagnostics';
import type { SynthesizedStack, TerraformJson } from '../synth/index';
import { formatCents } from './money';
import type { Plan } from './plan';
import { styleFor } from './table';

export interface ChangedAddress {
  readonly address: string;
  /** Top-level attributes whose values differ (added, removed or changed). */
  readonly attributes: readonly string[];
}

export interface StackDiff {
  readonly stack: string;
  /** The whole stack is new or gone (a DR site or DNS block added or removed). */
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ChangedAddress[];
}

export interface CostDelta {
  readonly currency: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  readonly beforeCents: number;
  readonly afterCents: number;
  readonly deltaCents: number;
  /** True when either plan priced some item at a stand-in (us-east-1) figure. */
  readonly approximate: boolean;
  /** The stacks priced approximately, as "stack (region)", in either plan. */
  readonly approximateStacks: readonly string[];
}

export interface DiffResult {
  readonly apiVersion: 'refarch/v1';
  readonly kind: 'Diff';
  readonly old: string;
  readonly new: string;
  readonly changes: boolean;
  /** Addresses of every kind (resources, data sources, outputs, variables, providers). */
  readonly summary: { readonly added: number; readonly removed: number; readonly changed: number };
  /** Resources as `terraform plan` counts them (a replace is one add and one destroy; moves apart). */
  readonly totals: Totals;
  /** Every resource change: create / update / replace / delete / move, what forces it, its effect and the server it touches. */
  readonly resources: readonly ResourceChange[];
  /** Set when the deployment's name changes (state moves; the old deployment is orphaned). */
  readonly rename?: Classification['rename'];
  /** The change rules' findings (change.*), placed in the new spec. */
  readonly diagnostics: readonly Diagnostic[];
  readonly stacks: readonly StackDiff[];
  readonly cost: CostDelta;
}

const METADATA_KEY = '//';

type Blocks = Record<string, Record<string, unknown>>;

/** Every addressable block of a stack: resources, data sources, outputs, variables, providers, settings. */
export function addresses(json: TerraformJson): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const typed = (blocks: Record<string, Blocks> | undefined, prefix: string): void => {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      for (const [name, body] of Object.entries(byName ?? {})) out.set(`${prefix}${type}.${name}`, body);
    }
  };
  typed(json.resource as Record<string, Blocks> | undefined, '');
  typed(json.data as Record<string, Blocks> | undefined, 'data.');
  for (const [name, body] of Object.entries(json.output ?? {})) out.set(`output.${name}`, body);
  for (const [name, body] of Object.entries(json.variable ?? {})) out.set(`variable.${name}`, body);
  for (const [name, configs] of Object.entries(json.provider ?? {})) {
    for (const config of configs ?? []) {
      const alias = typeof config['alias'] === 'string' ? `.${config['alias']}` : '';
      out.set(`provider.${name}${alias}`, config);
    }
  }
  if (json.terraform !== undefined) out.set('terraform', json.terraform);
  return out;
}

function changedAttributes(a: unknown, b: unknown): string[] {
  const ao = (a ?? {}) as Record<string, unknown>;
  const bo = (b ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].filter((k) => k !== METADATA_KEY).sort();
  return keys.filter((k) => !same(ao[k], bo[k]));
}

export function diffStacks(before: readonly SynthesizedStack[], after: readonly SynthesizedStack[]): StackDiff[] {
  const ids = [...new Set([...before.map((s) => s.id), ...after.map((s) => s.id)])];
  const order: readonly string[] = APPLY_ORDER;
  ids.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return ids.map((id) => {
    const a = before.find((s) => s.id === id);
    const b = after.find((s) => s.id === id);
    const am = a ? addresses(a.json) : new Map<string, unknown>();
    const bm = b ? addresses(b.json) : new Map<string, unknown>();
    const added = [...bm.keys()].filter((k) => !am.has(k)).sort();
    const removed = [...am.keys()].filter((k) => !bm.has(k)).sort();
    const changed = [...am.keys()]
      .filter((k) => bm.has(k) && !same(am.get(k), bm.get(k)))
      .sort()
      .map((address) => ({ address, attributes: changedAttributes(am.get(address), bm.get(address)) }));
    const status = !a ? 'added' : !b ? 'removed' : added.length + removed.length + changed.length > 0 ? 'changed' : 'unchanged';
    return { stack: id, status, added, removed, changed };
  });
}

export function buildDiff(oldFile: string, newFile: string, before: readonly SynthesizedStack[], after: readonly SynthesizedStack[], planBefore: Plan, planAfter: Plan, classification?: Classification, diagnostics: readonly Diagnostic[] = []): DiffResult {
  const stacks = diffStacks(before, after);
  const summary = {
    added: stacks.reduce((n, s) => n + s.added.length, 0),
    removed: stacks.reduce((n, s) => n + s.removed.length, 0),
    changed: stacks.reduce((n, s) => n + s.changed.length, 0),
  };
  const b = planBefore.cost.monthlyCents;
  const a = planAfter.cost.monthlyCents;
  const approximateStacks = [
    ...new Set([planBefore, planAfter].flatMap((p) => p.stacks.flatMap((s) => (s.kind !== 'link' && s.prices.approximate ? [`${s.id} (${s.prices.region})`] : [])))),
  ];
  return {
    apiVersion: 'refarch/v1',
    kind: 'Diff',
    old: oldFile,
    new: newFile,
    changes: summary.added + summary.removed + summary.changed > 0,
    summary,
    totals: classification?.totals ?? { add: 0, change: 0, destroy: 0, move: 0 },
    resources: classification?.changes ?? [],
    ...(classification?.rename !== undefined ? { rename: classification.rename } : {}),
    diagnostics,
    stacks,
    cost: {
      currency: planAfter.cost.currency,
      before: planBefore.cost.monthly,
      after: planAfter.cost.monthly,
      delta: Number(((a - b) / 100).toFixed(2)),
      beforeCents: b,
      afterCents: a,
      deltaCents: a - b,
      approximate: planBefore.cost.approximate || planAfter.cost.approximate,
      approximateStacks,
    },
  };
}

export function formatDiffText(diff: DiffResult, color: boolean): string {
  const style = styleFor(color);
  const green = (t: string): string => (color ? `\u001b[32m${t}\u001b[39m` : t);
  const red = (t: string): string => (color ? `\u001b[31m${t}\u001b[39m` : t);
  const yellow = (t: string): string => (color ? `\u001b[33m${t}\u001b[39m` : t);
  const lines: string[] = [];
  lines.push(style.bold(`refarch diff ${diff.old} -> ${diff.new}`));
  const mark = { create: green('+'), update: yellow('~'), replace: red('-/+'), delete: red('-'), move: yellow('->') } as const;
  for (const s of diff.stacks) {
    if (s.status === 'unchanged') continue;
    const what = s.status === 'added' ? ' (new stack)' : s.status === 'removed' ? ' (stack removed)' : '';
    // Destruction first: what replaces or deletes, then what is created, changed in place, moved.
    const rank = { replace: 0, delete: 1, create: 2, update: 3, move: 4 } as const;
    const rs = diff.resources.filter((r) => r.stack === s.stack).sort((a, b) => rank[a.action] - rank[b.action] || a.address.localeCompare(b.address));
    const t = { add: 0, change: 0, destroy: 0 };
    for (const r of rs) {
      if (r.action === 'create' || r.action === 'replace') t.add++;
      if (r.action === 'update') t.change++;
      if (r.action === 'delete' || r.action === 'replace') t.destroy++;
    }
    lines.push('', style.bold(`Stack ${s.stack}${what}: ${t.add} to add, ${t.change} to change, ${t.destroy} to destroy`));
    for (const r of rs) {
      const member = r.instance !== undefined ? ` [${[r.tier, r.mirror !== undefined ? `mirror ${r.mirror}` : undefined, r.mirrorRole, r.instance, r.az].filter((x) => x !== undefined).join(' ')}]` : '';
      const forced = r.forcedBy.length > 0 ? ` forced by ${r.forcedBy.join(', ')}` : r.attributes.length > 0 && r.action !== 'create' ? ` (${r.attributes.join(', ')})` : '';
      const moved = r.movedFrom !== undefined ? ` (moved from ${r.movedFrom})` : '';
      const effect = r.effect !== 'none' ? ` effect: ${r.effect}${r.effectReason !== '' ? ` (${r.effectReason})` : ''}` : '';
      lines.push(`  ${mark[r.action]} ${r.action} ${r.address}${moved}${forced}${member}${effect}`);
    }
    const other = [...s.added.map((a) => `+ ${a}`), ...s.changed.map((c) => `~ ${c.address}`), ...s.removed.map((a) => `- ${a}`)].filter((l) => !/^[+~-] aws_/.test(l));
    if (other.length > 0) lines.push(`  not resources: ${other.join(', ')}`);
  }
  if (diff.rename !== undefined) lines.push('', `Rename ${diff.rename.from} -> ${diff.rename.to}: the state moves to a new place; Terraform there creates every resource anew, and the old deployment's ${diff.rename.orphaned} resources stay as they are, no longer managed by this output.`);
  for (const d of diff.diagnostics) lines.push(formatDiagnostic(d));
  const { added, changed, removed } = diff.summary;
  lines.push('');
  const tt = diff.totals;
  lines.push(diff.changes ? style.bold(`Total: ${tt.add} to add, ${tt.change} to change, ${tt.destroy} to destroy${tt.move > 0 ? `, ${tt.move} moved` : ''} (as terraform plan counts resources; ${added} added, ${changed} changed, ${removed} removed addresses of every kind).`) : 'No changes: both specs compile to the same Terraform.');
  const c = diff.cost;
  const sign = c.deltaCents > 0 ? '+' : '';
  lines.push(`Estimated monthly cost: ${formatCents(c.beforeCents, c.currency)} -> ${formatCents(c.afterCents, c.currency)} (${sign}${formatCents(c.deltaCents, c.currency)}; on-demand catalog prices, see refarch plan)`);
  if (c.approximate)
    lines.push(`Approximate: some figures of ${c.approximateStacks.join(', ')} are us-east-1 stand-ins (no sourced figure for that region; refarch prices fetches them).`);
  return `${lines.join('\n')}\n`;
}
