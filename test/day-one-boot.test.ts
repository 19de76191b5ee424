// Day one as InterSystems documents it (issue #20), run against stand-ins that behave as the
// documentation says (test/helpers/iris-standins.ts): the generated merge files and the servers'
// boot settings (dayOnePlan) of a real spec, applied by refarch-apply in the order the stacks come
// up (DR first), with a reboot in the middle. Each numbered item of the issue has a test here that
// fails on the script before it.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { IRIS_DAY_ONE } from '../src/catalog/catalog';
import { configFiles, gatewayFiles, hugePagesFor, instanceSharedMemoryMB, mergeFiles } from '../src/config/config';
import { sites, type DeploymentModel } from '../src/model/model';
import { APPLY_SCRIPT, APPLY_SCRIPT_END, LOADER_SCRIPT } from '../src/synth/site/boot-script';
import { dayOnePlan, parameterParts } from '../src/synth/site/day-one';
import { userData } from '../src/synth/site/user-data';
import { synthesizeInMemory } from '../src/synth/index';
import { PLANTED_SECRET, world, type Host, type World } from './helpers/iris-standins';
import { exampleText, modelOfText } from './helpers/models';

const PASSWORD_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:trakcare/iris-password-AbCdEf';
const LICENSE_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/trakcare/iris-key';

function model(software: object = {}): DeploymentModel {
  const spec = parse(exampleText('trakcare.yaml')) as Record<string, unknown>;
  return modelOfText(stringify({ ...spec, software: { install: { kind: 'image' }, ...software } }));
}

const worlds: World[] = [];
afterAll(() => {
  for (const w of worlds) rmSync(w.dir, { recursive: true, force: true });
});
/** A world of stand-ins, removed after the file's tests. */
function newWorld(): World {
  const w = world();
  worlds.push(w);
  return w;
}

/** A host of the world for one server of the model: its generated file in its parameter, its generated boot settings in its env. */
function serverHost(w: World, m: DeploymentModel, key: string, install: 'image' | 'container' | 'kit' = 'image', iris: 'running' | 'down' | 'absent' = 'running'): Host {
  for (const site of sites(m)) {
    const server = dayOnePlan(m, site)?.servers.get(key);
    if (server === undefined) continue;
    const b = server.boot;
    const host = w.host(b.host, {
      site: site.role,
      install,
      iris,
      env: {
        role: b.role,
        region: b.region,
        parameter: server.parameter?.name ?? '',
        ready: b.ready ?? '',
        publish: b.publish ?? '',
        wait_for: b.waitFor ?? '',
        agent: b.agent ? '1' : '0',
        healthshare: b.healthShare ? '1' : '0',
        tls_ca: b.tlsCa ?? '',
        password_arn: b.secrets.password ?? '',
        license_arn: b.secrets.license ?? '',
      },
    });
    if (server.parameter) w.setParameter(server.parameter.name, server.parameter.file.text.replace(/\n$/, ''));
    return host;
  }
  throw new Error(`no server ${key}`);
}

const irisCalls = (w: World, host: string): string[] => w.calls().filter((c) => c.startsWith(`${host} `) && / iris (start|stop|merge) /.test(c));

describe('1. order: members and ECP clients wait until the primary IS the mirror primary; nothing merges anyway', () => {
  it('DR, backup and app booted before the primary (one rebooted meanwhile) converge to a configured mirror once the primary and the link exist', () => {
    const w = newWorld();
    const m = model();
    const dr = serverHost(w, m, 'db_trakcare_async_1');
    const backup = serverHost(w, m, 'db_trakcare_backup');
    const app = serverHost(w, m, 'app_1');
    // Stacks: dr first. The DR member waits (exit 75), touching nothing.
    expect(dr.run().code).toBe(75);
    expect(backup.run().code).toBe(75);
    expect(app.run().code).toBe(75);
    expect(readFileSync(join(dr.dir, 'boot.log'), 'utf8')).toContain('waiting: no mirror primary yet');
    dr.reboot();
    expect(dr.run().code).toBe(75);
    for (const h of [dr, backup, app]) expect(irisCalls(w, h.name), h.name).toEqual([]);
    // The primary stack: its server applies, becomes primary, publishes.
    const primary = serverHost(w, m, 'db_trakcare_primary');
    w.reachable(`${primary.name}_1972`);
    expect(primary.run().code).toBe(0);
    expect(primary.state('mirror')?.trim()).toBe('primary');
    // The backup (same site) and the application server now go through ...
    expect(backup.run().code).toBe(0);
    expect(backup.state('mirror')?.trim()).toBe('backup');
    expect(app.run().code).toBe(0);
    // ... the DR member still waits for the link (the primary is primary but does not answer yet) ...
    expect(dr.run().code).toBe(75);
    expect(readFileSync(join(dr.dir, 'boot.log'), 'utf8')).toContain('does not answer (network link)');
    expect(irisCalls(w, dr.name)).toEqual([]);
    // ... and joins once the link stack is applied.
    w.reachable('link');
    expect(dr.run().code).toBe(0);
    expect(dr.state('mirror')?.trim()).toBe('drasync');
    for (const h of [dr, backup, primary, app]) expect(readFileSync(join(h.dir, 'boot.log'), 'utf8'), h.name).not.toMatch(/anyway/);
    // Once done, a run (reboot, the unit) changes nothing.
    const before = irisCalls(w, dr.name).length;
    dr.reboot();
    expect(dr.run().code).toBe(0);
    expect(irisCalls(w, dr.name)).toHaveLength(before);
  });

  it('the unit: a systemd timer retries refarch-day-one after every exit until it exits 0, survives reboots (enabled), and disables itself on success', () => {
    const m = model();
    const inst = m.dr!.instances.find((i) => i.key === 'db_trakcare_async_1')!;
    const text = userData(inst, m, [], dayOnePlan(m, m.dr!)!.servers.get(inst.key)!.boot)!;
    expect(text).toMatch(/OnUnitInactiveSec=\d+/);
    expect(text).toContain('WantedBy=timers.target');
    expect(text).toContain('systemctl enable --now refarch-day-one.timer');
    expect(text).toContain('ExecStartPost=/usr/bin/systemctl disable --now refarch-day-one.timer');
    // The script reaches the server through its parameter, not user data.
    expect(text).not.toContain('iris merge');
    execFileSync('bash', ['-n'], { input: LOADER_SCRIPT });
  });
});

describe('2. ISCAgent: enabled and started on every mirror member before it joins', () => {
  it('the stand-in refuses a join without ISCAgent; refarch-apply enables and starts it first', () => {
    const w = newWorld();
    const m = model();
    const primary = serverHost(w, m, 'db_trakcare_primary');
    w.reachable(`${primary.name}_1972`);
    expect(primary.run().code).toBe(0);
    const backup = serverHost(w, m, 'db_trakcare_backup');
    expect(backup.run().code).toBe(0);
    const calls = w.calls().filter((c) => c.startsWith(`${backup.name} `));
    const enable = calls.findIndex((c) => c.includes('systemctl enable ISCAgent.service'));
    const start = calls.findIndex((c) => c.includes('systemctl start ISCAgent.service'));
    const join = calls.findIndex((c) => / iris (start|stop|merge) /.test(c));
    expect(enable).toBeGreaterThanOrEqual(0);
    expect(start).toBeGreaterThan(enable);
    expect(join).toBeGreaterThan(start);
    expect(existsSync(join === -1 ? '' : join === 0 ? '' : `${backup.dir}/enabled-ISCAgent.service`)).toBe(true);
  });
});

describe('3 and 4. non-interactive merge naming the target CPF; a restart only when restart-only settings change', () => {
  it('first file on a running instance: applied at restart (no login); day two: `iris merge` as the owner with the target CPF; globals changed: ISC_CPF_MERGE_FILE=... iris stop ... restart', () => {
    const w = newWorld();
    const m = model();
    const primary = serverHost(w, m, 'db_trakcare_primary');
    w.reachable(`${primary.name}_1972`);
    const file = mergeFiles(m).find((f) => f.instanceKey === 'db_trakcare_primary')!.text.replace(/\n$/, '');
    expect(primary.run().code).toBe(0);
    expect(irisCalls(w, primary.name)).toEqual([expect.stringMatching(/ root\/root iris stop IRIS restart$/)]);
    expect(primary.state('osauth')).toBeDefined();
    expect(primary.state('active')).toMatch(/^MaxServerConn=/m);
    // Day two, a setting that applies at once: iris merge by the owner, target CPF named, no prompt.
    w.setParameter('/refarch/trakcare-prod/primary/database/db_trakcare_primary/merge.cpf', `${file}\nCreateNamespace:Name=EXTRA,Globals=EXTRA`);
    const r = primary.run();
    expect(r.code, r.out).toBe(0);
    const merge = irisCalls(w, primary.name).at(-1)!;
    expect(merge).toMatch(/ iris merge IRIS \S+merge\.cpf \S+\/irissys\/iris\.cpf$/);
    // Run by the instance owner (the stand-in's OS authentication lets only the owner in).
    const owner = execFileSync('stat', ['-c', '%U', join(primary.dir, 'irissys', 'mgr')], { encoding: 'utf8' }).trim();
    expect(w.calls()).toContain(`${primary.name} ${owner}/root runuser -u ${owner} -- iris merge IRIS ${join(primary.dir, 'config', 'merge.cpf')} ${join(primary.dir, 'irissys', 'iris.cpf')}`);
    // Day two, a restart-only setting: the documented restart pattern, and it takes effect.
    w.setParameter('/refarch/trakcare-prod/primary/database/db_trakcare_primary/merge.cpf', `${file.replace(/^globals=.*$/m, 'globals=0,0,1234,0,0,0')}\nCreateNamespace:Name=EXTRA,Globals=EXTRA`);
    expect(primary.run().code).toBe(0);
    expect(irisCalls(w, primary.name).at(-1)).toMatch(/ iris stop IRIS restart$/);
    expect(readFileSync(join(primary.dir, 'boot.log'), 'utf8')).toMatch(/ISC_CPF_MERGE_FILE=\S+merge\.cpf iris stop IRIS restart/);
    expect(primary.state('active')).toContain('globals=0,0,1234,0,0,0');
    expect(primary.state('pending') ?? '').toBe('');
  });

  it('the stand-in is strict: without OS authentication `iris merge` prompts and fails (as the script before this change did)', () => {
    const w = newWorld();
    const h = w.host('plain', { env: {} });
    const r = execFileSync('bash', ['-c', `PATH=${h.dir}/bin:$PATH STANDIN_USER=root iris merge IRIS /dev/null ${h.dir}/irissys/iris.cpf </dev/null; echo "exit $?"`], { encoding: 'utf8' });
    expect(r).toContain('Username:');
    expect(r).toContain('exit 1');
  });

  it('no password on any command line: the recorded calls never hold the secret', () => {
    const w = newWorld();
    const m = model({ install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' }, secrets: { password: PASSWORD_ARN, license: LICENSE_ARN } });
    const primary = serverHost(w, m, 'db_trakcare_primary', 'container', 'absent');
    expect(primary.run().code).toBe(75); // container: not yet primary in the stand-in docker
    expect(w.calls().join('\n')).not.toContain(PLANTED_SECRET);
    expect(readFileSync(join(primary.dir, 'password-seen'), 'utf8').trim()).toBe(PLANTED_SECRET);
  });
});

describe('5. Web Gateway: Username=CSPSystem, Password={command} read from Secrets Manager at start, never a literal', () => {
  it('each server section logs in as CSPSystem with a command; the command prints the secret; the file holds neither value nor ARN', () => {
    const m = model({ install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' }, secrets: { password: PASSWORD_ARN } });
    const file = gatewayFiles(m)[0]!.text;
    expect(file).toContain('Username=CSPSystem');
    expect(file).toMatch(/^Password=\{\/opt\/refarch\/bin\/refarch-apply \/opt\/refarch\/config\/refarch\.env password\}$/m);
    expect(file).toContain('[SYSTEM]\nRELOAD=1');
    expect(file).not.toContain('arn:');
    const w = newWorld();
    const web = w.host('web', { env: { role: 'web-gateway', password_arn: PASSWORD_ARN } });
    const r = web.run(['password']);
    expect(r.out.trim()).toBe(PLANTED_SECRET);
    expect(existsSync(join(web.dir, 'boot.log'))).toBe(false);
  });
});

describe('7, 14. mirror names and day two of the mirror', () => {
  it('SystemName is prefixed with the mirror name, unique across HealthShare\'s mirrors', () => {
    const spec = parse(exampleText('healthshare.yaml')) as Record<string, unknown>;
    const hs = modelOfText(stringify(spec));
    const names = mergeFiles(hs).flatMap((f) => [...f.text.matchAll(/SystemName=([A-Z0-9_]+)/g)].map((x) => x[1]!));
    expect(names.length).toBeGreaterThan(5);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(32);
  });

  it('the primary\'s file carries ModifyMirror with the mirror-wide settings (ConfigMirror leaves an existing mirror alone)', () => {
    const f = mergeFiles(model()).find((x) => x.role === 'mirror-primary')!.text;
    expect(f).toMatch(/^ModifyMirror:Name=TRAKCARE,CompressionForAsyncMembers=2,CompressionTypeForAsyncMembers=1,ArbiterNode=\S+,ArbiterPort=2188$/m);
  });

  it('14. a changed arbiter reaches the existing mirror through ModifyMirror ArbiterNode/ArbiterPort (RACS: ConfigMirror only adds one where none was set)', () => {
    const w = newWorld();
    const m = model();
    const primary = serverHost(w, m, 'db_trakcare_primary');
    w.reachable(`${primary.name}_1972`);
    const file = mergeFiles(m).find((f) => f.instanceKey === 'db_trakcare_primary')!.text.replace(/\n$/, '');
    const arbiter = /ArbiterURL=([^:,]+):2188/.exec(file)![1]!;
    expect(primary.run().code).toBe(0);
    const mirrorArbiter = (): string => readFileSync(join(w.dir, 'mirrors', 'TRAKCARE.arbiter'), 'utf8').trim();
    expect(mirrorArbiter()).toBe(`${arbiter}|2188`);
    // Day two: the arbiter is replaced by another host; the primary's file is applied again.
    const moved = file.split(arbiter).join('arbiter2.primary.trakcare-prod.internal');
    w.setParameter('/refarch/trakcare-prod/primary/database/db_trakcare_primary/merge.cpf', moved);
    const r = primary.run();
    expect(r.code, r.out).toBe(0);
    expect(mirrorArbiter()).toBe('arbiter2.primary.trakcare-prod.internal|2188');
  });
});

describe('9. hybrid DR members take the on-premises MaxServerConn (GHA: the same on every failover and DR member)', () => {
  it('onPremises.maxServerConn, default 1 (RACS), is the DR members\' MaxServerConn', () => {
    const text = exampleText('hybrid-dr.yaml');
    const memberConn = (t: string): string[] => mergeFiles(modelOfText(t)).filter((f) => f.role === 'mirror-drasync').map((f) => /^MaxServerConn=(\d+)$/m.exec(f.text)![1]!);
    expect(memberConn(text)).toEqual(['1', '1']);
    expect(memberConn(text.replace('  primaryHost:', '  maxServerConn: 12\n  primaryHost:'))).toEqual(['12', '12']);
  });
});

describe('8, 10, 11. container secrets, DR-region secrets, kit install', () => {
  it('8. container: the key and the one-time password file are staged beside durable %SYS and stay after the script exits', () => {
    const w = newWorld();
    const h = w.host('c', { install: 'container', iris: 'absent', env: { password_arn: PASSWORD_ARN, license_arn: LICENSE_ARN } });
    w.setParameter('/refarch/x/c/merge.cpf', '[config]\nMaxServers=2');
    expect(h.run().code).toBe(0);
    const key = readFileSync(join(h.dir, 'key-path'), 'utf8').trim();
    expect(key.startsWith(join(h.dir, 'data'))).toBe(true);
    expect(existsSync(key)).toBe(true);
    expect(existsSync(join(h.dir, 'data', 'iris-key', 'password'))).toBe(true);
  });

  it('10. a DR server reads a Secrets Manager secret from its replica in the DR region', () => {
    const m = model({ install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' }, secrets: { password: PASSWORD_ARN } });
    const drBoot = dayOnePlan(m, m.dr!)!.servers.get('db_trakcare_async_1')!.boot;
    expect(drBoot.secrets.password).toBe(PASSWORD_ARN.replace(':eu-west-1:', `:${m.dr!.region}:`));
    expect(m.dr!.region).not.toBe('eu-west-1');
  });

  it('10. SSM parameters have no replica: a DR server reads the DR copy named in software.secrets.dr, and reads it while the primary region is down', () => {
    const drPassword = 'arn:aws:ssm:eu-central-1:123456789012:parameter/trakcare/iris-password';
    const drLicense = 'arn:aws:ssm:eu-central-1:123456789012:parameter/trakcare/iris-key';
    const ssmPassword = 'arn:aws:ssm:eu-west-1:123456789012:parameter/trakcare/iris-password';
    const m = model({ install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' }, secrets: { password: ssmPassword, license: LICENSE_ARN, dr: { password: drPassword, license: drLicense } } });
    expect(m.dr!.region).toBe('eu-central-1');
    const drBoot = dayOnePlan(m, m.dr!)!.servers.get('db_trakcare_async_1')!.boot;
    expect(drBoot.secrets).toEqual({ password: drPassword, license: drLicense });
    // The primary site keeps reading the primary copies.
    expect(dayOnePlan(m, m.primary!)!.servers.get('db_trakcare_primary')!.boot.secrets).toEqual({ password: ssmPassword, license: LICENSE_ARN });
    // Against the stand-in with eu-west-1 down: the DR web server's Web Gateway still reads its password.
    const w = newWorld();
    w.reachable('down-eu-west-1');
    const drWeb = [...dayOnePlan(m, m.dr!)!.servers.values()].find((x) => x.boot.role === 'web-gateway')!.boot;
    const web = w.host('drweb', { site: 'dr', env: { role: 'web-gateway', password_arn: drWeb.secrets.password ?? '' } });
    expect(web.run(['password']).out.trim()).toBe(PLANTED_SECRET);
    const stale = w.host('stale', { site: 'dr', env: { role: 'web-gateway', password_arn: ssmPassword } });
    expect(stale.run(['password']).out.trim()).not.toBe(PLANTED_SECRET);
  });

  it('11. kit: installed with ISC_PACKAGE_STARTIRIS=N, the licence in mgr/ before the first start, then started with the merge file', () => {
    const w = newWorld();
    const h = w.host('k', { install: 'kit', iris: 'absent', env: { password_arn: PASSWORD_ARN, license_arn: LICENSE_ARN } });
    w.setParameter('/refarch/x/k/merge.cpf', '[config]\nMaxServers=2');
    const kit = join(w.dir, 'kitsrc', 'kit');
    mkdirSync(kit, { recursive: true });
    writeFileSync(join(kit, 'irisinstall_silent'), `#!/bin/bash\necho "STARTIRIS=$ISC_PACKAGE_STARTIRIS MERGE=\${ISC_CPF_MERGE_FILE:-}" >'${h.dir}/installed'\necho down >'${h.dir}/iris/status'\n`, { mode: 0o755 });
    execFileSync('tar', ['-czf', join(w.dir, 'kit.tar.gz'), '-C', join(w.dir, 'kitsrc'), 'kit']);
    const r = h.run();
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(join(h.dir, 'installed'), 'utf8').trim()).toBe('STARTIRIS=N MERGE=');
    expect(irisCalls(w, 'k')).toEqual([expect.stringMatching(/ iris start IRIS$/)]);
    expect(h.state('key-at-start')).toBeDefined();
    expect(h.state('active')).toContain('MaxServers=2');
  });
});

describe('6. HealthShare\'s mandatory mirroring steps (GHA "Mirroring for Healthcare Products")', () => {
  it('the primary mirrors HSSYS; every member schedules the Mirror Monitor Agent task in HSSYS once it is configured', () => {
    const hs = modelOfText(stringify({ ...(parse(exampleText('healthshare.yaml')) as Record<string, unknown>) }));
    const primaryFile = mergeFiles(hs).find((f) => f.role === 'mirror-primary')!;
    const mirror = /ConfigMirror:Name=([A-Z0-9]+)/.exec(primaryFile.text)![1];
    expect(primaryFile.text).toContain(`ModifyDatabase:Name=HSSYS,MirrorSetName=${mirror},MirrorDBName=HSSYS`);
    for (const f of mergeFiles(hs).filter((x) => x.role !== 'mirror-primary')) expect(f.text).not.toContain('ModifyDatabase:Name=HSSYS');
    const w = newWorld();
    const primary = serverHost(w, hs, primaryFile.instanceKey);
    w.reachable(`${primary.name}_1972`);
    expect(primary.run().code).toBe(0);
    expect(primary.state('hs-task')).toContain('do ##class(HS.Util.Mirror.Task).Schedule("HSSYS")');
    expect(w.calls()).toContainEqual(expect.stringMatching(/ iris session \S+ -U HSSYS$/));
    // Once only.
    const sessions = w.calls().filter((c) => c.includes('-U HSSYS')).length;
    expect(primary.run().code).toBe(0);
    expect(w.calls().filter((c) => c.includes('-U HSSYS'))).toHaveLength(sessions);
  });
});

describe('12. huge pages sized from the memory rule, with the documented check', () => {
  it('each IRIS server reserves more huge-page memory than its estimated shared memory, kept across reboots, and logs how to check', () => {
    const m = model();
    const pages = (key: string): number => hugePagesFor(m, m.primary!, m.primary!.instances.find((i) => i.key === key)!);
    const db = { hugePages: pages('db_trakcare_primary') };
    expect(db.hugePages).toBeGreaterThan(pages('app_1'));
    expect(pages('app_1')).toBeGreaterThan(0);
    expect(pages('web_1')).toBe(0);
    // More huge-page memory than the documented shared-memory estimate (SRPM: 3580 MB -> at least 1791 pages).
    const inst = m.primary!.instances.find((i) => i.key === 'db_trakcare_primary')!;
    expect(db.hugePages * IRIS_DAY_ONE.rows.hugePages.pageMB).toBeGreaterThan(instanceSharedMemoryMB(m, m.primary!, inst)!);
    expect(mergeFiles(m).find((f) => f.instanceKey === 'db_trakcare_primary')!.text).toContain(`# Huge pages: vm.nr_hugepages=${db.hugePages} `);
    const w = newWorld();
    const primary = serverHost(w, m, 'db_trakcare_primary');
    w.reachable(`${primary.name}_1972`);
    expect(primary.run().code).toBe(0);
    expect(readFileSync(join(primary.dir, 'sysctl'), 'utf8').trim()).toBe(`vm.nr_hugepages=${db.hugePages}`);
    expect(readFileSync(join(primary.dir, 'sysctl.conf'), 'utf8').trim()).toBe(`vm.nr_hugepages=${db.hugePages}`);
    expect(readFileSync(join(primary.dir, 'boot.log'), 'utf8')).toContain('grep Huge /proc/meminfo');
    // Reserved before IRIS starts with the file.
    const calls = w.calls();
    expect(calls.findIndex((c) => c.includes(' sysctl '))).toBeLessThan(calls.findIndex((c) => / iris (stop|start) /.test(c)));
  });
});

describe('13. mirror TLS from an AWS Private CA (software.tls.privateCaArn)', () => {
  const CA = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012';
  it('members name SSLDir, the primary requires TLS; the member role may issue only end-entity certificates from that CA', () => {
    const m = model({ tls: { privateCaArn: CA } });
    for (const f of mergeFiles(m).filter((x) => x.role.startsWith('mirror-'))) expect(f.text).toMatch(/^ConfigMirror:.*,SSLDir=\/opt\/refarch\/tls\/(,|$)/m);
    expect(mergeFiles(m).find((f) => f.role === 'mirror-primary')!.text).toMatch(/^ConfigMirror:.*,UseSSL=1/m);
    expect(mergeFiles(m).find((f) => f.role === 'mirror-backup')!.text).not.toContain('UseSSL');
    const primary = synthesizeInMemory(m).find((s) => s.id === 'primary')!.json;
    const policy = JSON.parse(String((primary.resource!['aws_iam_role_policy'] as Record<string, { policy: string }>)['day_one_database_policy']!.policy)) as { Statement: Array<Record<string, unknown>> };
    expect(policy.Statement).toContainEqual({ Sid: 'IssueMemberCertificate', Effect: 'Allow', Action: 'acm-pca:IssueCertificate', Resource: CA, Condition: { StringEquals: { 'acm-pca:TemplateArn': 'arn:${data.aws_partition.site_partition.partition}:acm-pca:::template/EndEntityCertificate/V1' } } });
    const ecp = JSON.parse(String((primary.resource!['aws_iam_role_policy'] as Record<string, { policy: string }>)['day_one_ecp_policy']!.policy)) as object;
    expect(JSON.stringify(ecp)).not.toContain('acm-pca');
  });

  it('the member makes its key and request, sends only the request, and puts the three files where SSLDir says before IRIS starts; the key is nowhere else', () => {
    const w = newWorld();
    const m = model({ tls: { privateCaArn: CA } });
    const primary = serverHost(w, m, 'db_trakcare_primary');
    w.reachable(`${primary.name}_1972`);
    const r = primary.run();
    expect(r.code, r.out).toBe(0);
    const tls = join(primary.dir, 'tls');
    const key = readFileSync(join(tls, 'PrivateKeyFile.pem'), 'utf8');
    expect(key).toContain('PRIVATE KEY');
    expect(readFileSync(join(tls, 'CertificateFile.pem'), 'utf8')).toContain('STANDIN-LEAF');
    expect(readFileSync(join(tls, 'CAFile.pem'), 'utf8')).toContain('STANDIN-CA');
    expect(readFileSync(join(primary.dir, 'csr-sent'), 'utf8')).toContain('CERTIFICATE REQUEST');
    expect(existsSync(join(tls, 'request.csr'))).toBe(false);
    const body = key.split('\n')[1]!;
    expect(w.calls().join('\n')).not.toContain(body);
    expect(readFileSync(join(primary.dir, 'boot.log'), 'utf8')).not.toContain(body);
    const calls = w.calls();
    expect(calls.findIndex((c) => c.includes('acm-pca issue-certificate'))).toBeLessThan(calls.findIndex((c) => / iris (stop|start) /.test(c)));
    // A second run (reboot, day two) keeps the certificate: nothing issued again.
    primary.run();
    expect(w.calls().filter((c) => c.includes('issue-certificate'))).toHaveLength(1);
    // Synthesized output never holds a key: only the CA's ARN.
    const stacks = JSON.stringify(synthesizeInMemory(m).map((s) => s.json));
    expect(stacks).not.toContain('PRIVATE KEY');
    expect(stacks).toContain(CA);
  });
});

it('refarch-apply and the loader are shellcheck-clean (when shellcheck is installed)', () => {
  let has = true;
  try {
    execFileSync('shellcheck', ['--version']);
  } catch {
    has = false;
  }
  if (!has) return;
  execFileSync('shellcheck', ['-s', 'bash', '-'], { input: APPLY_SCRIPT });
  execFileSync('shellcheck', ['-s', 'bash', '-'], { input: LOADER_SCRIPT });
  expect(IRIS_DAY_ONE.rows.restartOnly).toContain('MaxServerConn');
  expect(configFiles(model()).length).toBeGreaterThan(0);
});

describe('rollout helpers on the servers: the mirror status, and graceful container restarts', () => {
  it('`refarch-apply ENV mirror-status MIRROR` prints each member\'s status (GHA "Mirror Member Status"), run as the instance owner', () => {
    const w = newWorld();
    const m = model();
    const mirror = m.primary!.mirrors[0]!.irisName;
    const primary = serverHost(w, m, 'db_trakcare_primary');
    const backup = serverHost(w, m, 'db_trakcare_backup');
    w.reachable(`${primary.name}_1972`);
    expect(primary.run().code).toBe(0);
    expect(backup.run().code).toBe(0);
    expect(primary.run(['mirror-status', mirror])).toEqual({ code: 0, out: 'Primary\n' });
    expect(backup.run(['mirror-status', mirror])).toEqual({ code: 0, out: 'Backup\n' });
    // The session ran as the owner (the stand-in's OS authentication lets only the owner in).
    const owner = execFileSync('stat', ['-c', '%U', join(primary.dir, 'irissys', 'mgr')], { encoding: 'utf8' }).trim();
    expect(w.calls()).toContain(`${primary.name} ${owner}/root runuser -u ${owner} -- iris session IRIS -U %SYS`);
    // A mirror name is spliced into ObjectScript: anything but letters, digits and _ is refused.
    expect(primary.run(['mirror-status', 'X")) halt']).code).toBe(2);
    expect(primary.run(['mirror-status']).code).toBe(2);
    // A stopped instance answers nothing: said, not printed as an empty status.
    primary.reboot();
    expect(primary.run(['mirror-status', mirror])).toMatchObject({ code: 1, out: expect.stringContaining('no answer from IRIS') });
  });

  it('a container restarted for a restart-only change gets time for a graceful shutdown (docker restart --time, not Docker\'s 10 s then SIGKILL)', () => {
    const w = newWorld();
    const m = model({ install: { kind: 'container', image: 'containers.intersystems.com/intersystems/iris:2024.1' } });
    const primary = serverHost(w, m, 'db_trakcare_primary', 'container', 'absent');
    const parameter = '/refarch/trakcare-prod/primary/database/db_trakcare_primary/merge.cpf';
    const file = w.parameter(parameter)!;
    expect(primary.run().code).toBe(75); // applied; waits to be published as primary (stand-in docker)
    w.setParameter(parameter, file.replace(/^globals=.*$/m, 'globals=0,0,1234,0,0,0'));
    const r = primary.run();
    expect(r.out).not.toContain('IRIS killed after 10 s');
    expect(w.calls()).toContain(`${primary.name} root/root docker restart --time 300 iris`);
  });
});

describe('a new instance in the designated primary\'s place never creates the mirror again', () => {
  it('refuses (no iris call, the reason and the way out in the log) once a primary was published; a first deployment is not affected', () => {
    const w = newWorld();
    const m = model();
    const primary = serverHost(w, m, 'db_trakcare_primary');
    w.reachable(`${primary.name}_1972`);
    expect(primary.run().code).toBe(0);
    const published = [...readFileSync(join(primary.dir, 'boot.log'), 'utf8').matchAll(/published: (\S+) is the mirror primary \((\S+)\)/g)][0]!;
    expect(w.parameter(published[2]!)).toBe(primary.name);
    // The designated primary is replaced: same name, new root volume (no state), IRIS fresh.
    rmSync(primary.dir, { recursive: true, force: true });
    const rebuilt = serverHost(w, m, 'db_trakcare_primary');
    const before = irisCalls(w, rebuilt.name).length;
    const run = rebuilt.run();
    expect(run.code).toBe(1);
    expect(readFileSync(join(rebuilt.dir, 'boot.log'), 'utf8')).toMatch(/refused: mirror primary already published as \S+ .*two primaries\. Swap the first two availabilityZones/);
    expect(irisCalls(w, rebuilt.name)).toHaveLength(before);
    expect(rebuilt.state('mirror')).toBeUndefined();
    // With the parameter at "none" (no primary ever published) the same instance configures as before.
    w.setParameter(published[2]!, 'none');
    expect(rebuilt.run().code).toBe(0);
    expect(rebuilt.state('mirror')?.trim()).toBe('primary');
  });
});

describe('a server booted by an older refarch reads the whole refarch-apply, however many parts it has now', () => {
  it('a copy cut short at a part boundary (the old loader\'s part count) fetches every part, replaces itself and runs to the end', () => {
    const w = newWorld();
    const m = model();
    const primary = serverHost(w, m, 'db_trakcare_primary');
    w.reachable(`${primary.name}_1972`);
    const parts = parameterParts(APPLY_SCRIPT);
    expect(parts.length).toBeGreaterThan(1);
    const name = '/refarch/trakcare-prod/primary/database/refarch-apply';
    parts.forEach((part, i) => w.setParameter(i === 0 ? name : `${name}.${i + 1}`, part));
    appendFileSync(primary.env, `script_parameter='${name}'\n`);
    // The old loader knew one part fewer than there are now.
    const apply = join(primary.dir, 'refarch-apply');
    writeFileSync(apply, `${parts.slice(0, -1).join('\n')}\n`);
    const run = primary.run();
    expect(run.code, run.out).toBe(0);
    expect(primary.state('mirror')?.trim()).toBe('primary');
    expect(readFileSync(apply, 'utf8')).toBe(`${parts.join('\n')}\n`);
    expect(readFileSync(apply, 'utf8').trimEnd().endsWith(APPLY_SCRIPT_END)).toBe(true);
  });

  it('cut short and the parameter unreadable: waits (75), and leaves its copy as it was', () => {
    const w = newWorld();
    const primary = serverHost(w, model(), 'db_trakcare_primary');
    appendFileSync(primary.env, `script_parameter='/refarch/missing/refarch-apply'\n`);
    const apply = join(primary.dir, 'refarch-apply');
    const cut = `${parameterParts(APPLY_SCRIPT).slice(0, -1).join('\n')}\n`;
    writeFileSync(apply, cut);
    const run = primary.run();
    expect(run.code).toBe(75);
    expect(run.out).toContain('cut short and cannot read the rest');
    expect(readFileSync(apply, 'utf8')).toBe(cut);
  });
});
