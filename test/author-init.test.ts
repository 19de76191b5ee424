// refarch init: a commented starter spec for every profile × model (× size) that validates with
// zero diagnostics as written, a modeline that an editor can follow, and no overwriting.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initCommand } from '../src/cli/commands/init';
import { drRegionFor, familyComment, knownRegions, MODELS, PROFILES, SCHEMA_ID, schemaRefFor, SIZES, starterSpec } from '../src/author/init';
import { INSTANCE_AVAILABILITY } from '../src/catalog/catalog';
import type { DeploymentModel } from '../src/model/model';
import { regionAvailabilityRule } from '../src/validate/rules/region';
import { caseFolders, runCli } from './fixtures/hostile/harness';
import { REGION_LOCATIONS } from '../src/catalog/catalog';
import { SPEC_SCHEMA } from '../src/validate/schema';
import { checkFile, checkText } from '../src/validate/validate';
import { runCommand, type CommandRun } from './helpers/command';

const root = join(__dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'refarch-init-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Run = CommandRun;

const init = (argv: string[], cwd = root): Promise<Run> => runCommand(initCommand, argv, { cwd });

const combos = PROFILES.flatMap((profile) => MODELS.flatMap((model) => SIZES.map((size) => ({ profile, model, size }))));

describe('refarch init', () => {
  it.each(combos)('$profile × $model × $size validates as written with zero diagnostics', async ({ profile, model, size }) => {
    const run = await init(['--profile', profile, '--model', model, '--size', size]);
    expect(run.code, run.err).toBe(0);
    const result = checkText(run.out, `init-${profile}-${model}-${size}.yaml`);
    expect(result.diagnostics).toEqual([]);
    expect(result.model).toBeDefined();
    expect(result.model!.profile).toBe(profile);
    expect(result.model!.topology).toBe(model);
    expect(result.model!.size).toBe(size);
    // Commented: more comment lines than anything else, and a modeline first.
    const lines = run.out.split('\n');
    expect(lines[0]).toMatch(/^# yaml-language-server: \$schema=\S+$/);
    expect(lines.filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(30);
    // The comments state the preset's real figures.
    const m = result.model!;
    const site = m.primary ?? m.dr!;
    const db = site.instances.find((i) => i.tier === 'database')!;
    expect(run.out).toContain(`preset ${db.instanceType}`);
  });

  it.each(PROFILES.flatMap((profile) => MODELS.map((model) => ({ profile, model }))))('$profile × $model: the written file validates from disk', async ({ profile, model }) => {
    const file = join(scratch, 'specs', `${profile}-${model}.yaml`);
    const run = await init(['--profile', profile, '--model', model, '-o', file]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe('');
    const result = checkFile(file);
    expect(result.diagnostics).toEqual([]);
  });

  it('refuses to overwrite an existing file (exit 2) and leaves it untouched', async () => {
    const file = join(scratch, 'existing.yaml');
    writeFileSync(file, 'mine\n');
    const run = await init(['-o', file]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/already exists; refusing to overwrite/);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('rejects unknown options values and bad names with exit 2', async () => {
    expect((await init(['--profile', 'ensemble'])).code).toBe(2);
    expect((await init(['--model', 'edge'])).code).toBe(2);
    expect((await init(['--size', 'huge'])).code).toBe(2);
    expect((await init(['--region', 'mars-north-1'])).code).toBe(2);
    expect((await init(['--name', 'Bad_Name'])).code).toBe(2);
    expect((await init(['stray-positional'])).code).toBe(2);
  });

  it('takes --name and --region, with zones from the catalog', async () => {
    const run = await init(['--name', 'hospital-prod', '--region', 'us-east-2', '--profile', 'cache']);
    expect(run.code).toBe(0);
    const spec = parse(run.out) as Record<string, unknown>;
    expect(spec['name']).toBe('hospital-prod');
    expect(spec['region']).toBe('us-east-2');
    expect(spec['availabilityZones']).toEqual(['us-east-2a', 'us-east-2b', 'us-east-2c']);
    expect((spec['dr'] as Record<string, unknown>)['region']).not.toBe('us-east-2');
    expect(checkText(run.out).diagnostics).toEqual([]);
  });
});

describe('the schema modeline', () => {
  const shipped = resolve(root, 'schema', 'refarch.schema.json');

  it('is a relative path to this repository\'s schema when written inside the repository', async () => {
    expect(schemaRefFor(join(root, 'examples'), shipped)).toBe('../schema/refarch.schema.json');
    expect(schemaRefFor(root, shipped)).toBe('./schema/refarch.schema.json');
    const run = await init([], join(root, 'examples'));
    expect(run.out.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/refarch.schema.json');
  });

  it('points into node_modules for a project that installed refarch from npm', () => {
    const project = join(scratch, 'project');
    const installed = join(project, 'node_modules', 'refarch', 'schema', 'refarch.schema.json');
    mkdirSync(join(project, 'node_modules', 'refarch', 'schema'), { recursive: true });
    mkdirSync(join(project, 'infra'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{}\n');
    writeFileSync(installed, '{}\n');
    expect(schemaRefFor(project, installed)).toBe('./node_modules/refarch/schema/refarch.schema.json');
    expect(schemaRefFor(join(project, 'infra'), installed)).toBe('../node_modules/refarch/schema/refarch.schema.json');
  });

  it('is the schema $id URL outside any project (a global install)', () => {
    const outside = join(scratch, 'no-project');
    mkdirSync(outside, { recursive: true });
    expect(existsSync(join(outside, 'package.json'))).toBe(false);
    expect(schemaRefFor(outside, '/usr/lib/node_modules/refarch/schema/refarch.schema.json')).toBe(SCHEMA_ID);
    expect(SCHEMA_ID).toBe(SPEC_SCHEMA['$id']);
    expect(SCHEMA_ID).toMatch(/^https:\/\//);
  });
});

// Data residency (issue #12): init keeps the DR copy in the primary's country, else its legal
// area, and says why; where neither exists it says so and picks the nearest region.
describe('refarch init: DR region and family per region', () => {
  const regions = knownRegions();

  it.each(regions)('cloud in %s: no error, and dr.residency only where the comment says no partner exists', async (region) => {
    const run = await init(['--region', region, '--profile', 'cache']);
    expect(run.code, run.err).toBe(0);
    const spec = parse(run.out) as { dr: { region: string }; instanceFamily: string };
    const result = checkText(run.out, `init-${region}.yaml`);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const home = REGION_LOCATIONS.rows[region]!;
    const dr = REGION_LOCATIONS.rows[spec.dr.region]!;
    const residency = result.diagnostics.filter((d) => d.rule === 'dr.residency');
    const partners = Object.entries(REGION_LOCATIONS.rows).filter(([r, l]) => r !== region && l.legalArea === home.legalArea);
    if (partners.length > 0) {
      expect(dr.legalArea).toBe(home.legalArea);
      expect(residency).toEqual([]);
      expect(result.diagnostics).toEqual([]);
    } else {
      expect(run.out).toContain(`# DR region: no other AWS region is in ${home.countryName} or its legal area ${home.legalArea}`);
      expect(residency).toHaveLength(1);
      expect(result.diagnostics.map((d) => d.rule)).toEqual(['dr.residency']);
    }
    // Same country whenever AWS has two regions there.
    if (Object.entries(REGION_LOCATIONS.rows).some(([r, l]) => r !== region && l.country === home.country)) expect(dr.country).toBe(home.country);
  });

  it.each([
    ['ca-central-1', 'ca-west-1', 'is in Canada, like ca-central-1: the data stays in the country'],
    ['ap-southeast-2', 'ap-southeast-4', 'is in Australia, like ap-southeast-2'],
    ['us-east-1', 'us-east-2', 'is in United States, like us-east-1'],
    ['eu-west-1', 'eu-west-3', 'in the same legal area, EU/EEA'],
    ['me-central-1', 'me-south-1', 'no other AWS region is in United Arab Emirates or its legal area AE'],
    ['eu-west-2', 'eu-west-3', 'no other AWS region is in United Kingdom or its legal area UK'],
  ])('%s puts DR in %s and says why', async (region, drRegion, why) => {
    const run = await init(['--region', region]);
    expect((parse(run.out) as { dr: { region: string } }).dr.region).toBe(drRegion);
    expect(run.out.replace(/\n\s*# /g, ' ')).toContain(why);
  });

  it('writes the default family m4 where both regions offer it, and m5 (saying why) where one does not', async () => {
    expect((parse((await init(['--region', 'us-east-1'])).out) as { instanceFamily: string }).instanceFamily).toBe('m4');
    const zurich = await init(['--region', 'eu-central-2']);
    expect((parse(zurich.out) as { instanceFamily: string }).instanceFamily).toBe('m5');
    expect(zurich.out).toContain('# m4 is not offered in eu-central-2 (the primary region) or eu-south-1 (the DR region): m5 is the first family offered in eu-central-2 and eu-south-1.');
  });
});

// Issue #25: the family comment names the region that lacks the family, as validate's rule does,
// for every region pair init can write (its own DR choice, any --dr-region, --no-dr, hybrid).
describe('refarch init: the family comment agrees with instance.region-availability', () => {
  const regions = knownRegions();
  type Choice = { region: string; dr: string | false | undefined; model: 'cloud' | 'hybrid' };
  const choices: Choice[] = [
    ...regions.flatMap((region) => regions.filter((d) => d !== region).map((dr) => ({ region, dr, model: 'cloud' as const }))),
    ...regions.map((region) => ({ region, dr: false as const, model: 'cloud' as const })),
    ...regions.map((region) => ({ region, dr: undefined, model: 'hybrid' as const })),
  ];
  // One model per shape (cloud with DR, cloud alone, hybrid) with the default family m4; each
  // pair moves its sites to the pair's regions. The rule reads the sites' regions and types only.
  const base = (model: 'cloud' | 'hybrid', dr: string | false | undefined): { spec: Record<string, unknown>; model: DeploymentModel } => {
    const text = starterSpec({ profile: 'cache', model, size: 'small', name: 'pairs', region: 'us-east-1', dr: dr === false ? false : model === 'cloud' ? 'us-west-2' : undefined, schemaRef: 'x' });
    const spec = parse(text.replace(/^instanceFamily: .*$/m, '')) as Record<string, unknown>;
    return { spec, model: checkText(text.replace(/^instanceFamily: .*$/m, '')).model! };
  };
  const shapes = { withDr: base('cloud', 'us-west-2'), alone: base('cloud', false), hybrid: base('hybrid', undefined) };

  /** The regions instance.region-availability names for the default family, for one choice. */
  function ruleRegions(c: Choice): string[] {
    const shape = c.model === 'hybrid' ? shapes.hybrid : c.dr === false ? shapes.alone : shapes.withDr;
    const drRegion = c.model === 'hybrid' ? c.region : c.dr === false ? undefined : c.dr;
    const model = {
      ...shape.model,
      primary: shape.model.primary && { ...shape.model.primary, region: c.region },
      dr: shape.model.dr && { ...shape.model.dr, region: drRegion! },
    } as DeploymentModel;
    const findings = regionAvailabilityRule.check({ spec: shape.spec as never, model });
    expect(shape.model.instanceFamily).toBe('m4');
    return [...new Set(findings.map((f) => (f.path.join('.') === 'dr.region' ? drRegion! : c.region)))];
  }

  /** The regions the comment names, or [] without a comment. */
  function commentRegions(c: Choice): string[] {
    const comment = familyComment(c);
    if (comment === undefined) return [];
    const m = /^# m4 is not offered in (.+?): m\d\w* is the first family offered (there|in .+)\.$/.exec(comment);
    expect(m, comment).not.toBeNull();
    return m![1]!.split(' or ').map((part) => part.replace(/ \(the (primary|DR|AWS) region\)$/, ''));
  }

  it(`every one of ${choices.length} region choices: the comment names exactly the regions the rule rejects m4 in`, () => {
    const wrong: string[] = [];
    for (const c of choices) {
      const said = commentRegions(c);
      const rule = ruleRegions(c);
      if (said.join() !== rule.join()) wrong.push(`${c.model} ${c.region} dr=${String(c.dr)}: comment ${said.join('/') || '-'}, rule ${rule.join('/') || '-'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the issue\'s case: --region eu-west-2 names eu-west-3, the DR region, and not eu-west-2', () => {
    expect(drRegionFor('eu-west-2')).toBe('eu-west-3');
    expect(familyComment({ model: 'cloud', region: 'eu-west-2', dr: undefined })).toBe('# m4 is not offered in eu-west-3 (the DR region): m5 is the first family offered in eu-west-2 and eu-west-3.');
  });

  it('one pair of each availability shape validates with no error as written', () => {
    const rowKey = (r: string): string => JSON.stringify(INSTANCE_AVAILABILITY.rows[r] ?? null);
    const seen = new Set<string>();
    const failures: string[] = [];
    for (const c of choices) {
      const key = `${c.model}|${String(c.dr === false)}|${rowKey(c.region)}|${typeof c.dr === 'string' ? rowKey(c.dr) : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = starterSpec({ profile: 'cache', model: c.model, size: 'small', name: 'pairs', region: c.region, dr: c.dr, schemaRef: 'x' });
      const errors = checkText(text).diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) failures.push(`${c.model} ${c.region} dr=${String(c.dr)}: ${errors.map((e) => e.message).join('; ')}`);
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });
});

// Issue #25: --dr-region and --no-dr, through the built CLI.
describe('refarch init --dr-region / --no-dr', () => {
  const folder = caseFolders('init-dr');
  const run = (args: string[]) => runCli(['init', ...args], { cwd: folder() });

  it('--dr-region R writes R as dr.region with its zones, says where the data goes, and validates', async () => {
    const r = await run(['--region', 'eu-west-2', '--dr-region', 'eu-west-1']);
    expect(r.status, r.stderr).toBe(0);
    const spec = parse(r.stdout) as { region: string; dr: { region: string; availabilityZones: string[] } };
    expect(spec.region).toBe('eu-west-2');
    expect(spec.dr).toMatchObject({ region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    expect(r.stdout).toContain('# Written by: refarch init --profile trakcare --model cloud --size medium --dr-region eu-west-1');
    expect(r.stdout).toContain('# DR region: eu-west-1 in Ireland (IE, legal area EU/EEA), chosen with --dr-region. The DR copy leaves');
    expect(r.stdout).toContain('# transferBasis: <legal basis>');
    // validate says the same as the comment: the one warning is residency; init repeats it on stderr.
    expect(checkText(r.stdout).diagnostics.map((d) => d.rule)).toEqual(['dr.residency']);
    expect(r.stderr).toContain('refarch: note: [dr.residency] DR region eu-west-1 is in Ireland');
  });

  it('--dr-region in the same country or legal area: zero diagnostics', async () => {
    const r = await run(['--region', 'eu-west-1', '--dr-region', 'eu-north-1', '--profile', 'cache']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('# DR region: eu-north-1 (Stockholm, Sweden), chosen with --dr-region: in the legal area of eu-west-1, EU/EEA,');
    expect(r.stdout).toContain('instanceFamily: m5');
    expect(r.stdout).toContain('# m4 is not offered in eu-north-1 (the DR region): m5 is the first family offered in eu-west-1 and eu-north-1.');
    expect(checkText(r.stdout).diagnostics).toEqual([]);
    expect(r.stderr).toBe('');
  });

  it('--no-dr writes no dr block, no copyToDr, and validates with zero diagnostics', async () => {
    const r = await run(['--no-dr', '--region', 'eu-west-3']);
    expect(r.status, r.stderr).toBe(0);
    const spec = parse(r.stdout) as Record<string, unknown>;
    expect(spec['dr']).toBeUndefined();
    expect((spec['backup'] as Record<string, unknown>)['copyToDr']).toBeUndefined();
    expect(r.stdout).toContain('without a DR region');
    expect(r.stdout).toContain('# m4 is not offered in eu-west-3 (the primary region): m5 is the first family offered there.');
    const result = checkText(r.stdout);
    expect(result.diagnostics).toEqual([]);
    expect(result.model!.dr).toBeUndefined();
  });

  it('hybrid: --dr-region names the AWS region', async () => {
    const r = await run(['--model', 'hybrid', '--dr-region', 'eu-west-3']);
    expect(r.status, r.stderr).toBe(0);
    expect((parse(r.stdout) as { dr: { region: string } }).dr.region).toBe('eu-west-3');
    expect(checkText(r.stdout).diagnostics).toEqual([]);
  });

  it.each([
    [['--dr-region', 'eu-west-1'], '--dr-region eu-west-1 is the primary region: DR needs a second region (dr.same-region)'],
    [['--region', 'us-east-1', '--dr-region', 'us-east-1'], '--dr-region us-east-1 is the primary region'],
    [['--dr-region', 'eu-west-9'], '--dr-region must be one of'],
    [['--dr-region', 'eu-west-3', '--no-dr'], '--dr-region and --no-dr exclude each other'],
    [['--model', 'hybrid', '--no-dr'], '--no-dr does not apply to the hybrid model'],
    [['--model', 'hybrid', '--region', 'eu-west-1', '--dr-region', 'eu-west-2'], '--region eu-west-1 and --dr-region eu-west-2 disagree'],
  ])('%j: exit 2, %s, nothing written', async (args, message) => {
    const dir = folder();
    const r = await runCli(['init', ...args, '-o', 'spec.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(join(dir, 'spec.yaml'))).toBe(false);
  });
});
