// Small helpers shared by the semantic rules: building findings, de-duplicating them, formatting
// figures. Nothing here knows an AWS fact; those come from src/catalog.
import { INSTANCE_TYPES, type InstanceSpec } from '../../catalog/catalog';
import type { SpecPath } from '../../model/model';
import { formatPath, type Finding, type FindingParams, type Severity } from '../../model/diagnostics';

export function finding(severity: Severity, rule: string, path: SpecPath, message: string, fix: string, params?: FindingParams): Finding {
  return params === undefined ? { severity, rule, path, message, fix } : { severity, rule, path, message, fix, params };
}

export const error = (rule: string, path: SpecPath, message: string, fix: string, params?: FindingParams): Finding => finding('error', rule, path, message, fix, params);
export const warning = (rule: string, path: SpecPath, message: string, fix: string, params?: FindingParams): Finding => finding('warning', rule, path, message, fix, params);

/**
 * Drops repeated findings. The same volume spec or instance type is shared by several members
 * (primary, backup, asyncs, products), but the user edits it in one place: say it once.
 */
export function dedupe(findings: readonly Finding[], withMessage = false): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const id = `${f.rule}\u0000${formatPath(f.path)}${withMessage ? `\u0000${f.message}` : ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(f);
  }
  return out;
}

/** 41000 -> "41,000"; 238.4185 -> "238.4"; 0.25 -> "0.25" (two significant decimals below 1, one above). */
export function fmt(n: number): string {
  const digits = Math.abs(n) < 1 ? 2 : 1;
  const [whole, fraction = ''] = Math.abs(n).toFixed(digits).split('.') as [string, string?];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = fraction.replace(/0+$/, '');
  return `${n < 0 && Number(`${whole}.${fraction}`) !== 0 ? '-' : ''}${grouped}${trimmed === '' ? '' : `.${trimmed}`}`;
}

/** The catalog entry of an instance type, or undefined when the catalog does not know it. */
export function instanceSpec(instanceType: string): InstanceSpec | undefined {
  return Object.prototype.hasOwnProperty.call(INSTANCE_TYPES.rows, instanceType) ? INSTANCE_TYPES.rows[instanceType] : undefined;
}

/** Megabits per second (AWS's instance EBS bandwidth unit) to MiB/s (EBS volume throughput unit). */
export function mbpsToMiBps(mbps: number): number {
  return (mbps * 1_000_000) / 8 / (1024 * 1024);
}

/** The region of an ACM certificate ARN (arn:partition:acm:REGION:account:certificate/id). */
export function arnRegion(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 ? parts[3] : undefined;
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
