/* Generated from schema/refarch.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Availability zones of the primary region. The failover pair runs in the first two (the first listed starts as primary: swapping the two moves no server), the arbiter in the third; subnets and the other servers follow the zones by name, so the order moves nothing else. Three are needed for a cloud-model mirror.
 *
 * @minItems 2
 * @maxItems 4
 */
export type AvailabilityZones = [string, string, ...string[]];
/**
 * An IPv4 CIDR block.
 */
export type Cidr = string;
/**
 * Networks of administrators, the only sources allowed on management ports (Management Portal web port, superserver for Studio). Leave empty to manage through SSM only.
 *
 * @maxItems 50
 */
export type CidrList = Cidr[];
/**
 * Networks of users allowed to reach the external load balancer on 443 (and 80, which only redirects). 0.0.0.0/0 makes the application public.
 *
 * @maxItems 50
 */
export type CidrList1 = Cidr[];
/**
 * Availability zones of the DR region; async members go one per zone.
 *
 * @minItems 2
 * @maxItems 4
 */
export type AvailabilityZones1 = [string, string, ...string[]];
/**
 * The machine image for one region: an AMI id, or an SSM parameter holding one.
 */
export type Image =
  | string
  | {
      /**
       * Parameter name.
       */
      ssmParameter: string;
    };

/**
 * One InterSystems deployment (TrakCare, HealthShare or Caché/IRIS) on AWS, compiled by refarch into Terraform that follows InterSystems' AWS reference architecture. Values left out are decided by the profile and size presets of the catalog.
 */
export interface RefarchDeploymentSpecRefarchV1 {
  /**
   * Version of the spec language. Only refarch/v1 exists.
   */
  apiVersion: 'refarch/v1';
  /**
   * Deployment name: lower-case letters, digits and hyphens, 3 to 28 characters, starting with a letter. Resource names and tags derive from it, so changing it replaces everything.
   */
  name: string;
  /**
   * Which InterSystems product the deployment runs: trakcare (web, ECP application and print servers, one mirror), healthshare (one mirror per product) or cache (generic Caché/IRIS: web, ECP application servers, one mirror).
   */
  profile: 'trakcare' | 'healthshare' | 'cache';
  /**
   * cloud: everything in AWS over three availability zones, optional DR region. hybrid: the failover pair stays on premises and AWS holds the DR async members (in the region given under dr), reached over a site-to-site VPN.
   */
  model?: 'cloud' | 'hybrid';
  /**
   * Size preset for counts, instance types and volumes of every tier (catalog table presets). Any explicit value in the spec wins over the preset.
   */
  size?: 'small' | 'medium' | 'large' | 'xlarge';
  /**
   * Instance family the presets draw their types from. m4 is the reference architecture's family; newer Nitro families are allowed.
   */
  instanceFamily?: 'm4' | 'm5' | 'm6i' | 'm7i' | 'r5' | 'r6i' | 'r7i';
  /**
   * AWS region of the primary site (cloud model). Required for the cloud model; the hybrid model's AWS region is dr.region.
   */
  region?: string;
  availabilityZones?: AvailabilityZones;
  network?: Network;
  onPremises?: OnPremises;
  web?: Web;
  app?: App;
  print?: Print;
  database?: Database;
  /**
   * HealthShare only, and required there: the products deployed, each with its own failover mirror named after it.
   *
   * @minItems 1
   * @maxItems 10
   */
  products?: [Product, ...Product[]];
  dr?: Dr;
  dns?: Dns;
  backup?: Backup;
  monitoring?: Monitoring;
  images?: Images;
  state?: State;
  software?: Software;
  /**
   * The AWS accounts the stacks deploy into, each optional: primary (primary and link stacks), dr (DR stack, the DR side of the link), dns (dns stack). Each with a role Terraform assumes there.
   */
  accounts?: {
    primary?: Account;
    dr?: Account1;
    dns?: Account2;
  };
  /**
   * Guardrails an organisation mandates on every IAM role refarch creates.
   */
  iam?: {
    /**
     * ARN of the managed policy set as permissions boundary of every role refarch creates.
     */
    permissionsBoundary?: string;
    /**
     * Path of every role refarch creates: / or /<segments>/.
     */
    path?: string;
  };
  /**
   * Extra tags put on every resource through the provider's default tags. Keys starting with aws: or refarch: are reserved.
   */
  tags?: {
    /**
     * Tag value: up to 256 letters (any script), digits, spaces and _ . : / = + @ - (AWS's tag character set).
     */
    [k: string]: string;
  };
}
/**
 * Primary VPC and who may reach what.
 */
export interface Network {
  /**
   * CIDR of the primary VPC, /16 to /24. It is split into 16 equal subnets: public, web, app and data per availability zone.
   */
  vpcCidr?: string;
  adminCidrs?: CidrList;
  clientCidrs?: CidrList1;
  /**
   * NAT gateways for outbound traffic of private subnets: one per availability zone (survives a zone outage) or a single one (cheaper). Only with egress nat: with central or none refarch creates no NAT gateway (warning network.nat-unused).
   */
  natGateways?: 'per-az' | 'single';
  /**
   * How the zones of both sites get their subnet blocks and servers. by-name: sorted by name, so reordering availabilityZones moves nothing (the failover pair still runs in the first two listed zones, the arbiter in the third). as-listed: by position in the list, as refarch 0.1 did; only for a deployment first applied with refarch 0.1 from a zone list not in name order, which by-name would re-lay (replacing its subnets and servers).
   */
  zoneOrder?: 'by-name' | 'as-listed';
  /**
   * Days the VPC flow logs are kept in CloudWatch Logs.
   */
  flowLogRetentionDays?:
    | 1
    | 3
    | 5
    | 7
    | 14
    | 30
    | 60
    | 90
    | 120
    | 150
    | 180
    | 365
    | 400
    | 545
    | 731
    | 1096
    | 1827
    | 2192
    | 2557
    | 2922
    | 3288
    | 3653;
  /**
   * An existing VPC (a landing zone's) to deploy into instead of creating one. refarch then creates no VPC, subnet, route table, route, internet or NAT gateway, Elastic IP or flow log; vpcCidr states that VPC's CIDR, checked at terraform plan. Needs subnetIds.
   */
  vpcId?: string;
  subnetIds?: SubnetIds;
  /**
   * How the instances reach the internet: nat (NAT gateways refarch creates, see natGateways), central (the network team's routes carry it, e.g. a Transit Gateway to an inspection VPC; refarch adds no gateway and no route) or none (no internet route; AWS APIs through VPC endpoints). Applies to both sites. An existing VPC needs central or none.
   */
  egress?: 'nat' | 'central' | 'none';
  /**
   * create: refarch creates the interface endpoints the instances need (SSM, ssmmessages, ec2messages; with egress none also CloudWatch Logs and metrics, Secrets Manager, KMS, STS) and the S3 gateway endpoint. existing: the organisation's central endpoints already resolve in the VPC; refarch creates none.
   */
  endpoints?: 'create' | 'existing';
}
/**
 * Existing subnets of vpcId per tier, one per availability zone in availabilityZones order; each is checked at terraform plan (in that VPC, in that zone, with the free addresses its tiers need). Needs vpcId.
 */
export interface SubnetIds {
  /**
   * Existing subnets for the web servers (and an internal web load balancer), one per availability zone, in availabilityZones order.
   *
   * @minItems 1
   * @maxItems 4
   *
   * Items: The id of an existing subnet of the VPC, in the zone of its position.
   */
  web: [string, ...string[]];
  /**
   * Existing subnets for the ECP application and print servers and the interface endpoints, one per availability zone, in availabilityZones order.
   *
   * @minItems 1
   * @maxItems 4
   *
   * Items: The id of an existing subnet of the VPC, in the zone of its position.
   */
  app: [string, ...string[]];
  /**
   * Existing subnets for the mirror members, arbiter and mirror VIP (and EFS mount targets of online backup), one per availability zone, in availabilityZones order.
   *
   * @minItems 1
   * @maxItems 4
   *
   * Items: The id of an existing subnet of the VPC, in the zone of its position.
   */
  data: [string, ...string[]];
  /**
   * Existing subnets for an internet-facing web load balancer, one per availability zone, in availabilityZones order.
   *
   * @minItems 1
   * @maxItems 4
   *
   * Items: The id of an existing subnet of the VPC, in the zone of its position.
   */
  public?: [string, ...string[]];
}
/**
 * Hybrid model: the on-premises site that holds the failover pair.
 */
export interface OnPremises {
  /**
   * On-premises networks routed through the VPN and admitted by the DR members' security group.
   *
   * @minItems 1
   * @maxItems 50
   */
  cidrs: [Cidr, ...Cidr[]];
  /**
   * Site-to-site VPN to the on-premises customer gateway.
   */
  vpn: {
    /**
     * Public IPv4 address of the on-premises VPN device.
     */
    customerGatewayIp: string;
    /**
     * BGP ASN of the on-premises VPN device; the VPN uses dynamic (BGP) routing.
     */
    bgpAsn?: number;
  };
  /**
   * Public DNS name of the on-premises entry point (its web servers). The PRIMARY DNS failover record points here in the hybrid model.
   */
  endpoint?: string;
  /**
   * Host name (or address, reachable over the VPN) of the on-premises primary failover member. The DR async members in AWS join the mirror through it; left out, their merge files create the databases but leave joining the mirror to the operator.
   */
  primaryHost?: string;
  /**
   * The on-premises mirror members' MaxServerConn (the most ECP application servers each accepts). Every failover and DR async member must have the same value (InterSystems High Availability Guide), and refarch cannot read the on-premises members: the DR async members in AWS take this value. Default 1, InterSystems IRIS's own default (Configuration Parameter File Reference, MaxServerConn).
   */
  maxServerConn?: number;
}
/**
 * Web servers (Apache + CSP/Web Gateway) behind the external load balancer, spread over the availability zones.
 */
export interface Web {
  /**
   * Number of web servers; default from the size preset. At most 1,000 per site: each is a target of the web load balancer, and AWS's default quota is 1,000 targets per Application Load Balancer.
   */
  count?: number;
  /**
   * Instance type of the web servers; default from the size preset and instanceFamily.
   */
  instanceType?: string;
  loadBalancer?: LoadBalancer;
}
/**
 * The external load balancer in front of the web servers.
 */
export interface LoadBalancer {
  /**
   * application (ALB, layer 7, HTTP/2 and websockets) or classic (Classic ELB, as in the reference architecture's Figure-4).
   */
  type?: 'application' | 'classic';
  /**
   * ACM certificate for the HTTPS listener. Left out, the primary stack asks for it as the variable primary_web_certificate_arn.
   */
  certificateArn?: string;
  /**
   * Cookie stickiness. CSP sessions are pinned to one web server, so the reference architecture requires it; turning it off is reported as a warning.
   */
  stickySessions?: boolean;
  /**
   * Path the load balancer requests on each web server.
   */
  healthCheckPath?: string;
  /**
   * internet-facing (in public subnets) or internal (in the web subnets, reachable only from the networks routed to the VPC; needs no public subnet and clientCidrs other than the internet). DNS failover of an internal entry uses CloudWatch-alarm health checks.
   */
  scheme?: 'internet-facing' | 'internal';
}
/**
 * ECP application servers, spread over the availability zones.
 */
export interface App {
  /**
   * Number of ECP application servers; default from the size preset. At most 254: every application and print server is an ECP client of the data server, which accepts 254 (InterSystems IRIS MaxServerConn), and those of both sites count (rule config.ecp-clients).
   */
  count?: number;
  /**
   * Instance type of the application servers; default from the size preset and instanceFamily.
   */
  instanceType?: string;
}
/**
 * TrakCare only: print servers, ECP clients that render print jobs.
 */
export interface Print {
  /**
   * Number of print servers; default from the size preset. At most 254: every application and print server is an ECP client of the data server, which accepts 254 (InterSystems IRIS MaxServerConn), and those of both sites count (rule config.ecp-clients).
   */
  count?: number;
  /**
   * Instance type of the print servers; default from the size preset and instanceFamily.
   */
  instanceType?: string;
}
/**
 * Database mirror members (failover pair, arbiter) and their storage.
 */
export interface Database {
  /**
   * Instance type of the mirror members; default from the size preset and instanceFamily.
   */
  instanceType?: string;
  /**
   * Namespaces held by the mirror (TrakCare: TRAK, ANALYTICS, INTEGRATION). Recorded as tags on the members: refarch:namespaces, and refarch:namespaces-2, -3 ... past AWS's 256 characters per tag value.
   *
   * @maxItems 20
   */
  namespaces?: string[];
  /**
   * Mirror settings.
   */
  mirror?: {
    /**
     * The arbiter (ISCAgent) in the third availability zone; one serves every mirror.
     */
    arbiter?: {
      /**
       * Instance type of the arbiter; default the family's large size.
       */
      instanceType?: string;
    };
    /**
     * How clients that are not mirror-aware (xDBC, raw TCP) find the primary: load-balancer is an internal NLB polling mirror_status.cxw (the reference architecture's polling method); none skips it.
     */
    vip?: 'load-balancer' | 'none';
    /**
     * Also give the members an IAM role that lets ^ZMIRROR register the new primary with the VIP target group (the API call-out method).
     */
    zmirrorCallout?: boolean;
  };
  volumes?: Volumes;
  /**
   * InterSystems ports of the members.
   */
  ports?: {
    /**
     * Superserver port (ECP, mirroring, xDBC).
     */
    superserver?: number;
    /**
     * Private web server port (Management Portal, mirror_status.cxw).
     */
    webserver?: number;
    /**
     * ISCAgent port (mirror members, DR asyncs, arbiter).
     */
    agent?: number;
  };
}
/**
 * Per-purpose EBS volumes of each database member (one volume per purpose, so each can be sized, typed and snapshotted on its own). Fields left out come from the size preset.
 */
export interface Volumes {
  data?: Volume;
  journal1?: Volume1;
  journal2?: Volume2;
  wij?: Volume3;
  /**
   * Additional data volumes.
   *
   * @maxItems 8
   */
  extra?: ExtraVolume[];
}
/**
 * Databases, mounted at /irissys/data.
 */
export interface Volume {
  /**
   * EBS volume type.
   */
  type?: 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
  /**
   * Size in GiB; the range depends on the type.
   */
  sizeGiB?: number;
  /**
   * Provisioned IOPS: io1, io2 and gp3 only.
   */
  iops?: number;
  /**
   * Provisioned throughput in MiB/s: gp3 only.
   */
  throughputMiBps?: number;
}
/**
 * Primary journal directory, mounted at /irissys/journal1.
 */
export interface Volume1 {
  /**
   * EBS volume type.
   */
  type?: 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
  /**
   * Size in GiB; the range depends on the type.
   */
  sizeGiB?: number;
  /**
   * Provisioned IOPS: io1, io2 and gp3 only.
   */
  iops?: number;
  /**
   * Provisioned throughput in MiB/s: gp3 only.
   */
  throughputMiBps?: number;
}
/**
 * Alternate journal directory, mounted at /irissys/journal2.
 */
export interface Volume2 {
  /**
   * EBS volume type.
   */
  type?: 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
  /**
   * Size in GiB; the range depends on the type.
   */
  sizeGiB?: number;
  /**
   * Provisioned IOPS: io1, io2 and gp3 only.
   */
  iops?: number;
  /**
   * Provisioned throughput in MiB/s: gp3 only.
   */
  throughputMiBps?: number;
}
/**
 * Write image journal, mounted at /irissys/wij.
 */
export interface Volume3 {
  /**
   * EBS volume type.
   */
  type?: 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
  /**
   * Size in GiB; the range depends on the type.
   */
  sizeGiB?: number;
  /**
   * Provisioned IOPS: io1, io2 and gp3 only.
   */
  iops?: number;
  /**
   * Provisioned throughput in MiB/s: gp3 only.
   */
  throughputMiBps?: number;
}
/**
 * An additional database volume, mounted under the data directory.
 */
export interface ExtraVolume {
  /**
   * Short name of the volume; it becomes the mount point /irissys/<name>.
   */
  name: string;
  /**
   * EBS volume type.
   */
  type: 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
  /**
   * Size in GiB; the range depends on the type.
   */
  sizeGiB: number;
  /**
   * Provisioned IOPS: io1, io2 and gp3 only.
   */
  iops?: number;
  /**
   * Provisioned throughput in MiB/s: gp3 only.
   */
  throughputMiBps?: number;
}
/**
 * A HealthShare product with its own failover mirror.
 */
export interface Product {
  /**
   * Product name; it names the mirror set.
   */
  name: string;
  /**
   * Instance type of this product's mirror members; default database.instanceType.
   */
  instanceType?: string;
  volumes?: Volumes;
}
/**
 * Disaster recovery site in AWS: async mirror members (and optionally web/app tiers) in a second region. In the hybrid model this is the AWS site.
 */
export interface Dr {
  /**
   * Region of the DR site; a different region from the primary.
   */
  region: string;
  availabilityZones: AvailabilityZones1;
  /**
   * An IPv4 CIDR block.
   */
  vpcCidr?: string;
  /**
   * The legal basis for replicating the data to a DR region outside the primary region's legal area (data-protection regime), for example an adequacy decision. Recording it acknowledges the transfer: dr.residency is then not reported. Changes nothing in the Terraform.
   */
  transferBasis?: string;
  /**
   * DR async members per mirror, one per availability zone. Default 1 (cloud), 2 (hybrid).
   */
  asyncMembers?: number;
  /**
   * Web and application capacity kept in the DR region: full (as production), reduced (half the servers, rounded up, one size smaller) or none (database only; grow on promotion).
   */
  capacity?: 'full' | 'reduced' | 'none';
  /**
   * Instance type of the async members; default the primary members' type.
   */
  instanceType?: string;
  /**
   * ACM certificate (in the DR region) for the DR load balancer's HTTPS listener. Left out, the DR stack asks for it as the variable dr_web_certificate_arn.
   */
  certificateArn?: string;
  /**
   * An existing VPC in the DR region to deploy into, as network.vpcId for the primary; dr.vpcCidr states its CIDR. Needs dr.subnetIds.
   */
  vpcId?: string;
  subnetIds?: SubnetIds1;
  /**
   * peering: refarch peers the two VPCs and routes between them (link stack). none: routing between the sites is the network team's (e.g. Transit Gateway peering); refarch creates no peering and no route, only the security-group rules that admit the other site's CIDR (state dr.vpcCidr).
   */
  link?: 'peering' | 'none';
}
/**
 * Existing subnets of dr.vpcId per tier, one per DR availability zone in dr.availabilityZones order. Needs dr.vpcId.
 */
export interface SubnetIds1 {
  /**
   * Existing subnets for the web servers (and an internal web load balancer), one per availability zone, in availabilityZones order.
   *
   * @minItems 1
   * @maxItems 4
   *
   * Items: The id of an existing subnet of the VPC, in the zone of its position.
   */
  web: [string, ...string[]];
  /**
   * Existing subnets for the ECP application and print servers and the interface endpoints, one per availability zone, in availabilityZones order.
   *
   * @minItems 1
   * @maxItems 4
   *
   * Items: The id of an existing subnet of the VPC, in the zone of its position.
   */
  app: [string, ...string[]];
  /**
   * Existing subnets for the mirror members, arbiter and mirror VIP (and EFS mount targets of online backup), one per availability zone, in availabilityZones order.
   *
   * @minItems 1
   * @maxItems 4
   *
   * Items: The id of an existing subnet of the VPC, in the zone of its position.
   */
  data: [string, ...string[]];
  /**
   * Existing subnets for an internet-facing web load balancer, one per availability zone, in availabilityZones order.
   *
   * @minItems 1
   * @maxItems 4
   *
   * Items: The id of an existing subnet of the VPC, in the zone of its position.
   */
  public?: [string, ...string[]];
}
/**
 * Route 53 failover record for the application's public name.
 */
export interface Dns {
  /**
   * Public hosted zone name.
   */
  zoneName: string;
  /**
   * Record name inside the zone.
   */
  record: string;
  /**
   * Create the hosted zone instead of looking it up.
   */
  createZone?: boolean;
}
/**
 * Application-consistent backups of the mirror members.
 */
export interface Backup {
  /**
   * snapshot: EBS snapshots by Data Lifecycle Manager with ExternalFreeze/ExternalThaw scripts; aws-backup: AWS Backup vault and plan of the member instances, crash-consistent (no freeze/thaw); online: an encrypted EFS share for Caché Online Backup output.
   */
  method?: 'snapshot' | 'aws-backup' | 'online';
  /**
   * Daily start time, UTC, HH:MM.
   */
  schedule?: string;
  /**
   * Days each backup is kept.
   */
  retainDays?: number;
  /**
   * Copy each snapshot, encrypted with the DR key, to the DR region.
   */
  copyToDr?: boolean;
}
/**
 * CloudWatch alarms, dashboard and notifications.
 */
export interface Monitoring {
  /**
   * Address subscribed to the alarm topic (the subscription must be confirmed by mail).
   */
  alarmEmail?: string;
  /**
   * CPU utilisation that raises the high-CPU alarm.
   */
  cpuHighPercent?: number;
  /**
   * The Amazon CloudWatch agent on every server, configured at boot: memory, swap and disk space of every IRIS volume, the IRIS metrics of the local /api/monitor/metrics endpoint, messages.log and the boot logs shipped to CloudWatch Logs, and the alarms on them (README "Monitoring"). false: EC2 metrics only, as before.
   */
  agent?: boolean;
  /**
   * Days CloudWatch Logs keeps the servers' logs (one of the retention periods CloudWatch Logs accepts).
   */
  logRetentionDays?:
    | 1
    | 3
    | 5
    | 7
    | 14
    | 30
    | 60
    | 90
    | 120
    | 150
    | 180
    | 365
    | 400
    | 545
    | 731
    | 1096
    | 1827
    | 2192
    | 2557
    | 2922
    | 3288
    | 3653;
  /**
   * Thresholds of the alarms on what the agent publishes. Defaults in README "Monitoring".
   */
  thresholds?: {
    /**
     * Free space (%) on a journal or WIJ volume below which the warning alarm fires.
     */
    journalFreeWarningPercent?: number;
    /**
     * Free space (%) on a journal or WIJ volume below which the critical alarm fires (IRIS freezes journal writes when a journal directory is full). Lower than the warning.
     */
    journalFreeCriticalPercent?: number;
    /**
     * Free space (%) on a database (data) volume or a root volume below which its alarm fires.
     */
    dataFreePercent?: number;
    /**
     * Memory in use (%) above which a server's memory alarm fires.
     */
    memoryUsedPercent?: number;
    /**
     * Licence units in use (%) above which an IRIS instance's licence alarm fires.
     */
    licenseUsedPercent?: number;
    /**
     * Minutes a DR async member may report a mirror status other than Connected (behind, synchronizing, stopped) before its alarm fires.
     */
    drAsyncNotConnectedMinutes?: number;
  };
}
/**
 * Machine image per region (keys are region names). A region left out uses the catalog's default SSM parameter (latest Amazon Linux 2023).
 */
export interface Images {
  [k: string]: Image;
}
/**
 * Where Terraform keeps state, one key per stack.
 */
export interface State {
  /**
   * local (a relative path per stack) or s3 (with native S3 locking).
   */
  backend?: 'local' | 's3';
  /**
   * S3 bucket for the state (s3 only).
   */
  bucket?: string;
  /**
   * Prefix of each stack's state key (s3 only).
   */
  keyPrefix?: string;
  /**
   * An AWS region name.
   */
  region?: string;
  /**
   * Why the state bucket stays in the primary region, for example a residency requirement that keeps it in the primary's country where that country has no other region. Recording it acknowledges the outage risk: state.same-region is then not reported. Changes nothing in the Terraform.
   */
  residencyBasis?: string;
}
/**
 * The InterSystems software on the instances, and day-one configuration: refarch writes a configuration merge file per instance (mirror, ECP, namespaces, journals, memory) and the Web Gateway's server definitions. Everything else is derived from the rest of the spec.
 */
export interface Software {
  /**
   * iris or cache. Configuration merge is an InterSystems IRIS feature: on cache refarch writes no merge files and leaves configuration to the operator.
   */
  platform?: 'iris' | 'cache';
  /**
   * Product version, for the record and for install scripts (e.g. 2024.1); configuration does not depend on it.
   */
  version?: string;
  /**
   * How InterSystems IRIS gets onto the instances: image (already installed on the machine image, the default), container (an image pulled from a registry) or kit (an installation kit in S3).
   */
  install?: {
    /**
     * image: IRIS is pre-installed on the machine image; container: run the registry image named by install.image; kit: install the kit at install.location.
     */
    kind?: 'image' | 'container' | 'kit';
    /**
     * Registry reference of the InterSystems IRIS container image (container installs): registry/repository[:tag][@digest].
     */
    image?: string;
    /**
     * S3 URL of the InterSystems IRIS installation kit (kit installs).
     */
    location?: string;
  };
  /**
   * Name of the InterSystems IRIS instance on every server (what `iris merge <instance>` names).
   */
  instance?: string;
  /**
   * Encryption in transit between mirror members. privateCaArn: an AWS Private CA (ACM PCA) that issues each mirror member its certificate at boot: the member generates its private key and a request on the instance (the key never leaves it, and is never in user data, Terraform or state), the member role may issue certificates only from this CA, and the mirror requires TLS (ConfigMirror SSLDir with CAFile.pem, CertificateFile.pem, PrivateKeyFile.pem; UseSSL=1).
   */
  tls?: {
    /**
     * ARN of the AWS Private CA that issues the mirror members' certificates (in the primary region, or any region both sites reach).
     */
    privateCaArn: string;
  };
  /**
   * Where the instances find the secrets they need at boot. Only ARNs: refarch never sees the values.
   */
  secrets?: {
    /**
     * ARN of the Secrets Manager secret or SSM SecureString parameter that holds the password set for the predefined InterSystems IRIS accounts at first start. Only the ARN is written anywhere: the instance reads the value at boot with a role scoped to this one secret, and the value never appears in merge files, user data, output or state.
     */
    password?: string;
    /**
     * ARN of the Secrets Manager secret or SSM SecureString parameter that holds the InterSystems license key (iris.key). Only the ARN is written anywhere: the instance reads the value at boot with a role scoped to this one secret, and the value never appears in merge files, user data, output or state.
     */
    license?: string;
    /**
     * The copies in the DR region that the DR site's servers read, so that a DR server booted while the primary region is down still reads its secrets. Needed for SSM parameters, which cannot be replicated; without it a Secrets Manager secret is read from its replica in the DR region (same name, DR region in the ARN). Each ARN must be in the DR region (rule software.secret-dr-region).
     */
    dr?: {
      /**
       * ARN, in the DR region, of the copy of software.secrets.password that the DR servers read (Secrets Manager secret or SSM SecureString parameter). Only the ARN is written anywhere.
       */
      password?: string;
      /**
       * ARN, in the DR region, of the copy of software.secrets.license that the DR servers read (Secrets Manager secret or SSM SecureString parameter). Only the ARN is written anywhere.
       */
      license?: string;
    };
  };
  /**
   * Write and apply day-one configuration (merge files, Web Gateway server definitions). false opts out: the instances come up as before, unconfigured.
   */
  configure?: boolean;
}
/**
 * Account of the primary site (and the link stack).
 */
export interface Account {
  /**
   * The 12-digit AWS account id. Every provider of the stacks in this account gets allowed_account_ids = [id], so applying with other credentials fails before anything changes.
   */
  id: string;
  /**
   * Role Terraform assumes in this account (assume_role); its account must be id.
   */
  roleArn?: string;
}
/**
 * Account of the DR site. Another account than primary needs dr.link none or peering across accounts, and backup.copyToDr false.
 */
export interface Account1 {
  /**
   * The 12-digit AWS account id. Every provider of the stacks in this account gets allowed_account_ids = [id], so applying with other credentials fails before anything changes.
   */
  id: string;
  /**
   * Role Terraform assumes in this account (assume_role); its account must be id.
   */
  roleArn?: string;
}
/**
 * Account that owns the public hosted zone (dns stack).
 */
export interface Account2 {
  /**
   * The 12-digit AWS account id. Every provider of the stacks in this account gets allowed_account_ids = [id], so applying with other credentials fails before anything changes.
   */
  id: string;
  /**
   * Role Terraform assumes in this account (assume_role); its account must be id.
   */
  roleArn?: string;
}
