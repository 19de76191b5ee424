// Every shell script refarch generates passes `shellcheck -S warning`: deploy.sh, each server's
// user data and the scripts the user data writes (the day-one loader), refarch-apply from its SSM
// parameters, for every example synthesized
// by the built CLI (plus a variant with Online Backup, whose user data mounts an EFS share).
// Hospitals lint shell in their pipelines; a warning there is a defect here.
//
// ShellCheck is the Debian package (apt-get install -y shellcheck; .ci/run installs it). Without it
// these tests FAIL with a message saying so: they never skip.
//
// Options: -x follows `source` into the file named by a `# shellcheck source=` directive (the
// day-one env file beside refarch-apply, at its path on the server); -P SCRIPTDIR resolves that
// path from the script's folder. No check is excluded.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFolders, ROOT, runCli } from './fixtures/hostile/harness';
import { outputScripts, terraformStringValue } from './helpers/scripts';

const SHELLCHECK = process.env['SHELLCHECK'] ?? 'shellcheck';
const folder = caseFolders('shellcheck');

function requireShellcheck(): void {
  const probe = spawnSync(SHELLCHECK, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(`shellcheck is required to lint the generated scripts and was not found as "${SHELLCHECK}" (Debian: apt-get install -y shellcheck; .ci/run installs it; or set SHELLCHECK=/path/to/shellcheck)`);
  }
}

/** shellcheck's findings at severity warning and above, one line each (gcc format), or ''. */
function shellcheck(files: readonly string[]): string {
  requireShellcheck();
  const run = spawnSync(SHELLCHECK, ['-S', 'warning', '-x', '-P', 'SCRIPTDIR', '-f', 'gcc', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 && run.stdout === '') throw new Error(`shellcheck failed to run (exit ${run.status}): ${run.stderr}`);
  return run.stdout;
}

const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
const onlineBackup = readFileSync(join(ROOT, 'examples', 'trakcare.yaml'), 'utf8').replace('method: snapshot', 'method: online');

describe('generated shell passes shellcheck -S warning', () => {
  it('shellcheck is installed (the CI script installs it) and reports what it should', () => {
    const dir = folder();
    const bad = join(dir, 'bad.sh');
    writeFileSync(bad, '#!/bin/bash\nname=x\ngrep -q "^$name[[:space:]]*=" /etc/hosts\nfor try in 1 2; do :; done\n');
    const found = shellcheck([bad]);
    expect(found).toContain('SC1087');
    expect(found).toContain('SC2034');
  });

  it('a user-data string reads as the server gets it', () => {
    expect(terraformStringValue('a $${b} %%{c} ${aws_efs_file_system.x.id}:/ $(d)')).toBe('a ${b} %{c} tfvalue:/ $(d)');
  });

  it.each([...examples.map((file) => ({ name: file, text: readFileSync(join(ROOT, 'examples', file), 'utf8') })), { name: 'trakcare.yaml with backup.method online', text: onlineBackup }])(
    '$name: deploy.sh, every user data and every script it writes',
    async ({ text }) => {
      const dir = folder();
      writeFileSync(join(dir, 'spec.yaml'), text);
      const synth = await runCli(['synth', 'spec.yaml', '-o', 'out'], { cwd: dir });
      expect(synth.status, synth.stderr).toBe(0);
      const scripts = outputScripts(join(dir, 'out'), join(dir, 'scripts'));
      // deploy.sh, at least one user data, and refarch-apply: the extraction found them all.
      expect(scripts.map((s) => s.origin)).toContain('deploy.sh');
      expect(scripts.some((s) => s.origin.endsWith('user data'))).toBe(true);
      // refarch-apply travels in its SSM parameter(s); user data writes the loader that fetches it.
      expect(scripts.some((s) => s.origin.endsWith('(refarch-apply)'))).toBe(true);
      expect(scripts.some((s) => s.origin.endsWith('writes /opt/refarch/bin/refarch-day-one'))).toBe(true);
      const findings = shellcheck(scripts.map((s) => s.file));
      const named = scripts.reduce((text, s) => text.split(s.file).join(s.origin), findings);
      expect(named).toBe('');
    },
    120_000,
  );
});
