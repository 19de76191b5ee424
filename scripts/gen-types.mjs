// Derives the TypeScript types of the raw spec from the JSON Schema, the single source of truth.
// `npm run gen:types` rewrites src/spec/types.generated.ts; test/schema.test.ts fails when it is stale.
import { compile } from 'json-schema-to-typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Editor annotations and cross-field rules (if/then/else in allOf) constrain values, not the shape:
// the types are generated from the shape alone, so titles do not rename the types and conditional
// branches do not add intersections.
const NOT_SHAPE = new Set(['title', 'markdownDescription', 'patternErrorMessage', 'errorMessage', 'x-refarch-rule', 'allOf', 'if', 'then', 'else', '$comment']);
function shapeOnly(node) {
  if (Array.isArray(node)) return node.map(shapeOnly);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => !NOT_SHAPE.has(k)).map(([k, v]) => [k, k === 'examples' || k === 'default' ? v : shapeOnly(v)]));
}

export async function generateSpecTypes() {
  const schemaPath = fileURLToPath(new URL('../schema/refarch.schema.json', import.meta.url));
  const full = JSON.parse(readFileSync(schemaPath, 'utf8'));
  // The root title names the root type; field titles would rename every other one.
  const schema = { title: full.title, ...shapeOnly(full) };
  delete schema.$defs.volumeTypeRules;
  return compile(schema, 'RefarchSpec', {
    bannerComment: '/* Generated from schema/refarch.schema.json by scripts/gen-types.mjs. Do not edit. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    maxItems: -1,
    style: { singleQuote: true },
    cwd: fileURLToPath(new URL('../schema/', import.meta.url)),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../src/spec/types.generated.ts', import.meta.url));
  writeFileSync(out, await generateSpecTypes());
  console.log(`wrote ${out}`);
}
