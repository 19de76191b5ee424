import { closest, distance } from 'fastest-levenshtein';

/** The candidate nearest to `word`, when it is near enough to be a plausible typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates as string[]);
  const limit = Math.max(2, Math.floor(word.length / 3));
  return distance(word.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

/** Up to `count` candidates ordered by edit distance to `word`. */
export function nearestMany(word: string, candidates: readonly string[], count: number): string[] {
  return [...candidates]
    .map((c) => ({ c, d: distance(word, c) }))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, count)
    .map((x) => x.c);
}
