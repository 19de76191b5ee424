// The synthesized stacks of a shipped example, synthesized once per test file and shared by its
// tests (synthesis is the slow part of most synth tests).
import type { SynthesizedStack, TerraformJson } from '../../src/synth/index';
import { synthesizeInMemory } from '../../src/synth/index';
import { exampleModel } from './models';

const cache = new Map<string, SynthesizedStack[]>();

export function exampleStacks(file: string): SynthesizedStack[] {
  let stacks = cache.get(file);
  if (!stacks) {
    stacks = synthesizeInMemory(exampleModel(file));
    cache.set(file, stacks);
  }
  return stacks;
}

/** One stack's JSON, by id. */
export function stackJson(stacks: readonly SynthesizedStack[], id: string): TerraformJson {
  const found = stacks.find((s) => s.id === id);
  if (!found) throw new Error(`no stack ${id}`);
  return found.json;
}
