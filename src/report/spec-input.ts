// Loading a spec for a report command: validate like synth does, print every diagnostic to stderr,
// and hand back the resolved model, or the exit code when the spec cannot be used.
import type { Io } from '../cli/io';
import { EXIT } from '../cli/io';
import { exitCodeFor } from '../cli/commands/validate';
import type { DeploymentModel } from '../model/model';
import { formatDiagnostic, hasErrors } from '../validate/diagnostics';
import { checkFile } from '../validate/validate';

export type ModelOrExit = { readonly ok: true; readonly model: DeploymentModel } | { readonly ok: false; readonly code: number };

export function modelFromFile(file: string, io: Io, what: string): ModelOrExit {
  const result = checkFile(file);
  for (const d of result.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  if (hasErrors(result.diagnostics) || result.model === undefined) {
    io.err(`refarch: ${file} is invalid; ${what}\n`);
    return { ok: false, code: exitCodeFor(result.diagnostics) || EXIT.invalid };
  }
  return { ok: true, model: result.model };
}
