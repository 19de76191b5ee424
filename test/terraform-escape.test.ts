// Spec strings reach Terraform literally (#23). Terraform reads every string of a .tf.json as a
// template (`${...}` interpolates, `%{...}` is a directive); refarch escapes every string it hands
// to cdktf, outside cdktf's token markers, in one place (src/synth/terraform-text.ts, applied by
// RefarchStack.prepareStack). Here:
//   - which spec fields can hold `${` or `%{` at all, read from the schema (a new free-text field
//     makes the first test fail until it is added to the property below);
//   - a property: for generated specs whose free-text fields hold `${x}` and `%{x}`, every such
//     value appears literally (after Terraform's own unescaping) in the Terraform, and nowhere
//     unescaped;
//   - the built CLI on one such spec, then the real Terraform (validate, plan, apply) over the
//     output with the offline stand-in provider.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '../schema/refarch.schema.json';
import { synthesizeInMemory, type TerraformJson } from '../src/synth/index';
import { terraformLiteral } from '../src/synth/terraform-text';
import { checkText } from '../src/validate/validate';
import { runCli } from './fixtures/hostile/harness';
import { checkOutput, startProvider, terraformVersion } from './terraform/tf-check';

type SchemaNode = { [key: string]: unknown };

/** Every string leaf of the schema whose pattern and format admit a value holding `${x}` and `%{x}`. */
function freeTextFields(): string[] {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const defs = (schema as SchemaNode)['$defs'] as Record<string, SchemaNode>;
  const samples = ['${x}%{x}', 'a${x}%{x}@example.org', 's3://hospital-kits/${x}%{x}'];
  const found = new Set<string>();
  const walk = (node: SchemaNode | undefined, path: string, depth: number): void => {
    if (node === undefined || depth > 16) return;
    while (typeof node['$ref'] === 'string') {
      const ref: string = node['$ref'];
      const { $ref: _ref, ...rest }: SchemaNode = node;
      node = { ...defs[ref.split('/').pop()!], ...rest };
    }
    if (node['type'] === 'string' && node['enum'] === undefined && node['const'] === undefined) {
      const { title, description, markdownDescription, patternErrorMessage, examples, default: _default, ...check } = node;
      const validate = ajv.compile(check);
      if (samples.some((s) => validate(s))) found.add(path);
    }
    for (const k of ['oneOf', 'anyOf', 'allOf']) for (const child of (node[k] as SchemaNode[] | undefined) ?? []) walk(child, path, depth + 1);
    for (const [k, child] of Object.entries((node['properties'] as Record<string, SchemaNode> | undefined) ?? {})) walk(child, path ? `${path}.${k}` : k, depth + 1);
    if (node['items'] !== undefined) walk(node['items'] as SchemaNode, `${path}[]`, depth + 1);
    if (typeof node['additionalProperties'] === 'object') walk(node['additionalProperties'] as SchemaNode, `${path}.*`, depth + 1);
  };
  walk(schema as SchemaNode, '', 0);
  return [...found].sort();
}

/** Terraform's reading of a literal JSON string that holds no interpolation: `$${` is `${`, `%%{` is `%{`. */
const untemplate = (text: string): string => text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');

/** Every string of the JSON, keys and values. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(k), strings(v, out);
  return out;
}

/** Spec text with the three free-text fields set. */
function specWith(values: { alarmEmail: string; location: string; transferBasis: string }): string {
  return `apiVersion: refarch/v1
name: escapes
profile: cache
region: eu-west-1
availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]
dr:
  region: us-east-1
  availabilityZones: [us-east-1a, us-east-1b]
  transferBasis: ${JSON.stringify(values.transferBasis)}
dns: { zoneName: example.org, record: cache }
monitoring:
  alarmEmail: ${JSON.stringify(values.alarmEmail)}
software:
  install: { kind: kit, location: ${JSON.stringify(values.location)} }
`;
}

const word = fc.stringMatching(/^[a-z0-9_-]{0,6}$/);
const name = fc.stringMatching(/^[a-z][a-z_]{0,8}$/);
/** `${name}` and `%{name}` between words: Terraform would read each as template syntax. */
const hostile = fc.tuple(word, name, word, name, word).map(([a, x, b, y, c]) => `${a}\${${x}}${b}%{${y}}${c}`);
const values = fc.record({
  alarmEmail: hostile.map((h) => `ops${h}@example.org`),
  // A kit location must not hold `${` (IAM would read a policy variable: software.kit-location),
  // so it carries the directive and a lone `$`.
  location: fc.tuple(word, name, word).map(([a, x, b]) => `s3://hospital-kits/iris-${a}%{${x}}$${b}.tar.gz`),
  transferBasis: hostile.map((h) => `adequacy ${h}`),
});

describe('spec strings in Terraform', () => {
  it('the schema admits `${` and `%{` in exactly these fields (a new one belongs in the property below)', () => {
    // dr.transferBasis and state.residencyBasis record a decision and change nothing in the
    // Terraform (src/synth never reads them); the property below still puts template syntax in the first.
    expect(freeTextFields()).toEqual(['dr.transferBasis', 'monitoring.alarmEmail', 'software.install.location', 'state.residencyBasis']);
  });

  it('terraformLiteral doubles `${` and `%{` and nothing else', () => {
    expect(terraformLiteral('a${b}%{c}$d%e{f}$${g}')).toBe('a$${b}%%{c}$d%e{f}$$${g}');
    fc.assert(fc.property(fc.string(), (s) => untemplate(terraformLiteral(s)) === s || /\$\$\{|%%\{/.test(s)));
  });

  it('property: every free-text value appears literally in the Terraform and never unescaped', () => {
    fc.assert(
      fc.property(values, (v) => {
        const checked = checkText(specWith(v));
        expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const stacks = synthesizeInMemory(checked.model!);
        const all = stacks.flatMap((s) => strings(s.json as TerraformJson));
        const literal = all.map(untemplate);
        // The e-mail address is a subscription endpoint; the kit location is in the boot script
        // and (as an object ARN) in the IAM policy; the transfer basis changes nothing.
        expect(literal.some((s) => s === v.alarmEmail)).toBe(true);
        expect(literal.some((s) => s.includes(v.location))).toBe(true);
        expect(literal.some((s) => s.includes(`arn:\${data.aws_partition.site_partition.partition}:s3:::${v.location.slice('s3://'.length)}`))).toBe(true);
        // Nothing the user wrote is left for Terraform to evaluate: each `${`/`%{` of theirs is doubled.
        for (const s of all) {
          expect(s).not.toMatch(/(?<![$])\$\{(?!data\.|var\.|aws_|local\.|module\.|can\()/);
          expect(s).not.toMatch(/(?<!%)%\{/);
        }
      }),
      { numRuns: 8, seed: 20_261_207 },
    );
  }, 120_000);
});

describe('the built CLI and the real Terraform over a spec full of template syntax', () => {
  let scratch: string;
  let provider: { reattach: string; stop(): void } | undefined;
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'refarch-escape-'));
    terraformVersion();
    provider = await startProvider();
  }, 60_000);
  afterAll(() => {
    provider?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('synth keeps every value literal, and Terraform validates, plans and applies every stack', async () => {
    const v = { alarmEmail: 'ops${var.nope}%{if_true}x%{endif}@example.org', location: 's3://hospital-kits/iris-%{for_x}$1.tar.gz', transferBasis: 'UK GDPR ${var.nope}' };
    mkdirSync(join(scratch, 'spec'), { recursive: true });
    const specFile = join(scratch, 'spec', 'spec.yaml');
    writeFileSync(specFile, specWith(v));
    const out = join(scratch, 'cdktf.out');
    const run = await runCli(['synth', specFile, '-o', out], { cwd: scratch });
    expect(run.status, run.stderr).toBe(0);
    const text = readdirSync(join(out, 'stacks')).map((id) => readFileSync(join(out, 'stacks', id, 'cdk.tf.json'), 'utf8')).join('\n');
    expect(text).toContain(JSON.stringify('ops$${var.nope}%%{if_true}x%%{endif}@example.org'));
    expect(text).toContain('hospital-kits/iris-%%{for_x}$1.tar.gz');
    expect(text).not.toMatch(/[^$]\$\{var\.nope\}/);
    const results = await checkOutput(out, { reattach: provider!.reattach, apply: true });
    expect(results.filter((r) => !r.ok).map((r) => `${r.stack}: ${r.summary}\n${r.steps[r.steps.length - 1]!.output}`).join('\n')).toBe('');
    expect(results.length).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
