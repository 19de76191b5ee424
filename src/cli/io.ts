// What the CLI writes and how: a small seam so tests can capture output without spawning, and the
// one layer through which the process's own streams are written and standard input is read.
//
// Output: every write goes through a GuardedStream, which never throws and never lets Node's
// stream raise an unhandled 'error' (a stack trace). What went wrong is kept and judged once, when
// the command has finished (main.ts, outputOutcome): a reader that went away (EPIPE, as in
// `refarch schema | head -c1`) ends the command quietly with its own exit code, as every Unix tool
// does; any other write error (ENOSPC on /dev/full, EIO, EFBIG) gives one line on stderr and exit 2.
// After the first failure the stream takes no more writes: the rest of the output has nowhere to go.
//
// Input: standard input is read only when a spec argument is `-`, at most MAX_SPEC_BYTES + 1 bytes
// (the loader refuses more), and only from a file, pipe, socket or terminal: a directory or a
// device (`< /tmp`, `< /dev/zero`) is an input error (exit 2), not an internal one.
import { fstatSync, readSync } from 'node:fs';
import { isatty } from 'node:tty';
import { MAX_SPEC_BYTES } from '../load/load';

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
  /** Waits for the output written so far and says how it ended (the process's streams only). */
  finish?(): Promise<{ readonly out: StreamOutcome; readonly err: StreamOutcome }>;
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
  const stdout = new GuardedStream(process.stdout);
  const stderr = new GuardedStream(process.stderr);
  return {
    out: (text) => stdout.write(text),
    err: (text) => stderr.write(text),
    color: colorWanted(process.env, tty, options.noColor === true),
    cwd: process.cwd(),
    columns: tty && process.stdout.columns > 0 ? process.stdout.columns : undefined,
    readStdin: () => readStandardInput(),
    finish: async () => ({ out: await stdout.finish(), err: await stderr.finish() }),
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

/** A failed write to a standard stream, in words: "no space left on the device (ENOSPC)". */
export function writeProblem(error: NodeJS.ErrnoException): string {
  const code = error.code ?? 'unknown error';
  return `${ENVIRONMENT_ERRORS[code] ?? error.message.split('\n')[0]} (${code})`;
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

/** How a stream's writes ended: all written, the reader went away, or a write failed. */
export type StreamOutcome = { readonly kind: 'ok' } | { readonly kind: 'closed' } | { readonly kind: 'failed'; readonly error: NodeJS.ErrnoException };

/** Errors that say the reader of a pipe or socket is gone: nothing more can be delivered, and nothing is wrong. */
const READER_GONE = new Set(['EPIPE', 'ECONNRESET']);

export class GuardedStream {
  private outcome: StreamOutcome = { kind: 'ok' };
  private pending = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly stream: NodeJS.WritableStream) {
    // Node emits a failed write's error on the stream as well as to its callback; unheard, it
    // would end the process with a stack trace.
    stream.on('error', (error: NodeJS.ErrnoException) => this.fail(error));
  }

  write(text: string): void {
    if (this.outcome.kind !== 'ok' || text.length === 0) return;
    this.pending++;
    try {
      this.stream.write(text, (error?: Error | null) => {
        if (error) this.fail(error as NodeJS.ErrnoException);
        this.settled();
      });
    } catch (error) {
      this.fail(error as NodeJS.ErrnoException);
      this.settled();
    }
  }

  /** Resolves when every write so far has reached the operating system or failed. */
  async finish(): Promise<StreamOutcome> {
    if (this.pending > 0 && this.outcome.kind === 'ok') await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.outcome;
  }

  private fail(error: NodeJS.ErrnoException): void {
    // ERR_STREAM_DESTROYED and friends follow a first failure, which is the one to tell.
    if (this.outcome.kind !== 'ok') return;
    this.outcome = READER_GONE.has(error.code ?? '') ? { kind: 'closed' } : { kind: 'failed', error };
    this.release();
  }

  private settled(): void {
    this.pending--;
    if (this.pending <= 0) this.release();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * Standard input as a spec: refused when it is a directory or a device other than a terminal,
 * read up to one byte past the spec size limit (so `< /dev/zero` through a pipe ends too).
 */
export function readStandardInput(fd = 0): Buffer {
  let stat;
  try {
    stat = fstatSync(fd);
  } catch (error) {
    throw new UsageError(`standard input cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); pipe the spec in, as in: refarch validate - < spec.yaml`);
  }
  if (stat.isDirectory()) throw new UsageError('standard input is a directory, not a spec; pipe a spec file in, as in: refarch validate - < spec.yaml');
  if ((stat.isCharacterDevice() && !isatty(fd)) || stat.isBlockDevice()) {
    throw new UsageError('standard input is a device, not a spec; pipe a spec file in, as in: refarch validate - < spec.yaml');
  }
  const limit = MAX_SPEC_BYTES + 1;
  const buffer = Buffer.alloc(limit);
  let length = 0;
  while (length < limit) {
    let n: number;
    try {
      n = readSync(fd, buffer, length, limit - length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A non-blocking pipe with nothing in it yet: wait a little for the writer.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      if (code === 'EISDIR') throw new UsageError('standard input is a directory, not a spec; pipe a spec file in, as in: refarch validate - < spec.yaml');
      throw error;
    }
    if (n === 0) break;
    length += n;
  }
  return buffer.subarray(0, length);
}
