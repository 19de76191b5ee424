// Quotas a deployment's size meets in its account and region: EC2 On-Demand vCPUs per group of
// instance families (past it `terraform apply` fails with VcpuLimitExceeded) and EBS storage and
// provisioned IOPS per volume type. The quota values are the account's own (new accounts start
// low; an organisation raises them through Service Quotas), so refarch does not check them:
// `refarch plan` says how much of which quota each stack needs, so it can be raised before the
// first apply.
import type { EbsType } from './ebs';
import type { Sourced } from './sourced';

export interface VcpuQuota {
  /** Service Quotas code of the quota (service ec2). */
  readonly code: string;
  /** Its name in Service Quotas. */
  readonly name: string;
  /** First letters of the families it counts (lower case; "x" counts x2idn, x2iedn, ...). */
  readonly familyLetters: readonly string[];
}

export const EC2_VCPU_QUOTAS: Sourced<readonly VcpuQuota[]> = {
  source: 'Amazon EC2 User Guide, "Amazon EC2 service quotas" (On-Demand Instance quotas, calculated in vCPUs, one per group of instance families); Service Quotas console, service Amazon Elastic Compute Cloud (quota codes)',
  asOf: '2026-12',
  rows: [
    { code: 'L-1216C47A', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', familyLetters: ['a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z'] },
    { code: 'L-7295265B', name: 'Running On-Demand X instances', familyLetters: ['x'] },
  ],
};

/** The vCPU quota that counts an instance type ("r6i.8xlarge": Standard), or undefined for a family no row names. */
export function vcpuQuotaOf(instanceType: string): VcpuQuota | undefined {
  const letter = instanceType.charAt(0).toLowerCase();
  return EC2_VCPU_QUOTAS.rows.find((q) => q.familyLetters.includes(letter));
}

export interface EbsQuota {
  readonly code: string;
  readonly name: string;
}

/**
 * EBS volume quotas per account and region, per volume type: provisioned storage (TiB) and, for
 * io1/io2, provisioned IOPS. Defaults are in the tens of TiB (50 for io1, gp2, gp3); a large
 * HealthShare estate passes them, and volume creation then fails at apply.
 */
export const EBS_QUOTAS: Sourced<Readonly<Record<EbsType, { readonly storage: EbsQuota; readonly iops?: EbsQuota }>>> = {
  source: 'Amazon EBS quotas (Amazon EBS User Guide, "Amazon EBS quotas"; Service Quotas, service Amazon Elastic Block Store (ebs), quota codes)',
  asOf: '2026-12',
  rows: {
    gp2: { storage: { code: 'L-D18FCD1D', name: 'Storage for General Purpose SSD (gp2) volumes, in TiB' } },
    gp3: { storage: { code: 'L-7A658B76', name: 'Storage for General Purpose SSD (gp3) volumes, in TiB' } },
    io1: { storage: { code: 'L-FD252861', name: 'Storage for Provisioned IOPS SSD (io1) volumes, in TiB' }, iops: { code: 'L-B3A130E6', name: 'IOPS for Provisioned IOPS SSD (io1) volumes' } },
    io2: { storage: { code: 'L-09BD8365', name: 'Storage for Provisioned IOPS SSD (io2) volumes, in TiB' }, iops: { code: 'L-8D977E7E', name: 'IOPS for Provisioned IOPS SSD (io2) volumes' } },
    st1: { storage: { code: 'L-82ACEF56', name: 'Storage for Throughput Optimized HDD (st1) volumes, in TiB' } },
    sc1: { storage: { code: 'L-17AF77E8', name: 'Storage for Cold HDD (sc1) volumes, in TiB' } },
    standard: { storage: { code: 'L-9CF3C2EB', name: 'Storage for Magnetic (standard) volumes, in TiB' } },
  },
};

export interface ServiceQuota {
  /** Service Quotas service code. */
  readonly service: 'ec2' | 'ebs' | 'vpc' | 'elasticloadbalancing' | 'ssm';
  readonly code: string;
  readonly name: string;
}

/** Network and load balancer quotas a site counts against (per account and region, NAT gateways per zone). */
export const NETWORK_QUOTAS: Sourced<{
  readonly vpcs: ServiceQuota;
  readonly natGatewaysPerZone: ServiceQuota;
  readonly elasticIps: ServiceQuota;
  readonly applicationLoadBalancers: ServiceQuota;
  readonly networkLoadBalancers: ServiceQuota;
  readonly classicLoadBalancers: ServiceQuota;
}> = {
  source: 'Amazon VPC User Guide, "Amazon VPC quotas" (VPCs per Region, NAT gateways per Availability Zone); Amazon EC2 User Guide, "Elastic IP address quota"; Elastic Load Balancing quotas (Application, Network and Classic Load Balancers per Region); Service Quotas codes',
  asOf: '2026-12',
  rows: {
    vpcs: { service: 'vpc', code: 'L-F678F1CE', name: 'VPCs per Region' },
    natGatewaysPerZone: { service: 'vpc', code: 'L-FE5A380F', name: 'NAT gateways per Availability Zone' },
    elasticIps: { service: 'ec2', code: 'L-0263D0A3', name: 'EC2-VPC Elastic IPs' },
    applicationLoadBalancers: { service: 'elasticloadbalancing', code: 'L-53DA6B97', name: 'Application Load Balancers per Region' },
    networkLoadBalancers: { service: 'elasticloadbalancing', code: 'L-69A177A2', name: 'Network Load Balancers per Region' },
    classicLoadBalancers: { service: 'elasticloadbalancing', code: 'L-E9E9831D', name: 'Classic Load Balancers per Region' },
  },
};

/**
 * SSM Parameter Store: Standard-tier parameters per account and region (day one's files, scripts
 * and agent configuration are Standard parameters). A hard limit, not a Service Quotas quota.
 */
export const SSM_PARAMETER_LIMIT: Sourced<{ readonly quota: ServiceQuota; readonly standardParameters: number }> = {
  source: 'AWS Systems Manager API Reference, PutParameter, Tier ("You can create a maximum of 10,000 standard parameters per account and per Region"); AWS Systems Manager User Guide, "Managing parameter tiers"',
  asOf: '2026-12',
  rows: { quota: { service: 'ssm', code: '-', name: 'Standard parameters per Region (not adjustable)' }, standardParameters: 10_000 },
};
