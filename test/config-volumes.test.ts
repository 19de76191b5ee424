// Volumes that change on a running server (issue #24). user_data runs at first boot only, and
// Terraform ignores its changes on running servers, so a volume grown or added in the spec reaches
// the file system through Systems Manager Run Command: synth writes, per mirror member, the
// AWS-RunShellScript parameters (volumes/<stack>/<member>.json) holding the same volume script as
// first boot (config/volumes.ts), and the output's guide prints the command.
//
// The script is run here against stand-in commands (blkid, mkfs.xfs, mount, mountpoint,
// xfs_growfs, udevadm) that keep their state in a temp folder, with the system paths it touches
// (/dev/sdX, /dev/disk/by-id, /etc/fstab, the mount root) moved into that folder: first boot,
// then a grown volume, then a volume added later.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { volumeRunCommand } from '../src/config/volumes';
import { guideMarkdown, volumeCommandLine, volumeCommands, writeHandoff } from '../src/emit/handoff';
import type { DeploymentModel } from '../src/model/model';
import { allowingDataLoss } from '../src/resolve/resolve';
import { userData } from '../src/synth/site/user-data';
import { checkText } from '../src/validate/validate';

const ROOT = join(__dirname, '..');
const trakcare = parse(readFileSync(join(ROOT, 'examples', 'trakcare.yaml'), 'utf8')) as Record<string, any>;
const work = mkdtempSync(join(tmpdir(), 'refarch-volumes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function modelOf(spec: Record<string, any>): DeploymentModel {
  const r = checkText(stringify(spec), 'spec.yaml');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.model!;
}

/** The spec with the database volumes changed. */
function withVolumes(change: (volumes: Record<string, any>) => void): Record<string, any> {
  const spec = JSON.parse(JSON.stringify(trakcare)) as Record<string, any>;
  change(spec['database'].volumes);
  return spec;
}

const STAND_INS: Record<string, string> = {
  // blkid -p DEV: 2 = nothing found (blank); -s TYPE|UUID -o value DEV: the value.
  blkid: `#!/bin/bash
dev="\${@: -1}"; f="$STATE/fs/$(basename "$dev")"
if [ "$2" = "-s" ]; then [ -e "$f" ] || exit 2; [ "$3" = TYPE ] && echo xfs || echo "uuid-$(basename "$dev")"; exit 0; fi
[ -e "$f" ] && exit 0 || exit 2`,
  'mkfs.xfs': `#!/bin/bash
echo "mkfs $(basename "\${@: -1}")" >>"$STATE/calls"; touch "$STATE/fs/$(basename "\${@: -1}")"`,
  mount: `#!/bin/bash
echo "mount $1" >>"$STATE/calls"; touch "$STATE/mounted/$(echo "$1" | tr / _)"`,
  mountpoint: `#!/bin/bash
[ -e "$STATE/mounted/$(echo "\${@: -1}" | tr / _)" ]`,
  xfs_growfs: `#!/bin/bash
echo "grow \${@: -1}" >>"$STATE/calls"`,
  udevadm: '#!/bin/bash\nexit 0',
  sleep: '#!/bin/bash\nexit 0',
};

/** A machine: stand-in commands, devices for the given attachment names, an empty fstab. */
function machine(name: string, devices: readonly string[]): { dir: string; run(script: readonly string[], mountRoot: string): { status: number | null; out: string; calls: string[]; fstab: string[] } } {
  const dir = join(work, name);
  for (const sub of ['bin', 'state/fs', 'state/mounted', 'dev/disk/by-id']) mkdirSync(join(dir, sub), { recursive: true });
  for (const [cmd, text] of Object.entries(STAND_INS)) {
    writeFileSync(join(dir, 'bin', cmd), `${text}\n`);
    chmodSync(join(dir, 'bin', cmd), 0o755);
  }
  for (const d of devices) writeFileSync(join(dir, d.replace(/^\//, '')), '');
  writeFileSync(join(dir, 'fstab'), '');
  return {
    dir,
    run(script, mountRoot) {
      writeFileSync(join(dir, 'state', 'calls'), '');
      const text = script
        .join('\n')
        .replace(/\/etc\/fstab/g, join(dir, 'fstab'))
        .replace(/"\/dev\/(sd|xvd)\$letters"/g, (_m, p: string) => `"${dir}/dev/${p}$letters"`)
        .replace(/\/dev\/disk\/by-id\//g, `${dir}/dev/disk/by-id/`)
        .replace(/\[ -b "\$dev" \]/g, '[ -e "$dev" ]')
        .replace(/'\/dev\/sd/g, `'${dir}/dev/sd`)
        .split(`'${mountRoot}`)
        .join(`'${dir}${mountRoot}`);
      const file = join(dir, 'script.sh');
      writeFileSync(file, text);
      const r = spawnSync('bash', [file], { encoding: 'utf8', env: { PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, STATE: join(dir, 'state') } });
      const calls = readFileSync(join(dir, 'state', 'calls'), 'utf8').split('\n').filter(Boolean);
      const fstab = readFileSync(join(dir, 'fstab'), 'utf8').split('\n').filter(Boolean);
      return { status: r.status, out: r.stdout + r.stderr, calls, fstab };
    },
  };
}

describe('volumes that change on a running member', () => {
  const base = modelOf(trakcare);
  const member = base.primary!.instances.find((i) => i.key === 'db_trakcare_backup')!;
  const root = base.mountRoot;
  const devices = member.volumes.map((v) => v.deviceName);

  it('the Run Command script is the first-boot volume script: same functions, same prepare_volume lines', () => {
    const run = volumeRunCommand(member, base)!;
    const boot = userData(member, base)!.split('\n');
    const prepares = (lines: readonly string[]) => lines.filter((l) => l.startsWith('prepare_volume '));
    expect(prepares(run)).toEqual(prepares(boot));
    expect(prepares(run)).toHaveLength(4);
    // Every function line of the boot script is in the Run Command script, in order.
    const fn = (lines: readonly string[]) => lines.slice(lines.indexOf('find_device() {'), lines.lastIndexOf('}') + 1);
    expect(fn(run)).toEqual(fn(boot));
    expect(run.join('\n')).toContain('xfs_growfs -d "$mount_point"');
    expect(volumeRunCommand(base.primary!.instances.find((i) => i.tier === 'web')!, base)).toBeUndefined();
  });

  it('first boot formats and mounts; after a volume grew, the same run only grows the file systems; a volume added later is formatted and mounted like at first boot', () => {
    const m = machine('members', [...devices, '/dev/sdj']);
    // First boot (the script as synth writes it for Run Command; user data runs the same lines).
    const first = m.run(volumeRunCommand(member, base)!, root);
    expect(first.status, first.out).toBe(0);
    expect(first.calls.filter((c) => c.startsWith('mkfs'))).toEqual(['mkfs sdf', 'mkfs sdg', 'mkfs sdh', 'mkfs sdi']);
    expect(first.fstab).toHaveLength(4);
    expect(first.fstab[0]).toMatch(/^UUID=uuid-sdf \S+\/data xfs defaults,nofail,noatime 0 2$/);

    // data grows 2000 -> 3000 GiB: Terraform modifies the volume in place; the command grows XFS.
    const grown = modelOf(withVolumes((v) => { v['data'].sizeGiB = 3000; }));
    const grownMember = grown.primary!.instances.find((i) => i.key === member.key)!;
    const second = m.run(volumeRunCommand(grownMember, grown)!, root);
    expect(second.status, second.out).toBe(0);
    expect(second.calls.filter((c) => c.startsWith('mkfs') || c.startsWith('mount')), 'nothing formatted or mounted again').toEqual([]);
    expect(second.calls.filter((c) => c.startsWith('grow')).map((c) => c.slice(c.lastIndexOf('/') + 1))).toEqual(['data', 'journal1', 'journal2', 'wij']);
    expect(second.fstab, 'no duplicate fstab line').toEqual(first.fstab);

    // An extra volume added to the spec: attached at the next device name, formatted and mounted.
    const added = modelOf(withVolumes((v) => { v['extra'] = [{ name: 'data2', type: 'gp3', sizeGiB: 1000 }]; }));
    const addedMember = added.primary!.instances.find((i) => i.key === member.key)!;
    expect(addedMember.volumes.map((v) => v.deviceName)).toEqual([...devices, '/dev/sdj']);
    const third = m.run(volumeRunCommand(addedMember, added)!, root);
    expect(third.status, third.out).toBe(0);
    expect(third.calls.filter((c) => c.startsWith('mkfs'))).toEqual(['mkfs sdj']);
    expect(third.calls.filter((c) => c.startsWith('mount')).map((c) => c.slice(c.lastIndexOf('/') + 1))).toEqual(['data2']);
    expect(third.fstab).toHaveLength(5);
    expect(third.fstab.slice(0, 4)).toEqual(first.fstab);
  });

  it('a volume restored from a snapshot (it has a file system) is mounted, never formatted', () => {
    const m = machine('restored', devices);
    for (const d of devices) writeFileSync(join(m.dir, 'state', 'fs', d.split('/').pop()!), '');
    const r = m.run(volumeRunCommand(member, base)!, root);
    expect(r.status, r.out).toBe(0);
    expect(r.calls.filter((c) => c.startsWith('mkfs'))).toEqual([]);
    expect(r.calls.filter((c) => c.startsWith('mount'))).toHaveLength(4);
  });

  it('synth writes one parameters file per member and the guide prints the exact command, backup member first', () => {
    const out = join(work, 'out');
    mkdirSync(join(out, 'stacks'), { recursive: true });
    const commands = volumeCommands(base);
    expect(commands.map((c) => c.file)).toEqual(['volumes/primary/db_trakcare_backup.json', 'volumes/primary/db_trakcare_primary.json', 'volumes/dr/db_trakcare_async_1.json']);
    expect(volumeCommandLine(commands[0]!)).toBe(
      "aws ssm send-command --region eu-west-1 --document-name AWS-RunShellScript \\\n    --targets Key=tag:Name,Values=trakcare-prod-db-trakcare-backup \\\n    --parameters file://volumes/primary/db_trakcare_backup.json --comment 'refarch: volumes of db_trakcare_backup'",
    );
    const guide = guideMarkdown(base, []);
    expect(guide).toContain('## Growing or adding a database volume');
    for (const c of commands) expect(guide).toContain(volumeCommandLine(c));
    // The guide also says how to destroy past the guards, and a decommission output says it has none.
    expect(guide).toContain('`refarch synth <spec> -o <this folder> --allow-data-loss`, then `./deploy.sh apply`');
    expect(guideMarkdown(allowingDataLoss(base), [])).toContain('This output was synthesized with `--allow-data-loss`: its guards are off.');
    // The parameters file is what AWS-RunShellScript takes: {"commands": [lines]}.
    for (const id of ['dr', 'primary']) {
      mkdirSync(join(out, 'stacks', id), { recursive: true });
      writeFileSync(join(out, 'stacks', id, 'cdk.tf.json'), '{}');
    }
    writeFileSync(join(out, 'manifest.json'), '{"version":"x"}');
    const model = { ...base, link: undefined, dns: undefined };
    const { files } = writeHandoff(model, out);
    expect(files).toEqual(expect.arrayContaining(commands.map((c) => c.file)));
    const written = JSON.parse(readFileSync(join(out, commands[1]!.file), 'utf8')) as { commands: string[] };
    expect(written.commands).toEqual(volumeRunCommand(base.primary!.instances.find((i) => i.key === 'db_trakcare_primary')!, base));
    expect(existsSync(join(out, 'volumes', 'primary', 'app_1.json'))).toBe(false);
  });
});
