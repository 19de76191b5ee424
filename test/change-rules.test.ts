// Safe change (#24 part B): refarch diff's classification and change rules, refarch rollout's
// runbook, synth's refusal of another deployment's output folder. Each rule has a bad input (the
// rule fires, with its id, at file:line:col of the NEW spec) and a good one (it does not).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FORCE_NEW } from '../src/catalog/force-new';
import { classify } from '../src/change/classify';
import type { Rollout } from '../src/change/rollout';
import { volumeRecords } from '../src/change/volume-records';
import { diffCommand, runDiff } from '../src/cli/commands/diff';
import { rolloutCommand, runRollout } from '../src/cli/commands/rollout';
import { UsageError, type Io } from '../src/cli/io';
import type { DiffResult } from '../src/report/diff';
import { synthesizeInMemory, type SynthesizedStack } from '../src/synth/index';
import { checkText } from '../src/validate/validate';
import { runCli } from './fixtures/hostile/harness';
import { REQUIRES_REPLACE } from './terraform/provider/logic';

const root = join(__dirname, '..');
const trakcare = join(root, 'examples', 'trakcare.yaml');
const base = readFileSync(trakcare, 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'refarch-change-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run { readonly code: number; readonly out: string; readonly err: string }

function runWith(command: typeof diffCommand, fn: (values: Record<string, unknown>, positionals: string[], io: Io) => number, argv: string[]): Run {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), color: false, cwd: scratch };
  try {
    const parsed = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
    return { code: fn(parsed.values, parsed.positionals, io), out, err };
  } catch (error) {
    if (error instanceof UsageError) return { code: 2, out, err: err + error.message };
    throw error;
  }
}

const diff = (argv: string[], now?: Date): Run => runWith(diffCommand, (v, p, io) => runDiff(v, p, io, synthesizeInMemory, now), argv);
const rollout = (argv: string[]): Run => runWith(rolloutCommand, (v, p, io) => runRollout(v, p, io, synthesizeInMemory), argv);

let n = 0;
function spec(from: string | RegExp, to: string): string {
  const text = base.replace(from, to);
  expect(text, `edit ${String(from)}`).not.toBe(base);
  const file = join(scratch, `edited-${++n}.yaml`);
  writeFileSync(file, text);
  return file;
}

const json = (run: Run): DiffResult => JSON.parse(run.out) as DiffResult;
const rules = (run: Run): string[] => [...new Set(json(run).diagnostics.map((d) => d.rule))].sort();

const swapZones = (): string => spec('availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]', 'availabilityZones: [eu-west-1b, eu-west-1a, eu-west-1c]');
/** [c, b, a]: the failover pair runs in {c, b} now, so the member that ran in a moves zone. */
const moveMembers = (): string => spec('availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]', 'availabilityZones: [eu-west-1c, eu-west-1b, eu-west-1a]');
const dbType = (): string => spec(/^ {2}instanceType: m4\.10xlarge$/m, '  instanceType: r5.8xlarge');
const webType = (): string => spec('web:\n  count: 3\n  instanceType: m4.large', 'web:\n  count: 3\n  instanceType: m5.large');

describe('force-new catalog table', () => {
  it('covers every resource type the goldens emit, each row with its provider source file; verified rows name the commit read', () => {
    const types = new Set<string>();
    for (const ex of ['trakcare', 'healthshare', 'cache-cloud', 'hybrid-dr', 'minimal']) {
      for (const stack of ['primary', 'dr', 'link', 'dns']) {
        const file = join(root, 'test', 'golden', ex, `${stack}.cdk.tf.json`);
        if (!existsSync(file)) continue;
        for (const t of Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { resource?: object }).resource ?? {})) types.add(t);
      }
    }
    expect([...types].filter((t) => FORCE_NEW[t] === undefined)).toEqual([]);
    for (const [type, row] of Object.entries(FORCE_NEW)) {
      expect(row.source, type).toMatch(/^internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go$/);
      if (row.verified) expect(row.commit, type).toMatch(/^[0-9a-f]{40}$/);
    }
    // What the data-loss rules stand on, as read in the provider source.
    expect(FORCE_NEW['aws_ebs_volume']!.forceNew).toContain('availability_zone');
    expect(FORCE_NEW['aws_ebs_volume']!.forceNew).not.toContain('size');
    expect(FORCE_NEW['aws_instance']!.forceNew).toContain('subnet_id');
    expect(FORCE_NEW['aws_instance']!.forceNew).not.toContain('instance_type');
  });

  it('the stand-in answers requires_replace from the same table', () => {
    for (const [type, row] of Object.entries(FORCE_NEW)) expect(REQUIRES_REPLACE[type], type).toEqual(row.forceNew);
  });
});

describe('refarch diff: classification', () => {
  it('database instance type: an in-place update of both failover members and the async, effect restart, with tier and member', () => {
    const run = diff([trakcare, dbType(), '--format', 'json']);
    const r = json(run);
    const servers = r.resources.filter((c) => c.address.startsWith('aws_instance.'));
    expect(servers.map((c) => [c.stack, c.action, c.effect, c.tier, c.mirrorRole, c.attributes.join(',')])).toEqual([
      ['dr', 'update', 'restart', 'database', 'async', 'instance_type'],
      ['primary', 'update', 'restart', 'database', 'backup', 'instance_type'],
      ['primary', 'update', 'restart', 'database', 'primary', 'instance_type'],
    ]);
    expect(r.totals.destroy).toBe(0);
  });

  it('swapping the failover pair\'s two zones replaces and destroys nothing: only the day-one designation changes', () => {
    const run = diff([trakcare, swapZones(), '--format', 'json']);
    const r = json(run);
    expect(r.totals.destroy).toBe(0);
    expect(r.totals.add).toBe(0);
    expect(r.resources.filter((c) => c.action === 'replace' || c.action === 'delete')).toEqual([]);
    expect(rules(run).filter((id) => id === 'change.data-replaced')).toEqual([]);
  });

  it('zone order that moves a member: its volumes are replaced, forced by availability_zone, effect replace; attachments follow', () => {
    const r = json(diff([trakcare, moveMembers(), '--format', 'json']));
    const vol = r.resources.find((c) => c.address === 'aws_ebs_volume.servers_db_trakcare_primary_data')!;
    // db_trakcare_primary keeps its name; the designated primary is now the member in the first listed zone (c).
    expect(vol).toMatchObject({ action: 'replace', effect: 'replace', tier: 'database', mirrorRole: 'backup', volume: 'data' });
    expect(vol.forcedBy).toContain('availability_zone');
    const attachment = r.resources.find((c) => c.address === 'aws_volume_attachment.servers_db_trakcare_primary_data_attachment')!;
    expect(attachment.action).toBe('replace');
    expect(attachment.forcedBy.some((f) => f.startsWith('volume_id (via aws_ebs_volume.') || f.startsWith('instance_id (via aws_instance.'))).toBe(true);
    expect(r.totals.destroy).toBeGreaterThan(0);
  });

  it('a moved block is a move, not a delete and a create', () => {
    const oldStacks = synthesizeInMemory(checkText(base).model!);
    const newStacks = oldStacks.map((s) => {
      if (s.id !== 'primary') return s;
      const j = JSON.parse(JSON.stringify(s.json)) as { resource: Record<string, Record<string, unknown>>; moved?: unknown[] };
      j.resource['aws_instance']!['servers_web_zone_a'] = j.resource['aws_instance']!['servers_web_1'];
      delete j.resource['aws_instance']!['servers_web_1'];
      j.moved = [{ from: 'aws_instance.servers_web_1', to: 'aws_instance.servers_web_zone_a' }];
      return { id: s.id, json: j as unknown as SynthesizedStack['json'] };
    });
    const c = classify(oldStacks, newStacks);
    const moved = c.changes.find((x) => x.address === 'aws_instance.servers_web_zone_a')!;
    expect(moved).toMatchObject({ action: 'move', movedFrom: 'aws_instance.servers_web_1', effect: 'none' });
    expect(c.changes.some((x) => x.address === 'aws_instance.servers_web_1')).toBe(false);
    expect(c.totals).toMatchObject({ destroy: 0, move: 1 });
  });

  it('an argument nested two blocks deep forces a replacement only when it changes (DLM schedule copy_tags, not the time)', () => {
    const oldStacks = synthesizeInMemory(checkText(base).model!);
    const edit = (change: (schedule: Record<string, unknown>) => void): SynthesizedStack[] =>
      oldStacks.map((s) => {
        if (s.id !== 'primary') return s;
        const j = JSON.parse(JSON.stringify(s.json)) as { resource: Record<string, Record<string, { policy_details: { schedule: Array<Record<string, unknown>> } }>> };
        change(j.resource['aws_dlm_lifecycle_policy']!['ops_backup_dlm_policy']!.policy_details.schedule[0]!);
        return { id: s.id, json: j as unknown as SynthesizedStack['json'] };
      });
    const policy = (stacks: SynthesizedStack[]) => classify(oldStacks, stacks).changes.find((x) => x.address === 'aws_dlm_lifecycle_policy.ops_backup_dlm_policy');
    expect(policy(edit((sch) => ((sch['create_rule'] as Record<string, unknown>)['times'] = ['04:00'])))).toMatchObject({ action: 'update', forcedBy: [] });
    expect(policy(edit((sch) => (sch['copy_tags'] = false)))).toMatchObject({ action: 'replace', forcedBy: ['policy_details.schedule.copy_tags'] });
  });

  it('text output marks each change and its effect', () => {
    const run = diff([trakcare, dbType()]);
    expect(run.out).toMatch(/~ update aws_instance\.servers_db_trakcare_backup \(instance_type\) \[database mirror trakcare backup db_trakcare_backup eu-west-1\w\] effect: restart/);
    expect(run.out).toMatch(/^Total: 0 to add, \d+ to change, 0 to destroy/m);
  });
});

describe('change rules', () => {
  it('change.data-replaced (error): a zone reorder that moves the members\' volumes is refused, placed at the zone list of the new spec', () => {
    const file = moveMembers();
    const run = diff([trakcare, file, '--format', 'json']);
    expect(run.code).toBe(1);
    const found = json(run).diagnostics.filter((x) => x.rule === 'change.data-replaced');
    // The members' servers (new subnet) and their volumes (new availability zone): the zone list decides both.
    expect(found.some((x) => x.path === 'availabilityZones' && /member db_trakcare_primary \(its server\) is replaced \(forced by subnet_id/.test(x.message))).toBe(true);
    const d = found.find((x) => x.message.includes('servers_db_trakcare_primary_data'))!;
    expect(d).toMatchObject({ file, severity: 'error', path: 'availabilityZones' });
    expect(d.line).toBe(base.split('\n').findIndex((l) => l.startsWith('availabilityZones:')) + 1);
    expect(d.message).toMatch(/aws_ebs_volume\.servers_db_trakcare_primary_data; the database data on it is lost/);
    expect(run.err).toMatch(/the change is refused: .*change\.data-replaced/);
  });

  it('change.data-replaced: not raised for an in-place change (database instance type), nor with --allow-data-loss', () => {
    expect(rules(diff([trakcare, dbType(), '--format', 'json']))).not.toContain('change.data-replaced');
    expect(rules(diff([trakcare, moveMembers(), '--format', 'json', '--allow-data-loss']))).not.toContain('change.data-replaced');
  });

  it('change.volume-shrink (error): data 2000 -> 1024 GiB refused; growing to 2500 GiB is not', () => {
    const bad = diff([trakcare, spec('sizeGiB: 2000', 'sizeGiB: 1024'), '--format', 'json']);
    expect(bad.code).toBe(1);
    const d = json(bad).diagnostics.filter((x) => x.rule === 'change.volume-shrink');
    expect(d.length).toBe(3); // primary, backup, DR async: the same spec line
    expect(d[0]).toMatchObject({ severity: 'error', path: 'database.volumes.data.sizeGiB', params: { value: 1024, fits: 2000 } });
    const good = diff([trakcare, spec('sizeGiB: 2000', 'sizeGiB: 2500'), '--format', 'json']);
    expect(rules(good)).not.toContain('change.volume-shrink');
  });

  it('change.rename (error): refused; --rename prints what moves and passes', () => {
    const file = spec('name: trakcare-prod', 'name: trakcare-live');
    const bad = diff([trakcare, file, '--format', 'json']);
    expect(bad.code).toBe(1);
    const d = json(bad).diagnostics.find((x) => x.rule === 'change.rename')!;
    expect(d).toMatchObject({ path: 'name', line: base.split('\n').findIndex((l) => l.startsWith('name:')) + 1, column: 7 });
    const ok = diff([trakcare, file, '--rename', '--format', 'json']);
    expect(ok.code).toBe(3);
    expect(json(ok).rename).toMatchObject({ from: 'trakcare-prod', to: 'trakcare-live' });
    expect(json(ok).totals.destroy).toBe(0);
    expect(ok.err).toMatch(/--rename: the state of trakcare-prod stays where it is with its \d+ resources; trakcare-live starts from empty state and creates the \d+ resources/);
  });

  it('change.mirror-pair-restart (warning): both failover members restart; --strict fails on it; a web server added raises none', () => {
    const file = dbType();
    const warn = diff([trakcare, file, '--format', 'json']);
    expect(warn.code).toBe(3);
    expect(json(warn).diagnostics.map((d) => [d.rule, d.severity, d.path])).toEqual([['change.mirror-pair-restart', 'warning', 'database.instanceType']]);
    expect(diff([trakcare, file, '--strict', '--format', 'json']).code).toBe(1);
    const whole = diff([trakcare, webType(), '--format', 'json']);
    // Both sites' web tiers (the DR site keeps 2 of the 3 web servers).
    expect(json(whole).diagnostics.map((d) => [d.rule, d.path]).sort()).toEqual([['change.mirror-pair-restart', 'dr.capacity'], ['change.mirror-pair-restart', 'web.instanceType']]);
    expect(json(whole).diagnostics.map((d) => /^(\w+): all (\d) web servers/.exec(d.message)?.slice(1).join(' ')).sort()).toEqual(['dr 2', 'primary 3']);
    const grown = diff([trakcare, spec('web:\n  count: 3', 'web:\n  count: 4'), '--format', 'json']);
    expect(json(grown).diagnostics).toEqual([]);
  });

  it('change.zone-shift (error): a zone that sorts before the deployed ones shifts their slots; listed last with zoneOrder as-listed it only adds', () => {
    const specOf = (zones: string, extra = ''): string => {
      const file = join(scratch, `zones-${++n}.yaml`);
      writeFileSync(file, `apiVersion: refarch/v1\nname: zs-test\nprofile: cache\nregion: us-east-1\navailabilityZones: [${zones}]\n${extra}`);
      return file;
    };
    const deployed = specOf('us-east-1b, us-east-1c, us-east-1d');
    const shifted = diff([deployed, specOf('us-east-1b, us-east-1c, us-east-1d, us-east-1a'), '--format', 'json']);
    expect(shifted.code).toBe(1);
    const finding = json(shifted).diagnostics.find((d) => d.rule === 'change.zone-shift')!;
    expect(finding).toMatchObject({ severity: 'error', path: 'availabilityZones', line: 5 });
    expect(finding.message).toContain('adding us-east-1a moves us-east-1b, us-east-1c, us-east-1d to other subnet slots');
    expect(finding.fix).toContain('list the zones already deployed first, in their slot order (us-east-1b, us-east-1c, us-east-1d), then us-east-1a, and set network.zoneOrder: as-listed');
    // The fix it prints: no replacement at all, only the new zone's resources.
    const fixed = diff([deployed, specOf('us-east-1b, us-east-1c, us-east-1d, us-east-1a', 'network: { zoneOrder: as-listed }\n'), '--format', 'json']);
    expect(fixed.code, fixed.err).toBe(3);
    expect(rules(fixed)).toEqual([]);
    expect(json(fixed).totals).toMatchObject({ destroy: 0 });
    expect(json(fixed).totals.add).toBeGreaterThan(0);
    // A zone that sorts after the deployed ones shifts nothing.
    expect(rules(diff([deployed, specOf('us-east-1b, us-east-1c, us-east-1d, us-east-1e'), '--format', 'json']))).not.toContain('change.zone-shift');
    // A deliberate rebuild (--allow-data-loss) is not refused for it.
    expect(rules(diff([deployed, specOf('us-east-1b, us-east-1c, us-east-1d, us-east-1a'), '--format', 'json', '--allow-data-loss']))).not.toContain('change.zone-shift');
  });

  it('change.volume-modify-wait (warning): a second modification within six hours of the one the manifest records', () => {
    const model = checkText(base).model!;
    const out = join(scratch, 'out-wait');
    mkdirSync(out, { recursive: true });
    const records = volumeRecords(model, undefined, new Date(0));
    const at = '2026-12-07T10:00:00.000Z';
    for (const k of Object.keys(records)) if (k.endsWith('/data')) records[k] = { ...records[k]!, modifiedAt: at };
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ refarch: { deployment: 'trakcare-prod', volumes: records }, stacks: {} }));
    const file = spec('iops: 20000', 'iops: 25000');
    const soon = diff([trakcare, file, '--out', out, '--format', 'json'], new Date('2026-12-07T12:00:00Z'));
    const d = json(soon).diagnostics.filter((x) => x.rule === 'change.volume-modify-wait');
    expect(d.length).toBe(3);
    expect(d[0]!.message).toMatch(/last modified at 2026-12-07T10:00:00.000Z .* 2\.0 h ago/);
    expect(d[0]!.fix).toMatch(/after 2026-12-07T16:00:00.000Z/);
    const later = diff([trakcare, file, '--out', out, '--format', 'json'], new Date('2026-12-07T16:30:00Z'));
    expect(rules(later)).not.toContain('change.volume-modify-wait');
    // Without the output folder the rule has nothing to read.
    expect(rules(diff([trakcare, file, '--format', 'json'], new Date('2026-12-07T12:00:00Z')))).not.toContain('change.volume-modify-wait');
  });

  it('volume records: a first synth records no time; a settings change records it; same settings keep it', () => {
    const model = checkText(base).model!;
    const first = volumeRecords(model, undefined, new Date('2026-12-07T10:00:00Z'));
    expect(Object.values(first).every((r) => r.modifiedAt === undefined)).toBe(true);
    const bigger = checkText(base.replace('sizeGiB: 2000', 'sizeGiB: 2500')).model!;
    const second = volumeRecords(bigger, first, new Date('2026-12-07T11:00:00Z'));
    expect(second['primary/db_trakcare_primary/data']).toEqual({ settings: 'io1 2500 GiB 20000 IOPS', modifiedAt: '2026-12-07T11:00:00.000Z' });
    expect(second['primary/db_trakcare_primary/wij']!.modifiedAt).toBeUndefined();
    expect(volumeRecords(bigger, second, new Date('2026-12-08T00:00:00Z'))).toEqual(second);
  });
});

describe('refarch synth into another deployment\'s output', () => {
  it('is refused (exit 2) with the change.rename explanation; --rename accepts it', async () => {
    const out = join(scratch, 'synth-out');
    const first = await runCli(['synth', trakcare, '-o', out], { cwd: scratch });
    expect(first.status, first.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { refarch: { volumes: Record<string, { settings: string }> } };
    expect(manifest.refarch.volumes['primary/db_trakcare_primary/data']).toEqual({ settings: 'io1 2000 GiB 20000 IOPS' });
    const renamed = spec('name: trakcare-prod', 'name: trakcare-live');
    const before = readFileSync(join(out, 'manifest.json'));
    const refused = await runCli(['synth', renamed, '-o', out], { cwd: scratch });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/\[change\.rename\] .* holds the output of deployment trakcare-prod, and the spec names trakcare-live/);
    expect(readFileSync(join(out, 'manifest.json'))).toEqual(before);
    const accepted = await runCli(['synth', renamed, '-o', out, '--rename'], { cwd: scratch });
    expect(accepted.status, accepted.stderr).toBe(0);
  }, 120_000);
});

describe('refarch rollout', () => {
  const stepsOf = (run: Run): Rollout['steps'] => (JSON.parse(run.out) as Rollout).steps;

  it('database.instanceType: the backup member before the primary, a failover step between, targets exactly each member\'s resources', () => {
    const run = rollout([trakcare, dbType(), '--format', 'json']);
    expect(run.code, run.err).toBe(0);
    const steps = stepsOf(run).filter((s) => s.stack === 'primary');
    const titles = steps.map((s) => s.title);
    const backup = titles.findIndex((t) => /change the backup member db_trakcare_backup/.test(t));
    const failover = titles.findIndex((t) => /fail over to db_trakcare_backup/.test(t));
    const primary = titles.findIndex((t) => /change the former primary db_trakcare_primary/.test(t));
    expect(backup).toBeGreaterThanOrEqual(0);
    expect(backup < failover && failover < primary).toBe(true);
    expect(steps[backup]!.targets).toContain('aws_instance.servers_db_trakcare_backup');
    expect(steps[backup]!.targets.every((t) => !t.includes('primary'))).toBe(true);
    // The status through refarch-apply (a session as the instance owner that writes the value;
    // `iris session ... '##class(%SYSTEM.Mirror).GetMemberStatus(..)'` runs it with DO and prints nothing).
    expect(steps[backup]!.verify).toMatch(/sudo \/opt\/refarch\/bin\/refarch-apply \/opt\/refarch\/config\/refarch\.env mirror-status TRAKCARE prints Backup/);
    expect(steps.flatMap((s) => s.commands).join('\n')).not.toContain('##class');
    expect(steps[failover]!.commands.join('\n')).toMatch(/sudo iris stop IRIS /);
    for (const s of steps) expect(s.stop).not.toBe('');
  });

  it('a container install: the failover stops the container gracefully (docker stop with a wait past Docker\'s 10 s), and starts it to back out', () => {
    const withContainer = (text: string): string => `${text}software:\n  install:\n    kind: container\n    image: containers.intersystems.com/intersystems/iris:2024.1\n`;
    const oldFile = join(scratch, 'container-old.yaml');
    const newFile = join(scratch, 'container-new.yaml');
    writeFileSync(oldFile, withContainer(base));
    writeFileSync(newFile, withContainer(base.replace(/^ {2}instanceType: m4\.10xlarge$/m, '  instanceType: r5.8xlarge')));
    const run = rollout([oldFile, newFile, '--format', 'json']);
    expect(run.code, run.err).toBe(0);
    const failover = stepsOf(run).find((s) => /fail over to db_trakcare_backup/.test(s.title))!;
    expect(failover.commands.join('\n')).toMatch(/: sudo docker stop --time 300 iris /);
    expect(failover.stop).toContain('sudo docker start iris');
    expect(failover.commands.join('\n')).not.toMatch(/iris stop IRIS/);
  });

  it('web instance type: one availability zone per step, each draining its servers from the load balancer first', () => {
    const steps = stepsOf(rollout([trakcare, webType(), '--format', 'json'])).filter((s) => s.stack === 'primary' && s.title.startsWith('web:'));
    expect(steps.map((s) => s.title)).toEqual(['web: web_1 in eu-west-1a', 'web: web_2 in eu-west-1b', 'web: web_3 in eu-west-1c']);
    for (const s of steps) {
      expect(s.commands[0]).toMatch(/apply -destroy -target=aws_lb_target_group_attachment\.web_attach_web_\d/);
      expect(s.targets.filter((t) => t.startsWith('aws_instance.'))).toHaveLength(1);
    }
  });

  it('cross-check: every target is a resource address of the synthesized Terraform of the new spec', () => {
    for (const file of [dbType(), webType(), spec('app:\n  count: 4\n  instanceType: m4.2xlarge', 'app:\n  count: 4\n  instanceType: m5.2xlarge')]) {
      const r = JSON.parse(rollout([trakcare, file, '--format', 'json']).out) as Rollout;
      const stacks = synthesizeInMemory(checkText(readFileSync(file, 'utf8')).model!);
      const targets = r.steps.flatMap((s) => s.targets.map((t) => `${s.stack}:${t}`));
      expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) {
        const [stack, address] = t.split(':') as [string, string];
        const [type, name] = address.split('.') as [string, string];
        expect(stacks.find((s) => s.id === stack)?.json.resource?.[type]?.[name], t).toBeDefined();
      }
    }
  });

  it('text output: numbered steps, each with verify and stop', () => {
    const run = rollout([trakcare, dbType()]);
    expect(run.out).toMatch(/^1\. \[primary\] Mirror trakcare: check which failover member is backup now/m);
    expect(run.out.match(/^ {3}verify: /gm)!.length).toBe(run.out.match(/^\d+\. /gm)!.length);
    expect(run.out.match(/^ {3}stop: {3}/gm)!.length).toBe(run.out.match(/^\d+\. /gm)!.length);
  });
});
