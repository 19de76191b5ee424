// The output holds for every hashicorp/aws 6.x its required_providers admits: each stack asks for
// ">= 6.25.0, < 7.0.0", and the stand-in provider checks it against the 6.25.0 schema (the
// bindings') and the 6.66.0 schema (generated once from CDK Terrain's @cdktn/provider-aws 25.7.0,
// committed with its provenance). An argument a newer 6.x removes or retypes must fail the check:
// planted below into a copy of the 6.66.0 schema.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLCHAIN } from '../src/catalog/catalog';
import { synthesizeTo } from '../src/synth/index';
import { checkText } from '../src/validate/validate';
import { checkStack, SCHEMAS, startProvider, terraformVersion } from './terraform/tf-check';

const root = join(__dirname, '..');
const LONG = 120_000;

interface Schema {
  provider_version: string;
  bindings_package?: string;
  bindings_version: string;
  tarball?: string;
  tarball_sha512?: string;
  generated?: string;
  resources: Record<string, { attributes: Array<{ name: string; type: unknown; required?: boolean; optional?: boolean; computed?: boolean }> }>;
  data_sources: Record<string, unknown>;
}
const schemaOf = (version: string): Schema => JSON.parse(readFileSync(SCHEMAS[version]!, 'utf8')) as Schema;

/** Whether a Terraform version constraint of `>=`/`<`/`=` parts admits `version`. */
function admits(constraint: string, version: string): boolean {
  const num = (v: string): number[] => v.split('.').map(Number);
  const cmp = (a: string, b: string): number => {
    const [x, y] = [num(a), num(b)];
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  return constraint.split(',').every((part) => {
    const m = /^\s*(>=|<=|>|<|=)?\s*([0-9.]+)\s*$/.exec(part);
    if (!m) throw new Error(`unsupported constraint part "${part}"`);
    const c = cmp(version, m[2]!);
    return { '>=': c >= 0, '<=': c <= 0, '>': c > 0, '<': c < 0, '=': c === 0 }[m[1] ?? '=']!;
  });
}

describe('provider versions', () => {
  it('every stack of every golden admits 6.25.0 and 6.66.0 (every 6.x from the bindings on) and not 7.0.0', () => {
    let stacks = 0;
    for (const ex of readdirSync(join(root, 'test', 'golden'))) {
      for (const f of readdirSync(join(root, 'test', 'golden', ex))) {
        const j = JSON.parse(readFileSync(join(root, 'test', 'golden', ex, f), 'utf8')) as { terraform: { required_providers: { aws: { version: string } } } };
        const constraint = j.terraform.required_providers.aws.version;
        expect(constraint, `${ex}/${f}`).toBe(TOOLCHAIN.rows.awsProviderConstraint);
        for (const v of TOOLCHAIN.rows.checkedAwsProviderVersions) expect(admits(constraint, v), `${ex}/${f} admits ${v}`).toBe(true);
        expect(admits(constraint, '6.24.9')).toBe(false);
        expect(admits(constraint, '7.0.0')).toBe(false);
        stacks++;
      }
    }
    expect(stacks).toBeGreaterThanOrEqual(10);
  });

  it('tf:check has a committed schema for every checked version, the 6.66.0 one with its provenance', () => {
    expect(Object.keys(SCHEMAS)).toEqual([...TOOLCHAIN.rows.checkedAwsProviderVersions]);
    const newer = schemaOf('6.66.0');
    expect(newer.provider_version).toBe('6.66.0');
    expect(newer.bindings_package).toBe('@cdktn/provider-aws');
    expect(newer.bindings_version).toBe('25.7.0');
    expect(newer.tarball).toBe('https://registry.npmjs.org/@cdktn/provider-aws/-/provider-aws-25.7.0.tgz');
    expect(newer.tarball_sha512).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
    expect(newer.generated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('the 6.66.0 schema covers the same types as the 6.25.0 one (a binding added to src/synth/cdktf.ts needs it regenerated: scripts/gen-aws-schema.mjs)', () => {
    const [older, newer] = [schemaOf('6.25.0'), schemaOf('6.66.0')];
    expect(Object.keys(newer.resources).sort()).toEqual(Object.keys(older.resources).sort());
    expect(Object.keys(newer.data_sources).sort()).toEqual(Object.keys(older.data_sources).sort());
  });
});

describe('tf:check on the 6.66.0 schema (offline stand-in provider)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'refarch-tf-schemas-'));
  let base = '';
  beforeAll(() => {
    terraformVersion(); // throws "Terraform CLI not found ..." -> every test fails
    const result = checkText(readFileSync(join(root, 'examples', 'minimal.yaml'), 'utf8'));
    if (!result.model) throw new Error(JSON.stringify(result.diagnostics));
    base = join(scratch, 'base');
    mkdirSync(base, { recursive: true });
    synthesizeTo(result.model, base);
  }, 60_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** terraform init + validate of the minimal example's primary stack against `schema`. */
  async function validateAgainst(schema: Schema, name: string): Promise<{ ok: boolean; output: string }> {
    const file = join(scratch, `${name}.json`);
    writeFileSync(file, JSON.stringify(schema));
    const dir = join(scratch, name);
    cpSync(base, dir, { recursive: true });
    const provider = await startProvider(file);
    try {
      const r = await checkStack(dir, 'primary', { reattach: provider.reattach, plan: false });
      return { ok: r.ok, output: r.steps[r.steps.length - 1]!.output };
    } finally {
      provider.stop();
    }
  }

  /** The 6.66.0 schema with one attribute of a resource type changed by `change` (or removed: undefined). */
  function planted(type: string, attribute: string, change: (a: Schema['resources'][string]['attributes'][number]) => Schema['resources'][string]['attributes'][number] | undefined): Schema {
    const s = structuredClone(schemaOf('6.66.0'));
    const attrs = s.resources[type]!.attributes;
    const i = attrs.findIndex((a) => a.name === attribute);
    expect(i, `${type}.${attribute} is in the schema`).toBeGreaterThanOrEqual(0);
    const next = change(attrs[i]!);
    if (next === undefined) attrs.splice(i, 1);
    else attrs[i] = next;
    return s;
  }

  it('the minimal example validates against the committed 6.66.0 schema', async () => {
    const r = await validateAgainst(schemaOf('6.66.0'), 'as-committed');
    expect(r.output).not.toMatch(/Error: /);
    expect(r.ok).toBe(true);
  }, LONG);

  it('an argument refarch writes, removed in a newer 6.x, fails with Terraform\'s own message', async () => {
    const r = await validateAgainst(planted('aws_vpc', 'enable_dns_hostnames', () => undefined), 'removed');
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/No argument or block type is named "enable_dns_hostnames"/);
  }, LONG);

  it('an argument refarch writes, retyped in a newer 6.x, fails', async () => {
    const r = await validateAgainst(planted('aws_instance', 'instance_type', (a) => ({ ...a, type: ['list', 'string'] })), 'retyped');
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/Incorrect attribute value type[\s\S]*instance_type/);
  }, LONG);

  it('an argument a newer 6.x makes required, which refarch does not write, fails', async () => {
    const r = await validateAgainst(planted('aws_vpc', 'instance_tenancy', (a) => ({ name: a.name, type: a.type, required: true })), 'required');
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/Missing required argument[\s\S]*instance_tenancy/);
  }, LONG);
});
