// Generates docs/spec-reference.md from schema/refarch.schema.json, so the reference the README
// links to can never disagree with the schema. `npm run gen:docs`; test/docs.test.ts fails when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function deref(schema, node) {
  let current = node;
  const seen = new Set();
  while (current && current.$ref && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const target = current.$ref.replace(/^#\//, '').split('/').reduce((n, k) => n[k], schema);
    const { $ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

function typeOf(schema, node) {
  const n = deref(schema, node);
  if (n.const !== undefined) return `\`${JSON.stringify(n.const)}\``;
  if (n.enum) return n.enum.map((v) => `\`${v}\``).join(' | ');
  if (n.oneOf) return n.oneOf.map((o) => typeOf(schema, o)).join(' or ');
  if (n.type === 'array') return `list of ${typeOf(schema, n.items ?? {})}`;
  if (n.type === 'object' && n.additionalProperties && typeof n.additionalProperties === 'object') return `map of ${typeOf(schema, n.additionalProperties)}`;
  if (n.type === 'object') return 'mapping';
  const range = [];
  if (n.minimum !== undefined) range.push(`≥ ${n.minimum}`);
  if (n.maximum !== undefined) range.push(`≤ ${n.maximum}`);
  if (n.format) range.push(n.format);
  return `${n.type ?? 'any'}${range.length ? ` (${range.join(', ')})` : ''}`;
}

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function generateSpecDocs() {
  const schema = JSON.parse(readFileSync(`${root}/schema/refarch.schema.json`, 'utf8'));
  const rows = [];
  const walk = (node, path, required) => {
    const n = deref(schema, node);
    for (const [key, child] of Object.entries(n.properties ?? {})) {
      const c = deref(schema, child);
      const p = path ? `${path}.${key}` : key;
      const def = c.default !== undefined ? `\`${JSON.stringify(c.default)}\`` : (n.required ?? []).includes(key) ? '**required**' : 'preset / none';
      const example = c.examples?.[0] !== undefined ? `\`${JSON.stringify(c.examples[0])}\`` : '';
      rows.push(`| \`${p}\` | ${cell(typeOf(schema, child))} | ${cell(def)} | ${cell(c.description ?? '')} | ${cell(example)} |`);
      if (c.type === 'object' && c.properties) walk(c, p, c.required ?? []);
      if (c.type === 'array' && c.items) {
        const items = deref(schema, c.items);
        if (items.properties) walk(items, `${p}[]`, items.required ?? []);
      }
    }
    void required;
  };
  walk(schema, '', schema.required);
  return [
    '# Spec reference (refarch/v1)',
    '',
    '<!-- Generated from schema/refarch.schema.json by scripts/gen-spec-docs.mjs. Do not edit. -->',
    '',
    `${schema.description}`,
    '',
    `Schema: \`schema/refarch.schema.json\` (\`$id\` ${schema.$id}); \`refarch schema\` prints it.`,
    '"preset / none" means the value comes from the profile and size preset of the catalog, or the feature is off when left out.',
    '',
    '| path | type | default | description | example |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(`${root}/docs/spec-reference.md`, generateSpecDocs());
  console.log('wrote docs/spec-reference.md');
}
