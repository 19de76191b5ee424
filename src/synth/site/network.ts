// Network of one site: the VPC over the site's availability zones, a public subnet per AZ for the
// load balancers and NAT gateways only, private web/app/data subnets, NAT per AZ (or one), route
// tables, VPC flow logs into a KMS-encrypted log group, the default security group emptied, and
// VPC endpoints so that instances reach Systems Manager and S3 without the internet.
//
// Landing zones (site.network existing): the VPC and subnets are the network team's. They are read
// by id with data sources whose postconditions check, at terraform plan, what the spec says of
// them (the VPC's CIDR; each subnet in that VPC, in the zone of its position, with the free
// addresses every tier placed in it needs), each failure naming the spec path. Nothing of the
// network is created then: no VPC, subnet, route table, route, gateway, Elastic IP, flow log or
// default-group takeover; only the VPC endpoints the model asks for. Egress central or none
// (site.egress) creates no NAT gateway and no internet route in a VPC refarch creates either.
import {
  CloudwatchLogGroup,
  Construct,
  DataAwsRouteTable,
  DataAwsSubnet,
  DataAwsVpc,
  Fn,
  DefaultSecurityGroup,
  Eip,
  FlowLog,
  IamRole,
  IamRolePolicy,
  InternetGateway,
  NatGateway,
  Route,
  RouteTable,
  RouteTableAssociation,
  Subnet,
  Vpc,
  VpcEndpoint,
} from '../cdktf';
import { SUBNET_ADDRESSES } from '../../catalog/catalog';
import type { ExistingSubnetModel, SiteNetworkModel } from '../../model/model';
import { formatPath } from '../../model/diagnostics';
import { terraformExpression } from '../terraform-text';
import type { EncryptionRefs, NetworkRefs, SiteContext } from './context';
import { siteFacts } from './facts';

/** Subnet tier that holds the interface endpoints' network interfaces (one subnet per AZ). */
const ENDPOINT_SUBNET_TIER = SUBNET_ADDRESSES.rows.endpointSubnetTier;

/** Name of the site's VPC flow log group (KMS-encrypted with the site key). */
export function flowLogGroupName(ctx: SiteContext): string {
  return `/refarch/${ctx.model.name}/${ctx.site.role}/vpc-flow-logs`;
}

export class Network extends Construct implements NetworkRefs {
  readonly vpc: Vpc | DataAwsVpc;
  readonly subnets: Readonly<Record<string, Subnet | DataAwsSubnet>>;
  /** Absent when the site has no public subnet (no NAT egress, no internet-facing entry) or the VPC exists. */
  readonly publicRouteTable: RouteTable | undefined;
  /** Empty when the VPC exists (its route tables are the network team's). */
  readonly privateRouteTables: readonly RouteTable[];
  readonly interfaceEndpoints: Readonly<Record<string, VpcEndpoint>>;
  readonly natGateways: readonly NatGateway[];
  /** Absent when the VPC exists (its flow logs are the network team's). */
  readonly flowLogGroup: CloudwatchLogGroup | undefined;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { encryption: EncryptionRefs }) {
    super(scope, id);
    const { site } = ctx;
    if (site.network.kind === 'existing') {
      const existing = this.existing(ctx, site.network);
      this.vpc = existing.vpc;
      this.subnets = existing.subnets;
      this.publicRouteTable = undefined;
      this.privateRouteTables = [];
      this.natGateways = [];
      this.flowLogGroup = undefined;
      this.interfaceEndpoints = this.endpoints(ctx, this.vpc.id, this.subnets, existing.routeTableIds);
      return;
    }
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: site.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: ctx.name('vpc') },
    });
    // No ingress or egress blocks: Terraform strips every rule of the default group, so nothing
    // that lands in it by accident (an endpoint, an ENI) is reachable or can reach out.
    new DefaultSecurityGroup(this, 'default_sg', { vpcId: this.vpc.id, tags: { Name: ctx.name('default-no-rules') } });

    const subnets: Record<string, Subnet> = {};
    for (const subnet of site.subnets) {
      subnets[subnet.key] = new Subnet(this, `subnet_${subnet.key}`, {
        vpcId: this.vpc.id,
        cidrBlock: subnet.cidr,
        availabilityZone: subnet.az,
        // Public subnets hold only load balancers and NAT gateways: nothing gets a public IP.
        mapPublicIpOnLaunch: false,
        tags: { Name: ctx.name(subnet.key.replace(/_/g, '-')), 'refarch:subnet-tier': subnet.tier },
      });
    }
    this.subnets = subnets;

    // An internet gateway only where public subnets exist (NAT egress or an internet-facing entry).
    const hasPublic = site.subnets.some((s) => s.tier === 'public');
    const igw = hasPublic ? new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: ctx.name('igw') } }) : undefined;
    const azIndexes = [...new Set(site.subnets.map((s) => s.azIndex))].sort((a, b) => a - b);
    const natByAz = new Map<number, NatGateway>();
    for (const azIndex of site.natGatewayAzIndexes) {
      const n = azIndex + 1;
      const publicSubnet = subnets[`public_${n}`];
      if (publicSubnet === undefined) continue;
      const eip = new Eip(this, `nat_eip_${n}`, { domain: 'vpc', tags: { Name: ctx.name(`nat-${n}`) } });
      natByAz.set(
        azIndex,
        new NatGateway(this, `nat_${n}`, {
          allocationId: eip.allocationId,
          subnetId: publicSubnet.id,
          connectivityType: 'public',
          tags: { Name: ctx.name(`nat-${n}`) },
          dependsOn: igw ? [igw] : [],
        }),
      );
    }
    this.natGateways = [...natByAz.values()];
    const firstNat = this.natGateways[0];

    this.publicRouteTable = igw ? new RouteTable(this, 'rt_public', { vpcId: this.vpc.id, tags: { Name: ctx.name('public') } }) : undefined;
    if (this.publicRouteTable && igw) new Route(this, 'rt_public_default', { routeTableId: this.publicRouteTable.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });

    const privateRouteTables: RouteTable[] = [];
    for (const azIndex of azIndexes) {
      const n = azIndex + 1;
      const table = new RouteTable(this, `rt_private_${n}`, { vpcId: this.vpc.id, tags: { Name: ctx.name(`private-${n}`) } });
      privateRouteTables[azIndex] = table;
      const nat = natByAz.get(azIndex) ?? firstNat;
      if (nat) new Route(this, `rt_private_${n}_default`, { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
    }
    this.privateRouteTables = privateRouteTables;
    for (const subnet of site.subnets) {
      const table = subnet.tier === 'public' ? this.publicRouteTable : privateRouteTables[subnet.azIndex];
      if (table === undefined) continue;
      new RouteTableAssociation(this, `rta_${subnet.key}`, { subnetId: subnets[subnet.key]!.id, routeTableId: table.id });
    }

    this.flowLogGroup = this.flowLogs(ctx, deps.encryption);
    this.interfaceEndpoints = this.endpoints(ctx, this.vpc.id, subnets, privateRouteTables.filter((t) => t !== undefined).map((t) => t.id));
  }

  /** The VPC endpoints the model asks for: interface endpoints in the endpoint tier's subnets, the S3 gateway on the private route tables. */
  private endpoints(ctx: SiteContext, vpcId: string, subnets: Readonly<Record<string, { readonly id: string }>>, routeTableIds: string[]): Record<string, VpcEndpoint> {
    const { site } = ctx;
    // Distinct: tiers of an existing VPC may share subnets, and an endpoint takes each subnet once.
    const endpointSubnets = [...new Set(site.subnets.filter((s) => s.tier === ENDPOINT_SUBNET_TIER).map((s) => subnets[s.key]!.id))];
    const endpoints: Record<string, VpcEndpoint> = {};
    for (const service of site.egress.interfaceEndpoints) {
      // Security group: set by the security groups construct (SecurityGroupRefs.endpoints).
      endpoints[service] = new VpcEndpoint(this, `endpoint_${service}`, {
        vpcId,
        serviceName: `com.amazonaws.${site.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: endpointSubnets,
        tags: { Name: ctx.name(`endpoint-${service}`) },
      });
    }
    if (site.egress.s3GatewayEndpoint) {
      new VpcEndpoint(this, 'endpoint_s3', {
        vpcId,
        serviceName: `com.amazonaws.${site.region}.s3`,
        vpcEndpointType: 'Gateway',
        routeTableIds,
        tags: { Name: ctx.name('endpoint-s3') },
      });
    }
    return endpoints;
  }

  /**
   * The existing VPC and subnets, read by id. Each postcondition's message names the spec path,
   * so a wrong id, zone or CIDR fails `terraform plan`, before anything is created.
   */
  private existing(
    ctx: SiteContext,
    network: Extract<SiteNetworkModel, { kind: 'existing' }>,
  ): { vpc: DataAwsVpc; subnets: Record<string, DataAwsSubnet>; routeTableIds: string[] } {
    const { site } = ctx;
    const vpcPath = formatPath(network.vpcIdPath);
    const vpc = new DataAwsVpc(this, 'vpc', {
      id: network.vpcId,
      lifecycle: {
        postcondition: [
          {
            condition: terraformExpression(`\${self.cidr_block == "${site.vpcCidr}"}`),
            errorMessage: terraformExpression(`${formatPath(network.vpcCidrPath)}: the VPC ${network.vpcId} (${vpcPath}) has the CIDR \${self.cidr_block}, not ${site.vpcCidr}; state its CIDR in ${formatPath(network.vpcCidrPath)}.`),
          },
        ],
      },
    });
    const byId = new Map<string, DataAwsSubnet>();
    for (const subnet of network.subnets) byId.set(subnet.id, this.existingSubnet(network, subnet));
    const subnets: Record<string, DataAwsSubnet> = {};
    for (const subnet of site.subnets) if (subnet.existing) subnets[subnet.key] = byId.get(subnet.existing.id)!;
    // The S3 gateway endpoint joins the route tables of the subnets refarch places servers in.
    const routeTableIds: string[] = [];
    if (site.egress.s3GatewayEndpoint) {
      const tables = network.subnets.map((subnet) => new DataAwsRouteTable(this, `rt_${existingSubnetId(subnet)}`, { subnetId: byId.get(subnet.id)!.id }).routeTableId);
      routeTableIds.push(Fn.distinct(tables) as unknown as string);
    }
    return { vpc, subnets, routeTableIds };
  }

  private existingSubnet(network: Extract<SiteNetworkModel, { kind: 'existing' }>, subnet: ExistingSubnetModel): DataAwsSubnet {
    const path = formatPath(subnet.specPath);
    const tiers = subnet.tiers.join(', ');
    return new DataAwsSubnet(this, `subnet_${existingSubnetId(subnet)}`, {
      id: subnet.id,
      lifecycle: {
        postcondition: [
          {
            condition: terraformExpression(`\${self.vpc_id == "${network.vpcId}"}`),
            errorMessage: terraformExpression(`${path}: subnet ${subnet.id} is in \${self.vpc_id}, not in ${network.vpcId} (${formatPath(network.vpcIdPath)}); list a subnet of that VPC.`),
          },
          {
            condition: terraformExpression(`\${self.availability_zone == "${subnet.az}"}`),
            errorMessage: terraformExpression(`${path}: subnet ${subnet.id} is in \${self.availability_zone}, but position ${listPosition(subnet) + 1} of the list is zone ${subnet.az}; list the subnets in availabilityZones order.`),
          },
          {
            condition: terraformExpression(`\${self.available_ip_address_count >= ${subnet.freeAddressesNeeded}}`),
            errorMessage: terraformExpression(`${path}: subnet ${subnet.id} has \${self.available_ip_address_count} free addresses, and the ${tiers} tier${subnet.tiers.length === 1 ? ' placed in it needs' : 's placed in it need'} ${subnet.freeAddressesNeeded}; use a larger subnet or ask the network team for one.`),
          },
        ],
      },
    });
  }

  /** Flow logs of all traffic into a KMS-encrypted log group, through a role scoped to that group. */
  private flowLogs(ctx: SiteContext, encryption: EncryptionRefs): CloudwatchLogGroup {
    const { partition, accountId } = siteFacts(ctx.stack);
    const region = ctx.site.region;
    const group = new CloudwatchLogGroup(this, 'flow_log_group', {
      name: flowLogGroupName(ctx),
      retentionInDays: ctx.model.flowLogRetentionDays,
      kmsKeyId: encryption.key.arn,
      tags: { Name: ctx.name('vpc-flow-logs') },
    });
    const role = new IamRole(this, 'flow_log_role', {
      name: ctx.name('vpc-flow-logs'),
      description: `VPC flow logs of ${ctx.name('vpc')} into ${flowLogGroupName(ctx)}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': accountId },
              ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*` },
            },
          },
        ],
      }),
      tags: { Name: ctx.name('vpc-flow-logs') },
    });
    new IamRolePolicy(this, 'flow_log_policy', {
      name: 'write-flow-log-group',
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'WriteThisLogGroup',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Resource: [group.arn, `${group.arn}:*`],
          },
          {
            Sid: 'FindLogGroupsOfThisAccount',
            Effect: 'Allow',
            Action: 'logs:DescribeLogGroups',
            Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:*`,
          },
        ],
      }),
    });
    new FlowLog(this, 'flow_log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: ctx.name('vpc-flow-log') },
    });
    return group;
  }
}

/** Address id of an existing subnet's data source: the first tier and zone the spec names it at (data_2), stable while the spec keeps it there. */
function existingSubnetId(subnet: ExistingSubnetModel): string {
  return `${subnet.tiers[0]}_${subnet.azIndex + 1}`;
}

/** The subnet's position in its spec list (network.subnetIds.data[1] -> 1): the zone order the spec gives. */
function listPosition(subnet: ExistingSubnetModel): number {
  const last = subnet.specPath[subnet.specPath.length - 1];
  return typeof last === 'number' ? last : subnet.azIndex;
}
