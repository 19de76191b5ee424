import { buildDiff, formatDiffText } from '../../report/diff';
import { buildPlan } from '../../report/plan';
import { modelFromFile } from '../spec-input';
import { cachedPriceSource, priceCacheDir } from '../price-cache';
import type { DeploymentModel } from '../../model/model';
import type { SynthesizedStack } from '../../synth/index';
import { EXIT, UsageError, type Io } from '../io';
import type { Command } from '../command';

export const diffCommand: Command = {
  summary: 'compare the Terraform of two specs (added, changed, removed) and the cost delta',
  usage: [
    'Usage: refarch diff <old.yaml> <new.yaml> [--format text|json] [--cache-dir <dir>]',
    '',
    'Synthesizes both specs and compares every resource address (type.name; data sources, outputs,',
    'variables and providers too) per stack: added, removed, or changed (same address, different',
    'body; cdktf\'s "//" metadata is ignored). Also prints the estimated monthly cost delta, priced as',
    'plan prices (the `refarch prices` cache when there is one, else the bundled tables).',
    '',
    'Exit codes: 0 no change, 3 changes found, 1 an invalid spec, 2 usage or unreadable input.',
  ].join('\n'),
  options: { format: { type: 'string', default: 'text' }, 'cache-dir': { type: 'string' } },
  optionValues: { format: ['text', 'json'] },
  run({ values, positionals }, io) {
    // cdktf is loaded only when diff runs (validate and plan never pay for it).
    return runDiff(values, positionals, io, (model) => (require('../../synth/index') as typeof import('../../synth/index')).synthesizeObjects(model));
  },
};

/** The command with the synthesizer passed in (tests pass the imported one). */
export function runDiff(values: Record<string, unknown>, positionals: readonly string[], io: Io, synthesize: (model: DeploymentModel) => SynthesizedStack[]): number {
  const format = String(values['format'] ?? 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  if (positionals.length !== 2) throw new UsageError('diff takes exactly two spec files: <old.yaml> <new.yaml>');
  const [oldFile, newFile] = positionals as [string, string];
  if (oldFile === '-' && newFile === '-') throw new UsageError('standard input (-) can be only one of the two specs');
  const before = modelFromFile(oldFile, io, 'nothing was compared');
  const after = modelFromFile(newFile, io, 'nothing was compared');
  if (!before.ok || !after.ok) return Math.max(before.ok ? 0 : before.code, after.ok ? 0 : after.code);
  const prices = { prices: cachedPriceSource(priceCacheDir(process.env, io.cwd, values['cache-dir'] as string | undefined), io.err) };
  const diff = buildDiff(oldFile, newFile, synthesize(before.model), synthesize(after.model), buildPlan(before.model, prices), buildPlan(after.model, prices));
  if (format === 'json') io.out(`${JSON.stringify(diff, null, 2)}\n`);
  else io.out(formatDiffText(diff, io.color));
  return diff.changes ? EXIT.changes : EXIT.ok;
}
