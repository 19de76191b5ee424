// The one place ajv is configured for the spec schema, shared by the run-time fallback
// (src/validate/schema.ts), the build-time standalone validator (scripts/build-validator.mjs) and
// the tests, so the three can never compile the schema differently.
import type Ajv from 'ajv';

/**
 * Options of every ajv instance that compiles schema/refarch.schema.json. Strict, except that a
 * cross-field rule's `then: { required: [...] }` may name properties its parent object defines
 * (strictRequired wants them in the same schema object, which `if`/`then` cannot be).
 */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictRequired: false, strictTuples: false, allowUnionTypes: true } as const;

/** Formats the schema uses (ajv-formats names). */
export const FORMATS = ['ipv4', 'hostname', 'email'] as const;

/**
 * Keywords that are not JSON Schema vocabulary but that editors read (yaml-language-server and
 * VS Code's JSON service: hover text, messages), plus refarch's own rule tag. They only annotate;
 * declaring them lets ajv's strict mode accept them instead of rejecting the schema as misspelt.
 */
export const ANNOTATION_KEYWORDS = {
  /** Hover text in Markdown, preferred by editors over `description`. */
  markdownDescription: 'string',
  /** The message an editor shows for a failing `pattern` or `format`, instead of the raw regular expression. */
  patternErrorMessage: 'string',
  /** The message an editor shows for a failing node (required, false property, enum...). */
  errorMessage: 'string',
  /**
   * On the `then`/`else` of a cross-field rule: the id of the semantic rule that says the same
   * thing. `refarch validate` reports the problem under that id, once (see schemaFindings).
   */
  'x-refarch-rule': 'string',
} as const;

/** Declares the annotation keywords and formats on an ajv instance; returns it. */
export function configureAjv<T extends Ajv>(ajv: T, addFormats: (ajv: T, formats: string[]) => unknown): T {
  for (const [keyword, schemaType] of Object.entries(ANNOTATION_KEYWORDS)) ajv.addKeyword({ keyword, schemaType });
  addFormats(ajv, [...FORMATS]);
  return ajv;
}
