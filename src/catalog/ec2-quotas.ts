// EC2 On-Demand instance quotas: each account and region may run only so many vCPUs per group of
// instance families, and `terraform apply` fails with VcpuLimitExceeded past it. The quota values
// are the account's own (new accounts start low; an organisation raises them through Service
// Quotas), so refarch does not check them: `refarch plan` says how many vCPUs of which quota each
// stack runs, so the quota can be raised before the first apply.
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
