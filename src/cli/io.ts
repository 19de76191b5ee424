// What the CLI writes and how: a small seam so tests can capture output without spawning.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout gets ANSI colour (see colorWanted). */
  readonly color: boolean;
  readonly cwd: string;
  /** Terminal width of stdout, when it is a terminal (tables fit it); undefined when piped. */
  readonly columns?: number | undefined;
  /** Everything on standard input, for `-` in place of a spec file. */
  readStdin?(): Buffer;
}

/**
 * Colour as the usual conventions have it: `--no-color` wins; then FORCE_COLOR (any value but
 * "0" or "false" forces it, those turn it off); then NO_COLOR (set and not empty: off, see
 * no-color.org); else only on a terminal that is not TERM=dumb.
 */
export function colorWanted(env: NodeJS.ProcessEnv, isTty: boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return isTty && env['TERM'] !== 'dumb';
}

export function processIo(options: { readonly noColor?: boolean } = {}): Io {
  const tty = Boolean(process.stdout.isTTY);
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    color: colorWanted(process.env, tty, options.noColor === true),
    cwd: process.cwd(),
    columns: tty && process.stdout.columns > 0 ? process.stdout.columns : undefined,
    readStdin: () => (require('node:fs') as typeof import('node:fs')).readFileSync(0),
  };
}

export const EXIT = {
  ok: 0,
  invalid: 1,
  usage: 2,
  /** diff: the two specs compile to different Terraform. */
  changes: 3,
  internal: 70,
} as const;

export class UsageError extends Error {}

/**
 * File-system failures that are the state of the machine (a full disk, a read-only mount, a file
 * size limit, permissions), not a defect of refarch: said plainly with exit 2 instead of the
 * internal-error report. Every writer is atomic, so nothing already on disk has changed.
 */
const ENVIRONMENT_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'a file would pass the file-size limit (ulimit -f)',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'the device reported an input/output error',
  EMFILE: 'too many open files (ulimit -n)',
  ENFILE: 'the system has too many open files',
};

/** The message for an environmental file-system error, or undefined for anything else. */
export function environmentProblem(error: unknown): string | undefined {
  const code = error !== null && typeof error === 'object' ? (error as NodeJS.ErrnoException).code : undefined;
  // bin/load-bundle.js: the synthesizer bundle is not from the CLI bundle's build.
  if (code === 'EREFARCHREBUILT') return (error as Error).message;
  const what = typeof code === 'string' ? ENVIRONMENT_ERRORS[code] : undefined;
  if (what === undefined) return undefined;
  return `cannot write: ${what} (${code}). Nothing already on disk was changed; free space or fix the permissions, or write elsewhere (-o), and run again`;
}

/**
 * refarch's version, from the nearest package.json named refarch above this file: the same code
 * runs from src/ (tests), dist/src/ (library) and dist/bundle/ (the CLI), at different depths.
 */
export function packageVersion(): string {
  const { existsSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const { dirname, join } = require('node:path') as typeof import('node:path');
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'refarch' && typeof pkg.version === 'string') return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}
