// What an editor user sees: the real yaml-language-server (what VS Code's YAML extension runs),
// driven over LSP, against schema/refarch.schema.json through each spec's modeline. Every rule the
// schema can express must be underlined at the place refarch validate reports it, with readable
// messages, field hovers and complete skeletons; and every example must be clean.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaCommand } from '../src/cli/commands/schema';
import { registerCommand, run } from '../src/cli/main';
import { loadText } from '../src/load/load';
import { schemaFindings } from '../src/validate/schema';
import { checkText } from '../src/validate/validate';
import { YamlLanguageServer, type LspDiagnostic } from './helpers/lsp';

const root = join(__dirname, '..');
const examples = join(root, 'examples');
/** Documents live in examples/ so the examples' own modeline (../schema/...) resolves. */
const doc = join(examples, 'editor-test.yaml');
const MODELINE = '# yaml-language-server: $schema=../schema/refarch.schema.json\n';
const HEAD = `${MODELINE}apiVersion: refarch/v1\nname: test-dep\n`;
const ZONES = 'region: eu-west-1\navailabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]\n';

let server: YamlLanguageServer;
beforeAll(async () => {
  server = new YamlLanguageServer(root);
  await server.start(root);
}, 30_000);
afterAll(async () => server?.stop());

/** `line:col` (1-based, as the CLI prints) and message of each editor diagnostic. */
const shown = (items: readonly LspDiagnostic[]) => items.map((d) => ({ at: `${d.range.start.line + 1}:${d.range.start.character + 1}`, message: d.message }));

/** The CLI's diagnostics of the same text, as `line:col rule path`. */
const cli = (text: string) => checkText(text, 'spec.yaml').diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.path}`);

describe('the examples in an editor', () => {
  it.each(readdirSync(examples).filter((f) => f.endsWith('.yaml')))('examples/%s has no diagnostics', async (file) => {
    const text = readFileSync(join(examples, file), 'utf8');
    expect(text.startsWith(MODELINE)).toBe(true);
    expect(shown(await server.diagnose(doc, text))).toEqual([]);
  });
});

describe('cross-field rules are underlined by the editor and reported once by the CLI', () => {
  const cases: Array<{ name: string; text: string; editor: Array<{ at: string; message: RegExp }>; cli: string[] }> = [
    {
      name: 'a healthshare spec without products',
      text: `${HEAD}profile: healthshare\n${ZONES}`,
      editor: [{ at: '2:1', message: /healthshare profile deploys one mirror per product.*add products/ }],
      cli: ['2:1 profile.products-required products'],
    },
    {
      name: 'a cloud model without region',
      text: `${HEAD}profile: cache\nmodel: cloud\navailabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]\n`,
      editor: [{ at: '2:1', message: /cloud model needs the primary region/ }],
      cli: ['2:1 model.cloud-needs-region region'],
    },
    {
      name: 'hybrid without onPremises',
      text: `${HEAD}profile: cache\nmodel: hybrid\ndr: { region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b] }\n`,
      editor: [{ at: '2:1', message: /hybrid model keeps the failover pair on premises/ }],
      cli: ['2:1 model.hybrid-needs-onpremises onPremises'],
    },
    {
      name: 'iops on a gp2 volume',
      text: `${HEAD}profile: cache\n${ZONES}database:\n  volumes:\n    wij: { type: gp2, sizeGiB: 100, iops: 3000 }\n`,
      editor: [{ at: '9:37', message: /takes no provisioned IOPS; remove iops/ }],
      cli: ['9:43 ebs.iops-not-supported database.volumes.wij.iops'],
    },
    {
      name: 'an S3 state backend without bucket',
      text: `${HEAD}profile: cache\n${ZONES}state:\n  backend: s3\n`,
      editor: [{ at: '7:1', message: /s3 backend needs the bucket/ }],
      cli: ['8:3 state.s3-needs-bucket state.bucket'],
    },
    {
      name: 'print servers in a cache profile',
      text: `${HEAD}profile: cache\n${ZONES}print:\n  count: 2\n`,
      editor: [{ at: '7:1', message: /print servers are part of TrakCare only/ }],
      cli: ['8:3 profile.print-trakcare-only print'],
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const editor = shown(await server.diagnose(doc, c.text));
    expect(editor).toHaveLength(c.editor.length);
    c.editor.forEach((want, i) => {
      expect(editor[i]?.at).toBe(want.at);
      expect(editor[i]?.message).toMatch(want.message);
    });
    // Once: the semantic rule's finding replaces the schema's, never both. (The editor marks a
    // missing key at its parent's first key and a key that is not allowed at the key; the CLI at the
    // parent mapping and at the value.)
    expect(cli(c.text)).toEqual(c.cli);
  });

  it('the CLI keeps its better message where the semantic rule has figures', () => {
    const [d] = checkText(cases[3]!.text, 'spec.yaml').diagnostics;
    expect(d?.message).toBe('gp2 volume "wij" has iops 3,000, but gp2 takes no provisioned IOPS (it gets 3 IOPS per GiB)');
  });

  it('a cross-field rule the semantic rules do not see (an unused default volume) is still reported, under its rule id', () => {
    const text = `${HEAD}profile: healthshare\n${ZONES}database:\n  volumes:\n    wij: { type: gp2, iops: 3000 }\nproducts:\n  - name: patient-index\n    volumes: { wij: { type: gp3 } }\n`;
    expect(cli(text).filter((d) => d.includes('ebs.iops-not-supported'))).toEqual(['9:29 ebs.iops-not-supported database.volumes.wij.iops']);
  });
});

describe('every cross-field rule of the schema is recognised by the CLI', () => {
  /** A spec that breaks each tagged rule (and nothing else of its kind). */
  const TRIGGERS: Record<string, string> = {
    'profile.products-required': `${HEAD}profile: healthshare\n${ZONES}`,
    'profile.products-healthshare-only': `${HEAD}profile: cache\n${ZONES}products: [{ name: patient-index }]\n`,
    'profile.print-trakcare-only': `${HEAD}profile: healthshare\n${ZONES}products: [{ name: patient-index }]\nprint: { count: 1 }\n`,
    'model.cloud-needs-region': `${HEAD}profile: cache\navailabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]\n`,
    'model.hybrid-needs-onpremises': `${HEAD}profile: cache\nmodel: hybrid\ndr: { region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b] }\n`,
    'model.hybrid-needs-dr': `${HEAD}profile: cache\nmodel: hybrid\nonPremises: { cidrs: [172.16.0.0/16], vpn: { customerGatewayIp: 203.0.113.10 } }\n`,
    'model.hybrid-primary-fields': `${HEAD}profile: cache\nmodel: hybrid\nnetwork: { vpcCidr: 10.1.0.0/16 }\nonPremises: { cidrs: [172.16.0.0/16], vpn: { customerGatewayIp: 203.0.113.10 } }\ndr: { region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b] }\n`,
    'state.s3-needs-bucket': `${HEAD}profile: cache\n${ZONES}state: { backend: s3 }\n`,
    'state.local-extra': `${HEAD}profile: cache\n${ZONES}state: { bucket: my-bucket }\n`,
    'ebs.iops-not-supported': `${HEAD}profile: cache\n${ZONES}database: { volumes: { extra: [{ name: data2, type: st1, sizeGiB: 500, iops: 500 }] } }\n`,
    'ebs.throughput-not-supported': `${HEAD}profile: cache\n${ZONES}database: { volumes: { data: { type: io1, sizeGiB: 500, iops: 5000, throughputMiBps: 250 } } }\n`,
  };

  it('lists every tagged rule of the schema', () => {
    const tags = new Set<string>();
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      const tag = (node as Record<string, unknown>)['x-refarch-rule'];
      if (typeof tag === 'string') tags.add(tag);
      for (const child of Object.values(node as Record<string, unknown>)) walk(child);
    };
    walk(JSON.parse(readFileSync(join(root, 'schema', 'refarch.schema.json'), 'utf8')));
    expect([...tags].sort()).toEqual(Object.keys(TRIGGERS).sort());
  });

  it.each(Object.entries(TRIGGERS))('%s: the schema finds it under that id, the CLI reports it once', async (rule, text) => {
    const loaded = loadText(text, 'spec.yaml');
    if (!loaded.ok) throw new Error('unparsable');
    expect(schemaFindings(loaded.spec.value).map((f) => f.rule)).toContain(rule);
    expect(schemaFindings(loaded.spec.value).filter((f) => f.rule.startsWith('schema.'))).toEqual([]);
    const reported = checkText(text, 'spec.yaml').diagnostics.filter((d) => d.rule === rule);
    expect(reported.length).toBeGreaterThan(0);
    expect(new Set(reported.map((d) => d.path)).size).toBe(reported.length);
  });
});

describe('single-field problems the editor used to get wrong', () => {
  it('hostname format is checked (dns.zoneName, onPremises.endpoint), with a readable message', async () => {
    const text = `${HEAD}profile: cache\n${ZONES}dns: { zoneName: "bad_host!", record: www }\n`;
    const editor = shown(await server.diagnose(doc, text));
    expect(editor).toEqual([{ at: '7:18', message: 'A DNS name: labels of letters, digits and hyphens separated by dots, such as example.org.' }]);
    expect(cli(text)).toEqual(['7:18 schema.format dns.zoneName']);
    const hybrid = `${HEAD}profile: cache\nmodel: hybrid\nonPremises: { cidrs: [172.16.0.0/16], vpn: { customerGatewayIp: 203.0.113.10 }, endpoint: "not a host" }\ndr: { region: eu-central-1, availabilityZones: [eu-central-1a, eu-central-1b] }\n`;
    expect(shown(await server.diagnose(doc, hybrid)).map((d) => d.message)).toEqual(['A DNS name: labels of letters, digits and hyphens separated by dots, such as example.org.']);
  });

  it('a mistyped key inside an image mapping is reported as that key, not as "Expected string"', async () => {
    const text = `${HEAD}profile: cache\n${ZONES}images:\n  eu-west-1:\n    ssmParamter: /company/images/iris\n`;
    const editor = shown(await server.diagnose(doc, text));
    expect(editor.map((d) => d.message).join('\n')).not.toMatch(/Incorrect type/);
    expect(editor).toContainEqual({ at: '9:5', message: 'Property ssmParamter is not allowed.' });
  });

  it('pattern errors say what is expected instead of printing the regular expression', async () => {
    const text = `${HEAD.replace('name: test-dep', 'name: Test_Dep')}profile: cache\n${ZONES}`;
    const editor = shown(await server.diagnose(doc, text));
    expect(editor).toHaveLength(1);
    expect(editor[0]!.at).toBe('3:7');
    expect(editor[0]!.message).toMatch(/^Lower-case letters, digits and hyphens/);
    expect(editor[0]!.message).not.toMatch(/\^|\[a-z/);
  });
});

describe('hover and completion', () => {
  const text = `${HEAD}profile: cache\nmodel: hybrid\nonPremises:\n  cidrs: [172.16.0.0/16]\n  vpn: { customerGatewayIp: 203.0.113.10 }\nweb:\n  count: 2\ntags: { Owner: me }\n`;
  const hoverAt = async (line: number, character: number) => {
    const hover = await server.hover(doc, text, { line, character });
    return typeof hover?.contents === 'string' ? hover.contents : (hover?.contents.value ?? '');
  };

  it.each([
    ['profile', 3, 2, '#### Profile', 'Which InterSystems product'],
    ['onPremises.cidrs', 6, 4, '#### On-premises: CIDRs', 'On-premises networks routed through the VPN'],
    ['web.count', 9, 4, '#### Web servers: count', 'Number of web servers'],
    ['a tags value', 10, 16, '#### Tag value', 'Tag value: up to 256'],
  ])('hover on %s: its own title and description', async (_what, line, character, title, description) => {
    const value = await hoverAt(line, character);
    expect(value.startsWith(`${title}\n`)).toBe(true);
    expect(value).toContain(description);
    expect(value).not.toContain('refarch deployment spec');
  });

  it('hover shows the default', async () => {
    expect(await hoverAt(4, 2)).toContain('Default: `cloud`');
  });

  const insert = async (prefix: string, label: string) => {
    const items = await server.complete(doc, `${prefix}\n`, { line: prefix.split('\n').length, character: 0 });
    const item = items.find((i) => i.label === label);
    return item?.insertText ?? item?.textEdit?.newText ?? '';
  };

  it('the onPremises skeleton includes its required cidrs', async () => {
    const skeleton = await insert(`${HEAD}profile: cache\nmodel: hybrid`, 'onPremises');
    expect(skeleton).toMatch(/cidrs:/);
    expect(skeleton).toMatch(/customerGatewayIp:/);
  });

  it.each([
    ['state', 'backend:'],
    ['web', 'loadBalancer:'],
  ])('the %s skeleton includes its enum-only fields (%s)', async (label, field) => {
    const prefix = label === 'web' ? `${HEAD}profile: cache\n${ZONES}web:\n  loadBalancer:` : `${HEAD}profile: cache\n${ZONES.trimEnd()}`;
    if (label === 'web') {
      const items = await server.complete(doc, `${prefix}\n    `, { line: prefix.split('\n').length, character: 4 });
      expect(items.map((i) => i.label)).toContain('type');
      return;
    }
    expect(await insert(prefix, label)).toContain(field);
  });
});

describe('pointing editors at a pinned schema URL', () => {
  it('refarch schema --id prints the $id, this release\'s pinned URL and how to use it; the SchemaStore entry agrees', async () => {
    // main.ts loads commands with require(), which vitest's module graph does not serve.
    registerCommand('schema', () => schemaCommand);
    let out = '';
    const code = await run(['schema', '--id'], { out: (t) => void (out += t), err: (t) => void (out += t), color: false, cwd: root });
    if (code !== 0) throw new Error(out);
    expect(code).toBe(0);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    // From the repository package.json names, at the release's tag (no npm package is published).
    const repo = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url.replace(/^git\+https:\/\/github\.com\//, '').replace(/\.git$/, '');
    const pinned = `https://raw.githubusercontent.com/${repo}/v${version}/schema/refarch.schema.json`;
    const [id, pin] = out.split('\n');
    const schema = JSON.parse(readFileSync(join(root, 'schema', 'refarch.schema.json'), 'utf8')) as { $id: string };
    expect(id).toBe(schema.$id);
    expect(pin).toBe(pinned);
    expect(out).toContain(`# yaml-language-server: $schema=${pinned}`);
    const entry = JSON.parse(readFileSync(join(root, 'schemastore', 'catalog-entry.json'), 'utf8')) as { url: string; fileMatch: string[]; versions: Record<string, string> };
    expect(entry.url).toBe(schema.$id);
    expect(entry.versions[version]).toBe(pinned);
    expect(entry.fileMatch).toContain('*.refarch.yaml');
  });
});
