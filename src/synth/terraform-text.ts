// Every string refarch hands to Terraform is read by Terraform literally, unless it is a cdktf
// token. This is the one place that makes it so.
//
// Terraform reads each string of a .tf.json file as a template: `${...}` interpolates and `%{...}`
// runs a directive, so a spec value such as a kit location `s3://kits/iris-${var.x}.tar.gz`
// would be evaluated (and fail) instead of being kept. The escape is Terraform's own: `$${` and
// `%%{` stand for a literal `${` and `%{`.
//
// By construction rather than by care: RefarchStack.prepareStack (stack.ts) passes every
// element's configuration, as cdktf hands it over just before resolving tokens, through
// escapeLiterals. At that moment a reference to another resource, a variable or a function is
// still a cdktf token marker (`${TfToken[TOKEN.12]}`), and everything else is text that some
// construct wrote: from the spec, from the catalog or from refarch itself. The text outside the
// markers is escaped, the markers are left for cdktf to resolve. So no construct needs to
// remember to escape a spec value, and none can forget to. A construct that really means a
// Terraform expression written by hand (a variable's validation condition) says so with
// terraformExpression, which makes it a token.
import { Lazy } from './cdktf';

/** Text Terraform reads literally: `${` and `%{` doubled (Terraform undoes the doubling). */
export function terraformLiteral(text: string): string {
  // Function replacements: in a replacement string `$$` would itself mean one `$`.
  return text.includes('{') ? text.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`) : text;
}

/** cdktf's string token markers (cdktf/lib/tokens/private/encoding.js, STRING_TOKEN_REGEX). */
const TOKEN_MARKER = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/**
 * Whether the text holds a `${` or `%{` that is not the start of a token marker: the fast answer
 * for the many strings that are plain or only references (no allocation on this path).
 */
function hasTemplateSyntax(text: string): boolean {
  for (let i = text.indexOf('{', 1); i !== -1; i = text.indexOf('{', i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (before === 0x25 /* % */) return true;
    if (before === 0x24 /* $ */ && !text.startsWith('TfToken[', i + 1)) return true;
  }
  return false;
}

/** A string with the text around cdktf's token markers escaped, the markers kept as they are. */
function escapeAroundTokens(text: string): string {
  if (!hasTemplateSyntax(text)) return text;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(TOKEN_MARKER)) {
    out += terraformLiteral(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + terraformLiteral(text.slice(last));
}

/**
 * A copy of a cdktf configuration (plain objects, arrays, strings, numbers) with every string
 * escaped around its token markers. Keys too: a map's keys (tags, for example) are strings
 * Terraform templates in the same way. Anything else (a token object, resolved later by cdktf) is
 * kept as it is.
 */
export function escapeLiterals<T>(value: T): T {
  if (typeof value === 'string') return escapeAroundTokens(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const escaped = escapeLiterals(value[i]);
      if (escaped !== value[i]) (copy ??= value.slice())[i] = escaped;
    }
    return (copy ?? value) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const escapedKey = escapeAroundTokens(key);
    const escaped = escapeLiterals(item);
    if (escaped === item && escapedKey === key) continue;
    copy ??= copyOf(value as Record<string, unknown>, proto);
    if (escapedKey !== key) delete copy[key];
    define(copy, escapedKey, escaped);
  }
  return (copy ?? value) as T;
}

/** Defines, never assigns: a key `__proto__` stays a key. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function copyOf(value: Record<string, unknown>, proto: object | null): Record<string, unknown> {
  const copy = Object.create(proto) as Record<string, unknown>;
  for (const key of Object.keys(value)) define(copy, key, value[key]);
  return copy;
}

/**
 * A Terraform expression written by hand (`${can(regex(...))}`), as a token: escapeLiterals
 * leaves it alone and cdktf puts it in the output as it is. Only refarch's own text, never a
 * spec value, may be made an expression.
 */
export function terraformExpression(expression: string): string {
  return Lazy.stringValue({ produce: () => expression });
}
