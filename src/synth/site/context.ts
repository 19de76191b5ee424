// What the constructs of one site stack (primary or DR) share. Each concern is a Construct that
// reads the model and the refs of the concerns built before it; none decides a default or
// validates anything (src/resolve and src/validate did that).
import type { DeploymentModel, InstanceModel, SiteModel, Tier } from '../../model/model';
import type {
  DataAwsSubnet,
  DataAwsVpc,
  EbsVolume,
  Elb,
  IamRole,
  Instance,
  KmsKey,
  Lb,
  LbTargetGroup,
  RouteTable,
  S3Bucket,
  SecurityGroup,
  Subnet,
  Vpc,
  VpcEndpoint,
} from '../cdktf';
import type { RefarchStack } from '../stack';

export interface SiteContext {
  readonly model: DeploymentModel;
  readonly site: SiteModel;
  readonly stack: RefarchStack;
  /** AWS-side name of a resource: `<deployment>-<site role>-<suffix>`, e.g. trakcare-prod-primary-web. */
  name(suffix: string): string;
}

export function siteContext(model: DeploymentModel, site: SiteModel, stack: RefarchStack): SiteContext {
  return { model, site, stack, name: (suffix) => `${model.name}-${site.role}-${suffix}` };
}

/** Customer managed KMS key (rotation on) for EBS, logs, the log bucket, SNS and backups of the site. */
export interface EncryptionRefs {
  readonly key: KmsKey;
}

export interface NetworkRefs {
  /** The VPC: created, or an existing one read by id. */
  readonly vpc: Vpc | DataAwsVpc;
  /** By SubnetModel.key: public_1, web_2, app_3, data_1 ... (existing subnets shared by tiers appear under each key). */
  readonly subnets: Readonly<Record<string, Subnet | DataAwsSubnet>>;
  /** Absent without public subnets or in an existing VPC. */
  readonly publicRouteTable: RouteTable | undefined;
  /** Route tables of the private subnets, one per AZ (index = azIndex); empty in an existing VPC. */
  readonly privateRouteTables: readonly RouteTable[];
  /**
   * Interface endpoints (ssm, ssmmessages, ec2messages) by service. Built by the network; the
   * security groups construct gives them SecurityGroupRefs.endpoints.
   */
  readonly interfaceEndpoints?: Readonly<Record<string, VpcEndpoint>>;
}

/**
 * The security groups of a site. A group exists only for what the site runs, and the type says
 * which may be absent: consumers narrow where the model decides presence, never ask and throw.
 */
export interface SecurityGroupRefs {
  /** External (web entry) load balancer; absent when the site has no web tier. */
  readonly webLoadBalancer: SecurityGroup | undefined;
  /** Mirror members (failover and async): every site has them. */
  readonly database: SecurityGroup;
  /** Internal mirror VIP load balancers; absent when no mirror has a VIP. */
  readonly vip: SecurityGroup | undefined;
  /** Interface VPC endpoints refarch creates; absent with `endpoints: existing` (the landing zone's own endpoints have their own groups). */
  readonly endpoints: SecurityGroup | undefined;
  /** The group of each server tier the site runs (print servers share the application group). */
  readonly servers: ReadonlyMap<Tier, SecurityGroup>;
}

export interface ServerRefs {
  /** By InstanceModel.key. */
  readonly instances: Readonly<Record<string, Instance>>;
  /** Data volumes by InstanceModel.key, in the model's volume order. */
  readonly volumes: Readonly<Record<string, readonly EbsVolume[]>>;
  /** Role of the database members (SSM core + ^ZMIRROR call-out policy), to attach more policies. */
  readonly databaseRole: IamRole;
  /** Role of the ECP application and print servers (SSM core); undefined when the site has none. */
  readonly ecpRole: IamRole | undefined;
  /** Role of every other server: web servers, arbiter (SSM core). */
  readonly serverRole: IamRole;
  /** The site's servers as the model decided them (their keys index `instances`). */
  readonly planned: readonly InstanceModel[];
}

export interface WebEntryRefs {
  /** ALB (application) or Classic ELB. */
  readonly loadBalancer: Lb | Elb;
  readonly kind: 'application' | 'classic';
  /** ALB only. */
  readonly targetGroup: LbTargetGroup | undefined;
  readonly logBucket: S3Bucket;
}

export interface MirrorVipRefs {
  /** By mirror name. */
  readonly byMirror: Readonly<Record<string, { readonly loadBalancer: Lb; readonly targetGroup: LbTargetGroup }>>;
}

