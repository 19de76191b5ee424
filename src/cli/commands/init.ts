import { dirname, resolve } from 'node:path';
import { knownRegions, MODELS, NAME_PATTERN, PROFILES, schemaRefFor, SCHEMA_ID, SIZES, starterSpec, type DeploymentKind } from '../../author/init';
import type { Profile, SizePreset } from '../../catalog/catalog';
import { emitSpec } from '../spec-output';
import { EXIT, UsageError } from '../io';
import type { Command } from '../command';

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

export const initCommand: Command = {
  summary: 'write a commented starter spec that validates as written',
  usage: [
    'Usage: refarch init [--profile trakcare|healthshare|cache] [--model cloud|hybrid]',
    '                    [--size small|medium|large|xlarge] [--name NAME] [--region REGION] [-o file]',
    '',
    'Writes a starter spec, commented key by key, with a yaml-language-server modeline so editors',
    'complete and check it against the schema. Defaults: --profile trakcare --model cloud --size medium,',
    '--name my-<profile>, --region eu-west-1. Without -o the spec goes to stdout; -o never overwrites',
    'an existing file (exit 2).',
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
    region: { type: 'string', default: 'eu-west-1' },
    output: { type: 'string', short: 'o' },
  },
  run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`init takes no positional arguments (got "${positionals[0]}"); use -o to name the file`);
    const profile = oneOf<Profile>('profile', String(values['profile']), PROFILES);
    const model = oneOf<DeploymentKind>('model', String(values['model']), MODELS);
    const size = oneOf<SizePreset>('size', String(values['size']), SIZES);
    const region = oneOf('region', String(values['region']), knownRegions());
    const name = values['name'] === undefined ? `my-${profile}` : String(values['name']);
    if (!NAME_PATTERN.test(name)) throw new UsageError(`--name "${name}" is not a valid deployment name: lower-case letters, digits and hyphens, 3 to 28 characters, starting with a letter`);
    const output = values['output'] === undefined ? undefined : resolve(io.cwd, String(values['output']));
    const schemaRef = schemaRefFor(output ? dirname(output) : io.cwd);
    const text = starterSpec({ profile, model, size, name, region, schemaRef });
    const done = emitSpec(io, text, output, String(values['output']));
    if (done !== undefined) return done;
    io.err(`Wrote ${String(values['output'])} (${profile}, ${model} model, size ${size}). Next: refarch validate ${String(values['output'])} && refarch plan ${String(values['output'])}\n`);
    if (schemaRef === SCHEMA_ID) io.err(`Its modeline points to ${SCHEMA_ID}; if your editor cannot fetch it, save \`refarch schema\` next to the spec and point the modeline there.\n`);
    return EXIT.ok;
  },
};
