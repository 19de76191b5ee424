// synthesizeObjects (used by `refarch diff`) keeps each stack's Terraform object in memory instead
// of writing cdk.tf.json and parsing it back: the objects must be the files, key order aside.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lazy } from '../src/synth/cdktf';
import { synthesizeInMemory, synthesizeObjects } from '../src/synth/index';
import { checkText } from '../src/validate/validate';

const EXAMPLES = join(__dirname, '..', 'examples');

/** JSON text with keys sorted at every level (own keys only, `__proto__` included). */
function sorted(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sorted).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${sorted((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

describe('synthesizeObjects', () => {
  it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort())('%s: the same stacks as the written files', (file) => {
    const model = checkText(readFileSync(join(EXAMPLES, file), 'utf8')).model!;
    const written = synthesizeInMemory(model);
    const kept = synthesizeObjects(model);
    expect(kept.map((s) => s.id)).toEqual(written.map((s) => s.id));
    for (const [i, stack] of kept.entries()) expect(sorted(stack.json), stack.id).toBe(sorted(written[i]!.json));
  }, 60_000);
});

describe('synthesis leaves no tokens behind', () => {
  // cdktf's process-wide token registry would otherwise keep every synthesized app alive (diff
  // synthesizes twice; a test worker dozens of times).
  const registry = (): { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> } =>
    (globalThis as unknown as { __cdktfTokenMap: { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> } }).__cdktfTokenMap;
  const model = checkText(readFileSync(join(EXAMPLES, 'trakcare.yaml'), 'utf8')).model!;

  it('the registry is back at its size after each synthesis, and the next synthesis is unchanged', () => {
    const first = synthesizeObjects(model);
    const sizes = [registry().stringTokenMap.size, registry().numberTokenMap.size];
    const second = synthesizeObjects(model);
    expect([registry().stringTokenMap.size, registry().numberTokenMap.size]).toEqual(sizes);
    synthesizeInMemory(model);
    expect([registry().stringTokenMap.size, registry().numberTokenMap.size]).toEqual(sizes);
    for (const [i, stack] of second.entries()) expect(sorted(stack.json), stack.id).toBe(sorted(first[i]!.json));
  }, 60_000);

  it('tokens registered before a synthesis survive it', () => {
    const kept = Lazy.stringValue({ produce: () => 'still here' });
    const token = (): unknown => (registry() as unknown as { lookupString(s: string): unknown }).lookupString(kept);
    expect(token()).toBeDefined();
    synthesizeObjects(model);
    expect(token()).toBeDefined();
  });

  it('a synthesis that throws releases its tokens too', () => {
    const sizes = [registry().stringTokenMap.size, registry().numberTokenMap.size];
    const broken = { ...model, monitoring: undefined } as unknown as typeof model;
    expect(() => synthesizeObjects(broken)).toThrow();
    expect([registry().stringTokenMap.size, registry().numberTokenMap.size]).toEqual(sizes);
  });
});
