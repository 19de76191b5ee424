// The refarch command line. Exit codes: 0 ok (warnings allowed), 1 invalid spec, 2 usage error,
// unreadable input or unwritable output, 3 (diff) changes found, 70 internal error. No input produces a stack trace.
import { parseArgs } from 'node:util';
import { nearest } from '../util/text';
import type { Command } from './command';
import { environmentProblem, EXIT, packageVersion, processIo, UsageError, writeProblem, type Io } from './io';

export type { Command } from './command';

// Each command is loaded only when it runs, so `validate` never pays for cdktf.
const COMMANDS: Record<string, () => Command> = {
  validate: () => require('./commands/validate').validateCommand,
  synth: () => require('./commands/synth').synthCommand,
  schema: () => require('./commands/schema').schemaCommand,
  plan: () => require('./commands/plan').planCommand,
  diagram: () => require('./commands/diagram').diagramCommand,
  config: () => require('./commands/config').configCommand,
  diff: () => require('./commands/diff').diffCommand,
  rollout: () => require('./commands/rollout').rolloutCommand,
  init: () => require('./commands/init').initCommand,
  'import-icm': () => require('./commands/import-icm').importIcmCommand,
  prices: () => require('./commands/prices').pricesCommand,
  // The completion command reads this table: handed over, so it does not import this module.
  completion: () => (require('./commands/completion') as typeof import('./commands/completion')).completionCommand(commandOptions),
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
  lines.push(
    '',
    'Options:',
    '  --help       show help (also: refarch help <command>, refarch <command> --help)',
    '  --version    print the version',
    '  --no-color   no ANSI colour (also NO_COLOR=1; FORCE_COLOR=1 forces it when piped)',
    '',
    'A spec file argument of - reads the spec from standard input.',
    'Exit codes: 0 ok, 1 invalid spec, 2 usage, unreadable input or unwritable output, 3 changes (diff), 70 internal error.',
  );
  return `${lines.join('\n')}\n`;
}

/** The names a command accepts, as typed: --long and -s. */
function optionNames(command: Command): string[] {
  const names: string[] = [];
  for (const [name, option] of Object.entries(command.options)) {
    names.push(`--${name}`);
    if (option.short !== undefined) names.push(`-${option.short}`);
  }
  return names;
}

/**
 * Refuses an option the command does not know, with the nearest one it does, before Node's parser
 * can (its message quotes unevenly and suggests nothing). Everything after `--` is positional.
 */
function checkOptions(name: string, command: Command, args: readonly string[]): void {
  const known = [...optionNames(command), '--no-color'];
  for (const arg of args) {
    if (arg === '--') return;
    if (arg === '-' || !arg.startsWith('-')) continue;
    const option = arg.startsWith('--') ? arg.split('=')[0]! : arg.slice(0, 2);
    if (known.includes(option)) continue;
    const suggestion = nearest(option, known);
    throw new UsageError(`unknown option ${JSON.stringify(option)} for ${name}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''} (see refarch ${name} --help)`);
  }
}

/** The option a command-line word names (`-o`, `--output`, `--output=x`), or undefined. */
function optionOf(command: Command, arg: string): { readonly name: string; readonly typed: string; readonly type: 'string' | 'boolean'; readonly inlineValue: boolean } | undefined {
  for (const [name, option] of Object.entries(command.options)) {
    if (arg === `--${name}` || arg.startsWith(`--${name}=`)) return { name, typed: `--${name}`, type: option.type, inlineValue: arg.includes('=') };
    if (option.short !== undefined && arg.startsWith(`-${option.short}`) && !arg.startsWith('--')) return { name, typed: `-${option.short}`, type: option.type, inlineValue: arg.length > 2 };
  }
  return undefined;
}

/**
 * Options and their values, checked before Node's parser (whose messages name the option as
 * "'-o, --output <value>'" and call a missing value "ambiguous" when the next word is an option):
 * an option that takes a value has one, and it is not the next option; a switch has none.
 */
function checkOptionValues(command: Command, args: readonly string[]): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return;
    if (arg === '-' || !arg.startsWith('-')) continue;
    const option = optionOf(command, arg);
    if (option === undefined) continue;
    const long = option.typed === `--${option.name}` ? '' : ` (--${option.name})`;
    if (option.type === 'boolean') {
      if (option.inlineValue) throw new UsageError(`option ${option.typed}${long} is a switch and takes no value (got ${JSON.stringify(arg)}); write ${option.typed} alone`);
      continue;
    }
    if (option.inlineValue) continue;
    const next = args[i + 1];
    if (next === undefined) throw new UsageError(`option ${option.typed}${long} needs a value`);
    if (next.startsWith('-') && next !== '-') {
      throw new UsageError(`option ${option.typed}${long} needs a value, but ${JSON.stringify(next)} follows it; give the value first, or write --${option.name}=${next} if the value really starts with a dash`);
    }
    i++;
  }
}

/** Node's parseArgs errors, said plainly (its own text quotes unevenly and spans lines). */
function parseProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ,]+)/.exec(message)?.[1];
  if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    return /argument missing/.test(message) ? `option ${option.split(' ')[0]} needs a value` : `option ${option.split(' ')[0]} takes no value`;
  }
  return message.split('\n')[0]!.replace(/'/g, '"');
}

function commandFor(name: string): Command {
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    const suggestion = nearest(name, Object.keys(COMMANDS));
    throw new UsageError(`unknown command ${JSON.stringify(name)}${suggestion ? `; did you mean "${suggestion}"?` : ''} (run \`refarch --help\` for the list)`);
  }
  return load();
}

/** The command names and their options (those that take a value, and the values they take), for shell completion. */
export function commandOptions(): Array<{ readonly name: string; readonly summary: string; readonly options: string[]; readonly valued: string[]; readonly values: Record<string, readonly string[]> }> {
  return Object.entries(COMMANDS).map(([name, load]) => {
    const command = load();
    const valued = Object.entries(command.options).filter(([, o]) => o.type === 'string').map(([n]) => `--${n}`);
    const values = Object.fromEntries(Object.entries(command.optionValues ?? {}).map(([n, list]) => [`--${n}`, list]));
    return { name, summary: command.summary, options: optionNames(command).filter((o) => o.startsWith('--')), valued, values };
  });
}

export async function run(argv: readonly string[], io?: Io): Promise<number> {
  // --no-color is global: taken out wherever it is, before the command sees its arguments.
  const noColor = argv.includes('--no-color');
  const args = argv.filter((a, i) => a !== '--no-color' || argv.indexOf('--') >= 0 && i > argv.indexOf('--'));
  const base = io ?? processIo({ noColor });
  const out: Io = noColor && base.color ? { ...base, color: false } : base;
  return settleOutput(await runCommand(args, out), out);
}

/**
 * The exit code once the output has reached its reader: a reader that went away (EPIPE) changes
 * nothing, as for every Unix tool; a failed write (a full disk, an I/O error) is one line on
 * stderr and exit 2, whatever the command had decided.
 */
async function settleOutput(code: number, io: Io): Promise<number> {
  if (io.finish === undefined) return code;
  const { out, err } = await io.finish();
  if (out.kind === 'failed') {
    io.err(`refarch: cannot write to standard output: ${writeProblem(out.error)}\n`);
    await io.finish();
    return EXIT.usage;
  }
  return err.kind === 'failed' ? EXIT.usage : code;
}

async function runCommand(args: readonly string[], out: Io): Promise<number> {
  try {
    const [name, ...rest] = args;
    if (name === undefined) {
      // Like kubectl and cdk: no command is a request for help, not a mistake.
      out.out(help());
      return EXIT.ok;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      const topic = rest.find((a) => !a.startsWith('-'));
      if (topic === undefined) {
        out.out(help());
        return EXIT.ok;
      }
      out.out(`${commandFor(topic).usage}\n`);
      return EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      if (rest.length > 0) throw new UsageError(`--version takes no arguments (got ${JSON.stringify(rest[0])})`);
      out.out(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    if (name.startsWith('-')) {
      const suggestion = nearest(name, ['--help', '--version', '--no-color']);
      throw new UsageError(`unknown option ${JSON.stringify(name)}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''}; the command comes first: refarch <command> [options]`);
    }
    const command = commandFor(name);
    const dashDash = rest.indexOf('--');
    const flags = dashDash < 0 ? rest : rest.slice(0, dashDash);
    if (flags.includes('--help') || flags.includes('-h')) {
      out.out(`${command.usage}\n`);
      return EXIT.ok;
    }
    checkOptions(name, command, rest);
    checkOptionValues(command, rest);
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`${parseProblem(error)}\n${command.usage}`);
    }
    return await command.run({ values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals }, out);
  } catch (error) {
    if (error instanceof UsageError) {
      out.err(`refarch: ${error.message}\n`);
      return EXIT.usage;
    }
    const problem = environmentProblem(error);
    if (problem !== undefined) {
      out.err(`refarch: ${problem}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    out.err(`refarch: internal error: ${message} (please report it with the spec that caused it)\n`);
    return EXIT.internal;
  }
}
