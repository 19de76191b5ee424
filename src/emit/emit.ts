// emit: every file refarch writes is written atomically, so a failed run leaves what was on disk
// byte-identical. One file (a diagram, a starter spec) goes to a temporary sibling renamed over the
// target. The output folder is written into a temporary sibling and swapped in with renames, so a
// good run leaves no stale stacks; what the caller names as the user's (Terraform's working data,
// tfvars, plan files) is moved from the previous output into the new one, never dropped.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import { inspectOutput } from './workspace';

export class OutputDirError extends Error {}
export class OutputFileError extends Error {}

/** Writes one file through a temporary sibling and a rename: a reader never sees half a file. */
export function writeFileAtomically(file: string, content: string | Uint8Array, options: { readonly overwrite: boolean } = { overwrite: true }): string {
  const target = resolvePath(file);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new OutputFileError(`${file} is a directory; give a file name`);
    if (!options.overwrite) throw new OutputFileError(`${file} already exists; refusing to overwrite it (remove it or choose another -o path)`);
  }
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(target)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    if (!options.overwrite && existsSync(target)) throw new OutputFileError(`${file} already exists; refusing to overwrite it (remove it or choose another -o path)`);
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return target;
}

/**
 * Which previous outputs a command may replace: those whose manifest.json `owns` accepts (parsed
 * JSON), named `kind` in the refusal. synth and config both write a manifest.json; each replaces
 * only its own kind of folder, never the other's.
 */
export interface ManifestOwner {
  readonly kind: string;
  readonly owns: (manifest: unknown) => boolean;
}

/**
 * Refuses to replace anything that is not a previous refarch/cdktf output (never `-o .` or `-o ~`),
 * nor, given an owner, another command's output.
 */
function checkReplaceable(outdir: string, owner: ManifestOwner | undefined): void {
  if (!existsSync(outdir)) return;
  const stat = statSync(outdir);
  if (!stat.isDirectory()) throw new OutputDirError(`${outdir} exists and is not a directory; choose another output path`);
  const entries = readdirSync(outdir);
  if (entries.length > 0 && !entries.includes('manifest.json')) {
    throw new OutputDirError(`${outdir} exists, is not empty and holds no manifest.json, so it is not a previous ${owner?.kind ?? 'refarch'} output; refusing to replace it (choose a new or empty folder with -o)`);
  }
  if (owner === undefined || !entries.includes('manifest.json')) return;
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (!owner.owns(manifest)) {
    throw new OutputDirError(`${outdir} holds another output of refarch (its manifest.json is not a ${owner.kind} manifest); refusing to replace it, choose another -o path`);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Moves each relative path from `from` into `to`, creating parent folders; links move as links. */
function moveEntries(from: string, to: string, paths: readonly string[]): void {
  for (const rel of paths) {
    if (!exists(join(from, rel))) continue;
    mkdirSync(dirname(join(to, rel)), { recursive: true });
    renameSync(join(from, rel), join(to, rel));
  }
}

/**
 * Runs `write(tmpDir)` and, when it succeeds, swaps tmpDir in as `outdir`, then moves the entries
 * `carryOver` names (relative paths in the previous output) into it. When `write` throws, or it
 * wrote where a carried entry lives, the temporary folder is removed and `outdir` is untouched.
 */
export function replaceDirAtomically<T>(outdir: string, write: (tmpDir: string) => T, carryOver: readonly string[] = [], owner?: ManifestOwner): T {
  const target = resolvePath(outdir);
  checkReplaceable(target, owner);
  const parent = dirname(target);
  sweepInterrupted(parent, basename(target));
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
    const clash = carryOver.find((rel) => exists(join(tmp, rel)));
    if (clash !== undefined) {
      throw new OutputDirError(`${join(target, clash)} is not a file refarch wrote, but refarch now writes one at that path; move it out of the output folder and run again`);
    }
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
  if (hadPrevious) {
    // Killed from here on, the user's entries not yet moved wait in `.old-`: the next run's sweep
    // moves them into the output before it removes that folder.
    moveEntries(old, target, carryOver);
    rmSync(old, { recursive: true, force: true });
  }
  return result;
}

/**
 * Finishes what interrupted runs left beside `outdir` (see sweepInterrupted). Call it before
 * deciding what to carry over from the output, since it may move the user's files back into it.
 */
export function recoverInterrupted(outdir: string): void {
  const target = resolvePath(outdir);
  sweepInterrupted(dirname(target), basename(target));
}

/**
 * Removes the temporary siblings of runs that were interrupted (Ctrl-C, SIGKILL, a crash) and so
 * could not clean up: `.<name>.new-<pid>-<stamp>` and `.<name>.old-<pid>-<stamp>` whose process is
 * gone. A sibling of a process still running on this machine is left alone.
 */
function sweepInterrupted(parent: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(new|old)-(\d+)-[0-9a-z]+$/.exec(entry.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    // Killed between its two renames, a run leaves the previous output only in `.old-`: keep it
    // while there is no output to take its place.
    if (m[1] === 'old' && !existsSync(join(parent, name))) continue;
    // Killed while carrying the user's entries over: finish the move before removing the folder.
    if (m[1] === 'old') recoverUserEntries(join(parent, entry), join(parent, name));
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

/** Moves the user's entries of an interrupted run's `.old-` folder into the output, where they are missing. */
function recoverUserEntries(oldDir: string, target: string): void {
  const previous = inspectOutput(oldDir);
  if (previous === undefined) return;
  moveEntries(oldDir, target, previous.foreign.filter((rel) => !exists(join(target, rel))));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
