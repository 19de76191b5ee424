// Runs one CLI command in-process the way src/cli/main.ts does: its options parsed strictly,
// usage errors (a UsageError, or an option the parser refuses) answered with exit 2, output
// captured instead of written.
import { parseArgs } from 'node:util';
import type { Command } from '../../src/cli/command';
import { UsageError, type Io } from '../../src/cli/io';

export interface CommandRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCommand(command: Command, argv: readonly string[], options: { readonly cwd: string; readonly color?: boolean }): Promise<CommandRun> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), color: options.color ?? false, cwd: options.cwd };
  try {
    const parsed = parseArgs({ args: [...argv], options: command.options, allowPositionals: true, strict: true });
    const code = await command.run({ values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals }, io);
    return { code, out, err };
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return { code: 2, out, err: err + String((error as Error).message) };
    throw error;
  }
}
