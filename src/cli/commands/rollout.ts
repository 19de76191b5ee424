import { classify } from '../../change/classify';
import { buildRollout, formatRollout } from '../../change/rollout';
import type { DeploymentModel } from '../../model/model';
import type { SynthesizedStack } from '../../synth/index';
import { modelFromFile } from '../spec-input';
import { UsageError, EXIT, type Io } from '../io';
import type { Command } from '../command';

export const rolloutCommand: Command = {
  summary: 'the ordered runbook for applying a spec change without stopping a mirror or a tier (backup first, fail over, one zone at a time)',
  usage: [
    'Usage: refarch rollout <old.yaml> <new.yaml> [--format text|json]',
    '',
    'Prints the steps that apply the change from old.yaml to new.yaml (already synthesized into the',
    'output folder) so that the service stays up: for a mirror, the backup member first',
    '(terraform apply -target=<exactly its resources>), wait until it is an active backup again, fail',
    'over, change the former primary, check again; web servers one availability zone at a time with',
    'the load balancer draining them; app and print servers one zone at a time; then everything else.',
    'Each step says how to verify it and when to stop. Targets are addresses of the synthesized Terraform.',
    '',
    'Exit codes: 0 runbook printed, 1 an invalid spec, 2 usage or unreadable input.',
  ].join('\n'),
  options: { format: { type: 'string', default: 'text' } },
  optionValues: { format: ['text', 'json'] },
  run({ values, positionals }, io) {
    return runRollout(values, positionals, io, (model) => (require('../../synth/index') as typeof import('../../synth/index')).synthesizeInMemory(model));
  },
};

export function runRollout(values: Record<string, unknown>, positionals: readonly string[], io: Io, synthesize: (model: DeploymentModel) => SynthesizedStack[]): number {
  const format = String(values['format'] ?? 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  if (positionals.length !== 2) throw new UsageError('rollout takes exactly two spec files: <old.yaml> <new.yaml>');
  const [oldFile, newFile] = positionals as [string, string];
  if (oldFile === '-' && newFile === '-') throw new UsageError('standard input (-) can be only one of the two specs');
  const before = modelFromFile(oldFile, io, 'no runbook was made', { warnings: false });
  const after = modelFromFile(newFile, io, 'no runbook was made');
  if (!before.ok || !after.ok) return Math.max(before.ok ? 0 : before.code, after.ok ? 0 : after.code);
  const newStacks = synthesize(after.model);
  const changes = classify(synthesize(before.model), newStacks, before.model, after.model);
  const rollout = buildRollout(oldFile, newFile, after.model, newStacks, changes);
  io.out(format === 'json' ? `${JSON.stringify(rollout, null, 2)}\n` : formatRollout(rollout));
  return EXIT.ok;
}
