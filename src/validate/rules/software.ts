// Rules on the software section and the day-one configuration derived from it: the install kind
// has what it installs from, mirror names stay distinct inside InterSystems IRIS, and the secrets
// the instances fetch at boot live where the instances can reach them.
import { IRIS_NAME_LIMITS, IRIS_SYSTEM_NAMES } from '../../catalog/catalog';
import { sites } from '../../model/model';
import type { Finding } from '../../model/diagnostics';
import type { Rule } from './rule';
import { arnRegion, error, listText, warning } from './util';

/**
 * Why an s3:// kit location is not exactly one object key, or undefined. The location becomes the
 * Resource of the instance roles' s3:GetObject statement, where IAM reads `*` and `?` as wildcards
 * and `${...}` as a policy variable: each would widen the grant beyond the one kit file. A key
 * ending in `/` is a folder, not a file.
 */
export function kitLocationProblem(location: string): string | undefined {
  const key = location.startsWith('s3://') ? location.slice('s3://'.length).split('/').slice(1).join('/') : location;
  const wildcards = [...new Set([...key].filter((c) => c === '*' || c === '?'))];
  if (wildcards.length > 0) return `${JSON.stringify(location)} has ${wildcards.map((c) => JSON.stringify(c)).join(' and ')}, which IAM reads as a wildcard over many objects`;
  if (key.includes('${')) return `${JSON.stringify(location)} has "\${", which IAM reads as a policy variable`;
  if (key.endsWith('/')) return `${JSON.stringify(location)} ends with "/", a folder of objects`;
  return undefined;
}

export const softwareRule: Rule = {
  ids: ['software.install-source', 'software.kit-location', 'software.secret-region', 'software.secret-dr-region', 'config.mirror-name', 'config.reserved-name', 'config.max-server-conn'],
  description:
    'A container install names its image and a kit install its S3 location; each secret is in a region of the deployment; every mirror has its own name inside InterSystems IRIS.',
  check({ spec, model }) {
    const out: Finding[] = [];
    const install = spec.software?.install;
    if (install?.kind === 'container' && install.image === undefined) {
      out.push(error('software.install-source', ['software', 'install'], 'install kind container needs the image to run, but software.install.image is missing', 'add software.install.image, for example containers.intersystems.com/intersystems/iris:2024.1'));
    } else if (install?.kind === 'kit' && install.location === undefined) {
      out.push(error('software.install-source', ['software', 'install'], 'install kind kit needs the kit to install, but software.install.location is missing', 'add software.install.location, for example s3://hospital-kits/IRIS-2024.1.0.267.2-lnxrh9x64.tar.gz'));
    } else if (install !== undefined && (install.kind ?? 'image') !== 'container' && install.image !== undefined) {
      out.push(error('software.install-source', ['software', 'install', 'image'], `software.install.image is only used by container installs, but the kind is ${install.kind ?? 'image (the default)'}`, 'set software.install.kind: container, or remove image'));
    } else if (install !== undefined && install.kind !== 'kit' && install.location !== undefined) {
      out.push(error('software.install-source', ['software', 'install', 'location'], `software.install.location is only used by kit installs, but the kind is ${install.kind ?? 'image (the default)'}`, 'set software.install.kind: kit, or remove location'));
    }
    if (install?.kind === 'kit' && install.location !== undefined) {
      const problem = kitLocationProblem(install.location);
      if (problem !== undefined) {
        out.push(error('software.kit-location', ['software', 'install', 'location'], `the kit location must name one S3 object, because the instance roles may read exactly that object, but ${problem}`, 'name the one kit file, for example s3://hospital-kits/IRIS-2024.1.0.267.2-lnxrh9x64.tar.gz'));
      }
    }
    const regions = sites(model).map((s) => s.region);
    for (const key of ['password', 'license'] as const) {
      const arn = spec.software?.secrets?.[key];
      const region = arn === undefined ? undefined : arnRegion(arn);
      if (region === undefined || regions.length === 0 || regions.includes(region)) continue;
      out.push(
        warning(
          'software.secret-region',
          ['software', 'secrets', key],
          `the ${key} secret is in ${region}, outside the deployment's region${regions.length > 1 ? 's' : ''} ${listText(regions)}: every instance would fetch it across regions at boot, and a ${region} outage would stop instances from starting`,
          `replicate the secret to ${listText(regions)} and name that copy`,
        ),
      );
    }
    // A DR server that boots while the primary region is down must read its secrets in its own
    // region: a Secrets Manager secret is read from its replica there (same name, DR region in the
    // ARN); an SSM parameter has no replica, so it would be read across regions.
    if (model.dr !== undefined && model.software.merge) {
      for (const key of ['password', 'license'] as const) {
        const arn = spec.software?.secrets?.[key];
        const region = arn === undefined ? undefined : arnRegion(arn);
        const drCopy = spec.software?.secrets?.dr?.[key];
        if (drCopy !== undefined) {
          const drRegion = arnRegion(drCopy);
          if (drRegion !== model.dr.region) {
            out.push(
              error(
                'software.secret-dr-region',
                ['software', 'secrets', 'dr', key],
                `the DR copy of the ${key} is in ${drRegion ?? 'no region'}, but the DR servers read it in the DR region ${model.dr.region}: a DR server that boots while ${region ?? 'the primary region'} is down could not read it`,
                `name the copy of the ${key} in ${model.dr.region} (arn:aws:ssm:${model.dr.region}:...)`,
              ),
            );
          }
          continue;
        }
        if (arn === undefined || region === undefined || region === model.dr.region || arn.split(':')[2] === 'secretsmanager') continue;
        out.push(
          warning(
            'software.secret-dr-region',
            ['software', 'secrets', key],
            `the ${key} is an SSM parameter in ${region}: the DR servers in ${model.dr.region} read it there, so a DR server that boots while ${region} is down cannot read it`,
            `keep the ${key} in a Secrets Manager secret replicated to ${model.dr.region} (refarch's DR servers read the replica), or copy the parameter to ${model.dr.region} and name it in software.secrets.dr.${key}`,
          ),
        );
      }
    }
    if (model.dr === undefined && spec.software?.secrets?.dr !== undefined) {
      out.push(error('software.secret-dr-region', ['software', 'secrets', 'dr'], 'software.secrets.dr names the copies the DR servers read, but the deployment has no DR site', 'remove software.secrets.dr, or add a dr section'));
    }
    // Hybrid: the DR members take the on-premises members' MaxServerConn (GHA), which must admit the DR site's ECP clients.
    const drClients = (model.dr?.instances ?? []).filter((i) => i.tier === 'app' || i.tier === 'print').length;
    if (model.onPremises !== undefined && model.primary === undefined && model.software.merge && drClients > model.onPremises.maxServerConn) {
      out.push(
        warning(
          'config.max-server-conn',
          ['onPremises', 'maxServerConn'],
          `the DR site has ${drClients} ECP application and print servers, but the mirror members' MaxServerConn is ${model.onPremises.maxServerConn} (onPremises.maxServerConn${spec.onPremises?.maxServerConn === undefined ? ', the default' : ''}): after a promotion, all but ${model.onPremises.maxServerConn} would be refused`,
          `set MaxServerConn to at least ${drClients} on the on-premises members and onPremises.maxServerConn to the same value`,
        ),
      );
    }
    const byName = new Map<string, string[]>();
    // Products with the same name are product.duplicate's to report; only distinct names that shorten alike are ours.
    for (const mirror of model.primary?.mirrors ?? model.dr?.mirrors ?? []) {
      const names = byName.get(mirror.irisName) ?? [];
      if (!names.includes(mirror.name)) byName.set(mirror.irisName, [...names, mirror.name]);
    }
    for (const [irisName, names] of byName) {
      if (names.length < 2) continue;
      const index = (spec.products ?? []).findIndex((p) => p.name === names[1]);
      out.push(
        error(
          'config.mirror-name',
          index >= 0 ? ['products', index, 'name'] : ['products'],
          `the mirrors ${listText(names)} would share the name ${irisName} inside InterSystems IRIS, which allows ${IRIS_NAME_LIMITS.rows.mirrorName} upper-case letters and digits, so long names are shortened`,
          `rename ${names[1]} so that its first letters differ from ${names[0]}'s`,
        ),
      );
    }
    // Day-one configuration creates a database and a namespace per namespace (or one named after
    // the mirror): a name the instance already has would be skipped, leaving the system's in place.
    const reserved = new Set(IRIS_SYSTEM_NAMES.rows);
    if (model.software.merge) {
      (spec.database?.namespaces ?? []).forEach((ns, i) => {
        if (!reserved.has(ns.toUpperCase())) return;
        out.push(
          error(
            'config.reserved-name',
            ['database', 'namespaces', i],
            `${ns} is a namespace or database every InterSystems IRIS instance already has, so day-one configuration would not create the application's own (its CreateNamespace and CreateDatabase would be skipped)`,
            `rename it, for example ${ns}APP`,
          ),
        );
      });
      (spec.products ?? []).forEach((product, i) => {
        const mirror = model.primary?.mirrors.find((m) => m.name === product.name) ?? model.dr?.mirrors.find((m) => m.name === product.name);
        if (mirror === undefined || !reserved.has(mirror.irisName)) return;
        out.push(
          error(
            'config.reserved-name',
            ['products', i, 'name'],
            `product ${product.name} would get the namespace ${mirror.irisName}, which every InterSystems IRIS instance already has`,
            `rename the product, for example ${product.name}-app`,
          ),
        );
      });
    }
    return out;
  },
};
