// Shell completion scripts, generated from the commands' own option tables so they can never
// miss an option (synth's --strict and --remove-stack included).
import type { Command } from '../command';
import { EXIT, UsageError } from '../io';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

export interface CompletionEntry {
  readonly name: string;
  readonly summary: string;
  readonly options: string[];
  /** Options that take a value (`--format`, `-o`'s `--output`). */
  readonly valued: string[];
  /** The values an option takes, where they are a fixed list (`--format`: table json markdown). */
  readonly values: Readonly<Record<string, readonly string[]>>;
}
type Entry = CompletionEntry;

/**
 * bash: after an option with a fixed list of values, those values; after another option that
 * takes a value, file names; otherwise options (after `-`) or file names. Lint-clean
 * (shellcheck -S warning): words go into COMPREPLY through mapfile, not word splitting.
 */
function bash(list: readonly Entry[]): string {
  const cases = list.map((e) => `    ${e.name}) opts="${[...e.options, '--help', '--no-color'].join(' ')}" ;;`).join('\n');
  const valueCases = list.flatMap((e) => Object.entries(e.values).map(([o, values]) => `    "${e.name} ${o}") words="${values.join(' ')}" ;;`)).join('\n');
  return `# refarch bash completion: source <(refarch completion bash)
_refarch() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" cmd="\${COMP_WORDS[1]:-}" opts words=""
  if [ "$COMP_CWORD" -ge 1 ]; then prev="\${COMP_WORDS[COMP_CWORD-1]}"; fi
  if [ "$COMP_CWORD" -eq 1 ]; then
    mapfile -t COMPREPLY < <(compgen -W "${list.map((e) => e.name).join(' ')} help --help --version --no-color" -- "$cur")
    return
  fi
  case "$cmd $prev" in
${valueCases}
    *) words="" ;;
  esac
  if [ -n "$words" ]; then
    mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
    return
  fi
  case "$cmd" in
${cases}
    *) opts="" ;;
  esac
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -o filenames -F _refarch refarch
`;
}

function zsh(list: readonly Entry[]): string {
  const quote = (text: string) => text.replace(/'/g, "'\\''").replace(/:/g, '\\:');
  const commands = list.map((e) => `    '${e.name}:${quote(e.summary)}'`).join('\n');
  // _arguments: `--format=:format:(a b)` takes a value (next word or after =) from the list;
  // `--output=:file:_files` a file name; a flag is its name alone.
  const spec = (e: Entry, o: string): string => {
    const values = e.values[o];
    if (values !== undefined) return `'${o}=:${o.slice(2)}:(${values.join(' ')})'`;
    return e.valued.includes(o) ? `'${o}=:${o.slice(2)}:_files'` : `'${o}'`;
  };
  const cases = list.map((e) => `    ${e.name}) _arguments ${[...e.options.map((o) => spec(e, o)), "'--help'", "'--no-color'"].join(' ')} '*:file:_files' ;;`).join('\n');
  return `#compdef refarch
# refarch zsh completion: refarch completion zsh > "\${fpath[1]}/_refarch"
_refarch() {
  local -a commands
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case "\${words[2]}" in
${cases}
  esac
}
_refarch "$@"
`;
}

function fish(list: readonly Entry[]): string {
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = ['# refarch fish completion: refarch completion fish > ~/.config/fish/completions/refarch.fish', 'complete -c refarch -f'];
  for (const e of list) lines.push(`complete -c refarch -n '__fish_use_subcommand' -a ${e.name} -d ${quote(e.summary)}`);
  for (const e of list) {
    for (const o of e.options) {
      const values = e.values[o];
      // -x: takes a value, no file names (the listed values); -r -F: takes a file name.
      const takes = values !== undefined ? ` -x -a ${quote(values.join(' '))}` : e.valued.includes(o) ? ' -r -F' : '';
      lines.push(`complete -c refarch -n '__fish_seen_subcommand_from ${e.name}' -l ${o.slice(2)}${takes}`);
    }
    lines.push(`complete -c refarch -n '__fish_seen_subcommand_from ${e.name}' -F`);
  }
  lines.push("complete -c refarch -l no-color -d 'no ANSI colour'", "complete -c refarch -l help -d 'show help'");
  return `${lines.join('\n')}\n`;
}

/**
 * The completion command over the dispatcher's command table, handed in by cli/main.ts (so this
 * module does not import the dispatcher that loads it).
 */
export const completionCommand = (entries: () => readonly CompletionEntry[]): Command => ({
  summary: 'print a shell completion script (bash, zsh or fish)',
  usage: [
    'Usage: refarch completion bash|zsh|fish',
    '',
    'Prints a completion script for commands and their options:',
    '  bash:  source <(refarch completion bash)          (add it to ~/.bashrc)',
    '  zsh:   refarch completion zsh > "${fpath[1]}/_refarch"',
    '  fish:  refarch completion fish > ~/.config/fish/completions/refarch.fish',
  ].join('\n'),
  options: {},
  run({ positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('completion takes one shell: bash, zsh or fish');
    const shell = positionals[0]!;
    if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`completion supports ${SHELLS.join(', ')}, not ${JSON.stringify(shell)}`);
    const list = entries();
    const script = { bash, zsh, fish }[shell as Shell](list);
    io.out(script);
    return EXIT.ok;
  },
});
