// The contract every CLI command implements. Its own module so that the commands and the
// dispatcher (cli/main.ts) both depend on it, not on each other.
import type { ParseArgsConfig } from 'node:util';
import type { Io } from './io';

export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** The values an option takes, by option name (`format`: its formats), offered by shell completion. */
  readonly optionValues?: Readonly<Record<string, readonly string[]>>;
  run(args: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }, io: Io): Promise<number> | number;
}
