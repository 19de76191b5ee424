import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { configFiles, type ConfigFile } from '../../config/config';
import { OutputDirError, recoverInterrupted, replaceDirAtomically, type ManifestOwner } from '../../emit/emit';
import type { DeploymentModel } from '../../model/model';
import type { Command } from '../command';
import { EXIT, UsageError } from '../io';
import { modelFromFile } from '../spec-input';

const FORMATS = ['files', 'json'] as const;
/** Marks a folder as written by `refarch config` (its manifest.json), so a re-run may replace it and nothing else. */
const KIND = 'ConfigFiles';

/** Where a file goes in the output folder: one per instance, `<site>/<instance key>.cpf` or `.ini`. */
function relativePath(file: ConfigFile): string {
  return `${file.site}/${file.instanceKey}${file.role === 'web-gateway' ? '.CSP.ini' : '.merge.cpf'}`;
}

/** Why no file is written, when none is: one line. */
function nothingReason(model: DeploymentModel): string | undefined {
  if (!model.software.configure) return 'software.configure is false: day-one configuration is turned off, so there is nothing to write';
  if (model.software.platform !== 'iris') return 'software.platform is cache: configuration merge is an InterSystems IRIS feature, so refarch writes no merge files for Caché';
  return undefined;
}

/** `refarch config` replaces only a folder it wrote before (a synth output, say, is refused). */
const OWNER: ManifestOwner = { kind: 'refarch config', owns: (manifest) => (manifest as { kind?: unknown } | undefined)?.kind === KIND };

function document(model: DeploymentModel, files: readonly ConfigFile[]): object {
  return {
    apiVersion: 'refarch/v1',
    kind: KIND,
    name: model.name,
    platform: model.software.platform,
    configure: model.software.configure,
    files: files.map((f) => ({ site: f.site, instanceKey: f.instanceKey, hostName: f.hostName, role: f.role, path: f.path, file: relativePath(f), text: f.text })),
  };
}

export const configCommand: Command = {
  summary: "write every instance's day-one configuration (IRIS merge files, Web Gateway server definitions)",
  usage: [
    'Usage: refarch config <spec.yaml> [-o dir] [--format files|json]',
    '',
    'Writes, for teams that deploy the software with their own tooling, the configuration refarch',
    'gives each instance on day one: a configuration merge file per InterSystems IRIS instance',
    '(mirror members create or join the mirror and its databases; journals, WIJ and memory are set;',
    'ECP application and print servers point at the mirror and map its namespaces), and the Web',
    "Gateway's server definitions (CSP.ini sections) per web server. One file per instance:",
    '<dir>/<site>/<instance>.merge.cpf or .CSP.ini, with manifest.json listing where each belongs',
    'on its instance. The folder (default refarch-config/) is replaced atomically; a folder holding',
    'anything else is refused. --format json prints the files as one JSON document instead.',
    'With software.platform: cache or software.configure: false there is nothing to write: one line',
    'says why, exit 0. No secret (nor a secret ARN) is ever written into these files.',
  ].join('\n'),
  options: { output: { type: 'string', short: 'o', default: 'refarch-config' }, format: { type: 'string', default: 'files' } },
  optionValues: { format: FORMATS },
  run({ values, positionals }, io) {
    const format = String(values['format']);
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
    if (positionals.length !== 1) throw new UsageError('config takes exactly one spec file');
    const input = modelFromFile(positionals[0]!, io, 'nothing was written');
    if (!input.ok) return input.code;
    const model = input.model;
    const files = configFiles(model);
    const reason = nothingReason(model);
    if (format === 'json') {
      io.out(`${JSON.stringify({ ...document(model, files), ...(reason ? { note: reason } : {}) }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (reason !== undefined) {
      io.err(`refarch: ${reason}; nothing was written\n`);
      return EXIT.ok;
    }
    const outdir = resolvePath(io.cwd, String(values['output']));
    try {
      recoverInterrupted(outdir);
      replaceDirAtomically(outdir, (tmp) => {
        for (const f of files) {
          const target = join(tmp, relativePath(f));
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, f.text);
        }
        const manifest = { ...document(model, files), files: files.map((f) => ({ site: f.site, instanceKey: f.instanceKey, hostName: f.hostName, role: f.role, path: f.path, file: relativePath(f) })) };
        writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      }, [], OWNER);
    } catch (error) {
      if (error instanceof OutputDirError) {
        io.err(`refarch: ${error.message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    const merges = files.filter((f) => f.role !== 'web-gateway').length;
    const rel = relative(io.cwd, outdir) || '.';
    io.out(`Wrote ${merges} merge file${merges === 1 ? '' : 's'} and ${files.length - merges} Web Gateway definition${files.length - merges === 1 ? '' : 's'} into ${rel}/ (manifest.json says where each goes).\n`);
    return EXIT.ok;
  },
};
