// Equality of two JSON values (what synthesis produces: null, booleans, numbers, strings, arrays,
// plain objects), key order ignored, with one key name skipped at every depth (cdktf's "//"
// metadata). diff compares every argument of every resource of two syntheses: the largest valid
// spec has 38,000 resources, and sorting and serialising both sides of each comparison cost about
// 1.5 s of its time where walking them costs a tenth of that.

export function jsonEqual(a: unknown, b: unknown, skipKey?: string): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // JSON writes an undefined array element as null.
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i] ?? null, b[i] ?? null, skipKey)) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(ao)) {
    if (key === skipKey) continue;
    // A key missing on one side is not the same as one holding undefined: JSON has no undefined,
    // and JSON.stringify drops such keys, so both count as absent.
    if (!Object.hasOwn(bo, key) ? ao[key] !== undefined : !jsonEqual(ao[key], bo[key], skipKey)) return false;
    if (ao[key] !== undefined) count++;
  }
  for (const key of Object.keys(bo)) if (key !== skipKey && bo[key] !== undefined) count--;
  return count === 0;
}
