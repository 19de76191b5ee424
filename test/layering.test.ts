// The layering of src/ (.dependency-cruiser.cjs): load -> validate -> resolve -> synth | report |
// emit -> cli, no cycles, cdktf only in the synthesizer and only through src/synth/cdktf.ts. Checked
// by dependency-cruiser over the TypeScript sources (type-only imports included), and shown to
// catch planted violations in a scratch tree laid out like src/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures/hostile/harness';

const ROOT = join(__dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

function cruise(cwd: string): Violation[] {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(run.stdout, run.stderr).not.toBe('');
  const result = JSON.parse(run.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  expect(result.summary.totalCruised).toBeGreaterThan(0);
  return result.summary.violations;
}

let scratch: string | undefined;
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('layering of src/', () => {
  it('has no violation: no cycle, no stage importing a later one, cdktf only behind src/synth/cdktf.ts', () => {
    expect(cruise(ROOT).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  }, 60_000);

  it('catches planted violations of every kind', () => {
    scratch = tempDir('layering');
    const files: Record<string, string> = {
      'src/model/model.ts': "export type Model = { name: string };\n",
      'src/load/load.ts': "import { main } from '../cli/main';\nexport const load = (): unknown => main;\n",
      'src/cli/main.ts': "import { load } from '../load/load';\nexport const main = (): unknown => load;\n",
      'src/validate/rules.ts': "import type { Plan } from '../report/plan';\nexport type Rule = Plan;\n",
      'src/report/plan.ts': "import { App } from 'cdktf';\nexport type Plan = { app: typeof App };\nexport const app = App;\n",
      'src/synth/site.ts': "import { TerraformStack } from 'cdktf';\nexport const stack = TerraformStack;\n",
      'src/synth/cdktf.ts': "export { App } from 'cdktf';\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(scratch, '.dependency-cruiser.cjs'));
    copyFileSync(join(ROOT, 'tsconfig.json'), join(scratch, 'tsconfig.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'));
    const found = cruise(scratch).map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-circular: src\/(load\/load|cli\/main)\.ts -> src\/(cli\/main|load\/load)\.ts$/),
        'load-imports-no-later-stage: src/load/load.ts -> src/cli/main.ts',
        'nothing-imports-cli: src/load/load.ts -> src/cli/main.ts',
        'validate-imports-no-later-stage: src/validate/rules.ts -> src/report/plan.ts',
        expect.stringMatching(/^cdktf-only-in-synth: src\/report\/plan\.ts -> node_modules\/cdktf\//),
        expect.stringMatching(/^bindings-through-one-module: src\/synth\/site\.ts -> node_modules\/cdktf\//),
      ]),
    );
    expect(found.some((f) => f.startsWith('bindings-through-one-module: src/synth/cdktf.ts'))).toBe(false);
  }, 60_000);
});
