// The refarch command line. Exit codes: 0 ok (warnings allowed), 1 invalid spec, 2 usage error,
// unreadable input or unwritable output, 3 (diff) changes found, 70 internal error. No input produces a stack trace.
import { parseArgs } from 'node:util';
import type { Command } from './command';
import { environmentProblem, EXIT, packageVersion, processIo, UsageError, type Io } from './io';

export type { Command } from './command';

// Each command is loaded only when it runs, so `validate` never pays for cdktf.
const COMMANDS: Record<string, () => Command> = {
  validate: () => require('./commands/validate').validateCommand,
  synth: () => require('./commands/synth').synthCommand,
  schema: () => require('./commands/schema').schemaCommand,
  plan: () => require('./commands/plan').planCommand,
  diagram: () => require('./commands/diagram').diagramCommand,
  diff: () => require('./commands/diff').diffCommand,
  init: () => require('./commands/init').initCommand,
  'import-icm': () => require('./commands/import-icm').importIcmCommand,
};

export function registerCommand(name: string, load: () => Command): void {
  COMMANDS[name] = load;
}

function help(): string {
  const lines = ['refarch: compile an InterSystems deployment spec into Terraform for AWS', '', 'Usage: refarch <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    let summary = '';
    try {
      summary = load().summary;
    } catch {
      summary = '(unavailable)';
    }
    lines.push(`  ${name.padEnd(12)} ${summary}`);
  }
  lines.push('', 'Options:', '  --help       show help (also: refarch <command> --help)', '  --version    print the version', '', 'Exit codes: 0 ok, 1 invalid spec, 2 usage, unreadable input or unwritable output, 3 changes (diff), 70 internal error.');
  return `${lines.join('\n')}\n`;
}

export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(help());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (load === undefined) {
      io.err(`refarch: unknown command "${name}"; run \`refarch --help\` for the list\n`);
      return EXIT.usage;
    }
    const command = load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${command.usage}\n`);
      return EXIT.ok;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`${(error as Error).message.split('\n')[0]}\n${command.usage}`);
    }
    return await command.run({ values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals }, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`refarch: ${error.message}\n`);
      return EXIT.usage;
    }
    const problem = environmentProblem(error);
    if (problem !== undefined) {
      io.err(`refarch: ${problem}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    io.err(`refarch: internal error: ${message} (please report it with the spec that caused it)\n`);
    return EXIT.internal;
  }
}
