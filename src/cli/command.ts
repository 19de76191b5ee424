// The contract every CLI command implements. Its own module so that the commands and the
// dispatcher (cli/main.ts) both depend on it, not on each other.
import type { ParseArgsConfig } from 'node:util';
import type { Io } from './io';

export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }, io: Io): Promise<number> | number;
}
