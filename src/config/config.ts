// config: the day-one configuration of every InterSystems instance, derived from the resolved
// model alone. Contract:
//   - mergeFiles(model): one configuration merge file per InterSystems IRIS instance (a partial
//     CPF that IRIS applies at first start through ISC_CPF_MERGE_FILE, or `iris merge` applies to
//     a running instance): mirror members create (primary) or join (backup, DR async) the mirror
//     and its databases, journals and the WIJ go to the volumes refarch mounts, memory follows
//     IRIS_MEMORY; ECP application and print servers reach the mirror as a mirror-aware ECP data
//     server and map the namespaces to its databases.
//   - gatewayFiles(model): the Web Gateway server definitions (CSP.ini sections) of each web server.
//   - clusterRoles(model): what each instance is in the mirror and the ECP cluster (plan prints it).
// Every section, key and action written is in the catalog's IRIS_MERGE vocabulary (a test parses
// the files against it). Pure and deterministic. No secret, and no secret's ARN, ever enters a
// file: passwords and licence keys reach the instance by the delivery's own means.
import { DAY_ONE, DEFAULTS, INSTANCE_TYPES, IRIS_DAY_ONE, IRIS_MEMORY, IRIS_MIRROR, WEB_GATEWAY } from '../catalog/catalog';
import { sites, type DeploymentModel, type InstanceModel, type MirrorModel, type SiteModel, type SiteRole } from '../model/model';

/** What an instance is in the mirror and the ECP cluster, as its configuration makes it. */
export type MergeRole = 'mirror-primary' | 'mirror-backup' | 'mirror-drasync' | 'ecp-app' | 'ecp-print';
export type ConfigRole = MergeRole | 'web-gateway';

/** A configuration merge file of one IRIS instance. */
export interface MergeFile {
  readonly site: SiteRole;
  readonly instanceKey: string;
  readonly hostName: string;
  readonly role: MergeRole;
  /** Where on the instance the file is put (DEFAULTS.configFolder/merge.cpf). */
  readonly path: string;
  readonly text: string;
}

/** The Web Gateway server definitions of one web server (CSP.ini sections). */
export interface GatewayFile {
  readonly site: SiteRole;
  readonly instanceKey: string;
  readonly hostName: string;
  readonly role: 'web-gateway';
  /** Where on the instance the file is put (DEFAULTS.configFolder/CSP.ini). */
  readonly path: string;
  readonly text: string;
}

export type ConfigFile = MergeFile | GatewayFile;

type Entry = readonly [key: string, value: string | number];
type Section = readonly [name: string, lines: readonly string[]];

const MEM = IRIS_MEMORY.rows;

/** INI text: leading comments, then the non-empty sections in order, a blank line between them, a final newline. */
function ini(comments: readonly string[], sections: readonly Section[]): string {
  const body = sections.filter(([, lines]) => lines.length > 0).map(([name, lines]) => [`[${name}]`, ...lines].join('\n'));
  return [comments.map((c) => `# ${c}`).join('\n'), ...body].join('\n\n').concat('\n');
}

const entries = (list: readonly Entry[]): string[] => list.map(([k, v]) => `${k}=${v}`);

/**
 * An [Actions] line: `Action:Prop=value,...`. A value holding a delimiter of the line (comma,
 * equals sign, quote or space) is quoted, as the merge reference does; host:port and `:mirror:`
 * paths are written as the reference writes them (ArbiterURL=address:port).
 */
function action(name: string, props: readonly Entry[]): string {
  const value = (v: string | number): string => (typeof v === 'number' || /^[A-Za-z0-9_./%@:~$+-]*$/.test(v) ? String(v) : `"${v.replace(/"/g, '')}"`);
  return `${name}:${props.map(([k, v]) => `${k}=${value(v)}`).join(',')}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** InterSystems' documented estimate of an instance's total shared memory, in MB. */
export function sharedMemoryEstimateMB(s: MemorySettings, ecpConnections: number): number {
  return s.globalsMB * MEM.globalsOverhead + s.routinesMB * MEM.routinesOverhead + s.gmheapKB / 1024 + MEM.jrnbufsMB + ecpConnections * 2 + MEM.fixedOverheadMB;
}

export interface MemorySettings {
  readonly globalsMB: number;
  readonly routinesMB: number;
  readonly gmheapKB: number;
}

/**
 * Memory of an instance of `memoryGiB` in a role: the role's share of memory for the database
 * cache, the routine cache and heap by the documented automatic rules made explicit, the cache then
 * lowered (in steps of 1% of memory) until the documented estimate of shared memory, with the
 * instance's ECP connections, stays within IRIS_MEMORY.maxSharedShare of memory.
 */
export function memorySettings(memoryGiB: number, kind: 'data' | 'ecp', ecpConnections: number): MemorySettings {
  const memoryMB = memoryGiB * 1024;
  const settings = (globalsMB: number): MemorySettings => ({
    globalsMB,
    routinesMB: clamp(Math.round(globalsMB * MEM.routines.shareOfGlobals), MEM.routines.minMB, MEM.routines.maxMB),
    gmheapKB: clamp(Math.round(globalsMB * 1024 * MEM.gmheap.shareOfGlobals), MEM.gmheap.minKB, MEM.gmheap.maxKB),
  });
  const step = Math.max(1, Math.floor(memoryMB / 100));
  let globalsMB = Math.floor(memoryMB * MEM.globalsShare[kind]);
  while (globalsMB > step && sharedMemoryEstimateMB(settings(globalsMB), ecpConnections) > memoryMB * MEM.maxSharedShare) globalsMB -= step;
  return settings(globalsMB);
}

/** MaxServerConn of every mirror member (see memberFile). */
export function memberMaxServerConn(model: DeploymentModel): number {
  return model.onPremises !== undefined && model.primary === undefined ? model.onPremises.maxServerConn : clamp(ecpClientCount(model), 1, MEM.maxConnections);
}

/** The ECP connections an instance's shared memory is sized for (the same figures its merge file sets). */
function ecpConnections(model: DeploymentModel, site: SiteModel, instance: InstanceModel): number {
  if (instance.tier === 'database') return memberMaxServerConn(model) + MEM.maxServersDefault;
  return clamp(Math.max(MEM.maxServersDefault, site.mirrors.filter((m) => ecpDataServer(site, m) !== undefined).length), 1, MEM.maxConnections) + 1;
}

/**
 * InterSystems' estimate of an IRIS instance's shared memory in MB (what huge pages must exceed,
 * SRPM "Configuring Huge Pages on Linux"); undefined for servers without IRIS or a type the
 * catalog does not know.
 */
export function instanceSharedMemoryMB(model: DeploymentModel, site: SiteModel, instance: InstanceModel): number | undefined {
  if (instance.tier !== 'database' && instance.tier !== 'app' && instance.tier !== 'print') return undefined;
  const type = INSTANCE_TYPES.rows[instance.instanceType];
  if (type === undefined) return undefined;
  const connections = ecpConnections(model, site, instance);
  return Math.ceil(sharedMemoryEstimateMB(memorySettings(type.memoryGiB, instance.tier === 'database' ? 'data' : 'ecp', connections), connections));
}

/** Huge pages for an IRIS instance: more huge-page memory than its estimated shared memory (SRPM), or none. */
export function hugePagesFor(model: DeploymentModel, site: SiteModel, instance: InstanceModel): number {
  const mb = instanceSharedMemoryMB(model, site, instance);
  return mb === undefined ? 0 : Math.floor(mb / IRIS_DAY_ONE.rows.hugePages.pageMB) + 1;
}

/**
 * The huge pages line of a merge file (a comment for IRIS; refarch-apply reads it and reserves
 * them before IRIS starts), so that it changes with the file when the memory rule's inputs do.
 */
function hugePagesLine(model: DeploymentModel, site: SiteModel, instance: InstanceModel): string[] {
  const pages = hugePagesFor(model, site, instance);
  return pages === 0 ? [] : [`Huge pages: vm.nr_hugepages=${pages} (${IRIS_DAY_ONE.rows.hugePages.pageMB} MB pages, more than the estimated shared memory; reserved by refarch-apply before IRIS starts).`];
}

/** [config] memory of an instance from its type's memory (IRIS_MEMORY); none for a type the catalog does not know. */
function memory(instance: InstanceModel, kind: 'data' | 'ecp', ecpConnections: number): Entry[] {
  const type = INSTANCE_TYPES.rows[instance.instanceType];
  if (type === undefined) return [];
  const s = memorySettings(type.memoryGiB, kind, ecpConnections);
  return [
    ['globals', `0,0,${s.globalsMB},0,0,0`],
    ['routines', s.routinesMB],
    ['gmheap', s.gmheapKB],
  ];
}

function mountOf(instance: InstanceModel, purpose: string): string | undefined {
  return instance.volumes.find((v) => v.purpose === purpose)?.mountPoint;
}

/**
 * The application namespaces of a mirror, each in a database of the same name: the spec's
 * namespaces; for a mirror without any, and for every HealthShare product (whose mirrors an ECP
 * application server reaches side by side, so one namespace name cannot stand for five
 * products), one namespace named after the mirror.
 */
export function mirrorNamespaces(model: DeploymentModel, mirror: MirrorModel): string[] {
  return model.profile === 'healthshare' || mirror.namespaces.length === 0 ? [mirror.irisName] : [...mirror.namespaces];
}

/**
 * Mirror member names (ConfigMirror SystemName): the mirror's name, then the member's place, so
 * they are unique across all mirrors (RACS SystemName; HealthShare runs several mirrors side by
 * side), within 32 characters of letters, digits and underscores (GHA "Mirror Member Name").
 */
function systemName(instance: InstanceModel, mirror: MirrorModel): string {
  if (instance.mirrorRole === 'primary') return `${mirror.irisName}_FAILOVER1`;
  if (instance.mirrorRole === 'backup') return `${mirror.irisName}_FAILOVER2`;
  return `${mirror.irisName}_DRASYNC${mirror.asyncKeys.indexOf(instance.key) + 1}`;
}

/**
 * OS authentication for the instance owner, so that day two's `iris merge` never prompts (GCMF
 * "Reconfigure an Existing Instance"; IRIS_DAY_ONE.docs.osAuthentication). Applied at first start,
 * which needs no login.
 */
function osAuthentication(): string[] {
  const a = IRIS_DAY_ONE.rows.osAuthentication;
  return [action('ModifySystem', [['Name', a.system], ['AutheEnabled', a.enabled]]), action('ModifyService', [['Name', a.terminalService], ['AutheEnabled', a.enabled]])];
}

/** Every ECP client of the deployment (application and print servers in both sites): the members accept that many. */
function ecpClientCount(model: DeploymentModel): number {
  return sites(model).reduce((n, s) => n + s.instances.filter((i) => i.tier === 'app' || i.tier === 'print').length, 0);
}

const MIRROR_ROLE_TEXT: Readonly<Record<NonNullable<InstanceModel['mirrorRole']>, string>> = {
  primary: 'primary failover member',
  backup: 'backup failover member',
  async: 'DR async',
};

const MEMBER: Readonly<Record<NonNullable<InstanceModel['mirrorRole']>, { readonly role: MergeRole; readonly member: string }>> = {
  primary: { role: 'mirror-primary', member: 'primary' },
  backup: { role: 'mirror-backup', member: 'backup' },
  async: { role: 'mirror-drasync', member: 'drasync' },
};

function memberFile(model: DeploymentModel, site: SiteModel, instance: InstanceModel, mirror: MirrorModel): { role: MergeRole; text: string } {
  const { role, member } = MEMBER[instance.mirrorRole ?? 'async'];
  const data = mountOf(instance, 'data') ?? `${model.mountRoot}/data`;
  const journal1 = mountOf(instance, 'journal1');
  const journal2 = mountOf(instance, 'journal2');
  const wij = mountOf(instance, 'wij');
  const primaryHost = member === 'primary' ? instance.hostName : mirror.primaryHostName;
  const actions: string[] = [...osAuthentication(), action('ModifyService', [['Name', IRIS_MIRROR.rows.ecpService], ['Enabled', 1]])];
  const comments = [`refarch day-one configuration of ${instance.hostName}: ${MIRROR_ROLE_TEXT[instance.mirrorRole ?? 'async']} of mirror ${mirror.irisName}.`, applyHint(model), ...hugePagesLine(model, site, instance)];
  if (primaryHost === undefined) {
    comments.push('The primary failover member is not named (onPremises.primaryHost): this member does not join the mirror; join it and add its databases as an operator.');
  } else {
    const mirrorProps: Entry[] = [['Name', mirror.irisName], ['Member', member], ['Primary', primaryHost]];
    if (member !== 'drasync' && mirror.arbiterHostName !== undefined) mirrorProps.push(['ArbiterURL', `${mirror.arbiterHostName}:${model.ports.agent}`]);
    mirrorProps.push(['SystemName', systemName(instance, mirror)]);
    // software.tls: every member's certificate in the same folder (GCMF SSLDir); the primary makes the mirror require TLS.
    if (model.software.tls !== undefined) {
      mirrorProps.push(['SSLDir', `${IRIS_DAY_ONE.rows.tls.folder}/`]);
      if (member === 'primary') mirrorProps.push(['UseSSL', 1]);
    }
    // Mirror-wide settings are made when the primary creates the mirror; the others join it.
    const mirrorWide: Entry[] = [['CompressionForAsyncMembers', IRIS_MIRROR.rows.asyncCompression], ['CompressionTypeForAsyncMembers', IRIS_MIRROR.rows.asyncCompressionType]];
    if (member === 'primary') mirrorProps.push(...mirrorWide);
    actions.push(action('ConfigMirror', mirrorProps));
    // ConfigMirror does nothing once the mirror exists: day two's changes to it go through ModifyMirror (RACS).
    // ConfigMirror adds an arbiter only where none was configured (RACS): a changed arbiter reaches
    // the mirror through ModifyMirror's ArbiterNode and ArbiterPort ([Mirrors] fields j|k, RACS).
    const arbiter: Entry[] = mirror.arbiterHostName !== undefined ? [['ArbiterNode', mirror.arbiterHostName], ['ArbiterPort', model.ports.agent]] : [];
    if (member === 'primary') actions.push(action('ModifyMirror', [['Name', mirror.irisName], ...mirrorWide, ...arbiter]));
    // HealthShare: HSSYS must be mirrored (GHA "Mirroring the HSSYS Database"); on the primary,
    // ModifyDatabase adds it to the mirror (processed after ConfigMirror, RACS "Action Processing Order").
    if (member === 'primary' && model.profile === 'healthshare') actions.push(action('ModifyDatabase', [['Name', IRIS_DAY_ONE.rows.healthShare.database], ['MirrorSetName', mirror.irisName], ['MirrorDBName', IRIS_DAY_ONE.rows.healthShare.database]]));
    for (const ns of mirrorNamespaces(model, mirror)) {
      actions.push(action('CreateDatabase', [['Name', ns], ['Directory', `${data}/${ns.toLowerCase()}`], ['MirrorSetName', mirror.irisName], ['MirrorDBName', ns]]));
      actions.push(action('CreateNamespace', [['Name', ns], ['Globals', ns], ['Routines', ns]]));
    }
  }
  // Every failover and DR member has the same MaxServerConn (GHA): the ECP clients refarch builds,
  // or, in the hybrid model, the on-premises members' value (onPremises.maxServerConn).
  const maxServerConn = memberMaxServerConn(model);
  const config: Entry[] = [...memory(instance, 'data', maxServerConn + MEM.maxServersDefault), ...(wij ? [['wijdir', wij] as const] : []), ['MaxServerConn', maxServerConn]];
  const journal: Entry[] = [...(journal1 ? [['CurrentDirectory', journal1] as const] : []), ...(journal2 ? [['AlternateDirectory', journal2] as const] : [])];
  return { role, text: ini(comments, [['config', entries(config)], ['Journal', entries(journal)], ['Actions', actions]]) };
}

/**
 * The ECP data server an application server of this site uses for a mirror: in a site with the
 * failover pair, the primary failover member as a mirror connection (1), which follows failover
 * (the VIP is for clients that are not mirror-aware); in a DR site, the site's first DR async,
 * restricted to that member (-1), so the application servers serve once it is promoted.
 */
export function ecpDataServer(site: SiteModel, mirror: MirrorModel): { readonly host: string; readonly mirrorConnection: 1 | -1 } | undefined {
  if (mirror.primaryKey !== undefined && mirror.primaryHostName !== undefined) return { host: mirror.primaryHostName, mirrorConnection: 1 };
  const local = site.instances.find((i) => i.key === mirror.asyncKeys[0]);
  return local ? { host: local.hostName, mirrorConnection: -1 } : undefined;
}

function ecpFile(model: DeploymentModel, site: SiteModel, instance: InstanceModel): { role: MergeRole; text: string } {
  const role: MergeRole = instance.tier === 'print' ? 'ecp-print' : 'ecp-app';
  const servers: Entry[] = [];
  const actions: string[] = [...osAuthentication()];
  for (const mirror of site.mirrors) {
    const server = ecpDataServer(site, mirror);
    if (server === undefined) continue;
    servers.push([mirror.irisName, `${server.host},${model.ports.superserver},${server.mirrorConnection}`]);
    for (const ns of mirrorNamespaces(model, mirror)) {
      actions.push(action('CreateDatabase', [['Name', ns], ['Server', mirror.irisName], ['Directory', `:mirror:${mirror.irisName}:${ns}`], ['LogicalOnly', 1]]));
      actions.push(action('CreateNamespace', [['Name', ns], ['Globals', ns], ['Routines', ns]]));
    }
  }
  const maxServers = clamp(Math.max(MEM.maxServersDefault, servers.length), 1, MEM.maxConnections);
  // MaxServerConn stays at its default of 1 on an application server.
  const config: Entry[] = [...memory(instance, 'ecp', maxServers + 1), ['MaxServers', maxServers]];
  const comments = [`refarch day-one configuration of ${instance.hostName}: ${role === 'ecp-print' ? 'print' : 'application'} server (ECP client) of ${site.mirrors.map((m) => m.irisName).join(', ')}.`, applyHint(model), ...hugePagesLine(model, site, instance)];
  return { role, text: ini(comments, [['config', entries(config)], ['ECPServers', entries(servers)], ['Actions', actions]]) };
}

function applyHint(model: DeploymentModel): string {
  const path = `${model.software.configFolder}/${DEFAULTS.rows.mergeFileName}`;
  return `Applied at first start with ISC_CPF_MERGE_FILE=${path}, or to a running instance with: iris merge ${model.software.instance} ${path}`;
}

/** The configuration merge file of every IRIS instance (none when configuration is off or the platform is Caché). */
export function mergeFiles(model: DeploymentModel): MergeFile[] {
  if (!model.software.merge) return [];
  const path = `${model.software.configFolder}/${DEFAULTS.rows.mergeFileName}`;
  const out: MergeFile[] = [];
  for (const site of sites(model)) {
    for (const instance of site.instances) {
      let file: { role: MergeRole; text: string } | undefined;
      if (instance.tier === 'database') {
        const mirror = site.mirrors.find((m) => m.name === instance.mirror);
        if (mirror) file = memberFile(model, site, instance, mirror);
      } else if (instance.tier === 'app' || instance.tier === 'print') {
        file = ecpFile(model, site, instance);
      }
      if (file) out.push({ site: site.role, instanceKey: instance.key, hostName: instance.hostName, role: file.role, path, text: file.text });
    }
  }
  return out;
}

/** CSP.ini server access profile name of an application server (or of a mirror, when the site has no application server). */
const profileName = (name: string): string => name.toUpperCase();

/**
 * The Web Gateway definitions of a site's web servers: one server access profile per application
 * server, load-balanced for the CSP application path. A site without application servers routes
 * to its mirrors' data servers instead, marked mirror-aware.
 */
function gatewayText(model: DeploymentModel, site: SiteModel): string {
  const apps = site.instances.filter((i) => i.tier === 'app');
  // CSPSystem logs in with the password the web server reads at start (Password={command}, GCGI);
  // never a literal. The password secret is CSPSystem's too (kit: ISC_PACKAGE_CSPSYSTEM_PASSWORD
  // defaults to it; containers: --password-file sets every predefined account's).
  const hasPassword = model.software.secrets.password !== undefined && model.software.install.kind !== 'image';
  const login: Entry[] = [['Username', IRIS_DAY_ONE.rows.gatewayUser], ...(hasPassword ? [['Password', `{${DAY_ONE.rows.applyScript} ${DAY_ONE.rows.envFile} password}`] as Entry] : [])];
  const servers: Array<{ name: string; lines: Entry[] }> = apps.length
    ? apps.map((a) => ({ name: profileName(a.key), lines: [['Ip_Address', a.hostName], ['TCP_Port', model.ports.superserver], ...login] }))
    : site.mirrors.flatMap((m) => {
        const server = ecpDataServer(site, m);
        return server ? [{ name: profileName(m.irisName), lines: [['Ip_Address', server.host], ['TCP_Port', model.ports.superserver], ['Mirror_Aware', 1], ...login] as Entry[] }] : [];
      });
  const paths = WEB_GATEWAY.rows.appPaths;
  const sections: Section[] = [
    // RELOAD=1: the Web Gateway rereads CSP.ini and runs the Password={...} commands (GCGI).
    ['SYSTEM', hasPassword && servers.length ? ['RELOAD=1'] : []],
    ['SYSTEM_INDEX', servers.map((s) => `${s.name}=Enabled`)],
    ...servers.map((s): Section => [s.name, entries(s.lines)]),
    ['APP_PATH_INDEX', servers.length ? paths.map((p) => `${p}=Enabled`) : []],
    ...paths.map(
      (p): Section => [
        `APP_PATH:${p}`,
        servers.length
          ? entries([['Default_Server', servers[0]!.name], ['Alternative_Servers', WEB_GATEWAY.rows.alternativeServers], ...servers.map((s, i): Entry => [`Alternative_Server_${i}`, `1~${s.name}`])])
          : [],
      ],
    ),
  ];
  const comments = [
    `refarch day-one Web Gateway server definitions for the ${site.role} site: sections to merge into the Web Gateway's CSP.ini.`,
    hasPassword
      ? 'CSPSystem logs in with what the Password command prints at start (GCGI); no value is written here.'
      : 'IRIS pre-installed on the image or no password named in the spec: set CSPSystem\'s Password in the Web Gateway\'s CSP.ini.',
  ];
  return ini(comments, sections);
}

/** The Web Gateway server definitions of every web server (none when configuration is off or the platform is Caché). */
export function gatewayFiles(model: DeploymentModel): GatewayFile[] {
  if (!model.software.merge) return [];
  const path = `${model.software.configFolder}/${DEFAULTS.rows.gatewayFileName}`;
  const out: GatewayFile[] = [];
  for (const site of sites(model)) {
    const webs = site.instances.filter((i) => i.tier === 'web');
    if (webs.length === 0) continue;
    const text = gatewayText(model, site);
    for (const web of webs) out.push({ site: site.role, instanceKey: web.key, hostName: web.hostName, role: 'web-gateway', path, text });
  }
  return out;
}

/** Every instance's configuration files, merge files first, in site and instance order. */
export function configFiles(model: DeploymentModel): ConfigFile[] {
  return [...mergeFiles(model), ...gatewayFiles(model)];
}

/** What one instance is in the mirror and in the ECP cluster (whether or not refarch configures it). */
export interface ClusterRole {
  readonly site: SiteRole;
  readonly instanceKey: string;
  readonly hostName: string;
  /** e.g. "primary failover member of TRAKCARE", "DR async of TRAKCARE", "arbiter"; null outside mirroring. */
  readonly mirror: string | null;
  /** e.g. "ECP data server", "ECP application server of TRAKCARE via db-trakcare-primary...", "Web Gateway to app-1, app-2"; null when none. */
  readonly ecp: string | null;
}

/** The mirror and ECP role of every instance, in site and instance order. */
export function clusterRoles(model: DeploymentModel): ClusterRole[] {
  const out: ClusterRole[] = [];
  for (const site of sites(model)) {
    const apps = site.instances.filter((i) => i.tier === 'app');
    for (const i of site.instances) {
      let mirror: string | null = null;
      let ecp: string | null = null;
      if (i.tier === 'database' && i.mirrorRole) {
        const m = site.mirrors.find((mm) => mm.name === i.mirror);
        mirror = `${MIRROR_ROLE_TEXT[i.mirrorRole]} of ${m?.irisName ?? i.mirror ?? ''}`;
        ecp = 'ECP data server';
      } else if (i.tier === 'arbiter') {
        mirror = `arbiter of ${site.mirrors.map((m) => m.irisName).join(', ')}`;
      } else if (i.tier === 'app' || i.tier === 'print') {
        const targets = site.mirrors.flatMap((m) => {
          const server = ecpDataServer(site, m);
          return server ? [`${m.irisName} via ${server.host}${server.mirrorConnection === 1 ? ' (mirror connection)' : ' (after promotion)'}`] : [];
        });
        ecp = `ECP ${i.tier === 'print' ? 'print' : 'application'} server of ${targets.join(', ') || 'no data server'}`;
      } else if (i.tier === 'web') {
        ecp = `Web Gateway to ${apps.length ? apps.map((a) => a.key).join(', ') : site.mirrors.map((m) => m.irisName).join(', ') || 'nothing'}`;
      }
      out.push({ site: site.role, instanceKey: i.key, hostName: i.hostName, mirror, ecp });
    }
  }
  return out;
}
