// validate: schema first (all structural problems at once), then, on a schema-valid spec, resolve
// it and run the semantic rules against the resolved model. Findings are placed in the file.
import { loadFile, loadText, locate, type LoadedSpec } from '../load/load';
import type { DeploymentModel } from '../model/model';
import { resolve } from '../resolve/resolve';
import type { RawSpec } from '../spec/types';
import { formatPath, hasErrors, sortDiagnostics, type Diagnostic, type Finding } from '../model/diagnostics';
import { RULES } from './rules/index';
import { schemaFindings } from './schema';

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  /** Present when the spec has no errors (warnings allowed). */
  readonly model: DeploymentModel | undefined;
  readonly spec: RawSpec | undefined;
  readonly loaded: LoadedSpec | undefined;
}

/** Places findings at the line and column of the node they concern. */
export function place(loaded: LoadedSpec, findings: readonly Finding[]): Diagnostic[] {
  return findings.map((f) => {
    const atKey = f.rule === 'schema.unknown-key' || f.rule === 'schema.key-name';
    const pos = locate(loaded, f.path, atKey);
    const placed = { file: loaded.file, line: pos.line, column: pos.column, severity: f.severity, rule: f.rule, path: formatPath(f.path), message: f.message, fix: f.fix };
    return f.params === undefined ? placed : { ...placed, params: f.params };
  });
}

/** Semantic findings of a schema-valid spec and the model they were checked against. */
export function semanticFindings(spec: RawSpec): { findings: Finding[]; model: DeploymentModel } {
  const model = resolve(spec);
  const findings = RULES.flatMap((rule) => rule.check({ spec, model }));
  return { findings, model };
}

/**
 * The schema's cross-field rules (`x-refarch-rule`, so that editors underline them) say what a
 * semantic rule of the same id says; their findings carry that id rather than `schema.*`.
 */
function isCrossField(f: Finding): boolean {
  return !f.rule.startsWith('schema.');
}

/**
 * Schema first. Structural problems (`schema.*`) stop there, reported with any cross-field
 * problems, since the semantic rules need a well-formed spec. Otherwise the semantic rules run,
 * and a cross-field finding is dropped when a semantic finding of the same rule at the same path
 * says it better (with the spec's own figures); one the semantic rules do not make is kept, so a
 * problem the editor shows is never lost. Each problem is reported once.
 */
export function checkLoaded(loaded: LoadedSpec): CheckResult {
  const schema = schemaFindings(loaded.value);
  if (schema.some((f) => !isCrossField(f))) {
    return { diagnostics: sortDiagnostics(place(loaded, schema)), model: undefined, spec: undefined, loaded };
  }
  const spec = loaded.value as RawSpec;
  const { findings, model } = semanticFindings(spec);
  const said = new Set(findings.map((f) => `${f.rule}\u0000${formatPath(f.path)}`));
  const unsaid = schema.filter((f) => !said.has(`${f.rule}\u0000${formatPath(f.path)}`));
  const diagnostics = sortDiagnostics(place(loaded, [...findings, ...unsaid]));
  return { diagnostics, model: hasErrors(diagnostics) ? undefined : model, spec, loaded };
}

export function checkFile(file: string): CheckResult {
  const loaded = loadFile(file);
  if (!loaded.ok) return { diagnostics: loaded.diagnostics, model: undefined, spec: undefined, loaded: undefined };
  return checkLoaded(loaded.spec);
}

export function checkText(text: string, file = '<spec>'): CheckResult {
  const loaded = loadText(text, file);
  if (!loaded.ok) return { diagnostics: loaded.diagnostics, model: undefined, spec: undefined, loaded: undefined };
  return checkLoaded(loaded.spec);
}
