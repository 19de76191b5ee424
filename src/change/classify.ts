// What Terraform will do with each resource when the Terraform of one spec replaces another's, and
// what that does to the running system. Pure function over the two synthesized stack sets (and
// the two models, for tier and mirror member): no Terraform, no state.
//
// Per stack, per resource address (`type.name`):
//   create   only in the new Terraform (and no `moved` block brings an old address to it)
//   delete   only in the old one
//   update   in both (or moved), an argument differs, none of the differing ones forces a new resource
//   replace  in both (or moved), a differing argument forces a new resource (src/catalog/force-new.ts)
//   move     a `moved` block renames it and nothing else differs (Terraform counts no change)
// Differences in arguments named by `lifecycle.ignore_changes` are not changes (Terraform ignores
// them). A replaced resource's computed attributes (id, arn, ...) are unknown until apply, so
// every argument that references one changes too, and replaces its resource when it is a force-new
// argument (an attachment of a replaced instance): followed to a fixed point, as Terraform plans.
// A data source whose configuration changes is read anew: what references it changes. A change of
// the provider's default_tags changes every tagged resource (tags_all).
// A renamed deployment has its state elsewhere (terraform-state/<name>/ or <keyPrefix>/<name>):
// Terraform starts from empty state there, so every resource is created and the old deployment is
// left as it was (orphaned, not destroyed).
import type { DeploymentModel, InstanceModel, MirrorRole, Tier } from '../model/model';
import { APPLY_ORDER, sites } from '../model/model';
import type { SynthesizedStack, TerraformJson } from '../synth/index';
import { forceNewOf } from '../catalog/force-new';
import { jsonEqual } from '../util/json-equal';

export type Action = 'create' | 'update' | 'replace' | 'delete' | 'move';
/** What the change does to the running system. */
export type Effect = 'none' | 'restart' | 'replace';

export interface ResourceChange {
  readonly stack: string;
  /** The address after the change (before it, for a delete). */
  readonly address: string;
  /** The old address, when a `moved` block renames the resource. */
  readonly movedFrom?: string;
  readonly action: Action;
  /** Top-level arguments that differ (update, replace), lifecycle-ignored ones left out. */
  readonly attributes: readonly string[];
  /** The arguments that force the replacement; `x (via aws_instance.a)` when a replaced resource it references makes it unknown. */
  readonly forcedBy: readonly string[];
  readonly effect: Effect;
  /** Why the effect is what it is, in words (empty for none). */
  readonly effectReason: string;
  /** The server it belongs to (instance key), its tier, mirror and designated mirror role, and the volume purpose. */
  readonly instance?: string;
  readonly tier?: Tier;
  readonly mirror?: string;
  readonly mirrorRole?: MirrorRole;
  readonly az?: string;
  readonly volume?: string;
}

export interface Totals {
  /** As `terraform plan` counts: a replace is one add and one destroy; moves are not counted. */
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly move: number;
}

export interface Classification {
  readonly changes: readonly ResourceChange[];
  readonly totals: Totals;
  /** Per stack, Terraform's counts. */
  readonly stacks: ReadonlyArray<{ readonly stack: string; readonly totals: Totals }>;
  /** Set when the deployment's name changed: where the old state stays and where the new one starts. */
  readonly rename?: { readonly from: string; readonly to: string; readonly orphaned: number };
}

type Body = Record<string, unknown>;
const META = '//';
/** Keys of a resource body that are Terraform meta-arguments, not provider arguments. */
const META_ARGUMENTS = new Set([META, 'lifecycle', 'depends_on', 'provider', 'count', 'for_each', 'provisioner', 'connection']);
/** aws_instance arguments whose in-place change stops and starts the instance (resourceInstanceUpdate). */
const RESTARTING_INSTANCE_ARGUMENTS = new Set(['instance_type', 'user_data', 'user_data_base64']);

/** Same JSON value, key order and cdktf's "//" metadata aside (diff's report compares with it too). */
export const same = (a: unknown, b: unknown): boolean => jsonEqual(a, b, META);

/**
 * Every value at a nested argument path (`schedule.copy_tags` below a block): blocks are written as
 * an object (cdktf, max-1 blocks) or a list (Terraform state, repeated blocks); each item is read.
 */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return [value];
  if (value === null || typeof value !== 'object') return [];
  const [key, ...rest] = path as [string, ...string[]];
  return valuesAt((value as Body)[key], rest);
}

function resources(json: TerraformJson | undefined): Map<string, Body> {
  const out = new Map<string, Body>();
  for (const [type, byName] of Object.entries(json?.resource ?? {})) for (const [name, body] of Object.entries(byName ?? {})) out.set(`${type}.${name}`, body);
  return out;
}

function dataSources(json: TerraformJson | undefined): Map<string, Body> {
  const out = new Map<string, Body>();
  for (const [type, byName] of Object.entries(json?.data ?? {})) for (const [name, body] of Object.entries(byName ?? {})) out.set(`data.${type}.${name}`, body);
  return out;
}

function movedBlocks(json: TerraformJson | undefined): Array<{ from: string; to: string }> {
  const moved = json?.['moved'];
  if (!Array.isArray(moved)) return [];
  return moved.filter((m): m is { from: string; to: string } => typeof m === 'object' && m !== null && typeof (m as Body)['from'] === 'string' && typeof (m as Body)['to'] === 'string');
}

function ignoredChanges(body: Body | undefined): Set<string> {
  const lifecycle = body?.['lifecycle'];
  const ignore = lifecycle !== null && typeof lifecycle === 'object' ? (lifecycle as Body)['ignore_changes'] : undefined;
  return new Set(Array.isArray(ignore) ? ignore.filter((a): a is string => typeof a === 'string') : []);
}

const typeOf = (address: string): string => (address.startsWith('data.') ? address.split('.')[1]! : address.split('.')[0]!);

/** Addresses (resources and data sources) an argument's value references, with the attribute read. */
function references(value: unknown): Array<{ address: string; attribute: string }> {
  const text = JSON.stringify(value) ?? '';
  const out: Array<{ address: string; attribute: string }> = [];
  for (const m of text.matchAll(/\b((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)/g)) out.push({ address: m[1]!, attribute: m[2]! });
  return out;
}

function defaultTags(json: TerraformJson | undefined): unknown {
  return (json?.provider?.['aws'] ?? []).map((p) => [p['alias'] ?? '', p['default_tags'] ?? null]);
}

interface Pair {
  readonly address: string;
  readonly movedFrom?: string;
  readonly before: Body | undefined;
  readonly after: Body | undefined;
}

interface Working {
  /** `none`: same arguments, same address (dropped at the end). */
  action: Action | 'none';
  attributes: Set<string>;
  forcedBy: Set<string>;
}

function forcingArguments(type: string, before: Body, after: Body, changed: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const arg of forceNewOf(type)) {
    const [head, ...nested] = arg.split('.') as [string, ...string[]];
    if (!changed.has(head)) continue;
    if (nested.length === 0) out.push(head);
    else if (!same(valuesAt(before[head], nested), valuesAt(after[head], nested))) out.push(arg);
  }
  return out;
}

/** Terraform's plan for one stack, from its old and new configuration. */
function classifyStack(before: TerraformJson | undefined, after: TerraformJson | undefined, renamed: boolean): Map<string, Working & Pair & { action: Action }> {
  const old = renamed ? new Map<string, Body>() : resources(before);
  const now = resources(after);
  const moves = renamed ? [] : movedBlocks(after).filter((m) => old.has(m.from) && now.has(m.to) && !now.has(m.from) && !old.has(m.to));
  const movedTo = new Map(moves.map((m) => [m.to, m.from]));
  const movedAway = new Set(moves.map((m) => m.from));
  const pairs: Pair[] = [];
  for (const [address, body] of now) {
    const from = movedTo.get(address);
    pairs.push({ address, movedFrom: from, before: from !== undefined ? old.get(from) : old.get(address), after: body });
  }
  for (const [address, body] of old) if (!now.has(address) && !movedAway.has(address)) pairs.push({ address, before: body, after: undefined });

  const tagsChanged = !renamed && before !== undefined && after !== undefined && !same(defaultTags(before), defaultTags(after));
  const result = new Map<string, Working & Pair>();
  for (const p of pairs) {
    if (p.before === undefined) { result.set(p.address, { ...p, action: 'create', attributes: new Set(), forcedBy: new Set() }); continue; }
    if (p.after === undefined) { result.set(p.address, { ...p, action: 'delete', attributes: new Set(), forcedBy: new Set() }); continue; }
    const ignored = ignoredChanges(p.after);
    const keys = new Set([...Object.keys(p.before), ...Object.keys(p.after)]);
    const changed = new Set([...keys].filter((k) => !META_ARGUMENTS.has(k) && !ignored.has(k) && !same(p.before![k], p.after![k])));
    if (tagsChanged && ('tags' in p.after || 'tags' in p.before) && !ignored.has('tags_all')) changed.add('tags_all');
    const forcing = forcingArguments(typeOf(p.address), p.before, p.after, changed);
    const action = forcing.length > 0 ? 'replace' : changed.size > 0 ? 'update' : p.movedFrom !== undefined ? 'move' : 'none';
    result.set(p.address, { ...p, action, attributes: changed, forcedBy: new Set(forcing) });
  }

  // Data sources read anew: a changed configuration, or one that references something unknown.
  const oldData = renamed ? new Map<string, Body>() : dataSources(before);
  const newData = dataSources(after);
  const unknown = new Set<string>();
  for (const [address, body] of newData) {
    const prior = oldData.get(address);
    if (prior !== undefined && !same(prior, body)) unknown.add(address);
  }
  // Fixed point: replaced resources and re-read data sources make what references them change.
  // Each argument's references, read once (the loop below may run several rounds).
  const argumentReferences = new Map<string, Array<[string, Array<{ address: string; attribute: string }>]>>();
  const referencesOf = (w: Working & Pair): Array<[string, Array<{ address: string; attribute: string }>]> => {
    let refs = argumentReferences.get(w.address);
    if (refs === undefined) {
      const ignored = ignoredChanges(w.after);
      refs = Object.entries(w.after ?? {})
        .filter(([arg]) => !META_ARGUMENTS.has(arg) && !ignored.has(arg))
        .map(([arg, value]): [string, Array<{ address: string; attribute: string }>] => [arg, references(value)])
        .filter(([, r]) => r.length > 0);
      argumentReferences.set(w.address, refs);
    }
    return refs;
  };
  for (let changedSomething = true; changedSomething; ) {
    changedSomething = false;
    const replaced = new Set([...result.values()].filter((w) => w.action === 'replace').map((w) => w.address));
    // Nothing replaced and nothing re-read: no reference can be unknown (most diffs stop here).
    if (replaced.size === 0 && unknown.size === 0) break;
    const isUnknown = (ref: { address: string; attribute: string }): boolean => {
      if (unknown.has(ref.address)) return true;
      if (!replaced.has(ref.address)) return false;
      // A configured argument of the new object is known at plan time (unless it is itself unknown).
      const body = result.get(ref.address)?.after;
      return body === undefined || !(ref.attribute in body) || references(body[ref.attribute]).some((r) => unknown.has(r.address) || replaced.has(r.address));
    };
    for (const [address, body] of newData) {
      if (unknown.has(address)) continue;
      if (references(body).some(isUnknown)) { unknown.add(address); changedSomething = true; }
    }
    for (const w of result.values()) {
      if (w.action === 'create' || w.action === 'delete' || w.after === undefined) continue;
      for (const [arg, refs] of referencesOf(w)) {
        const via = refs.filter(isUnknown);
        if (via.length === 0) continue;
        if (!w.attributes.has(arg)) { w.attributes.add(arg); changedSomething = true; }
        if (w.action === 'none' || w.action === 'move') { w.action = 'update'; changedSomething = true; }
        if (forceNewOf(typeOf(w.address)).includes(arg)) {
          const label = `${arg} (via ${via[0]!.address})`;
          if (!w.forcedBy.has(arg) && ![...w.forcedBy].some((f) => f.startsWith(`${arg} `))) { w.forcedBy.add(label); changedSomething = true; }
          if (w.action !== 'replace') { w.action = 'replace'; changedSomething = true; }
        }
      }
    }
  }
  for (const [address, w] of [...result]) if (w.action === 'none') result.delete(address);
  return result as Map<string, Working & Pair & { action: Action }>;
}

/** The instance a resource belongs to: its own refarch:instance tag, or that of the one instance it references. */
function ownerKey(body: Body | undefined, all: Map<string, Body>): string | undefined {
  if (body === undefined) return undefined;
  const tags = body['tags'] as Record<string, unknown> | undefined;
  const own = tags?.['refarch:instance'];
  if (typeof own === 'string') return own;
  // A resource named after one server (its day-one parameter "<server name>-day-one").
  const name = tags?.['Name'];
  if (typeof name === 'string') {
    let best: { key: string; length: number } | undefined;
    for (const [address, inst] of all) {
      if (!address.startsWith('aws_instance.')) continue;
      const t = inst['tags'] as Record<string, unknown> | undefined;
      const instName = t?.['Name'];
      const key = t?.['refarch:instance'];
      if (typeof instName !== 'string' || typeof key !== 'string' || !name.startsWith(`${instName}-`)) continue;
      if (best === undefined || instName.length > best.length) best = { key, length: instName.length };
    }
    if (best !== undefined) return best.key;
  }
  // Else the one server it references (an attachment, a target registration, an alarm); a
  // resource that references several servers (a dashboard) belongs to none of them.
  const keys = new Set<string>();
  for (const ref of references(Object.fromEntries(Object.entries(body).filter(([k]) => !META_ARGUMENTS.has(k))))) {
    if (!ref.address.startsWith('aws_instance.')) continue;
    const t = (all.get(ref.address)?.['tags'] as Record<string, unknown> | undefined)?.['refarch:instance'];
    if (typeof t === 'string') keys.add(t);
  }
  return keys.size === 1 ? [...keys][0] : undefined;
}

function effectOf(type: string, action: Action, attributes: ReadonlySet<string>): { effect: Effect; reason: string } {
  const server = type === 'aws_instance';
  const volume = type === 'aws_ebs_volume';
  if ((action === 'replace' || action === 'delete') && server) return { effect: 'replace', reason: action === 'delete' ? 'the server is terminated (its root volume with it)' : 'a new server: the old one is terminated, its root volume with it' };
  if ((action === 'replace' || action === 'delete') && volume) return { effect: 'replace', reason: action === 'delete' ? 'the volume is deleted: the data on it is lost' : 'a new, empty volume: the data on the old one is lost' };
  if ((action === 'replace' || action === 'delete') && type === 'aws_volume_attachment') return { effect: 'restart', reason: 'the volume is detached from its running server: what is mounted from it stops' };
  if (action === 'update' && server) {
    const restarting = [...attributes].filter((a) => RESTARTING_INSTANCE_ARGUMENTS.has(a));
    if (restarting.length > 0) return { effect: 'restart', reason: `${restarting.join(', ')} changes by stopping and starting the server` };
  }
  return { effect: 'none', reason: '' };
}

function instanceIndex(model: DeploymentModel | undefined): Map<string, Map<string, InstanceModel>> {
  const out = new Map<string, Map<string, InstanceModel>>();
  if (model === undefined) return out;
  for (const site of sites(model)) out.set(site.stackId, new Map(site.instances.map((i) => [i.key, i])));
  return out;
}

function totalsOf(changes: readonly ResourceChange[]): Totals {
  let add = 0, change = 0, destroy = 0, move = 0;
  for (const c of changes) {
    if (c.movedFrom !== undefined) move++;
    if (c.action === 'create') add++;
    else if (c.action === 'update') change++;
    else if (c.action === 'delete') destroy++;
    else if (c.action === 'replace') { add++; destroy++; }
  }
  return { add, change, destroy, move };
}

export function classify(before: readonly SynthesizedStack[], after: readonly SynthesizedStack[], oldModel?: DeploymentModel, newModel?: DeploymentModel): Classification {
  const renamed = oldModel !== undefined && newModel !== undefined && oldModel.name !== newModel.name;
  const ids = [...new Set([...before.map((s) => s.id), ...after.map((s) => s.id)])];
  const order: readonly string[] = APPLY_ORDER;
  ids.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  const oldInstances = instanceIndex(oldModel);
  const newInstances = instanceIndex(newModel);
  const changes: ResourceChange[] = [];
  const stacks: Array<{ stack: string; totals: Totals }> = [];
  for (const id of ids) {
    const a = before.find((s) => s.id === id)?.json;
    const b = after.find((s) => s.id === id)?.json;
    const worked = classifyStack(a, b, renamed);
    const oldAll = resources(a);
    const newAll = resources(b);
    const stackChanges: ResourceChange[] = [];
    for (const w of [...worked.values()].sort((x, y) => x.address.localeCompare(y.address))) {
      const type = typeOf(w.address);
      const { effect, reason } = effectOf(type, w.action, w.attributes);
      const key = w.after !== undefined ? ownerKey(w.after, newAll) : ownerKey(w.before, oldAll);
      const inst = key === undefined ? undefined : (w.after !== undefined ? newInstances : oldInstances).get(id)?.get(key) ?? oldInstances.get(id)?.get(key);
      const volumeTag = ((w.after ?? w.before)?.['tags'] as Record<string, unknown> | undefined)?.['refarch:volume'];
      const change: ResourceChange = {
        stack: id,
        address: w.address,
        ...(w.movedFrom !== undefined ? { movedFrom: w.movedFrom } : {}),
        action: w.action,
        attributes: [...w.attributes].sort(),
        forcedBy: [...w.forcedBy].sort(),
        effect,
        effectReason: reason,
        ...(key !== undefined ? { instance: key } : {}),
        ...(inst !== undefined ? { tier: inst.tier, az: inst.az } : {}),
        ...(inst?.mirror !== undefined ? { mirror: inst.mirror } : {}),
        ...(inst?.mirrorRole !== undefined ? { mirrorRole: inst.mirrorRole } : {}),
        ...(typeof volumeTag === 'string' ? { volume: volumeTag } : {}),
      };
      stackChanges.push(change);
    }
    changes.push(...stackChanges);
    stacks.push({ stack: id, totals: totalsOf(stackChanges) });
  }
  const totals = totalsOf(changes);
  const orphaned = renamed ? before.reduce((n, s) => n + resources(s.json).size, 0) : 0;
  return { changes, totals, stacks, ...(renamed ? { rename: { from: oldModel!.name, to: newModel!.name, orphaned } } : {}) };
}

/** The resource addresses of one server in a stack's Terraform: its instance and everything that belongs to it (volumes, attachments, target registrations). */
export function memberAddresses(json: TerraformJson, key: string): string[] {
  const all = resources(json);
  return [...all].filter(([, body]) => ownerKey(body, all) === key).map(([address]) => address).sort();
}
