// Stand-ins for `iris`, `systemctl`, `aws`, `docker`, `runuser` and `timeout` that behave as
// InterSystems' documentation says (IRIS_DAY_ONE.docs), so refarch-apply can be run without IRIS:
//   - a ConfigMirror join (backup, drasync) is refused while the mirror's primary does not exist or
//     is not running (GCMF), or while ISCAgent is not running on the host (GHA);
//   - `iris merge` and `iris session` prompt for a username (and so fail, stdin being closed) unless
//     OS authentication is on and the caller is the instance owner (GCMF); `iris merge` needs the
//     target CPF named (GCMF, noncontainerized instances);
//   - ConfigMirror on an existing mirror changes nothing but adds an arbiter where none was set;
//     ModifyMirror ArbiterNode/ArbiterPort changes it (RACS; kept in <world>/mirrors/<NAME>.arbiter);
//   - restart-only [config] settings merged into a running instance stay pending until a restart
//     (RACS; GCMF "Managing Configuration Changes");
//   - every call is recorded (host, user, arguments) in <world>/calls.
// One world holds several hosts (folders) sharing SSM parameters, mirrors and a network.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { IRIS_DAY_ONE } from '../../src/catalog/catalog';
import { APPLY_SCRIPT } from '../../src/synth/site/boot-script';

export const PLANTED_SECRET = 'Planted7f3cSecret';

const STANDINS: Record<string, string> = {
  // aws: ssm get/put-parameter on <world>/ssm, secretsmanager and ssm ARNs answer the planted secret, s3 cp copies <world>/kit.tar.gz.
  aws: String.raw`
name="" value="" prev=""
for a in "$@"; do case "$prev" in --name|--secret-id) name="$a" ;; --value) value="$a" ;; esac; prev="$a"; done
key="$W/ssm/$(echo "$name" | tr / _)"
# A region marked down (<world>/net/down-<region>) answers nothing.
case "$name" in arn:*) [ -e "$W/net/down-$(echo "$name" | cut -d: -f4)" ] && exit 254 ;; esac
case "$1 $2" in
  "ssm get-parameter") case "$name" in arn:*) echo "$PLANTED"; exit 0 ;; esac; [ -e "$key" ] || exit 254; cat "$key" ;;
  "ssm put-parameter") printf '%s\n' "$value" >"$key" ;;
  "secretsmanager get-secret-value") echo "$PLANTED" ;;
  "s3 cp") cp "$W/kit.tar.gz" "$5" ;;
  "acm-pca issue-certificate") for a in "$@"; do case "$a" in fileb://*) cp "$(echo "$a" | cut -c9-)" "$H/csr-sent" ;; esac; done; echo "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/ca/certificate/1" ;;
  "acm-pca wait") : ;;
  "acm-pca get-certificate") printf -- '-----BEGIN CERTIFICATE-----\nSTANDIN-LEAF\n-----END CERTIFICATE-----\n' ;;
  "acm-pca get-certificate-authority-certificate") printf -- '-----BEGIN CERTIFICATE-----\nSTANDIN-CA\n-----END CERTIFICATE-----\n' ;;
  *) exit 1 ;;
esac`,
  systemctl: String.raw`
case "$1" in
  enable) : >"$H/enabled-$2" ;;
  start) : >"$H/active-$2" ;;
  is-active) [ -e "$H/active-$3" ] ;;
  cat) exit 0 ;;
esac`,
  // sysctl -q -w vm.nr_hugepages=N: recorded; the value kept in <host>/sysctl.
  sysctl: String.raw`
echo "$3" >"$H/sysctl"`,
  runuser: String.raw`
u="$2"; shift 3
STANDIN_USER="$u" exec "$@"`,
  timeout: String.raw`
t="$(echo "$*" | sed -n 's#.*/dev/tcp/\([^/]*\)/\([0-9]*\).*#\1_\2#p')"
[ -e "$W/net/$t" ] || exit 1
case "$SITE" in dr) [ -e "$W/net/link" ] ;; esac`,
  iris: String.raw`
dir="$H/irissys"; st="$H/iris"; user="$STANDIN_USER"
owner="$(stat -c %U "$dir/mgr" 2>/dev/null)"
restart_only=" @RESTART@ "
status() { cat "$st/status" 2>/dev/null || echo absent; }
auth() {
  if [ -e "$st/osauth" ] && [ "$user" = "$owner" ]; then return 0; fi
  echo "Username: "; read -r _ || { echo "no login: OS authentication is off or $user is not the instance owner"; exit 1; }
}
# apply FILE AT_START: [config] keys (restart-only ones pending unless at start) and [Actions].
apply() {
  local section="" line k v name member
  while IFS= read -r line; do
    case "$line" in '#'*|'') continue ;; '['*) section="$line"; continue ;; esac
    k="$(echo "$line" | cut -d= -f1)"; v="$(echo "$line" | cut -d= -f2-)"
    if [ "$section" = "[config]" ]; then
      if [ "$2" = 1 ] || [ "$restart_only" = "$(echo "$restart_only" | sed "s/ $k / /")" ]; then echo "$k=$v" >>"$st/active"; else echo "$k=$v" >>"$st/pending"; fi
    elif [ "$section" = "[Actions]" ]; then
      case "$line" in
        *AutheOS*) : >"$st/osauth" ;;
        ConfigMirror:*)
          name="$(echo "$line" | sed -n 's/.*Name=\([A-Z0-9]*\).*/\1/p')"; member="$(echo "$line" | sed -n 's/.*Member=\([a-z]*\).*/\1/p')"
          if [ "$member" = primary ]; then
            # RACS ConfigMirror: reentrant, exits if the mirror exists without updating any property,
            # except ArbiterURL, which adds an arbiter when none was configured.
            arb="$(echo "$line" | sed -n 's/.*ArbiterURL=\([^,]*\).*/\1/p' | tr : '|')"
            if [ "$(cat "$st/mirror" 2>/dev/null)" = primary ]; then
              [ -s "$W/mirrors/$name.arbiter" ] || echo "$arb" >"$W/mirrors/$name.arbiter"
            else echo "$HOSTNAME_" >"$W/mirrors/$name"; echo primary >"$st/mirror"; echo "$arb" >"$W/mirrors/$name.arbiter"; fi
          else
            [ -e "$H/active-ISCAgent.service" ] || { echo "ConfigMirror: ISCAgent is not running on this host: cannot join $name"; return 1; }
            [ -e "$W/mirrors/$name" ] && [ "$(cat "$W/hosts/$(cat "$W/mirrors/$name")/iris/status")" = running ] || { echo "ConfigMirror: mirror $name has no running primary: cannot join"; return 1; }
            echo "$member" >"$st/mirror"
          fi ;;
        # RACS ModifyMirror (Config.Mirrors.Modify()): [Mirrors] ArbiterNode|ArbiterPort (fields j|k) of an existing mirror.
        ModifyMirror:*ArbiterNode=*)
          name="$(echo "$line" | sed -n 's/.*Name=\([A-Z0-9]*\).*/\1/p')"
          [ "$(cat "$st/mirror" 2>/dev/null)" = primary ] || { echo "ModifyMirror: $name is not a mirror of this primary"; return 1; }
          echo "$line" | sed -n 's/.*ArbiterNode=\([^,]*\).*ArbiterPort=\([0-9]*\).*/\1|\2/p' >"$W/mirrors/$name.arbiter" ;;
      esac
      echo "$line" >>"$st/actions"
    fi
  done <"$1"
}
start_() { [ -e "$st/pending" ] && cat "$st/pending" >>"$st/active"; rm -f "$st/pending"; echo running >"$st/status"; [ -e "$dir/mgr/iris.key" ] && : >"$st/key-at-start"; if [ -n "$ISC_CPF_MERGE_FILE" ]; then apply "$ISC_CPF_MERGE_FILE" 1 || exit 1; fi; }
case "$1" in
  qlist) [ "$(status)" = absent ] || echo "$2^$dir^2024.1.0^$(status), since today^iris.cpf^1972^52773^0^ok^" ;;
  start) [ "$(status)" = down ] || exit 1; start_ ;;
  stop) [ "$(status)" = running ] || exit 1; echo down >"$st/status"; if [ "$3" = restart ]; then start_; fi ;;
  merge) [ "$(status)" = running ] || exit 1; [ "$4" = "$dir/iris.cpf" ] || { echo "iris merge: no target CPF"; exit 1; }; auth; apply "$3" 0 ;;
  session) [ "$(status)" = running ] || { echo "IRIS is not running"; exit 1; }; auth; q="$(cat)"; case "$q" in
    *IsPrimary*) echo "refarch-primary=$( [ "$(cat "$st/mirror" 2>/dev/null)" = primary ] && echo 1 || echo 0)" ;;
    # GHA "Mirror Member Status": Primary, Backup, Connected (an async), Not Initialized.
    *GetMemberStatus*) case "$(cat "$st/mirror" 2>/dev/null)" in primary) s=Primary ;; backup) s=Backup ;; drasync) s=Connected ;; *) s="Not Initialized" ;; esac
      case "$q" in write*) echo "refarch-status=$s" ;; esac ;;
    *HS.Util.Mirror.Task*Schedule*) [ "$4" = HSSYS ] && echo "$q" >"$st/hs-task" && echo refarch-ok ;;
  esac ;;
esac`,
  docker: String.raw`
case "$1" in
  inspect) [ -e "$H/container" ] ;;
  exec) echo "IRIS^/usr/irissys^2024.1^running, since today^iris.cpf^" ;;
  run) : >"$H/container"; prev=""; for a in "$@"; do case "$prev" in --password-file) cp "$a" "$H/password-seen" ;; --key) echo "$a" >"$H/key-path" ;; esac; prev="$a"; done ;;
  # Docker's default stop wait is 10 s, then SIGKILL: an ungraceful IRIS shutdown (containers guide, iris-main).
  restart) case " $* " in *" --time "*) : ;; *) echo "docker restart without --time: IRIS killed after 10 s"; exit 1 ;; esac ;;
  start) : ;;
esac`,
};

export interface Host {
  readonly name: string;
  readonly dir: string;
  readonly env: string;
  /** One run of refarch-apply (as the unit would start it): its exit code and output. */
  run(extra?: string[]): { code: number; out: string };
  /** The instance's state file (status, active, pending, mirror, osauth ...), or undefined. */
  state(file: string): string | undefined;
  /** A reboot: IRIS is down, the unit starts again (the files on disk stay). */
  reboot(): void;
}

export interface World {
  readonly dir: string;
  calls(): string[];
  /** Sets an SSM parameter (as apply would). */
  setParameter(name: string, value: string): void;
  parameter(name: string): string | undefined;
  host(name: string, o: HostOptions): Host;
  /** The superserver of a host answers (same site), or the link between sites exists. */
  reachable(what: string): void;
}

export interface HostOptions {
  readonly site?: 'primary' | 'dr';
  readonly install?: 'image' | 'container' | 'kit';
  /** IRIS on the host at first: running, down, or not installed. */
  readonly iris?: 'running' | 'down' | 'absent';
  readonly env: Record<string, string>;
}

export function world(): World {
  const dir = mkdtempSync(join(tmpdir(), 'refarch-world-'));
  for (const d of ['ssm', 'mirrors', 'net', 'hosts']) mkdirSync(join(dir, d));
  const calls = join(dir, 'calls');
  const key = (name: string): string => join(dir, 'ssm', name.replace(/\//g, '_'));
  return {
    dir,
    calls: () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []),
    setParameter: (name, value) => writeFileSync(key(name), `${value}\n`),
    parameter: (name) => (existsSync(key(name)) ? readFileSync(key(name), 'utf8').trim() : undefined),
    reachable: (what) => writeFileSync(join(dir, 'net', what), ''),
    host(name, o) {
      const h = join(dir, 'hosts', name);
      const bin = join(h, 'bin');
      for (const d of [bin, join(h, 'iris'), join(h, 'irissys', 'mgr'), join(h, 'config'), join(h, 'run'), join(h, 'state')]) mkdirSync(d, { recursive: true });
      if ((o.iris ?? 'running') !== 'absent') writeFileSync(join(h, 'iris', 'status'), `${o.iris ?? 'running'}\n`);
      for (const [cmd, body] of Object.entries(STANDINS)) {
        const text = `#!/bin/bash\necho "${name} $(id -un)/\${STANDIN_USER:-root} ${cmd} $*" >>'${calls}'\nW='${dir}' H='${h}' PLANTED='${PLANTED_SECRET}' SITE='${o.site ?? 'primary'}' HOSTNAME_='${name}'\n${body.replace('@RESTART@', IRIS_DAY_ONE.rows.restartOnly.join(' '))}\n`;
        writeFileSync(join(bin, cmd), text);
        chmodSync(join(bin, cmd), 0o755);
      }
      const env = join(h, 'refarch.env');
      const values: Record<string, string> = {
        role: 'mirror-primary',
        region: 'eu-west-1',
        host: name,
        script_parameter: '',
        script_parts: '1',
        parameter: `/refarch/x/${name}/merge.cpf`,
        parts: '1',
        file: join(h, 'config', 'merge.cpf'),
        instance: 'IRIS',
        install_kind: o.install ?? 'image',
        image: 'containers.intersystems.com/intersystems/iris:2024.1',
        kit: 's3://kits/iris.tar.gz',
        password_arn: '',
        license_arn: '',
        mounts: '',
        wait_for: '',
        ready: '',
        publish: '',
        agent: '0',
        healthshare: '0',
        tls_ca: '',
        tls_dir: join(h, 'tls'),
        sysctl_file: join(h, 'sysctl.conf'),
        durable: join(h, 'data', 'iris-durable'),
        container: 'iris',
        container_uid: String(process.getuid?.() ?? 0),
        container_user: userInfo().username,
        kit_dir: join(h, 'irissys'),
        kit_owner: userInfo().username,
        kit_user: userInfo().username,
        state: join(h, 'state'),
        secrets_root: join(h, 'run'),
        log: join(h, 'boot.log'),
        tries: '1',
        wait_seconds: '0',
        ...o.env,
      };
      writeFileSync(env, Object.entries(values).map(([k, v]) => `${k}='${v}'`).join('\n') + '\n');
      const apply = join(h, 'refarch-apply');
      writeFileSync(apply, APPLY_SCRIPT);
      chmodSync(apply, 0o755);
      const file = (f: string): string | undefined => (existsSync(join(h, 'iris', f)) ? readFileSync(join(h, 'iris', f), 'utf8') : undefined);
      return {
        name,
        dir: h,
        env,
        run: (extra = []) => {
          const r = spawnSync('bash', [apply, env, ...extra], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, HOME: h, STANDIN_USER: 'root' } });
          return { code: r.status ?? -1, out: r.stdout + r.stderr };
        },
        state: file,
        reboot: () => {
          if (file('status') !== undefined) writeFileSync(join(h, 'iris', 'status'), 'down\n');
          for (const a of ['active-ISCAgent.service']) if (existsSync(join(h, 'enabled-ISCAgent.service')) === false) spawnSync('rm', ['-f', join(h, a)]);
        },
      };
    },
  };
}
