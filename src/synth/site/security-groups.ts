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
import type { DeploymentModel, SiteModel } from '../../model/model';
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

interface Port {
  readonly name: string;
  readonly port: number;
}

/** A construct-id-safe form of a CIDR: 198.51.100.0/24 -> 198_51_100_0_24. */
export function cidrId(cidr: string): string {
  return cidr.replace(/[^0-9A-Za-z]/g, '_');
}

function cidrPeer(cidr: string, label: string): CidrPeer {
  return { kind: 'cidr', cidr, label: `${label} ${cidr}` };
}

export function siteTiers(site: SiteModel): { web: boolean; app: boolean; arbiter: boolean; vip: boolean; webLb: boolean; httpRedirect: boolean } {
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

export class SecurityGroups extends Construct implements SecurityGroupRefs {
  // Groups of tiers the site does not run are not created: an empty group attached to nothing is
  // dead weight that scanners flag (checkov CKV2_AWS_5), e.g. the arbiter's in a DR site or the
  // web tiers' in a hybrid DR site without web servers. Asking for one is a bug, and throws.
  private readonly groups: Partial<Record<'lb' | 'web' | 'app' | 'db' | 'arbiter' | 'vip' | 'endpoints', SecurityGroup>> = {};
  private required(key: keyof SecurityGroups['groups']): SecurityGroup {
    const found = this.groups[key];
    if (found === undefined) throw new Error(`security group ${key}: the site has no such tier`);
    return found;
  }
  get webLoadBalancer(): SecurityGroup {
    return this.required('lb');
  }
  get web(): SecurityGroup {
    return this.required('web');
  }
  get app(): SecurityGroup {
    return this.required('app');
  }
  get database(): SecurityGroup {
    return this.required('db');
  }
  get arbiter(): SecurityGroup {
    return this.required('arbiter');
  }
  get vip(): SecurityGroup {
    return this.required('vip');
  }
  get endpoints(): SecurityGroup {
    return this.required('endpoints');
  }

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { network: NetworkRefs }) {
    super(scope, id);
    const { model, site } = ctx;
    const vpcId = deps.network.vpc.id;
    const tiers = siteTiers(site);
    const group = (sgId: keyof SecurityGroups['groups'], wanted: boolean, suffix: string, description: string): void => {
      if (wanted) this.groups[sgId] = new SecurityGroup(this, sgId, { name: ctx.name(suffix), description, vpcId, tags: { Name: ctx.name(suffix) } });
    };

    group('lb', tiers.webLb, 'web-lb', 'Web entry load balancer: HTTPS from clients');
    group('web', tiers.web, 'web', 'Web servers (Web Gateway): HTTPS from the web load balancer');
    group('app', tiers.app, 'app', 'ECP application and print servers: superserver from the web servers');
    group('db', true, 'db', 'Mirror members: superserver and ISCAgent from the tiers and members that need them');
    group('arbiter', tiers.arbiter, 'arbiter', 'Mirror arbiter: ISCAgent from the mirror members');
    group('vip', tiers.vip, 'vip', 'Mirror VIP load balancers: superserver from VIP clients');
    group('endpoints', true, 'endpoints', 'Interface VPC endpoints (SSM): HTTPS from the VPC');
    for (const endpoint of Object.values(deps.network.interfaceEndpoints ?? {})) endpoint.securityGroupIds = [this.endpoints.id];

    const p = model.ports;
    const https: Port = { name: 'https', port: p.https };
    const http: Port = { name: 'http', port: p.http };
    const superserver: Port = { name: 'superserver', port: p.superserver };
    const webserver: Port = { name: 'webserver', port: p.webserver };
    const agent: Port = { name: 'agent', port: p.agent };

    // A peer's group is looked up when a rule uses it, so a peer of an absent tier costs nothing.
    const sg = (sgId: keyof SecurityGroups['groups'], label: string): SgPeer => {
      const groups = this;
      return {
        kind: 'sg',
        id: sgId,
        label,
        get group() {
          return groups.required(sgId);
        },
      };
    };
    const lb = sg('lb', 'the web load balancer');
    const web = sg('web', 'the web servers');
    const app = sg('app', 'the application and print servers');
    const db = sg('db', 'the mirror members');
    const arbiter = sg('arbiter', 'the arbiter');
    const vip = sg('vip', 'the mirror VIP load balancers');
    const admins = model.adminCidrs.map((c) => cidrPeer(c, 'admin network'));
    const remotes = site.remoteMirrorCidrs.map((c) => cidrPeer(c, 'remote mirror members'));
    const anywhere = cidrPeer(ANYWHERE_V4, 'anywhere');

    // One network can play two parts, e.g. a hybrid site whose admin network is also the
    // on-premises members' network: both would open the superserver port of the members to the
    // same CIDR. That is one rule (AWS refuses the duplicate, and cdktf the duplicate id); the
    // first part to ask for it names it, in the fixed order below.
    const created = new Set<string>();
    const ingress = (to: SgPeer, port: Port, from: Peer, why: string): void => {
      const fromId = peerId(from);
      const ruleId = `${to.id}_in_${port.name}_from_${fromId}`;
      if (created.has(ruleId)) return;
      created.add(ruleId);
      new VpcSecurityGroupIngressRule(this, ruleId, {
        securityGroupId: to.group.id,
        tags: { Name: ctx.name(ruleId.replace(/_/g, '-')) },
        description: `${why}: ${port.name} ${port.port} from ${from.label}`,
        ipProtocol: 'tcp',
        fromPort: port.port,
        toPort: port.port,
        ...peerArgs(from),
      });
    };
    const egress = (from: SgPeer, port: Port, to: Peer, why: string): void => {
      const toId = peerId(to);
      const ruleId = `${from.id}_out_${port.name}_to_${toId}`;
      if (created.has(ruleId)) return;
      created.add(ruleId);
      new VpcSecurityGroupEgressRule(this, ruleId, {
        securityGroupId: from.group.id,
        tags: { Name: ctx.name(ruleId.replace(/_/g, '-')) },
        description: `${why}: ${port.name} ${port.port} to ${to.label}`,
        ipProtocol: 'tcp',
        fromPort: port.port,
        toPort: port.port,
        ...peerArgs(to),
      });
    };

    if (tiers.webLb) {
      for (const cidr of model.clientCidrs) ingress(lb, https, cidrPeer(cidr, 'clients'), 'Users');
      // Port 80 only serves the redirect to HTTPS, and is never opened to the whole internet.
      if (tiers.httpRedirect) for (const cidr of model.clientCidrs.filter((c) => !ANYWHERE.has(c))) ingress(lb, http, cidrPeer(cidr, 'clients'), 'Redirect to HTTPS');
      // Route 53 health checkers request mirror_status.cxw through this load balancer when it is a
      // DNS failover target: without them both records would stay unhealthy.
      if (isDnsFailoverTarget(model, site)) {
        const list = new DataAwsEc2ManagedPrefixList(this, 'route53_healthchecks', { name: MANAGED_PREFIX_LISTS.rows.route53HealthChecks.replace('{region}', site.region) });
        ingress(lb, https, { kind: 'prefix-list', id: 'route53_healthchecks', prefixListId: list.id, label: 'the Route 53 health checkers' }, 'DNS failover health checks');
      }
      if (tiers.web) egress(lb, https, web, 'Load balancing');
    }
    if (tiers.web) {
      if (tiers.webLb) ingress(web, https, lb, 'Load balanced users');
      for (const admin of admins) ingress(web, https, admin, 'Web Gateway management');
      if (tiers.app) egress(web, superserver, app, 'CSP Gateway to the ECP application servers');
      egress(web, superserver, db, 'CSP Gateway to the data servers');
      // The VIP admits the web tier (below); the connection's destination is the NLB's network
      // interface, which is in the vip group, not db, so the web group must let it out too.
      if (tiers.vip) egress(web, superserver, vip, 'Direct clients to the mirror VIP');
      egress(web, https, anywhere, 'AWS APIs, SSM and package repositories');
    }
    if (tiers.app) {
      if (tiers.web) ingress(app, superserver, web, 'CSP Gateway');
      for (const admin of admins) {
        ingress(app, webserver, admin, 'Management Portal');
        ingress(app, superserver, admin, 'Studio and administration');
      }
      egress(app, superserver, db, 'ECP to the data server');
      if (tiers.vip) egress(app, superserver, vip, 'Direct clients to the mirror VIP');
      egress(app, https, anywhere, 'AWS APIs, SSM and package repositories');
    }

    // Mirror members.
    if (tiers.app) ingress(db, superserver, app, 'ECP from the application servers');
    if (tiers.web) ingress(db, superserver, web, 'CSP Gateway');
    ingress(db, superserver, db, 'Mirroring between members');
    ingress(db, agent, db, 'ISCAgent between members');
    if (tiers.vip) {
      ingress(db, superserver, vip, 'Mirror VIP clients');
      ingress(db, webserver, vip, 'Mirror VIP health check of mirror_status.cxw');
    }
    for (const remote of remotes) {
      ingress(db, superserver, remote, 'Mirroring with remote members');
      ingress(db, agent, remote, 'ISCAgent of remote members');
    }
    for (const admin of admins) {
      ingress(db, webserver, admin, 'Management Portal');
      ingress(db, superserver, admin, 'Studio and administration');
    }
    egress(db, superserver, db, 'Mirroring between members');
    egress(db, agent, db, 'ISCAgent between members');
    if (tiers.arbiter) egress(db, agent, arbiter, 'Failover members to the arbiter');
    for (const remote of remotes) {
      egress(db, superserver, remote, 'Mirroring with remote members');
      egress(db, agent, remote, 'ISCAgent of remote members');
    }
    egress(db, https, anywhere, 'AWS APIs, SSM and package repositories');

    if (tiers.arbiter) {
      ingress(arbiter, agent, db, 'Failover members');
      egress(arbiter, https, anywhere, 'AWS APIs, SSM and package repositories');
    }
    if (tiers.vip) {
      if (tiers.app) ingress(vip, superserver, app, 'Mirror VIP clients');
      if (tiers.web) ingress(vip, superserver, web, 'Mirror VIP clients');
      for (const admin of admins) ingress(vip, superserver, admin, 'Mirror VIP clients');
      egress(vip, superserver, db, 'Mirror VIP to the current primary');
      egress(vip, webserver, db, 'Health check of mirror_status.cxw');
    }
    ingress(sg('endpoints', 'the interface endpoints'), https, cidrPeer(site.vpcCidr, 'the VPC'), 'SSM agents');
  }
}

function peerId(peer: Peer): string {
  if (peer.kind === 'sg' || peer.kind === 'prefix-list') return peer.id;
  return `cidr_${cidrId(peer.cidr)}`;
}

function isDnsFailoverTarget(model: DeploymentModel, site: SiteModel): boolean {
  return [model.dns?.primary, model.dns?.secondary].some((target) => target?.kind === 'site' && target.site === site.role);
}

function peerArgs(peer: Peer): { referencedSecurityGroupId?: string; prefixListId?: string; cidrIpv4?: string; cidrIpv6?: string } {
  if (peer.kind === 'sg') return { referencedSecurityGroupId: peer.group.id };
  if (peer.kind === 'prefix-list') return { prefixListId: peer.prefixListId };
  return peer.cidr.includes(':') ? { cidrIpv6: peer.cidr } : { cidrIpv4: peer.cidr };
}
