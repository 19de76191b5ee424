// Derives the TypeScript types of the raw spec from the JSON Schema, the single source of truth.
// `npm run gen:types` rewrites src/spec/types.generated.ts; test/schema.test.ts fails when it is stale.
import { compile } from 'json-schema-to-typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function generateSpecTypes() {
  const schemaPath = fileURLToPath(new URL('../schema/refarch.schema.json', import.meta.url));
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
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
