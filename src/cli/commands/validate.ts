import { formatDiagnostic, type Diagnostic } from '../../validate/diagnostics';
import { checkFile } from '../../validate/validate';
import type { Command } from '../command';
import { EXIT, UsageError } from '../io';
import { exitCodeFor, fails } from '../spec-input';

export const validateCommand: Command = {
  summary: 'check specs against the schema and the reference architecture\'s rules',
  usage:
    'Usage: refarch validate <spec.yaml>... [--format text|json] [--strict]\n\nReports every problem at once as file:line:col severity [rule] path: what is wrong; how to fix.\n--strict: every warning fails too (exit 1), for pipelines.\nExit 0 valid (warnings allowed), 1 invalid, 2 unreadable input.',
  options: { format: { type: 'string', default: 'text' }, strict: { type: 'boolean', default: false } },
  run({ values, positionals }, io) {
    const format = values['format'];
    const strict = values['strict'] === true;
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${String(format)}"`);
    if (positionals.length === 0) throw new UsageError('validate needs at least one spec file');
    const all: Diagnostic[] = [];
    let code: number = EXIT.ok;
    for (const file of positionals) {
      const { diagnostics } = checkFile(file);
      all.push(...diagnostics);
      code = Math.max(code, exitCodeFor(diagnostics, { strict }));
      if (format === 'text') {
        for (const d of diagnostics) io.err(`${formatDiagnostic(d)}\n`);
        const warnings = diagnostics.length;
        if (!fails(diagnostics, { strict })) io.out(`${file}: valid${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}\n`);
        else if (!diagnostics.some((d) => d.severity === 'error')) io.out(`${file}: ${warnings} warning${warnings === 1 ? '' : 's'}, failing under --strict\n`);
      }
    }
    if (format === 'json') io.out(`${JSON.stringify({ valid: code === EXIT.ok, strict, diagnostics: all }, null, 2)}\n`);
    return code;
  },
};
