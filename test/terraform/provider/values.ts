// cty values as the stand-in handles them: plain JS (null, string, number, boolean, arrays for
// lists/sets/tuples, objects for maps/objects) plus UNKNOWN. On the wire they are cty's msgpack
// encoding: an unknown value is msgpack extension 0 (Terraform may send a refined unknown as
// extension 12; the stand-in reads both and always writes extension 0).
import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Value = null | string | number | boolean | typeof UNKNOWN | Value[] | { [key: string]: Value };
export type Obj = { [key: string]: Value };

const codec = new ExtensionCodec();
for (const type of [0, 12]) {
  codec.register({
    type,
    encode: (input: unknown) => (input === UNKNOWN && type === 0 ? new Uint8Array([0]) : null),
    decode: () => UNKNOWN,
  });
}

export function decodeValue(bytes: Uint8Array | undefined | null, json?: Uint8Array | null): Value {
  if (bytes && bytes.length > 0) return decode(bytes, { extensionCodec: codec, useBigInt64: false }) as Value;
  if (json && json.length > 0) return JSON.parse(Buffer.from(json).toString('utf8')) as Value;
  return null;
}

export function encodeValue(value: Value): Buffer {
  return Buffer.from(encode(value, { extensionCodec: codec, ignoreUndefined: false }));
}

export function isObj(v: Value | undefined): v is Obj {
  return v !== null && v !== undefined && v !== UNKNOWN && typeof v === 'object' && !Array.isArray(v);
}

export function hasUnknown(v: Value): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isObj(v)) return Object.values(v).some(hasUnknown);
  return false;
}

export function equal(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (a === UNKNOWN || b === UNKNOWN || a == null || b == null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => equal((a as Obj)[k], (b as Obj)[k]));
  }
  return false;
}

/** A stable text of a value (unknowns as "?"), for deterministic ids. */
export function stableText(v: Value): string {
  if (v === UNKNOWN) return '?';
  if (Array.isArray(v)) return `[${v.map(stableText).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${k}:${stableText(v[k]!)}`).join(',')}}`;
  return JSON.stringify(v);
}

/** A deep copy (structuredClone cannot copy the UNKNOWN symbol). */
export function clone<T extends Value>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) as T;
  return v;
}
