import type { Rule } from './rule';

/** Every semantic rule, in the order they run (diagnostics are sorted by position afterwards). */
export const RULES: readonly Rule[] = [];
