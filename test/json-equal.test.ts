// jsonEqual decides "changed" for every argument diff and classify compare: it must agree with
// comparing the two values' JSON with keys sorted and the skipped key dropped.
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../src/util/json-equal';

describe('jsonEqual', () => {
  it('ignores key order at every depth', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(true);
  });
  it('sees a changed, added or removed value at any depth', () => {
    expect(jsonEqual({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toBe(false);
    expect(jsonEqual({ a: { b: [1, 2] } }, { a: { b: [1, 2, 3] } })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
  });
  it('tells types apart: "1" and 1, null and {}, [] and {}, null and undefined', () => {
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(null, undefined)).toBe(false);
    expect(jsonEqual(true, 'true')).toBe(false);
  });
  it('skips the given key at every depth, and only that key', () => {
    expect(jsonEqual({ '//': { path: 'a' }, x: { '//': 1, y: 2 } }, { '//': { path: 'b' }, x: { y: 2 } }, '//')).toBe(true);
    expect(jsonEqual({ '//': 1 }, { '//': 2 })).toBe(false);
  });
  it('treats a key holding undefined as absent, as JSON does, and an undefined array element as null', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(jsonEqual({ b: undefined }, { b: null })).toBe(false);
    expect(jsonEqual([undefined], [null])).toBe(true);
  });
  it('compares a __proto__ key like any other', () => {
    const a = JSON.parse('{"__proto__": "x", "k": 1}') as unknown;
    const b = JSON.parse('{"__proto__": "y", "k": 1}') as unknown;
    expect(jsonEqual(a, b)).toBe(false);
    expect(jsonEqual(a, JSON.parse('{"k": 1, "__proto__": "x"}'))).toBe(true);
    expect(jsonEqual(a, { k: 1 })).toBe(false);
  });
  it('agrees with sorted JSON text on random values', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.3) return [null, true, 0, 1, 'a', 'b', ''][Math.floor(random() * 7)];
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 3) }, () => [['x', 'y', 'z', '//'][Math.floor(random() * 4)]!, value(depth + 1)]));
    };
    const text = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map(text).join(',')}]`;
      if (v !== null && typeof v === 'object') return `{${Object.keys(v).filter((k) => k !== '//').sort().map((k) => `${k}:${text((v as Record<string, unknown>)[k])}`).join(',')}}`;
      return JSON.stringify(v);
    };
    let equalPairs = 0;
    for (let i = 0; i < 3000; i++) {
      const a = value(0);
      const b = random() < 0.5 ? JSON.parse(JSON.stringify(a)) : value(0);
      const expected = text(a) === text(b);
      if (expected) equalPairs++;
      expect(jsonEqual(a, b, '//'), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(expected);
    }
    expect(equalPairs).toBeGreaterThan(1000);
  });
});
