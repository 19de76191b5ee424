// The JSON Schema is the single source of truth of the spec language: it must compile, document
// every property (description, examples, default), agree with the catalog's DEFAULTS, generate the
// checked-in TypeScript types, accept the examples and explain bad specs precisely.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANDING_ZONE } from '../src/catalog/landing-zone';
import { DEFAULTS, PORTS, IRIS_DAY_ONE } from '../src/catalog/catalog';
import { loadText } from '../src/load/load';
import { AJV_OPTIONS, configureAjv } from '../src/validate/ajv-setup';
import { schemaFindings, SPEC_SCHEMA } from '../src/validate/schema';
import { checkText } from '../src/validate/validate';

type Node = Record<string, unknown>;
const root = join(__dirname, '..');

/** A node with its `$ref` chain merged in (the node's own keywords win, as in the schema's intent). */
function deref(node: Node): Node {
  let merged = { ...node };
  let current: Node | undefined = node;
  while (current && typeof current['$ref'] === 'string') {
    const ref: string = current['$ref'];
    expect(ref.startsWith('#/'), `only local refs: ${ref}`).toBe(true);
    let target: unknown = SPEC_SCHEMA;
    for (const segment of ref.slice(2).split('/')) target = (target as Node)[segment];
    expect(target, `dangling ref ${ref}`).toBeTypeOf('object');
    current = target as Node;
    merged = { ...current, ...merged };
  }
  delete merged['$ref'];
  return merged;
}

interface Property {
  /** Dotted path; `[]` for array items, `*` for map values. */
  readonly path: string;
  readonly node: Node;
  readonly required: boolean;
}

/** Every property of the spec language, reached from the root through properties, items, maps and oneOf. */
function properties(): Property[] {
  const out: Property[] = [];
  const walk = (raw: Node, path: string[], depth: number): void => {
    if (depth > 12) return;
    const node = deref(raw);
    const props = (node['properties'] ?? {}) as Record<string, Node>;
    const required = (node['required'] ?? []) as string[];
    for (const [key, child] of Object.entries(props)) {
      const childPath = [...path, key];
      out.push({ path: childPath.join('.'), node: deref(child), required: required.includes(key) });
      walk(child, childPath, depth + 1);
    }
    if (node['items'] && typeof node['items'] === 'object') walk(node['items'] as Node, [...path, '[]'], depth + 1);
    if (node['additionalProperties'] && typeof node['additionalProperties'] === 'object') walk(node['additionalProperties'] as Node, [...path, '*'], depth + 1);
    for (const branch of (node['oneOf'] ?? []) as Node[]) walk(branch, path, depth + 1);
  };
  walk(SPEC_SCHEMA, [], 0);
  return out;
}

const VOLUME_FIELDS = ['', '.type', '.sizeGiB', '.iops', '.throughputMiBps'];
const volumePaths = (base: string) => ['data', 'journal1', 'journal2', 'wij'].flatMap((v) => VOLUME_FIELDS.map((f) => `${base}.${v}${f}`));

/**
 * Properties without a `default` although their parent does not require them, and why. Every
 * other optional property must carry the default resolve applies.
 */
const NO_DEFAULT: Record<string, string> = {
  // Decided by the profile x size preset and instanceFamily (catalog PRESETS / FAMILY_SIZES).
  ...Object.fromEntries(
    ['web.count', 'web.instanceType', 'app.count', 'app.instanceType', 'print.count', 'print.instanceType', 'database.instanceType', 'database.mirror.arbiter.instanceType'].map((p) => [p, 'size preset']),
  ),
  ...Object.fromEntries([...volumePaths('database.volumes'), ...volumePaths('products.[].volumes')].map((p) => [p, 'size preset (volume layout)'])),
  ...Object.fromEntries(
    ['database.volumes.extra.[].iops', 'database.volumes.extra.[].throughputMiBps', 'products.[].volumes.extra.[].iops', 'products.[].volumes.extra.[].throughputMiBps'].map((p) => [
      p,
      "decided by the volume type (gp3's included figures, io1/io2's minimum)",
    ]),
  ),
  'products.[].instanceType': 'database.instanceType, itself from the size preset',
  'dr.instanceType': "the primary members' type",
  'dr.asyncMembers': 'depends on the model: DEFAULTS.drAsyncMembers (cloud 1, hybrid 2)',
  'state.region': 'the primary region (or the DR region in the hybrid model)',
  // Required by context rather than by the parent (rules say so).
  region: 'required by the cloud model (model.cloud-needs-region)',
  availabilityZones: 'required by the cloud model (model.cloud-needs-region)',
  onPremises: 'required by the hybrid model (model.hybrid-needs-onpremises)',
  dr: 'optional site: absent means no DR (required by the hybrid model)',
  dns: 'optional: absent means no Route 53 record',
  'onPremises.endpoint': 'optional: absent means no DNS record (dns.hybrid-needs-endpoint when dns is set)',
  'state.bucket': 'required by the s3 backend (state.s3-needs-bucket)',
  'web.loadBalancer.certificateArn': 'absent: the stack declares a Terraform variable',
  'dr.certificateArn': 'absent: the DR stack declares a Terraform variable',
  'dr.transferBasis': 'absent: no transfer out of the legal area is acknowledged (dr.residency warns)',
  'state.residencyBasis': 'absent: keeping the state in the primary region is not acknowledged (state.same-region warns)',
  'monitoring.alarmEmail': 'optional: absent means no e-mail subscription',
  products: 'required for healthshare (profile.products-required), not allowed elsewhere',
  'onPremises.primaryHost': 'optional: absent means the DR members do not join the mirror by themselves',
  'software.version': 'optional: recorded only; configuration does not depend on it',
  'software.install.image': 'required by container installs',
  'software.install.location': 'required by kit installs',
  'software.secrets.password': 'optional: absent means the image or the operator sets the password',
  'software.secrets.license': 'optional: absent means the license key comes with the image or the operator',
  'software.secrets.dr': 'optional: absent means the DR site reads a Secrets Manager secret\'s replica (an SSM parameter is read in the primary region; software.secret-dr-region warns)',
  'software.secrets.dr.password': 'optional: absent means the DR site reads the password as software.secrets.dr says',
  'software.secrets.dr.license': 'optional: absent means the DR site reads the licence key as software.secrets.dr says',
  // Landing zones: absent means refarch creates the network, uses the credentials' account, adds no boundary.
  ...Object.fromEntries(['network.vpcId', 'dr.vpcId'].map((p) => [p, 'optional: absent means refarch creates the VPC'])),
  ...Object.fromEntries(['network.subnetIds', 'dr.subnetIds'].map((p) => [p, 'optional: given with vpcId (network.existing-pair)'])),
  ...Object.fromEntries(['network.subnetIds.public', 'dr.subnetIds.public'].map((p) => [p, 'only for an internet-facing entry (network.public-subnets)'])),
  accounts: 'optional: absent means the stacks deploy into the credentials\' account',
  ...Object.fromEntries(['primary', 'dr', 'dns'].flatMap((a) => [[`accounts.${a}`, 'optional: absent means the credentials\' account'], [`accounts.${a}.roleArn`, 'optional: absent means no role is assumed']])),
  iam: 'optional: absent means no IAM guardrails',
  'iam.permissionsBoundary': 'optional: absent means roles carry no permissions boundary',
  'software.tls': 'optional: absent means mirror traffic is not TLS (GHA: optional, highly recommended)',
};

/** Schema default -> the catalog value resolve applies. */
const DEFAULT_SOURCES: Record<string, unknown> = {
  apiVersion: 'refarch/v1',
  model: DEFAULTS.rows.model,
  size: DEFAULTS.rows.size,
  instanceFamily: DEFAULTS.rows.instanceFamily,
  'network.vpcCidr': DEFAULTS.rows.vpcCidr,
  'network.adminCidrs': DEFAULTS.rows.adminCidrs,
  'network.clientCidrs': DEFAULTS.rows.clientCidrs,
  'network.natGateways': DEFAULTS.rows.natGateways,
  'network.egress': LANDING_ZONE.rows.defaults.egress,
  'network.endpoints': LANDING_ZONE.rows.defaults.endpoints,
  'web.loadBalancer.scheme': LANDING_ZONE.rows.defaults.scheme,
  'dr.link': LANDING_ZONE.rows.defaults.drLink,
  'iam.path': LANDING_ZONE.rows.defaults.iamPath,
  'network.zoneOrder': DEFAULTS.rows.zoneOrder,
  'network.flowLogRetentionDays': DEFAULTS.rows.flowLogRetentionDays,
  'onPremises.vpn.bgpAsn': DEFAULTS.rows.bgpAsn,
  'onPremises.maxServerConn': IRIS_DAY_ONE.rows.maxServerConnDefault,
  'web.loadBalancer.type': DEFAULTS.rows.loadBalancerType,
  'web.loadBalancer.stickySessions': DEFAULTS.rows.stickySessions,
  'web.loadBalancer.healthCheckPath': DEFAULTS.rows.webHealthCheckPath,
  'database.mirror.vip': DEFAULTS.rows.vip,
  'database.mirror.zmirrorCallout': DEFAULTS.rows.zmirrorCallout,
  'database.ports.superserver': PORTS.rows.superserver,
  'database.ports.webserver': PORTS.rows.webserver,
  'database.ports.agent': PORTS.rows.agent,
  'dr.vpcCidr': DEFAULTS.rows.drVpcCidr,
  'dr.capacity': DEFAULTS.rows.drCapacity,
  'dns.createZone': DEFAULTS.rows.createZone,
  'backup.method': DEFAULTS.rows.backupMethod,
  'backup.schedule': DEFAULTS.rows.backupSchedule,
  'backup.retainDays': DEFAULTS.rows.backupRetainDays,
  'backup.copyToDr': DEFAULTS.rows.copyToDr,
  'monitoring.cpuHighPercent': DEFAULTS.rows.cpuHighPercent,
  'monitoring.agent': DEFAULTS.rows.monitoringAgent,
  'monitoring.logRetentionDays': DEFAULTS.rows.monitoringLogRetentionDays,
  'monitoring.thresholds.journalFreeWarningPercent': DEFAULTS.rows.monitoringThresholds.journalFreeWarningPercent,
  'monitoring.thresholds.journalFreeCriticalPercent': DEFAULTS.rows.monitoringThresholds.journalFreeCriticalPercent,
  'monitoring.thresholds.dataFreePercent': DEFAULTS.rows.monitoringThresholds.dataFreePercent,
  'monitoring.thresholds.memoryUsedPercent': DEFAULTS.rows.monitoringThresholds.memoryUsedPercent,
  'monitoring.thresholds.licenseUsedPercent': DEFAULTS.rows.monitoringThresholds.licenseUsedPercent,
  'monitoring.thresholds.drAsyncNotConnectedMinutes': DEFAULTS.rows.monitoringThresholds.drAsyncNotConnectedMinutes,
  'state.backend': DEFAULTS.rows.stateBackend,
  'state.keyPrefix': DEFAULTS.rows.stateKeyPrefix,
  'database.namespaces': DEFAULTS.rows.namespaces,
  'software.platform': DEFAULTS.rows.platform,
  'software.install.kind': DEFAULTS.rows.installKind,
  'software.instance': DEFAULTS.rows.irisInstance,
  'software.configure': DEFAULTS.rows.configure,
};

/** Schema defaults that are known to break their own property's schema (reported; the test fails once fixed, to drop the entry). */
const KNOWN_INVALID_DEFAULTS: Record<string, string> = {};

describe('schema', () => {
  it('compiles under ajv strict mode, with the editor keywords declared and nothing else unknown', () => {
    const ajv = configureAjv(new Ajv2020({ ...AJV_OPTIONS }), addFormats as never);
    expect(() => ajv.compile(SPEC_SCHEMA)).not.toThrow();
    // Without the declarations, strict mode rejects them: they are really in use, and a misspelt
    // one (patternErrorMesage) would fail the line above.
    const bare = new Ajv2020({ ...AJV_OPTIONS });
    addFormats(bare, ['ipv4', 'hostname', 'email']);
    expect(() => bare.compile(SPEC_SCHEMA)).toThrow(/unknown keyword/);
    expect(schemaFindings({ apiVersion: 'refarch/v1', name: 'abc', profile: 'cache', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] })).toEqual([]);
  });

  it('reaches every property (sanity of the walk)', () => {
    const paths = properties().map((p) => p.path);
    expect(paths.length).toBeGreaterThan(100);
    for (const p of ['apiVersion', 'database.volumes.data.iops', 'products.[].volumes.extra.[].name', 'images.*.ssmParameter', 'dr.certificateArn']) expect(paths).toContain(p);
  });

  it.each(properties().map((p) => [p.path, p] as const))('%s has a description and examples', (_path, p) => {
    expect(typeof p.node['description'], 'description').toBe('string');
    expect(String(p.node['description']).length).toBeGreaterThan(5);
    expect(Array.isArray(p.node['examples']) && (p.node['examples'] as unknown[]).length > 0, 'examples').toBe(true);
  });

  it('every optional property has a default, except the documented exemptions', () => {
    const all = properties();
    const missing = all.filter((p) => !p.required && !('default' in p.node) && !(p.path in NO_DEFAULT)).map((p) => p.path);
    expect(missing).toEqual([]);
    // The exemption list names real properties that indeed have no default.
    const byPath = new Map(all.map((p) => [p.path, p]));
    for (const path of Object.keys(NO_DEFAULT)) {
      expect(byPath.has(path), `${path} exists`).toBe(true);
      expect('default' in byPath.get(path)!.node, `${path} has no default`).toBe(false);
    }
  });

  it('every example and default validates against its own property schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true });
    addFormats(ajv, ['ipv4', 'hostname', 'email']);
    ajv.addSchema(SPEC_SCHEMA);
    const id = String(SPEC_SCHEMA['$id']);
    const bad: string[] = [];
    for (const p of properties()) {
      // Validate against the property as written in the schema (a ref into it keeps $defs resolvable).
      const check = (value: unknown, what: string) => {
        if (!ajv.validate(withRefsTo(p.node, id), value)) bad.push(`${p.path} ${what} ${JSON.stringify(value)}: ${ajv.errorsText()}`);
      };
      for (const example of (p.node['examples'] ?? []) as unknown[]) check(example, 'example');
      if ('default' in p.node && !(p.path in KNOWN_INVALID_DEFAULTS)) check(p.node['default'], 'default');
      if (p.path in KNOWN_INVALID_DEFAULTS) {
        expect(ajv.validate(withRefsTo({ ...p.node }, id), p.node['default']), `${p.path}: ${KNOWN_INVALID_DEFAULTS[p.path]} (fixed? drop it from KNOWN_INVALID_DEFAULTS)`).toBe(false);
      }
    }
    expect(bad).toEqual([]);
  });

  it('defaults equal the catalog DEFAULTS that resolve applies', () => {
    const withDefault = properties().filter((p) => 'default' in p.node);
    const mismatched: string[] = [];
    for (const p of withDefault) {
      const value = p.node['default'];
      const structural = (Array.isArray(value) && value.length === 0 && p.path !== 'network.adminCidrs') || (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
      if (structural) continue; // {} and [] of blocks and lists: "nothing", not a decided value
      if (!(p.path in DEFAULT_SOURCES)) {
        mismatched.push(`${p.path}: schema default ${JSON.stringify(value)} has no catalog counterpart in this test`);
        continue;
      }
      if (JSON.stringify(value) !== JSON.stringify(DEFAULT_SOURCES[p.path])) mismatched.push(`${p.path}: schema ${JSON.stringify(value)} vs catalog ${JSON.stringify(DEFAULT_SOURCES[p.path])}`);
    }
    expect(mismatched).toEqual([]);
    // And every catalog default this test maps is a schema default.
    const schemaPaths = new Set(withDefault.map((p) => p.path));
    expect(Object.keys(DEFAULT_SOURCES).filter((p) => !schemaPaths.has(p))).toEqual([]);
  });

  it('src/spec/types.generated.ts is up to date with the schema', async () => {
    const { generateSpecTypes } = (await import(pathToFileURL(join(root, 'scripts', 'gen-types.mjs')).href)) as { generateSpecTypes: () => Promise<string> };
    const generated = await generateSpecTypes();
    const checkedIn = readFileSync(join(root, 'src', 'spec', 'types.generated.ts'), 'utf8');
    expect(checkedIn, 'run `node scripts/gen-types.mjs`').toBe(generated);
  });

  it.each(readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')))('examples/%s is schema-valid', (file) => {
    const loaded = loadText(readFileSync(join(root, 'examples', file), 'utf8'), file);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(schemaFindings(loaded.spec.value)).toEqual([]);
  });
});

/** Rewrites local refs (#/$defs/x) of a sub-schema to absolute ones into the registered spec schema. */
function withRefsTo(node: unknown, id: string): Node {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    const out: Node = {};
    for (const [k, v] of Object.entries(value as Node)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${id}${v}` : rewrite(v);
    return out;
  };
  return rewrite(node) as Node;
}

const BASE = `apiVersion: refarch/v1
name: test-dep
profile: cache
region: eu-west-1
availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]
`;

describe('bad specs: structural diagnostics', () => {
  const run = (text: string) => checkText(text, 'spec.yaml').diagnostics.map((d) => ({ at: `${d.line}:${d.column}`, rule: d.rule, path: d.path, message: d.message, fix: d.fix }));

  it('unknown key: points at the key and suggests the nearest', () => {
    expect(run(BASE.replace('region:', 'regoin:'))).toEqual([{ at: '4:1', rule: 'schema.unknown-key', path: 'regoin', message: 'unknown key "regoin"', fix: 'did you mean "region"?' }]);
  });

  it('unknown nested key: suggestion from the right mapping', () => {
    const [d] = run(`${BASE}database:\n  volumes:\n    data: { type: io1, sizeGB: 100 }\n`);
    expect(d).toEqual({ at: '8:24', rule: 'schema.unknown-key', path: 'database.volumes.data.sizeGB', message: 'unknown key "sizeGB"', fix: 'did you mean "sizeGiB"?' });
  });

  it('unknown key with nothing near: lists the valid keys', () => {
    const [d] = run(`${BASE}web: { zzzzzzzz: 1 }\n`);
    expect(d?.rule).toBe('schema.unknown-key');
    expect(d?.fix).toBe('valid keys here: count, instanceType, loadBalancer');
  });

  it('wrong type', () => {
    expect(run(`${BASE}web:\n  count: three\n`)).toEqual([{ at: '7:10', rule: 'schema.type', path: 'web.count', message: 'must be integer, not the string "three"', fix: 'write a value of type integer' }]);
  });

  it('enum typo: suggests the value', () => {
    const [d] = run(BASE.replace('profile: cache', 'profile: trakcar'));
    expect(d).toMatchObject({ at: '3:10', rule: 'schema.enum', path: 'profile' });
    expect(d?.fix).toMatch(/^did you mean "trakcare"\?/);
  });

  it('enum typo deep in a volume', () => {
    const [d] = run(`${BASE}database:\n  volumes:\n    wij: { type: gp4 }\n`);
    expect(d).toMatchObject({ at: '8:18', rule: 'schema.enum', path: 'database.volumes.wij.type' });
    expect(d?.fix).toMatch(/^did you mean "gp(2|3)"\?/);
  });

  it('missing required key at the top: line 1, with an example', () => {
    expect(run(BASE.replace('name: test-dep\n', ''))).toEqual([{ at: '1:1', rule: 'schema.required', path: '', message: 'missing required key "name"', fix: 'add "name" (for example "trakcare-prod")' }]);
  });

  it('missing required key in a block: at the block, with an example through $ref', () => {
    const [d] = run(`${BASE}dr:\n  region: eu-central-1\n`);
    expect(d).toEqual({ at: '7:3', rule: 'schema.required', path: 'dr', message: 'missing required key "availabilityZones"', fix: 'add "availabilityZones" (for example ["eu-west-1a","eu-west-1b","eu-west-1c"])' });
  });

  it('out of range and bad pattern', () => {
    const found = run(`${BASE}database:\n  ports: { superserver: 70000 }\nname2: x\n`.replace('name: test-dep', 'name: Test_Dep'));
    expect(found.map((d) => `${d.at} ${d.rule} ${d.path}`)).toEqual(['2:7 schema.pattern name', '7:25 schema.range database.ports.superserver', '8:1 schema.unknown-key name2']);
  });

  it('an image that is neither an AMI id nor an SSM parameter: one diagnostic, not one per form', () => {
    const found = run(`${BASE}images: { eu-west-1: ami-123 }\n`);
    expect(found.map((d) => `${d.at} ${d.rule} ${d.path}`)).toEqual(['6:22 schema.pattern images.eu-west-1']);
    expect(found[0]?.fix).toContain('an AMI id, or an SSM parameter');
  });

  it('a mistyped key inside an image mapping is reported as that key, once', () => {
    const found = run(`${BASE}images:\n  eu-west-1: { ssmParamter: /x/y }\n`);
    expect(found).toEqual([{ at: '7:16', rule: 'schema.unknown-key', path: 'images.eu-west-1.ssmParamter', message: 'unknown key "ssmParamter"', fix: 'did you mean "ssmParameter"?' }]);
  });

  it('a hostname is checked as one problem (format and the pattern editors use say the same)', () => {
    const found = run(`${BASE}dns: { zoneName: "bad_host!", record: www }\n`);
    expect(found.map((d) => `${d.at} ${d.rule} ${d.path}`)).toEqual(['6:18 schema.format dns.zoneName']);
  });

  it('reserved tag key', () => {
    const found = run(`${BASE}tags: { "aws:owner": me }\n`);
    expect(found.map((d) => `${d.at} ${d.rule} ${d.path}`)).toEqual(['6:9 schema.key-name tags["aws:owner"]']);
  });

  it('all structural problems at once, with the cross-field rules the schema holds, before any other semantic rule', () => {
    // state.s3-needs-bucket is in the schema (editors underline it), so it is reported with the
    // structural problems; the semantic rules proper (figures, catalog) wait for a well-formed spec.
    const text = `${BASE.replace('profile: cache', 'profile: trakcar')}web: { count: -1 }\nstate: { backend: s3 }\ndatabase: { instanceType: m4.huge }\n`;
    const found = run(text);
    expect(found.map((d) => d.rule)).toEqual(['schema.enum', 'schema.range', 'state.s3-needs-bucket']);
  });
});

describe('catalog and schema agree on volume slots', () => {
  it('every volume the schema allows has a device name in the catalog (4 database volumes + maxItems extras)', () => {
    const extra = JSON.stringify(SPEC_SCHEMA).match(/"extra":\{[^}]*?"maxItems":(\d+)/);
    expect(extra, 'the schema caps database.volumes.extra').not.toBeNull();
    expect(DEFAULTS.rows.deviceNames.length).toBeGreaterThanOrEqual(4 + Number(extra![1]));
    expect(new Set(DEFAULTS.rows.deviceNames).size).toBe(DEFAULTS.rows.deviceNames.length);
  });
});
