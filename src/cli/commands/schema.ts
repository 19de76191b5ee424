import { SPEC_SCHEMA } from '../../validate/schema';
import type { Command } from '../command';
import { packageVersion, UsageError } from '../io';

/**
 * The repository's raw files (package.json `repository`): no npm package is published yet, so a
 * release's schema is served from its tag there.
 */
export const REPOSITORY_RAW = 'https://raw.githubusercontent.com/refarch/refarch';

/** The schema of this very release, from the repository at the release's tag (v<version>): it never changes, unlike the $id's. */
export function pinnedSchemaUrl(version: string): string {
  return `${REPOSITORY_RAW}/v${version}/schema/refarch.schema.json`;
}

export const schemaCommand: Command = {
  summary: 'print the spec\'s JSON Schema (for editors and other tools)',
  usage: [
    'Usage: refarch schema [--id]',
    '',
    'Prints the JSON Schema (draft 2020-12) of refarch/v1 specs to stdout.',
    '',
    '  --id    print the schema\'s URLs instead ($id, and this release\'s pinned copy) and how to',
    '          point an editor at them',
  ].join('\n'),
  options: { id: { type: 'boolean', default: false } },
  run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`schema takes no arguments (got "${positionals[0]}")`);
    if (values['id'] !== true) {
      io.out(`${JSON.stringify(SPEC_SCHEMA, null, 2)}\n`);
      return 0;
    }
    const id = String(SPEC_SCHEMA['$id']);
    const pinned = pinnedSchemaUrl(packageVersion());
    io.out(
      [
        `${id}`,
        `${pinned}`,
        '',
        `The first URL is the schema's $id: it follows the refarch/v1 language as it grows. The second`,
        `is this release's schema (refarch ${packageVersion()}), which never changes: pin it to check specs`,
        'exactly as this refarch does.',
        '',
        'Point an editor at it:',
        `  modeline, first line of a spec:   # yaml-language-server: $schema=${pinned}`,
        `  VS Code settings.json:            "yaml.schemas": { "${pinned}": ["*.refarch.yaml"] }`,
        '  SchemaStore (no setting needed):  name files *.refarch.yaml or refarch.yaml',
        '  offline:                          refarch schema > refarch.schema.json, and point the modeline there',
        '',
      ].join('\n'),
    );
    return 0;
  },
};
