import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../src/validate/validate';

const examplesDir = join(__dirname, '..', 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml'));

describe('shipped examples', () => {
  it('are the six the README promises', () => {
    expect(examples.sort()).toEqual(['cache-cloud.yaml', 'healthshare.yaml', 'hybrid-dr.yaml', 'landing-zone.yaml', 'minimal.yaml', 'trakcare.yaml']);
  });
  it.each(examples)('%s validates with no diagnostics at all', (file) => {
    const result = checkFile(join(examplesDir, file));
    expect(result.diagnostics).toEqual([]);
    expect(result.model).toBeDefined();
  });
  it.each(examples)('%s starts with the yaml-language-server schema modeline', (file) => {
    const first = require('node:fs').readFileSync(join(examplesDir, file), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=../schema/refarch.schema.json');
  });
});
