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
