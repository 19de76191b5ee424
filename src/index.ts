// refarch as a library: the same one-way pipeline the CLI runs.
//   load (YAML with positions) -> validate (schema, then semantic rules) -> resolve (every default)
//   -> config (day-one configuration files) -> synthesize (cdktf constructs) -> emit (atomic cdktf.out/)
// Synthesis is exported from 'refarch/dist/src/synth' separately so that validating never loads cdktf.
export { loadFile, loadText, loadBytes, locate, type LoadedSpec, type LoadResult } from './load/load';
export { checkFile, checkText, checkLoaded, type CheckResult } from './validate/validate';
export { formatDiagnostic, hasErrors, type Diagnostic, type Severity } from './model/diagnostics';
export { SPEC_SCHEMA } from './validate/schema';
export { resolve } from './resolve/resolve';
export { configFiles, gatewayFiles, mergeFiles, type ConfigFile, type ConfigRole, type GatewayFile, type MergeFile, type MergeRole } from './config/config';
export type * from './model/model';
export type { RawSpec } from './spec/types';
export { replaceDirAtomically } from './emit/emit';
export * as catalog from './catalog/catalog';
