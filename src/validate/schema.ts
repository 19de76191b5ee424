// Structural validation: the JSON Schema in schema/ (the single source of truth), run by ajv,
// with ajv's errors turned into findings that say what is wrong and how to fix it.
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import schemaJson from '../../schema/refarch.schema.json';
import type { SpecPath } from '../model/model';
import { nearest } from '../util/text';
import { AJV_OPTIONS, configureAjv } from './ajv-setup';
import type { Finding } from '../model/diagnostics';

export const SPEC_SCHEMA: Record<string, unknown> = schemaJson as Record<string, unknown>;

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (compiled === undefined) {
    try {
      // Built by scripts/build-validator.mjs next to this file in dist/ (same schema, same options):
      // saves the ~250 ms schema compilation of every cold run.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      compiled = require('./spec-validator') as ValidateFunction;
    } catch {
      // Same options and keywords as scripts/build-validator.mjs (both use ajv-setup). Loaded
      // lazily: ajv itself costs ~70 ms to load, which the precompiled path never pays.
      const Ajv2020 = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
      const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
      compiled = configureAjv(new Ajv2020({ ...AJV_OPTIONS }), (ajv, formats) => addFormats(ajv, formats as Parameters<typeof addFormats>[1] & string[])).compile(SPEC_SCHEMA);
    }
  }
  return compiled;
}

function toPath(instancePath: string): Array<string | number> {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** The schema object that holds the failing keyword (ajv's verbose mode keeps it). */
function schemaAt(error: ErrorObject): Record<string, unknown> | undefined {
  const node = error.parentSchema;
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: SpecPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** A schema node with its local `$ref` chain merged in (the node's own keywords win). */
function deref(node: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  let merged = node;
  let current = node;
  for (let hops = 0; hops < 10 && typeof current?.['$ref'] === 'string' && String(current['$ref']).startsWith('#/'); hops++) {
    let target: unknown = SPEC_SCHEMA;
    for (const segment of String(current['$ref']).slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[segment];
    current = target !== null && typeof target === 'object' ? (target as Record<string, unknown>) : undefined;
    merged = { ...current, ...merged };
  }
  return merged;
}

function exampleOf(schemaNode: Record<string, unknown> | undefined, property: string): string {
  const properties = schemaNode?.['properties'] as Record<string, Record<string, unknown>> | undefined;
  const prop = deref(properties?.[property]);
  const examples = prop?.['examples'] as unknown[] | undefined;
  return examples && examples.length > 0 ? ` (for example ${JSON.stringify(examples[0])})` : '';
}

/**
 * The cross-field rule (`x-refarch-rule`) whose `then`/`else` holds the failing keyword, if any:
 * the failing node itself (a `required`), or on the way to it. ajv's schemaPath starts at the root
 * for subschemas it inlines, but at the referenced $defs entry for those it compiles as functions
 * of their own (any holding a $ref), so the path is tried from the root, then from each entry.
 * test/editor.test.ts checks that every rule is recognised.
 */
function crossFieldRule(error: ErrorObject): { readonly id: string; readonly message: string } | undefined {
  const own = schemaAt(error);
  if (typeof own?.['x-refarch-rule'] === 'string') return { id: own['x-refarch-rule'], message: String(own['errorMessage'] ?? '') };
  const segments = error.schemaPath.replace(/^#\/?/, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const defs = (SPEC_SCHEMA['$defs'] ?? {}) as Record<string, unknown>;
  for (const base of [SPEC_SCHEMA, ...Object.values(defs)]) {
    let node: unknown = base;
    let found: { id: string; message: string } | undefined;
    for (const segment of segments) {
      if (node === null || typeof node !== 'object') break;
      node = (node as Record<string, unknown>)[segment];
      const tag = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)['x-refarch-rule'] : undefined;
      if (typeof tag === 'string') found = { id: tag, message: String((node as Record<string, unknown>)['errorMessage'] ?? '') };
    }
    if (found !== undefined && node === false) return found;
  }
  return undefined;
}

/**
 * A cross-field rule's finding: under the semantic rule's id, at the field concerned (the missing
 * key, or the key that is not allowed), with the schema's own message (what; how to fix).
 */
function crossFieldFinding(error: ErrorObject, rule: { readonly id: string; readonly message: string }): Finding | undefined {
  const path = toPath(error.instancePath);
  const at = error.keyword === 'required' ? [...path, String((error.params as Record<string, unknown>)['missingProperty'])] : path;
  if (error.keyword !== 'required' && error.keyword !== 'false schema') return undefined;
  const cut = rule.message.indexOf('; ');
  return { severity: 'error', rule: rule.id, path: at, message: cut < 0 ? rule.message : rule.message.slice(0, cut), fix: cut < 0 ? 'see the schema' : rule.message.slice(cut + 2) };
}

function toFinding(error: ErrorObject, root: unknown): Finding | undefined {
  const rule = crossFieldRule(error);
  if (rule !== undefined) return crossFieldFinding(error, rule);
  const path = toPath(error.instancePath);
  const value = valueAt(root, path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    // `if` only says that its then/else failed; that failure is reported on its own.
    case 'if':
      return undefined;
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const parent = schemaAt(error);
      const known = Object.keys((parent?.['properties'] as Record<string, unknown> | undefined) ?? {});
      const suggestion = nearest(key, known);
      return {
        severity: 'error',
        rule: 'schema.unknown-key',
        path: [...path, key],
        message: `unknown key "${key}"`,
        fix: suggestion ? `did you mean "${suggestion}"?` : `valid keys here: ${known.join(', ')}`,
      };
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      return { severity: 'error', rule: 'schema.required', path, message: `missing required key "${missing}"`, fix: `add "${missing}"${exampleOf(schemaAt(error), missing)}` };
    }
    case 'type':
      return { severity: 'error', rule: 'schema.type', path, message: `must be ${String(params['type']).replace(',', ' or ')}, not ${describe(value)}`, fix: `write a value of type ${String(params['type'])}` };
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? (params['allowedValues'] as unknown[]) : [params['allowedValue']]).map((v) => String(v));
      const suggestion = typeof value === 'string' ? nearest(value, allowed) : undefined;
      return {
        severity: 'error',
        rule: 'schema.enum',
        path,
        message: `${describe(value)} is not allowed`,
        fix: suggestion ? `did you mean "${suggestion}"? allowed: ${allowed.join(', ')}` : `use one of: ${allowed.join(', ')}`,
      };
    }
    case 'pattern':
    case 'format': {
      const node = schemaAt(error);
      const examples = node?.['examples'] as unknown[] | undefined;
      const hint = typeof node?.['description'] === 'string' ? String(node['description']) : 'the expected format';
      return {
        severity: 'error',
        rule: error.keyword === 'format' ? 'schema.format' : 'schema.pattern',
        path,
        message: `${describe(value)} is not ${error.keyword === 'format' ? `a valid ${String(params['format'])}` : 'in the expected format'}`,
        fix: `${hint.replace(/\.$/, '')}${examples && examples.length > 0 ? `, for example ${JSON.stringify(examples[0])}` : ''}`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { severity: 'error', rule: 'schema.range', path, message: `${describe(value)} must be ${String(params['comparison'])} ${String(params['limit'])}`, fix: `use a value ${String(params['comparison'])} ${String(params['limit'])}` };
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return { severity: 'error', rule: 'schema.size', path, message: `has the wrong number of entries: ${error.message ?? ''}`, fix: `give it ${String(params['limit'])} entries at ${error.keyword.startsWith('min') ? 'least' : 'most'}` };
    case 'uniqueItems':
      return { severity: 'error', rule: 'schema.duplicate', path, message: `entries ${String(params['j'])} and ${String(params['i'])} are the same`, fix: 'remove the duplicate entry' };
    case 'propertyNames':
      return { severity: 'error', rule: 'schema.key-name', path: [...path, String(params['propertyName'])], message: `key "${String(params['propertyName'])}" is not allowed here`, fix: 'see the description of this mapping for valid keys' };
    case 'oneOf': {
      const node = schemaAt(error);
      return { severity: 'error', rule: 'schema.one-of', path, message: `${describe(value)} matches none of the allowed forms`, fix: typeof node?.['description'] === 'string' ? String(node['description']) : 'see the schema' };
    }
    case 'maxLength':
    case 'minLength':
      return { severity: 'error', rule: 'schema.length', path, message: `${describe(value)} ${error.message ?? ''}`, fix: `use ${String(params['limit'])} characters at ${error.keyword === 'minLength' ? 'least' : 'most'}` };
    default:
      return { severity: 'error', rule: `schema.${error.keyword}`, path, message: error.message ?? 'is invalid', fix: 'see the schema' };
  }
}

/** At most this many schema findings are explained; the rest are counted. */
export const MAX_SCHEMA_FINDINGS = 100;

/** Findings of the JSON Schema, one per problem, all at once. */
export function schemaFindings(value: unknown): Finding[] {
  const validate = validator();
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // Inside a oneOf, every branch reports its own failure; keep only the oneOf's summary.
  // Sets, and a walk up each error's own ancestors: matching every error against every oneOf
  // path was quadratic (a 1 MB images map of 60,000 invalid entries took 90 s).
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const propertyNamePaths = new Set(errors.filter((e) => e.keyword === 'propertyNames').map((e) => e.instancePath));
  const underOneOf = (path: string): boolean => {
    for (let p = path; ; p = p.slice(0, p.lastIndexOf('/'))) {
      if (oneOfPaths.has(p)) return true;
      if (p === '') return false;
    }
  };
  // A hostname carries both `format` (ajv) and the same language as a `pattern` (editors ignore
  // format: hostname): one problem, said once, as the format.
  const formatPaths = new Set(errors.filter((e) => e.keyword === 'format').map((e) => e.instancePath));
  // A misspelt required key is one problem: the unknown key says "did you mean", so the missing
  // key it meant is not reported again.
  const meant = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const known = Object.keys((schemaAt(e)?.['properties'] as Record<string, unknown> | undefined) ?? {});
    const suggestion = nearest(String((e.params as Record<string, unknown>)['additionalProperty']), known);
    if (suggestion !== undefined) meant.add(`${e.instancePath}\u0000${suggestion}`);
  }
  const kept = errors.filter((e) => {
    if (e.keyword === 'required' && meant.has(`${e.instancePath}\u0000${String((e.params as Record<string, unknown>)['missingProperty'])}`)) return false;
    if (e.keyword !== 'oneOf' && oneOfPaths.size > 0 && underOneOf(e.instancePath)) return false;
    if (e.keyword === 'pattern' && formatPaths.has(e.instancePath)) return false;
    // propertyNames reports the name's own pattern failure too.
    if (e.keyword === 'pattern' && e.schemaPath.includes('/propertyNames/') && propertyNamePaths.has(e.instancePath)) return false;
    return true;
  });
  const seen = new Set<string>();
  const out: Finding[] = [];
  let more = 0;
  for (const error of kept) {
    // Past the cap, only count: placing and explaining tens of thousands of errors (a data file
    // passed by mistake) would take minutes and help nobody.
    if (out.length >= MAX_SCHEMA_FINDINGS) {
      more++;
      continue;
    }
    const finding = toFinding(error, value);
    if (!finding) continue;
    const id = `${finding.rule}|${finding.path.join('/')}|${finding.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(finding);
  }
  if (more > 0) {
    out.push({ severity: 'error', rule: 'schema.too-many', path: [], message: `and about ${more} more schema problems not shown`, fix: `fix the ${MAX_SCHEMA_FINDINGS} above first; is this the deployment spec?` });
  }
  return out;
}
