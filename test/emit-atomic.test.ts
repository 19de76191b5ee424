// Atomic output: a synth that fails for any reason -- an invalid spec, a writer that dies half-way,
// a disk that refuses the next byte, a process killed mid-write -- leaves the previous cdktf.out/
// byte-identical; a synth that succeeds replaces it whole (no stale stacks) and leaves no
// temporary siblings; a folder that is not a previous output is never replaced.
//
// In-process against replaceDirAtomically (the writer can be made to fail at any point), then
// through the built CLI with failures from outside the process only: no test hooks in the CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerCommand, run } from '../src/cli/main';
import { OutputDirError, replaceDirAtomically } from '../src/emit/emit';
import { synthesizeTo } from '../src/synth/index';
import { checkFile } from '../src/validate/validate';
import { builtCli, caseFolders, cleanEnv, ROOT, runCli, snapshotTree, STACK_TRACE } from './fixtures/hostile/harness';

const example = (name: string): string => join(ROOT, 'examples', name);
/** Temporary siblings replaceDirAtomically creates next to the output. */
const TEMP_SIBLING = /^\..*\.(new|old)-/;

/** A fresh folder under this file's temporary root (made before, removed after the file's tests). */
const folder = caseFolders('atomic');

/** A previous output of examples/minimal.yaml at <dir>/cdktf.out, written by the library. */
function previousOutput(dir: string): string {
  const out = join(dir, 'cdktf.out');
  const model = checkFile(example('minimal.yaml')).model!;
  replaceDirAtomically(out, (tmp) => synthesizeTo(model, tmp));
  expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  return out;
}

describe('replaceDirAtomically', () => {
  it('a writer that writes half the files and throws leaves the previous output byte-identical', () => {
    const dir = folder();
    const out = previousOutput(dir);
    const before = snapshotTree(dir);
    const model = checkFile(example('trakcare.yaml')).model!;
    expect(() =>
      replaceDirAtomically(out, (tmp) => {
        synthesizeTo(model, tmp);
        // Half of the new output is gone again, the rest is half-written garbage, then failure.
        const stacks = readdirSync(join(tmp, 'stacks'));
        for (const stack of stacks.slice(0, stacks.length / 2)) rmSync(join(tmp, 'stacks', stack), { recursive: true });
        writeFileSync(join(tmp, 'manifest.json'), '{"version": "0.21.0", "stacks": {');
        throw new Error('disk on fire');
      }),
    ).toThrow('disk on fire');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('a writer that finishes everything and then throws changes nothing either', () => {
    const dir = folder();
    const out = previousOutput(dir);
    const before = snapshotTree(dir);
    const model = checkFile(example('healthshare.yaml')).model!;
    expect(() =>
      replaceDirAtomically(out, (tmp) => {
        synthesizeTo(model, tmp);
        throw new Error('late failure');
      }),
    ).toThrow('late failure');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('a writer that succeeds replaces the output whole and leaves no temporary siblings', () => {
    const dir = folder();
    const out = join(dir, 'cdktf.out');
    replaceDirAtomically(out, (tmp) => synthesizeTo(checkFile(example('trakcare.yaml')).model!, tmp));
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['dns', 'dr', 'link', 'primary']);
    replaceDirAtomically(out, (tmp) => synthesizeTo(checkFile(example('minimal.yaml')).model!, tmp));
    expect(readdirSync(join(out, 'stacks'))).toEqual(['primary']);
    expect(readdirSync(dir)).toEqual(['cdktf.out']);
  });

  it('refuses a folder that is not a previous output, and never calls the writer', () => {
    const dir = folder();
    writeFileSync(join(dir, 'notes.txt'), 'precious');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'main.ts'), 'export {};\n');
    const before = snapshotTree(dir);
    let called = false;
    expect(() =>
      replaceDirAtomically(dir, () => {
        called = true;
      }),
    ).toThrow(OutputDirError);
    expect(called).toBe(false);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('refuses a file, and a path whose parent is a file, with an OutputDirError', () => {
    const dir = folder();
    writeFileSync(join(dir, 'a-file'), 'keep me');
    expect(() => replaceDirAtomically(join(dir, 'a-file'), () => undefined)).toThrow(OutputDirError);
    expect(() => replaceDirAtomically(join(dir, 'a-file', 'out'), () => undefined)).toThrow(OutputDirError);
    expect(readFileSync(join(dir, 'a-file'), 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual(['a-file']);
  });

  it('takes an existing empty folder', () => {
    const dir = folder();
    mkdirSync(join(dir, 'out'));
    replaceDirAtomically(join(dir, 'out'), (tmp) => writeFileSync(join(tmp, 'manifest.json'), '{}'));
    expect(readdirSync(join(dir, 'out'))).toEqual(['manifest.json']);
    expect(readdirSync(dir)).toEqual(['out']);
  });
});

describe('the synth command', () => {
  /** A previous output of minimal.yaml at <dir>/cdktf.out, written by the CLI. */
  async function cliPrevious(dir: string): Promise<void> {
    const run = await runCli(['synth', example('minimal.yaml')], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
  }

  it('an invalid spec leaves the previous output byte-identical', async () => {
    const dir = folder();
    await cliPrevious(dir);
    const before = snapshotTree(dir);
    // The spec lives in a folder of its own, so the output's folder holds nothing new.
    const specs = folder();
    writeFileSync(join(specs, 'invalid.yaml'), 'apiVersion: refarch/v1\nname: x\nprofile: cache\n');
    const run = await runCli(['synth', join(specs, 'invalid.yaml')], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('nothing was written');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('a file-size limit hit in the middle of writing the stacks leaves the previous output byte-identical and no temporary siblings', () => {
    const dir = folder();
    spawnSync(process.execPath, [builtCli(), 'synth', example('minimal.yaml')], { cwd: dir, env: cleanEnv() });
    const before = snapshotTree(dir);
    expect([...before.keys()]).toContain(join('cdktf.out', 'manifest.json'));
    // RLIMIT_FSIZE: the kernel refuses writes past 64 blocks (32-64 KiB): manifest.json fits, the
    // trakcare stacks (100+ KiB) do not. A failure from outside the process, mid-write.
    const result = spawnSync('/bin/sh', ['-c', 'ulimit -f 64 && exec "$0" "$@"', process.execPath, builtCli(), 'synth', example('trakcare.yaml'), '--rename'], {
      cwd: dir,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, `synth under the size limit; stderr: ${result.stderr}`).toBe(2);
    expect(result.stderr).toMatch(/^refarch: cannot write: a file would pass the file-size limit \(ulimit -f\) \(EFBIG\)\. Nothing already on disk was changed/);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(snapshotTree(dir)).toEqual(before);
    expect(readdirSync(dir).filter((f) => TEMP_SIBLING.test(f))).toEqual([]);
  });

  it('killed at any moment, the output is the previous one or the new one, whole', async () => {
    const bin = builtCli();
    const delays = [200, 600, 1_200, 2_500];
    for (const delay of delays) {
      const dir = folder();
      await cliPrevious(dir);
      const before = snapshotTree(dir);
      const child = spawn(process.execPath, [bin, 'synth', example('healthshare.yaml')], { cwd: dir, env: cleanEnv(), stdio: 'ignore' });
      const exited = new Promise<void>((resolveExit) => child.on('close', () => resolveExit()));
      setTimeout(() => child.kill('SIGKILL'), delay);
      await exited;
      const stacks = readdirSync(join(dir, 'cdktf.out', 'stacks')).sort();
      if (stacks.length === 1) expect(snapshotTree(join(dir, 'cdktf.out')), `killed after ${delay} ms: previous output changed`).toEqual(filterTree(before, 'cdktf.out'));
      else {
        expect(stacks, `killed after ${delay} ms: a mix of outputs`).toEqual(['dns', 'dr', 'link', 'primary']);
        for (const stack of stacks) JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8'));
        JSON.parse(readFileSync(join(dir, 'cdktf.out', 'manifest.json'), 'utf8'));
      }
      // A SIGKILLed run cannot remove its temporary folder; the next good synth sweeps it away.
      const next = await runCli(['synth', example('minimal.yaml')], { cwd: dir });
      expect(next.status, next.stderr).toBe(0);
      expect(readdirSync(dir), `killed after ${delay} ms, then a good synth: temporary siblings left`).toEqual(['cdktf.out']);
    }
  }, 120_000);

  it('interrupted with Ctrl-C (SIGINT): the previous output is intact and the next good synth leaves no temporary siblings', async () => {
    const dir = folder();
    await cliPrevious(dir);
    const before = snapshotTree(dir);
    const child = spawn(process.execPath, [builtCli(), 'synth', example('healthshare.yaml'), '--rename'], { cwd: dir, env: cleanEnv(), stdio: 'ignore' });
    const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));
    // Interrupt while it synthesizes (after the CLI has loaded, before it renames).
    setTimeout(() => child.kill('SIGINT'), 600);
    await exited;
    const afterInterrupt = snapshotTree(join(dir, 'cdktf.out'));
    const stacks = readdirSync(join(dir, 'cdktf.out', 'stacks'));
    if (stacks.length === 1) expect(afterInterrupt).toEqual(filterTree(before, 'cdktf.out'));
    const next = await runCli(['synth', example('trakcare.yaml'), '--rename'], { cwd: dir });
    expect(next.status, next.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['cdktf.out']);
  });

  it('a DR spec, then one without: stacks/dr, link and dns are gone, and no temporary siblings', async () => {
    const dir = folder();
    const first = await runCli(['synth', example('trakcare.yaml')], { cwd: dir });
    expect(first.status, first.stderr).toBe(0);
    expect(readdirSync(join(dir, 'cdktf.out', 'stacks')).sort()).toEqual(['dns', 'dr', 'link', 'primary']);
    // Another deployment replaces this output: deliberate (--rename; without it synth refuses, change.rename).
    const second = await runCli(['synth', example('minimal.yaml'), '--rename'], { cwd: dir });
    expect(second.status, second.stderr).toBe(0);
    expect(readdirSync(join(dir, 'cdktf.out', 'stacks'))).toEqual(['primary']);
    expect(readdirSync(dir)).toEqual(['cdktf.out']);
    const manifest = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toEqual(['primary']);
  });

  it('-o . in a folder of other files: exit 2, nothing lost', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'spec.yaml'), readFileSync(example('minimal.yaml')));
    writeFileSync(join(dir, 'README.md'), '# my project\n');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const before = snapshotTree(dir);
    const run = await runCli(['synth', 'spec.yaml', '-o', '.'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/refusing to replace it/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('-o <a folder with files but no manifest.json>: exit 2, nothing lost', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'build', 'stacks'), { recursive: true });
    writeFileSync(join(dir, 'build', 'stacks', 'important.tf'), 'resource "x" "y" {}\n');
    const before = snapshotTree(dir);
    const run = await runCli(['synth', example('minimal.yaml'), '-o', 'build'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('-o <a file>, and -o <a path under a file>: exit 2 with a message, the file intact', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'terraform.tfstate'), '{"version": 4}');
    for (const target of ['terraform.tfstate', join('terraform.tfstate', 'out')]) {
      const run = await runCli(['synth', example('minimal.yaml'), '-o', target], { cwd: dir });
      expect(run.status, `${target}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(/choose another output path/);
      expect(run.stderr).not.toMatch(/internal error/);
    }
    expect(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')).toBe('{"version": 4}');
    expect(readdirSync(dir)).toEqual(['terraform.tfstate']);
  });
});

function filterTree(tree: Map<string, string>, under: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, value] of tree) if (path.startsWith(`${under}/`)) out.set(path.slice(under.length + 1), value);
  return out;
}

describe('a machine that cannot take the output', () => {
  const silentIo = () => {
    const io = { out: '', err: '' };
    return { io, sink: { out: (t: string) => void (io.out += t), err: (t: string) => void (io.err += t), color: false, cwd: folder() } };
  };
  const failingWith = (code: string | undefined) => () => {
    const error = Object.assign(new Error(`${code ?? 'plain'}: simulated, write`), code === undefined ? {} : { code });
    throw error;
  };

  it.each([
    ['ENOSPC', /no space left on the device \(ENOSPC\)/],
    ['EDQUOT', /disk quota is used up \(EDQUOT\)/],
    ['EROFS', /read-only \(EROFS\)/],
    ['EACCES', /permission denied \(EACCES\)/],
    ['EIO', /input\/output error \(EIO\)/],
  ])('%s while writing: one plain line and exit 2, not an internal error', async (code, said) => {
    registerCommand('fail-writing', () => ({ summary: 'test', usage: 'test', options: {}, run: failingWith(code) }));
    const { io, sink } = silentIo();
    expect(await run(['fail-writing'], sink)).toBe(2);
    expect(io.err).toMatch(said);
    expect(io.err).toMatch(/^refarch: cannot write: .*Nothing already on disk was changed.*\n$/);
    expect(io.err).not.toContain('internal error');
  });

  it('an error that is not the machine\'s state is still an internal error (exit 70)', async () => {
    for (const code of [undefined, 'ENOENT', 'ERR_INVALID_ARG_TYPE']) {
      registerCommand('fail-writing', () => ({ summary: 'test', usage: 'test', options: {}, run: failingWith(code) }));
      const { io, sink } = silentIo();
      expect(await run(['fail-writing'], sink), String(code)).toBe(70);
      expect(io.err).toMatch(/^refarch: internal error: /);
    }
  });
});

describe('synthesizeTo when it fails', () => {
  it('restores Error.captureStackTrace, which it turns off while cdktf synthesizes', () => {
    const original = Error.captureStackTrace;
    const result = checkFile(example('minimal.yaml'));
    const notADirectory = join(folder(), 'file');
    writeFileSync(notADirectory, 'not a directory\n');
    expect(() => synthesizeTo(result.model!, join(notADirectory, 'out'))).toThrow();
    expect(Error.captureStackTrace).toBe(original);
    const probe: { stack?: string } = {};
    Error.captureStackTrace(probe);
    expect(probe.stack).toMatch(/\n\s+at /);
  });
});
