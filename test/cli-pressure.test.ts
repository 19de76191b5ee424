// Issue #23 ("Holds under pressure") through the built CLI: a kit location is one S3 object, and tag
// keys that are also names of Object.prototype's members reach the provider's default tags.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCALE_LIMITS } from '../src/catalog/scale';
import { builtCli, runCliSync } from './fixtures/hostile/harness';

let dir: string;
beforeAll(() => {
  builtCli();
  dir = mkdtempSync(join(tmpdir(), 'refarch-pressure-'));
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = `apiVersion: refarch/v1
name: pressure
profile: cache
region: eu-west-1
availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]
`;

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Every stack's cdk.tf.json under an output folder. */
function stacks(out: string): Array<{ id: string; json: { provider: { aws: Array<{ alias?: string; default_tags: Array<{ tags: Record<string, string> }> }> } } }> {
  return readdirSync(join(out, 'stacks'))
    .sort()
    .map((id) => ({ id, json: JSON.parse(readFileSync(join(out, 'stacks', id, 'cdk.tf.json'), 'utf8')) }));
}

describe('software.install.location is one object key', () => {
  it.each([
    ['s3://hospital-kits/*', '"*"'],
    ['s3://hospital-kits/iris-2024.?.tar.gz', '"?"'],
    ['s3://hospital-kits/${aws:username}/iris.tar.gz', 'policy variable'],
    ['s3://hospital-kits/kits/', 'a folder'],
  ])('validate refuses %s (exit 1, software.kit-location)', (location, what) => {
    const file = write('kit.yaml', `${BASE}software: { install: { kind: kit, location: ${JSON.stringify(location)} } }\n`);
    const run = runCliSync(['validate', file], { cwd: dir });
    expect(run.status).toBe(1);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:\\d+ error \\[software\\.kit-location\\] software\\.install\\.location: the kit location must name one S3 object`));
    expect(lines[0]).toContain(what);
  });

  it('one object: the IAM statement grants s3:GetObject on exactly that object', () => {
    const file = write('kit-ok.yaml', `${BASE}software: { install: { kind: kit, location: s3://hospital-kits/IRIS-2024.1.0.267.2-lnxrh9x64.tar.gz } }\n`);
    const out = join(dir, 'kit-out');
    const run = runCliSync(['synth', file, '-o', out], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const text = readFileSync(join(out, 'stacks', 'primary', 'cdk.tf.json'), 'utf8');
    const resources = (JSON.parse(text) as { resource: Record<string, Record<string, { policy?: string }>> }).resource['aws_iam_role_policy']!;
    const grants = Object.values(resources).flatMap((r) => (JSON.parse(r.policy!) as { Statement: Array<{ Sid?: string; Action: string; Resource: string }> }).Statement.filter((s) => s.Sid === 'ReadInstallKit'));
    expect(grants.length).toBeGreaterThan(0);
    for (const grant of grants) {
      expect(grant.Action).toBe('s3:GetObject');
      expect(grant.Resource).toMatch(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:s3:::hospital-kits\/IRIS-2024\.1\.0\.267\.2-lnxrh9x64\.tar\.gz$/);
    }
  });
});

describe('tag keys reach the provider default tags as written', () => {
  const AWKWARD: Record<string, string> = {
    ['__proto__']: 'proto', // computed: a literal `__proto__:` would set the prototype
    constructor: 'ctor',
    toString: 'to-string',
    hasOwnProperty: 'own',
    valueOf: 'value',
    toJSON: 'json',
    'ünïcødé Straße 東京': 'ünï',
    ['k'.repeat(128)]: 'long',
  };
  it('synth: every provider of every stack carries every key, and nothing else changes', () => {
    const yaml = Object.entries(AWKWARD).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}\n`).join('');
    const file = write('tags.yaml', `${BASE}dr:\n  region: eu-central-1\n  availabilityZones: [eu-central-1a, eu-central-1b]\ntags:\n${yaml}`);
    const out = join(dir, 'tags-out');
    const run = runCliSync(['synth', file, '-o', out], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const found = stacks(out);
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const { id, json } of found) {
      for (const provider of json.provider.aws) {
        const tags = provider.default_tags[0]!.tags;
        // JSON.parse makes `__proto__` an own key again, so toEqual compares every key.
        expect(Object.keys(tags).sort(), `${id} ${provider.alias ?? ''}`).toEqual([...Object.keys(AWKWARD), 'refarch:deployment', 'refarch:profile', 'refarch:stack'].sort());
        for (const [key, value] of Object.entries(AWKWARD)) expect(Object.getOwnPropertyDescriptor(tags, key)?.value, key).toBe(value);
      }
    }
  });

  it('a 129-character key is refused by the schema', () => {
    const file = write('tags-long.yaml', `${BASE}tags:\n  ${'k'.repeat(129)}: x\n`);
    const run = runCliSync(['validate', file], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/tags/);
  });
});

describe('the largest valid spec is bounded by quotas', () => {
  it('the schema maxima are the catalog figures: 1,000 web servers per site, 254 application and print servers', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', 'schema', 'refarch.schema.json'), 'utf8')) as { properties: Record<string, { $ref?: string }>; $defs: Record<string, { properties: { count: { maximum?: number; $ref: string } } }> };
    const tier = (name: string) => schema.$defs[schema.properties[name]!.$ref!.split('/').pop()!]!.properties.count;
    const countDef = (schema.$defs as unknown as Record<string, { maximum: number }>)['count']!;
    expect(tier('web').maximum ?? countDef.maximum).toBe(SCALE_LIMITS.rows.webServers);
    expect(tier('app').maximum).toBe(SCALE_LIMITS.rows.ecpClients);
    expect(tier('print').maximum).toBe(SCALE_LIMITS.rows.ecpClients);
  });

  it.each([
    ['app: { count: 255 }\n', /:6:\d+ error \[schema\.range\] app\.count: number 255 must be <= 254/],
    ['app: { count: 128 }\ndr:\n  region: eu-central-1\n  availabilityZones: [eu-central-1a, eu-central-1b]\n  capacity: full\n', /:6:\d+ error \[config\.ecp-clients\] app\.count: the data server would have 256 ECP clients/],
  ])('validate refuses more ECP clients than a data server takes: %j', (extra, message) => {
    const file = write('ecp.yaml', `${BASE}${extra}`);
    const run = runCliSync(['validate', file], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
  });
});
