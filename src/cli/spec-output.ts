// Where a generated spec goes (init, import-icm): stdout, or a new file written atomically that
// never replaces an existing one.
import { OutputFileError, writeFileAtomically } from '../emit/emit';
import { EXIT, type Io } from './io';

/**
 * Writes `text` to stdout when `output` is undefined, else to the absolute path `output`.
 * Returns an exit code when the command is done (stdout, or a write that failed), or undefined
 * after a successful file write so the caller can print its own next steps.
 */
export function emitSpec(io: Io, text: string, output: string | undefined, shownPath: string): number | undefined {
  if (output === undefined) {
    io.out(text);
    return EXIT.ok;
  }
  try {
    writeFileAtomically(output, text, { overwrite: false });
  } catch (error) {
    if (error instanceof OutputFileError || (error as NodeJS.ErrnoException).code !== undefined) {
      io.err(`refarch: ${error instanceof OutputFileError ? error.message : `cannot write ${shownPath}: ${(error as Error).message}`}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return undefined;
}
