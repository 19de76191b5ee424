// Every reference inside a stack must name something that stack declares. refarch stacks are
// applied one at a time and never read each other's state, so RefarchStack skips cdktf's
// cross-stack "preparing" pass (src/synth/stack.ts); a token of one stack used in another would
// then come out as a reference to something the stack does not declare. Used by the golden tests
// (every example) and the property tests (every generated spec that synthesizes).
import type { TerraformJson } from '../../src/synth/index';

/** The references, depends_on entries and provider aliases that point outside the stack. */
export function danglingReferences(json: TerraformJson): string[] {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const n of Object.keys(byName)) declared.add(`${type}.${n}`);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const n of Object.keys(byName)) declared.add(`data.${type}.${n}`);
  for (const n of Object.keys(json.variable ?? {})) declared.add(`var.${n}`);
  const providerList = (json.provider ?? {}) as Record<string, Array<Record<string, unknown>>>;
  const aliases = new Set(Object.values(providerList).flatMap((configs) => configs.map((c) => c['alias'])).filter((a): a is string => typeof a === 'string'));

  const problems: string[] = [];
  const walk = (value: unknown, key: string | undefined): void => {
    if (typeof value === 'string') {
      // `$${` is Terraform's escape for a literal `${` (text for the instance, e.g. the CloudWatch agent's own placeholders): no reference.
      for (const m of value.matchAll(/(?<!\$)\$\{([^}]*)\}/g)) {
        const address = /^(data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|[a-z0-9_]+\.[A-Za-z0-9_-]+)(\.|$)/.exec(m[1]!)?.[1];
        if (address === undefined || !declared.has(address)) problems.push(`reference \${${m[1]}}`);
      }
      if (key === 'provider' && !aliases.has(value.replace(/^aws\./, ''))) problems.push(`provider ${value}`);
    } else if (Array.isArray(value)) {
      for (const item of value) {
        if (key === 'depends_on' && typeof item === 'string') {
          if (!declared.has(item)) problems.push(`depends_on ${item}`);
        } else walk(item, undefined);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk({ resource: json.resource, data: json.data, output: json.output }, undefined);
  if (JSON.stringify(json).includes('terraform_remote_state')) problems.push('terraform_remote_state');
  return problems;
}

/** How many `${...}` references the stack holds (so a check over none cannot pass vacuously). */
export function referenceCount(json: TerraformJson): number {
  return [...JSON.stringify(json).matchAll(/\$\{[^}]*\}/g)].length;
}
