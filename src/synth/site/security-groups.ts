// Security groups of one site: one per tier, every rule a separate resource with a description,
// opening only the ports a tier needs and only from the tiers (security groups) that need them.
//
// Who talks to whom (ports from model.ports):
//   clients          -> web LB     443 (80 only to be redirected, and never from 0.0.0.0/0)
//   web LB           -> web        443 (web servers terminate TLS again)
//   web (CSP Gateway)-> app, db    superserver (the gateway serves CSP through the ECP application
//                                  servers or straight from a data server, e.g. HealthShare)
//   app, print (ECP) -> db         superserver
//   db member       <-> db member  superserver + ISCAgent (mirroring, also to remote members)
//   db member        -> arbiter    ISCAgent
//   VIP clients      -> VIP NLB    superserver (app and web tiers, admin networks; both ends: the
//                                  clients' egress and the VIP group's ingress)
//   VIP NLB          -> db         superserver, and the private web server port for the
//                                  mirror_status.cxw health check
//   admin networks   -> app, db    Management Portal (private web server) and superserver (Studio),
//                                  web 443 (Web Gateway management); none when adminCidrs is empty
//   instances        -> anywhere   443 only (AWS APIs, SSM, package repositories)
//   VPC              -> endpoints  443
import type { DeploymentModel, PortsModel, SiteModel, Tier } from '../../model/model';
import { MANAGED_PREFIX_LISTS } from '../../catalog/catalog';
import { Construct, DataAwsEc2ManagedPrefixList, SecurityGroup, VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule } from '../cdktf';
import type { NetworkRefs, SecurityGroupRefs, SiteContext } from './context';

const ANYWHERE_V4 = '0.0.0.0/0';
const ANYWHERE = new Set([ANYWHERE_V4, '::/0']);

interface SgPeer {
  readonly kind: 'sg';
  /** Construct id part naming the group in rule ids. */
  readonly id: string;
  readonly group: SecurityGroup;
  readonly label: string;
}
interface CidrPeer {
  readonly kind: 'cidr';
  readonly cidr: string;
  readonly label: string;
}
/** An AWS-managed prefix list (Route 53 health checkers). */
interface PrefixListPeer {
  readonly kind: 'prefix-list';
  readonly id: string;
  readonly prefixListId: string;
  readonly label: string;
}
type Peer = SgPeer | CidrPeer | PrefixListPeer;

/** A construct-id-safe form of a CIDR: 198.51.100.0/24 -> 198_51_100_0_24. */
export function cidrId(cidr: string): string {
  return cidr.replace(/[^0-9A-Za-z]/g, '_');
}

function cidrPeer(cidr: string, label: string): CidrPeer {
  return { kind: 'cidr', cidr, label: `${label} ${cidr}` };
}

/** Which of its tiers and entry points a site runs (a security group exists only for those). */
export function tiersPresent(site: SiteModel): { web: boolean; app: boolean; arbiter: boolean; vip: boolean; webLb: boolean; httpRedirect: boolean } {
  const tiers = new Set(site.instances.map((i) => i.tier));
  return {
    web: tiers.has('web'),
    app: tiers.has('app') || tiers.has('print'),
    arbiter: tiers.has('arbiter'),
    vip: site.mirrors.some((m) => m.vip),
    webLb: site.webLoadBalancer !== undefined,
    // Port 80 is opened only where the model gives the load balancer a (redirecting) HTTP listener.
    httpRedirect: site.webLoadBalancer?.listeners.some((l) => l.protocol === 'HTTP') ?? false,
  };
}

type GroupKey = 'lb' | 'web' | 'app' | 'db' | 'arbiter' | 'vip' | 'endpoints';
const GROUP_KEYS: readonly GroupKey[] = ['lb', 'web', 'app', 'db', 'arbiter', 'vip', 'endpoints'];
function isGroupKey(peer: PeerRef): peer is GroupKey {
  return (GROUP_KEYS as readonly string[]).includes(peer);
}
const GROUP_LABEL: Record<GroupKey, string> = {
  lb: 'the web load balancer',
  web: 'the web servers',
  app: 'the application and print servers',
  db: 'the mirror members',
  arbiter: 'the arbiter',
  vip: 'the mirror VIP load balancers',
  endpoints: 'the interface endpoints',
};

/** Who a rule admits or reaches: a tier's group, or networks from the model. */
type PeerRef = GroupKey | 'clients' | 'clients-not-anywhere' | 'admins' | 'remotes' | 'anywhere' | 'vpc' | 'route53-health-checkers';
type RuleCondition = 'http-redirect' | 'dns-failover-target';

interface RuleRow {
  /** The group the rule belongs to. */
  readonly group: GroupKey;
  readonly direction: 'in' | 'out';
  readonly port: keyof PortsModel;
  readonly peer: PeerRef;
  /** Why the port is open, the start of the rule's description. */
  readonly why: string;
  readonly when?: RuleCondition;
}

const APIS = 'AWS APIs, SSM and package repositories';

/** Every rule of a site, the table of the header above. */
const RULES: readonly RuleRow[] = [
  { group: 'lb', direction: 'in', port: 'https', peer: 'clients', why: 'Users' },
  { group: 'lb', direction: 'in', port: 'http', peer: 'clients-not-anywhere', why: 'Redirect to HTTPS', when: 'http-redirect' },
  // Route 53 health checkers request mirror_status.cxw through this load balancer when it is a
  // DNS failover target: without them both records would stay unhealthy.
  { group: 'lb', direction: 'in', port: 'https', peer: 'route53-health-checkers', why: 'DNS failover health checks', when: 'dns-failover-target' },
  { group: 'lb', direction: 'out', port: 'https', peer: 'web', why: 'Load balancing' },
  { group: 'web', direction: 'in', port: 'https', peer: 'lb', why: 'Load balanced users' },
  { group: 'web', direction: 'in', port: 'https', peer: 'admins', why: 'Web Gateway management' },
  { group: 'web', direction: 'out', port: 'superserver', peer: 'app', why: 'CSP Gateway to the ECP application servers' },
  { group: 'web', direction: 'out', port: 'superserver', peer: 'db', why: 'CSP Gateway to the data servers' },
  // The VIP admits the web tier; the connection's destination is the NLB's network interface,
  // which is in the vip group, not db, so the web group must let it out too.
  { group: 'web', direction: 'out', port: 'superserver', peer: 'vip', why: 'Direct clients to the mirror VIP' },
  { group: 'web', direction: 'out', port: 'https', peer: 'anywhere', why: APIS },
  { group: 'app', direction: 'in', port: 'superserver', peer: 'web', why: 'CSP Gateway' },
  { group: 'app', direction: 'in', port: 'webserver', peer: 'admins', why: 'Management Portal' },
  { group: 'app', direction: 'in', port: 'superserver', peer: 'admins', why: 'Studio and administration' },
  { group: 'app', direction: 'out', port: 'superserver', peer: 'db', why: 'ECP to the data server' },
  { group: 'app', direction: 'out', port: 'superserver', peer: 'vip', why: 'Direct clients to the mirror VIP' },
  { group: 'app', direction: 'out', port: 'https', peer: 'anywhere', why: APIS },
  { group: 'db', direction: 'in', port: 'superserver', peer: 'app', why: 'ECP from the application servers' },
  { group: 'db', direction: 'in', port: 'superserver', peer: 'web', why: 'CSP Gateway' },
  { group: 'db', direction: 'in', port: 'superserver', peer: 'db', why: 'Mirroring between members' },
  { group: 'db', direction: 'in', port: 'agent', peer: 'db', why: 'ISCAgent between members' },
  { group: 'db', direction: 'in', port: 'superserver', peer: 'vip', why: 'Mirror VIP clients' },
  { group: 'db', direction: 'in', port: 'webserver', peer: 'vip', why: 'Mirror VIP health check of mirror_status.cxw' },
  { group: 'db', direction: 'in', port: 'superserver', peer: 'remotes', why: 'Mirroring with remote members' },
  { group: 'db', direction: 'in', port: 'agent', peer: 'remotes', why: 'ISCAgent of remote members' },
  { group: 'db', direction: 'in', port: 'webserver', peer: 'admins', why: 'Management Portal' },
  { group: 'db', direction: 'in', port: 'superserver', peer: 'admins', why: 'Studio and administration' },
  { group: 'db', direction: 'out', port: 'superserver', peer: 'db', why: 'Mirroring between members' },
  { group: 'db', direction: 'out', port: 'agent', peer: 'db', why: 'ISCAgent between members' },
  { group: 'db', direction: 'out', port: 'agent', peer: 'arbiter', why: 'Failover members to the arbiter' },
  { group: 'db', direction: 'out', port: 'superserver', peer: 'remotes', why: 'Mirroring with remote members' },
  { group: 'db', direction: 'out', port: 'agent', peer: 'remotes', why: 'ISCAgent of remote members' },
  { group: 'db', direction: 'out', port: 'https', peer: 'anywhere', why: APIS },
  { group: 'arbiter', direction: 'in', port: 'agent', peer: 'db', why: 'Failover members' },
  { group: 'arbiter', direction: 'out', port: 'https', peer: 'anywhere', why: APIS },
  { group: 'vip', direction: 'in', port: 'superserver', peer: 'app', why: 'Mirror VIP clients' },
  { group: 'vip', direction: 'in', port: 'superserver', peer: 'web', why: 'Mirror VIP clients' },
  { group: 'vip', direction: 'in', port: 'superserver', peer: 'admins', why: 'Mirror VIP clients' },
  { group: 'vip', direction: 'out', port: 'superserver', peer: 'db', why: 'Mirror VIP to the current primary' },
  { group: 'vip', direction: 'out', port: 'webserver', peer: 'db', why: 'Health check of mirror_status.cxw' },
  { group: 'endpoints', direction: 'in', port: 'https', peer: 'vpc', why: 'SSM agents' },
];

export class SecurityGroups extends Construct implements SecurityGroupRefs {
  // Groups of tiers the site does not run are not created: an empty group attached to nothing is
  // dead weight that scanners flag (checkov CKV2_AWS_5), e.g. the arbiter's in a DR site or the
  // web tiers' in a hybrid DR site without web servers. Asking for one is a bug, and throws.
  private readonly groups: Partial<Record<GroupKey, SecurityGroup>> = {};
  private required(key: GroupKey): SecurityGroup {
    const found = this.groups[key];
    if (found === undefined) throw new Error(`security group ${key}: the site has no such tier`);
    return found;
  }
  get webLoadBalancer(): SecurityGroup | undefined {
    return this.groups.lb;
  }
  get database(): SecurityGroup {
    return this.required('db');
  }
  get vip(): SecurityGroup | undefined {
    return this.groups.vip;
  }
  get endpoints(): SecurityGroup | undefined {
    return this.groups.endpoints;
  }
  /** Filled in the constructor from the tiers the site runs. */
  readonly servers: ReadonlyMap<Tier, SecurityGroup>;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { network: NetworkRefs }) {
    super(scope, id);
    const { model, site } = ctx;
    const vpcId = deps.network.vpc.id;
    const tiers = tiersPresent(site);
    const group = (sgId: GroupKey, wanted: boolean, suffix: string, description: string): void => {
      if (wanted) this.groups[sgId] = new SecurityGroup(this, sgId, { name: ctx.name(suffix), description, vpcId, tags: { Name: ctx.name(suffix) } });
    };

    group('lb', tiers.webLb, 'web-lb', 'Web entry load balancer: HTTPS from clients');
    group('web', tiers.web, 'web', 'Web servers (Web Gateway): HTTPS from the web load balancer');
    group('app', tiers.app, 'app', 'ECP application and print servers: superserver from the web servers');
    group('db', true, 'db', 'Mirror members: superserver and ISCAgent from the tiers and members that need them');
    group('arbiter', tiers.arbiter, 'arbiter', 'Mirror arbiter: ISCAgent from the mirror members');
    group('vip', tiers.vip, 'vip', 'Mirror VIP load balancers: superserver from VIP clients');
    // Only for endpoints refarch creates: with `endpoints: existing` the group would guard nothing.
    group('endpoints', site.egress.interfaceEndpoints.length > 0, 'endpoints', 'Interface VPC endpoints (SSM): HTTPS from the VPC');
    const servers = new Map<Tier, SecurityGroup>();
    const serverGroup: Record<Tier, GroupKey> = { web: 'web', app: 'app', print: 'app', database: 'db', arbiter: 'arbiter' };
    for (const tier of new Set(site.instances.map((i) => i.tier))) servers.set(tier, this.required(serverGroup[tier]));
    this.servers = servers;
    for (const endpoint of Object.values(deps.network.interfaceEndpoints ?? {})) endpoint.securityGroupIds = [this.required('endpoints').id];

    // A peer's group is looked up when a rule uses it, so a peer of an absent tier costs nothing.
    const groupPeer = (key: GroupKey): SgPeer => {
      const groups = this;
      return {
        kind: 'sg',
        id: key,
        label: GROUP_LABEL[key],
        get group() {
          return groups.required(key);
        },
      };
    };
    let route53: PrefixListPeer | undefined;
    const peersOf = (peer: PeerRef): Peer[] => {
      switch (peer) {
        case 'clients':
          return model.clientCidrs.map((c) => cidrPeer(c, 'clients'));
        case 'clients-not-anywhere':
          // Port 80 only serves the redirect to HTTPS, and is never opened to the whole internet.
          return model.clientCidrs.filter((c) => !ANYWHERE.has(c)).map((c) => cidrPeer(c, 'clients'));
        case 'admins':
          return model.adminCidrs.map((c) => cidrPeer(c, 'admin network'));
        case 'remotes':
          return site.remoteMirrorCidrs.map((c) => cidrPeer(c, 'remote mirror members'));
        case 'anywhere':
          return [cidrPeer(ANYWHERE_V4, 'anywhere')];
        case 'vpc':
          return [cidrPeer(site.vpcCidr, 'the VPC')];
        case 'route53-health-checkers':
          if (route53 === undefined) {
            const list = new DataAwsEc2ManagedPrefixList(this, 'route53_healthchecks', { name: MANAGED_PREFIX_LISTS.rows.route53HealthChecks.replace('{region}', site.region) });
            route53 = { kind: 'prefix-list', id: 'route53_healthchecks', prefixListId: list.id, label: 'the Route 53 health checkers' };
          }
          return [route53];
        default:
          return [groupPeer(peer)];
      }
    };
    const present = (key: GroupKey): boolean => this.groups[key] !== undefined;
    const conditions: Record<RuleCondition, boolean> = { 'http-redirect': tiers.httpRedirect, 'dns-failover-target': isDnsFailoverTarget(model, site) };

    // One network can play two parts, e.g. a hybrid site whose admin network is also the
    // on-premises members' network: both would open the superserver port of the members to the
    // same CIDR. That is one rule (AWS refuses the duplicate, and cdktf the duplicate id); the
    // first row to ask for it names it, in the order of RULES.
    const created = new Set<string>();
    for (const row of RULES) {
      // A rule exists when its group and (for a group peer) the peer's group exist: a tier the
      // site does not run has no group and so no rules, and none point at it.
      if (!present(row.group) || (isGroupKey(row.peer) && !present(row.peer)) || (row.when !== undefined && !conditions[row.when])) continue;
      const port = { name: row.port, port: model.ports[row.port] };
      for (const peer of peersOf(row.peer)) {
        const ruleId = `${row.group}_${row.direction}_${port.name}_${row.direction === 'in' ? 'from' : 'to'}_${peerId(peer)}`;
        if (created.has(ruleId)) continue;
        created.add(ruleId);
        const common = {
          securityGroupId: this.required(row.group).id,
          tags: { Name: ctx.name(ruleId.replace(/_/g, '-')) },
          description: `${row.why}: ${port.name} ${port.port} ${row.direction === 'in' ? 'from' : 'to'} ${peer.label}`,
          ipProtocol: 'tcp',
          fromPort: port.port,
          toPort: port.port,
          ...peerArgs(peer),
        };
        if (row.direction === 'in') new VpcSecurityGroupIngressRule(this, ruleId, common);
        else new VpcSecurityGroupEgressRule(this, ruleId, common);
      }
    }
  }
}

function peerId(peer: Peer): string {
  if (peer.kind === 'sg' || peer.kind === 'prefix-list') return peer.id;
  return `cidr_${cidrId(peer.cidr)}`;
}

function isDnsFailoverTarget(model: DeploymentModel, site: SiteModel): boolean {
  // An internal entry's health is a CloudWatch alarm: no Route 53 checker connects to it.
  return [model.dns?.primary, model.dns?.secondary].some((target) => target?.kind === 'site' && target.site === site.role && target.healthAlarmName === undefined);
}

function peerArgs(peer: Peer): { referencedSecurityGroupId?: string; prefixListId?: string; cidrIpv4?: string; cidrIpv6?: string } {
  if (peer.kind === 'sg') return { referencedSecurityGroupId: peer.group.id };
  if (peer.kind === 'prefix-list') return { prefixListId: peer.prefixListId };
  return peer.cidr.includes(':') ? { cidrIpv6: peer.cidr } : { cidrIpv4: peer.cidr };
}
