// Reading a spec for a command: validate it, print every diagnostic to stderr, and hand back the
// resolved model or the exit code. With `strict`, a warning fails like an error (exit 1), for
// pipelines that must not let a weaker setting through unnoticed.
import type { DeploymentModel } from '../model/model';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../model/diagnostics';
import { loadBytes } from '../load/load';
import { checkFile, checkLoaded, type CheckResult } from '../validate/validate';
import { EXIT, UsageError, type Io } from './io';

export interface SpecInputOptions {
  /** Every warning fails (exit 1). */
  readonly strict?: boolean;
  /**
   * Print the spec's warnings (default). diff and rollout leave them out for the old spec: it is
   * the deployed one, and its warnings, repeated above the new spec's, said nothing about the change.
   */
  readonly warnings?: boolean;
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

/** How a spec read from standard input is named in diagnostics. */
export const STDIN_NAME = '<stdin>';

/**
 * Checks the spec named on the command line: a file, or `-` for standard input (as terraform,
 * kubectl and cat read it), with the same size, encoding and YAML checks as a file.
 */
export function checkSpecArgument(file: string, io: Io): CheckResult {
  if (file !== '-') return checkFile(file);
  if (io.readStdin === undefined) throw new UsageError('standard input is not available here');
  const loaded = loadBytes(io.readStdin(), STDIN_NAME);
  if (!loaded.ok) return { diagnostics: loaded.diagnostics, model: undefined, spec: undefined, loaded: undefined };
  return checkLoaded(loaded.spec);
}

/** The name of a spec argument in messages. */
export function specName(file: string): string {
  return file === '-' ? STDIN_NAME : file;
}

/** Validates `file` (`-`: standard input), prints its diagnostics, and returns the model or the exit code; `what` ends the refusal line. */
export function modelFromFile(file: string, io: Io, what: string, options: SpecInputOptions = {}): ModelOrExit {
  const result = checkSpecArgument(file, io);
  for (const d of result.diagnostics) if (options.warnings !== false || d.severity === 'error') io.err(`${formatDiagnostic(d)}\n`);
  if (fails(result.diagnostics, options) || result.model === undefined) {
    io.err(`refarch: ${refusal(specName(file), result.diagnostics, options)}; ${what}\n`);
    return { ok: false, code: exitCodeFor(result.diagnostics, options) || EXIT.invalid };
  }
  return { ok: true, model: result.model };
}
