// synthesizeObjects (used by `refarch diff`) keeps each stack's Terraform object in memory instead
// of writing cdk.tf.json and parsing it back: the objects must be the files, key order aside.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
