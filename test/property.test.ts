// Property-based tests of the whole compiler, in-process: the shipped examples, mutated at random
// (keys deleted, value types swapped, numbers pushed past their limits, list entries duplicated,
// unknown keys inserted, random strings in enums, plausible edits of a real user), then
//
//   checkText(yaml)                       never throws, answers within a time bound, and every
//                                         diagnostic is well-formed
//   resolve + synthesizeInMemory(model)   for every spec that validates: never throws, within a
//                                         time bound, and gives each stack resources
//
// Reproducible: a fixed seed (override with REFARCH_FC_SEED=<n>, more runs with
// REFARCH_FC_RUNS=<factor>); a failure prints the seed, the shrunk counterexample and its YAML.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { DeploymentModel } from '../src/model/model';
import { synthesizeInMemory } from '../src/synth/index';
import { crossCheck } from './helpers/crosscheck';
import { danglingReferences } from './helpers/references';
import { checkText } from '../src/validate/validate';

const SEED = Number(process.env['REFARCH_FC_SEED'] ?? 20_261_129);
const FACTOR = Number(process.env['REFARCH_FC_RUNS'] ?? 1);
const runs = (n: number): number => Math.max(1, Math.round(n * FACTOR));
/** In-process bounds per run, generous for a loaded 2-core machine (typical: 5 ms and 0.3 s). */
const VALIDATE_MS = 1_000;
const SYNTH_MS = 20_000;
/** Specs larger than this many servers are validated but not compiled here (the benchmark compiles 1,000). */
const MAX_SERVERS_TO_SYNTH = 60;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

const EXAMPLES_DIR = join(__dirname, '..', 'examples');
const EXAMPLES: ReadonlyArray<{ name: string; spec: Json }> = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f, spec: parse(readFileSync(join(EXAMPLES_DIR, f), 'utf8')) as Json }));

beforeAll(() => {
  // Warm-up outside the timed runs: the first check compiles the schema, the first synth loads cdktf.
  const warm = checkText(stringify(EXAMPLES[0]!.spec));
  if (warm.model) synthesizeInMemory(warm.model);
}, 120_000);

// ---------------------------------------------------------------------------------------------
// Mutations. Each is data (shown in a counterexample) applied to a deep copy of an example;
// `pick` numbers choose among the candidate paths modulo their count.

type Mutation =
  | { op: 'delete'; pick: number }
  | { op: 'swapType'; pick: number; value: Json }
  | { op: 'number'; pick: number; value: number }
  | { op: 'duplicate'; pick: number; at: number }
  | { op: 'unknownKey'; pick: number; key: string; value: Json }
  | { op: 'enumString'; pick: number; value: string }
  | { op: 'set'; path: Path; value: Json }
  | { op: 'remove'; path: Path };

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every path in the document, parents before children. */
function paths(root: Json): Path[] {
  const out: Path[] = [];
  const walk = (node: Json, path: Path): void => {
    if (Array.isArray(node)) node.forEach((item, i) => (out.push([...path, i]), walk(item, [...path, i])));
    else if (isObject(node)) for (const key of Object.keys(node)) (out.push([...path, key]), walk(node[key]!, [...path, key]));
  };
  walk(root, []);
  return out;
}

function get(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[segment];
  }
  return node;
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  let node: Json = root;
  for (const segment of path.slice(0, -1)) {
    const next = (node as Record<string | number, Json>)[segment];
    if (next === null || typeof next !== 'object') {
      const created: Json = typeof segment === 'number' ? [] : {};
      (node as Record<string | number, Json>)[segment] = created;
      node = created;
    } else node = next;
  }
  if (node !== null && typeof node === 'object') (node as Record<string | number, Json>)[path[path.length - 1]!] = value;
  return root;
}

function removeAt(root: Json, path: Path): void {
  const parent = get(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (isObject(parent)) delete parent[String(last)];
}

function choose<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function apply(spec: Json, mutations: readonly Mutation[]): Json {
  let doc = clone(spec);
  for (const m of mutations) {
    const all = paths(doc);
    switch (m.op) {
      case 'delete': {
        const path = choose(all, m.pick);
        if (path) removeAt(doc, path);
        break;
      }
      case 'swapType': {
        const path = choose(all, m.pick);
        if (path) doc = setAt(doc, path, clone(m.value));
        break;
      }
      case 'number': {
        const path = choose(
          all.filter((p) => typeof get(doc, p) === 'number'),
          m.pick,
        );
        if (path) doc = setAt(doc, path, m.value);
        break;
      }
      case 'duplicate': {
        const path = choose(
          all.filter((p) => Array.isArray(get(doc, p)) && (get(doc, p) as Json[]).length > 0),
          m.pick,
        );
        if (path) {
          const list = get(doc, path) as Json[];
          list.splice(m.at % (list.length + 1), 0, clone(list[m.at % list.length]!));
        }
        break;
      }
      case 'unknownKey': {
        const mappings: Path[] = [[], ...all.filter((p) => isObject(get(doc, p)))];
        const path = choose(mappings, m.pick)!;
        const target = get(doc, path);
        if (isObject(target)) target[m.key] = clone(m.value);
        break;
      }
      case 'enumString': {
        const path = choose(
          all.filter((p) => typeof get(doc, p) === 'string'),
          m.pick,
        );
        if (path) doc = setAt(doc, path, m.value);
        break;
      }
      case 'set':
        doc = setAt(doc, m.path, clone(m.value));
        break;
      case 'remove':
        removeAt(doc, m.path);
        break;
    }
  }
  return doc;
}

// Hostile mutations: anything a careless or malicious edit could do.
const pick = fc.nat({ max: 10_000 });
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.jsonValue({ depthSize: 'small', maxDepth: 4 }) as fc.Arbitrary<Json>,
);
const limitNumber = fc.oneof(
  fc.constantFrom(-1, 0, 1, -0, 2.5, 99, 100, 999, 1000, 1001, 3650, 3651, 65535, 65536, 256_000, 256_001, 4_294_967_294, 4_294_967_295, 2 ** 31, 2 ** 53, -(2 ** 53), 1e300, -1e300),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: false }),
);
const unknownKeyName = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'x-extra', 'Count', 'count '), fc.string({ maxLength: 20 }));
const hostileMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), pick }),
  fc.record({ op: fc.constant('swapType' as const), pick, value: hostileValue }),
  fc.record({ op: fc.constant('number' as const), pick, value: limitNumber }),
  fc.record({ op: fc.constant('duplicate' as const), pick, at: pick }),
  fc.record({ op: fc.constant('unknownKey' as const), pick, key: unknownKeyName, value: hostileValue }),
  fc.record({ op: fc.constant('enumString' as const), pick, value: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', 'Cache', 'TRAKCARE', 'm4 ', 'eu-west-1 ', 'gp4', 'io3', 'm99', 'none ', 'hybrid\n')) }),
);

// Plausible edits: what a user changing a real spec does; many keep the spec valid, so these
// exercise synthesis.
const REGIONS = ['eu-west-1', 'eu-west-2', 'eu-central-1', 'us-east-1', 'us-west-2'] as const;
const drBlock = fc.record({
  region: fc.constantFrom(...REGIONS),
  capacity: fc.constantFrom('full', 'reduced', 'none'),
  asyncMembers: fc.integer({ min: 1, max: 3 }),
  vpcCidr: fc.constantFrom('10.20.0.0/16', '10.99.0.0/20', '10.10.0.0/16'),
}).map(({ region, capacity, asyncMembers, vpcCidr }): Json => ({ region, availabilityZones: [`${region}a`, `${region}b`, `${region}c`], capacity, asyncMembers, vpcCidr }));
const editMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), path: fc.constantFrom<Path>(['web', 'count'], ['app', 'count'], ['print', 'count']), value: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['size']), value: fc.constantFrom('small', 'medium', 'large', 'xlarge') }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['instanceFamily']), value: fc.constantFrom('m4', 'm5', 'm6i', 'm7i', 'r5', 'r6i', 'r7i') }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['network', 'natGateways']), value: fc.constantFrom('per-az', 'single') }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['web', 'loadBalancer', 'type']), value: fc.constantFrom('application', 'classic') }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['web', 'loadBalancer', 'stickySessions']), value: fc.boolean() }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['database', 'mirror', 'vip']), value: fc.constantFrom('load-balancer', 'none') }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['database', 'mirror', 'zmirrorCallout']), value: fc.boolean() }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['database', 'namespaces']), value: fc.uniqueArray(fc.constantFrom('TRAK', 'ANALYTICS', 'INTEGRATION', 'HSLIB', 'USER'), { maxLength: 5 }) }),
  fc.record({
    op: fc.constant('set' as const),
    path: fc.constantFrom<Path>(['database', 'ports', 'superserver'], ['database', 'ports', 'webserver'], ['database', 'ports', 'agent']),
    value: fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(1972, 52773, 2188, 443, 80)),
  }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['dr']), value: drBlock }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['dns']), value: fc.record({ zoneName: fc.constant('example.org'), record: fc.constantFrom('app', 'iris'), createZone: fc.boolean() }) as fc.Arbitrary<Json> }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['backup']), value: fc.record({ method: fc.constantFrom('snapshot', 'aws-backup', 'online'), retainDays: fc.integer({ min: 1, max: 3650 }), copyToDr: fc.boolean() }) as fc.Arbitrary<Json> }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['monitoring', 'cpuHighPercent']), value: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['state']), value: fc.constantFrom<Json>({ backend: 'local' }, { backend: 's3', bucket: 'state-bucket', region: 'us-east-2' }) }),
  fc.record({
    op: fc.constant('set' as const),
    path: fc.constant<Path>(['database', 'volumes', 'data']),
    value: fc.record({ type: fc.constantFrom('gp2', 'gp3', 'io1', 'io2'), sizeGiB: fc.integer({ min: 50, max: 4000 }) }) as fc.Arbitrary<Json>,
  }),
  fc.record({
    op: fc.constant('set' as const),
    path: fc.constant<Path>(['database', 'volumes', 'extra']),
    value: fc.uniqueArray(fc.constantFrom('data2', 'data3', 'scratch'), { maxLength: 3 }).map((names): Json => names.map((name) => ({ name, type: 'gp3', sizeGiB: 100 }))),
  }),
  fc.record({ op: fc.constant('set' as const), path: fc.constant<Path>(['tags']), value: fc.dictionary(fc.constantFrom('Owner', 'CostCenter', 'Env'), fc.constantFrom('a', '1234', 'prod')) as fc.Arbitrary<Json> }),
  fc.record({ op: fc.constant('remove' as const), path: fc.constantFrom<Path>(['network'], ['web'], ['app'], ['print'], ['database'], ['dr'], ['dns'], ['backup'], ['monitoring'], ['images'], ['state'], ['tags'], ['web', 'loadBalancer']) }),
);

const mutated = (mutation: fc.Arbitrary<Mutation>, maxLength: number) =>
  fc.record({ example: fc.constantFrom(...EXAMPLES.map((e) => e.name)), mutations: fc.array(mutation, { minLength: 1, maxLength }) });

// ---------------------------------------------------------------------------------------------

interface Outcome {
  readonly text: string;
  readonly valid: boolean;
  readonly synthesized: boolean;
}

function servers(model: DeploymentModel): number {
  return (model.primary?.instances.length ?? 0) + (model.dr?.instances.length ?? 0);
}

/** The compiler on one mutated spec; throws (with the YAML) when a property does not hold. */
function compile(example: string, mutations: readonly Mutation[], synth: boolean): Outcome {
  const spec = apply(EXAMPLES.find((e) => e.name === example)!.spec, mutations);
  const text = stringify(spec);
  const fail = (why: string): never => {
    throw new Error(`${why}\n--- spec (${example} after ${JSON.stringify(mutations)}) ---\n${text}`);
  };
  let t = performance.now();
  let result: ReturnType<typeof checkText>;
  try {
    result = checkText(text, 'mutated.yaml');
  } catch (error) {
    return fail(`checkText threw: ${(error as Error).stack ?? String(error)}`);
  }
  const validateMs = performance.now() - t;
  if (validateMs > VALIDATE_MS) fail(`checkText took ${Math.round(validateMs)} ms`);
  for (const d of result.diagnostics) {
    if (!/^[a-z]+(\.[a-z0-9-]+)+$/.test(d.rule) || d.message === '' || d.fix === '' || !(d.line >= 0)) fail(`malformed diagnostic ${JSON.stringify(d)}`);
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if ((errors.length === 0) !== (result.model !== undefined)) fail(`errors ${errors.length} but model ${result.model ? 'present' : 'absent'}`);
  if (!result.model || !synth || servers(result.model) > MAX_SERVERS_TO_SYNTH) return { text, valid: result.model !== undefined, synthesized: false };
  t = performance.now();
  let stacks: ReturnType<typeof synthesizeInMemory>;
  try {
    stacks = synthesizeInMemory(result.model);
  } catch (error) {
    return fail(`a spec that validates failed to synthesize: ${(error as Error).stack ?? String(error)}`);
  }
  const synthMs = performance.now() - t;
  if (synthMs > SYNTH_MS) fail(`synthesis took ${Math.round(synthMs)} ms`);
  if (stacks.length === 0) fail('synthesis produced no stacks');
  for (const stack of stacks) if (Object.keys(stack.json.resource ?? {}).length === 0) fail(`stack ${stack.id} has no resources`);
  for (const stack of stacks) {
    const dangling = danglingReferences(stack.json);
    if (dangling.length > 0) fail(`stack ${stack.id} points outside itself: ${dangling.slice(0, 3).join(', ')}`);
  }
  // plan and diagram describe exactly what was synthesized.
  const disagreements = crossCheck(result.model, stacks);
  if (disagreements.length > 0) fail(`the reports disagree with the Terraform: ${disagreements.slice(0, 3).join('; ')}`);
  return { text, valid: true, synthesized: true };
}

/** fc.assert with the fixed seed; on failure the seed is printed so the run can be replayed. */
function check<T>(name: string, arbitrary: fc.Arbitrary<T>, numRuns: number, predicate: (value: T) => void): { runs: number } {
  let count = 0;
  try {
    fc.assert(
      fc.property(arbitrary, (value) => {
        count++;
        predicate(value);
      }),
      { seed: SEED, numRuns, endOnFailure: false },
    );
  } catch (error) {
    console.error(`[property] "${name}" failed with seed ${SEED} (replay: REFARCH_FC_SEED=${SEED} npx vitest run test/property.test.ts)`);
    throw error;
  }
  return { runs: count };
}

describe('the compiler on mutated examples', () => {
  it('every example is valid and compiles before any mutation', () => {
    for (const { name } of EXAMPLES) expect(compile(name, [], true).synthesized, name).toBe(true);
  });

  it('validation never throws and answers in time, whatever the mutation', () => {
    let valid = 0;
    check('validate hostile mutations', mutated(hostileMutation, 4), runs(2500), ({ example, mutations }) => {
      if (compile(example, mutations, false).valid) valid++;
    });
    // The mutations must reach past the schema sometimes, or the semantic rules go untested.
    expect(valid).toBeGreaterThan(0);
  });

  it('a hostile mutation that still validates also synthesizes', () => {
    let synthesized = 0;
    check('synthesize hostile mutations', mutated(hostileMutation, 1), runs(100), ({ example, mutations }) => {
      if (compile(example, mutations, true).synthesized) synthesized++;
    });
    expect(synthesized).toBeGreaterThan(5);
  }, 120_000);

  it('plausible edits: every spec that validates also synthesizes', () => {
    let synthesized = 0;
    let total = 0;
    check('synthesize plausible edits', mutated(editMutation, 5), runs(30), ({ example, mutations }) => {
      total++;
      if (compile(example, mutations, true).synthesized) synthesized++;
    });
    // Most plausible edits keep a spec valid; if none did, this property would test nothing.
    expect(synthesized).toBeGreaterThan(total / 4);
  }, 120_000);

  it('validation of plausible edits, many more runs', () => {
    check('validate plausible edits', mutated(editMutation, 8), runs(1000), ({ example, mutations }) => {
      compile(example, mutations, false);
    });
  });

  it('the loader never throws on arbitrary text and bytes', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom('[', ']', '{', '}', ':', '-', ' ', '\n', '\t', '"', "'", '#', '&', '*', '!', '|', '>', '?', ',', 'a', '1', '%', '@', '`', '\r', '\ufeff'), maxLength: 300 }),
      fc.tuple(fc.constantFrom(...EXAMPLES.map((e) => readFileSync(join(EXAMPLES_DIR, e.name), 'utf8'))), fc.nat(), fc.string({ unit: 'binary', maxLength: 20 })).map(([source, at, insert]) => {
        const i = at % (source.length + 1);
        return source.slice(0, i) + insert + source.slice(i);
      }),
    );
    check('load arbitrary text', text, runs(2500), (source) => {
      const t = performance.now();
      let result: ReturnType<typeof checkText>;
      try {
        result = checkText(source, 'random.yaml');
      } catch (error) {
        throw new Error(`checkText threw on ${JSON.stringify(source)}: ${(error as Error).stack ?? String(error)}`);
      }
      const ms = performance.now() - t;
      if (ms > VALIDATE_MS) throw new Error(`checkText took ${Math.round(ms)} ms on ${JSON.stringify(source)}`);
      for (const d of result.diagnostics) if (!/^[a-z]+(\.[a-z0-9-]+)+$/.test(d.rule)) throw new Error(`bad rule id ${d.rule}`);
    });
  });
});
