import { formatDiagnostic, hasErrors, type Diagnostic } from '../../validate/diagnostics';
import { checkFile } from '../../validate/validate';
import { EXIT, UsageError } from '../io';
import type { Command } from '../main';

/** Exit code for a set of diagnostics: input problems (unreadable, missing) are usage-class. */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  if (!hasErrors(diagnostics)) return EXIT.ok;
  return diagnostics.some((d) => d.severity === 'error' && d.rule.startsWith('input.') && d.rule !== 'input.empty' && d.rule !== 'input.binary' && d.rule !== 'input.encoding' && d.rule !== 'input.too-large')
    ? EXIT.usage
    : EXIT.invalid;
}

export const validateCommand: Command = {
  summary: 'check specs against the schema and the reference architecture\'s rules',
  usage: 'Usage: refarch validate <spec.yaml>... [--format text|json]\n\nReports every problem at once as file:line:col severity [rule] path: what is wrong; how to fix.\nExit 0 valid (warnings allowed), 1 invalid, 2 unreadable input.',
  options: { format: { type: 'string', default: 'text' } },
  run({ values, positionals }, io) {
    const format = values['format'];
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${String(format)}"`);
    if (positionals.length === 0) throw new UsageError('validate needs at least one spec file');
    const all: Diagnostic[] = [];
    let code: number = EXIT.ok;
    for (const file of positionals) {
      const { diagnostics } = checkFile(file);
      all.push(...diagnostics);
      code = Math.max(code, exitCodeFor(diagnostics));
      if (format === 'text') {
        for (const d of diagnostics) io.err(`${formatDiagnostic(d)}\n`);
        if (!hasErrors(diagnostics)) io.out(`${file}: valid${diagnostics.length > 0 ? ` (${diagnostics.length} warning${diagnostics.length === 1 ? '' : 's'})` : ''}\n`);
      }
    }
    if (format === 'json') io.out(`${JSON.stringify({ valid: code === EXIT.ok, diagnostics: all }, null, 2)}\n`);
    return code;
  },
};
