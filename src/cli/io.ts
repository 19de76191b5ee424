// What the CLI writes and how: a small seam so tests can capture output without spawning.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour only on a TTY and without NO_COLOR. */
  readonly color: boolean;
  readonly cwd: string;
}

export function processIo(): Io {
  const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env['TERM'] !== 'dumb';
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    color,
    cwd: process.cwd(),
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
