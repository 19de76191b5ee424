// diagram: the deployment drawn like the physical-architecture figures of the reference
// architecture (Figure-2 hybrid, Figure-3 cloud, Figure-12 TrakCare, Figure-14 HealthShare):
// regions as clusters, the VPC, one column per availability zone with a subnet per tier, the
// external load balancer, web/app/print servers, mirror pairs and the arbiter, the mirror VIP
// load balancers, DR async members, the on-premises site and its VPN, and Route 53, with labelled
// edges (HTTPS, CSP Gateway, ECP, sync mirror, async mirror, arbiter, VIP polling, VPN, DNS failover).
//
// One graph is built from the model, then written as Graphviz DOT or as Mermaid flowchart text.
// Node ids come from model keys and everything is emitted in model order, so the output is
// byte-identical for the same spec.
import { vipTargetKeys, type DeploymentModel, type InstanceModel, type MirrorModel, type SiteModel, type Tier } from '../model/model';

/** A tier with more servers than this in one site is drawn as a single node "app ×N". */
export const COLLAPSE_ABOVE = 12;

export type NodeKind = 'users' | 'dns' | 'lb' | 'web' | 'app' | 'print' | 'database' | 'arbiter' | 'vip' | 'vpn' | 'onprem';
export type ClusterKind = 'region' | 'vpc' | 'az' | 'subnet-web' | 'subnet-app' | 'subnet-data' | 'tier' | 'onprem';
export type EdgeKind = 'https' | 'csp' | 'ecp' | 'sync' | 'async' | 'arbiter' | 'vip' | 'vpn' | 'dns';

export interface GraphNode {
  readonly type: 'node';
  readonly id: string;
  readonly kind: NodeKind;
  readonly lines: readonly string[];
}

export interface GraphCluster {
  readonly type: 'cluster';
  readonly id: string;
  readonly kind: ClusterKind;
  readonly label: string;
  readonly children: GraphItem[];
}

export type GraphItem = GraphNode | GraphCluster;

/** An edge end: a node, or a cluster drawn to its border (through one of its nodes in DOT). */
export interface GraphEnd {
  readonly node: string;
  readonly cluster?: string;
}

export interface GraphEdge {
  readonly from: GraphEnd;
  readonly to: GraphEnd;
  readonly kind: EdgeKind;
  readonly label: string | undefined;
  /** Drawn dashed: standby paths (DR entry, ECP to an async before promotion). */
  readonly standby?: boolean;
}

export interface Graph {
  readonly title: string;
  readonly items: readonly GraphItem[];
  readonly edges: readonly GraphEdge[];
  /**
   * Layout hints for Graphviz: node ids drawn on one row, left to right in this order (load
   * balancers, then web, app/print and data servers of each site, AZ by AZ), and the site of
   * each node of the row (the on-premises site, the primary, the DR site). Mermaid lays out alone.
   */
  readonly ranks: ReadonlyArray<{ readonly name: string; readonly nodes: ReadonlyArray<{ readonly id: string; readonly site: string }> }>;
}

const TIERS_DRAWN: readonly Tier[] = ['web', 'app', 'print', 'database', 'arbiter'];

function rowOrder(name: string): number {
  if (name === 'web') return 0;
  if (name === 'app') return 1;
  return 2 + Number(name.replace(/^data/, ''));
}

function safeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

function node(id: string, kind: NodeKind, lines: readonly string[]): GraphNode {
  return { type: 'node', id: safeId(id), kind, lines };
}

function cluster(id: string, kind: ClusterKind, label: string, children: GraphItem[] = []): GraphCluster {
  return { type: 'cluster', id: safeId(id), kind, label, children };
}

/** The first node inside a cluster (depth first): DOT draws cluster edges through one. */
function firstNode(item: GraphItem): string | undefined {
  if (item.type === 'node') return item.id;
  for (const child of item.children) {
    const found = firstNode(child);
    if (found) return found;
  }
  return undefined;
}

function endOf(item: GraphItem): GraphEnd {
  if (item.type === 'node') return { node: item.id };
  return { node: firstNode(item) ?? item.id, cluster: item.id };
}

function mirrorRoleText(i: InstanceModel): string {
  return i.mirrorRole === 'async' ? 'DR async member' : `${i.mirrorRole ?? 'member'} (failover)`;
}

function instanceLines(i: InstanceModel, ports: DeploymentModel['ports']): string[] {
  switch (i.tier) {
    case 'web':
      return [i.key, 'web server + CSP Gateway', i.instanceType];
    case 'app':
      return [i.key, 'ECP application server', i.instanceType];
    case 'print':
      return [i.key, 'print server (ECP client)', i.instanceType];
    case 'arbiter':
      return ['arbiter', `ISCAgent :${ports.agent}`, i.instanceType];
    case 'database': {
      const data = i.volumes.find((v) => v.purpose === 'data');
      return [i.key, `mirror ${i.mirror ?? ''}: ${mirrorRoleText(i)}`, data ? `${i.instanceType}, data ${data.type} ${data.sizeGiB} GiB` : i.instanceType];
    }
  }
}

interface SiteDrawing {
  readonly region: GraphCluster;
  /** Web entry load balancer node id. */
  readonly lb: string | undefined;
  readonly vgw: string | undefined;
}

class Builder {
  readonly items: GraphItem[] = [];
  readonly edges: GraphEdge[] = [];
  /** Rows of the layout across all sites: web, app/print, then one row per mirror. */
  private readonly rows = new Map<string, Array<{ id: string; site: string }>>();

  row(site: string, name: string): { push(...ids: string[]): void } {
    let r = this.rows.get(name);
    if (r === undefined) {
      r = [];
      this.rows.set(name, r);
    }
    const row = r;
    return { push: (...ids: string[]) => void row.push(...ids.map((id) => ({ id, site }))) };
  }

  ranks(): Array<{ name: string; nodes: Array<{ id: string; site: string }> }> {
    const names = [...this.rows.keys()].sort((a, b) => rowOrder(a) - rowOrder(b));
    return names.map((name) => ({ name, nodes: this.rows.get(name)! })).filter((r) => r.nodes.length > 0);
  }
  private readonly labelled = new Set<string>();

  constructor(readonly model: DeploymentModel) {}

  /** The label the first time a (scope, kind) pair is drawn; later edges of the pair go unlabelled. */
  once(scope: string, label: string): string | undefined {
    if (this.labelled.has(`${scope}|${label}`)) return undefined;
    this.labelled.add(`${scope}|${label}`);
    return label;
  }

  edge(from: GraphEnd, to: GraphEnd, kind: EdgeKind, label: string | undefined, standby = false): void {
    this.edges.push({ from, to, kind, label, ...(standby ? { standby } : {}) });
  }
}

/** What a site's drawing steps share: its clusters and the nodes drawn so far. */
interface SiteCanvas {
  readonly site: SiteModel;
  readonly vpc: GraphCluster;
  /** Tiers too large to draw server by server: one node each. */
  readonly collapsed: Map<Tier, GraphNode>;
  readonly instanceNode: Map<string, GraphNode>;
  /** Web subnet clusters (or the collapsed web node), and the zone of each subnet cluster. */
  readonly webClusters: GraphItem[];
  readonly webClusterAz: Map<GraphItem, number>;
  readonly appClusters: Map<number, GraphCluster>;
  readonly vipNodes: Map<string, GraphNode>;
}

function drawSite(b: Builder, site: SiteModel): SiteDrawing {
  const m = b.model;
  const role = site.role;
  const siteLabel = role === 'primary' ? 'primary site' : m.topology === 'hybrid' ? 'DR site (hybrid: AWS side)' : 'DR site';
  const region = cluster(`cluster_${role}`, 'region', `AWS ${site.region}: ${siteLabel}`);
  const vpc = cluster(`cluster_${role}_vpc`, 'vpc', `VPC ${site.vpcCidr}`);
  region.children.push(vpc);
  const { lb, vgw } = drawEntry(m, site, vpc);
  const canvas: SiteCanvas = { site, vpc, collapsed: collapseLargeTiers(site, vpc), instanceNode: new Map(), webClusters: [], webClusterAz: new Map(), appClusters: new Map(), vipNodes: new Map() };
  drawZones(m, canvas);
  drawVips(m, canvas);
  connectTiers(b, canvas, lb);
  connectMirrors(b, canvas);
  placeRows(b, canvas);
  return { region, lb, vgw };
}

/** The web entry load balancer and the VPN gateway, if the site has them. */
function drawEntry(m: DeploymentModel, site: SiteModel, vpc: GraphCluster): { lb: string | undefined; vgw: string | undefined } {
  const role = site.role;
  let lb: string | undefined;
  if (site.webLoadBalancer) {
    const lbm = site.webLoadBalancer;
    const n = node(`${role}_web_lb`, 'lb', [
      lbm.type === 'application' ? 'Application Load Balancer' : 'Classic Load Balancer',
      `HTTPS :${m.ports.https}${lbm.stickySessions ? ', sticky sessions' : ''}`,
      'public subnets',
    ]);
    vpc.children.push(n);
    lb = n.id;
  }
  let vgw: string | undefined;
  if (site.vpn) {
    const n = node(`${role}_vgw`, 'vpn', ['virtual private gateway', `site-to-site VPN, BGP ASN ${site.vpn.bgpAsn}`]);
    vpc.children.push(n);
    vgw = n.id;
  }
  return { lb, vgw };
}

/** Tiers too large to draw server by server become one node each, outside the AZ columns. */
function collapseLargeTiers(site: SiteModel, vpc: GraphCluster): Map<Tier, GraphNode> {
  const role = site.role;
  const collapsed = new Map<Tier, GraphNode>();
  for (const tier of TIERS_DRAWN) {
    const list = site.instances.filter((i) => i.tier === tier);
    if (list.length <= COLLAPSE_ABOVE) continue;
    const types = [...new Set(list.map((i) => i.instanceType))].join(', ');
    const azs = [...new Set(list.map((i) => i.az))];
    const n = node(`${role}_${tier}_all`, tier === 'database' ? 'database' : (tier as NodeKind), [`${tier} ×${list.length}`, types, `spread over ${azs.length} AZ${azs.length === 1 ? '' : 's'}: ${azs.join(', ')}`]);
    vpc.children.push(cluster(`cluster_${role}_${tier}_all`, 'tier', `${tier} tier (${list.length} servers, drawn as one)`, [n]));
    collapsed.set(tier, n);
  }
  return collapsed;
}

/** One column per availability zone, one subnet cluster per tier inside it. */
function drawZones(m: DeploymentModel, c: SiteCanvas): void {
  const { site, vpc, collapsed } = c;
  const role = site.role;
  const azSubnets = site.subnets.filter((s) => s.tier === 'public').map((s) => s.azIndex);
  for (const azIndex of azSubnets) {
    const az = cluster(`cluster_${role}_az${azIndex + 1}`, 'az', `Availability zone ${site.azs[azIndex] ?? ''}`);
    for (const subnetTier of ['web', 'app', 'data'] as const) {
      const members = site.instances.filter((i) => i.azIndex === azIndex && i.subnetKey === `${subnetTier}_${azIndex + 1}` && !collapsed.has(i.tier));
      if (members.length === 0) continue;
      const subnet = site.subnets.find((s) => s.key === `${subnetTier}_${azIndex + 1}`);
      const sc = cluster(`cluster_${role}_${subnetTier}_${azIndex + 1}`, `subnet-${subnetTier}`, `${subnetTier} subnet ${subnet?.cidr ?? ''}`);
      for (const i of members) {
        const n = node(`${role}_${i.key}`, i.tier === 'database' ? 'database' : (i.tier as NodeKind), instanceLines(i, m.ports));
        c.instanceNode.set(i.key, n);
        sc.children.push(n);
      }
      az.children.push(sc);
      if (subnetTier === 'web') {
        c.webClusters.push(sc);
        c.webClusterAz.set(sc, azIndex);
      }
      if (subnetTier === 'app') c.appClusters.set(azIndex, sc);
    }
    if (az.children.length > 0) vpc.children.push(az);
  }
  const collapsedWeb = collapsed.get('web');
  if (collapsedWeb) c.webClusters.push(collapsedWeb);
}

/** Mirror VIP load balancers (polling method). */
function drawVips(m: DeploymentModel, c: SiteCanvas): void {
  for (const mirror of c.site.mirrors) {
    if (!mirror.vip) continue;
    const n = node(`${c.site.role}_vip_${mirror.name}`, 'vip', [`mirror VIP: ${mirror.name}`, `internal NLB, TCP :${m.ports.superserver}`, 'polls mirror_status.cxw']);
    c.vpc.children.push(n);
    c.vipNodes.set(mirror.name, n);
  }
}

/** The node of a server: its own, or its collapsed tier's. */
function nodeOf(c: SiteCanvas, key: string | undefined): GraphNode | undefined {
  if (key === undefined) return undefined;
  const direct = c.instanceNode.get(key);
  if (direct) return direct;
  const i = c.site.instances.find((x) => x.key === key);
  return i ? c.collapsed.get(i.tier) : undefined;
}

/** Load balancer to web, web to application servers, application servers to the data servers. */
function connectTiers(b: Builder, c: SiteCanvas, lb: string | undefined): void {
  const { site, collapsed, webClusters, webClusterAz, appClusters } = c;
  const scope = site.role;
  if (lb) {
    for (const wc of webClusters) b.edge({ node: lb }, endOf(wc), 'https', b.once(scope, 'HTTPS'));
  }
  // Where the CSP Gateways and ECP clients connect: the failover primary, or in a DR site the
  // async members, which serve only after a promotion.
  const dbTargets = (mirror: MirrorModel): GraphNode[] =>
    (mirror.primaryKey ? [nodeOf(c, mirror.primaryKey)] : mirror.asyncKeys.slice(0, 1).map((k) => nodeOf(c, k))).filter((n): n is GraphNode => n !== undefined);
  const standby = site.role === 'dr';
  const appSide: GraphItem[] = [...appClusters.values()];
  for (const t of ['app', 'print'] as const) {
    const collapsedTier = collapsed.get(t);
    if (collapsedTier) appSide.push(collapsedTier);
  }
  if (appSide.length > 0) {
    for (const wc of webClusters) {
      const azIndex = webClusterAz.get(wc);
      const target = (azIndex !== undefined ? appClusters.get(azIndex) : undefined) ?? collapsed.get('app') ?? appSide[0]!;
      b.edge(endOf(wc), endOf(target), 'csp', b.once(scope, 'CSP Gateway'));
    }
    // The label goes on an edge that stays within one availability zone where there is one:
    // Graphviz may place the label of an edge between zones across a zone's border.
    const ecp: Array<{ from: GraphItem; to: GraphNode; sameAz: boolean }> = [];
    const azOfCluster = new Map([...appClusters].map(([az, cl]) => [cl as GraphItem, az]));
    const azOfNode = (n: GraphNode): number | undefined => site.instances.find((i) => c.instanceNode.get(i.key) === n)?.azIndex;
    for (const ac of appSide) {
      for (const mirror of site.mirrors) {
        for (const target of dbTargets(mirror)) ecp.push({ from: ac, to: target, sameAz: azOfCluster.get(ac) !== undefined && azOfCluster.get(ac) === azOfNode(target) });
      }
    }
    const labelled = Math.max(0, ecp.findIndex((e) => e.sameAz));
    ecp.forEach((e, k) => b.edge(endOf(e.from), { node: e.to.id }, 'ecp', k === labelled ? b.once(scope, standby ? 'ECP (after promotion)' : 'ECP') : undefined, standby));
  } else {
    for (const wc of webClusters) {
      for (const mirror of site.mirrors) {
        for (const target of dbTargets(mirror)) b.edge(endOf(wc), { node: target.id }, 'csp', b.once(scope, 'CSP Gateway (mirror-aware)'), standby);
      }
    }
  }
}

/** Mirrors: the synchronous failover pair, the arbiter, the VIP polling. */
function connectMirrors(b: Builder, c: SiteCanvas): void {
  const { site, vipNodes } = c;
  const scope = site.role;
  const arbiter = site.instances.find((i) => i.tier === 'arbiter');
  for (const mirror of site.mirrors) {
    const p = nodeOf(c, mirror.primaryKey);
    const bk = nodeOf(c, mirror.backupKey);
    if (p && bk && p !== bk) b.edge({ node: p.id }, { node: bk.id }, 'sync', 'sync mirror');
    const arb = nodeOf(c, arbiter?.key);
    if (arb) {
      for (const member of [p, bk]) if (member) b.edge({ node: arb.id }, { node: member.id }, 'arbiter', b.once(`${scope}:${mirror.name}`, 'arbiter'));
    }
    const vip = vipNodes.get(mirror.name);
    if (vip) {
      // Targets from the start: the failover pair. A DR async becomes one only when promoted
      // (vipTargetKeys: registered, an async would take every connection of a fail-open NLB).
      const nodes = (keys: ReadonlyArray<string | undefined>) => [...new Set(keys.map((k) => nodeOf(c, k)).filter((n): n is GraphNode => n !== undefined))];
      for (const member of nodes(vipTargetKeys(mirror))) b.edge({ node: vip.id }, { node: member.id }, 'vip', b.once(`${scope}:vip`, 'polls mirror_status.cxw'));
      for (const member of nodes(mirror.asyncKeys)) b.edge({ node: vip.id }, { node: member.id }, 'vip', b.once(`${scope}:vip-promoted`, 'target once promoted'), true);
    }
  }
}

/** Rows: entry, web, app and print (with the VIPs in front of the database), data; AZ order. */
function placeRows(b: Builder, c: SiteCanvas): void {
  const { site, collapsed, instanceNode, vipNodes } = c;
  const ordered = (tiers: readonly Tier[]): string[] => {
    const inAz = [...site.instances]
      .filter((i) => tiers.includes(i.tier) && instanceNode.has(i.key))
      .sort((x, y) => x.azIndex - y.azIndex || TIERS_DRAWN.indexOf(x.tier) - TIERS_DRAWN.indexOf(y.tier))
      .map((i) => instanceNode.get(i.key)!.id);
    const big = tiers.map((t) => collapsed.get(t)?.id).filter((id): id is string => id !== undefined);
    return [...inAz, ...big];
  };
  b.row(site.role, 'web').push(...ordered(['web']));
  b.row(site.role, 'app').push(...ordered(['app', 'print']));
  // One row per mirror (HealthShare stacks its products like Figure-14), the arbiter on the first.
  const arbiter = site.instances.find((i) => i.tier === 'arbiter');
  const dataNodes = ordered(['database', 'arbiter']);
  site.mirrors.forEach((mirror, k) => {
    const keys = new Set([mirror.primaryKey, mirror.backupKey, ...mirror.asyncKeys, ...(k === 0 ? [arbiter?.key] : [])].filter((x): x is string => x !== undefined));
    const ids = new Set([...keys].map((key) => nodeOf(c, key)?.id));
    const vip = vipNodes.get(mirror.name);
    b.row(site.role, `data${k}`).push(...dataNodes.filter((id) => ids.has(id)), ...(vip ? [vip.id] : []));
  });
}

function drawOnPremises(b: Builder, dr: SiteModel | undefined): { cluster: GraphCluster; primaries: Map<string, string>; cgw: string; endpoint: string | undefined } {
  const m = b.model;
  const onPrem = m.onPremises;
  const c = cluster('cluster_onprem', 'onprem', `On-premises data centre${onPrem ? ` (${onPrem.cidrs.join(', ')})` : ''}`);
  let endpoint: string | undefined;
  if (onPrem?.endpoint) {
    const n = node('onprem_entry', 'web', ['on-premises web entry', onPrem.endpoint]);
    c.children.push(n);
    endpoint = n.id;
  }
  const primaries = new Map<string, string>();
  for (const mirror of dr?.mirrors ?? []) {
    const p = node(`onprem_${mirror.name}_primary`, 'database', [`${mirror.name} primary`, 'failover member (on-premises)']);
    const bk = node(`onprem_${mirror.name}_backup`, 'database', [`${mirror.name} backup`, 'failover member (on-premises)']);
    c.children.push(p, bk);
    b.edge({ node: p.id }, { node: bk.id }, 'sync', 'sync mirror');
    primaries.set(mirror.name, p.id);
  }
  const cgw = node('onprem_cgw', 'vpn', ['customer gateway', dr?.vpn?.customerGatewayIp ?? '']);
  c.children.push(cgw);
  [...primaries.values()].forEach((p, k) => b.row('onprem', `data${k}`).push(p, p.replace(/_primary$/, '_backup')));
  return { cluster: c, primaries, cgw: cgw.id, endpoint };
}

export function buildGraph(model: DeploymentModel): Graph {
  const b = new Builder(model);
  const users = node('users', 'users', ['Users', `clients ${model.clientCidrs.join(', ')}`]);
  b.items.push(users);
  let route53: GraphNode | undefined;
  if (model.dns) {
    route53 = node('route53', 'dns', ['Route 53', model.dns.fqdn, `failover routing, health checks on ${model.dns.healthCheckPath}`]);
    b.items.push(route53);
    b.edge({ node: users.id }, { node: route53.id }, 'dns', 'DNS');
  }

  const onPrem = model.topology === 'hybrid' ? drawOnPremises(b, model.dr) : undefined;
  if (onPrem) b.items.push(onPrem.cluster);
  const primary = model.primary ? drawSite(b, model.primary) : undefined;
  const dr = model.dr ? drawSite(b, model.dr) : undefined;
  for (const s of [primary, dr]) if (s) b.items.push(s.region);

  // Entry points and DNS failover.
  const primaryEntry = primary?.lb ?? onPrem?.endpoint;
  const drEntry = dr?.lb;
  if (route53) {
    if (primaryEntry) b.edge({ node: route53.id }, { node: primaryEntry }, 'dns', 'DNS failover: PRIMARY');
    if (drEntry && model.dns?.secondary) b.edge({ node: route53.id }, { node: drEntry }, 'dns', 'DNS failover: SECONDARY', true);
  }
  if (primaryEntry) b.edge({ node: users.id }, { node: primaryEntry }, 'https', 'HTTPS');
  if (drEntry) b.edge({ node: users.id }, { node: drEntry }, 'https', b.once('users', 'HTTPS (after failover)'), true);

  // Async replication to the DR members: from the cloud primary, or from on premises over the VPN.
  if (model.dr) {
    for (const mirror of model.dr.mirrors) {
      const source = model.primary ? model.primary.mirrors.find((x) => x.name === mirror.name)?.primaryKey : undefined;
      const from = source ? `primary_${source}` : onPrem?.primaries.get(mirror.name);
      if (from === undefined) continue;
      for (const key of mirror.asyncKeys) {
        const collapsedTo = model.dr.instances.filter((i) => i.tier === 'database').length > COLLAPSE_ABOVE;
        b.edge({ node: safeId(from) }, { node: collapsedTo ? 'dr_database_all' : safeId(`dr_${key}`) }, 'async', b.once(`async:${mirror.name}`, model.link ? 'async mirror (VPC peering)' : onPrem ? 'async mirror (over VPN)' : 'async mirror'));
        if (collapsedTo) break;
      }
    }
  }
  if (onPrem && dr?.vgw) b.edge({ node: onPrem.cgw }, { node: dr.vgw }, 'vpn', 'VPN (IPsec)');

  // Parallel edges to a collapsed node are one edge.
  const seen = new Set<string>();
  const edges = b.edges.filter((e) => {
    const k = `${e.from.cluster ?? e.from.node}>${e.to.cluster ?? e.to.node}>${e.kind}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const ranks = b.ranks();
  return { title: `${model.name}: ${model.profile}, ${model.topology} model`, items: b.items, edges, ranks };
}

// ---------------------------------------------------------------------------------------------
// Graphviz DOT

const FILL: Readonly<Record<NodeKind, string>> = {
  users: '#ffffff',
  dns: '#e8def8',
  lb: '#d7c4f2',
  web: '#cfe8fc',
  app: '#d4f2d2',
  print: '#fdf3c4',
  database: '#fcd9b6',
  arbiter: '#e0e0e0',
  vip: '#f8d0e0',
  vpn: '#d0f0f0',
  onprem: '#f0f0f0',
};

const CLUSTER_STYLE: Readonly<Record<ClusterKind, string>> = {
  region: 'style="rounded,filled", fillcolor="#f7f7f7", color="#555555", penwidth=1.5',
  vpc: 'style="rounded,dashed", color="#2e7d32"',
  az: 'style="rounded,dotted", color="#1565c0"',
  'subnet-web': 'style="filled", fillcolor="#eef6fd", color="#9cc9f0"',
  'subnet-app': 'style="filled", fillcolor="#eefaee", color="#a6dba3"',
  'subnet-data': 'style="filled", fillcolor="#fdf1e6", color="#f0bf8f"',
  tier: 'style="filled,dashed", fillcolor="#fbfbfb", color="#888888"',
  onprem: 'style="rounded,filled", fillcolor="#fff8e1", color="#8d6e63", penwidth=1.5',
};

const EDGE_STYLE: Readonly<Record<EdgeKind, string>> = {
  https: 'color="#6a1b9a"',
  csp: 'color="#1565c0"',
  ecp: 'color="#2e7d32"',
  sync: 'color="#d84315", penwidth=2, dir=both',
  async: 'color="#d84315", style=dashed',
  arbiter: 'color="#616161", style=dotted, arrowhead=none',
  vip: 'color="#ad1457", style=dotted',
  vpn: 'color="#00838f", penwidth=2, dir=both',
  dns: 'color="#4527a0"',
};

/** A DOT double-quoted string. Lines are joined with DOT's centred line break. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** Text for an HTML-like DOT label. */
function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Font size of a cluster's label: the sites largest, subnets smallest. */
const CLUSTER_FONT: Readonly<Record<ClusterKind, number>> = { region: 16, onprem: 16, vpc: 14, az: 13, 'subnet-web': 12, 'subnet-app': 12, 'subnet-data': 12, tier: 12 };

/**
 * A cluster's label as a one-cell HTML-like table: its cell padding makes Graphviz size the
 * cluster with room around the label, so the text does not touch the border in a viewer whose
 * sans-serif font is wider than the Helvetica metrics Graphviz lays out with (DejaVu Sans is
 * about 8% wider): 7% of the label's width (at Helvetica's average 0.6 em a character) on each
 * side, and 4 points more.
 */
function clusterLabel(text: string, fontSize: number): string {
  const padding = 4 + Math.ceil(0.07 * 0.6 * fontSize * [...text].length);
  return `<<table border="0" cellborder="0" cellpadding="${padding}" cellspacing="0"><tr><td>${htmlText(text)}</td></tr></table>>`;
}

/**
 * Horizontal margin of a node, in inches: room for a viewer's font up to 10% wider than the
 * Helvetica metrics Graphviz lays out with (7% of the widest line, at 0.6 em a character, each
 * side, and 0.2 inches at least).
 */
function nodeMargin(lines: readonly string[]): string {
  const widest = Math.max(...lines.map((l) => [...l].length));
  return Math.max(0.2, (4 + 0.07 * 0.6 * 10 * widest) / 72).toFixed(2);
}

function dotItem(item: GraphItem, indent: string): string {
  if (item.type === 'node') {
    return `${indent}${dotString(item.id)} [label=${dotString(item.lines.join('\n'))}, fillcolor=${dotString(FILL[item.kind])}, margin="${nodeMargin(item.lines)},0.08"${item.kind === 'users' ? ', shape=ellipse' : ''}];\n`;
  }
  let out = `${indent}subgraph ${dotString(item.id)} {\n${indent}  graph [label=${clusterLabel(item.label, CLUSTER_FONT[item.kind])}, fontsize=${CLUSTER_FONT[item.kind]}, ${CLUSTER_STYLE[item.kind]}];\n`;
  for (const child of item.children) out += dotItem(child, `${indent}  `);
  return `${out}${indent}}\n`;
}

/** Colour of an edge kind (its line in the legend). */
function edgeColor(kind: EdgeKind): string {
  return /color="([^"]+)"/.exec(EDGE_STYLE[kind])?.[1] ?? '#000000';
}

/** Line samples of the legend: solid, dashed or dotted, with the arrow heads the edges have. */
const LEGEND_LINE: Readonly<Record<EdgeKind, string>> = {
  https: '----->', csp: '----->', ecp: '----->', sync: '<=====>', async: '- - - >', arbiter: '.......', vip: '......>', vpn: '<=====>', dns: '----->',
};

interface LegendEntry {
  readonly kind: EdgeKind;
  readonly standby: boolean;
  readonly label: string;
}

/** The legend of the edges drawn without a label: a line sample in the edge's colour, and what it is. */
function legendLabel(entries: ReadonlyMap<string, LegendEntry>): string {
  // ASCII only: Graphviz has no width for other characters and would size the legend too small.
  const sample = (e: LegendEntry): string => (e.standby && e.kind !== 'async' ? '- - - >' : LEGEND_LINE[e.kind]);
  const rows = [...entries.values()].map((e) => `<tr><td align="left"><font color="${edgeColor(e.kind)}">${htmlText(sample(e))}</font></td><td align="left">${htmlText(e.label)}</td></tr>`);
  const widest = Math.max(...[...entries.values()].map((e) => [...e.label].length));
  const padding = 4 + Math.ceil(0.07 * 0.6 * 9 * widest);
  return `<<table border="1" color="#888888" cellborder="0" cellpadding="${padding}" cellspacing="0"><tr><td colspan="2" align="left"><b>unlabelled edges</b></td></tr>${rows.join('')}</table>>`;
}

/**
 * The rows (rank=same), each kept in order by invisible edges, and each above the next. On a page
 * the rows are per site and the sites are stacked, DR below the primary (the whole drawing as tall
 * as it is wide, for a landscape sheet); otherwise the sites stand side by side, sharing rows.
 */
function rankLines(graph: Graph, stacked: boolean): string {
  const rows: Array<readonly string[]> = [];
  if (stacked) {
    const sites = [...new Set(graph.ranks.flatMap((r) => r.nodes.map((n) => n.site)))];
    for (const site of sites) {
      for (const rank of graph.ranks) {
        const ids = rank.nodes.filter((n) => n.site === site).map((n) => n.id);
        if (ids.length > 0) rows.push(ids);
      }
    }
  } else {
    for (const rank of graph.ranks) rows.push(rank.nodes.map((n) => n.id));
  }
  let out = '';
  rows.forEach((ids, r) => {
    out += `  { rank=same; ${ids.map(dotString).join('; ')}; }\n`;
    for (let i = 1; i < ids.length; i++) out += `  ${dotString(ids[i - 1]!)} -> ${dotString(ids[i]!)} [style=invis];\n`;
    const below = rows[r + 1];
    if (below) out += `  ${dotString(ids[0]!)} -> ${dotString(below[0]!)} [style=invis];\n`;
  });
  return out;
}

/** Paper sizes `diagram --page` lays out for, landscape, in inches (ISO 216). */
export const PAGES = { a4: { width: 11.69, height: 8.27 }, a3: { width: 16.54, height: 11.69 } } as const;
export type PageSize = keyof typeof PAGES;

/** Margin left blank around the drawing on a page, in inches (printers cannot print to the edge). */
const PAGE_MARGIN = 0.4;

export interface DotOptions {
  /** Lay out for a landscape page: scaled to fit inside the margins (see pageLayout). */
  readonly page?: PageSize | undefined;
  /** Sites one above the other instead of side by side. */
  readonly stacked?: boolean | undefined;
}

export function toDot(graph: Graph, options: DotOptions = {}): string {
  // Rows (rank=same) by node, for telling edges within one rank from the others.
  const rowOf = new Map<string, number>();
  graph.ranks.forEach((rank, r) => rank.nodes.forEach((n) => rowOf.set(n.id, r)));
  const edges: string[] = [];
  const legend = new Map<string, LegendEntry>();
  for (const e of graph.edges) {
    const attrs = [EDGE_STYLE[e.kind]];
    if (e.standby && e.kind !== 'async') attrs.push('style=dashed');
    // An edge within one rank (mirror, arbiter, VIP polling, async replication) is drawn without
    // its label, which the legend gives instead: Graphviz puts the labels of such edges in a band
    // above the rank where they overlap one another and the edges around them.
    const row = rowOf.get(e.from.node);
    const flat = row !== undefined && row === rowOf.get(e.to.node);
    if (e.label !== undefined && flat) {
      const key = `${e.kind}${e.standby === true ? ' standby' : ''}`;
      if (!legend.has(key)) legend.set(key, { kind: e.kind, standby: e.standby === true, label: e.label });
    } else if (e.label !== undefined) {
      attrs.push(`label=${dotString(e.label)}`);
    }
    if (e.from.cluster) attrs.push(`ltail=${dotString(e.from.cluster)}`);
    if (e.to.cluster) attrs.push(`lhead=${dotString(e.to.cluster)}`);
    edges.push(`  ${dotString(e.from.node)} -> ${dotString(e.to.node)} [${attrs.join(', ')}];`);
  }
  const page = options.page === undefined ? undefined : PAGES[options.page];
  const pageAttrs = page === undefined ? '' : `, size="${(page.width - 2 * PAGE_MARGIN).toFixed(2)},${(page.height - 2 * PAGE_MARGIN).toFixed(2)}", pad=${PAGE_MARGIN}`;
  let out = `digraph ${dotString('refarch')} {\n`;
  out += `  graph [label=${dotString(graph.title)}, labelloc=t, fontsize=16, fontname="Helvetica", compound=true, newrank=true, rankdir=TB, mclimit=0.1, nodesep=0.35, ranksep=0.6${pageAttrs}];\n`;
  out += '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, color="#444444"];\n';
  out += '  edge [fontname="Helvetica", fontsize=9, fontcolor="#333333"];\n';
  for (const item of graph.items) out += dotItem(item, '  ');
  if (legend.size > 0) out += `  "legend" [shape=plaintext, style="", margin=0, fontsize=9, label=${legendLabel(legend)}];\n`;
  out += edges.map((l) => `${l}\n`).join('');
  out += rankLines(graph, options.stacked === true);
  return `${out}}\n`;
}

// ---------------------------------------------------------------------------------------------
// Mermaid flowchart

/**
 * Text inside a Mermaid double-quoted label. Mermaid decodes `#name;` and `#code;` entities, so
 * `#` itself is written first as an entity, then quotes, angle brackets, ampersands and pipes;
 * line breaks become <br/>.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/`/g, '#96;')
    .replace(/\r?\n/g, '<br/>');
}

function mermaidId(id: string, prefix: 'n' | 'g'): string {
  return `${prefix}_${id.replace(/^cluster_/, '')}`;
}

const MERMAID_ARROW: Readonly<Record<EdgeKind, { plain: string; standby: string }>> = {
  https: { plain: '-->', standby: '-.->' },
  csp: { plain: '-->', standby: '-.->' },
  ecp: { plain: '-->', standby: '-.->' },
  sync: { plain: '<==>', standby: '<==>' },
  async: { plain: '-.->', standby: '-.->' },
  arbiter: { plain: '-.-', standby: '-.-' },
  vip: { plain: '-.->', standby: '-.->' },
  vpn: { plain: '<==>', standby: '<==>' },
  dns: { plain: '-->', standby: '-.->' },
};

function mermaidItem(item: GraphItem, indent: string, classes: Map<NodeKind, string[]>): string {
  if (item.type === 'node') {
    const id = mermaidId(item.id, 'n');
    const list = classes.get(item.kind);
    if (list) list.push(id);
    else classes.set(item.kind, [id]);
    const open = item.kind === 'users' ? '(["' : '["';
    const close = item.kind === 'users' ? '"])' : '"]';
    return `${indent}${id}${open}${mermaidText(item.lines.join('\n'))}${close}\n`;
  }
  let out = `${indent}subgraph ${mermaidId(item.id, 'g')}["${mermaidText(item.label)}"]\n`;
  for (const child of item.children) out += mermaidItem(child, `${indent}  `, classes);
  return `${out}${indent}end\n`;
}

export function toMermaid(graph: Graph): string {
  const classes = new Map<NodeKind, string[]>();
  let out = `---\ntitle: "${mermaidText(graph.title)}"\n---\nflowchart TB\n`;
  for (const item of graph.items) out += mermaidItem(item, '  ', classes);
  for (const e of graph.edges) {
    const from = e.from.cluster ? mermaidId(e.from.cluster, 'g') : mermaidId(e.from.node, 'n');
    const to = e.to.cluster ? mermaidId(e.to.cluster, 'g') : mermaidId(e.to.node, 'n');
    const arrow = e.standby ? MERMAID_ARROW[e.kind].standby : MERMAID_ARROW[e.kind].plain;
    out += `  ${from} ${arrow}${e.label !== undefined ? `|"${mermaidText(e.label)}"|` : ''} ${to}\n`;
  }
  for (const [kind, fill] of Object.entries(FILL) as Array<[NodeKind, string]>) {
    if (!classes.has(kind)) continue;
    out += `  classDef ${kind} fill:${fill},stroke:#444444,color:#000000\n`;
    out += `  class ${classes.get(kind)!.join(',')} ${kind}\n`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// SVG through Graphviz compiled to WebAssembly

type VizInstance = { render(dot: string, options: { format: string; engine?: string }): { status: string; output?: string; errors: Array<{ level?: string; message: string }> } };
let vizPromise: Promise<VizInstance> | undefined;

export interface RenderedSvg {
  readonly svg: string;
  /**
   * What Graphviz said while laying out, one message a line: its warnings, and what its
   * WebAssembly build prints straight to standard error (the edge router's "triangulation
   * failed", after which it draws that edge on a simpler path). Never written by the renderer.
   */
  readonly messages: readonly string[];
}

/**
 * Renders DOT to SVG. Graphviz's edge router writes some complaints to the process's standard
 * error itself (not through its message list): they are caught here for the call (render is
 * synchronous) and returned with the others, so the caller decides whether to show them.
 */
export async function renderSvg(graph: Graph, options: DotOptions = {}): Promise<RenderedSvg> {
  // Loaded only when an SVG is asked for: the WebAssembly module is ~1.5 MB.
  vizPromise ??= (require('@viz-js/viz') as { instance(): Promise<VizInstance> }).instance();
  const viz = await vizPromise;
  const printed: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  let result: ReturnType<VizInstance['render']>;
  try {
    result = viz.render(toDot(graph, options), { format: 'svg', engine: 'dot' });
  } finally {
    process.stderr.write = write;
  }
  const messages = [...result.errors.map((e) => `${e.level ?? 'message'}: ${e.message}`), ...printed.join('').split('\n')].map((l) => l.trim()).filter((l) => l !== '');
  if (result.status !== 'success' || result.output === undefined) throw new Error(`Graphviz failed: ${messages.join('; ') || 'no output'}`);
  return { svg: result.output, messages };
}

/**
 * The layout for a landscape page: the sites side by side or one above the other, whichever the
 * page holds at the larger scale (measured by laying out both).
 */
export async function pageLayout(graph: Graph, page: PageSize): Promise<DotOptions> {
  const sheet = PAGES[page];
  const scale = async (stacked: boolean): Promise<number> => {
    const { svg } = await renderSvg(graph, { stacked });
    const [w, h] = [/<svg width="([\d.]+)pt"/.exec(svg)?.[1], /height="([\d.]+)pt"/.exec(svg)?.[1]].map(Number) as [number, number];
    return Math.min(((sheet.width - 2 * PAGE_MARGIN) * 72) / w, ((sheet.height - 2 * PAGE_MARGIN) * 72) / h);
  };
  const [side, stacked] = [await scale(false), await scale(true)];
  return { page, stacked: stacked > side };
}

export async function toSvg(graph: Graph, options: DotOptions = {}): Promise<string> {
  return (await renderSvg(graph, options)).svg;
}
