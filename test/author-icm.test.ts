// refarch import-icm: the documented ICM sample (test/fixtures/icm) becomes a spec that validates
// and synthesizes with exactly the sample's node counts per role, and no DR web or app servers;
// every unmapped field is named on stderr; secrets are never copied or printed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIcmCommand } from '../src/cli/commands/import-icm';
import type { DeploymentModel } from '../src/model/model';
import { importIcm } from '../src/author/icm';
import { synthesizeInMemory, type SynthesizedStack } from '../src/synth/index';
import { checkFile, checkText } from '../src/validate/validate';
import { runCommand, type CommandRun } from './helpers/command';

const root = join(__dirname, '..');
const fixtures = join(__dirname, 'fixtures', 'icm');
const defaultsFile = join(fixtures, 'defaults.json');
const definitionsFile = join(fixtures, 'definitions.json');
const scratch = mkdtempSync(join(tmpdir(), 'refarch-icm-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Run = CommandRun;

const importIcmCli = (argv: string[]): Promise<Run> => runCommand(importIcmCommand, argv, { cwd: root });

const defaults = JSON.parse(readFileSync(defaultsFile, 'utf8')) as Record<string, string>;
const definitions = JSON.parse(readFileSync(definitionsFile, 'utf8')) as Array<Record<string, string>>;
const countOf = (role: string): number => definitions.filter((d) => d.Role === role).reduce((n, d) => n + Number(d.Count ?? 1), 0);
const mirrorMap = definitions.find((d) => d.Role === 'DM')!.MirrorMap!.split(',');
const SECRET_VALUES = [
  defaults['Credentials'],
  defaults['SSHPublicKey'],
  defaults['SSHPrivateKey'],
  defaults['TLSKeyDir'],
  defaults['LicenseDir'],
  definitions.find((d) => d.Role === 'DM')!.LicenseKey,
].filter((v): v is string => v !== undefined);

describe('refarch import-icm on the documented sample', () => {
  let run: Run;
  let model: DeploymentModel;
  let stacks: SynthesizedStack[];
  const output = join(scratch, 'imported.yaml');

  beforeAll(async () => {
    run = await importIcmCli([defaultsFile, definitionsFile, '-o', output]);
    expect(run.code, run.err).toBe(0);
    const result = checkFile(output);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    model = result.model!;
    stacks = synthesizeInMemory(model);
  }, 120_000);

  it('validates (warnings only: same-region DR)', () => {
    const result = checkFile(output);
    expect(result.model).toBeDefined();
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['dr.same-region']);
  });

  it('maps Provider, Region, Zone, Label/Tag, roles and instance types', () => {
    expect(model.name).toBe('sample-test');
    expect(model.profile).toBe('cache');
    expect(model.primary!.region).toBe(defaults['Region']);
    expect(model.primary!.azs).toEqual(defaults['Zone']!.split(','));
    expect(model.tags).toMatchObject({ ICMLabel: 'Sample', ICMTag: 'TEST' });
    const type = (tier: string) => [...new Set(model.primary!.instances.filter((i) => i.tier === tier).map((i) => i.instanceType))];
    expect(type('database')).toEqual(['m5.2xlarge']);
    expect(type('app')).toEqual(['m5.xlarge']);
    expect(type('web')).toEqual([defaults['InstanceType']]);
    // t2.small is not in the catalog: the preset's arbiter type of the imported family instead.
    expect(type('arbiter')).toEqual(['m5.large']);
    const data = model.primary!.instances.find((i) => i.mirrorRole === 'primary')!.volumes.find((v) => v.purpose === 'data')!;
    expect(data).toMatchObject({ type: 'io1', sizeGiB: 500, iops: 5000 });
    expect(model.ports).toMatchObject({ superserver: 1972, webserver: 52773, agent: 2188 });
  });

  it('has exactly the sample\'s node counts per role, in the model and in the synthesized Terraform', () => {
    const primary = model.primary!.instances;
    const dr = model.dr!.instances;
    const tally = (list: typeof primary) => list.reduce<Record<string, number>>((t, i) => ({ ...t, [i.tier]: (t[i.tier] ?? 0) + 1 }), {});
    const asyncs = mirrorMap.slice(0, countOf('DM')).filter((r) => r === 'async').length;
    expect(tally(primary)).toEqual({ web: countOf('WS'), app: countOf('AM'), database: countOf('DM') - asyncs, arbiter: countOf('AR') });
    // The async member lands in the DR site, alone: no extra DR web or app servers.
    expect(tally(dr)).toEqual({ database: asyncs });
    expect(model.dr!.capacity).toBe('none');
    expect(model.dr!.region).toBe(defaults['Region']);
    // Synthesized: one aws_instance per node, per stack.
    const instances = (id: string) => Object.keys(stacks.find((s) => s.id === id)?.json.resource?.['aws_instance'] ?? {}).length;
    expect(instances('primary')).toBe(countOf('WS') + countOf('AM') + countOf('DM') - asyncs + countOf('AR'));
    expect(instances('dr')).toBe(asyncs);
    const total = stacks.reduce((n, s) => n + Object.keys(s.json.resource?.['aws_instance'] ?? {}).length, 0);
    expect(total).toBe(countOf('WS') + countOf('AM') + countOf('DM') + countOf('AR'));
  });

  it('lists every ICM field it does not map on stderr, one per line, with a reason', () => {
    const lines = run.err.split('\n').filter((l) => l.startsWith('ignored: '));
    for (const line of lines) expect(line).toMatch(/^ignored: \S+ = .+ \(.+\)$/);
    const named = lines.map((l) => /^ignored: (\S+) =/.exec(l)![1]!);
    for (const field of ['LicenseDir', 'Credentials', 'SSHUser', 'SSHPublicKey', 'SSHPrivateKey', 'TLSKeyDir', 'DockerImage', 'DockerRegistry', 'DockerUsername', 'DockerPassword', 'ISCPassword', 'OSVolumeSize']) {
      expect(named, field).toContain(field);
    }
    for (const field of ['DM.LicenseKey', 'AM.LicenseKey', 'AM.StartCount', 'WS.StartCount', 'WS.ApplicationPath', 'AR.StartCount', 'AR.DockerImage', 'AR.InstanceType']) expect(named, field).toContain(field);
    // Every field of both files is either mapped or named.
    const mapped = new Set(['Provider', 'Label', 'Tag', 'Region', 'Zone', 'Mirror', 'InstanceType', 'SystemMode', 'Namespace', 'SuperServerPort', 'WebServerPort', 'ISCAgentPort', 'DataVolumeSize', 'DataVolumeType']);
    for (const field of Object.keys(defaults)) {
      if (!mapped.has(field)) expect(named, `defaults.json ${field}`).toContain(field);
    }
  });

  it('never copies or prints a secret', () => {
    const written = readFileSync(output, 'utf8');
    for (const value of SECRET_VALUES) {
      expect(written).not.toContain(value);
      expect(run.err).not.toContain(value);
    }
    for (const field of ['ISCPassword', 'DockerPassword', 'DockerUsername', 'Credentials', 'LicenseKey', 'SSHPrivateKey']) {
      expect(run.err).toMatch(new RegExp(`ignored: (\\w+\\.)?${field} = <not copied> \\(secret`));
    }
    expect(written).not.toMatch(/xxxxxxxx/);
  });

  it('starts with the schema modeline and says where it came from', () => {
    const written = readFileSync(output, 'utf8');
    expect(written.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+$/);
    expect(written).toMatch(/ICM nodes: DM 3, AM 3, WS 2, AR 1\./);
  });

  it('prints to stdout without -o, and refuses to overwrite with -o (exit 2)', async () => {
    const stdout = await importIcmCli([defaultsFile, definitionsFile]);
    expect(stdout.code).toBe(0);
    expect(checkText(stdout.out).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const again = await importIcmCli([defaultsFile, definitionsFile, '-o', output]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/refusing to overwrite/);
  });
});

describe('refarch import-icm on other input', () => {
  const write = (name: string, value: unknown): string => {
    const file = join(scratch, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('refuses a provider other than AWS (exit 1, nothing on stdout)', async () => {
    const gcp = write('gcp.json', { ...defaults, Provider: 'GCP', Region: 'us-east1' });
    const run = await importIcmCli([gcp, definitionsFile]);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toMatch(/Provider is "GCP"; refarch deploys on AWS only/);
  });

  it('refuses a sharded cluster of several mirror sets', () => {
    const result = importIcm(defaults, [{ Role: 'DATA', Count: '6', MirrorMap: 'primary,backup' }]);
    expect(result.errors.join('\n')).toMatch(/3 mirror sets/);
  });

  it('maps a plain failover pair without asyncs to a spec without a DR site, adding zones for the arbiter', () => {
    const result = importIcm(
      { Provider: 'AWS', Label: 'Acme', Tag: 'PROD', Region: 'eu-west-1', Zone: 'eu-west-1a,eu-west-1b', Mirror: 'true' },
      [
        { Role: 'DM', Count: '2', InstanceType: 'm4.4xlarge' },
        { Role: 'AM', Count: '2' },
        { Role: 'AR', Count: '1' },
        { Role: 'CN', Count: '1' },
      ],
    );
    expect(result.errors).toEqual([]);
    expect(result.spec['dr']).toBeUndefined();
    expect(result.spec['availabilityZones']).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(result.warnings.join('\n')).toMatch(/added zone eu-west-1c/);
    expect(result.ignored.join('\n')).toMatch(/Role CN × 1 = container node \(no refarch tier for it\)/);
    const yaml = JSON.stringify(result.spec);
    const check = checkText(yaml);
    expect(check.diagnostics).toEqual([]);
    expect(check.model!.primary!.instances.filter((i) => i.tier === 'web')).toHaveLength(0);
  });

  it('keeps a catalog type of a family without preset sizes (x2idn) on its tier, and takes instanceFamily from a preset family only', () => {
    const result = importIcm(
      { Provider: 'AWS', Label: 'Acme', Tag: 'PROD', Region: 'us-east-1', Zone: 'us-east-1a,us-east-1b,us-east-1c', Mirror: 'true' },
      [
        { Role: 'DM', Count: '2', InstanceType: 'x2idn.16xlarge' },
        { Role: 'AM', Count: '2', InstanceType: 'r6i.2xlarge' },
        { Role: 'AR', Count: '1', InstanceType: 'c5.large' },
      ],
    );
    expect(result.errors).toEqual([]);
    expect(result.spec['instanceFamily']).toBe('r6i');
    const check = checkText(JSON.stringify(result.spec));
    expect(check.diagnostics).toEqual([]);
    expect(check.model!.primary!.instances.filter((i) => i.tier === 'database').map((i) => i.instanceType)).toEqual(['x2idn.16xlarge', 'x2idn.16xlarge']);
  });

  it('exits 2 on unreadable files and 1 on malformed JSON', async () => {
    expect((await importIcmCli([join(scratch, 'missing.json'), definitionsFile])).code).toBe(2);
    expect((await importIcmCli([write('broken.json', '{"Provider": '), definitionsFile])).code).toBe(1);
    expect((await importIcmCli([defaultsFile])).code).toBe(2);
  });
});
