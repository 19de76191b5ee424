// Rules on the services around the mirror: DNS failover, load balancers, InterSystems ports, the
// mirror VIP, Terraform state, backups and machine images.
import { DEFAULTS, PORTS, REGION_LOCATIONS } from '../../catalog/catalog';
import { locationOf } from '../../catalog/regions';
import type { SpecPath } from '../../model/model';
import type { Finding } from '../../model/diagnostics';
import type { Rule } from './rule';
import { arnRegion, error, listText, warning } from './util';

const D = DEFAULTS.rows;

/** The other catalog regions under the same data-protection regime as `region` (see LegalArea). */
function regionsInLegalAreaOf(region: string): string[] {
  const home = locationOf(region);
  return home === undefined ? [] : Object.keys(REGION_LOCATIONS.rows).filter((r) => r !== region && locationOf(r)!.legalArea === home.legalArea);
}

export const dnsRule: Rule = {
  ids: ['dns.no-entry-point', 'dns.hybrid-needs-endpoint', 'dns.no-secondary'],
  description: 'A DNS failover record has a primary entry point, and a DR entry point to fail over to.',
  check({ spec, model }) {
    const out: Finding[] = [];
    if (spec.dns === undefined) return out;
    if (model.topology === 'cloud' && model.primary !== undefined && model.primary.webLoadBalancer === undefined) {
      out.push(
        error(
          'dns.no-entry-point',
          ['web', 'count'],
          `dns asks for the record ${spec.dns.record}.${spec.dns.zoneName}, but web.count is 0: the primary site has no load balancer for it to point at`,
          'set web.count to 1 or more, or remove dns',
        ),
      );
      return out;
    }
    if (model.topology === 'hybrid' && spec.onPremises?.endpoint === undefined) {
      out.push(
        error(
          'dns.hybrid-needs-endpoint',
          ['onPremises', 'endpoint'],
          "in the hybrid model the PRIMARY record points at the on-premises entry point, but onPremises.endpoint is missing",
          'add onPremises.endpoint, the public DNS name of the on-premises web servers (for example trakcare.hospital.example.org)',
        ),
      );
    }
    if (model.dr === undefined && model.topology === 'hybrid') return out; // model.hybrid-needs-dr says it
    if (model.dr?.webLoadBalancer === undefined) {
      const webCount = spec.web?.count;
      const capacity = spec.dr?.capacity ?? D.drCapacity;
      const [path, why, fix]: [SpecPath, string, string] =
        spec.dr === undefined
          ? [['dns'], 'there is no DR site', 'add a dr site with capacity reduced or full, or accept a manual DNS change on failover']
          : webCount === 0
            ? [['web', 'count'], 'web.count is 0, so the DR site has no web servers', 'set web.count to 1 or more']
            : capacity === 'none'
              ? [['dr', 'capacity'], 'dr.capacity is none, so the DR site has no web servers', 'set dr.capacity to reduced or full, or accept a manual DNS change on failover']
              : [['dns'], 'the DR site has no web servers', 'give the DR site web servers'];
      out.push(warning('dns.no-secondary', path, `only a PRIMARY failover record is created: ${why}`, fix));
    }
    return out;
  },
};

export const loadBalancerRule: Rule = {
  ids: ['lb.certificate-region', 'lb.certificate-unused', 'lb.sticky-sessions'],
  description: "Certificates are in the region of the load balancer they serve (ACM is regional) and are used; CSP sessions need sticky sessions.",
  check({ spec, model }) {
    const out: Finding[] = [];
    const primaryArn = spec.web?.loadBalancer?.certificateArn;
    const primaryPath: SpecPath = ['web', 'loadBalancer', 'certificateArn'];
    if (primaryArn !== undefined) {
      if (model.topology === 'hybrid') {
        out.push(
          warning(
            'lb.certificate-unused',
            primaryPath,
            "the hybrid model has no primary load balancer in AWS; its only one is the DR site's, which uses dr.certificateArn",
            'move the certificate of the DR region to dr.certificateArn and remove this one',
          ),
        );
      } else if (model.primary !== undefined && model.primary.webLoadBalancer === undefined) {
        out.push(warning('lb.certificate-unused', primaryPath, 'web.count is 0, so there is no load balancer to use this certificate', 'remove certificateArn, or set web.count to 1 or more'));
      } else if (spec.region !== undefined && arnRegion(primaryArn) !== spec.region) {
        out.push(
          error(
            'lb.certificate-region',
            primaryPath,
            `the certificate is in ${arnRegion(primaryArn) ?? 'an unknown region'}, but the primary load balancer is in ${spec.region}; ACM certificates only serve load balancers of their own region`,
            `request or import the certificate in ${spec.region} and use that ARN`,
          ),
        );
      }
    }
    const drArn = spec.dr?.certificateArn;
    if (drArn !== undefined && spec.dr !== undefined) {
      if (model.dr !== undefined && model.dr.webLoadBalancer === undefined) {
        out.push(
          warning(
            'lb.certificate-unused',
            ['dr', 'certificateArn'],
            `the DR site has no web servers (${spec.web?.count === 0 ? 'web.count is 0' : 'dr.capacity is none'}), so there is no load balancer to use this certificate`,
            'remove dr.certificateArn, or give the DR site web capacity',
          ),
        );
      } else if (arnRegion(drArn) !== spec.dr.region) {
        out.push(
          error(
            'lb.certificate-region',
            ['dr', 'certificateArn'],
            `the certificate is in ${arnRegion(drArn) ?? 'an unknown region'}, but the DR load balancer is in ${spec.dr.region}; ACM certificates only serve load balancers of their own region`,
            `request or import the certificate in ${spec.dr.region} and use that ARN`,
          ),
        );
      }
    }
    if (spec.web?.loadBalancer?.stickySessions === false) {
      out.push(
        warning(
          'lb.sticky-sessions',
          ['web', 'loadBalancer', 'stickySessions'],
          'sticky sessions are off: CSP sessions are pinned to one web server, so users would lose their session whenever the load balancer picks another',
          'remove stickySessions: false (the reference architecture requires cookie stickiness)',
        ),
      );
    }
    return out;
  },
};

export const portsRule: Rule = {
  ids: ['ports.conflict'],
  description: 'The superserver, web server and ISCAgent ports are distinct and none is the HTTP or HTTPS port of the web tier.',
  check({ spec, model }) {
    const out: Finding[] = [];
    const written = spec.database?.ports ?? {};
    const ports: Array<{ name: 'superserver' | 'webserver' | 'agent'; value: number }> = [
      { name: 'superserver', value: model.ports.superserver },
      { name: 'webserver', value: model.ports.webserver },
      { name: 'agent', value: model.ports.agent },
    ];
    const reserved: Array<[number, string]> = [
      [PORTS.rows.http, 'HTTP'],
      [PORTS.rows.https, 'HTTPS'],
    ];
    const path = (name: string): SpecPath => ['database', 'ports', name];
    ports.forEach((port, i) => {
      for (const [value, label] of reserved) {
        if (port.value === value) {
          out.push(error('ports.conflict', path(port.name), `${port.name} port ${port.value} is the web tier's ${label} port`, `use another port (default ${PORTS.rows[port.name]})`));
        }
      }
      for (const earlier of ports.slice(0, i)) {
        if (earlier.value !== port.value) continue;
        // Point at the port the user wrote (a default cannot be the one to change).
        const blame = written[port.name] !== undefined ? port : earlier;
        const other = blame === port ? earlier : port;
        out.push(
          error(
            'ports.conflict',
            path(blame.name),
            `${blame.name} and ${other.name} are both port ${port.value}`,
            `give ${blame.name} its own port (default ${PORTS.rows[blame.name]})`,
          ),
        );
      }
    });
    return out;
  },
};

export const mirrorRule: Rule = {
  ids: ['mirror.callout-without-vip'],
  description: 'The ^ZMIRROR call-out registers the primary with the VIP load balancer, so it needs one.',
  check({ spec }) {
    const mirror = spec.database?.mirror;
    if (mirror?.zmirrorCallout === true && mirror.vip === 'none') {
      return [
        warning(
          'mirror.callout-without-vip',
          ['database', 'mirror', 'zmirrorCallout'],
          'zmirrorCallout is on but vip is none: there is no VIP target group for ^ZMIRROR to register with, so no IAM role is created',
          'set vip: load-balancer, or remove zmirrorCallout',
        ),
      ];
    }
    return [];
  },
};

export const stateRule: Rule = {
  ids: ['state.s3-needs-bucket', 'state.local-extra', 'state.same-region'],
  description: 'The s3 state backend has a bucket; the local one takes no S3 settings; the state bucket is outside the primary region when there is a DR site.',
  check({ spec, model }) {
    const out: Finding[] = [];
    const state = spec.state;
    const backend = state?.backend ?? D.stateBackend;
    if (backend === 's3') {
      if (state?.bucket === undefined) {
        out.push(error('state.s3-needs-bucket', ['state', 'bucket'], 'the s3 backend needs the bucket that holds the state', 'add state.bucket, for example hospital-terraform-state'));
      } else if (model.topology === 'cloud' && model.dr !== undefined && spec.region !== undefined && (state.region ?? spec.region) === spec.region && state.residencyBasis === undefined) {
        // Another region of the primary's legal area keeps the state under the same law; where
        // there is none (the UK, Switzerland...), moving it out may be what residency forbids.
        const partners = regionsInLegalAreaOf(spec.region);
        out.push(
          warning(
            'state.same-region',
            ['state', 'region'],
            `the state bucket is in the primary region ${spec.region}${state.region === undefined ? ' (the default)' : ''}: an outage of that region would lock the Terraform changes needed to run the DR site`,
            partners.length > 0
              ? `set state.region to another region of the same legal area (${listText(partners)}), or record in state.residencyBasis why the state stays in ${spec.region}`
              : `set state.region to a region other than ${spec.region}, for example ${model.dr.region}; if residency keeps it in ${spec.region} (no other region shares its legal area), record why in state.residencyBasis`,
          ),
        );
      }
    } else {
      for (const key of ['bucket', 'keyPrefix', 'region'] as const) {
        if (state?.[key] === undefined) continue;
        out.push(
          error(
            'state.local-extra',
            ['state', key],
            `state.${key} is an s3 setting, but the backend is local${state.backend === undefined ? ' (the default)' : ''}; it would be ignored`,
            `set state.backend: s3, or remove state.${key}`,
          ),
        );
      }
    }
    return out;
  },
};

export const backupRule: Rule = {
  ids: ['backup.copy-without-dr'],
  description: 'Copying backups to DR needs a primary site in AWS and a DR site.',
  check({ spec, model }) {
    if (spec.backup?.copyToDr !== true) return [];
    if (model.topology === 'hybrid') {
      return [
        warning(
          'backup.copy-without-dr',
          ['backup', 'copyToDr'],
          "copyToDr has no effect in the hybrid model: the only AWS site is the DR site, whose snapshots are already in the DR region",
          'remove copyToDr',
        ),
      ];
    }
    if (spec.dr === undefined) {
      return [warning('backup.copy-without-dr', ['backup', 'copyToDr'], 'copyToDr is true but there is no DR site to copy the snapshots to', 'add a dr site, or remove copyToDr')];
    }
    return [];
  },
};

/**
 * AWS Backup runs no pre/post scripts for EC2 on Linux (its application-consistent option is
 * Windows VSS), so an aws-backup recovery point of a member is crash-consistent: all its volumes at
 * one instant, without ExternalFreeze/ExternalThaw. Said at validate (and plan) time so that
 * nobody picks it believing it freezes the database.
 */
export const backupConsistencyRule: Rule = {
  ids: ['backup.crash-consistent'],
  description: 'AWS Backup takes crash-consistent backups of the members; snapshot is the application-consistent method.',
  check({ spec }) {
    if (spec.backup?.method !== 'aws-backup') return [];
    return [
      warning(
        'backup.crash-consistent',
        ['backup', 'method'],
        'aws-backup is crash-consistent: each member is backed up with all its volumes at one instant, but AWS Backup runs no ExternalFreeze/ExternalThaw on Linux, so restoring one is like restarting after a power loss (write image journal and journal recovery at startup)',
        'use method: snapshot (Data Lifecycle Manager with ExternalFreeze/ExternalThaw scripts) for application-consistent backups, or keep aws-backup if crash-consistent recovery points are acceptable',
      ),
    ];
  },
};

export const imagesRule: Rule = {
  ids: ['images.unused-region'],
  description: 'Each image is for a region the deployment uses.',
  check({ spec, model }) {
    const used = [model.topology === 'cloud' ? spec.region : undefined, spec.dr?.region].filter((r): r is string => r !== undefined);
    return Object.keys(spec.images ?? {})
      .filter((region) => !used.includes(region))
      .map((region) =>
        warning(
          'images.unused-region',
          ['images', region],
          `an image is given for ${region}, but the deployment runs in ${used.length > 0 ? used.join(' and ') : 'no region yet'}; it is ignored`,
          used.length > 0 ? `key it by ${used.join(' or ')}, or remove it` : 'remove it',
        ),
      );
  },
};

export const monitoringRule: Rule = {
  ids: ['monitoring.threshold-order'],
  description: 'The journal critical alarm fires after the warning: its free-space threshold is lower.',
  check({ spec, model }) {
    const t = model.monitoring.thresholds;
    if (t.journalFreeCriticalPercent < t.journalFreeWarningPercent) return [];
    const written = spec.monitoring?.thresholds?.journalFreeCriticalPercent !== undefined;
    return [
      error(
        'monitoring.threshold-order',
        written ? ['monitoring', 'thresholds', 'journalFreeCriticalPercent'] : ['monitoring', 'thresholds', 'journalFreeWarningPercent'],
        `the journal critical alarm fires at ${t.journalFreeCriticalPercent}% free, not below the warning at ${t.journalFreeWarningPercent}%: the critical alarm would come first or together with the warning`,
        `set journalFreeCriticalPercent below journalFreeWarningPercent (defaults ${D.monitoringThresholds.journalFreeCriticalPercent} and ${D.monitoringThresholds.journalFreeWarningPercent})`,
      ),
    ];
  },
};
