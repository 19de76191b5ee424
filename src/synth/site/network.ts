// Network of one site: the VPC over the site's availability zones, a public subnet per AZ for the
// load balancers and NAT gateways only, private web/app/data subnets, NAT per AZ (or one), route
// tables, VPC flow logs into a KMS-encrypted log group, the default security group emptied, and
// VPC endpoints so that instances reach Systems Manager and S3 without the internet.
import {
  CloudwatchLogGroup,
  Construct,
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
import type { EncryptionRefs, NetworkRefs, SiteContext } from './context';
import { siteFacts } from './facts';

/** Interface endpoints the SSM agent needs (Session Manager, Run Command, inventory). */
const SSM_ENDPOINT_SERVICES = SUBNET_ADDRESSES.rows.ssmEndpointServices;

/** Subnet tier that holds the interface endpoints' network interfaces (one subnet per AZ). */
const ENDPOINT_SUBNET_TIER = SUBNET_ADDRESSES.rows.endpointSubnetTier;

/** Name of the site's VPC flow log group (KMS-encrypted with the site key). */
export function flowLogGroupName(ctx: SiteContext): string {
  return `/refarch/${ctx.model.name}/${ctx.site.role}/vpc-flow-logs`;
}

export class Network extends Construct implements NetworkRefs {
  readonly vpc: Vpc;
  readonly subnets: Readonly<Record<string, Subnet>>;
  readonly publicRouteTable: RouteTable;
  readonly privateRouteTables: readonly RouteTable[];
  readonly interfaceEndpoints: Readonly<Record<string, VpcEndpoint>>;
  readonly natGateways: readonly NatGateway[];
  readonly flowLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { encryption: EncryptionRefs }) {
    super(scope, id);
    const { site } = ctx;
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

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: ctx.name('igw') } });
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
          dependsOn: [igw],
        }),
      );
    }
    this.natGateways = [...natByAz.values()];
    const firstNat = this.natGateways[0];

    this.publicRouteTable = new RouteTable(this, 'rt_public', { vpcId: this.vpc.id, tags: { Name: ctx.name('public') } });
    new Route(this, 'rt_public_default', { routeTableId: this.publicRouteTable.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });

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

    const endpointSubnets = site.subnets.filter((s) => s.tier === ENDPOINT_SUBNET_TIER).map((s) => subnets[s.key]!.id);
    const endpoints: Record<string, VpcEndpoint> = {};
    for (const service of SSM_ENDPOINT_SERVICES) {
      // Security group: set by the security groups construct (SecurityGroupRefs.endpoints).
      endpoints[service] = new VpcEndpoint(this, `endpoint_${service}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${site.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: endpointSubnets,
        tags: { Name: ctx.name(`endpoint-${service}`) },
      });
    }
    this.interfaceEndpoints = endpoints;
    new VpcEndpoint(this, 'endpoint_s3', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${site.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRouteTables.filter((t) => t !== undefined).map((t) => t.id),
      tags: { Name: ctx.name('endpoint-s3') },
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
