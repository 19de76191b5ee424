// config: the day-one configuration of every InterSystems instance, derived from the resolved
// model alone. Database members get a configuration merge file (a partial CPF that InterSystems
// IRIS applies at first start through ISC_CPF_MERGE_FILE, or `iris merge` applies to a running
// instance) that creates or joins the mirror; ECP application and print servers get one that
// points them at the mirror; web servers get the Web Gateway's server definitions (CSP.ini).
// Pure and deterministic: the same model gives the same files, byte for byte. No secret ever
// enters a file (not even a secret's ARN): passwords and keys reach the instance by other means.
import { DEFAULTS } from '../catalog/catalog';
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

type Section = readonly [name: string, lines: readonly string[]];

/** INI text: sections in the given order, a blank line between them, a final newline. */
function ini(sections: readonly Section[]): string {
  return sections
    .filter(([, lines]) => lines.length > 0)
    .map(([name, lines]) => [`[${name}]`, ...lines].join('\n'))
    .join('\n\n')
    .concat('\n');
}

function volumeMount(instance: InstanceModel, purpose: string): string | undefined {
  return instance.volumes.find((v) => v.purpose === purpose)?.mountPoint;
}

const MIRROR_MEMBER: Readonly<Record<NonNullable<InstanceModel['mirrorRole']>, { role: MergeRole; member: string }>> = {
  primary: { role: 'mirror-primary', member: 'primary' },
  backup: { role: 'mirror-backup', member: 'backup' },
  async: { role: 'mirror-drasync', member: 'drasync' },
};

function memberFile(model: DeploymentModel, instance: InstanceModel, mirror: MirrorModel): { role: MergeRole; text: string } {
  const { role, member } = MIRROR_MEMBER[instance.mirrorRole ?? 'async'];
  const journal1 = volumeMount(instance, 'journal1');
  const journal2 = volumeMount(instance, 'journal2');
  const wij = volumeMount(instance, 'wij');
  const data = volumeMount(instance, 'data');
  const mirrorArgs = [`Name=${mirror.irisName}`, `Member=${member}`];
  if (member !== 'primary' && mirror.primaryHostName) mirrorArgs.push(`Primary=${mirror.primaryHostName}`);
  if (member !== 'drasync' && mirror.arbiterHostName) mirrorArgs.push(`ArbiterURL=${mirror.arbiterHostName}:${model.ports.agent}`);
  const joins = member === 'primary' || mirror.primaryHostName !== undefined;
  const actions: string[] = [];
  if (joins) actions.push(`ConfigMirror:${mirrorArgs.join(',')}`);
  for (const ns of mirror.namespaces) {
    const db = ns;
    actions.push(`CreateDatabase:Name=${db},Directory=${data}/${ns.toLowerCase()}${joins ? `,MirrorSetName=${mirror.irisName}` : ''}`);
    actions.push(`CreateNamespace:Name=${ns},Globals=${db},Routines=${db}`);
  }
  return {
    role,
    text: ini([
      ['config', wij ? [`wijdir=${wij}`] : []],
      ['Journal', [...(journal1 ? [`CurrentDirectory=${journal1}`] : []), ...(journal2 ? [`AlternateDirectory=${journal2}`] : [])]],
      ['Actions', actions],
    ]),
  };
}

function ecpFile(model: DeploymentModel, site: SiteModel, instance: InstanceModel): { role: MergeRole; text: string } {
  const servers = site.mirrors.map((m) => `${m.irisName}=${m.vipHostName ?? m.primaryHostName ?? ''},${model.ports.superserver},1`);
  return { role: instance.tier === 'print' ? 'ecp-print' : 'ecp-app', text: ini([['ECPServers', servers]]) };
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
        if (mirror) file = memberFile(model, instance, mirror);
      } else if (instance.tier === 'app' || instance.tier === 'print') {
        file = ecpFile(model, site, instance);
      }
      if (file) out.push({ site: site.role, instanceKey: instance.key, hostName: instance.hostName, role: file.role, path, text: file.text });
    }
  }
  return out;
}

/** The Web Gateway server definitions of every web server: one server per application server of its site. */
export function gatewayFiles(model: DeploymentModel): GatewayFile[] {
  if (!model.software.merge) return [];
  const path = `${model.software.configFolder}/${DEFAULTS.rows.gatewayFileName}`;
  const out: GatewayFile[] = [];
  for (const site of sites(model)) {
    const apps = site.instances.filter((i) => i.tier === 'app');
    const index: Section = ['SYSTEM_INDEX', apps.map((a) => `${a.key.toUpperCase()}=Enabled`)];
    const servers: Section[] = apps.map((a) => [a.key.toUpperCase(), [`Ip_Address=${a.hostName}`, `TCP_Port=${model.ports.superserver}`]]);
    const text = ini([index, ...servers]);
    for (const web of site.instances.filter((i) => i.tier === 'web')) {
      out.push({ site: site.role, instanceKey: web.key, hostName: web.hostName, role: 'web-gateway', path, text });
    }
  }
  return out;
}

/** Every instance's configuration files, merge files first, in site and instance order. */
export function configFiles(model: DeploymentModel): ConfigFile[] {
  return [...mergeFiles(model), ...gatewayFiles(model)];
}
