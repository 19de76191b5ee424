// The tags refarch puts on each server, a pure function of the resolved model: synth writes them
// (src/synth/site/servers.ts) and the tags.count rule counts them, with the provider's default
// tags, against AWS's tags-per-resource limit (a spec over it fails at `terraform apply`).
import { AWS_NAME_LIMITS } from '../catalog/catalog';
import type { DeploymentModel, InstanceModel, SiteModel } from './model';

/** Tags every instance carries; backups and monitoring select instances by them. */
export const SERVER_TAGS = {
  tier: 'refarch:tier',
  instance: 'refarch:instance',
  mirror: 'refarch:mirror',
  mirrorRole: 'refarch:mirror-role',
  namespaces: 'refarch:namespaces',
  volume: 'refarch:volume',
  journal: 'refarch:journal',
  snapshotPolicy: 'refarch:snapshot-policy',
} as const;

/**
 * Tags the site's DLM policy adds to each snapshot, besides the ones it copies from the member
 * (copyTags): a snapshot carries the member's tags and these, within the same 50.
 */
export const SNAPSHOT_TAGS: Readonly<Record<string, string>> = { 'refarch:backup': 'dlm' };

/** The default tag naming the stack (besides the model's tags), on every resource. */
export const STACK_TAG = 'refarch:stack';

/**
 * The mirror's namespaces as tags: `refarch:namespaces` and, past AWS's tag value limit (20 names
 * of 31 characters need 639), `refarch:namespaces-2`, `-3` ...; whole names, comma-separated, in
 * the spec's order. One value holding them all would fail `terraform apply` (CreateTags).
 */
export function namespaceTags(names: readonly string[]): Record<string, string> {
  const values: string[] = [];
  for (const name of names) {
    const last = values.length - 1;
    if (last >= 0 && values[last]!.length + 1 + name.length <= AWS_NAME_LIMITS.rows.tagValue) values[last] += `,${name}`;
    else values.push(name);
  }
  return Object.fromEntries(values.map((value, i) => [i === 0 ? SERVER_TAGS.namespaces : `${SERVER_TAGS.namespaces}-${i + 1}`, value]));
}

/** The tag by which the site's DLM policy selects its mirror members (backup.method snapshot). */
export function snapshotPolicyTag(model: DeploymentModel, site: SiteModel): { readonly key: string; readonly value: string } {
  return { key: SERVER_TAGS.snapshotPolicy, value: `${model.name}-${site.role}-db-snapshots` };
}

/** A server's tags: its name, tier and key, its mirror and role, and what operations select it by. */
export function serverTags(model: DeploymentModel, site: SiteModel, inst: InstanceModel): Record<string, string> {
  const isMember = inst.tier === 'database';
  const mirror = inst.mirror === undefined ? undefined : site.mirrors.find((m) => m.name === inst.mirror);
  const tags: Record<string, string> = {
    Name: inst.name,
    [SERVER_TAGS.tier]: inst.tier,
    [SERVER_TAGS.instance]: inst.key,
  };
  if (inst.mirror !== undefined) tags[SERVER_TAGS.mirror] = inst.mirror;
  if (inst.mirrorRole !== undefined) tags[SERVER_TAGS.mirrorRole] = inst.mirrorRole;
  if (isMember && mirror) Object.assign(tags, namespaceTags(mirror.namespaces));
  // The reference architecture recommends journal compression and encryption for DR async
  // members; both are instance (mirror) settings, surfaced here for whoever installs IRIS.
  if (inst.mirrorRole === 'async') tags[SERVER_TAGS.journal] = 'compress and encrypt (DR async member)';
  // The site's DLM policy selects its members by this tag alone.
  if (isMember && model.backup.method === 'snapshot') {
    const target = snapshotPolicyTag(model, site);
    tags[target.key] = target.value;
  }
  return tags;
}
