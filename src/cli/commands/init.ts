import { dirname, resolve } from 'node:path';
import { knownRegions, MODELS, NAME_PATTERN, PROFILES, schemaRefFor, SCHEMA_ID, SIZES, starterSpec, type DeploymentKind } from '../../author/init';
import type { Profile, SizePreset } from '../../catalog/catalog';
import { emitSpec } from '../spec-output';
import { EXIT, UsageError } from '../io';
import { checkText } from '../../validate/validate';
import type { Command } from '../command';

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

const DEFAULT_REGION = 'eu-west-1';

/**
 * --region, --dr-region and --no-dr, checked as the spec checks them: a region the catalog knows
 * (its zones come from there), a DR region other than the primary, not both DR options, and no DR
 * option the model has no use for.
 */
function regionsOf(model: DeploymentKind, values: Record<string, unknown>): { region: string; dr: string | false | undefined } {
  const regions = knownRegions();
  const given = values['region'] === undefined ? undefined : oneOf('region', String(values['region']), regions);
  const drGiven = values['dr-region'] === undefined ? undefined : oneOf('dr-region', String(values['dr-region']), regions);
  const noDr = values['no-dr'] === true;
  if (noDr && drGiven !== undefined) throw new UsageError('--dr-region and --no-dr exclude each other: give one');
  if (model === 'hybrid') {
    if (noDr) throw new UsageError('--no-dr does not apply to the hybrid model: its AWS side is the DR site (leave --no-dr out, or use --model cloud)');
    if (given !== undefined && drGiven !== undefined && given !== drGiven) {
      throw new UsageError(`in the hybrid model the AWS side is the DR site, in one region: --region ${given} and --dr-region ${drGiven} disagree (give one)`);
    }
    return { region: drGiven ?? given ?? DEFAULT_REGION, dr: undefined };
  }
  const region = given ?? DEFAULT_REGION;
  if (drGiven === region) throw new UsageError(`--dr-region ${drGiven} is the primary region: DR needs a second region (dr.same-region); choose another, or --no-dr`);
  return { region, dr: noDr ? false : drGiven };
}

export const initCommand: Command = {
  summary: 'write a commented starter spec that validates as written',
  usage: [
    'Usage: refarch init [--profile trakcare|healthshare|cache] [--model cloud|hybrid]',
    '                    [--size small|medium|large|xlarge] [--name NAME] [--region REGION]',
    '                    [--dr-region REGION | --no-dr] [-o file]',
    '',
    'Writes a starter spec, commented key by key, with a yaml-language-server modeline so editors',
    'complete and check it against the schema. Defaults: --profile trakcare --model cloud --size medium,',
    '--name my-<profile>, --region eu-west-1. Without -o the spec goes to stdout; -o never overwrites',
    'an existing file (exit 2).',
    '',
    'The DR region (cloud model) is the nearest other region of the same country, else of the same',
    'legal area, else the nearest of all (the spec says which). --dr-region REGION chooses it, checked',
    'as validate checks dr.region; --no-dr leaves the DR site out. In the hybrid model the AWS side is',
    'the DR site: its region is --region (--dr-region may name it instead).',
    '',
    'The modeline points to the schema file of this refarch by a relative path when the spec is written',
    'inside the same project (nearest package.json), e.g. ./node_modules/refarch/schema/refarch.schema.json;',
    `otherwise to the schema's $id, ${SCHEMA_ID}.`,
  ].join('\n'),
  options: {
    profile: { type: 'string', default: 'trakcare' },
    model: { type: 'string', default: 'cloud' },
    size: { type: 'string', default: 'medium' },
    name: { type: 'string' },
    region: { type: 'string' },
    'dr-region': { type: 'string' },
    'no-dr': { type: 'boolean', default: false },
    output: { type: 'string', short: 'o' },
  },
  optionValues: { profile: PROFILES, model: MODELS, size: SIZES, region: knownRegions(), 'dr-region': knownRegions() },
  run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`init takes no positional arguments (got "${positionals[0]}"); use -o to name the file`);
    const profile = oneOf<Profile>('profile', String(values['profile']), PROFILES);
    const model = oneOf<DeploymentKind>('model', String(values['model']), MODELS);
    const size = oneOf<SizePreset>('size', String(values['size']), SIZES);
    const { region, dr } = regionsOf(model, values);
    const name = values['name'] === undefined ? `my-${profile}` : String(values['name']);
    if (!NAME_PATTERN.test(name)) throw new UsageError(`--name "${name}" is not a valid deployment name: lower-case letters, digits and hyphens, 3 to 28 characters, starting with a letter`);
    const output = values['output'] === undefined ? undefined : resolve(io.cwd, String(values['output']));
    const schemaRef = schemaRefFor(output ? dirname(output) : io.cwd);
    const text = starterSpec({ profile, model, size, name, region, dr, schemaRef });
    // The regions came from the command line: the spec they give is checked as validate checks
    // it (dr.same-region, instance availability, residency). Errors refuse; warnings are said.
    if (dr !== undefined || values['dr-region'] !== undefined) {
      const diagnostics = checkText(text, 'init').diagnostics;
      const said = dr === false ? '--no-dr' : `--dr-region ${String(values['dr-region'])}`;
      const errors = diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) throw new UsageError(errors.map((d) => `${said} gives a spec that does not validate: [${d.rule}] ${d.message}; ${d.fix}`).join('\n'));
      for (const d of diagnostics) io.err(`refarch: note: [${d.rule}] ${d.message}; ${d.fix}\n`);
    }
    const done = emitSpec(io, text, output, String(values['output']));
    if (done !== undefined) return done;
    io.err(`Wrote ${String(values['output'])} (${profile}, ${model} model, size ${size}). Next: refarch validate ${String(values['output'])} && refarch plan ${String(values['output'])}\n`);
    if (schemaRef === SCHEMA_ID) io.err(`Its modeline points to ${SCHEMA_ID}; if your editor cannot fetch it, save \`refarch schema\` next to the spec and point the modeline there.\n`);
    return EXIT.ok;
  },
};
