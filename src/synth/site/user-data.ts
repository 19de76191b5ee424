// User data of the servers: a pure function of the instance and the deployment model, so that the
// same spec always yields byte-identical text (no timestamps, no ordering by hash). Mirror members
// get a shell script that formats (when blank) and mounts their database volumes; with day-one
// configuration on (software.configure, IRIS), every server also gets the day-one part
// (boot-script.ts), which runs after the volumes are mounted. Without it (the opt-out, or Caché)
// the text is what it was before day one existed: the volume script for members, nothing else.
// It holds no credentials, passwords or license keys, only the ARNs of secrets the server fetches
// at boot.
//
// The volume script itself (finding devices, formatting only blank ones, mounting by UUID, growing
// the file system) is config/volumes.ts: the same text runs later through Run Command.
import type { DeploymentModel, InstanceModel } from '../../model/model';
import { DAY_ONE } from '../../catalog/catalog';
import { VOLUME_FUNCTIONS, VOLUME_LOG_FILE, volumeLines } from '../../config/volumes';
import { dayOneLines, type DayOneBoot } from './boot-script';

/**
 * The user data of an instance: the volume script for mirror members (plus `extraLines`, shell
 * lines other concerns append to members, e.g. mounting an Online Backup share), then day one
 * when `dayOne` is given; nothing for a server with neither.
 */
export function userData(instance: InstanceModel, model: DeploymentModel, extraLines: readonly string[] = [], dayOne?: DayOneBoot): string | undefined {
  const volumes = instance.volumes.length > 0 || extraLines.length > 0;
  if (!volumes && dayOne === undefined) return undefined;
  const what = `${instance.mirror ?? instance.tier} ${instance.mirrorRole ?? ''}`.replace(/ $/, '');
  const lines = [
    '#!/bin/bash',
    dayOne === undefined ? `# refarch: database volumes of ${instance.name} (${what}).` : `# refarch: ${volumes ? 'database volumes and ' : ''}day one of ${instance.name} (${what}).`,
    '# Generated from the deployment spec; holds no credentials.',
    'set -u',
    `exec >>${volumes ? VOLUME_LOG_FILE : DAY_ONE.rows.bootLog} 2>&1`,
    '',
    ...(volumes ? [VOLUME_FUNCTIONS, volumeLines(instance, model)[0]!] : []),
    'failed=0',
    ...volumeLines(instance, model).slice(1),
    ...extraLines,
    ...(dayOne === undefined ? [] : dayOneLines(model, instance, dayOne)),
    'exit "$failed"',
    '',
  ];
  return lines.join('\n');
}
