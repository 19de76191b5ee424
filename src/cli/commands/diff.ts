import { existsSync, readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { classify } from '../../change/classify';
import { changeFindings } from '../../change/rules';
import { recordsOfManifest } from '../../change/volume-records';
import { buildDiff, formatDiffText } from '../../report/diff';
import { buildPlan } from '../../report/plan';
import { checkSpecArgument, modelFromFile, specName } from '../spec-input';
import { cachedPriceSource, priceCacheDir } from '../price-cache';
import type { DeploymentModel } from '../../model/model';
import type { SynthesizedStack } from '../../synth/index';
import { formatDiagnostic, hasErrors, sortDiagnostics } from '../../model/diagnostics';
import { place } from '../../validate/validate';
import { EXIT, UsageError, type Io } from '../io';
import type { Command } from '../command';

export const diffCommand: Command = {
  summary: 'what Terraform will create, update, replace or delete when a spec changes, its effect on the servers, the change rules, and the cost delta',
  usage: [
    'Usage: refarch diff <old.yaml> <new.yaml> [--format text|json] [--strict] [--rename] [--allow-data-loss] [--out <dir>] [--cache-dir <dir>]',
    '',
    'Synthesizes both specs and says, per stack and resource, what terraform plan will do: create,',
    'update, replace (with the arguments that force it, from the AWS provider\'s source) or delete,',
    'and moves (`moved` blocks). Each change says its effect on the running system: none, restart',
    '(stop/start, e.g. instance type) or replace (new server or volume: the data on it is lost), and',
    'the tier and mirror member it touches. Totals count as terraform plan counts. Then the change rules:',
    '  change.data-replaced (error)        a database, journal or WIJ volume or a mirror member replaced or destroyed',
    '  change.volume-shrink (error)        a volume gets smaller',
    '  change.rename (error)               the deployment name changes (unless --rename)',
    '  change.zone-shift (error)           zones added or removed move deployed zones to other subnet slots',
    '  change.mirror-pair-restart (warning) both failover members, or a whole tier, restart in one apply',
    '  change.volume-modify-wait (warning) a volume modified again within 6 hours (needs --out)',
    'and the estimated monthly cost delta (as refarch plan prices it). Warnings are the new spec\'s; the old',
    'spec (the deployed one) is checked for errors only.',
    '',
    '  --strict           warnings fail too (exit 1)',
    '  --rename           the rename is deliberate: print exactly what moves instead of refusing',
    '  --allow-data-loss  a deliberate decommission: do not refuse destroying data volumes or members',
    '  --out <dir>        the deployment\'s output folder: its manifest.json records volume modifications',
    '',
    'Exit codes: 0 no change, 3 changes found, 1 an invalid spec or a change rule refuses, 2 usage or unreadable input.',
  ].join('\n'),
  options: {
    format: { type: 'string', default: 'text' },
    'cache-dir': { type: 'string' },
    strict: { type: 'boolean', default: false },
    rename: { type: 'boolean', default: false },
    'allow-data-loss': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
  optionValues: { format: ['text', 'json'] },
  run({ values, positionals }, io) {
    // cdktf is loaded only when diff runs (validate and plan never pay for it).
    return runDiff(values, positionals, io, (model) => (require('../../synth/index') as typeof import('../../synth/index')).synthesizeObjects(model));
  },
};

/** The manifest.json of an output folder, parsed, or undefined. */
export function readManifest(dir: string): unknown {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The command with the synthesizer passed in (tests pass the imported one). `now` for tests of the six-hour rule. */
export function runDiff(values: Record<string, unknown>, positionals: readonly string[], io: Io, synthesize: (model: DeploymentModel) => SynthesizedStack[], now: Date = new Date()): number {
  const format = String(values['format'] ?? 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  if (positionals.length !== 2) throw new UsageError('diff takes exactly two spec files: <old.yaml> <new.yaml>');
  const [oldFile, newFile] = positionals as [string, string];
  if (oldFile === '-' && newFile === '-') throw new UsageError('standard input (-) can be only one of the two specs');
  let manifest: unknown;
  if (values['out'] !== undefined) {
    const dir = resolvePath(io.cwd, String(values['out']));
    manifest = readManifest(dir);
    if (manifest === undefined) throw new UsageError(`--out ${String(values['out'])}: no readable manifest.json there (give the folder refarch synth wrote)`);
  }
  const before = modelFromFile(oldFile, io, 'nothing was compared', { warnings: false });
  if (!before.ok) return before.code;
  // The new spec is read here (not through modelFromFile) to place the change rules' findings in it.
  const checked = checkSpecArgument(newFile, io);
  if (checked.model === undefined || checked.loaded === undefined || hasErrors(checked.diagnostics)) {
    const after = modelFromFile(newFile, io, 'nothing was compared');
    return after.ok ? EXIT.invalid : after.code;
  }
  for (const d of checked.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  const after = { model: checked.model };
  const prices = { prices: cachedPriceSource(priceCacheDir(process.env, io.cwd, values['cache-dir'] as string | undefined), io.err) };
  const oldStacks = synthesize(before.model);
  const newStacks = synthesize(after.model);
  const classification = classify(oldStacks, newStacks, before.model, after.model);
  const findings = changeFindings({
    before: before.model,
    after: after.model,
    changes: classification,
    allowDataLoss: values['allow-data-loss'] === true,
    rename: values['rename'] === true,
    volumeRecords: recordsOfManifest(manifest),
    now,
  });
  const diagnostics = sortDiagnostics(place({ ...checked.loaded, file: specName(newFile) }, findings));
  const diff = buildDiff(oldFile, newFile, oldStacks, newStacks, buildPlan(before.model, prices), buildPlan(after.model, prices), classification, diagnostics);
  if (format === 'json') io.out(`${JSON.stringify(diff, null, 2)}\n`);
  else io.out(formatDiffText(diff, io.color));
  if (values['rename'] === true && classification.rename !== undefined) {
    io.err(`refarch: --rename: the state of ${classification.rename.from} stays where it is with its ${classification.rename.orphaned} resources; ${classification.rename.to} starts from empty state and creates the ${classification.totals.add} resources listed above. Move or destroy the old deployment deliberately (README "Changing a deployment").\n`);
  }
  const failing = hasErrors(diagnostics) || (values['strict'] === true && diagnostics.length > 0);
  if (failing) {
    io.err(`refarch: ${hasErrors(diagnostics) ? 'the change is refused' : 'the change has warnings and --strict makes them fail'}: ${[...new Set(diagnostics.map((d) => d.rule))].join(', ')}\n`);
    return EXIT.invalid;
  }
  return diff.changes ? EXIT.changes : EXIT.ok;
}
