// Reading a spec for a command: validate it, print every diagnostic to stderr, and hand back the
// resolved model or the exit code. With `strict`, a warning fails like an error (exit 1), for
// pipelines that must not let a weaker setting through unnoticed.
import type { DeploymentModel } from '../model/model';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../validate/diagnostics';
import { checkFile } from '../validate/validate';
import { EXIT, type Io } from './io';

export interface SpecInputOptions {
  /** Every warning fails (exit 1). */
  readonly strict?: boolean;
}

/** Input problems (unreadable, missing) are usage-class. */
function isUsageProblem(d: Diagnostic): boolean {
  return d.severity === 'error' && d.rule.startsWith('input.') && d.rule !== 'input.empty' && d.rule !== 'input.binary' && d.rule !== 'input.encoding' && d.rule !== 'input.too-large';
}

/** Whether the diagnostics fail the run: any error, or with `strict` any warning. */
export function fails(diagnostics: readonly Diagnostic[], options: SpecInputOptions = {}): boolean {
  return hasErrors(diagnostics) || (options.strict === true && diagnostics.length > 0);
}

/** Exit code for a set of diagnostics. */
export function exitCodeFor(diagnostics: readonly Diagnostic[], options: SpecInputOptions = {}): number {
  if (!fails(diagnostics, options)) return EXIT.ok;
  return diagnostics.some(isUsageProblem) ? EXIT.usage : EXIT.invalid;
}

/** Why a spec that `fails` is refused, for the closing stderr line. */
export function refusal(file: string, diagnostics: readonly Diagnostic[], options: SpecInputOptions = {}): string {
  if (hasErrors(diagnostics)) return `${file} is invalid`;
  const n = diagnostics.length;
  return `${file} has ${n} warning${n === 1 ? '' : 's'} and --strict makes warnings fail`;
}

export type ModelOrExit = { readonly ok: true; readonly model: DeploymentModel } | { readonly ok: false; readonly code: number };

/** Validates `file`, prints its diagnostics, and returns the model or the exit code; `what` ends the refusal line. */
export function modelFromFile(file: string, io: Io, what: string, options: SpecInputOptions = {}): ModelOrExit {
  const result = checkFile(file);
  for (const d of result.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  if (fails(result.diagnostics, options) || result.model === undefined) {
    io.err(`refarch: ${refusal(file, result.diagnostics, options)}; ${what}\n`);
    return { ok: false, code: exitCodeFor(result.diagnostics, options) || EXIT.invalid };
  }
  return { ok: true, model: result.model };
}
