// The stand-in provider's schema (test/terraform/aws-schema.json) is generated from the bindings
// by scripts/gen-aws-schema.mjs. Stale = a binding was added to src/synth/cdktf.ts or the bindings
// were upgraded without `npm run gen:aws-schema`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

describe('test/terraform/aws-schema.json', () => {
  it('is what `npm run gen:aws-schema` generates today (not stale)', async () => {
    const gen = (await import(join(root, 'scripts', 'gen-aws-schema.mjs'))) as { render(): string };
    const committed = readFileSync(join(root, 'test', 'terraform', 'aws-schema.json'), 'utf8');
    expect(gen.render() === committed, 'stale: run `npm run gen:aws-schema` and commit the result').toBe(true);
  });

  it('covers every resource and data-source type in the golden outputs', () => {
    const schema = JSON.parse(readFileSync(join(root, 'test', 'terraform', 'aws-schema.json'), 'utf8')) as { resources: Record<string, unknown>; data_sources: Record<string, unknown> };
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    const missing: string[] = [];
    for (const ex of readdirSync(join(root, 'test', 'golden'))) {
      for (const f of readdirSync(join(root, 'test', 'golden', ex))) {
        const j = JSON.parse(readFileSync(join(root, 'test', 'golden', ex, f), 'utf8')) as { resource?: Record<string, unknown>; data?: Record<string, unknown>; terraform?: { required_providers?: Record<string, unknown> } };
        for (const t of Object.keys(j.resource ?? {})) if (!schema.resources[t]) missing.push(t);
        for (const t of Object.keys(j.data ?? {})) if (!schema.data_sources[t]) missing.push(`data.${t}`);
        expect(Object.keys(j.terraform?.required_providers ?? {})).toEqual(['aws']);
      }
    }
    expect(missing).toEqual([]);
  });
});
