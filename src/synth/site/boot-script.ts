// The day-one part of a server's user data, and refarch-apply, the script it runs: pure functions of
// the server and the model, so the same spec always yields the same bytes.
//   - User data (dayOneLines) writes three small things and starts one:
//       DAY_ONE.envFile: what this server is (its role and host name, the SSM parameters of its
//         day-one file and of refarch-apply, how InterSystems IRIS is installed, the ARNs of the
//         secrets it may read, the mirror-readiness parameters it waits for or publishes), as shell
//         assignments. ARNs only: no value of a secret is ever in user data.
//       DAY_ONE.loader (refarch-day-one): fetches refarch-apply from its parameter and runs it, so
//         the script reaches servers like the files do (and user data stays far under 16 KB).
//       a systemd service + timer (DAY_ONE_UNIT): runs the loader one minute after each exit until
//         it exits 0, across reboots (the timer is enabled), each attempt logged; on success the
//         timer disables itself. Nothing gives up into a half-configured state and nothing "merges
//         anyway": a member that waits, waits (GCMF: the primary must be running first).
//   - APPLY_SCRIPT (refarch-apply, the same text on every server), in sections:
//       the file and the secrets: the file from its parameter(s), the secrets into a root-only
//         folder under /run (removed on exit);
//       order: mirror members and ECP clients wait (exit 75) until every mirror they need has
//         published that its primary IS the primary ($SYSTEM.Mirror.IsPrimary(), GHA), and for a
//         member until the primary's superserver answers (the network link exists);
//       ISCAgent: enabled and started on every mirror member before it joins (GHA "Starting the
//         ISCAgent"; systemd units are disabled by default); a container runs its own;
//       applying, as GCMF documents: a stopped instance starts with ISC_CPF_MERGE_FILE; a running
//         one is restarted with `ISC_CPF_MERGE_FILE=<file> iris stop <inst> restart` when a
//         restart-only setting (IRIS_DAY_ONE.restartOnly) changed since the last applied file (or
//         nothing was applied yet: the first file turns OS authentication on), else the instance
//         owner runs `iris merge <inst> <file> <target CPF>` (OS authentication: no prompt, no
//         password anywhere); a kit is installed with ISC_PACKAGE_STARTIRIS=N, its licence put in
//         mgr/, then started with the file; a container runs with durable %SYS, its key and
//         one-time password file staged beside it (iris-main reads them at every start);
//       publish: the primary, once IsPrimary() says 1, writes its host name to its mirror's
//         readiness parameter; a new instance in the designated primary's place refuses to create
//         the mirror again once a primary was published (two primaries), and says how to rejoin.
//     Re-running it is harmless: a file once applied (marker named by its SHA-256) is skipped, and
//     a changed file is applied again; configuration merge's [Actions] are idempotent themselves.
//     It refuses to configure IRIS while a database volume is not mounted (never onto the root disk).
//     `refarch-apply <env> password` prints the password for the Web Gateway's Password={...}.
// Day two: change the spec, apply (the parameters change; user data is ignored by Terraform), then
// run refarch-day-one again on the servers (SSM Run Command).
// Written without `${` and `%{`, which Terraform would read as template syntax.
import { DAY_ONE, IRIS_DAY_ONE } from '../../catalog/catalog';
import type { ConfigRole } from '../../config/config';
import type { DeploymentModel, InstanceModel } from '../../model/model';

const D1 = DAY_ONE.rows;

/** What the boot script of one server needs beyond the server itself. */
export interface DayOneBoot {
  readonly role: ConfigRole | 'arbiter';
  /** Region of the server (and of its parameters). */
  readonly region: string;
  /** The server's host name (what a primary publishes). */
  readonly host: string;
  /**
   * The SSM parameter holding the server's day-one file (`parts` > 1: continued in `<parameter>.2`,
   * `.3`, ...) and where on the server it goes; none for the arbiter.
   */
  readonly file: { readonly parameter: string; readonly parts: number; readonly path: string } | undefined;
  /** The SSM parameter holding refarch-apply (same continuation rule). */
  readonly script: { readonly parameter: string; readonly parts: number };
  /** ARNs of the secrets this server fetches at boot (only those its role may read), in its own region where replicated. */
  readonly secrets: { readonly password: string | undefined; readonly license: string | undefined };
  /** host:port of the primary's superserver a joining member waits for (the network link), when known. */
  readonly waitFor: string | undefined;
  /** `region:prefix` of the mirror-readiness parameters this server waits for (those of the mirrors its file names); none: it waits for nothing. */
  readonly ready: string | undefined;
  /** The readiness parameter (`region:name`) this server publishes once it is the mirror primary. */
  readonly publish: string | undefined;
  /** Whether the server is a mirror member (ISCAgent must run before it joins). */
  readonly agent: boolean;
  /** Mirror TLS: the AWS Private CA that issues this member's certificate at boot (members only). */
  readonly tlsCa: string | undefined;
  /** A HealthShare mirror member: schedules the Mirror Monitor Agent task once configured. */
  readonly healthShare: boolean;
}

/** Single-quotes a word for the shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

// Spec values in the script (a kit's S3 key may hold any character) reach Terraform literally:
// RefarchStack escapes every string it is given (src/synth/terraform-text.ts). This module and
// day-one-plan.ts import no cdktf: `refarch plan` reads them (scripts/bundle.mjs allows exactly these).

/** The last line of refarch-apply: a copy without it was cut short (an older loader's part count). */
export const APPLY_SCRIPT_END = '# end of refarch-apply';

/** refarch-apply, the same text on every server (see the header). */
export const APPLY_SCRIPT = `#!/bin/bash
# refarch-apply [env-file]: puts this server's day-one file in place and applies it (README, Day one).
# Exit 0: done (the unit stops retrying); 75: waiting for another server; other: failed (retried).
# shellcheck disable=SC2154,SC2317  # settings come from the sourced env file; functions run through retry
set -u
umask 022
env_file=@ENV@
if [ $# -ge 1 ]; then env_file="$1"; fi
# shellcheck disable=SC1090
. "$env_file" || exit 1
# A server booted by an older refarch knows fewer parts of this script than there may be now
# (script_parts in its env file, which user data wrote once): its loader then runs a copy cut short
# at a line, without the last line below. Fetch every part there is and run the whole script.
if [ "$(tail -n 1 "$0")" != '@END@' ] && ! printenv REFARCH_APPLY_WHOLE >/dev/null; then
  whole="$(mktemp)" i=1 name="$script_parameter"
  while aws ssm get-parameter --region "$region" --name "$name" --with-decryption --query Parameter.Value --output text >>"$whole" 2>/dev/null; do i=$((i + 1)); name="$script_parameter.$i"; done
  if [ "$(tail -n 1 "$whole")" != '@END@' ]; then rm -f "$whole"; echo "refarch-apply: cut short and cannot read the rest from $script_parameter; retried" >&2; exit 75; fi
  chmod 0755 "$whole" && mv -f "$whole" "$0" && REFARCH_APPLY_WHOLE=1 exec "$0" "$@"
fi
say() { echo "$(date -u +%FT%TZ) $*"; }
secrets='' password_file='' license_file=''
trap 'if [ -n "$secrets" ]; then rm -rf "$secrets"; fi' EXIT
retry() { local t; for t in $(seq 1 "$tries"); do "$@" && return 0; [ "$t" -lt "$tries" ] && sleep "$wait_seconds"; done; return 1; }
field() { echo "$1" | cut -d"$2" -f"$3"; }
RESTART_KEYS='@RESTART@'
HS_TASK='@HS_TASK@'

# --- the file and the secrets -----------------------------------------------------------------
get_file() {
  local i=1 name="$parameter"
  : >"$file.new"
  while [ "$i" -le "$parts" ]; do
    aws ssm get-parameter --region "$region" --name "$name" --with-decryption --query Parameter.Value --output text >>"$file.new" 2>/dev/null || return 1
    i=$((i + 1)) name="$parameter.$i"
  done
}
# read_secret ARN FILE: the value into a root-only file (never on a command line).
read_secret() {
  local r; r="$(field "$1" : 4)"
  case "$1" in
    arn:*:secretsmanager:*) (umask 077; aws secretsmanager get-secret-value --region "$r" --secret-id "$1" --query SecretString --output text >"$2") ;;
    *) (umask 077; aws ssm get-parameter --region "$r" --name "$1" --with-decryption --query Parameter.Value --output text >"$2") ;;
  esac || { say "cannot read $1"; return 1; }
}
fetch_secrets() {
  if [ -z "$password_arn$license_arn" ]; then return 0; fi
  secrets="$(mktemp -d "$secrets_root/refarch-secrets.XXXXXX")" && chmod 0700 "$secrets" || return 1
  if [ -n "$password_arn" ] && read_secret "$password_arn" "$secrets/password"; then password_file="$secrets/password"; fi
  if [ -n "$license_arn" ] && read_secret "$license_arn" "$secrets/iris.key"; then license_file="$secrets/iris.key"; fi
}
own_mounts() { local m; for m in $mounts; do chown "$1" "$m" && chmod 0775 "$m"; done; }

# --- order: a member joins only a mirror whose primary IS primary (GCMF) ------------------------
# ready: "region:prefix" of the readiness parameters (<prefix>/<MIRROR>/primary) of the mirrors the
# file names (ConfigMirror, [ECPServers]); each primary writes its host name there once
# $SYSTEM.Mirror.IsPrimary() says 1 (publish_primary).
file_mirrors() { sed -n -e 's/^ConfigMirror:Name=\\([A-Z0-9]*\\).*/\\1/p' -e '/^\\[ECPServers\\]/,/^\\[/s/^\\([A-Z0-9]*\\)=.*/\\1/p' "$file"; }
primary_ready() {
  local m v
  if [ -z "$ready" ]; then return 0; fi
  for m in $(file_mirrors); do
    v="$(aws ssm get-parameter --region "$(field "$ready" : 1)" --name "$(field "$ready" : 2)/$m/primary" --query Parameter.Value --output text 2>/dev/null)"
    case "$v" in '' | none) say "waiting: no mirror primary yet ($(field "$ready" : 2)/$m/primary)"; return 1 ;; esac
  done
  if [ -n "$wait_for" ] && ! timeout 3 bash -c "</dev/tcp/$(field "$wait_for" : 1)/$(field "$wait_for" : 2)" 2>/dev/null; then
    say "waiting: the primary is primary but $wait_for does not answer (network link)"; return 1
  fi
}
# iris_session NAMESPACE CODE: runs ObjectScript as the instance owner (OS authentication, no prompt).
iris_session() {
  if [ "$install_kind" = container ]; then
    echo "$2" | docker exec -i -u "$container_user" "$container" iris session "$instance" -U "$1" 2>/dev/null
  else
    echo "$2" | runuser -u "$(field "$owner" : 1)" -- iris session "$instance" -U "$1" 2>/dev/null
  fi
}
# $SYSTEM.Mirror.IsPrimary(): 1 on the primary failover member (GHA "Mirror Member Status").
iris_is_primary() {
  # shellcheck disable=SC2016  # ObjectScript, not shell
  case "$(iris_session %SYS 'write "refarch-primary=",$SYSTEM.Mirror.IsPrimary(),! halt')" in *refarch-primary=1*) return 0 ;; esac
  return 1
}
# A new instance in the designated primary's place (replaced, or rebuilt after a failover) must not
# create the mirror again: the mirror already ran, with its primary published, and a second
# ConfigMirror Member=primary would give it two primaries, both healthy behind the VIP. The
# parameter is "none" until a first primary publishes (a read that fails counts as none).
first_primary() {
  local v
  if [ -z "$publish" ] || [ -e "$state/applied.cpf" ]; then return 0; fi
  v="$(aws ssm get-parameter --region "$(field "$publish" : 1)" --name "$(field "$publish" : 2)" --query Parameter.Value --output text 2>/dev/null)"
  case "$v" in '' | none) return 0 ;; esac
  say "refused: mirror primary already published as $v ($(field "$publish" : 2)) and this instance has never applied a file: creating the mirror again would give it two primaries. Swap the first two availabilityZones so the running primary is the designated one, apply, and run day one here again (README, Rebuilding a mirror member)"
  return 1
}
publish_primary() {
  if [ -z "$publish" ]; then return 0; fi
  if ! iris_is_primary; then say "waiting: $instance is not yet the mirror primary"; return 1; fi
  aws ssm put-parameter --region "$(field "$publish" : 1)" --name "$(field "$publish" : 2)" --value "$host" --type String --overwrite >/dev/null &&
    say "published: $host is the mirror primary ($(field "$publish" : 2))"
}

# --- HealthShare: the Mirror Monitor Agent task on every member (GHA "Mirroring for Healthcare Products")
hs_mirror_task() {
  if [ "$healthshare" != 1 ] || [ -e "$state/hs-mirror-task" ]; then return 0; fi
  case "$(iris_session HSSYS "$HS_TASK")" in
    *refarch-ok*) : >"$state/hs-mirror-task"; say "Mirror Monitor Agent task scheduled in HSSYS" ;;
    *) say "waiting: cannot schedule the Mirror Monitor Agent task in HSSYS yet"; return 1 ;;
  esac
}

# --- huge pages for the shared memory (SRPM "Configuring Huge Pages on Linux") ---------------------
# The merge file's "# Huge pages: vm.nr_hugepages=N" line (src/config) says how many.
reserve_huge_pages() {
  local have huge_pages
  huge_pages="$(sed -n 's/^# Huge pages: vm.nr_hugepages=\\([0-9]*\\).*/\\1/p' "$file")"
  if [ -z "$huge_pages" ]; then return 0; fi
  if [ "$(cat "$sysctl_file" 2>/dev/null)" != "vm.nr_hugepages=$huge_pages" ]; then
    echo "vm.nr_hugepages=$huge_pages" >"$sysctl_file" && sysctl -q -w vm.nr_hugepages="$huge_pages"
  fi
  have="$(awk '/^HugePages_Total:/ {print $2}' /proc/meminfo)"
  say "huge pages: $have of $huge_pages (check: grep Huge /proc/meminfo; messages.log: Allocated ... shared memory using Huge Pages)"
  if [ -n "$have" ] && [ "$have" -lt "$huge_pages" ]; then say "fewer huge pages than the shared memory needs: reboot to allocate them"; fi
  return 0
}

# --- mirror TLS: the key made here, the certificate from the AWS Private CA (GCMF SSLDir) ------------
issue_certificate() {
  local r arn
  if [ -z "$tls_ca" ] || [ -s "$tls_dir/CertificateFile.pem" ]; then return 0; fi
  r="$(field "$tls_ca" : 4)"
  mkdir -p "$tls_dir" && chmod 0750 "$tls_dir" || return 1
  (umask 077; openssl req -new -newkey rsa:@TLS_BITS@ -nodes -keyout "$tls_dir/PrivateKeyFile.pem" -subj "/CN=$host" -out "$tls_dir/request.csr" 2>/dev/null) ||
    { say "cannot make a key and certificate request"; return 1; }
  arn="$(aws acm-pca issue-certificate --region "$r" --certificate-authority-arn "$tls_ca" --csr "fileb://$tls_dir/request.csr" \\
    --signing-algorithm @TLS_ALG@ --template-arn "arn:$(field "$tls_ca" : 2):acm-pca:::@TLS_TEMPLATE@" --validity Value=@TLS_DAYS@,Type=DAYS \\
    --query CertificateArn --output text)" || { say "the Private CA did not issue a certificate"; return 1; }
  if ! aws acm-pca wait certificate-issued --region "$r" --certificate-authority-arn "$tls_ca" --certificate-arn "$arn" ||
    ! aws acm-pca get-certificate --region "$r" --certificate-authority-arn "$tls_ca" --certificate-arn "$arn" --query Certificate --output text >"$tls_dir/CertificateFile.pem.new" ||
    ! aws acm-pca get-certificate-authority-certificate --region "$r" --certificate-authority-arn "$tls_ca" --query Certificate --output text >"$tls_dir/CAFile.pem"; then
    say "cannot read the issued certificate"; return 1
  fi
  mv -f "$tls_dir/CertificateFile.pem.new" "$tls_dir/CertificateFile.pem" || return 1
  rm -f "$tls_dir/request.csr"
  say "certificate issued by $tls_ca for $host (key made here, never sent)"
}
own_tls() { if [ -n "$tls_ca" ] && [ -d "$tls_dir" ]; then chown -R "$1" "$tls_dir"; fi; }

# --- ISCAgent: a failover or DR member cannot join without it (GHA "Starting the ISCAgent") -----
start_agent() {
  if [ "$agent" != 1 ] || [ "$install_kind" = container ]; then return 0; fi
  systemctl enable ISCAgent.service && systemctl start ISCAgent.service
  if ! systemctl is-active --quiet ISCAgent.service; then say "ISCAgent is not running: the mirror cannot be joined"; return 1; fi
  say "ISCAgent enabled and running"
}

# --- applying: at (re)start when restart-only settings change, else iris merge (GCMF) ----------
# restart_needed: a setting that takes effect only at start changed since the last applied file.
restart_needed() {
  local k last="$state/applied.cpf"
  if [ ! -e "$last" ]; then return 0; fi
  for k in $RESTART_KEYS; do
    if [ "$(grep "^$k=" "$file")" != "$(grep "^$k=" "$last")" ]; then return 0; fi
  done
  return 1
}
install_license() {
  if [ -n "$license_file" ]; then install -m 0640 -o "$(field "$2" : 1)" -g "$(field "$2" : 2)" "$license_file" "$1/mgr/iris.key"; fi
}
apply_local() {
  local q dir
  q="$(iris qlist "$instance" 2>/dev/null)"
  if [ -z "$q" ]; then say "no InterSystems IRIS instance $instance: $file left in place"; return 3; fi
  dir="$(field "$q" ^ 2)"
  owner="$(stat -c %U:%G "$dir/mgr")"
  own_mounts "$owner"
  own_tls "$owner"
  install_license "$dir" "$owner"
  start_agent || return 1
  case "$(field "$q" ^ 4)" in
    running*)
      if restart_needed; then
        say "ISC_CPF_MERGE_FILE=$file iris stop $instance restart"
        ISC_CPF_MERGE_FILE="$file" iris stop "$instance" restart
      else
        # OS authentication (first file) lets the instance owner merge without a prompt.
        say "iris merge $instance $file $dir/$(field "$q" ^ 5)"
        runuser -u "$(field "$owner" : 1)" -- iris merge "$instance" "$file" "$dir/$(field "$q" ^ 5)" </dev/null
      fi ;;
    *) say "iris start $instance, ISC_CPF_MERGE_FILE=$file"; ISC_CPF_MERGE_FILE="$file" iris start "$instance" ;;
  esac
}
container_up() { case "$(docker exec "$container" iris qlist "$instance" 2>/dev/null | cut -d^ -f4)" in running*) return 0 ;; esac; return 1; }
run_container() {
  local m uid="$container_uid:$container_uid" dir keep
  dir="$(dirname "$file")"
  owner="$container_user"
  if ! command -v docker >/dev/null 2>&1; then say "docker is not installed: $file left in place"; return 3; fi
  if docker inspect "$container" >/dev/null 2>&1; then
    if ! container_up; then docker start "$container"; return; fi
    if restart_needed; then say "docker restart $container (ISC_CPF_MERGE_FILE applies $file at start)"; docker restart --time @STOP_SECONDS@ "$container"; return; fi
    docker exec -u "$container_user" "$container" iris merge "$instance" "$file" "$durable/iris.cpf" </dev/null
    return
  fi
  own_mounts "$uid"
  own_tls "$uid"
  # The key and the one-time password file live beside durable %SYS, where iris-main reads them at
  # every start (ADOCK "License Keys", "The iris-main Program"); iris-main deletes the password file.
  keep="$(dirname "$durable")/iris-key"
  mkdir -p "$durable" "$keep" && chown "$uid" "$durable" "$keep" && chmod 0700 "$keep"
  set -- run -d --name "$container" --restart unless-stopped --network host --init --cap-add IPC_LOCK --env ISC_CPF_MERGE_FILE="$file" \\
    --env ISC_DATA_DIRECTORY="$durable" --volume "$dir:$dir:ro" --volume "$durable:$durable" --volume "$keep:$keep"
  for m in $mounts; do set -- "$@" --volume "$m:$m"; done
  if [ -n "$tls_ca" ]; then set -- "$@" --volume "$tls_dir:$tls_dir:ro"; fi
  set -- "$@" "$image"
  if [ -n "$license_file" ]; then install -m 0600 -o "$container_uid" "$license_file" "$keep/iris.key" && set -- "$@" --key "$keep/iris.key"; fi
  if [ -n "$password_file" ]; then install -m 0600 -o "$container_uid" "$password_file" "$keep/password" && set -- "$@" --password-file "$keep/password"; fi
  say "docker run $image"
  docker "$@" && retry container_up
}
install_kit() {
  local work rc
  if command -v iris >/dev/null 2>&1 && [ -n "$(iris qlist "$instance" 2>/dev/null)" ]; then apply_local; return; fi
  if [ -z "$password_file" ]; then say "a kit install needs software.secrets.password: $file left in place"; return 3; fi
  id -u "$kit_owner" >/dev/null 2>&1 || useradd --system --user-group "$kit_owner"
  id -u "$kit_user" >/dev/null 2>&1 || useradd --system --user-group "$kit_user"
  own_mounts "$kit_owner:$kit_user"
  own_tls "$kit_owner:$kit_user"
  work="$(mktemp -d)"
  say "installing $kit (not started: ISC_PACKAGE_STARTIRIS=N)"
  # Install, then first start with the merge file (GCMF "Installing from a Kit with a Merge File").
  aws s3 cp --only-show-errors "$kit" "$work/kit.tar.gz" && tar -xzf "$work/kit.tar.gz" -C "$work" &&
    (cd "$(dirname "$(find "$work" -maxdepth 3 -name irisinstall_silent | head -n 1)")" && ISC_PACKAGE_INSTANCENAME="$instance" \\
      ISC_PACKAGE_INSTALLDIR="$kit_dir" ISC_PACKAGE_UNICODE=Y ISC_PACKAGE_INITIAL_SECURITY=Normal ISC_PACKAGE_STARTIRIS=N \\
      ISC_PACKAGE_MGRUSER="$kit_owner" ISC_PACKAGE_IRISUSER="$kit_user" \\
      ISC_PACKAGE_USER_PASSWORD="$(cat "$password_file")" ./irisinstall_silent)
  rc=$?
  rm -rf "$work"
  if [ "$rc" -ne 0 ]; then return "$rc"; fi
  apply_local
}

# --- the run --------------------------------------------------------------------------------------
# refarch-apply ENV password: prints the password (the Web Gateway's Password={...}, GCGI); nothing logged.
if [ $# -ge 2 ] && [ "$2" = password ]; then
  d="$(mktemp -d)" && read_secret "$password_arn" "$d/password" && cat "$d/password"
  rc=$?; rm -rf "$d"; exit "$rc"
fi
# refarch-apply ENV mirror-status MIRROR: this member's status in MIRROR, as $SYSTEM.Mirror.GetMemberStatus
# reports it (GHA "Mirror Member Status": Primary, Backup, Connected, Synchronizing, ...), run as
# the instance owner like every session here (OS authentication); for refarch rollout. Nothing logged.
if [ $# -ge 2 ] && [ "$2" = mirror-status ]; then
  if [ $# -lt 3 ]; then set -- "$1" "$2" ''; fi
  case "$3" in '' | *[!A-Za-z0-9_]*) echo "usage: refarch-apply ENV mirror-status MIRROR (the mirror's name: letters, digits, _)" >&2; exit 2 ;; esac
  if [ "$install_kind" = container ]; then owner="$container_user"; else owner="$(stat -c %U:%G "$(field "$(iris qlist "$instance")" ^ 2)/mgr")"; fi
  # shellcheck disable=SC2016  # ObjectScript, not shell
  status="$(iris_session %SYS 'write "refarch-status=",$SYSTEM.Mirror.GetMemberStatus("'"$3"'"),! halt' | sed -n 's/.*refarch-status=//p' | tr -d '\\r')"
  if [ -z "$status" ]; then echo "no answer from $instance (is it running?)" >&2; exit 1; fi
  echo "$status"; exit 0
fi
exec > >(tee -a "$log") 2>&1
say "attempt ($role)"
if [ "$role" = arbiter ]; then
  if systemctl cat ISCAgent.service >/dev/null 2>&1; then systemctl enable ISCAgent.service && systemctl start ISCAgent.service && say "ISCAgent started (arbiter)"
  else say "ISCAgent is not installed: install the arbiter (README, Day one)"; fi
  exit 0
fi
if ! command -v aws >/dev/null 2>&1; then say "the AWS CLI is not installed: cannot read $parameter"; exit 1; fi
mkdir -p "$(dirname "$file")"
if ! retry get_file; then rm -f "$file.new"; say "cannot read the SSM parameter $parameter"; exit 1; fi
chmod 0644 "$file.new" && mv -f "$file.new" "$file" && say "$file written from $parameter"
if [ "$role" = web-gateway ]; then
  say "add the server definitions in $file to the Web Gateway's CSP.ini (README, Day one)"; exit 0
fi
owner=''
marker="$state/applied-$(sha256sum "$file" | cut -c1-64)"
if [ ! -e "$marker" ]; then
  for m in $mounts; do
    mountpoint -q "$m" || { say "$m is not mounted: IRIS not configured"; exit 1; }
  done
  primary_ready || exit 75
  first_primary || exit 1
  issue_certificate || exit 1
  reserve_huge_pages
  fetch_secrets
  case "$install_kind" in
    image) if command -v iris >/dev/null 2>&1; then apply_local; else say "InterSystems IRIS is not installed: $file left in place; apply it with: iris merge $instance $file"; (exit 3); fi ;;
    container) run_container ;;
    kit) install_kit ;;
  esac
  rc=$?
  if [ "$rc" -eq 3 ]; then exit 0; fi
  if [ "$rc" -ne 0 ]; then say "applying $file failed (exit $rc); retried"; exit 1; fi
  mkdir -p "$state" && cp "$file" "$state/applied.cpf" && : >"$marker"
  say "$file applied ($role)"
else
  say "$file was applied before"
fi
if [ -n "$publish$healthshare" ] && [ -z "$owner" ]; then
  if [ "$install_kind" = container ]; then owner="$container_user"; else owner="$(stat -c %U:%G "$(field "$(iris qlist "$instance")" ^ 2)/mgr")"; fi
fi
publish_primary || exit 75
hs_mirror_task || exit 75
exit 0
@END@
`.replace(/@END@/g, APPLY_SCRIPT_END).replace('@ENV@', D1.envFile).replace('@STOP_SECONDS@', String(D1.containerStopSeconds)).replace('@RESTART@', IRIS_DAY_ONE.rows.restartOnly.join(' ')).replace('@TLS_BITS@', String(IRIS_DAY_ONE.rows.tls.keyBits)).replace('@TLS_ALG@', IRIS_DAY_ONE.rows.tls.signingAlgorithm).replace('@TLS_TEMPLATE@', IRIS_DAY_ONE.rows.tls.template).replace('@TLS_DAYS@', String(IRIS_DAY_ONE.rows.tls.validityDays)).replace('@HS_TASK@', `${IRIS_DAY_ONE.rows.healthShare.scheduleTask} write "refarch-ok",! halt`);

/** refarch-day-one: fetches refarch-apply from its parameter(s) and runs it (written by user data). */
export const LOADER_SCRIPT = [
  '#!/bin/bash',
  '# refarch-day-one: fetches refarch-apply from its SSM parameter and runs it (README, Day one).',
  '# shellcheck disable=SC2154  # settings come from the sourced env file',
  'set -u',
  `# shellcheck source=/dev/null`,
  `. ${D1.envFile} || exit 1`,
  `new=${D1.applyScript}.new`,
  ': >"$new"',
  'i=1',
  'name="$script_parameter"',
  'while [ "$i" -le "$script_parts" ]; do',
  '  if ! aws ssm get-parameter --region "$region" --name "$name" --with-decryption --query Parameter.Value --output text >>"$new"; then',
  '    echo "$(date -u +%FT%TZ) cannot read $name; retried" >>"$log"',
  '    exit 75',
  '  fi',
  '  i=$((i + 1))',
  '  name="$script_parameter.$i"',
  'done',
  `chmod 0755 "$new" && mv -f "$new" ${D1.applyScript} && exec ${D1.applyScript} "$@"`,
  '',
].join('\n');

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
    ['host', boot.host],
    ['script_parameter', boot.script.parameter],
    ['script_parts', String(boot.script.parts)],
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
    ['ready', boot.ready ?? ''],
    ['publish', boot.publish ?? ''],
    ['agent', boot.agent ? '1' : '0'],
    ['healthshare', boot.healthShare ? '1' : '0'],
    ['tls_ca', boot.tlsCa ?? ''],
    ['tls_dir', IRIS_DAY_ONE.rows.tls.folder],
    ['sysctl_file', IRIS_DAY_ONE.rows.hugePages.sysctlFile],
    ['durable', durableFolder(model, instance)],
    ['container', D1.containerName],
    ['container_uid', String(D1.containerUid)],
    ['container_user', D1.containerUser],
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

/** The systemd service and timer that run refarch-day-one until it succeeds (see the header). */
function unitFiles(): Array<[path: string, text: string]> {
  const u = IRIS_DAY_ONE.rows.unit;
  return [
    [
      `/etc/systemd/system/${u.name}.service`,
      [
        '[Unit]',
        'Description=refarch day one: apply this server\'s configuration (README, Day one)',
        'Wants=network-online.target',
        'After=network-online.target local-fs.target',
        '[Service]',
        'Type=oneshot',
        `ExecStart=${D1.loader}`,
        `ExecStartPost=/usr/bin/systemctl disable --now ${u.name}.timer`,
      ].join('\n'),
    ],
    [
      `/etc/systemd/system/${u.name}.timer`,
      ['[Unit]', 'Description=refarch day one: retry until this server\'s configuration is applied', '[Timer]', `OnBootSec=${u.firstSeconds}`, `OnUnitInactiveSec=${u.retrySeconds}`, '[Install]', 'WantedBy=timers.target'].join('\n'),
    ],
  ];
}

/**
 * The user-data lines of day one: write the environment file, the loader and the units, then start
 * the unit (it waits for the volumes itself: refarch-apply refuses unmounted ones and is retried).
 */
export function dayOneLines(model: DeploymentModel, instance: InstanceModel, boot: DayOneBoot): string[] {
  const unit = IRIS_DAY_ONE.rows.unit.name;
  return [
    `# Day one (README): ${boot.role}.`,
    `mkdir -p ${[...new Set([folderOf(D1.applyScript), folderOf(D1.envFile), model.software.configFolder])].join(' ')}`,
    `cat >${D1.envFile} <<'REFARCH_ENV'`,
    ...envLines(model, instance, boot),
    'REFARCH_ENV',
    `cat >${D1.loader} <<'REFARCH_LOADER'`,
    LOADER_SCRIPT.replace(/\n$/, ''),
    'REFARCH_LOADER',
    `chmod 0755 ${D1.loader}`,
    ...unitFiles().flatMap(([path, text]) => [`cat >${path} <<'REFARCH_UNIT'`, text, 'REFARCH_UNIT']),
    'systemctl daemon-reload',
    `systemctl enable --now ${unit}.timer && systemctl start --no-block ${unit}.service || echo "day one: cannot start ${unit}; run ${D1.loader}" >>${D1.bootLog}`,
  ];
}
