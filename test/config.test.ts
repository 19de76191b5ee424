// The config stage: every instance's day-one configuration files, from the resolved model alone.
// The TrakCare example's files are kept as goldens in test/golden-config/trakcare/ (beside the
// Terraform goldens, which other tests read as stacks): regenerate with
// `UPDATE_GOLDEN=1 npx vitest run test/config.test.ts` and read the diff.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSTANCE_TYPES, IRIS_MEMORY } from '../src/catalog/catalog';
import { clusterRoles, configFiles, gatewayFiles, memorySettings, mergeFiles, sharedMemoryEstimateMB } from '../src/config/config';
import { exampleModel, exampleText, modelOfText } from './helpers/models';

const GOLDEN = join(__dirname, 'golden-config', 'trakcare');

describe('config files', () => {
  it('one merge file per IRIS instance (members, app and print servers), one gateway file per web server, none for the arbiter', () => {
    const m = exampleModel('trakcare.yaml');
    const keys = mergeFiles(m).map((f) => `${f.site}/${f.instanceKey}:${f.role}`);
    expect(keys).toContain('primary/db_trakcare_primary:mirror-primary');
    expect(keys).toContain('primary/db_trakcare_backup:mirror-backup');
    expect(keys).toContain('dr/db_trakcare_async_1:mirror-drasync');
    expect(keys).toContain('primary/app_1:ecp-app');
    expect(keys).toContain('primary/print_1:ecp-print');
    expect(keys.some((k) => k.includes('arbiter'))).toBe(false);
    expect(gatewayFiles(m).map((f) => `${f.site}/${f.instanceKey}`)).toEqual(['primary/web_1', 'primary/web_2', 'primary/web_3', 'dr/web_1', 'dr/web_2']);
    for (const f of mergeFiles(m)) expect(f.path).toBe('/opt/refarch/config/merge.cpf');
    for (const f of gatewayFiles(m)) expect(f.path).toBe('/opt/refarch/config/CSP.ini');
  });

  it('none at all on Caché or when configuration is turned off', () => {
    expect(configFiles(modelOfText(`${exampleText('minimal.yaml')}software: { platform: cache }\n`))).toEqual([]);
    expect(configFiles(modelOfText(`${exampleText('minimal.yaml')}software: { configure: false }\n`))).toEqual([]);
    expect(configFiles(exampleModel('minimal.yaml')).length).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(configFiles(exampleModel('trakcare.yaml'))).toEqual(configFiles(exampleModel('trakcare.yaml')));
  });

  it('never carries a secret, nor the ARN of one (they reach the instance by other means)', () => {
    const password = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:trakcare/iris-password-AbCdEf';
    const license = 'arn:aws:ssm:eu-west-1:123456789012:parameter/trakcare/iris-key';
    const drLicense = 'arn:aws:ssm:eu-central-1:123456789012:parameter/trakcare/iris-key';
    const m = modelOfText(`${exampleText('trakcare.yaml')}software:\n  secrets:\n    password: ${password}\n    license: ${license}\n    dr:\n      license: ${drLicense}\n`);
    expect(m.software.secrets).toEqual({ password, license, dr: { password: undefined, license: drLicense } });
    const files = configFiles(m);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      expect(f.text).not.toContain('arn:');
      // The Web Gateway's Password is a command that reads the secret at start (GCGI Password={command}), never a value.
      expect(f.text.replace(/^Password=\{\/opt\/refarch\/bin\/refarch-apply \/opt\/refarch\/config\/refarch\.env password\}$/gm, '')).not.toMatch(/password\s*=|PasswordHash|iris-key|secret/i);
    }
  });

  it('a hybrid DR member without the on-premises primary named does not join, and says so', () => {
    const m = modelOfText(exampleText('hybrid-dr.yaml').replace(/^  primaryHost: .*\n/m, ''));
    const f = mergeFiles(m).find((x) => x.role === 'mirror-drasync')!;
    expect(f.text).not.toContain('ConfigMirror');
    expect(f.text).not.toContain('CreateDatabase');
    expect(f.text).toContain('onPremises.primaryHost');
    expect(f.text).toContain('CurrentDirectory=/irissys/journal1');
  });

  it('a site without application servers points its Web Gateway at the mirror, mirror-aware', () => {
    const m = modelOfText(`${exampleText('minimal.yaml')}app: { count: 0 }\n`);
    const text = gatewayFiles(m)[0]!.text;
    expect(text).toContain('[MAIN]\nIp_Address=db-main-primary.primary.iris-min.internal\nTCP_Port=1972\nMirror_Aware=1');
  });
});

describe('memory (IRIS_MEMORY)', () => {
  it('the documented estimate of shared memory fits every catalogued type, per role, even at the most ECP connections', () => {
    const M = IRIS_MEMORY.rows;
    // Types below 2 GiB (t3/t3a nano and micro) are refused for IRIS hosts by instance.iris-memory.
    const irisHosts = Object.entries(INSTANCE_TYPES.rows).filter(([, spec]) => spec.memoryGiB >= 2);
    expect(irisHosts.length).toBeGreaterThan(100);
    for (const [type, spec] of irisHosts) {
      for (const kind of ['data', 'ecp'] as const) {
        const s = memorySettings(spec.memoryGiB, kind, M.maxConnections + M.maxServersDefault);
        expect(sharedMemoryEstimateMB(s, M.maxConnections + M.maxServersDefault) / (spec.memoryGiB * 1024), `${type} ${kind}`).toBeLessThanOrEqual(M.maxSharedShare);
        // Lowered only as far as needed: the share holds wherever it fits (from 8 GiB; below, the
        // fixed overheads take what the share would: c5.large's 4 GiB keeps 1.4 GB of cache).
        if (spec.memoryGiB >= 8) expect(s.globalsMB, `${type} ${kind}`).toBeGreaterThan(spec.memoryGiB * 1024 * M.globalsShare[kind] * 0.75);
        else expect(s.globalsMB, `${type} ${kind}`).toBeGreaterThan(0);
      }
    }
  });

  it('data servers get the larger database cache; the values are what the files say', () => {
    const m = exampleModel('trakcare.yaml');
    const db = mergeFiles(m).find((f) => f.instanceKey === 'db_trakcare_primary')!.text;
    const app = mergeFiles(m).find((f) => f.site === 'primary' && f.instanceKey === 'app_1')!.text;
    // m4.10xlarge: 160 GiB; half of it in 8 KB buffers. m4.2xlarge: 32 GiB, 30%.
    expect(db).toContain('globals=0,0,81920,0,0,0');
    expect(db).toContain('routines=1020');
    expect(db).toContain('gmheap=2097000');
    expect(app).toContain('globals=0,0,9830,0,0,0');
    expect(app).toContain('routines=983');
    expect(app).toContain('gmheap=307200');
  });
});

describe('cluster roles (plan)', () => {
  it('names each instance\'s place in the mirror and the ECP cluster', () => {
    const roles = clusterRoles(exampleModel('trakcare.yaml'));
    const of = (site: string, key: string) => roles.find((r) => r.site === site && r.instanceKey === key)!;
    expect(of('primary', 'db_trakcare_primary')).toMatchObject({ mirror: 'primary failover member of TRAKCARE', ecp: 'ECP data server' });
    expect(of('primary', 'db_trakcare_backup').mirror).toBe('backup failover member of TRAKCARE');
    expect(of('dr', 'db_trakcare_async_1').mirror).toBe('DR async of TRAKCARE');
    expect(of('primary', 'arbiter')).toMatchObject({ mirror: 'arbiter of TRAKCARE', ecp: null });
    expect(of('primary', 'app_1').ecp).toBe('ECP application server of TRAKCARE via db-trakcare-primary.primary.trakcare-prod.internal (mirror connection)');
    expect(of('dr', 'print_1').ecp).toBe('ECP print server of TRAKCARE via db-trakcare-async-1.dr.trakcare-prod.internal (after promotion)');
    expect(of('primary', 'web_1')).toMatchObject({ mirror: null, ecp: 'Web Gateway to app_1, app_2, app_3, app_4' });
  });
});

describe('golden files of the TrakCare example', () => {
  const files = configFiles(exampleModel('trakcare.yaml'));
  const rel = (f: (typeof files)[number]) => `${f.site}/${f.instanceKey}${f.role === 'web-gateway' ? '.CSP.ini' : '.merge.cpf'}`;
  if (process.env['UPDATE_GOLDEN'] === '1') {
    rmSync(GOLDEN, { recursive: true, force: true });
    for (const f of files) {
      mkdirSync(dirname(join(GOLDEN, rel(f))), { recursive: true });
      writeFileSync(join(GOLDEN, rel(f)), f.text);
    }
  }
  it('has exactly the golden files', () => {
    const list = existsSync(GOLDEN) ? readdirSync(GOLDEN).flatMap((site) => readdirSync(join(GOLDEN, site)).map((f) => `${site}/${f}`)) : [];
    expect(list.sort()).toEqual(files.map(rel).sort());
  });
  it.each(files.map((f) => [rel(f), f] as const))('%s equals its golden file', (path, f) => {
    expect(f.text).toBe(readFileSync(join(GOLDEN, path), 'utf8'));
  });
});
