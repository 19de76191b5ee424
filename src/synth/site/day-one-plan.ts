// What day one does on each server of a site, as a pure function of the model (no cdktf): the
// DayOne construct (day-one.ts) builds it, and `refarch plan` counts the SSM parameters it needs.
import { DAY_ONE, DELIVERY_LIMITS } from '../../catalog/catalog';
import { configFiles, type ConfigFile } from '../../config/config';
import { sites, type DeploymentModel, type InstanceModel, type SiteModel } from '../../model/model';
import { configParameterName, configParameterPath, type ServerRoleId } from '../../resolve/naming';
import { APPLY_SCRIPT, type DayOneBoot } from './boot-script';

/** The instance role a server runs under: mirror members, ECP application and print servers, the rest (web, arbiter). */
export function serverRoleOf(instance: Pick<InstanceModel, 'tier'>): ServerRoleId {
  if (instance.tier === 'database') return 'database';
  return instance.tier === 'app' || instance.tier === 'print' ? 'ecp' : 'server';
}

/** Roles whose servers run InterSystems IRIS (and so use the license key and the password). */
export const IRIS_ROLES: ReadonlySet<ServerRoleId> = new Set(['database', 'ecp']);

export interface DayOneServer {
  readonly boot: DayOneBoot;
  /** The server's file and its parameter; undefined for the arbiter. */
  readonly parameter: { readonly name: string; readonly file: ConfigFile; readonly parts: readonly string[] } | undefined;
}

export interface DayOnePlan {
  /** By InstanceModel.key. */
  readonly servers: ReadonlyMap<string, DayOneServer>;
  /** refarch-apply's parameter per instance role with day-one servers (the script in parts). */
  readonly scripts: ReadonlyMap<ServerRoleId, { readonly name: string; readonly parts: readonly string[] }>;
  /** Mirror-readiness parameters this site's stack creates (by mirror IRIS name), and who reads or writes them. */
  readonly readiness: ReadonlyArray<{ readonly mirror: string; readonly name: string }>;
  /** Readiness parameters (region, name pattern) each role reads, and those the database role writes (patterns: stable as mirrors are added). */
  readonly readinessAccess: { readonly read: ReadonlyMap<ServerRoleId, { region: string; name: string }>; readonly write: { region: string; name: string } | undefined };
}

/**
 * The SSM parameter the primary of a mirror writes its host name to once it IS the primary
 * (String, not secret), in the region of the site holding the failover pair (the DR site's in the
 * hybrid model, where the operator writes it for the on-premises primary). Created by that site's
 * stack with the value `none`; Terraform ignores later values.
 */
export function readinessParameter(model: DeploymentModel, mirrorIrisName: string): { readonly region: string; readonly name: string; readonly prefix: string; readonly site: SiteModel } {
  const site = (model.primary ?? model.dr)!;
  const prefix = `${DAY_ONE.rows.parameterPrefix}/${model.name}/mirror`;
  return { region: site.region, name: `${prefix}/${mirrorIrisName}/primary`, prefix, site };
}

/**
 * A secret's ARN as a server of `site` reads it: a Secrets Manager secret from its replica in the
 * site's region (same name and suffix; replicate it there, README "Secrets"), so a DR server that
 * boots while the primary region is down still reads it; an SSM parameter as named (the rule
 * software.secret-dr-region says when that ties the DR site to the primary region).
 */
export function secretArnIn(arn: string, site: Pick<SiteModel, 'region'>): string {
  const parts = arn.split(':');
  if (parts[2] !== 'secretsmanager') return arn;
  parts[3] = site.region;
  return parts.join(':');
}

/**
 * Secrets a server of this role fetches at boot: the licence key and the password on IRIS roles
 * (not the password with IRIS pre-installed on the image: it is the image's); the password on the
 * web servers' role, which the Web Gateway reads at start as CSPSystem's (Password={...}, GCGI).
 */
export function secretsOf(model: DeploymentModel, role: ServerRoleId, site: SiteModel): DayOneBoot['secrets'] {
  const s = model.software.secrets;
  // A DR server reads the DR copy the spec names (software.secrets.dr: SSM parameters have no replica), else the replica.
  const read = (key: 'password' | 'license'): string | undefined => {
    const arn = s[key];
    if (arn === undefined) return undefined;
    return (site.role === 'dr' ? s.dr[key] : undefined) ?? secretArnIn(arn, site);
  };
  const password = model.software.install.kind === 'image' ? undefined : read('password');
  if (!IRIS_ROLES.has(role)) return { password: site.instances.some((i) => i.tier === 'web') ? password : undefined, license: undefined };
  return { password, license: read('license') };
}

/** What day one does on each server of a site; undefined when day one is off. */
export function dayOnePlan(model: DeploymentModel, site: SiteModel): DayOnePlan | undefined {
  if (!model.software.merge) return undefined;
  const files = new Map(configFiles(model).filter((f) => f.site === site.role).map((f) => [f.instanceKey, f] as const));
  const servers = new Map<string, DayOneServer>();
  const scripts = new Map<ServerRoleId, { name: string; parts: readonly string[] }>();
  const read = new Map<ServerRoleId, { region: string; name: string }>();
  let write: { region: string; name: string } | undefined;
  const all = readinessParameter(model, '*');
  const scriptParts = parameterParts(APPLY_SCRIPT);
  for (const inst of site.instances) {
    const role = serverRoleOf(inst);
    const file = files.get(inst.key);
    if (file === undefined && inst.tier !== 'arbiter') continue;
    const mirror = inst.mirror === undefined ? undefined : site.mirrors.find((m) => m.name === inst.mirror);
    const joins = inst.tier === 'database' && inst.mirrorRole !== 'primary' && mirror?.primaryHostName !== undefined;
    // Members that join wait for their mirror; ECP clients for every mirror their file names (GCMF order).
    const waits = joins || ((inst.tier === 'app' || inst.tier === 'print') && site.mirrors.length > 0);
    if (waits) read.set(role, { region: all.region, name: all.name });
    const publishes = inst.tier === 'database' && inst.mirrorRole === 'primary' && mirror !== undefined ? readinessParameter(model, mirror.irisName) : undefined;
    if (publishes) write = { region: all.region, name: all.name };
    const fileName = file?.path.slice(file.path.lastIndexOf('/') + 1) ?? '';
    const parameter = file === undefined ? undefined : { name: configParameterName(model.name, site.role, role, inst.key, fileName), file, parts: parameterParts(file.text) };
    if (!scripts.has(role)) scripts.set(role, { name: `${configParameterPath(model.name, site.role, role)}/refarch-apply`, parts: scriptParts });
    servers.set(inst.key, {
      parameter,
      boot: {
        role: file?.role ?? 'arbiter',
        region: site.region,
        host: inst.hostName,
        file: parameter === undefined ? undefined : { parameter: parameter.name, parts: parameter.parts.length, path: parameter.file.path },
        script: { parameter: scripts.get(role)!.name, parts: scriptParts.length },
        secrets: inst.tier === 'arbiter' ? { password: undefined, license: undefined } : secretsOf(model, role, site),
        waitFor: joins ? `${mirror!.primaryHostName}:${model.ports.superserver}` : undefined,
        ready: waits ? `${all.region}:${all.prefix}` : undefined,
        publish: publishes ? `${publishes.region}:${publishes.name}` : undefined,
        agent: inst.tier === 'database',
        healthShare: inst.tier === 'database' && model.profile === 'healthshare',
        tlsCa: inst.tier === 'database' ? model.software.tls?.privateCaArn : undefined,
      },
    });
  }
  const holdsReadiness = readinessParameter(model, '').site === site;
  const readiness = holdsReadiness ? site.mirrors.map((m) => ({ mirror: m.irisName, name: readinessParameter(model, m.irisName).name })) : [];
  return { servers, scripts, readiness, readinessAccess: { read, write } };
}

/**
 * A file as the values of Standard-tier parameters (free, 4 KB each): whole lines, each value
 * without its last newline, because the AWS CLI's text output ends every value with one; so the
 * values fetched one after the other are the file again, byte for byte. A Web Gateway file lists
 * every application server of its site and grows with them (100 servers: ~9 KB, beyond even an
 * Advanced parameter's 8 KB), hence parts rather than a tier.
 */
export function parameterParts(text: string): string[] {
  const limit = DELIVERY_LIMITS.rows.standardParameterBytes;
  const lines = text.replace(/\n$/, '').split('\n');
  const parts: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, 'utf8');
    if (current.length > 0 && bytes + 1 + size > limit) {
      parts.push(current.join('\n'));
      current = [];
      bytes = 0;
    }
    // A single line longer than a parameter (none is, in files of host names and paths) still
    // fails at apply with AWS's own message rather than being cut here.
    bytes += (current.length > 0 ? 1 : 0) + size;
    current.push(line);
  }
  parts.push(current.join('\n'));
  return parts;
}

/** Every secret ARN the model names (to check that no other stack or role reads them). */
export function secretArns(model: DeploymentModel): string[] {
  const s = model.software.secrets;
  return [s.password, s.license, s.dr.password, s.dr.license].filter((a): a is string => a !== undefined);
}


/** Every site's plan (tests and reports that look at all servers). */
export function dayOnePlans(model: DeploymentModel): Array<{ site: SiteModel; plan: DayOnePlan | undefined }> {
  return sites(model).map((site) => ({ site, plan: dayOnePlan(model, site) }));
}
