// load: YAML text to a plain value plus a document that remembers the line and column of every
// node. Reading is defensive: size, encoding and YAML errors become diagnostics, never exceptions.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { SpecPath } from '../model/model';
import type { Diagnostic } from '../model/diagnostics';

/** Larger specs are refused before parsing: a real spec is a few kilobytes. */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** Deeper nesting than any spec needs; refused before the parser recurses into it. */
export const MAX_NESTING = 64;

export interface LoadedSpec {
  readonly file: string;
  readonly text: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The document as plain data (undefined when loading failed). */
  readonly value: unknown;
}

export type LoadResult = { readonly ok: true; readonly spec: LoadedSpec } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

function fileProblem(file: string, rule: string, message: string, fix: string, line = 0, column = 0): Diagnostic {
  return { file, line, column, severity: 'error', rule, path: '', message, fix };
}

/** Reads and parses a spec file. Never throws. */
export function loadFile(file: string): LoadResult {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { ok: false, diagnostics: [fileProblem(file, 'input.directory', 'is a directory, not a spec file', 'pass the path of a .yaml file')] };
    if (!stat.isFile()) return { ok: false, diagnostics: [fileProblem(file, 'input.not-a-file', 'is not a regular file', 'pass the path of a .yaml file')] };
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, diagnostics: [fileProblem(file, 'input.missing', 'no such file', 'check the path')] };
    return { ok: false, diagnostics: [fileProblem(file, 'input.unreadable', `cannot be read (${code ?? 'unknown error'})`, 'check the path and its permissions')] };
  }
  if (size > MAX_SPEC_BYTES) return { ok: false, diagnostics: [tooLarge(file, size, headOf(file))] };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, diagnostics: [fileProblem(file, 'input.unreadable', `cannot be read (${code ?? 'unknown error'})`, 'check the path and its permissions')] };
  }
  return loadBytes(bytes, file);
}

/** The first MAX_SPEC_BYTES + 1 bytes of a file (only those are read), or nothing if unreadable. */
function headOf(file: string): Uint8Array | undefined {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(MAX_SPEC_BYTES + 1);
      return head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Over the size limit: placed at the line and column where the limit is passed. */
function tooLarge(file: string, size: number, head: Uint8Array | undefined): Diagnostic {
  const at = head !== undefined && head.byteLength > MAX_SPEC_BYTES ? positionOfByte(head, MAX_SPEC_BYTES) : { line: 0, column: 0 };
  // Standard input is read only to one byte past the limit, so that size may be all that is known.
  const what = size > MAX_SPEC_BYTES + 1 ? `is ${size} bytes` : `is more than ${MAX_SPEC_BYTES} bytes`;
  return fileProblem(file, 'input.too-large', `${what}; specs are limited to ${MAX_SPEC_BYTES} bytes, passed here`, 'pass the deployment spec, not a data file', at.line, at.column);
}

/** Decodes and parses spec bytes. Never throws. */
export function loadBytes(bytes: Uint8Array, file: string): LoadResult {
  if (bytes.byteLength > MAX_SPEC_BYTES) return { ok: false, diagnostics: [tooLarge(file, bytes.byteLength, bytes.subarray(0, MAX_SPEC_BYTES + 1))] };
  const utf16 = utf16Encoding(bytes);
  if (utf16 !== undefined) return loadUtf16(bytes, utf16, file);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, column } = positionOfByte(bytes, nul);
    return { ok: false, diagnostics: [fileProblem(file, 'input.binary', 'contains a NUL byte: this is a binary file, not YAML', 'pass the YAML spec file', line, column)] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = positionOfByte(bytes, bad);
    return { ok: false, diagnostics: [fileProblem(file, 'input.encoding', 'is not valid UTF-8', 'save the file as UTF-8', line, column)] };
  }
  return loadText(text, file);
}

/**
 * UTF-16, which YAML 1.2 (section 5.2) requires readers to accept and which Windows tools write
 * (PowerShell 5's `>` among them): a byte order mark, or else a NUL byte next to the first
 * character (a spec starts with ASCII). UTF-32 byte order marks are left to the binary check.
 */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2) return undefined;
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xff && b1 === 0xfe) return b2 === 0 && b3 === 0 ? undefined : 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  // Without a mark, binary data can start the same way; a spec in UTF-16 is mostly ASCII, so one
  // in two of its bytes is NUL, on the same side.
  if (b0 === 0 && b1 !== 0 && mostlyAsciiUtf16(bytes, 1)) return 'utf-16be';
  if (b0 !== 0 && b1 === 0 && b2 !== 0 && mostlyAsciiUtf16(bytes, 0)) return 'utf-16le';
  return undefined;
}

/** More than half of the 16-bit units are ASCII (the high byte is 0), sampling the first 4 KiB. */
function mostlyAsciiUtf16(bytes: Uint8Array, lowByte: 0 | 1): boolean {
  const units = Math.min(bytes.length, 4096) >> 1;
  let ascii = 0;
  for (let i = 0; i < units; i++) if (bytes[2 * i + (1 - lowByte)] === 0 && bytes[2 * i + lowByte]! < 0x80) ascii++;
  return ascii * 2 > units;
}

/** Characters outside YAML's printable set (section 5.1): text decoded from binary has them. */
const NOT_YAML_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

function loadUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', file: string): LoadResult {
  const name = encoding === 'utf-16le' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)';
  if (bytes.length % 2 !== 0) {
    const text = new TextDecoder(encoding).decode(bytes.subarray(0, bytes.length - 1));
    const { line, column } = positionOfOffset(text, text.length);
    return { ok: false, diagnostics: [fileProblem(file, 'input.encoding', `looks like ${name} but ends in half a character`, 'save the file again, preferably as UTF-8', line, column)] };
  }
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const lenient = new TextDecoder(encoding).decode(bytes);
    const { line, column } = positionOfOffset(lenient, Math.max(0, lenient.indexOf('\ufffd')));
    return { ok: false, diagnostics: [fileProblem(file, 'input.encoding', `is not valid ${name}`, 'save the file as UTF-8', line, column)] };
  }
  const bad = NOT_YAML_PRINTABLE.exec(text);
  if (bad !== null) {
    const { line, column } = positionOfOffset(text, bad.index);
    return { ok: false, diagnostics: [fileProblem(file, 'input.binary', `read as ${name}, holds a control character (U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}): this is a binary file, not YAML`, 'pass the YAML spec file', line, column)] };
  }
  return loadText(text, file);
}

/** Parses spec text. Never throws. */
export function loadText(source: string, file: string): LoadResult {
  // YAML 1.2 counts a lone CR (classic Mac OS line ends) as a line break; the parser does not.
  // One character for one, so every offset and column stays where it was.
  const text = source.includes('\r') ? source.replace(/\r(?!\n)/g, '\n') : source;
  const lineCounter = new LineCounter();
  const depth = nestingDepth(text, MAX_NESTING);
  if (depth.depth > MAX_NESTING) {
    const { line, column } = positionOfOffset(text, depth.offset);
    return { ok: false, diagnostics: [fileProblem(file, 'yaml.too-deep', `nests deeper than ${MAX_NESTING} levels`, 'a spec is a few levels deep; check the brackets and the indentation', line, column)] };
  }
  let document: Document.Parsed;
  try {
    // uniqueKeys is checked below in linear time: the parser's own check compares each key with
    // every earlier one, which takes minutes on a 1 MB file of distinct keys.
    // resolveKnownTags false: YAML 1.1 tags such as !!set or !!omap would turn a mapping into a
    // JavaScript Set or Map that the schema sees as an empty object, so values vanish silently.
    // Unresolved, they are reported below as unsupported tags.
    // logLevel error: the parser's console warnings (a collection used as a key) would leak onto
    // stderr as a Node "(node:PID) Warning"; every such case is reported below as a diagnostic.
    document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, resolveKnownTags: false, logLevel: 'error' });
  } catch (error) {
    return { ok: false, diagnostics: [fileProblem(file, 'yaml.syntax', `cannot be parsed: ${(error as Error).message.split('\n')[0]}`, 'fix the YAML syntax')] };
  }
  const problems: Diagnostic[] = [];
  for (const error of document.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const message = error.code === 'MULTIPLE_DOCS' ? 'contains more than one YAML document (a second `---`)' : firstLine(error.message);
    problems.push({
      file,
      line,
      column: col,
      severity: 'error',
      rule: yamlRule(error.code),
      path: '',
      message,
      fix: yamlFix(error.code),
    });
  }
  // The parser's warnings (unresolved tags like !foo or !!set, unknown %YAML versions) would
  // otherwise change or drop values without a word: a spec is plain YAML, so each is an error.
  for (const warning of document.warnings) {
    const { line, col } = lineCounter.linePos(warning.pos[0]);
    const tag = warning.code === 'TAG_RESOLVE_FAILED';
    problems.push({
      file,
      line,
      column: col,
      severity: 'error',
      rule: tag ? 'yaml.tag' : 'yaml.warning',
      path: '',
      message: tag ? `uses an unsupported YAML tag (${firstLine(warning.message)})` : firstLine(warning.message),
      fix: tag ? 'remove the tag: a spec uses plain YAML mappings, lists, strings and numbers' : 'remove the directive or construct the parser warns about',
    });
  }
  problems.push(...directiveProblems(text, file));
  if (problems.length === 0) problems.push(...collectionKeys(document.contents, lineCounter, file));
  if (problems.length === 0) problems.push(...duplicateKeys(document.contents, lineCounter, file));
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = (error as Error).message;
    // An alias to an anchor that was never set is a plain mistake, not a billion-laughs bomb.
    const unresolved = /^Unresolved alias[^:]*:\s*(\S+)/.exec(message);
    if (unresolved) {
      const name = unresolved[1]!;
      const at = firstAlias(document.contents, name);
      const { line, col } = at === undefined ? { line: 1, col: 1 } : lineCounter.linePos(at);
      return { ok: false, diagnostics: [fileProblem(file, 'yaml.alias', `the alias *${name} refers to no anchor &${name} before it`, 'write the value out (specs need no anchors), or set the anchor before the alias', line, col)] };
    }
    const rule = /alias/i.test(message) ? 'yaml.alias-bomb' : 'yaml.syntax';
    const at = rule === 'yaml.alias-bomb' ? firstAlias(document.contents) : undefined;
    const { line, col } = at === undefined ? { line: 1, col: 1 } : lineCounter.linePos(at);
    return {
      ok: false,
      diagnostics: [
        fileProblem(
          file,
          rule,
          rule === 'yaml.alias-bomb' ? 'expands its aliases into too many nodes (a "billion laughs" document)' : firstLine(message),
          rule === 'yaml.alias-bomb' ? 'expand the aliases by hand; specs need no anchors' : 'fix the YAML syntax',
          line,
          col,
        ),
      ],
    };
  }
  if (document.contents === null || value === null || value === undefined) {
    return { ok: false, diagnostics: [fileProblem(file, 'input.empty', 'is empty', 'start from `refarch init` or an example in examples/', 1, 1)] };
  }
  return { ok: true, spec: { file, text, document, lineCounter, value } };
}

/** YAML 1.2 (6.8.1): a document has at most one %YAML directive; the parser takes the last silently. */
function directiveProblems(text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let seen = false;
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('---') || (!line.startsWith('%') && !line.startsWith('#') && line.trim() !== '')) break;
    if (/^%YAML(\s|$)/.test(line)) {
      if (seen) {
        const { line: l, column } = positionOfOffset(text, offset);
        out.push(fileProblem(file, 'yaml.directive', 'repeats the %YAML directive', 'keep one %YAML line (or none: a spec needs no directive)', l, column));
      }
      seen = true;
    }
    offset += line.length + 1;
  }
  return out;
}

/** A mapping or list used as a key: JavaScript objects cannot hold it, so it is refused, in place. */
function collectionKeys(root: unknown, lineCounter: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isCollection(pair.key)) {
          const { line, col } = lineCounter.linePos(rangeStart(pair.key) ?? 0);
          out.push(fileProblem(file, 'yaml.collection-key', `uses a ${isMap(pair.key) ? 'mapping' : 'list'} as a key`, 'keys of a spec are plain names; write the key as a name', line, col));
        } else walk(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) walk(item);
  };
  walk(root);
  return out;
}

/** Offset of the first alias (`*name`, or any alias without `name`) in document order, if any. */
function firstAlias(root: unknown, name?: string): number | undefined {
  let best: number | undefined;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (name !== undefined && node.source !== name) continue;
      const start = rangeStart(node);
      if (start !== undefined && (best === undefined || start < best)) best = start;
    } else if (isMap(node)) {
      for (const pair of node.items) stack.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return best;
}

/** Keys repeated within one mapping (compared as the strings they become), at the repeat. */
function duplicateKeys(root: unknown, lineCounter: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        stack.push(pair.value);
        if (!isScalar(pair.key)) {
          stack.push(pair.key);
          continue;
        }
        const key = String(pair.key.value);
        const offset = rangeStart(pair.key) ?? 0;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, offset);
          continue;
        }
        const { line, col } = lineCounter.linePos(offset);
        const firstLineNo = lineCounter.linePos(first).line;
        out.push({ file, line, column: col, severity: 'error', rule: 'yaml.duplicate-key', path: '', message: `duplicate key "${key.length > 60 ? `${key.slice(0, 57)}...` : key}" (first at line ${firstLineNo})`, fix: 'keep one of the two keys' });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '');
}

function yamlRule(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'yaml.duplicate-key';
    case 'TAB_AS_INDENT':
      return 'yaml.tab';
    case 'ALIAS_PROPS':
    case 'BAD_ALIAS':
      return 'yaml.alias';
    case 'MULTIPLE_DOCS':
      return 'yaml.multiple-documents';
    default:
      return 'yaml.syntax';
  }
}

function yamlFix(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'keep one of the two keys';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'MULTIPLE_DOCS':
      return 'keep one document per spec file';
    default:
      return 'fix the YAML syntax at this position';
  }
}

/**
 * Bracket and indentation nesting, measured without recursion (the parser recurses). Returns the
 * deepest level seen and the offset where nesting first went past `limit` (or of the deepest
 * point when it never did), so the diagnostic points where the file starts going wrong.
 */
/** Characters after which a quoted scalar can begin. */
const SCALAR_START = new Set([' ', '\t', '\n', '\r', '[', '{', ',', ':', '-', '?']);

function nestingDepth(text: string, limit: number): { depth: number; offset: number } {
  let flow = 0;
  let max = 0;
  let at = 0;
  let firstOver = -1;
  let inQuote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === inQuote) inQuote = undefined;
      continue;
    }
    // A quote opens a quoted scalar only where a scalar can start ("it's" is a plain scalar), and
    // # starts a comment only at the start of a line or after white space ("a#b" is plain text).
    const prev = i === 0 ? '\n' : text[i - 1]!;
    if ((c === '"' || c === "'") && SCALAR_START.has(prev)) inQuote = c;
    else if (c === '#' && (prev === ' ' || prev === '\t' || prev === '\n' || prev === '\r')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '[' || c === '{') {
      flow++;
      if (flow > limit && firstOver < 0) firstOver = i;
      if (flow > max) {
        max = flow;
        at = i;
      }
    } else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
  }
  // Block nesting: indentation of a line in columns, as a generous depth estimate. Compact
  // nested sequences (`- - - x`) and explicit keys/values (`? ? x`, `: : x`) nest on one line.
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      let indent = 0;
      while (lineStart + indent < i && ' -?:'.includes(text[lineStart + indent]!)) indent++;
      const depth = Math.floor(indent / 2);
      if (depth > limit && (firstOver < 0 || lineStart < firstOver)) firstOver = lineStart + Math.min(indent, (limit + 1) * 2);
      if (depth > max) {
        max = depth;
        at = lineStart;
      }
      lineStart = i + 1;
    }
  }
  return { depth: max, offset: firstOver >= 0 ? firstOver : at };
}

function positionOfOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte at which the text stops being valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest prefix that fails to decode.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid + 1), { stream: true });
      decoder.decode();
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

export interface Position {
  readonly line: number;
  readonly column: number;
  /** The path that was found in the document (the nearest existing ancestor of the one asked for). */
  readonly foundPath: SpecPath;
}

/**
 * Line and column of the node at `path`, or of its nearest ancestor present in the document
 * (a value decided by a preset points at the key that decides it). With `key`, the position
 * of the key rather than the value (unknown keys, missing properties).
 */
export function locate(spec: LoadedSpec, path: SpecPath, key = false): Position {
  let node: unknown = spec.document.contents;
  let best: { offset: number; found: SpecPath } = { offset: rangeStart(node) ?? 0, found: [] };
  const found: Array<string | number> = [];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      found.push(segment);
      const keyStart = rangeStart(pair.key);
      const valueStart = rangeStart(pair.value);
      const isLast = found.length === path.length;
      best = { offset: (isLast && key) || valueStart === undefined ? (keyStart ?? best.offset) : valueStart, found: [...found] };
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      found.push(segment);
      best = { offset: rangeStart(item) ?? best.offset, found: [...found] };
      node = item;
    } else break;
  }
  const { line, col } = spec.lineCounter.linePos(best.offset);
  return { line, column: col, foundPath: best.found };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
