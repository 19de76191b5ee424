// The database-volume script of a mirror member: a pure function of the instance and the model,
// the same text whether it runs at first boot (in user data, synth/site/user-data.ts) or later on
// the running server through Systems Manager Run Command (AWS-RunShellScript with the parameters
// file synth writes for each member, emit/handoff.ts): user_data is ignored on running servers,
// so this is how a volume grown or added in the spec reaches the file system.
//
// For each volume, in the model's stable order, prepare_volume waits for the device, creates an
// XFS file system only on a blank device (never on one restored from a snapshot or used before),
// mounts it by UUID with `nofail`, and grows the file system to the volume's size (xfs_growfs,
// online; a no-op when it already fills it). Running it again is harmless: what is mounted stays,
// what is new (a volume added later) is formatted and mounted the way first boot does it.
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
// 15 minutes).
// Written without `${` and `%{`, which Terraform would read as template syntax inside user_data.
import type { DeploymentModel, InstanceModel } from '../model/model';

/** Single-quotes a word for the shell. */
function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Seconds between looks for a device, and how many looks before giving up on it. */
const WAIT = { seconds: 5, tries: 180 } as const;
/** Where the first-boot run logs (user data); a Run Command's output goes to Systems Manager. */
export const VOLUME_LOG_FILE = '/var/log/refarch-volumes.log';

/**
 * Shell functions of the volume script (bash). find_device /dev/sdX: the block device the volume
 * attached as /dev/sdX is, or nothing. prepare_volume /dev/sdX mount-point purpose: wait, format
 * when blank, mount by UUID, grow the file system (a volume made larger by EBS ModifyVolume keeps
 * its file system's size until it is grown; XFS grows online, and growing to the size it already
 * has changes nothing). Comments stay here, not in the text: user data is limited to 16 KB.
 * Written without `${` and `%{`, which Terraform would read as template syntax inside user_data,
 * so the text needs no escaping.
 */
export const VOLUME_FUNCTIONS = [
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
  '  if [ "$fstype" = xfs ]; then xfs_growfs -d "$mount_point" >/dev/null || { echo "$purpose: xfs_growfs failed"; return 1; }; fi',
  '}',
]
  .join('\n')
  .replace('@TRIES@', String(WAIT.tries))
  .replace('@SECONDS@', String(WAIT.seconds));

/** The lines that prepare this instance's volumes (after VOLUME_FUNCTIONS), each setting `failed` on failure. */
export function volumeLines(instance: InstanceModel, model: DeploymentModel): string[] {
  return [`mkdir -p ${quote(model.mountRoot)}`, ...instance.volumes.map((v) => `prepare_volume ${quote(v.deviceName)} ${quote(v.mountPoint)} ${quote(v.purpose)} || failed=1`)];
}

/**
 * The script Systems Manager runs on a running member after its volumes changed in the spec and
 * were applied (AWS-RunShellScript `commands`, one line each): grows every file system to its
 * volume and formats and mounts a volume added since first boot. Undefined for a server without
 * volumes.
 */
export function volumeRunCommand(instance: InstanceModel, model: DeploymentModel): string[] | undefined {
  if (instance.volumes.length === 0) return undefined;
  return [
    '#!/bin/bash',
    `# refarch: database volumes of ${instance.name}: grow every file system to its volume, format and mount new volumes.`,
    'set -u',
    ...VOLUME_FUNCTIONS.split('\n'),
    'failed=0',
    ...volumeLines(instance, model),
    'exit "$failed"',
  ];
}
