// How day one applies configuration on a server, as InterSystems documents it. Each row names the
// guide and section it follows (doc keys of docs.intersystems.com; plain-text copy:
// sorodriguezz/skills-objectscript@842ad54, skills/<guide>/SKILL.md). Read by src/config (merge
// file actions) and src/synth/site/boot-script.ts (refarch-apply).
import type { Sourced } from './sourced';

export interface IrisDayOne {
  /** [config] settings that take effect only at a (re)start: changed -> `ISC_CPF_MERGE_FILE=<file> iris stop <inst> restart`. */
  readonly restartOnly: readonly string[];
  /** Authentication the first file turns on so the instance owner can `iris merge` without a prompt. */
  readonly osAuthentication: { readonly system: string; readonly terminalService: string; readonly enabled: string };
  /** The systemd unit that retries refarch-day-one until it succeeds (a timer: works on every systemd). */
  readonly unit: { readonly name: string; readonly firstSeconds: number; readonly retrySeconds: number };
  /** Huge pages: Linux's default huge page size, and where the reservation is kept across reboots. */
  readonly hugePages: { readonly pageMB: number; readonly sysctlFile: string };
  /** HealthShare's mandatory mirroring steps refarch performs: HSSYS mirrored on the primary, the Mirror Monitor Agent task on every member. */
  readonly healthShare: { readonly database: string; readonly namespace: string; readonly scheduleTask: string };
  /** Mirror TLS: the folder ConfigMirror SSLDir names (same path on every member, GCMF), its files, and how the certificate is issued. */
  readonly tls: { readonly folder: string; readonly files: readonly string[]; readonly template: string; readonly signingAlgorithm: string; readonly validityDays: number; readonly keyBits: number };
  /** MaxServerConn's documented default (RACS), taken for on-premises members the spec does not describe. */
  readonly maxServerConnDefault: number;
  /** The Web Gateway's login to InterSystems IRIS (predefined account). */
  readonly gatewayUser: string;
  /** Where each rule is documented. */
  readonly docs: Readonly<Record<string, string>>;
}

export const IRIS_DAY_ONE: Sourced<IrisDayOne> = {
  source:
    'InterSystems IRIS documentation 2025.x: GCMF (Automating Configuration with Configuration Merge: "Deploy the Mirror Using Separate Merge Files", "Reconfigure an Existing Instance Using Configuration Merge", "Managing Configuration Changes", "Installing InterSystems IRIS from a Kit with a Merge File", "Security Macros"); RACS (ModifySystem, ModifyService, ModifyMirror, ConfigMirror SystemName); GHA ("Starting the ISCAgent", "Starting and Stopping the ISCAgent on Linux Systems", "Mirror Member Name", "Using the $SYSTEM.Mirror class"); GCGI (CSP.ini [<server>] Username, Password={command}, "Retrieve Passwords Programmatically"); ADOCK ("The iris-main Program" --key, --password-file; "Authentication and Passwords"); GAIN Security Reference ("instance owner ... %All"); refarch choices for the unit timings',
  asOf: '2026-12',
  rows: {
    restartOnly: ['globals', 'routines', 'gmheap', 'wijdir', 'MaxServerConn', 'MaxServers'],
    osAuthentication: { system: 'SYSTEM', terminalService: '%Service_Terminal', enabled: '$$$AuthePassword+$$$AutheOS' },
    unit: { name: 'refarch-day-one', firstSeconds: 30, retrySeconds: 60 },
    hugePages: { pageMB: 2, sysctlFile: '/etc/sysctl.d/90-refarch-iris-hugepages.conf' },
    healthShare: { database: 'HSSYS', namespace: 'HSSYS', scheduleTask: 'do ##class(HS.Util.Mirror.Task).Schedule("HSSYS")' },
    tls: {
      folder: '/opt/refarch/tls',
      files: ['CAFile.pem', 'CertificateFile.pem', 'PrivateKeyFile.pem'],
      template: 'template/EndEntityCertificate/V1',
      signingAlgorithm: 'SHA256WITHRSA',
      validityDays: 395,
      keyBits: 2048,
    },
    maxServerConnDefault: 1,
    gatewayUser: 'CSPSystem',
    docs: {
      order: 'GCMF "Deploy the Mirror Using Separate Merge Files": the instance configured as the mirror primary must be running before other members can be added; GHA "Using the $SYSTEM.Mirror class": $SYSTEM.Mirror.IsPrimary() returns 1 on the primary failover member',
      agent: 'GHA "Starting the ISCAgent" (KEY=GHA_mirror_set_agent): an instance cannot be added to a mirror as a failover or DR async member unless the ISCAgent runs on its host and it must start at system startup; "Starting and Stopping the ISCAgent on Linux Systems": systemctl enable/start ISCAgent.service',
      merge: 'GCMF "Reconfigure an Existing Instance Using Configuration Merge" (KEY=GCMF_reconfigure): iris merge instance [merge-file] [target-CPF]; target-CPF must be named for most existing instances; the terminal prompts for a username and password unless OS authentication is enabled',
      osAuthentication: 'GCMF "Security Macros" (AutheEnabled=$$$AuthePassword+$$$AutheOS); RACS ModifySystem, ModifyService; Security Reference: the installation creates an InterSystems IRIS account with %All for the instance owner; ADOCK: OS-based authentication is enabled in InterSystems containers for irisowner',
      restart: 'GCMF "Managing Configuration Changes": settings such as gmheap take effect only after a restart; ISC_CPF_MERGE_FILE=<file> iris stop <instance> restart; RACS [config] globals, routines, gmheap, wijdir, MaxServerConn, MaxServers (restart required)',
      kit: 'GCMF "Installing InterSystems IRIS from a Kit with a Merge File": install with ISC_PACKAGE_STARTIRIS="N", then ISC_CPF_MERGE_FILE=<file> iris start <instance>',
      systemName: 'RACS ConfigMirror / [MirrorMember] SystemName: mirror member names unique across mirrors, upper case, at most 32 characters; GHA "Mirror Member Name": alphanumeric characters, underscores and hyphens',
      modifyMirror: 'GCMF "Action parameters": a Config action is not executed if the object exists and it adds nothing; RACS ModifyMirror: changes to an existing mirror configuration (Config.Mirrors.Modify())',
      gateway: 'GCGI CSP.ini [<server>] Username, Password (KEY=GCGI_ini_server): Password={command} runs the command on UNIX/Linux at RELOAD=1 and keeps the output in memory; GCGI "Retrieve Passwords Programmatically"; ADOCK: --password-file sets the CSPSystem password too',
      hugePages: 'SRPM "Configuring Huge Pages on Linux": vm.nr_hugepages in sysctl configuration, 2 MB pages by default, more huge-page memory than the total shared memory (3580 MB -> at least 1791 pages), reboot if not fully allocated, check /proc/meminfo and "Allocated ... shared memory using Huge Pages" in messages.log; containers need --cap-add=IPC_LOCK',
      healthShare: 'GHA "Mirroring for Healthcare Products": mirror HSSYS (ModifyDatabase MirrorSetName on the running primary, GCMF "Action parameters"), enable HS_Services and update its password and interoperability credential, schedule the Mirror Monitor Agent task on each member (ZN "HSSYS", do ##class(HS.Util.Mirror.Task).Schedule("HSSYS")), create the Foundation namespace with the Installer Wizard',
      maxServerConn: 'GHA "Mirror Configuration Guidelines": failover and DR async members must have the same MaxServerConn (an async takes over as primary); RACS [config] MaxServerConn default 1; hybrid: onPremises.maxServerConn',
      tls: 'GCMF "ConfigMirror Arguments": SSLDir, a directory holding CAFile.pem, CertificateFile.pem and PrivateKeyFile.pem, identically located on all hosts; UseSSL=1 (a MirrorInfo property) requires TLS; GHA "Securing Mirror Communication with TLS Security"; GHA "Authorize the Second Failover Member or Async (TLS Mirrors Only)": a joining member is authorized on the primary (SYS.Mirror.AuthorizePendingMembers()); AWS Private CA API: IssueCertificate (EndEntityCertificate/V1: client and server authentication), GetCertificate, GetCertificateAuthorityCertificate',
      container: 'ADOCK "The iris-main Program": --key copies the licence key into mgr/ at every start (not inside durable %SYS); --password-file changes the predefined accounts\' password at first start, then deletes the file',
    },
  },
};
