// emit: replace the output folder atomically. The new output is written into a temporary sibling
// and swapped in with renames, so a failed run leaves the previous output byte-identical and a
// good run leaves no stale stacks.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';

export class OutputDirError extends Error {}

/** Refuses to replace anything that is not a previous refarch/cdktf output (never `-o .` or `-o ~`). */
function checkReplaceable(outdir: string): void {
  if (!existsSync(outdir)) return;
  const stat = statSync(outdir);
  if (!stat.isDirectory()) throw new OutputDirError(`${outdir} exists and is not a directory; choose another output path`);
  const entries = readdirSync(outdir);
  if (entries.length > 0 && !entries.includes('manifest.json')) {
    throw new OutputDirError(`${outdir} exists, is not empty and holds no manifest.json, so it is not a previous synth output; refusing to replace it`);
  }
}

/**
 * Runs `write(tmpDir)` and, when it succeeds, swaps tmpDir in as `outdir`. When it throws, the
 * temporary folder is removed and `outdir` is untouched.
 */
export function replaceDirAtomically<T>(outdir: string, write: (tmpDir: string) => T): T {
  const target = resolvePath(outdir);
  checkReplaceable(target);
  const parent = dirname(target);
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = join(parent, `.${basename(target)}.new-${stamp}`);
  const old = join(parent, `.${basename(target)}.old-${stamp}`);
  // A parent that is a file, or a folder nobody may write to, is the user's path to change (exit
  // 2), not an internal error.
  try {
    mkdirSync(parent, { recursive: true });
    mkdirSync(tmp);
  } catch (error) {
    throw new OutputDirError(`cannot create the output folder ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'} in ${parent}); choose another output path`);
  }
  let result: T;
  try {
    result = write(tmp);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = existsSync(target);
  if (hadPrevious) renameSync(target, old);
  try {
    renameSync(tmp, target);
  } catch (error) {
    if (hadPrevious) renameSync(old, target);
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  if (hadPrevious) rmSync(old, { recursive: true, force: true });
  return result;
}
