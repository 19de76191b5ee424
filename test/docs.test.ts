import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('generated documentation', () => {
  it('docs/spec-reference.md is regenerated from the current schema (npm run gen:docs)', async () => {
    const { generateSpecDocs } = (await import('../scripts/gen-spec-docs.mjs')) as { generateSpecDocs: () => string };
    expect(readFileSync(join(__dirname, '..', 'docs', 'spec-reference.md'), 'utf8')).toBe(generateSpecDocs());
  });
});
