// refarch rollout: the order in which to apply a change that restarts or replaces servers, so that
// the service stays up. Computed from the same classification as diff and the same synthesized
// Terraform as synth: every `-target` is a resource address of the new Terraform (a test checks).
//
//   mirror (failover pair)  change the backup member first, wait until it is an active backup again,
//                           fail over (gracefully stop the primary: the backup takes over), change
//                           the former primary, wait until it is the active backup
//   web                     one availability zone at a time: deregister the zone's servers from the
//                           load balancer (it drains them), change them, register them again
//   app, print, arbiter     one availability zone at a time
//   the rest                a last full apply, which must then plan no server change
// InterSystems' High Availability Guide (doc key GHA): "Planned Outage Procedures" (maintenance of
// the backup, then of the primary after a graceful shutdown makes the backup take over) and
// "Monitoring Mirrors" (the backup's status and its journal transfer "Active").
import type { DeploymentModel, InstanceModel, MirrorModel, SiteModel } from '../model/model';
import { sites } from '../model/model';
import { DAY_ONE } from '../catalog/catalog';
import type { SynthesizedStack } from '../synth/index';
import { memberAddresses, type Classification, type ResourceChange } from './classify';

export interface RolloutStep {
  readonly n: number;
  readonly stack: string;
  readonly title: string;
  /** Commands to run, in order (shell). */
  readonly commands: readonly string[];
  /** The Terraform addresses the step applies (-target), when it applies. */
  readonly targets: readonly string[];
  readonly verify: string;
  readonly stop: string;
}

export interface Rollout {
  readonly apiVersion: 'refarch/v1';
  readonly kind: 'Rollout';
  readonly old: string;
  readonly new: string;
  readonly steps: readonly RolloutStep[];
  /** Why no staged rollout is needed (nothing restarts), when steps holds only the final apply. */
  readonly note?: string;
}

const tf = (stack: string, verb: string, targets: readonly string[], extra = ''): string =>
  `terraform -chdir=stacks/${stack} ${verb}${extra}${targets.map((t) => ` -target=${t}`).join('')}`;

/**
 * This member's mirror status, through refarch-apply's `mirror-status` (the day-one script on every
 * server, which runs the session as the instance owner: OS authentication, no password prompt).
 * `iris session <inst> -U %SYS '##class(%SYSTEM.Mirror).GetMemberStatus(..)'` would print nothing:
 * a routine argument is run with DO, which discards the value.
 */
function memberStatus(model: DeploymentModel, mirror: MirrorModel, inst: InstanceModel): string {
  return `on ${inst.hostName}: sudo ${DAY_ONE.rows.applyScript} ${DAY_ONE.rows.envFile} mirror-status ${mirror.irisName}`;
}

/**
 * Stopping and starting the instance gracefully. In a container, iris-main shuts the instance down
 * on SIGTERM, so `docker stop` with a wait longer than Docker's 10 s default (after which Docker
 * kills it: crash recovery at next start) is the graceful stop ("Running InterSystems Products in
 * Containers", iris-main, "Graceful shutdown with docker stop").
 */
function irisControl(model: DeploymentModel, verb: 'stop' | 'start'): string {
  if (model.software.install.kind === 'container')
    return verb === 'stop' ? `sudo docker stop --time ${DAY_ONE.rows.containerStopSeconds} ${DAY_ONE.rows.containerName}` : `sudo docker start ${DAY_ONE.rows.containerName}`;
  return `sudo iris ${verb} ${model.software.instance}`;
}

export function buildRollout(oldFile: string, newFile: string, model: DeploymentModel, stacks: readonly SynthesizedStack[], changes: Classification): Rollout {
  const steps: Array<Omit<RolloutStep, 'n'>> = [];
  const disruptive = (c: ResourceChange): boolean => c.instance !== undefined && (c.effect === 'restart' || c.effect === 'replace' || c.action !== 'move');
  const touchedKeys = (stack: string): Set<string> => new Set(changes.changes.filter((c) => c.stack === stack && disruptive(c) && c.action !== 'delete').map((c) => c.instance!));
  const restarting = (stack: string): Set<string> => new Set(changes.changes.filter((c) => c.stack === stack && c.instance !== undefined && (c.effect === 'restart' || c.effect === 'replace')).map((c) => c.instance!));

  for (const site of sites(model)) {
    const json = stacks.find((s) => s.id === site.stackId)?.json;
    if (json === undefined) continue;
    const keys = touchedKeys(site.stackId);
    const stopping = restarting(site.stackId);
    if (keys.size === 0) continue;
    const targetsOf = (key: string): string[] => memberAddresses(json, key);
    const done = new Set<string>();

    for (const m of site.mirrors) {
      const pair = [m.backupKey, m.primaryKey].filter((k): k is string => k !== undefined && keys.has(k));
      if (pair.length === 0 || !pair.some((k) => stopping.has(k))) continue;
      const backup = site.instances.find((i) => i.key === m.backupKey);
      const primary = site.instances.find((i) => i.key === m.primaryKey);
      if (backup === undefined || primary === undefined) continue;
      const statusBackup = memberStatus(model, m, backup);
      const statusPrimary = memberStatus(model, m, primary);
      steps.push({
        stack: site.stackId,
        title: `Mirror ${m.name}: check which failover member is backup now (refarch designated ${backup.key} backup, ${primary.key} primary)`,
        commands: [statusBackup, statusPrimary],
        targets: [],
        verify: `${backup.hostName} prints Backup and ${primary.hostName} prints Primary (GHA "Mirror Member Status"); the Mirror Monitor shows the backup's journal transfer "Active" (GHA "Monitoring Mirrors")`,
        stop: `if ${primary.key} is the backup now (an earlier failover), run the member steps below in the other order (${primary.key} first); if neither is an active backup, stop: fix the mirror before any change`,
      });
      steps.push({
        stack: site.stackId,
        title: `Mirror ${m.name}: change the backup member ${backup.key} (${backup.az})`,
        commands: [tf(site.stackId, 'plan', targetsOf(backup.key), ' -out=backup.tfplan'), `terraform -chdir=stacks/${site.stackId} apply backup.tfplan`],
        targets: targetsOf(backup.key),
        verify: `the plan lists only ${backup.key}'s resources; after apply, ${statusBackup} prints Backup again and its journal transfer is "Active" (it has caught up with the primary)`,
        stop: `do not go on while ${backup.key} is not an active backup: the primary runs alone; fix it (or apply the old spec's Terraform to it) before the failover`,
      });
      steps.push({
        stack: site.stackId,
        title: `Mirror ${m.name}: fail over to ${backup.key}`,
        commands: [`on ${primary.hostName}: ${irisControl(model, 'stop')}   # graceful shutdown of the primary: the active backup takes over (GHA "Planned Outage Procedures")`],
        targets: [],
        verify: `${statusBackup} prints Primary; the mirror VIP / load balancer health check (mirror_status.cxw) answers 200 from ${backup.key}; the application reconnects`,
        stop: `if ${backup.key} does not become primary within a minute, start ${model.software.instance} on ${primary.hostName} again (${irisControl(model, 'start')}) and stop the rollout`,
      });
      steps.push({
        stack: site.stackId,
        title: `Mirror ${m.name}: change the former primary ${primary.key} (${primary.az})`,
        commands: [tf(site.stackId, 'plan', targetsOf(primary.key), ' -out=primary.tfplan'), `terraform -chdir=stacks/${site.stackId} apply primary.tfplan`],
        targets: targetsOf(primary.key),
        verify: `after apply, ${statusPrimary} prints Backup with its journal transfer "Active": the mirror is whole again (${backup.key} stays primary; fail back the same way only if you need to)`,
        stop: `while ${primary.key} is not an active backup the new primary runs alone: do not change ${backup.key} until it is`,
      });
      done.add(backup.key);
      done.add(primary.key);
    }

    const remaining = site.instances.filter((i) => keys.has(i.key) && !done.has(i.key));
    const byTier = new Map<string, InstanceModel[]>();
    for (const i of remaining) byTier.set(i.tier, [...(byTier.get(i.tier) ?? []), i]);
    for (const [tier, list] of byTier) {
      const zones = [...new Set(list.map((i) => i.az))].sort();
      for (const az of zones) {
        const inZone = list.filter((i) => i.az === az);
        const targets = inZone.flatMap((i) => targetsOf(i.key));
        const registrations = targets.filter((t) => t.startsWith('aws_lb_target_group_attachment.'));
        const commands = tier === 'web' && registrations.length > 0
          ? [
              `${tf(site.stackId, 'apply', registrations, ' -destroy')}   # deregister: the load balancer drains their connections first`,
              tf(site.stackId, 'apply', targets),
            ]
          : [tf(site.stackId, 'apply', targets)];
        steps.push({
          stack: site.stackId,
          title: `${tier}: ${inZone.map((i) => i.key).join(', ')} in ${az}`,
          commands,
          targets,
          verify: tier === 'database'
            ? inZone.map((i) => {
                const m = site.mirrors.find((x) => x.name === i.mirror);
                return m === undefined ? `${i.name} is running` : `${memberStatus(model, m, i)} prints Connected again and the Mirror Monitor shows its journal transfer caught up`;
              }).join('; ')
            : tier === 'web'
            ? `aws elbv2 describe-target-health --target-group-arn <the web target group's ARN> lists ${inZone.map((i) => i.name).join(', ')} as "healthy" again`
            : tier === 'app' || tier === 'print'
              ? `${inZone.map((i) => i.name).join(', ')} are running and their ECP connection to the data server is "Normal" (Management Portal: ECP Settings)`
              : `${inZone.map((i) => i.name).join(', ')} are running (aws ec2 describe-instance-status)`,
          stop: `if a server does not come back healthy, stop here: the other zones still serve; fix it (or apply the old spec's Terraform to it) before the next zone`,
        });
      }
    }
  }
  const changedAnything = changes.changes.length > 0;
  if (changedAnything) {
    for (const stack of [...new Set(changes.changes.map((c) => c.stack))]) {
      steps.push({
        stack,
        title: `${stack}: everything else`,
        commands: [`terraform -chdir=stacks/${stack} plan -out=rest.tfplan`, `terraform -chdir=stacks/${stack} apply rest.tfplan`],
        targets: [],
        verify: 'the plan changes no aws_instance, aws_ebs_volume or aws_volume_attachment any more (the steps above did)',
        stop: 'if the plan still stops or replaces a server, do not apply it: run refarch rollout again and follow its steps',
      });
    }
  }
  const numbered = steps.map((s, i) => ({ n: i + 1, ...s }));
  const staged = numbered.some((s) => s.targets.length > 0);
  return {
    apiVersion: 'refarch/v1',
    kind: 'Rollout',
    old: oldFile,
    new: newFile,
    steps: numbered,
    ...(staged ? {} : { note: changedAnything ? 'no server restarts or is replaced: one plain apply per stack' : 'no change' }),
  };
}

export function formatRollout(r: Rollout): string {
  const lines = [`refarch rollout ${r.old} -> ${r.new}`, 'Run from the output folder (cdktf.out); each step: run, verify, and stop where it says.'];
  if (r.note !== undefined) lines.push(`Note: ${r.note}.`);
  for (const s of r.steps) {
    lines.push('', `${s.n}. [${s.stack}] ${s.title}`);
    for (const c of s.commands) lines.push(`     $ ${c}`);
    lines.push(`   verify: ${s.verify}`, `   stop:   ${s.stop}`);
  }
  return `${lines.join('\n')}\n`;
}

export type { SiteModel };
