// Landing zones: deploying into an existing VPC and subnets, egress, an internal web entry, the
// link between the sites, and other AWS accounts. What the schema's shapes cannot say: lists
// that must match the zones, ids that must agree, and combinations refarch refuses because they
// would fail at apply (or silently do nothing) in an organisation it does not own.
import { DEFAULTS } from '../../catalog/catalog';
import { LANDING_ZONE } from '../../catalog/landing-zone';
import type { SpecPath, SubnetTier } from '../../model/model';
import type { RawSpec } from '../../spec/types';
import type { Finding } from '../../model/diagnostics';
import type { Rule } from './rule';
import { error, listText, warning } from './util';

const D = DEFAULTS.rows;
const LZ = LANDING_ZONE.rows;
const TIERS: readonly SubnetTier[] = ['public', 'web', 'app', 'data'];
const ANYWHERE = new Set(['0.0.0.0/0']);

type RawSubnetIds = NonNullable<NonNullable<RawSpec['network']>['subnetIds']>;

interface SiteNetwork {
  readonly label: string;
  readonly base: SpecPath;
  readonly zonesPath: SpecPath;
  readonly zones: readonly string[];
  readonly vpcId: string | undefined;
  readonly vpcCidr: string | undefined;
  readonly subnetIds: RawSubnetIds | undefined;
  /** The site has a web load balancer (web servers). */
  readonly hasWeb: boolean;
}

function siteNetworks({ spec, model }: Parameters<Rule['check']>[0]): SiteNetwork[] {
  const out: SiteNetwork[] = [];
  if (model.primary) {
    out.push({
      label: 'primary site',
      base: ['network'],
      zonesPath: ['availabilityZones'],
      zones: spec.availabilityZones ?? [],
      vpcId: spec.network?.vpcId,
      vpcCidr: spec.network?.vpcCidr,
      subnetIds: spec.network?.subnetIds,
      hasWeb: model.primary.webLoadBalancer !== undefined,
    });
  }
  if (model.dr && spec.dr) {
    out.push({
      label: 'DR site',
      base: ['dr'],
      zonesPath: ['dr', 'availabilityZones'],
      zones: spec.dr.availabilityZones,
      vpcId: spec.dr.vpcId,
      vpcCidr: spec.dr.vpcCidr,
      subnetIds: spec.dr.subnetIds,
      hasWeb: model.dr.webLoadBalancer !== undefined,
    });
  }
  return out;
}

export const existingNetworkRule: Rule = {
  ids: ['network.existing-pair', 'network.existing-cidr', 'network.subnet-count', 'network.subnet-zone', 'network.shared-subnet', 'network.public-subnets', 'network.existing-vpn'],
  description: 'An existing VPC comes with its CIDR and subnets, one per zone per tier in zone order; a subnet sits in one zone; shared subnets are said; an internet-facing entry has public subnets.',
  check(context) {
    const out: Finding[] = [];
    for (const site of siteNetworks(context)) {
      const { base, label } = site;
      if (site.vpcId !== undefined && site.subnetIds === undefined) {
        out.push(error('network.existing-pair', [...base, 'vpcId'], `the ${label} names an existing VPC but not its subnets`, `add ${[...base, 'subnetIds'].join('.')} with web, app and data subnet ids of ${site.vpcId}, one per availability zone, or remove vpcId to let refarch create the VPC`));
        continue;
      }
      if (site.vpcId === undefined && site.subnetIds !== undefined) {
        out.push(error('network.existing-pair', [...base, 'subnetIds'], `the ${label} lists existing subnets but no VPC they belong to`, `add ${[...base, 'vpcId'].join('.')} (the VPC of these subnets), or remove subnetIds to let refarch create the network`));
        continue;
      }
      if (site.vpcId === undefined || site.subnetIds === undefined) continue;
      if (site.vpcCidr === undefined) {
        out.push(error('network.existing-cidr', [...base, 'vpcId'], `the ${label}'s existing VPC ${site.vpcId} needs its CIDR stated: security groups and the other site admit it, and terraform plan checks it`, `add ${[...base, 'vpcCidr'].join('.')} with the CIDR of ${site.vpcId}, for example 10.64.0.0/20`));
      }
      if (base[0] === 'dr' && context.model.topology === 'hybrid') {
        out.push(error('network.existing-vpn', [...base, 'vpcId'], 'the hybrid model attaches a VPN gateway to the DR VPC and propagates its routes into the route tables, which an existing VPC\'s network team owns', 'remove dr.vpcId and dr.subnetIds (refarch creates the DR VPC), or connect on premises through the network team (Transit Gateway) and deploy the cloud model'));
      }
      const ids = site.subnetIds;
      const zones = site.zones.length;
      // Where each id is listed: tier and position.
      const seen = new Map<string, { tier: SubnetTier; index: number }>();
      const shared: string[] = [];
      let sharedPath: SpecPath | undefined;
      for (const tier of TIERS) {
        const list = ids[tier];
        if (list === undefined) continue;
        const path: SpecPath = [...base, 'subnetIds', tier];
        if (list.length !== zones) {
          out.push(
            error(
              'network.subnet-count',
              path,
              `${list.length} ${tier} subnet${list.length === 1 ? '' : 's'} for ${zones} availability zones: refarch places one subnet per zone, in ${site.zonesPath.join('.')} order`,
              `list exactly ${zones} subnet ids, the first in ${site.zones[0] ?? 'the first zone'}${zones > 1 ? `, the last in ${site.zones[zones - 1]}` : ''}`,
              { value: list.length, limit: zones, unit: 'subnets' },
            ),
          );
        }
        list.forEach((id, index) => {
          const first = seen.get(id);
          if (first === undefined) {
            seen.set(id, { tier, index });
            return;
          }
          if (first.index !== index) {
            out.push(
              error(
                'network.subnet-zone',
                [...path, index],
                `subnet ${id} is listed in zone position ${index + 1} (${site.zones[index] ?? '?'}) here but in position ${first.index + 1} (${site.zones[first.index] ?? '?'}) of ${first.tier}: a subnet is in one zone`,
                `list each subnet at the position of its zone in ${site.zonesPath.join('.')} in every tier`,
              ),
            );
            return;
          }
          if (!shared.includes(id)) shared.push(id);
          sharedPath ??= [...path, index];
        });
      }
      if (sharedPath !== undefined) {
        out.push(
          warning(
            'network.shared-subnet',
            sharedPath,
            `tiers of the ${label} share subnet${shared.length === 1 ? '' : 's'} ${listText(shared)}: security groups keep the tiers apart, and each shared subnet must hold the free addresses of every tier placed in it (checked at terraform plan)`,
            'nothing to do if the landing zone gives one private subnet per zone; otherwise list a subnet per tier',
          ),
        );
      }
      const internetFacing = site.hasWeb && (context.spec.web?.loadBalancer?.scheme ?? LZ.defaults.scheme) === 'internet-facing';
      if (internetFacing && ids.public === undefined) {
        out.push(
          error(
            'network.public-subnets',
            [...base, 'subnetIds'],
            `the ${label}'s internet-facing web load balancer needs public subnets of ${site.vpcId}, and none are listed`,
            `add ${[...base, 'subnetIds', 'public'].join('.')} (one per zone), or set web.loadBalancer.scheme: internal`,
          ),
        );
      }
    }
    return out;
  },
};

export const egressRule: Rule = {
  ids: ['network.egress-existing', 'network.egress-none-container'],
  description: 'An existing VPC is not given NAT gateways: egress is central or none there; without egress nothing is pulled from a container registry.',
  check(context) {
    const { spec, model } = context;
    const egress = spec.network?.egress ?? LZ.defaults.egress;
    const install = model.software.install;
    if (egress === 'none' && install.kind === 'container') {
      return [
        error(
          'network.egress-none-container',
          ['network', 'egress'],
          `egress none leaves the instances no way to the container registry of ${install.image || 'software.install.image'} (refarch creates no registry endpoints), so every server would fail at boot`,
          'install from S3 (software.install.kind: kit, through the S3 gateway endpoint) or from the image, or set network.egress: central',
        ),
      ];
    }
    if (egress !== 'nat') return [];
    const existing = siteNetworks(context).find((s) => s.vpcId !== undefined);
    if (existing === undefined) return [];
    return [
      error(
        'network.egress-existing',
        spec.network?.egress !== undefined ? ['network', 'egress'] : [...existing.base, 'vpcId'],
        `egress nat would add internet and NAT gateways, Elastic IPs and routes to ${existing.vpcId}, a VPC refarch does not own`,
        'set network.egress: central (the network team\'s routes carry outbound traffic) or none (VPC endpoints only)',
      ),
    ];
  },
};

export const natGatewaysRule: Rule = {
  ids: ['network.nat-unused'],
  description: 'network.natGateways is given only where refarch creates NAT gateways (egress nat).',
  check({ spec }) {
    const egress = spec.network?.egress ?? LZ.defaults.egress;
    if (egress === 'nat' || spec.network?.natGateways === undefined) return [];
    return [
      warning(
        'network.nat-unused',
        ['network', 'natGateways'],
        `natGateways: ${spec.network.natGateways} has no effect: with egress ${egress} refarch creates no NAT gateway (${egress === 'central' ? "the network team's routes carry outbound traffic" : 'the instances have no internet route'})`,
        'remove network.natGateways, or set network.egress: nat if refarch should create the NAT gateways',
      ),
    ];
  },
};

export const internalEntryRule: Rule = {
  ids: ['lb.internal-public-subnets', 'lb.internal-clients'],
  description: 'An internal web entry takes no public subnets and is not opened to the internet.',
  check(context) {
    const { spec, model } = context;
    if ((spec.web?.loadBalancer?.scheme ?? LZ.defaults.scheme) !== 'internal') return [];
    const out: Finding[] = [];
    for (const site of siteNetworks(context)) {
      if (site.subnetIds?.public !== undefined) {
        out.push(error('lb.internal-public-subnets', [...site.base, 'subnetIds', 'public'], 'an internal web load balancer sits in the web subnets; public subnets would be unused', `remove ${[...site.base, 'subnetIds', 'public'].join('.')}, or set web.loadBalancer.scheme: internet-facing`));
      }
    }
    const open = model.clientCidrs.filter((c) => ANYWHERE.has(c));
    if (open.length > 0 && (model.primary?.webLoadBalancer !== undefined || model.dr?.webLoadBalancer !== undefined)) {
      const written = spec.network?.clientCidrs;
      const index = written?.findIndex((c) => ANYWHERE.has(c)) ?? -1;
      out.push(
        error(
          'lb.internal-clients',
          written === undefined ? ['web', 'loadBalancer', 'scheme'] : ['network', 'clientCidrs', index],
          `an internal web load balancer is reached only from networks routed to the VPC, but clientCidrs ${written === undefined ? 'defaults to' : 'includes'} the whole internet (0.0.0.0/0)`,
          'set network.clientCidrs to the networks of your users, for example [10.0.0.0/8]',
        ),
      );
    }
    return out;
  },
};

/** The account id inside an IAM ARN (arn:partition:iam::ACCOUNT:...). */
function arnAccount(arn: string): string | undefined {
  return arn.split(':')[4];
}

export const accountsRule: Rule = {
  ids: ['accounts.role-account', 'accounts.dr-backup-copy', 'accounts.dns-internal-entry', 'dr.link-cidr'],
  description: 'Each role is in its account; what crosses accounts works end to end or is refused with the reason; routing left to the network team names the DR CIDR.',
  check(context) {
    const { spec, model } = context;
    const out: Finding[] = [];
    for (const role of ['primary', 'dr', 'dns'] as const) {
      const account = spec.accounts?.[role];
      if (account?.roleArn === undefined) continue;
      const inArn = arnAccount(account.roleArn);
      if (inArn !== account.id) {
        out.push(error('accounts.role-account', ['accounts', role, 'roleArn'], `the role is in account ${inArn}, but accounts.${role}.id is ${account.id}: Terraform would assume a role of another account, and allowed_account_ids would then refuse it`, `use a role of account ${account.id} (arn:aws:iam::${account.id}:role/<name>), or correct accounts.${role}.id`));
      }
    }
    const primaryAccount = model.primary?.account?.id;
    const drAccount = model.dr?.account?.id;
    if (model.backup.copyToDr && primaryAccount !== undefined && drAccount !== undefined && primaryAccount !== drAccount) {
      out.push(
        error(
          'accounts.dr-backup-copy',
          spec.backup?.copyToDr !== undefined ? ['backup', 'copyToDr'] : ['accounts', 'dr', 'id'],
          `copying backups to the DR site crosses from account ${primaryAccount} to ${drAccount}: a DLM copy needs a share policy here and a copy policy and key grant in the DR account, an AWS Backup copy a vault policy there and cross-account backup enabled in the organisation, none of which refarch writes`,
          'set backup.copyToDr: false and copy with the organisation\'s backup policy (AWS Backup, cross-account), or deploy DR in the primary account',
        ),
      );
    }
    const dns = model.dns;
    const dnsAccount = dns?.account?.id;
    if (dns && dns.siteHealthCheck === 'alarm' && dnsAccount !== undefined) {
      const other = [model.primary?.account?.id, model.dr?.account?.id].filter((id) => id !== dnsAccount);
      if (other.length > 0) {
        out.push(
          error(
            'accounts.dns-internal-entry',
            ['accounts', 'dns', 'id'],
            `an internal web entry's failover health check reads a CloudWatch alarm, and Route 53 reads alarms of its own account only; the zone's account ${dnsAccount} is not the site's ${other[0] ?? 'account'}`,
            'remove accounts.dns (the dns stack then runs in the site\'s account), or set web.loadBalancer.scheme: internet-facing (HTTPS health checks work across accounts)',
          ),
        );
      }
    }
    // An existing DR VPC without its CIDR is network.existing-cidr's to report, once.
    if (spec.dr?.link === 'none' && spec.dr.vpcCidr === undefined && spec.dr.vpcId === undefined && model.topology === 'cloud') {
      out.push(
        error(
          'dr.link-cidr',
          ['dr', 'link'],
          `with dr.link none the network team routes between the sites, and the security groups admit the DR VPC by its CIDR, which is not stated (the default ${D.drVpcCidr} is only what refarch would create)`,
          'add dr.vpcCidr with the CIDR the network team routes to the DR VPC',
        ),
      );
    }
    return out;
  },
};
