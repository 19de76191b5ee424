// Golden Terraform: the full cdk.tf.json of every stack of every shipped example. A change to the
// compiler that changes the output fails here until the goldens are regenerated with
// `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` and the diff has been read resource by
// resource (git diff test/golden).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesizeInMemory, type TerraformJson } from '../src/synth/index';
import { checkFile } from '../src/validate/validate';

const root = join(__dirname, '..');
const goldenDir = join(__dirname, 'golden');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
const update = process.env['UPDATE_GOLDEN'] === '1';

describe.each(examples)('golden output of examples/%s', (file) => {
  const name = file.replace(/\.yaml$/, '');
  const dir = join(goldenDir, name);
  const result = checkFile(join(root, 'examples', file));
  const stacks = result.model ? synthesizeInMemory(result.model) : [];

  it('synthesizes', () => {
    expect(result.diagnostics).toEqual([]);
    expect(stacks.length).toBeGreaterThan(0);
  });

  if (update) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const stack of stacks) writeFileSync(join(dir, `${stack.id}.cdk.tf.json`), `${JSON.stringify(stack.json, null, 2)}\n`);
  }

  it('has exactly the golden stacks', () => {
    expect(existsSync(dir)).toBe(true);
    const golden = readdirSync(dir).map((f) => f.replace(/\.cdk\.tf\.json$/, '')).sort();
    expect(stacks.map((s) => s.id).sort()).toEqual(golden);
  });

  it.each(stacks.map((s) => s.id))('stack %s equals its golden file', (id) => {
    const stack = stacks.find((s) => s.id === id)!;
    const golden = JSON.parse(readFileSync(join(dir, `${id}.cdk.tf.json`), 'utf8')) as unknown;
    expect(stack.json).toEqual(golden);
  });
});

// refarch stacks are applied one at a time and never read each other's state, so RefarchStack
// skips cdktf's cross-stack "preparing" pass (src/synth/stack.ts). A token of one stack used in
// another would then come out as a reference to something that stack does not declare; this is
// the check that none does.
describe.each(examples)('references inside each stack of examples/%s', (file) => {
  const name = file.replace(/\.yaml$/, '');
  const dir = join(goldenDir, name);
  const stackFiles = existsSync(dir) ? readdirSync(dir).sort() : [];

  it.each(stackFiles)('%s: every reference names something declared in the same stack', (stackFile) => {
    const json = JSON.parse(readFileSync(join(dir, stackFile), 'utf8')) as TerraformJson;
    const declared = new Set<string>();
    for (const [type, byName] of Object.entries(json.resource ?? {})) for (const n of Object.keys(byName)) declared.add(`${type}.${n}`);
    for (const [type, byName] of Object.entries(json.data ?? {})) for (const n of Object.keys(byName)) declared.add(`data.${type}.${n}`);
    for (const n of Object.keys(json.variable ?? {})) declared.add(`var.${n}`);
    const aliases = new Set(Object.values(json.provider ?? {}).flatMap((configs) => configs.map((c) => c['alias'])).filter((a): a is string => typeof a === 'string'));

    const references: string[] = [];
    const dependsOn: string[] = [];
    const providers: string[] = [];
    const walk = (value: unknown, key: string | undefined): void => {
      if (typeof value === 'string') {
        for (const m of value.matchAll(/\$\{([^}]*)\}/g)) references.push(m[1]!);
        if (key === 'provider') providers.push(value);
      } else if (Array.isArray(value)) {
        for (const item of value) {
          if (key === 'depends_on' && typeof item === 'string') dependsOn.push(item);
          else walk(item, undefined);
        }
      } else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, k);
      }
    };
    walk({ resource: json.resource, data: json.data, output: json.output }, undefined);

    expect(references.length).toBeGreaterThan(0);
    const unknown = references.filter((ref) => {
      const address = /^(data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|[a-z0-9_]+\.[A-Za-z0-9_-]+)(\.|$)/.exec(ref)?.[1];
      return address === undefined || !declared.has(address);
    });
    expect(unknown).toEqual([]);
    expect(dependsOn.filter((address) => !declared.has(address))).toEqual([]);
    expect(providers.filter((p) => !aliases.has(p.replace(/^aws\./, '')))).toEqual([]);
    expect(JSON.stringify(json)).not.toContain('terraform_remote_state');
  });
});
