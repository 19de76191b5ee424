import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../src/validate/rules/index';

describe('generated documentation', () => {
  it('docs/spec-reference.md is regenerated from the current schema (npm run gen:docs)', async () => {
    const { generateSpecDocs } = await import('../scripts/gen-spec-docs.mjs');
    expect(readFileSync(join(__dirname, '..', 'docs', 'spec-reference.md'), 'utf8')).toBe(generateSpecDocs());
  });
});

describe('README', () => {
  it('documents every semantic rule id', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(RULE_IDS.filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });
});
