import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('generated documentation', () => {
  it('docs/spec-reference.md is regenerated from the current schema (npm run gen:docs)', async () => {
    const { generateSpecDocs } = (await import('../scripts/gen-spec-docs.mjs')) as { generateSpecDocs: () => string };
    expect(readFileSync(join(__dirname, '..', 'docs', 'spec-reference.md'), 'utf8')).toBe(generateSpecDocs());
  });
});

describe('README', () => {
  it('documents every semantic rule id', async () => {
    const { RULE_IDS } = await import('../src/validate/rules/index');
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(RULE_IDS.filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });
});
