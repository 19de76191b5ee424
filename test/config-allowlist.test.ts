// MUST-SHOW of issue #14: every generated merge file and Web Gateway definition of every example
// is parsed, and each section, key, action and action property is checked against the catalog's
// IRIS_MERGE vocabulary (taken from the InterSystems CPF reference, the configuration merge guide
// and the Web Gateway guide, doc keys recorded there). Then the role content: the primary creates
// the mirror, the backup joins as backup, DR members join as drasync, application servers point
// at the mirror, and journal/WIJ/database paths are the mount points of the volumes refarch mounts.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IRIS_MERGE } from '../src/catalog/catalog';
import { gatewayFiles, mergeFiles, mirrorNamespaces, type GatewayFile, type MergeFile } from '../src/config/config';
import { sites, type DeploymentModel, type InstanceModel, type MirrorModel } from '../src/model/model';
import { EXAMPLES_DIR, exampleModel } from './helpers/models';

const V = IRIS_MERGE.rows;
const EXAMPLES = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml')).sort();

interface Action {
  readonly name: string;
  readonly props: ReadonlyMap<string, string>;
}
interface Parsed {
  /** Section name -> its key=value lines (in order), Actions excluded. */
  readonly sections: Map<string, Array<[string, string]>>;
  readonly actions: Action[];
}

/** Splits `a=1,b="x,y",c=2` at the commas outside quotes. */
function splitProps(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** A CPF / CSP.ini parser after the CPF reference's format: sections, key=value, comments (# ; //), blank lines. */
function parse(text: string): Parsed {
  const sections = new Map<string, Array<[string, string]>>();
  const actions: Action[] = [];
  let section: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || line.startsWith('//')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      expect(sections.has(section), `section [${section}] appears once`).toBe(false);
      sections.set(section, []);
      continue;
    }
    expect(section, `line outside any section: ${line}`).toBeDefined();
    if (section === 'Actions') {
      const colon = line.indexOf(':');
      expect(colon, `action line ${line}`).toBeGreaterThan(0);
      const props = new Map<string, string>();
      for (const prop of splitProps(line.slice(colon + 1))) {
        const eq = prop.indexOf('=');
        expect(eq, `property ${prop} of ${line}`).toBeGreaterThan(0);
        const key = prop.slice(0, eq);
        expect(props.has(key), `${key} given once in ${line}`).toBe(false);
        props.set(key, prop.slice(eq + 1).replace(/^"(.*)"$/, '$1'));
      }
      actions.push({ name: line.slice(0, colon), props });
    } else {
      const eq = line.indexOf('=');
      expect(eq, `parameter line ${line} in [${section}]`).toBeGreaterThan(0);
      sections.get(section!)!.push([line.slice(0, eq), line.slice(eq + 1)]);
    }
  }
  return { sections, actions };
}

const allowed = (list: readonly string[] | undefined, key: string): boolean => list !== undefined && (list.includes('*') || list.includes(key) || list.some((k) => k.endsWith('*') && key.startsWith(k.slice(0, -1))));

function checkMergeVocabulary(file: MergeFile): Parsed {
  const parsed = parse(file.text);
  for (const [name, lines] of parsed.sections) {
    if (name === 'Actions') continue;
    expect(Object.keys(V.sections), `[${name}] in ${file.instanceKey}`).toContain(name);
    for (const [key] of lines) expect(allowed(V.sections[name], key), `[${name}] ${key} in ${file.instanceKey}`).toBe(true);
  }
  for (const a of parsed.actions) {
    expect(Object.keys(V.actions), `action ${a.name} in ${file.instanceKey}`).toContain(a.name);
    for (const key of a.props.keys()) expect(allowed(V.actions[a.name], key), `${a.name} property ${key} in ${file.instanceKey}`).toBe(true);
    if (a.name === 'ConfigMirror') {
      expect(V.mirrorMembers).toContain(a.props.get('Member'));
      for (const required of ['Name', 'Member', 'Primary']) expect(a.props.has(required), `ConfigMirror ${required}`).toBe(true);
      expect(a.props.get('Name')).toMatch(/^[A-Z0-9]{1,15}$/);
    }
    if (a.name === 'CreateDatabase') for (const required of ['Name', 'Directory']) expect(a.props.has(required), `CreateDatabase ${required}`).toBe(true);
    if (a.name === 'CreateNamespace') for (const required of ['Name', 'Globals']) expect(a.props.has(required), `CreateNamespace ${required}`).toBe(true);
  }
  return parsed;
}

function checkGatewayVocabulary(file: GatewayFile): Parsed {
  const parsed = parse(file.text);
  const servers = new Set((parsed.sections.get('SYSTEM_INDEX') ?? []).map(([k]) => k));
  for (const [name, lines] of parsed.sections) {
    const pattern = name.startsWith('APP_PATH:') ? 'APP_PATH:<path>' : servers.has(name) ? '<server>' : name;
    expect(Object.keys(V.gatewaySections), `CSP.ini [${name}] in ${file.instanceKey}`).toContain(pattern);
    for (const [key] of lines) expect(allowed(V.gatewaySections[pattern], key), `CSP.ini [${name}] ${key}`).toBe(true);
  }
  return parsed;
}

const one = <T,>(list: readonly T[], what: string): T => {
  expect(list, what).toHaveLength(1);
  return list[0]!;
};
const entry = (p: Parsed, section: string, key: string): string | undefined => p.sections.get(section)?.find(([k]) => k === key)?.[1];
const mount = (i: InstanceModel, purpose: string): string => i.volumes.find((v) => v.purpose === purpose)!.mountPoint;

function memberChecks(model: DeploymentModel, mirror: MirrorModel, instance: InstanceModel, p: Parsed): void {
  const cm = one(p.actions.filter((a) => a.name === 'ConfigMirror'), `${instance.key}: one ConfigMirror`);
  const expected = { primary: 'primary', backup: 'backup', async: 'drasync' }[instance.mirrorRole!];
  expect(cm.props.get('Member'), `${instance.key} member type`).toBe(expected);
  expect(cm.props.get('Name')).toBe(mirror.irisName);
  if (instance.mirrorRole === 'primary') {
    // The primary creates the mirror: it names itself, and the arbiter, and sets the async compression.
    expect(cm.props.get('Primary')).toBe(instance.hostName);
    expect(cm.props.get('CompressionForAsyncMembers')).toBe('2');
  } else {
    expect(cm.props.get('Primary'), `${instance.key} joins the primary`).toBe(mirror.primaryHostName);
    expect(cm.props.has('CompressionForAsyncMembers')).toBe(false);
  }
  if (instance.mirrorRole !== 'async' && mirror.arbiterHostName) expect(cm.props.get('ArbiterURL')).toBe(`${mirror.arbiterHostName}:${model.ports.agent}`);
  // Journals and the WIJ on the volumes refarch mounts for them; databases under the data volume.
  expect(entry(p, 'Journal', 'CurrentDirectory')).toBe(mount(instance, 'journal1'));
  expect(entry(p, 'Journal', 'AlternateDirectory')).toBe(mount(instance, 'journal2'));
  expect(entry(p, 'config', 'wijdir')).toBe(mount(instance, 'wij'));
  const dbs = p.actions.filter((a) => a.name === 'CreateDatabase');
  expect(dbs.map((d) => d.props.get('Name'))).toEqual(mirrorNamespaces(model, mirror));
  for (const db of dbs) {
    expect(db.props.get('Directory')!.startsWith(`${mount(instance, 'data')}/`), `${db.props.get('Directory')} under the data volume`).toBe(true);
    expect(db.props.get('MirrorSetName')).toBe(mirror.irisName);
  }
  expect(p.actions.filter((a) => a.name === 'CreateNamespace').map((a) => a.props.get('Name'))).toEqual(mirrorNamespaces(model, mirror));
}

function ecpChecks(model: DeploymentModel, instance: InstanceModel, p: Parsed, siteRole: 'primary' | 'dr'): void {
  const site = siteRole === 'primary' ? model.primary! : model.dr!;
  const servers = p.sections.get('ECPServers') ?? [];
  expect(servers.map(([name]) => name)).toEqual(site.mirrors.map((m) => m.irisName));
  for (const mirror of site.mirrors) {
    const [host, port, connection] = servers.find(([name]) => name === mirror.irisName)![1].split(',');
    expect(port).toBe(String(model.ports.superserver));
    if (siteRole === 'primary') {
      // The failover pair's primary as a mirror connection: follows failover, unlike a fixed address.
      expect([host, connection]).toEqual([mirror.primaryHostName, '1']);
    } else {
      const local = site.instances.find((i) => i.key === mirror.asyncKeys[0])!;
      expect([host, connection]).toEqual([local.hostName, '-1']);
    }
    for (const ns of mirrorNamespaces(model, mirror)) {
      const db = one(p.actions.filter((a) => a.name === 'CreateDatabase' && a.props.get('Name') === ns && a.props.get('Server') === mirror.irisName), `${instance.key}: remote ${ns}`);
      expect(db.props.get('Directory')).toBe(`:mirror:${mirror.irisName}:${ns}`);
      expect(db.props.get('LogicalOnly')).toBe('1');
      expect(p.actions.some((a) => a.name === 'CreateNamespace' && a.props.get('Name') === ns && a.props.get('Globals') === ns)).toBe(true);
    }
  }
}

describe.each(EXAMPLES)('%s: day-one configuration', (example) => {
  const model = exampleModel(example);
  const merges = mergeFiles(model);
  const gateways = gatewayFiles(model);

  it('every IRIS instance has one merge file and every web server one Web Gateway file; the arbiter none', () => {
    const expected = sites(model).flatMap((s) => s.instances.filter((i) => ['database', 'app', 'print'].includes(i.tier)).map((i) => `${s.role}/${i.key}`));
    expect(merges.map((f) => `${f.site}/${f.instanceKey}`).sort()).toEqual(expected.sort());
    const webs = sites(model).flatMap((s) => s.instances.filter((i) => i.tier === 'web').map((i) => `${s.role}/${i.key}`));
    expect(gateways.map((f) => `${f.site}/${f.instanceKey}`).sort()).toEqual(webs.sort());
  });

  it('every section, key, action and property is in the documented vocabulary (IRIS_MERGE)', () => {
    for (const f of merges) checkMergeVocabulary(f);
    for (const f of gateways) checkGatewayVocabulary(f);
  });

  it('roles: the primary creates the mirror, the backup joins as backup, DR members as drasync; paths are the mounted volumes', () => {
    for (const site of sites(model)) {
      for (const instance of site.instances.filter((i) => i.tier === 'database')) {
        const mirror = site.mirrors.find((m) => m.name === instance.mirror)!;
        memberChecks(model, mirror, instance, parse(merges.find((f) => f.site === site.role && f.instanceKey === instance.key)!.text));
      }
    }
  });

  it('application and print servers reach each mirror as a mirror-aware ECP data server and map its namespaces', () => {
    for (const f of merges.filter((m) => m.role === 'ecp-app' || m.role === 'ecp-print')) {
      const site = f.site === 'primary' ? model.primary! : model.dr!;
      ecpChecks(model, site.instances.find((i) => i.key === f.instanceKey)!, parse(f.text), f.site);
    }
  });

  it('the Web Gateway routes to the application servers of its own site, by name', () => {
    for (const f of gateways) {
      const p = parse(f.text);
      const site = f.site === 'primary' ? model.primary! : model.dr!;
      const apps = site.instances.filter((i) => i.tier === 'app').map((i) => i.hostName);
      const hosts = [...p.sections.entries()].flatMap(([, lines]) => lines.filter(([k]) => k === 'Ip_Address').map(([, v]) => v));
      if (apps.length > 0) expect(hosts).toEqual(apps);
      else expect(hosts.length).toBeGreaterThan(0);
    }
  });

  it('addresses are host names from the private zones (or the named on-premises primary), never IP addresses', () => {
    const known = new Set([...sites(model).flatMap((s) => s.instances.map((i) => i.hostName)), ...(model.onPremises?.primaryHost ? [model.onPremises.primaryHost] : [])]);
    for (const f of [...merges, ...gateways]) {
      expect(f.text, f.instanceKey).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
      const hosts = [...f.text.matchAll(/[a-z0-9-]+(?:\.[a-z0-9-]+)+\.(?:internal|org|com)\b/g)].map((m) => m[0]);
      for (const h of hosts) expect(known.has(h), `${h} in ${f.instanceKey}`).toBe(true);
    }
  });
});

describe('the vocabulary itself', () => {
  it('records its sources (InterSystems doc keys) and a doc entry for every action', () => {
    expect(IRIS_MERGE.source).toMatch(/GCMF/);
    expect(IRIS_MERGE.source).toMatch(/RACS/);
    expect(IRIS_MERGE.source).toMatch(/GCGI/);
    for (const action of Object.keys(V.actions)) expect(V.docs[action], action).toBeDefined();
  });

  it('the parser and checks catch what is not documented (the test can fail)', () => {
    const model = exampleModel('trakcare.yaml');
    const good = mergeFiles(model).find((f) => f.role === 'mirror-primary')!;
    expect(() => checkMergeVocabulary({ ...good, text: `${good.text}\n[Startup]\nMirrorMember=primary\n` })).toThrow();
    expect(() => checkMergeVocabulary({ ...good, text: good.text.replace('ConfigMirror:', 'ConfigMirror:QoSTimeout=8000,') })).toThrow();
    expect(() => checkMergeVocabulary({ ...good, text: good.text.replace('Member=primary', 'Member=leader') })).toThrow();
    expect(() => checkMergeVocabulary({ ...good, text: good.text.replace('wijdir=', 'wijdirectory=') })).toThrow();
    const backup = mergeFiles(model).find((f) => f.role === 'mirror-backup')!;
    const mirror = model.primary!.mirrors[0]!;
    const instance = model.primary!.instances.find((i) => i.key === backup.instanceKey)!;
    expect(() => memberChecks(model, mirror, instance, parse(backup.text.replace('Member=backup', 'Member=drasync')))).toThrow();
    expect(() => memberChecks(model, mirror, instance, parse(backup.text.replace('CurrentDirectory=/irissys/journal1', 'CurrentDirectory=/irissys/mgr/journal')))).toThrow();
  });
});
