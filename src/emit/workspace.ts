// What an existing output folder holds besides refarch's own files. refarch owns exactly the files
// its manifest lists (`refarch.files`; an output of an older refarch: manifest.json and each
// stack's cdk.tf.json). Everything else -- Terraform's `.terraform/` and lock files, plan files,
// the user's `*.tfvars`, old-layout state files -- is the user's: synth carries it over into the
// new output or refuses to run, and never deletes it by surprise.
import { accessSync, constants, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { APPLY_ORDER, stackIds, type DeploymentModel } from '../model/model';

/** The part of manifest.json refarch reads back. */
interface ManifestShape {
  readonly stacks?: Record<string, unknown>;
  readonly refarch?: { readonly files?: readonly string[] };
}

export interface PreviousOutput {
  readonly dir: string;
  /** Stack ids of the previous output (its manifest). */
  readonly stacks: readonly string[];
  /** Relative '/'-separated paths refarch wrote there. */
  readonly owned: ReadonlySet<string>;
  /** Top-most relative paths of everything else (files, folders and links as a whole), sorted. */
  readonly foreign: readonly string[];
}

function readManifest(dir: string): ManifestShape | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as ManifestShape) : undefined;
  } catch {
    return undefined;
  }
}

/** The previous output at `dir`, or undefined when there is none (absent, empty, or not an output). */
export function inspectOutput(dir: string): PreviousOutput | undefined {
  if (!existsSync(join(dir, 'manifest.json'))) return undefined;
  const manifest = readManifest(dir) ?? {};
  const stacks = Object.keys(manifest.stacks ?? {}).sort();
  const listed = manifest.refarch?.files;
  const owned = new Set<string>(Array.isArray(listed) ? listed.filter((f): f is string => typeof f === 'string') : ['manifest.json', ...stacks.map((s) => `stacks/${s}/cdk.tf.json`)]);
  owned.add('manifest.json');
  const foreign: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? entry : `${rel}/${entry}`;
      if (owned.has(path)) continue;
      const stat = lstatSync(join(dir, path));
      // Descend only into real folders that hold refarch's files (stacks/, stacks/<id>/).
      if (stat.isDirectory() && [...owned].some((o) => o.startsWith(`${path}/`))) walk(path);
      else foreign.push(path);
    }
  };
  walk('');
  return { dir, stacks, owned, foreign };
}

/** The foreign entries inside a stack's folder (and the folder itself when refarch wrote nothing in it). */
export function foreignInStack(previous: PreviousOutput, stack: string): string[] {
  return previous.foreign.filter((p) => p === `stacks/${stack}` || p.startsWith(`stacks/${stack}/`));
}

/** Signs in a stack folder that Terraform ran there: its working data or state. */
export function terraformTraces(entries: readonly string[]): string[] {
  return entries.filter((p) => /(^|\/)(\.terraform|\.terraform\.lock\.hcl|[^/]*\.tfstate(\.backup)?|errored\.tfstate)$/.test(p));
}

/** Whether a state file records any resource (unreadable or unparsable counts as yes: never guess "empty"). */
export function stateHasResources(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { resources?: unknown[] };
    return !Array.isArray(state.resources) || state.resources.length > 0;
  } catch {
    return true;
  }
}

/** What synth may do with an existing output folder, decided before anything is written. */
export interface OutputPlan {
  /** Entries of the previous output to move into the new one. */
  readonly carry: readonly string[];
  /** Each a reason to stop (exit 2, nothing changed), with what to do. */
  readonly problems: readonly string[];
  /** Said after a good run: what was removed on request, what was kept. */
  readonly notes: readonly string[];
}

/** The local state folder of the deployment, or undefined for a remote backend. */
export function localStateDir(model: DeploymentModel, outdir: string): string | undefined {
  return model.state.backend === 'local' ? join(dirname(outdir), model.state.directory) : undefined;
}

/** Why Terraform could not keep state in `dir` (a file in the way, a dangling link, no write permission), if anything. */
function stateDirProblem(dir: string, rel: (path: string) => string): string | undefined {
  // Check each folder from the state root down: the first one that exists decides.
  const parts = [dirname(dir), dir];
  for (const path of parts) {
    let link: string | undefined;
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) link = readlinkSync(path);
    } catch {
      continue;
    }
    let target;
    try {
      target = statSync(path);
    } catch {
      return `${rel(path)} is a symbolic link to ${link}, which does not exist; Terraform keeps this deployment's state under it: create ${link} or remove the link, then run again`;
    }
    if (!target.isDirectory()) return `${rel(path)} exists and is not a folder; Terraform keeps this deployment's state there: move it away, then run again`;
    try {
      accessSync(path, constants.W_OK | constants.X_OK);
    } catch {
      return `${rel(path)} is not writable; Terraform could not save state there after an apply: make it writable (chmod u+w ${rel(path)}), then run again`;
    }
  }
  return undefined;
}

/**
 * Decides, before anything is written, what becomes of an existing output at `outdir` when
 * `model` replaces it: which of the user's entries move over, and what must stop the run. Paths in
 * messages are relative to `cwd`.
 */
export function planOutput(model: DeploymentModel, outdir: string, removeStacks: readonly string[], cwd: string): OutputPlan {
  const problems: string[] = [];
  const notes: string[] = [];
  const next = stackIds(model);
  const rel = (path: string): string => relative(cwd, path) || '.';
  for (const id of removeStacks) {
    if ((next as readonly string[]).includes(id)) problems.push(`--remove-stack ${id}: the spec still has the ${id} stack; drop the option, or drop the stack from the spec`);
  }
  const stateDir = localStateDir(model, outdir);
  if (stateDir !== undefined) {
    const problem = stateDirProblem(stateDir, rel);
    if (problem !== undefined) problems.push(problem);
  }
  const previous = inspectOutput(outdir);
  if (previous === undefined) return { carry: [], problems, notes };

  const removed = previous.stacks.filter((id) => !(next as readonly string[]).includes(id));
  const blocking: string[] = [];
  for (const id of removed) {
    const theirs = foreignInStack(previous, id);
    const traces = terraformTraces(theirs);
    const stateFile = stateDir !== undefined ? join(stateDir, `${id}.tfstate`) : undefined;
    const applied = stateFile !== undefined && stateHasResources(stateFile);
    if (theirs.length === 0 && !applied) continue;
    if (removeStacks.includes(id)) {
      notes.push(`removed stack ${id} as asked (--remove-stack)${theirs.length > 0 ? `, with ${theirs.join(', ')}` : ''}${stateFile !== undefined && existsSync(stateFile) ? `; its state ${rel(stateFile)} is kept` : ''}`);
      continue;
    }
    blocking.push(id);
    const evidence = [...(traces.length > 0 ? traces : theirs), ...(applied ? [`state ${rel(stateFile!)} with resources`] : [])];
    problems.push(`the new spec has no ${id} stack, but the previous output's ${id} holds ${evidence.join(', ')}: Terraform has used it, and removing its folder would leave its resources with nothing to destroy them`);
  }
  if (blocking.length > 0) {
    const order = [...APPLY_ORDER].reverse().filter((id) => blocking.includes(id));
    problems.push(
      [
        // The stacks are guarded (prevent_destroy on mirror members and their volumes, deletion
        // protection on load balancers, a log bucket and backup vault that keep their contents):
        // a plain destroy fails on them. A decommission output turns the guards off in place first.
        `destroy ${order.length === 1 ? 'it' : 'them'} first, with the previous output still in place, then synthesize again:`,
        `  refarch synth <the spec that wrote ${rel(outdir)}> -o ${rel(outdir)} --allow-data-loss    # the same stacks with their guards off`,
        ...order.map((id) => `  terraform -chdir=${rel(join(outdir, 'stacks', id))} apply      # turns deletion protection off (in-place updates only)`),
        ...order.map((id) => `  terraform -chdir=${rel(join(outdir, 'stacks', id))} destroy`),
        `or keep the resources and remove the folder${order.length === 1 ? '' : 's'} anyway: ${order.map((id) => `--remove-stack ${id}`).join(' ')}`,
      ].join('\n'),
    );
  }
  // State of refarch before 0.2 lived inside the stack folders: Terraform would start afresh.
  if (stateDir !== undefined) {
    for (const id of next) {
      const legacy = `stacks/${id}/terraform.${id}.tfstate`;
      if (!previous.foreign.includes(legacy)) continue;
      const from = join(outdir, legacy);
      const to = join(stateDir, `${id}.tfstate`);
      problems.push(
        existsSync(to)
          ? `${rel(from)} is state in the old place (inside the output) and ${rel(to)} exists too: keep the one Terraform last wrote at ${rel(to)} and move the other away, then run again`
          : `${rel(from)} is state in the old place (inside the output); state now lives outside it. Move it first: mkdir -p ${rel(stateDir)} && mv ${rel(from)} ${rel(to)}${previous.foreign.includes(`${legacy}.backup`) ? ` && mv ${rel(from)}.backup ${rel(to)}.backup` : ''}`,
      );
    }
  }
  const dropped = new Set(removed);
  const carry = previous.foreign.filter((p) => {
    const m = /^stacks\/([^/]+)/.exec(p);
    return !(m && dropped.has(m[1]!));
  });
  return { carry, problems, notes };
}
