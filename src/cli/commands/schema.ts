import { SPEC_SCHEMA } from '../../validate/schema';
import type { Command } from '../command';

export const schemaCommand: Command = {
  summary: 'print the spec\'s JSON Schema (for editors and other tools)',
  usage: 'Usage: refarch schema\n\nPrints the JSON Schema (draft 2020-12) of refarch/v1 specs to stdout.',
  options: {},
  run(_args, io) {
    io.out(`${JSON.stringify(SPEC_SCHEMA, null, 2)}\n`);
    return 0;
  },
};
