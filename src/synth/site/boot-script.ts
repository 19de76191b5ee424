// The day-one part of a server's user data: a pure function of the server and the model, so the
// same spec always yields the same bytes. It writes two files and runs one of them:
//   - DAY_ONE.envFile: what this server is (its role, the SSM parameter holding its day-one file,
//     where that file goes, how InterSystems IRIS is installed, the ARNs of the secrets it may
//     read), as shell assignments. ARNs only: no value of a secret is ever in user data.
//   - DAY_ONE.applyScript (refarch-apply, the same text on every server): reads the file from the
//     parameter, fetches the secrets into a root-only folder under /run (removed on exit), and
//     applies the file the way the install kind needs:
//       image:     `iris merge <instance> <file>` when the instance runs, else
//                  `ISC_CPF_MERGE_FILE=<file> iris start <instance>`; no `iris` on the PATH or no
//                  such instance: the file is left in place and the log says so;
//       container: `docker run` of the image with ISC_CPF_MERGE_FILE, durable %SYS on the data
//                  volume, the volumes bind-mounted at their own paths, `--key`/`--password-file`
//                  from the fetched secrets; a container that exists is merged into (or started);
//       kit:       download from S3, unattended install with ISC_CPF_MERGE_FILE and the fetched
//                  password (a kit install without a password secret is left to the operator).
//     Re-running it is harmless: a file once applied (marker named by its SHA-256) is skipped, and
//     a changed file is merged again; configuration merge's [Actions] are idempotent themselves.
//     It refuses to configure IRIS while a database volume is not mounted (never onto the root disk).
//     Web servers get their Web Gateway server definitions put in place; the arbiter's ISCAgent is
//     enabled and started when the image has it.
// The user data runs refarch-apply once, after the volumes are mounted; it writes its log to
// DAY_ONE.bootLog. Day two: change the spec, apply (the parameter changes; user data is ignored by
// Terraform), then run refarch-apply again on the servers (SSM Run Command).
// Written without `${` and `%{`, which Terraform would read as template syntax inside user_data.
import { DAY_ONE } from '../../catalog/catalog';
import type { ConfigRole } from '../../config/config';
import type { DeploymentModel, InstanceModel } from '../../model/model';

const D1 = DAY_ONE.rows;

/** What the boot script of one server needs beyond the server itself. */
export interface DayOneBoot {
  readonly role: ConfigRole | 'arbiter';
  /** Region of the server (and of its parameter). */
  readonly region: string;
  /**
   * The SSM parameter holding the server's day-one file (`parts` > 1: continued in `<parameter>.2`,
   * `.3`, ...) and where on the server it goes; none for the arbiter.
   */
  readonly file: { readonly parameter: string; readonly parts: number; readonly path: string } | undefined;
  /** ARNs of the secrets this server fetches at boot (only those its role may read). */
  readonly secrets: { readonly password: string | undefined; readonly license: string | undefined };
  /** host:port every configuration of a joining member waits for (the primary's superserver), when known. */
  readonly waitFor: string | undefined;
}

/** Single-quotes a word for the shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

// Spec values in the script (a kit's S3 key may hold any character) reach Terraform literally:
// RefarchStack escapes every string it is given (src/synth/terraform-text.ts).
export { terraformLiteral } from '../terraform-text';

/** refarch-apply, the same text on every server (see the header). */
export const APPLY_SCRIPT = `#!/bin/bash
# refarch-apply [env-file]: puts this server's day-one file in place and applies it (README, Day one).
set -u
umask 022
env_file=@ENV@
if [ $# -ge 1 ]; then env_file="$1"; fi
# shellcheck source=../config/refarch.env
. "$env_file" || exit 1
exec > >(tee -a "$log") 2>&1
say() { echo "$(date -u +%FT%TZ) $*"; }
secrets='' password_file='' license_file=''
trap 'if [ -n "$secrets" ]; then rm -rf "$secrets"; fi' EXIT
retry() { local _; for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep "$wait_seconds"; done; return 1; }
field() { echo "$1" | cut -d"$2" -f"$3"; }

get_file() {
  local i=1 name="$parameter"
  : >"$file.new"
  while [ "$i" -le "$parts" ]; do
    aws ssm get-parameter --region "$region" --name "$name" --with-decryption --query Parameter.Value --output text >>"$file.new" 2>/dev/null || return 1
    i=$((i + 1)) name="$parameter.$i"
  done
}
fetch_secret() {
  local r; r="$(field "$1" : 4)"
  case "$1" in
    arn:*:secretsmanager:*) (umask 077; aws secretsmanager get-secret-value --region "$r" --secret-id "$1" --query SecretString --output text >"$2") ;;
    *) (umask 077; aws ssm get-parameter --region "$r" --name "$1" --with-decryption --query Parameter.Value --output text >"$2") ;;
  esac || { say "cannot read $1"; return 1; }
}
fetch_secrets() {
  if [ -z "$password_arn$license_arn" ]; then return 0; fi
  secrets="$(mktemp -d "$secrets_root/refarch-secrets.XXXXXX")" && chmod 0700 "$secrets" || return 1
  if [ -n "$password_arn" ] && fetch_secret "$password_arn" "$secrets/password"; then password_file="$secrets/password"; fi
  if [ -n "$license_arn" ] && fetch_secret "$license_arn" "$secrets/iris.key"; then license_file="$secrets/iris.key"; fi
}
own_mounts() { local m; for m in $mounts; do chown "$1" "$m" && chmod 0775 "$m"; done; }
primary_up() { timeout 3 bash -c "</dev/tcp/$(field "$wait_for" : 1)/$(field "$wait_for" : 2)" 2>/dev/null; }
install_license() {
  if [ -n "$license_file" ]; then install -m 0640 -o "$(field "$2" : 1)" -g "$(field "$2" : 2)" "$license_file" "$1/mgr/iris.key"; fi
}
merge_local() {
  local q owner; q="$(iris qlist "$instance" 2>/dev/null)"
  if [ -z "$q" ]; then say "no InterSystems IRIS instance $instance: $file left in place"; return 3; fi
  owner="$(stat -c %U:%G "$(field "$q" ^ 2)/mgr")"
  own_mounts "$owner"
  install_license "$(field "$q" ^ 2)" "$owner"
  case "$(field "$q" ^ 4)" in
    running*) say "iris merge $instance $file"; iris merge "$instance" "$file" ;;
    *) say "iris start $instance, ISC_CPF_MERGE_FILE=$file"; ISC_CPF_MERGE_FILE="$file" iris start "$instance" ;;
  esac
}
container_up() { case "$(docker exec "$container" iris qlist "$instance" 2>/dev/null | cut -d^ -f4)" in running*) return 0 ;; esac; return 1; }
run_container() {
  local m uid="$container_uid:$container_uid" dir; dir="$(dirname "$file")"
  if ! command -v docker >/dev/null 2>&1; then say "docker is not installed: $file left in place"; return 3; fi
  if docker inspect "$container" >/dev/null 2>&1; then
    if container_up; then docker exec "$container" iris merge "$instance" "$file"; else docker start "$container"; fi
    return
  fi
  own_mounts "$uid"
  mkdir -p "$durable" && chown "$uid" "$durable"
  set -- run -d --name "$container" --restart unless-stopped --network host --init --env ISC_CPF_MERGE_FILE="$file" \\
    --env ISC_DATA_DIRECTORY="$durable" --volume "$dir:$dir:ro" --volume "$durable:$durable"
  for m in $mounts; do set -- "$@" --volume "$m:$m"; done
  if [ -n "$secrets" ]; then chown -R "$uid" "$secrets"; set -- "$@" --volume "$secrets:$secrets"; fi
  set -- "$@" "$image"
  if [ -n "$license_file" ]; then set -- "$@" --key "$license_file"; fi
  if [ -n "$password_file" ]; then set -- "$@" --password-file "$password_file"; fi
  say "docker run $image"
  docker "$@" && retry container_up
}
install_kit() {
  local work rc
  if command -v iris >/dev/null 2>&1 && [ -n "$(iris qlist "$instance" 2>/dev/null)" ]; then merge_local; return; fi
  if [ -z "$password_file" ]; then say "a kit install needs software.secrets.password: $file left in place"; return 3; fi
  id -u "$kit_owner" >/dev/null 2>&1 || useradd --system --user-group "$kit_owner"
  id -u "$kit_user" >/dev/null 2>&1 || useradd --system --user-group "$kit_user"
  own_mounts "$kit_owner:$kit_user"
  work="$(mktemp -d)"
  say "installing $kit"
  aws s3 cp --only-show-errors "$kit" "$work/kit.tar.gz" && tar -xzf "$work/kit.tar.gz" -C "$work" &&
    (cd "$(dirname "$(find "$work" -maxdepth 3 -name irisinstall_silent | head -n 1)")" && ISC_PACKAGE_INSTANCENAME="$instance" \\
      ISC_PACKAGE_INSTALLDIR="$kit_dir" ISC_PACKAGE_UNICODE=Y ISC_PACKAGE_INITIAL_SECURITY=Normal \\
      ISC_PACKAGE_MGRUSER="$kit_owner" ISC_PACKAGE_IRISUSER="$kit_user" \\
      ISC_PACKAGE_USER_PASSWORD="$(cat "$password_file")" ISC_CPF_MERGE_FILE="$file" ./irisinstall_silent)
  rc=$?
  rm -rf "$work"
  if [ "$rc" -eq 0 ]; then install_license "$kit_dir" "$kit_owner:$kit_user"; fi
  return "$rc"
}

if [ "$role" = arbiter ]; then
  if systemctl cat ISCAgent.service >/dev/null 2>&1; then systemctl enable --now ISCAgent.service && say "ISCAgent started (arbiter)"
  else say "ISCAgent is not installed: install the arbiter (README, Day one)"; fi
  exit 0
fi
if ! command -v aws >/dev/null 2>&1; then say "the AWS CLI is not installed: cannot read $parameter"; exit 1; fi
mkdir -p "$(dirname "$file")"
if ! retry get_file; then rm -f "$file.new"; say "cannot read the SSM parameter $parameter"; exit 1; fi
chmod 0644 "$file.new" && mv -f "$file.new" "$file" && say "$file written from $parameter"
if [ "$role" = web-gateway ]; then say "add the server definitions in $file to the Web Gateway's CSP.ini (README, Day one)"; exit 0; fi
marker="$state/applied-$(sha256sum "$file" | cut -c1-64)"
if [ -e "$marker" ]; then say "$file was applied before"; exit 0; fi
for m in $mounts; do
  mountpoint -q "$m" || { say "$m is not mounted: IRIS not configured"; exit 1; }
done
if [ -n "$wait_for" ] && ! retry primary_up; then say "the primary $wait_for does not answer; merging anyway"; fi
fetch_secrets
case "$install_kind" in
  image) if command -v iris >/dev/null 2>&1; then merge_local; else say "InterSystems IRIS is not installed: $file left in place; apply it with: iris merge $instance $file"; (exit 3); fi ;;
  container) run_container ;;
  kit) install_kit ;;
esac
rc=$?
if [ "$rc" -eq 3 ]; then exit 0; fi
if [ "$rc" -ne 0 ]; then say "applying $file failed (exit $rc)"; exit 1; fi
mkdir -p "$state" && : >"$marker"
say "$file applied ($role)"
`.replace('@ENV@', D1.envFile);

/** Folder of a path (the paths here are absolute and never end in a slash). */
const folderOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));

/** Where a container keeps durable %SYS: on the data volume when the server has one. */
function durableFolder(model: DeploymentModel, instance: InstanceModel): string {
  const data = instance.volumes.find((v) => v.purpose === 'data')?.mountPoint;
  return `${data ?? folderOf(model.software.configFolder)}/iris-durable`;
}

/** The environment file: one `NAME='value'` line per setting, in a fixed order. */
function envLines(model: DeploymentModel, instance: InstanceModel, boot: DayOneBoot): string[] {
  const sw = model.software;
  const values: Array<[string, string]> = [
    ['role', boot.role],
    ['region', boot.region],
    ['parameter', boot.file?.parameter ?? ''],
    ['parts', String(boot.file?.parts ?? 0)],
    ['file', boot.file?.path ?? ''],
    ['instance', sw.instance],
    ['install_kind', sw.install.kind],
    ['image', sw.install.kind === 'container' ? sw.install.image : ''],
    ['kit', sw.install.kind === 'kit' ? sw.install.location : ''],
    ['password_arn', boot.secrets.password ?? ''],
    ['license_arn', boot.secrets.license ?? ''],
    ['mounts', instance.volumes.map((v) => v.mountPoint).join(' ')],
    ['wait_for', boot.waitFor ?? ''],
    ['durable', durableFolder(model, instance)],
    ['container', D1.containerName],
    ['container_uid', String(D1.containerUid)],
    ['kit_dir', D1.kitInstallDir],
    ['kit_owner', D1.kitOwner],
    ['kit_user', D1.kitUser],
    ['state', D1.stateFolder],
    ['secrets_root', D1.secretsFolder],
    ['log', D1.bootLog],
    ['tries', String(D1.fetchTries)],
    ['wait_seconds', String(D1.fetchSeconds)],
  ];
  return values.map(([name, value]) => `${name}=${shellQuote(value)}`);
}

/**
 * The user-data lines of day one: write the environment file and refarch-apply, then run it when
 * the volumes are ready (`failed` is the volume script's flag, 0 when the server has no volumes).
 */
export function dayOneLines(model: DeploymentModel, instance: InstanceModel, boot: DayOneBoot): string[] {
  const applyFolder = folderOf(D1.applyScript);
  const envFolder = folderOf(D1.envFile);
  return [
    `# Day one (README): ${boot.role}.`,
    `mkdir -p ${[...new Set([applyFolder, envFolder, model.software.configFolder])].join(' ')}`,
    `cat >${D1.envFile} <<'REFARCH_ENV'`,
    ...envLines(model, instance, boot),
    'REFARCH_ENV',
    `cat >${D1.applyScript} <<'REFARCH_APPLY'`,
    APPLY_SCRIPT.replace(/\n$/, ''),
    'REFARCH_APPLY',
    `chmod 0755 ${D1.applyScript}`,
    'if [ "$failed" -eq 0 ]; then',
    `  ${D1.applyScript} >/dev/null 2>&1 || failed=1`,
    'else',
    `  echo "day one: a volume is not ready; run ${D1.applyScript} once it is" >>${D1.bootLog}`,
    'fi',
  ];
}
