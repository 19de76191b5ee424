// Names of AWS objects that more than one stage must agree on: the site stack creates a load
// balancer under a name, the DNS stack finds it by that name, and the plan prints it. Decided
// here, once, from the deployment name and the site's role.
import { AWS_NAME_LIMITS, DAY_ONE, DEFAULTS, IRIS_NAME_LIMITS } from '../catalog/catalog';
import type { SiteRole } from '../model/model';
import { fnv1a } from '../util/hash';

/** Role of a site in length-limited AWS names, when the full role does not fit. */
const SITE_ROLE_SHORT: Readonly<Record<SiteRole, string>> = { primary: 'p', dr: 'dr' };

/** Six base-36 characters of the name's FNV-1a hash: a short deterministic fingerprint. */
function fingerprint(text: string): string {
  return fnv1a(text).toString(36).padStart(7, '0').slice(-6);
}

/**
 * AWS-side name `<deployment>-<site role>-<suffix>` of a resource whose name AWS limits to
 * `limit` characters (load balancers and target groups: 32). Kept whole when it fits; else the
 * role is shortened (primary -> p); else it is cut and ends in a fingerprint of the full name, so
 * two long names never collide. Deterministic: the DNS stack finds the web load balancer by the
 * name this returns, and the site stack creates it under the same name.
 */
export function siteAwsName(deployment: string, role: SiteRole, suffix: string, limit: number): string {
  const full = `${deployment}-${role}-${suffix}`;
  if (full.length <= limit) return full;
  const short = `${deployment}-${SITE_ROLE_SHORT[role]}-${suffix}`;
  if (short.length <= limit) return short;
  const tail = fingerprint(full);
  return `${short.slice(0, limit - tail.length - 1).replace(/-+$/, '')}-${tail}`;
}

/** Name of a site's web entry load balancer (ALB or Classic), as the site and DNS stacks use it. */
export function webLoadBalancerName(deployment: string, role: SiteRole): string {
  return siteAwsName(deployment, role, 'web', AWS_NAME_LIMITS.rows.loadBalancer);
}

/** Name of a mirror's VIP network load balancer. */
export function vipLoadBalancerName(deployment: string, role: SiteRole, mirror: string): string {
  return siteAwsName(deployment, role, `vip-${mirror}`, AWS_NAME_LIMITS.rows.loadBalancer);
}

/** A site's private hosted zone: `<site role>.<deployment>.internal` (deployment names are DNS labels already). */
export function privateZoneName(deployment: string, role: SiteRole): string {
  return `${role}.${deployment}.${DEFAULTS.rows.privateZoneTld}`;
}

/** An instance's FQDN in its site's zone: the key with hyphens (underscores are not valid in host names). */
export function instanceHostName(key: string, zone: string): string {
  return `${key.replace(/_/g, '-')}.${zone}`;
}

/** A mirror VIP's FQDN in its site's zone. */
export function vipHostName(mirror: string, zone: string): string {
  return `vip-${mirror}.${zone}`;
}

/**
 * The mirror's name inside InterSystems IRIS: upper-case letters and digits, at most 15. A name
 * that is longer once compacted keeps an equal share of each hyphen-separated part
 * (information-exchange -> INFORMAEXCHANG), so it stays readable and deterministic; names that
 * still collide are reported by validation (config.mirror-name).
 */
export function irisMirrorName(mirror: string): string {
  const limit = IRIS_NAME_LIMITS.rows.mirrorName;
  const parts = mirror.toUpperCase().split(/[^A-Z0-9]+/).filter((p) => p !== '');
  const compact = parts.join('');
  if (compact.length <= limit) return compact;
  const share = Math.max(1, Math.floor(limit / parts.length));
  return parts.map((p) => p.slice(0, share)).join('').slice(0, limit);
}

/** Which instance role a server runs under: mirror members, ECP application and print servers, everything else. */
export type ServerRoleId = 'database' | 'ecp' | 'server';

/**
 * The SSM parameter path holding the day-one files of a site's servers under one instance role:
 * `/refarch/<deployment>/<site>/<role>`. The role is in the path so that each role's policy can
 * name its own servers' parameters with one pattern, however many servers there are.
 */
export function configParameterPath(deployment: string, role: SiteRole, serverRole: ServerRoleId): string {
  return `${DAY_ONE.rows.parameterPrefix}/${deployment}/${role}/${serverRole}`;
}

/** One server's day-one file parameter: `<path>/<instance key>/<file name>` (merge.cpf or CSP.ini). */
export function configParameterName(deployment: string, role: SiteRole, serverRole: ServerRoleId, key: string, fileName: string): string {
  return `${configParameterPath(deployment, role, serverRole)}/${key}/${fileName}`;
}

/** CloudWatch alarm (site stack) that an internal entry's Route 53 health check reads: OK while the site serves. */
export function entryHealthAlarmName(deployment: string, role: SiteRole): string {
  return `${deployment}-${role}-entry-serving`;
}
