// The link stack: inter-region VPC peering between the primary VPC and the DR VPC, so that the
// primary's mirror members reach the DR async members (and back) on the superserver and ISCAgent
// ports. The security groups of both sites already admit the other VPC's data subnets
// (site.remoteMirrorCidrs); this stack adds the path.
//
// It is applied after both site stacks and references neither: cross-stack references would
// become terraform_remote_state reads. Each side is found with data sources in its own region:
// the VPC by CIDR and the default tags every resource carries (refarch:deployment, refarch:stack),
// then each AZ's private route table through that AZ's data subnet, whose CIDR the model fixes.
// The private route tables are one per AZ and shared by the web, app and data subnets, so this
// reaches every private route table; were they ever split per tier, the data subnets (where the
// mirror members live) are the ones that keep the route.
//
// Names: each site's private hosted zone (private-dns.ts) is associated with the other site's VPC
// too, so a DR async member resolves the primary's name to join the mirror, and after a failover
// the former primary site resolves the DR site's names. Each zone is found by name, as a private
// zone associated with its own site's VPC (so another zone of the same name elsewhere in the
// account cannot be picked), through the provider of that VPC's region.
//
// Landing zones: an existing VPC is found by its id. With dr.link none the network team routes
// between the sites (e.g. Transit Gateway peering): no peering and no route, only the zone
// associations. With the DR site in another account (accounts.dr), the peering names that
// account as peer owner and is accepted there (the dr provider assumes the DR role), and each
// cross-account zone association is first authorized by the zone's own account.
import type { DeploymentModel, LinkModel, SiteModel } from '../../model/model';
import {
  type App,
  Construct,
  DataAwsRouteTable,
  DataAwsRoute53Zone,
  DataAwsSubnet,
  DataAwsVpc,
  Route,
  Route53VpcAssociationAuthorization,
  Route53ZoneAssociation,
  type TerraformProvider,
  VpcPeeringConnection,
  VpcPeeringConnectionAccepterA,
  VpcPeeringConnectionOptions,
} from '../cdktf';
import { RefarchStack } from '../stack';

/** Default tag keys the RefarchStack providers put on every resource. */
const DEPLOYMENT_TAG = 'refarch:deployment';
const STACK_TAG = 'refarch:stack';

interface Side {
  readonly vpc: DataAwsVpc;
  readonly routeTables: readonly DataAwsRouteTable[];
  /** The site's private hosted zone. */
  readonly zone: DataAwsRoute53Zone;
}

/** Looks one site's VPC and private route tables up, in that site's region. */
function lookUp(scope: Construct, id: string, model: DeploymentModel, site: SiteModel, provider: TerraformProvider | undefined, withRoutes: boolean): Side {
  const side = new Construct(scope, id);
  const vpc =
    site.network.kind === 'existing'
      ? new DataAwsVpc(side, 'vpc', { provider, id: site.network.vpcId })
      : new DataAwsVpc(side, 'vpc', { provider, cidrBlock: site.vpcCidr, tags: { [DEPLOYMENT_TAG]: model.name, [STACK_TAG]: site.role } });
  // Routes only with peering, and only into route tables refarch owns.
  const routeTables = site.subnets
    .filter((s) => s.tier === 'data' && withRoutes && s.existing === undefined)
    .map((subnet) => {
      const n = subnet.azIndex + 1;
      const found = new DataAwsSubnet(side, `subnet_${n}`, { provider, vpcId: vpc.id, cidrBlock: subnet.cidr });
      return new DataAwsRouteTable(side, `rt_${n}`, { provider, subnetId: found.id });
    });
  const zone = new DataAwsRoute53Zone(side, 'zone', { provider, name: site.privateZone.name, privateZone: true, vpcId: vpc.id });
  return { vpc, routeTables, zone };
}

export function buildLinkStack(app: App, model: DeploymentModel, link: LinkModel): RefarchStack {
  const primarySite = model.primary;
  const drSite = model.dr;
  const stack = new RefarchStack(app, link.stackId, { model, region: link.primaryRegion, stackRole: 'link', account: primarySite?.account });
  // resolve builds a link only when both sites exist.
  if (!primarySite || !drSite) return stack;
  const drProvider = stack.providerFor('dr', link.drRegion, drSite.account);
  const primary = lookUp(stack, 'primary', model, primarySite, undefined, link.peering);
  const dr = lookUp(stack, 'dr', model, drSite, drProvider, link.peering);

  // Each zone in the other VPC. Route 53 is global; vpc_region says where the VPC is. Across
  // accounts the zone's account authorizes the association, and the VPC's account makes it.
  if (link.crossAccount) {
    const toDr = new Route53VpcAssociationAuthorization(stack, 'primary_zone_in_dr_authorization', { zoneId: primary.zone.zoneId, vpcId: dr.vpc.id, vpcRegion: link.drRegion });
    new Route53ZoneAssociation(stack, 'primary_zone_in_dr', { provider: drProvider, zoneId: toDr.zoneId, vpcId: toDr.vpcId, vpcRegion: link.drRegion });
    const toPrimary = new Route53VpcAssociationAuthorization(stack, 'dr_zone_in_primary_authorization', { provider: drProvider, zoneId: dr.zone.zoneId, vpcId: primary.vpc.id, vpcRegion: link.primaryRegion });
    new Route53ZoneAssociation(stack, 'dr_zone_in_primary', { zoneId: toPrimary.zoneId, vpcId: toPrimary.vpcId, vpcRegion: link.primaryRegion });
  } else {
    new Route53ZoneAssociation(stack, 'primary_zone_in_dr', { zoneId: primary.zone.zoneId, vpcId: dr.vpc.id, vpcRegion: link.drRegion });
    new Route53ZoneAssociation(stack, 'dr_zone_in_primary', { zoneId: dr.zone.zoneId, vpcId: primary.vpc.id, vpcRegion: link.primaryRegion });
  }
  if (!link.peering) return stack;
  const name = `${model.name}-primary-dr`;

  // Requester in the primary region, accepter in the DR region (same account: accepted here).
  const peering = new VpcPeeringConnection(stack, 'peering', {
    vpcId: primary.vpc.id,
    peerVpcId: dr.vpc.id,
    peerRegion: link.drRegion,
    ...(link.crossAccount && drSite.account ? { peerOwnerId: drSite.account.id } : {}),
    tags: { Name: name, Side: 'requester' },
  });
  const accepter = new VpcPeeringConnectionAccepterA(stack, 'peering_accepter', {
    provider: drProvider,
    vpcPeeringConnectionId: peering.id,
    autoAccept: true,
    tags: { Name: name, Side: 'accepter' },
  });
  // Each VPC resolves the other's private DNS names (instance host names) to private addresses.
  // Inter-region peering supports it; each side sets its own option once the peering is active.
  new VpcPeeringConnectionOptions(stack, 'peering_options_requester', {
    vpcPeeringConnectionId: accepter.vpcPeeringConnectionId,
    requester: { allowRemoteVpcDnsResolution: true },
  });
  new VpcPeeringConnectionOptions(stack, 'peering_options_accepter', {
    provider: drProvider,
    vpcPeeringConnectionId: accepter.vpcPeeringConnectionId,
    accepter: { allowRemoteVpcDnsResolution: true },
  });

  primary.routeTables.forEach((table, i) => {
    new Route(stack, `primary_route_${i + 1}`, {
      routeTableId: table.routeTableId,
      destinationCidrBlock: link.drVpcCidr,
      vpcPeeringConnectionId: accepter.vpcPeeringConnectionId,
    });
  });
  dr.routeTables.forEach((table, i) => {
    new Route(stack, `dr_route_${i + 1}`, {
      provider: drProvider,
      routeTableId: table.routeTableId,
      destinationCidrBlock: link.primaryVpcCidr,
      vpcPeeringConnectionId: accepter.vpcPeeringConnectionId,
    });
  });
  return stack;
}
