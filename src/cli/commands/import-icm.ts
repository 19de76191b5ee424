import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { icmSpecYaml, importIcm } from '../../author/icm';
import { schemaRefFor } from '../../author/init';
import { formatDiagnostic, hasErrors } from '../../model/diagnostics';
import { checkText } from '../../validate/validate';
import { emitSpec } from '../spec-output';
import { EXIT, UsageError, type Io } from '../io';
import type { Command } from '../command';

/** Reads a JSON file; an unreadable file is a usage error (2), bad JSON an invalid input (1). */
function readJson(file: string, cwd: string): { ok: true; value: unknown } | { ok: false; code: number; message: string } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, code: EXIT.usage, message: `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'unknown error'})`}` };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    return { ok: false, code: EXIT.invalid, message: `${file}: not valid JSON (${(error as Error).message})` };
  }
}

function report(io: Io, lines: readonly string[]): void {
  for (const line of lines) io.err(`${line}\n`);
}

export const importIcmCommand: Command = {
  summary: 'convert an InterSystems Cloud Manager (ICM) AWS configuration into a spec',
  usage: [
    'Usage: refarch import-icm <defaults.json> <definitions.json> [-o file] [--vpc-cidr cidr]',
    '',
    'Maps ICM\'s Provider AWS, Region, Zone/ZoneMap, Label/Tag, DM (or one DATA mirror set) with',
    'Mirror/MirrorMap, AM/COMPUTE, WS, AR and LB roles, InstanceType, Data/Journal1/Journal2/WIJ',
    'volumes and the ports into a refarch spec. ICM async members become a DR site in the same region',
    '(capacity none). VPCId and SubnetIds become an existing network (network.vpcId, subnetIds;',
    'give the VPC\'s CIDR with --vpc-cidr), LoadBalancerInternal an internal web entry.',
    'Every field without an equivalent is listed on stderr as',
    '"ignored: <field> = <value> (reason)"; secrets and key or credential paths are never copied.',
    'The result is validated before it is written; without -o it goes to stdout. -o never overwrites.',
    'Exit 0 ok, 1 not importable or the result is invalid, 2 usage or unreadable file.',
  ].join('\n'),
  options: { output: { type: 'string', short: 'o' }, 'vpc-cidr': { type: 'string' } },
  run({ values, positionals }, io) {
    if (positionals.length !== 2) throw new UsageError('import-icm takes two files: <defaults.json> <definitions.json>');
    const [defaultsFile, definitionsFile] = positionals as [string, string];
    const defaults = readJson(defaultsFile, io.cwd);
    const definitions = readJson(definitionsFile, io.cwd);
    for (const r of [defaults, definitions]) if (!r.ok) io.err(`refarch: ${r.message}\n`);
    if (!defaults.ok || !definitions.ok) return Math.max(defaults.ok ? 0 : defaults.code, definitions.ok ? 0 : definitions.code);

    const vpcCidr = values['vpc-cidr'] === undefined ? undefined : String(values['vpc-cidr']);
    const result = importIcm(defaults.value, definitions.value, vpcCidr === undefined ? {} : { vpcCidr });
    report(io, result.ignored);
    report(io, result.warnings.map((w) => `warning: ${w}`));
    if (result.errors.length > 0) {
      report(io, result.errors.map((e) => `refarch: cannot import: ${e}`));
      return EXIT.invalid;
    }
    const output = values['output'] === undefined ? undefined : resolve(io.cwd, String(values['output']));
    const text = icmSpecYaml(result, schemaRefFor(output ? dirname(output) : io.cwd), { defaults: defaultsFile, definitions: definitionsFile });
    const check = checkText(text, output ?? '<imported spec>');
    for (const d of check.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    if (hasErrors(check.diagnostics)) {
      io.err('refarch: the imported spec does not validate (see above); nothing was written\n');
      return EXIT.invalid;
    }
    const done = emitSpec(io, text, output, String(values['output']));
    if (done !== undefined) return done;
    io.err(`Wrote ${String(values['output'])}. Next: refarch plan ${String(values['output'])}\n`);
    return EXIT.ok;
  },
};
