// Change rules: what `refarch diff` refuses or warns about when one spec replaces another. Each
// rule is a small function over the two models and the classified Terraform changes
// (classify.ts); findings point into the NEW spec (placed at file:line:col by the caller).
//
//   change.data-replaced        error    a database/journal/WIJ volume or a mirror member replaced or destroyed
//   change.mirror-pair-restart  warning  both failover members, or every server of a tier, restart in one apply
//   change.volume-shrink        error    a volume gets smaller (EBS volumes only grow)
//   change.volume-modify-wait   warning  a volume modified again within six hours of its last modification
//   change.rename               error    the deployment's name changes (unless --rename)
//   change.zone-shift           error    zones added or removed change the subnet slots of zones already deployed
import type { DeploymentModel, InstanceModel, SiteModel, SpecPath, VolumeModel } from '../model/model';
import { sites } from '../model/model';
import type { Finding } from '../model/diagnostics';
import type { Classification, ResourceChange } from './classify';
import { EBS_MODIFICATION_WAIT_HOURS, volumeRecordKey, type VolumeRecords } from './volume-records';

export interface ChangeRuleInput {
  readonly before: DeploymentModel;
  readonly after: DeploymentModel;
  readonly changes: Classification;
  /** --allow-data-loss: a deliberate decommission; change.data-replaced is not raised. */
  readonly allowDataLoss: boolean;
  /** --rename: the rename is deliberate; change.rename is not raised. */
  readonly rename: boolean;
  /** The volume records of the deployment's output folder (manifest.json), when one was given. */
  readonly volumeRecords?: VolumeRecords;
  readonly now: Date;
}

export const CHANGE_RULES = ['change.data-replaced', 'change.mirror-pair-restart', 'change.volume-shrink', 'change.volume-modify-wait', 'change.rename', 'change.zone-shift'] as const;

function siteOf(model: DeploymentModel, stack: string): SiteModel | undefined {
  return sites(model).find((s) => s.stackId === stack);
}

function instanceOf(model: DeploymentModel, stack: string, key: string | undefined): InstanceModel | undefined {
  return key === undefined ? undefined : siteOf(model, stack)?.instances.find((i) => i.key === key);
}

/** Arguments that only a change of availability zone forces: the zone list decides them. */
const ZONE_ARGUMENTS = new Set(['availability_zone', 'subnet_id']);

/**
 * Where a change is decided in the new spec: the site's zone list when only a zone moved it, else
 * the volume, else the server, else the whole file.
 */
function pathOf(input: ChangeRuleInput, c: ResourceChange): SpecPath {
  if (c.forcedBy.length > 0 && c.forcedBy.every((f) => ZONE_ARGUMENTS.has(f.split(' ')[0]!))) {
    return siteOf(input.after, c.stack)?.role === 'dr' ? ['dr', 'availabilityZones'] : ['availabilityZones'];
  }
  const inst = instanceOf(input.after, c.stack, c.instance) ?? instanceOf(input.before, c.stack, c.instance);
  const vol = c.volume !== undefined ? inst?.volumes.find((v) => v.purpose === c.volume) : undefined;
  return vol?.specPath ?? inst?.specPath ?? [];
}

const memberWords = (c: ResourceChange): string => `${c.mirror !== undefined ? `mirror ${c.mirror} ` : ''}${c.mirrorRole ?? c.tier ?? ''} member ${c.instance ?? '?'}`.trim();

function dataReplaced(input: ChangeRuleInput): Finding[] {
  if (input.allowDataLoss || input.changes.rename !== undefined) return [];
  const out: Finding[] = [];
  for (const c of input.changes.changes) {
    if (c.action !== 'replace' && c.action !== 'delete') continue;
    const memberServer = c.address.startsWith('aws_instance.') && c.tier === 'database';
    const dataVolume = c.address.startsWith('aws_ebs_volume.') && c.tier === 'database';
    if (!memberServer && !dataVolume) continue;
    const what = dataVolume ? `the ${c.volume ?? 'database'} volume of ${memberWords(c)}` : `${memberWords(c)} (its server)`;
    const why = c.action === 'delete' ? 'is destroyed' : `is replaced (forced by ${c.forcedBy.join(', ')})`;
    out.push({
      severity: 'error',
      rule: 'change.data-replaced',
      path: pathOf(input, c),
      message: `${c.stack}: ${what} ${why}: ${c.address}; the database data on it is lost`,
      fix: c.action === 'delete'
        ? 'keep the member in the spec; to decommission it deliberately, take a backup first and run with --allow-data-loss (README "Changing a deployment")'
        : `change the spec so that ${c.forcedBy.map((f) => f.split(' ')[0]).join(', ')} keeps its value (e.g. keep the member's availability zone); a replacement is a restore from backup, done deliberately with --allow-data-loss`,
    });
  }
  return out;
}

function pairRestart(input: ChangeRuleInput): Finding[] {
  const out: Finding[] = [];
  const disruptive = input.changes.changes.filter((c) => c.instance !== undefined && (c.effect === 'restart' || c.effect === 'replace'));
  const touched = (stack: string): Set<string> => new Set(disruptive.filter((c) => c.stack === stack).map((c) => c.instance!));
  for (const site of sites(input.after)) {
    const keys = touched(site.stackId);
    for (const m of site.mirrors) {
      if (m.primaryKey === undefined || m.backupKey === undefined || !keys.has(m.primaryKey) || !keys.has(m.backupKey)) continue;
      const inst = site.instances.find((i) => i.key === m.primaryKey)!;
      out.push({
        severity: 'warning',
        rule: 'change.mirror-pair-restart',
        path: inst.specPath,
        message: `${site.stackId}: both failover members of mirror ${m.name} (${m.primaryKey}, ${m.backupKey}) stop in one apply: the database is down until both are back`,
        fix: `apply with the runbook of \`refarch rollout <old.yaml> <new.yaml>\`: the backup first, fail over, then the former primary`,
      });
    }
    for (const tier of ['web', 'app', 'print'] as const) {
      const members = site.instances.filter((i) => i.tier === tier);
      if (members.length < 2 || !members.every((i) => keys.has(i.key))) continue;
      out.push({
        severity: 'warning',
        rule: 'change.mirror-pair-restart',
        path: members[0]!.specPath,
        message: `${site.stackId}: all ${members.length} ${tier} servers (${members.map((i) => i.key).join(', ')}) stop in one apply: the ${tier} tier is down until they are back`,
        fix: 'apply with the runbook of `refarch rollout <old.yaml> <new.yaml>`: one availability zone at a time',
      });
    }
  }
  return out;
}

interface VolumePair { readonly stack: string; readonly key: string; readonly before: VolumeModel; readonly after: VolumeModel }

function volumePairs(input: ChangeRuleInput): VolumePair[] {
  const out: VolumePair[] = [];
  for (const site of sites(input.after)) {
    for (const inst of site.instances) {
      const prior = instanceOf(input.before, site.stackId, inst.key);
      if (prior === undefined) continue;
      for (const v of inst.volumes) {
        const pv = prior.volumes.find((x) => x.purpose === v.purpose);
        if (pv !== undefined) out.push({ stack: site.stackId, key: inst.key, before: pv, after: v });
      }
    }
  }
  return out;
}

function volumeShrink(input: ChangeRuleInput): Finding[] {
  if (input.changes.rename !== undefined) return [];
  const out: Finding[] = [];
  for (const p of volumePairs(input)) {
    if (p.after.sizeGiB >= p.before.sizeGiB) continue;
    out.push({
      severity: 'error',
      rule: 'change.volume-shrink',
      path: [...p.after.specPath, 'sizeGiB'],
      message: `${p.stack}: the ${p.after.purpose} volume of ${p.key} would shrink from ${p.before.sizeGiB} GiB to ${p.after.sizeGiB} GiB; EBS volumes only grow (ModifyVolume refuses a smaller size at apply)`,
      fix: `keep sizeGiB at ${p.before.sizeGiB} or more; to get a smaller volume, copy the data to a new volume and switch deliberately`,
      params: { value: p.after.sizeGiB, limit: { min: p.before.sizeGiB, max: Number.MAX_SAFE_INTEGER }, unit: 'GiB', fits: p.before.sizeGiB },
    });
  }
  for (const site of sites(input.after)) {
    for (const inst of site.instances) {
      const prior = instanceOf(input.before, site.stackId, inst.key);
      if (prior === undefined || inst.rootVolume.sizeGiB >= prior.rootVolume.sizeGiB) continue;
      out.push({
        severity: 'error',
        rule: 'change.volume-shrink',
        path: inst.specPath,
        message: `${site.stackId}: the root volume of ${inst.key} would shrink from ${prior.rootVolume.sizeGiB} GiB to ${inst.rootVolume.sizeGiB} GiB; EBS volumes only grow`,
        fix: `keep the root volume at ${prior.rootVolume.sizeGiB} GiB or more`,
      });
    }
  }
  return out;
}

function modified(p: VolumePair): boolean {
  return p.before.sizeGiB !== p.after.sizeGiB || p.before.type !== p.after.type || p.before.iops !== p.after.iops || p.before.throughputMiBps !== p.after.throughputMiBps;
}

function modifyWait(input: ChangeRuleInput): Finding[] {
  if (input.volumeRecords === undefined || input.changes.rename !== undefined) return [];
  const out: Finding[] = [];
  for (const p of volumePairs(input)) {
    if (!modified(p)) continue;
    const last = input.volumeRecords[volumeRecordKey(p.stack, p.key, p.after.purpose)]?.modifiedAt;
    if (last === undefined) continue;
    const hours = (input.now.getTime() - Date.parse(last)) / 3_600_000;
    if (!(hours < EBS_MODIFICATION_WAIT_HOURS)) continue;
    const ready = new Date(Date.parse(last) + EBS_MODIFICATION_WAIT_HOURS * 3_600_000).toISOString();
    out.push({
      severity: 'warning',
      rule: 'change.volume-modify-wait',
      path: p.after.specPath,
      message: `${p.stack}: the ${p.after.purpose} volume of ${p.key} was last modified at ${last} (the synth that changed it, per the output's manifest.json), ${hours.toFixed(1)} h ago; EBS refuses another modification of a volume within ${EBS_MODIFICATION_WAIT_HOURS} hours`,
      fix: `apply this change after ${ready} (and after the previous modification has left the "optimizing" state)`,
    });
  }
  return out;
}

function rename(input: ChangeRuleInput): Finding[] {
  if (input.rename || input.changes.rename === undefined) return [];
  const r = input.changes.rename;
  return [{
    severity: 'error',
    rule: 'change.rename',
    path: ['name'],
    message: `the deployment's name changes from ${r.from} to ${r.to}: every named resource would be created anew beside the old ones, and Terraform's state moves to a new place (the old state, with its ${r.orphaned} resources, is left behind, still running)`,
    fix: `keep name: ${r.from}; to rename deliberately, run with --rename, which prints exactly what moves`,
  }];
}

/**
 * Zones take subnet slots in slot order (by name, unless network.zoneOrder is as-listed): a zone
 * added before the deployed ones, or one removed from among them, moves the deployed zones to
 * other slots, so their subnets' blocks change and the subnets and every server in them are
 * replaced. The data-replaced rule refuses what that does to members; this one says why and how
 * to add the zone without it.
 */
function zoneShift(input: ChangeRuleInput): Finding[] {
  if (input.allowDataLoss || input.changes.rename !== undefined) return [];
  const out: Finding[] = [];
  for (const after of sites(input.after)) {
    const before = sites(input.before).find((s) => s.role === after.role);
    if (before === undefined) continue;
    const moved = before.azs.filter((az) => after.azs.includes(az) && after.azs.indexOf(az) !== before.azs.indexOf(az));
    if (moved.length === 0) continue;
    const added = after.azs.filter((az) => !before.azs.includes(az));
    const removed = before.azs.filter((az) => !after.azs.includes(az));
    const what = [added.length > 0 ? `adding ${added.join(', ')}` : '', removed.length > 0 ? `removing ${removed.join(', ')}` : ''].filter((w) => w !== '').join(' and ');
    const kept = before.azs.filter((az) => after.azs.includes(az));
    out.push({
      severity: 'error',
      rule: 'change.zone-shift',
      path: after.role === 'dr' ? ['dr', 'availabilityZones'] : ['availabilityZones'],
      message: `${after.stackId}: ${what} moves ${moved.join(', ')} to other subnet slots (slot order ${before.azs.join(', ')} becomes ${after.azs.join(', ')}): their subnets get other CIDR blocks, so Terraform replaces them and every server and volume in them`,
      fix: `list the zones already deployed first, in their slot order (${kept.join(', ')}), then ${added.length > 0 ? added.join(', ') : 'nothing else'}, and set network.zoneOrder: as-listed (slots by list position)${removed.length > 0 ? '; a zone removed from among them cannot keep the others\' slots: move its servers first' : ''}`,
    });
  }
  return out;
}

export function changeFindings(input: ChangeRuleInput): Finding[] {
  return [...rename(input), ...zoneShift(input), ...dataReplaced(input), ...volumeShrink(input), ...pairRestart(input), ...modifyWait(input)];
}
