// The hand-off: what synth writes next to the stacks so that an engineer can take the output to
// Terraform without reading refarch's source. Computed from the resolved model and from the
// synthesized stacks themselves (their variables, providers and outputs), never re-derived:
//   manifest.json  cdktf's manifest with the real stack dependencies, no dangling paths, and a
//                  `refarch` section (apply order, state location, the files refarch owns)
//   README.md      the guide: stacks in apply order, prerequisites, variables to set, commands
//   deploy.sh      runs init/plan/apply (destroy in reverse) in order, prerequisites checked first
//   volumes/<stack>/<member>.json
//                  the Run Command parameters (AWS-RunShellScript) that grow a member's file systems
//                  and format and mount volumes added since first boot (config/volumes.ts)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { volumeRunCommand } from '../config/volumes';
import { sites, stackDependencies, stackIds, type DeploymentModel, type StackId } from '../model/model';

/** One stack as synth wrote it, as far as the hand-off needs it. */
export interface WrittenStack {
  readonly id: StackId;
  readonly json: {
    readonly variable?: Readonly<Record<string, { readonly description?: string; readonly default?: unknown }>>;
    readonly output?: Readonly<Record<string, { readonly description?: string }>>;
    readonly provider?: { readonly aws?: ReadonlyArray<{ readonly alias?: string; readonly region?: string }> };
  };
}

/** A variable a stack declares without a default: Terraform asks for it. */
export interface RequiredVariable {
  readonly stack: StackId;
  readonly name: string;
  readonly region: string;
  readonly description: string;
}

/** The files the hand-off writes, besides cdktf's stacks. */
export const HANDOFF_FILES = ['manifest.json', 'README.md', 'deploy.sh'] as const;

const STACK_PURPOSE: Record<StackId, string> = {
  dr: 'DR region: VPC, async members, reduced/full/no web and app tiers, its KMS key, VIP, backups, alarms',
  primary: 'primary region: VPC, web/app/print servers, failover mirror(s) and arbiter, VIP load balancers, backups, alarms',
  link: 'inter-region VPC peering and routes for async mirror traffic',
  dns: 'Route 53 failover records and mirror_status.cxw health checks',
};

/** Region of a stack's default provider (what it is planned against). */
function stackRegion(stack: WrittenStack): string {
  return stack.json.provider?.aws?.find((p) => p.alias === undefined)?.region ?? '';
}

/** Every variable without a default, per stack in apply order. */
export function requiredVariables(stacks: readonly WrittenStack[]): RequiredVariable[] {
  const out: RequiredVariable[] = [];
  for (const stack of stacks) {
    for (const [name, variable] of Object.entries(stack.json.variable ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      if (variable.default !== undefined) continue;
      out.push({ stack: stack.id, name, region: stackRegion(stack), description: variable.description ?? '' });
    }
  }
  return out;
}

/**
 * Whether the user has set a stack's variable, read the way deploy.sh's `variable_set` reads it
 * (the two must agree): `TF_VAR_<name>` not empty in the environment, or a line `<name> =` in the
 * stack's terraform.tfvars or one of its *.auto.tfvars (the files Terraform loads by itself).
 */
export function variableIsSet(outDir: string, stack: StackId, name: string, env: NodeJS.ProcessEnv): boolean {
  const fromEnv = env[`TF_VAR_${name}`];
  if (fromEnv !== undefined && fromEnv !== '') return true;
  const dir = join(outDir, 'stacks', stack);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f === 'terraform.tfvars' || f.endsWith('.auto.tfvars'));
  } catch {
    return false;
  }
  // grep -E "^[[:space:]]*name[[:space:]]*=" line by line: blanks other than the line break.
  const assigned = new RegExp(`^[^\\S\\n]*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\S\\n]*=`, 'm');
  return files.some((f) => {
    try {
      return assigned.test(readFileSync(join(dir, f), 'utf8'));
    } catch {
      return false;
    }
  });
}

/** The manifest: cdktf's, with the real dependencies, without the metadata paths cdktf never writes. */
export function manifestJson(model: DeploymentModel, cdktfManifest: { readonly version?: unknown }, files: readonly string[]): string {
  const deps = stackDependencies(model);
  const ids = stackIds(model);
  const stacks: Record<string, unknown> = {};
  for (const id of [...ids].sort()) {
    stacks[id] = { annotations: [], constructPath: id, dependencies: deps[id], name: id, synthesizedStackPath: `stacks/${id}/cdk.tf.json`, workingDirectory: `stacks/${id}` };
  }
  const state =
    model.state.backend === 'local'
      ? { backend: 'local', directory: model.state.directory, relativeTo: 'the folder that holds this output folder' }
      : { backend: 's3', bucket: model.state.bucket, region: model.state.region, keyPrefix: `${model.state.keyPrefix}/${model.name}` };
  const manifest = {
    refarch: { applyOrder: ids, deployment: model.name, files: [...files].sort(), state },
    stacks,
    version: cdktfManifest.version ?? 'unknown',
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The part of the guide that is the same for every deployment. The README's Terraform section
 * quotes it word for word (a test keeps the two equal).
 */
export const GUIDE_COMMON = `Everything refarch writes here is listed in \`manifest.json\` (\`refarch.files\`) and is replaced by
the next \`refarch synth\`. Anything else in this folder is yours and is carried over untouched:
Terraform's \`.terraform/\` folders and \`.terraform.lock.hcl\` files, your \`*.tfvars\`, plan files.
Put each stack's variables in \`stacks/<stack>/terraform.tfvars\` (Terraform reads it there) or export
them as \`TF_VAR_<name>\`.

With the local backend, Terraform keeps each stack's state in
\`terraform-state/<deployment>/<stack>.tfstate\` beside this folder, never inside it. Back that
folder up, keep it out of version control (it can hold sensitive values), and never delete it
while the stacks exist. When a new spec drops a stack that Terraform has initialised or applied,
\`refarch synth\` stops (exit 2) and prints the commands to destroy it first;
\`--remove-stack <stack>\` removes its folder anyway (its state file is kept).

\`./deploy.sh check\` checks the prerequisites: Terraform on the PATH, every variable a stack needs,
AWS credentials, the S3 state bucket (with the AWS CLI). \`./deploy.sh plan\`, \`apply\` and
\`destroy\` run \`terraform init\` and then that command in every stack in order (\`destroy\` in
reverse order); name stacks to limit them (\`./deploy.sh apply dr\`), and pass Terraform options
after \`--\` (\`./deploy.sh apply -- -auto-approve\`). A stack that reads another (see "reads") can
only be planned once that one is applied.`;

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const esc = (cell: string): string => cell.replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)];
}

/** One member's Run Command parameters file: where it goes, and how to run it. */
export interface VolumeCommand {
  readonly stack: StackId;
  readonly region: string;
  readonly instanceKey: string;
  /** The instance's Name tag (deployment, site and key: one instance). */
  readonly instanceName: string;
  /** Path in the output folder: volumes/<stack>/<instance key>.json. */
  readonly file: string;
  readonly commands: readonly string[];
}

/** Backup member before the designated primary (the order to run them in), asyncs in key order. */
const RUN_RANK: Readonly<Record<string, number>> = { backup: 0, async: 1, primary: 2 };

/** The volume Run Command of every mirror member, per site, backup member first. */
export function volumeCommands(model: DeploymentModel): VolumeCommand[] {
  return sites(model).flatMap((site) =>
    [...site.instances].sort((a, b) => (RUN_RANK[a.mirrorRole ?? ''] ?? 1) - (RUN_RANK[b.mirrorRole ?? ''] ?? 1)).flatMap((inst) => {
      const commands = volumeRunCommand(inst, model);
      return commands === undefined ? [] : [{ stack: site.stackId as StackId, region: site.region, instanceKey: inst.key, instanceName: inst.name, file: `volumes/${site.stackId}/${inst.key}.json`, commands }];
    }),
  );
}

/** The exact `aws ssm send-command` of one member, run from the output folder; the instance is found by its Name tag. */
export function volumeCommandLine(v: VolumeCommand): string {
  return [
    `aws ssm send-command --region ${v.region} --document-name AWS-RunShellScript`,
    `--targets Key=tag:Name,Values=${v.instanceName}`,
    `--parameters file://${v.file} --comment 'refarch: volumes of ${v.instanceKey}'`,
  ].join(' \\\n    ');
}

/** The guide's section on growing and adding volumes on running members. */
function volumeSection(model: DeploymentModel): string[] {
  const commands = volumeCommands(model);
  if (commands.length === 0) return [];
  return [
    '## Growing or adding a database volume',
    '',
    'Terraform grows an EBS volume in place (`sizeGiB` up; EBS never shrinks one) and creates and attaches a',
    'volume added to the spec, but the file system on a running server does not follow by itself (user data',
    'ran at first boot only). After `apply`, wait until the volume modification is `optimizing` or',
    '`completed` (`aws ec2 describe-volumes-modifications`), then run, backup member first, for each',
    'member whose volumes changed:',
    '',
    '```sh',
    ...commands.map((v) => volumeCommandLine(v)),
    '```',
    '',
    'Each runs `volumes/<stack>/<member>.json`, the first-boot volume script of that member as the spec is now:',
    'it grows every XFS file system to its volume (online), formats and mounts a volume added since (by UUID,',
    '`nofail`), and never formats a volume that holds a file system. Running it again changes nothing.',
    '',
  ];
}

/** The output folder's README.md. */
export function guideMarkdown(model: DeploymentModel, stacks: readonly WrittenStack[]): string {
  const deps = stackDependencies(model);
  const vars = requiredVariables(stacks);
  const order = stacks.map((s) => s.id);
  const lines: string[] = [
    `# ${model.name}: Terraform generated by refarch`,
    '',
    `Generated by \`refarch synth\` from the spec of deployment \`${model.name}\` (profile ${model.profile}, ${model.topology} model). Do not edit the`,
    'generated files: change the spec and synthesize again.',
    '',
    '## Stacks, in apply order',
    '',
    ...table(
      ['stack', 'region', 'reads', 'holds'],
      stacks.map((s) => [`\`${s.id}\``, stackRegion(s), deps[s.id].length > 0 ? deps[s.id].join(', ') : '-', STACK_PURPOSE[s.id]]),
    ),
    '',
    '## Before the first apply',
    '',
  ];
  const state = model.state;
  if (state.backend === 'local') {
    lines.push(`- State: local, in \`${state.directory}/<stack>.tfstate\` beside this folder (Terraform creates it).`);
  } else {
    lines.push(
      `- State: S3 bucket \`${state.bucket}\` in ${state.region}, keys \`${state.keyPrefix}/${model.name}/<stack>.tfstate\`, locked with a lock file (Terraform >= 1.10).`,
      '  The bucket must exist before `terraform init`: create it with versioning and encryption on, outside the primary region.',
    );
  }
  if (vars.length > 0) lines.push('- The variables below must be set; Terraform asks for any that is not.');
  if (model.dns) {
    lines.push(
      model.dns.createZone
        ? `- DNS: the \`dns\` stack creates the public zone \`${model.dns.zoneName}\`. After applying it, delegate to it: \`terraform -chdir=stacks/dns output name_servers\`, then add those name servers as the NS record of \`${model.dns.zoneName}\` in its parent zone. Until then \`${model.dns.fqdn}\` resolves nowhere.`
        : `- DNS: the public hosted zone \`${model.dns.zoneName}\` must already exist in this account (the \`dns\` stack looks it up).`,
    );
  }
  lines.push('- AWS credentials that may create these resources in every region named above.', '');
  if (vars.length > 0) {
    lines.push('## Variables to set', '', ...table(['stack', 'variable', 'region', 'what'], vars.map((v) => [`\`${v.stack}\``, `\`${v.name}\``, v.region, v.description])), '');
  }
  lines.push(
    '## Apply',
    '',
    '```sh',
    './deploy.sh check      # prerequisites',
    './deploy.sh apply      # init + apply every stack, in order',
    '```',
    '',
    'or by hand:',
    '',
    '```sh',
    `for s in ${order.join(' ')}; do`,
    '  terraform -chdir=stacks/$s init && terraform -chdir=stacks/$s apply || break',
    'done',
    '```',
    '',
    ...volumeSection(model),
    '## Destroying (decommission)',
    '',
    model.decommission
      ? 'This output was synthesized with `--allow-data-loss`: its guards are off. `./deploy.sh apply` turns them off in AWS (in-place updates), then `./deploy.sh destroy` removes the stacks, databases and backups included. Synthesize again without the option to put the guards back.'
      : 'The stacks are guarded: mirror members and their volumes carry `prevent_destroy`, load balancers deletion protection, and the log bucket and backup vault keep their contents, so `./deploy.sh destroy` (or `terraform destroy`) stops. To decommission: `refarch synth <spec> -o <this folder> --allow-data-loss`, then `./deploy.sh apply` (turns the protection off, in-place updates only), then `./deploy.sh destroy` (stacks in reverse order; name one to limit it).',
    '',
    GUIDE_COMMON,
    '',
  );
  return `${lines.join('\n')}\n`;
}

/** Quotes a string for bash, single quotes. */
function sh(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** deploy.sh: Terraform over the stacks in order, prerequisites checked first. */
export function deployScript(model: DeploymentModel, stacks: readonly WrittenStack[]): string {
  const vars = requiredVariables(stacks);
  const order = stacks.map((s) => s.id).join(' ');
  const state = model.state;
  const varLines = vars.map((v) => `  ${sh(v.stack)} ${sh(v.name)} ${sh(v.region)} ${sh(v.description)}`);
  return `#!/usr/bin/env bash
# Generated by refarch for deployment ${model.name}: runs Terraform over its stacks in apply order.
# Usage: ./deploy.sh check|init|plan|apply|destroy [stack ...] [-- terraform options]
set -euo pipefail
cd "$(dirname "$0")"

ORDER=(${order})
STATE_BACKEND=${sh(state.backend)}
STATE_BUCKET=${sh(state.backend === 's3' ? state.bucket : '')}
STATE_REGION=${sh(state.backend === 's3' ? state.region : '')}
STATE_DIR=${sh(state.backend === 'local' ? `../${state.directory}` : '')}
# stack, variable, region, description of every variable without a default
REQUIRED=(
${varLines.join('\n')}
)

usage() {
  echo "usage: ./deploy.sh check|init|plan|apply|destroy [stack ...] [-- terraform options]" >&2
  echo "stacks, in apply order: \${ORDER[*]}" >&2
  exit 2
}

[ $# -ge 1 ] || usage
action=$1; shift
case "$action" in check|init|plan|apply|destroy) ;; *) usage ;; esac
selected=(); extra=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; extra=("$@"); break; fi
  ok=0; for s in "\${ORDER[@]}"; do [ "$s" = "$1" ] && ok=1; done
  [ $ok = 1 ] || { echo "deploy.sh: no stack \\"$1\\" (stacks: \${ORDER[*]})" >&2; exit 2; }
  selected+=("$1"); shift
done
run=()
for s in "\${ORDER[@]}"; do
  if [ \${#selected[@]} -eq 0 ]; then run+=("$s"); else for t in "\${selected[@]}"; do [ "$s" = "$t" ] && run+=("$s"); done; fi
done
if [ "$action" = destroy ]; then
  reversed=(); for ((i=\${#run[@]}-1; i>=0; i--)); do reversed+=("\${run[$i]}"); done; run=("\${reversed[@]}")
fi

# A variable counts as set when exported as TF_VAR_<name> or assigned in the stack's
# terraform.tfvars or *.auto.tfvars.
variable_set() {
  local stack=$1 name=$2 env="TF_VAR_$2"
  [ -n "\${!env:-}" ] && return 0
  local f
  for f in "stacks/$stack/terraform.tfvars" stacks/"$stack"/*.auto.tfvars; do
    [ -f "$f" ] && grep -Eq "^[[:space:]]*\${name}[[:space:]]*=" "$f" && return 0
  done
  return 1
}

# The first line of a command's error output that is not blank (the AWS CLI starts with a blank one).
first_line() {
  local line
  while IFS= read -r line; do
    [ -n "\${line//[[:space:]]/}" ] && { printf '%s\\n' "$line"; return 0; }
  done <<<"$1"
  echo "no message"
}

check() {
  local problems=0 i s aws_error
  if ! command -v terraform >/dev/null 2>&1; then
    echo "missing: terraform is not on the PATH (version >= 1.10 needed)" >&2; problems=$((problems + 1))
  fi
  for ((i=0; i<\${#REQUIRED[@]}; i+=4)); do
    for s in "\${run[@]}"; do
      if [ "$s" = "\${REQUIRED[$i]}" ] && ! variable_set "$s" "\${REQUIRED[$((i+1))]}"; then
        echo "missing: stack $s needs variable \${REQUIRED[$((i+1))]} (\${REQUIRED[$((i+2))]}): \${REQUIRED[$((i+3))]}" >&2
        echo "         set TF_VAR_\${REQUIRED[$((i+1))]} or add \${REQUIRED[$((i+1))]} = \\"...\\" to stacks/$s/terraform.tfvars" >&2
        problems=$((problems + 1))
      fi
    done
  done
  if command -v aws >/dev/null 2>&1; then
    # The AWS CLI's own reason (no credentials, an expired token, an unknown profile) is its first
    # non-blank line on stderr; it is shown as it is.
    if ! aws_error="$(aws sts get-caller-identity 2>&1 >/dev/null)"; then
      echo "missing: AWS credentials: aws sts get-caller-identity failed: $(first_line "$aws_error")" >&2; problems=$((problems + 1))
    elif [ "$STATE_BACKEND" = s3 ] && ! aws_error="$(aws s3api head-bucket --bucket "$STATE_BUCKET" --region "$STATE_REGION" 2>&1 >/dev/null)"; then
      echo "missing: state bucket s3://$STATE_BUCKET ($STATE_REGION) does not exist or is not readable ($(first_line "$aws_error")); create it (versioning on) first" >&2
      problems=$((problems + 1))
    fi
  else
    echo "note: the AWS CLI is not installed, so credentials\${STATE_BUCKET:+ and the state bucket} were not checked" >&2
  fi
  if [ "$STATE_BACKEND" = local ]; then
    echo "state: $STATE_DIR/<stack>.tfstate (relative to this folder)" >&2
  fi
  if [ $problems -gt 0 ]; then echo "deploy.sh: $problems prerequisite(s) missing; nothing was run" >&2; return 1; fi
  return 0
}

check
[ "$action" = check ] && { echo "prerequisites met for: \${run[*]}"; exit 0; }
for s in "\${run[@]}"; do
  echo "== $action $s" >&2
  terraform -chdir="stacks/$s" init -input=false
  [ "$action" = init ] && continue
  terraform -chdir="stacks/$s" "$action" \${extra[@]+"\${extra[@]}"}
done
`;
}

/**
 * Writes the hand-off files into an output folder that already holds the synthesized stacks.
 * Returns the stacks as written and every file refarch wrote (the manifest's `refarch.files`).
 */
export function writeHandoff(model: DeploymentModel, dir: string): { stacks: WrittenStack[]; files: string[] } {
  const stacks: WrittenStack[] = stackIds(model).map((id) => ({ id, json: JSON.parse(readFileSync(join(dir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as WrittenStack['json'] }));
  const cdktfManifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version?: unknown };
  const volumes = volumeCommands(model);
  for (const v of volumes) {
    mkdirSync(join(dir, 'volumes', v.stack), { recursive: true });
    writeFileSync(join(dir, v.file), `${JSON.stringify({ commands: v.commands }, null, 2)}\n`);
  }
  const files = [...HANDOFF_FILES, ...stacks.map((s) => `stacks/${s.id}/cdk.tf.json`), ...volumes.map((v) => v.file)].sort();
  writeFileSync(join(dir, 'README.md'), guideMarkdown(model, stacks));
  writeFileSync(join(dir, 'deploy.sh'), deployScript(model, stacks), { mode: 0o755 });
  writeFileSync(join(dir, 'manifest.json'), manifestJson(model, cdktfManifest, files));
  return { stacks, files };
}
