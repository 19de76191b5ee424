// A diagnostic says where (file:line:col and the path in the spec), what is wrong, and how to fix it.
import type { SpecPath } from './model';

export type Severity = 'error' | 'warning';

/**
 * The figures behind a problem, for machines and tests: the value found, the limit it breaks
 * (a number, or a range), the unit both are in, and what would fit. Rules about figures set them;
 * the message says the same in words.
 */
export interface FindingParams {
  readonly value?: number | string;
  readonly limit?: number | { readonly min: number; readonly max: number };
  readonly unit?: string;
  /** The nearest value that passes (a size, a count, an instance type, a prefix length). */
  readonly fits?: number | string;
}

export interface Diagnostic {
  readonly file: string;
  /** 1-based; 0 when the problem has no place in the file (unreadable file). */
  readonly line: number;
  readonly column: number;
  readonly severity: Severity;
  /** Stable rule id, e.g. `schema.unknown-key`, `ebs.iops-ratio`. */
  readonly rule: string;
  /** Dotted path in the spec (`database.volumes.data.iops`, `products[2].name`); empty for the whole file. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  readonly params?: FindingParams;
}

/** A diagnostic before it has been placed in a file: rules produce these. */
export interface Finding {
  readonly severity: Severity;
  readonly rule: string;
  readonly path: SpecPath;
  readonly message: string;
  readonly fix: string;
  readonly params?: FindingParams;
}

export function formatPath(path: SpecPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Line breaks and other control characters (C0, DEL, C1, and the Unicode line and paragraph
 * separators) written as escapes: an echoed key or value from the spec can then never break one
 * diagnostic over several lines, nor forge a diagnostic line of its own.
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** One problem, always on one line (see escapeControl). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const path = d.path === '' ? '' : `${d.path}: `;
  return escapeControl(`${where} ${d.severity} [${d.rule}] ${path}${d.message}; ${d.fix}`);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: by line, column, then rule, so output never depends on rule evaluation order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path) || a.message.localeCompare(b.message));
}
