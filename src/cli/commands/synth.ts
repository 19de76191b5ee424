import { relative } from 'node:path';
import { replaceDirAtomically, OutputDirError } from '../../emit/emit';
import { APPLY_ORDER, type DeploymentModel } from '../../model/model';
import { formatDiagnostic, hasErrors } from '../../validate/diagnostics';
import { checkFile } from '../../validate/validate';
import { EXIT, UsageError, type Io } from '../io';
import type { Command } from '../main';
import { exitCodeFor } from './validate';


function summary(model: DeploymentModel, stacks: readonly string[], outdir: string, io: Io): string {
  const lines = [`Synthesized ${stacks.length} stack${stacks.length === 1 ? '' : 's'} into ${outdir}:`];
  for (const site of [model.primary, model.dr]) {
    if (!site) continue;
    const tiers = new Map<string, number>();
    for (const i of site.instances) tiers.set(i.tier, (tiers.get(i.tier) ?? 0) + 1);
    const parts = [...tiers].map(([tier, n]) => `${n} ${tier}`);
    lines.push(`  ${site.stackId.padEnd(8)} ${site.region}: ${parts.join(', ')}${site.mirrors.length > 0 ? `; mirror${site.mirrors.length > 1 ? 's' : ''} ${site.mirrors.map((m) => m.name).join(', ')}` : ''}`);
  }
  if (model.link) lines.push(`  link     VPC peering ${model.link.primaryRegion} <-> ${model.link.drRegion} (async mirror traffic)`);
  if (model.dns) lines.push(`  dns      Route 53 failover record ${model.dns.fqdn}`);
  const first = APPLY_ORDER.find((s) => stacks.includes(s)) ?? stacks[0] ?? 'primary';
  const rel = relative(io.cwd, outdir) || '.';
  lines.push('', `Next: terraform -chdir=${rel}/stacks/${first} init && terraform -chdir=${rel}/stacks/${first} plan`);
  if (stacks.length > 1) lines.push(`Apply order: ${APPLY_ORDER.filter((s) => stacks.includes(s)).join(', ')} (see README, "Stacks and apply order").`);
  return `${lines.join('\n')}\n`;
}

export const synthCommand: Command = {
  summary: 'compile a spec into Terraform (cdktf.out/, one stack per region)',
  usage:
    'Usage: refarch synth <spec.yaml> [-o dir]\n\nValidates the spec, then writes cdktf.out/ (manifest.json, stacks/<stack>/cdk.tf.json).\nThe output folder is replaced atomically: a failed run leaves the previous output untouched.',
  options: { output: { type: 'string', short: 'o', default: 'cdktf.out' } },
  run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('synth takes exactly one spec file');
    const file = positionals[0]!;
    const outdir = String(values['output']);
    const result = checkFile(file);
    for (const d of result.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    if (hasErrors(result.diagnostics) || result.model === undefined) {
      io.err(`refarch: ${file} is invalid; nothing was written\n`);
      return exitCodeFor(result.diagnostics) || EXIT.invalid;
    }
    const model = result.model;
    // cdktf is loaded only here: validate never pays for it.
    const { synthesizeTo } = require('../../synth/index') as typeof import('../../synth/index');
    let stacks: string[];
    try {
      stacks = replaceDirAtomically(outdir, (tmp) => synthesizeTo(model, tmp));
    } catch (error) {
      if (error instanceof OutputDirError) {
        io.err(`refarch: ${error.message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    io.out(summary(model, stacks, require('node:path').resolve(io.cwd, outdir), io));
    return EXIT.ok;
  },
};
