// User data of the servers: a pure function of the instance and the deployment model, so that the
// same spec always yields byte-identical text (no timestamps, no ordering by hash). Mirror members
// get a shell script that formats (when blank) and mounts their database volumes; with day-one
// configuration on (software.configure, IRIS), every server also gets the day-one part
// (boot-script.ts), which runs after the volumes are mounted. Without it (the opt-out, or Caché)
// the text is what it was before day one existed: the volume script for members, nothing else.
// It holds no credentials, passwords or license keys, only the ARNs of secrets the server fetches
// at boot.
//
// Finding a volume's device. The obvious key, the EBS volume id (NVMe devices show it as
// /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol...), exists only after apply, and user data
// that named it would make each instance depend on its own volumes: a dependency cycle, and an
// instance replacement whenever a volume is replaced. The script matches devices by the device
// name each volume is attached at instead (aws_volume_attachment.device_name, from the model's
// stable per-purpose order: data /dev/sdf, journal1 /dev/sdg, ...):
//   - Xen instances (M4) present /dev/sdf as /dev/sdf or /dev/xvdf;
//   - Nitro instances present NVMe devices whose controller reports the attachment name: Amazon
//     Linux's udev rules link /dev/sdf to the right /dev/nvmeXn1, and elsewhere the script reads
//     the name with ebsnvme-id or nvme-cli from each Amazon EBS device in /dev/disk/by-id.
// Volumes are attached after the instance boots, so the script waits for each device (up to
// 15 minutes). It creates an XFS file system only on a device with no file system and no
// partition table (a new volume), never on one restored from a snapshot or used before, and
// mounts by UUID with `nofail`, so a missing volume never stops the instance from booting.
import type { DeploymentModel, InstanceModel } from '../../model/model';
import { DAY_ONE } from '../../catalog/catalog';
import { dayOneLines, shellQuote as quote, type DayOneBoot } from './boot-script';

/** Seconds between looks for a device, and how many looks before giving up on it. */
const WAIT = { seconds: 5, tries: 180 } as const;
const LOG_FILE = '/var/log/refarch-volumes.log';

/**
 * Shell functions of the volume script (bash). Written without `${` and `%{`, which Terraform
 * would read as template syntax inside user_data, so the text needs no escaping.
 */
const FUNCTIONS = [
  '# find_device /dev/sdX: the block device the volume attached as /dev/sdX is, or nothing.',
  'find_device() {',
  '  local wanted="$1" letters dev real mapped',
  '  letters="$(basename "$wanted" | sed -e \'s/^xvd//\' -e \'s/^sd//\')"',
  '  for dev in "/dev/sd$letters" "/dev/xvd$letters"; do',
  '    if [ -b "$dev" ]; then readlink -f "$dev"; return 0; fi',
  '  done',
  '  for dev in /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol*; do',
  '    [ -e "$dev" ] || continue',
  '    case "$dev" in *-part*|*-ns-*) continue ;; esac',
  '    real="$(readlink -f "$dev")"',
  '    mapped=""',
  '    if command -v ebsnvme-id >/dev/null 2>&1; then',
  '      mapped="$(ebsnvme-id -b "$real" 2>/dev/null)"',
  '    elif command -v nvme >/dev/null 2>&1; then',
  '      mapped="$(nvme id-ctrl --raw-binary "$real" 2>/dev/null | dd bs=1 skip=3072 count=32 2>/dev/null | tr -d \' \\000\')"',
  '    fi',
  '    [ -n "$mapped" ] || continue',
  '    mapped="$(basename "$mapped")"',
  '    if [ "$mapped" = "sd$letters" ] || [ "$mapped" = "xvd$letters" ]; then echo "$real"; return 0; fi',
  '  done',
  '  return 1',
  '}',
  '',
  '# prepare_volume /dev/sdX mount-point purpose: wait, format when blank, mount by UUID.',
  'prepare_volume() {',
  '  local wanted="$1" mount_point="$2" purpose="$3" dev="" probe fstype uuid',
  '  for _ in $(seq 1 @TRIES@); do',
  '    dev="$(find_device "$wanted")" && break',
  '    sleep @SECONDS@',
  '  done',
  '  if [ -z "$dev" ]; then echo "$purpose: no device attached as $wanted; skipped"; return 1; fi',
  '  udevadm settle || true',
  '  blkid -p "$dev" >/dev/null 2>&1',
  '  probe=$?',
  '  if [ "$probe" -eq 2 ]; then',
  '    echo "$purpose: $dev ($wanted) is blank; creating an XFS file system"',
  '    mkfs.xfs -q "$dev" || { echo "$purpose: mkfs.xfs failed on $dev"; return 1; }',
  '    udevadm settle || true',
  '  elif [ "$probe" -ne 0 ]; then',
  '    echo "$purpose: cannot probe $dev ($wanted); left untouched"; return 1',
  '  fi',
  '  fstype="$(blkid -p -s TYPE -o value "$dev")"',
  '  uuid="$(blkid -p -s UUID -o value "$dev")"',
  '  if [ -z "$uuid" ] || [ -z "$fstype" ]; then echo "$purpose: $dev holds no file system to mount; left untouched"; return 1; fi',
  '  mkdir -p "$mount_point"',
  '  grep -q "^UUID=$uuid " /etc/fstab || echo "UUID=$uuid $mount_point $fstype defaults,nofail,noatime 0 2" >> /etc/fstab',
  '  mountpoint -q "$mount_point" || mount "$mount_point" || { echo "$purpose: mount $mount_point failed"; return 1; }',
  '  echo "$purpose: $dev ($wanted) mounted at $mount_point"',
  '}',
]
  .join('\n')
  .replace('@TRIES@', String(WAIT.tries))
  .replace('@SECONDS@', String(WAIT.seconds));

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
    `exec >>${volumes ? LOG_FILE : DAY_ONE.rows.bootLog} 2>&1`,
    '',
    ...(volumes ? [FUNCTIONS, `mkdir -p ${quote(model.mountRoot)}`] : []),
    'failed=0',
    ...instance.volumes.map((v) => `prepare_volume ${quote(v.deviceName)} ${quote(v.mountPoint)} ${quote(v.purpose)} || failed=1`),
    ...extraLines,
    ...(dayOne === undefined ? [] : dayOneLines(model, instance, dayOne)),
    'exit "$failed"',
    '',
  ];
  return lines.join('\n');
}
