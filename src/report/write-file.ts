// Writing a report file atomically: a temporary sibling, then a rename over the target, so a
// reader never sees half a file and a failed run leaves the previous file untouched.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export class OutputFileError extends Error {}

export function writeFileAtomically(file: string, content: string | Uint8Array, options: { readonly overwrite: boolean } = { overwrite: true }): string {
  const target = resolve(file);
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
