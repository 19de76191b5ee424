// Records keyed by user text (tag keys). A key is data, never a property of Object.prototype:
// `__proto__` assigned to an ordinary object sets its prototype and disappears, and `constructor`
// or `toString` read from one that lacks them finds a function. A null-prototype object has
// neither trap, and Object.keys / JSON.stringify see exactly the keys it was given.

/** A null-prototype record of the entries, later entries winning, in first-seen key order. */
export function plainRecord(...sources: ReadonlyArray<Iterable<readonly [string, string]>>): Record<string, string> {
  const record = Object.create(null) as Record<string, string>;
  for (const entries of sources) {
    // defineProperty, not assignment: no setter anywhere can intercept a key.
    for (const [key, value] of entries) Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return record;
}
