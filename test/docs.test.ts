import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCatalogDocs } from '../scripts/gen-catalog-docs';
import { RULE_IDS } from '../src/validate/rules/index';

describe('generated documentation', () => {
  it('docs/spec-reference.md is regenerated from the current schema (npm run gen:docs)', async () => {
    const { generateSpecDocs } = await import('../scripts/gen-spec-docs.mjs');
    expect(readFileSync(join(__dirname, '..', 'docs', 'spec-reference.md'), 'utf8')).toBe(generateSpecDocs());
  });

  it('docs/instance-catalog.md is regenerated from the current instance catalog (npm run gen:docs)', () => {
    const text = readFileSync(join(__dirname, '..', 'docs', 'instance-catalog.md'), 'utf8');
    expect(text).toBe(generateCatalogDocs());
    // The types issue #21 asked for are listed with their us-east-1 price.
    expect(text).toContain('| `r6i.32xlarge` | 128 | 1,024 | 40,000 | 160,000 | 8.064 |');
    expect(text).toContain('| `x2idn.16xlarge` | 64 | 1,024 | 40,000 | 173,333 | 6.669 |');
    expect(text).toContain('| `c5.large` | 2 | 4 | 650 / 4,750 | 4,000 / 20,000 | 0.085 |');
  });
});

describe('README', () => {
  it('documents every semantic rule id', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(RULE_IDS.filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });
});
