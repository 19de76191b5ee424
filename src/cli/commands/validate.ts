import { formatDiagnostic, type Diagnostic } from '../../model/diagnostics';
import type { Command } from '../command';
import { EXIT, UsageError } from '../io';
import { checkSpecArgument, exitCodeFor, fails, specName } from '../spec-input';

export const validateCommand: Command = {
  summary: 'check specs against the schema and the reference architecture\'s rules',
  usage:
    'Usage: refarch validate <spec.yaml>... [--format text|json] [--strict]\n\nReports every problem at once as file:line:col severity [rule] path: what is wrong; how to fix.\nA spec of - is read from standard input.\n--format json: { apiVersion: refarch/v1, kind: ValidationReport, valid, strict, files, diagnostics } (line and column null when a problem has no place in the file).\n--strict: every warning fails too (exit 1), for pipelines.\nExit 0 valid (warnings allowed), 1 invalid, 2 unreadable input.',
  options: { format: { type: 'string', default: 'text' }, strict: { type: 'boolean', default: false } },
  optionValues: { format: ['text', 'json'] },
  run({ values, positionals }, io) {
    const format = values['format'];
    const strict = values['strict'] === true;
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${String(format)}"`);
    if (positionals.length === 0) throw new UsageError('validate needs at least one spec file (- reads standard input)');
    if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
    const all: Diagnostic[] = [];
    const files: Array<{ file: string; valid: boolean; errors: number; warnings: number }> = [];
    let code: number = EXIT.ok;
    for (const argument of positionals) {
      const file = specName(argument);
      const { diagnostics } = checkSpecArgument(argument, io);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      files.push({ file, valid: !fails(diagnostics, { strict }), errors, warnings: diagnostics.length - errors });
      all.push(...diagnostics);
      code = Math.max(code, exitCodeFor(diagnostics, { strict }));
      if (format === 'text') {
        for (const d of diagnostics) io.err(`${formatDiagnostic(d)}\n`);
        const warnings = diagnostics.length;
        if (!fails(diagnostics, { strict })) io.out(`${file}: valid${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}\n`);
        else if (!diagnostics.some((d) => d.severity === 'error')) io.out(`${file}: ${warnings} warning${warnings === 1 ? '' : 's'}, failing under --strict\n`);
      }
    }
    if (format === 'json') {
      // Stable machine output, versioned like the plan's: a problem with no place in the file
      // (unreadable, too large) has line and column null, never a made-up 0:0.
      const diagnostics = all.map((d) => ({ ...d, line: d.line > 0 ? d.line : null, column: d.line > 0 ? d.column : null }));
      io.out(`${JSON.stringify({ apiVersion: 'refarch/v1', kind: 'ValidationReport', valid: code === EXIT.ok, strict, files, diagnostics }, null, 2)}\n`);
    }
    return code;
  },
};
