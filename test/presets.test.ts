// Every shipped preset (profile x size x instanceFamily) must validate cleanly: a minimal spec that
// takes every figure from the catalog gets zero diagnostics, warnings included (the EBS budget of
// each instance, the io1 cap of non-Nitro families, the volume limits).
import { describe, expect, it } from 'vitest';
import { FAMILY_SIZES, PRESETS, type Family, type Profile, type SizePreset } from '../src/catalog/catalog';
import { sites } from '../src/model/model';
import { checkText } from '../src/validate/validate';

const PROFILES = Object.keys(PRESETS.rows) as Profile[];
const SIZES = Object.keys(PRESETS.rows.trakcare) as SizePreset[];
const FAMILIES = Object.keys(FAMILY_SIZES.rows) as Family[];
const PRODUCTS = ['information-exchange', 'patient-index', 'personal-community', 'health-insight', 'health-connect'];

type Variant = 'cloud' | 'cloud+dr' | 'hybrid';
const VARIANTS: Variant[] = ['cloud', 'cloud+dr', 'hybrid'];

function minimalSpec(profile: Profile, size: SizePreset, family: Family, variant: Variant): string {
  const lines = ['apiVersion: refarch/v1', 'name: preset-check', `profile: ${profile}`, `size: ${size}`, `instanceFamily: ${family}`];
  if (variant === 'hybrid') {
    // maxServerConn: the on-premises members admit the DR site's ECP clients (config.max-server-conn).
    lines.push('model: hybrid', 'onPremises:', '  cidrs: [172.16.0.0/16]', '  maxServerConn: 254', '  vpn: { customerGatewayIp: 203.0.113.10 }');
  } else {
    lines.push('region: eu-west-1', 'availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]');
  }
  if (variant !== 'cloud') lines.push('dr:', '  region: eu-central-1', '  availabilityZones: [eu-central-1a, eu-central-1b]');
  if (profile === 'healthshare') lines.push('products:', ...PRODUCTS.map((name) => `  - name: ${name}`));
  return `${lines.join('\n')}\n`;
}

const combos = PROFILES.flatMap((profile) => SIZES.flatMap((size) => FAMILIES.flatMap((family) => VARIANTS.map((variant) => [profile, size, family, variant] as const))));

describe('presets', () => {
  it('cover 3 profiles x 4 sizes x 7 families', () => {
    expect([PROFILES.length, SIZES.length, FAMILIES.length]).toEqual([3, 4, 7]);
  });

  it.each(combos)('%s %s %s (%s) validates with zero diagnostics', (profile, size, family, variant) => {
    const result = checkText(minimalSpec(profile, size, family, variant), `${profile}-${size}-${family}-${variant}.yaml`);
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} [${d.rule}] ${d.path}: ${d.message}`)).toEqual([]);
    const model = result.model!;
    expect(model).toBeDefined();
    // Each mirror has its members where the model puts them, with the preset's four volumes.
    const members = sites(model).flatMap((s) => s.instances.filter((i) => i.tier === 'database'));
    const mirrors = profile === 'healthshare' ? PRODUCTS.length : 1;
    const perMirror = variant === 'cloud' ? 2 : variant === 'cloud+dr' ? 3 : 2;
    expect(members).toHaveLength(mirrors * perMirror);
    for (const m of members) expect(m.volumes.map((v) => v.purpose)).toEqual(['data', 'journal1', 'journal2', 'wij']);
  });
});
