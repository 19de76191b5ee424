// Golden Terraform: the full cdk.tf.json of every stack of every shipped example. A change to the
// compiler that changes the output fails here until the goldens are regenerated with
// `UPDATE_GOLDEN=1 npx vitest run test/synth-golden.test.ts` and the diff has been read resource by
// resource (git diff test/golden).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesizeInMemory, type TerraformJson } from '../src/synth/index';
import { checkFile } from '../src/validate/validate';
import { danglingReferences, referenceCount } from './helpers/references';

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

describe.each(examples)('references inside each stack of examples/%s', (file) => {
  const name = file.replace(/\.yaml$/, '');
  const dir = join(goldenDir, name);
  const stackFiles = existsSync(dir) ? readdirSync(dir).sort() : [];

  it.each(stackFiles)('%s: every reference names something declared in the same stack (test/helpers/references.ts)', (stackFile) => {
    const json = JSON.parse(readFileSync(join(dir, stackFile), 'utf8')) as TerraformJson;
    expect(referenceCount(json)).toBeGreaterThan(0);
    expect(danglingReferences(json)).toEqual([]);
  });
});
