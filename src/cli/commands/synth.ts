import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve as resolvePath } from 'node:path';
import { deploymentOfManifest, recordsOfManifest, volumeRecords } from '../../change/volume-records';
import { readManifest } from './diff';
import { OutputDirError, recoverInterrupted, replaceDirAtomically, type ManifestOwner } from '../../emit/emit';
import { requiredVariables, variableIsSet, writeHandoff, type WrittenStack } from '../../emit/handoff';
import { localStateDir, planOutput } from '../../emit/workspace';
import { stackIds, type DeploymentModel } from '../../model/model';
import { allowingDataLoss } from '../../resolve/resolve';
import type { Command } from '../command';
import { EXIT, UsageError, type Io } from '../io';
import { modelFromFile } from '../spec-input';

function summary(model: DeploymentModel, stacks: readonly WrittenStack[], outdir: string, notes: readonly string[], io: Io, env: NodeJS.ProcessEnv): string {
  const ids = stackIds(model);
  const lines = [`Synthesized ${ids.length} stack${ids.length === 1 ? '' : 's'} into ${outdir}:`];
  for (const site of [model.primary, model.dr]) {
    if (!site) continue;
    const tiers = new Map<string, number>();
    for (const i of site.instances) tiers.set(i.tier, (tiers.get(i.tier) ?? 0) + 1);
    const parts = [...tiers].map(([tier, n]) => `${n} ${tier}`);
    lines.push(`  ${site.stackId.padEnd(8)} ${site.region}: ${parts.join(', ')}${site.mirrors.length > 0 ? `; mirror${site.mirrors.length > 1 ? 's' : ''} ${site.mirrors.map((m) => m.name).join(', ')}` : ''}`);
  }
  if (model.link) lines.push(`  link     VPC peering ${model.link.primaryRegion} <-> ${model.link.drRegion} (async mirror traffic)`);
  if (model.dns) lines.push(`  dns      Route 53 failover record ${model.dns.fqdn}`);
  for (const note of notes) lines.push(`Note: ${note}`);
  if (model.decommission) {
    lines.push(
      'Note: --allow-data-loss: this output has no guards (no prevent_destroy on mirror members and their volumes, no deletion protection on load balancers, log bucket and backup vault deleted with their contents); a plan may now destroy databases. Apply it to turn the protection off, then destroy; or synth again without it to put the guards back.',
    );
  }
  const rel = relative(io.cwd, outdir) || '.';
  const stateDir = localStateDir(model, outdir);
  lines.push('', `Apply order: ${ids.join(', ')}; guide: ${rel}/README.md`);
  lines.push(stateDir !== undefined ? `State: ${relative(io.cwd, stateDir) || '.'}/<stack>.tfstate (local, outside the output; back it up)` : `State: s3://${model.state.backend === 's3' ? model.state.bucket : ''} (must exist before terraform init)`);
  // Only what is still missing: the user's tfvars files and TF_VAR_ variables are read as
  // deploy.sh check reads them.
  const vars = requiredVariables(stacks);
  const missing = vars.filter((v) => !variableIsSet(outdir, v.stack, v.name, env));
  if (missing.length > 0) {
    lines.push('Variables to set (TF_VAR_<name>, or stacks/<stack>/terraform.tfvars):');
    for (const v of missing) lines.push(`  ${v.stack.padEnd(8)} ${v.name}: ${v.description}`);
  }
  if (vars.length > missing.length) {
    const set = vars.length - missing.length;
    lines.push(`Variables: ${set === vars.length ? `all ${set}` : `${set} of ${vars.length}`} already set (TF_VAR_<name> or the stacks' terraform.tfvars / *.auto.tfvars).`);
  }
  if (model.dns?.createZone) {
    lines.push(`DNS: after applying dns, delegate ${model.dns.zoneName} to its name servers (terraform -chdir=${rel}/stacks/dns output name_servers) in the parent zone.`);
  }
  lines.push(`Next: ${rel}/deploy.sh check && ${rel}/deploy.sh apply`);
  return `${lines.join('\n')}\n`;
}

/** Adds `refarch.volumes` (settings and last modification of each database volume) to the manifest just written. */
function recordVolumes(dir: string, model: DeploymentModel, previous: ReturnType<typeof recordsOfManifest>): void {
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { refarch: Record<string, unknown> };
  manifest.refarch['volumes'] = volumeRecords(model, previous, new Date());
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** synth replaces a cdktf output (its manifest lists the stacks), never another command's folder (refarch config's). */
const SYNTH_OWNER: ManifestOwner = {
  kind: 'synth (cdktf)',
  owns: (manifest) => typeof manifest === 'object' && manifest !== null && typeof (manifest as { stacks?: unknown }).stacks === 'object',
};

export const synthCommand: Command = {
  summary: 'compile a spec into Terraform (cdktf.out/, one stack per region)',
  usage: [
    'Usage: refarch synth <spec.yaml> [-o dir] [--strict] [--remove-stack <stack>]... [--allow-data-loss] [--rename]',
    '',
    'Validates the spec, then writes the output folder (default cdktf.out/): stacks/<stack>/cdk.tf.json,',
    'manifest.json, a guide (README.md) and deploy.sh. The folder is replaced atomically: a failed run',
    'leaves the previous output untouched. Files refarch did not write there (.terraform/, lock files,',
    '*.tfvars, plan files) are carried over. Local state lives beside the folder, in',
    'terraform-state/<deployment>/, never inside it.',
    '',
    '  --strict               every warning fails too (exit 1), for pipelines',
    '  --remove-stack <id>    remove a stack the spec no longer has even though Terraform used it',
    '                         (destroy it first; its state file is kept)',
    '  --allow-data-loss      for a decommission only: no prevent_destroy on mirror members and their',
    '                         database, journal and WIJ volumes, no deletion protection on load',
    '                         balancers, log bucket and backup vault deleted with their contents;',
    '                         the next synth without it puts the guards back',
    '  --rename               replace an output whose manifest names another deployment (a deliberate',
    '                         rename: the new name\'s state starts empty; refarch diff --rename shows what moves)',
    '',
    'An output folder whose manifest.json names another deployment is refused (change.rename, exit 2).',
    'manifest.json records each database volume\'s settings and when a synth last changed them',
    '(refarch.volumes), for refarch diff --out (change.volume-modify-wait).'
  ].join('\n'),
  options: { output: { type: 'string', short: 'o', default: 'cdktf.out' }, strict: { type: 'boolean', default: false }, 'remove-stack': { type: 'string', multiple: true, default: [] }, 'allow-data-loss': { type: 'boolean', default: false }, rename: { type: 'boolean', default: false } },
  run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('synth takes exactly one spec file');
    const file = positionals[0]!;
    const outdir = resolvePath(io.cwd, String(values['output']));
    const removeStacks = (values['remove-stack'] as string[] | undefined) ?? [];
    const input = modelFromFile(file, io, 'nothing was written', { strict: values['strict'] === true });
    if (!input.ok) return input.code;
    const allowDataLoss = values['allow-data-loss'] === true;
    const model = allowDataLoss ? allowingDataLoss(input.model) : input.model;
    recoverInterrupted(outdir);
    const previousManifest = readManifest(outdir);
    const previousName = deploymentOfManifest(previousManifest);
    if (previousName !== undefined && previousName !== model.name && values['rename'] !== true) {
      io.err(`refarch: [change.rename] ${outdir} holds the output of deployment ${previousName}, and the spec names ${model.name}: every named resource would be created anew beside the old ones, and Terraform's state moves to a new place (the old one is left behind, still running). Keep name: ${previousName}, or rename deliberately with --rename (refarch diff --rename <old.yaml> <new.yaml> prints exactly what moves)\n`);
      io.err('refarch: nothing was written\n');
      return EXIT.usage;
    }
    const plan = planOutput(model, outdir, removeStacks, io.cwd);
    if (plan.problems.length > 0) {
      for (const problem of plan.problems) io.err(`refarch: ${problem}\n`);
      io.err('refarch: nothing was written\n');
      return EXIT.usage;
    }
    // cdktf is loaded only here: validate never pays for it.
    const { synthesizeTo } = require('../../synth/index') as typeof import('../../synth/index');
    let written: WrittenStack[];
    try {
      written = replaceDirAtomically(
        outdir,
        (tmp) => {
          synthesizeTo(model, tmp);
          const stacks = writeHandoff(model, tmp).stacks;
          recordVolumes(tmp, model, recordsOfManifest(previousManifest));
          return stacks;
        },
        plan.carry,
        SYNTH_OWNER,
      );
    } catch (error) {
      if (error instanceof OutputDirError) {
        io.err(`refarch: ${error.message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    io.out(summary(model, written, outdir, plan.notes, io, process.env));
    return EXIT.ok;
  },
};
