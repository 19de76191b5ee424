// Determinism and stable addresses.
//
// 1. The same spec gives the same bytes: the built CLI, run from different working folders with
//    the spec and the output given by absolute and relative paths, under another name, and with
//    the environment variables through which cdktf reads its configuration (CDKTF_*,
//    SYNTH_HCL_OUTPUT) and a foreign locale and time zone set, writes byte-identical cdktf.out/.
// 2. Resource addresses (`type.name`, what `terraform plan` diffs on) do not move when the spec
//    grows: one more web, application or print server, HealthShare product or DR async member
//    adds resources, renames none and changes no existing resource's body, except the few that
//    inherently list every member of a tier (EXPECTED_CHANGES, each with its reason). Adding a DR
//    region renames nothing in the primary stack; removing the last web server removes only its
//    own resources.
//
// Written over whatever resources the synth constructs create, so it holds as they grow.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { synthesizeInMemory, type SynthesizedStack, type TerraformJson } from '../src/synth/index';
import { checkText } from '../src/validate/validate';
import { builtCli, cleanEnv, ROOT, runCli, tempDir } from './fixtures/hostile/harness';

const EXAMPLES_DIR = join(ROOT, 'examples');
const EXAMPLES = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

// ---------------------------------------------------------------------------------------------
// 1. Byte-identical output

/** Every file under dir: relative path -> bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

function expectSameTree(actual: Map<string, Buffer>, expected: Map<string, Buffer>, label: string): void {
  expect([...actual.keys()].sort(), `${label}: files`).toEqual([...expected.keys()].sort());
  for (const [file, bytes] of expected) {
    const other = actual.get(file)!;
    if (!other.equals(bytes)) {
      // Show the first differing line rather than two megabytes of JSON.
      const a = bytes.toString('utf8').split('\n');
      const b = other.toString('utf8').split('\n');
      const i = a.findIndex((line, k) => line !== b[k]);
      expect(`${file}:${i + 1}: ${b[i] ?? '<end>'}`, `${label}: ${file} differs`).toBe(`${file}:${i + 1}: ${a[i] ?? '<end>'}`);
    }
  }
}

const HOSTILE_ENV = {
  // cdktf's own configuration channels: none may reach refarch's output.
  CDKTF_OUTDIR: '/tmp/refarch-should-not-be-used',
  CDKTF_TARGET_STACK_ID: 'dr',
  CDKTF_CONTEXT_JSON: JSON.stringify({ excludeStackIdFromLogicalIds: false, allowSepCharsInLogicalIds: false }),
  CDKTF_DISABLE_PLUGIN_CACHE_ENV: 'true',
  CDKTF_LOG_LEVEL: 'debug',
  CDKTF_HOME: '/tmp/refarch-cdktf-home',
  CDKTF_STACK_ID: 'primary',
  CDKTF_APP: 'node other.js',
  SYNTH_HCL_OUTPUT: 'true',
  // A locale with a dotless i and a time zone far from UTC: case mapping, sorting and dates.
  LANG: 'tr_TR.UTF-8',
  LC_ALL: 'tr_TR.UTF-8',
  TZ: 'Pacific/Kiritimati',
};

describe('the same spec gives the same bytes', () => {
  let work: string;
  beforeAll(() => {
    builtCli();
    work = tempDir('stability');
  }, 600_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(EXAMPLES)('%s: from two folders, by absolute and relative paths, under another name, and with CDKTF_*, SYNTH_HCL_OUTPUT, LC_ALL and TZ set', async (example) => {
    const spec = join(EXAMPLES_DIR, example);
    const a = join(work, example, 'a');
    const b = join(work, example, 'b', 'deeper');
    const c = join(work, example, 'c');
    for (const dir of [a, b, c]) mkdirSync(dir, { recursive: true });
    copyFileSync(spec, join(b, 'renamed-spec.yaml'));

    const runs = await Promise.all([
      runCli(['synth', spec, '-o', join(a, 'cdktf.out')], { cwd: a }),
      runCli(['synth', 'renamed-spec.yaml', '-o', join('..', 'out', 'cdktf.out')], { cwd: b }),
      runCli(['synth', relative(c, spec)], { cwd: c, env: cleanEnv(HOSTILE_ENV) }),
    ]);
    for (const run of runs) expect(run.status, run.stderr).toBe(0);

    const first = readTree(join(a, 'cdktf.out'));
    expect(first.has('manifest.json')).toBe(true);
    expect([...first.keys()].some((f) => f.endsWith('cdk.tf.json'))).toBe(true);
    expectSameTree(readTree(join(work, example, 'b', 'out', 'cdktf.out')), first, 'other folder, relative paths, renamed spec');
    expectSameTree(readTree(join(c, 'cdktf.out')), first, 'cdktf environment variables, tr_TR locale, Pacific/Kiritimati');
    // Nothing of the machine leaks into the output.
    for (const [file, bytes] of first) {
      const text = bytes.toString('utf8');
      for (const leak of [work, ROOT, process.env['HOME'] ?? '/root']) expect(text.includes(leak), `${file} contains ${leak}`).toBe(false);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Stable addresses

type Spec = Record<string, any>;

function example(name: string): Spec {
  return parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8')) as Spec;
}

/** Stack id -> address (`type.name`, `data.type.name`, `output.name`) -> body without "//". */
type Addresses = Map<string, Map<string, string>>;

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== '//') out[k] = strip(v);
    return out;
  }
  return value;
}

function addressesOf(stacks: readonly SynthesizedStack[]): Addresses {
  const out: Addresses = new Map();
  for (const { id, json } of stacks) {
    const map = new Map<string, string>();
    const add = (prefix: string, blocks: TerraformJson['resource']) => {
      for (const [type, byName] of Object.entries(blocks ?? {})) for (const [name, body] of Object.entries(byName)) map.set(`${prefix}${type}.${name}`, JSON.stringify(strip(body)));
    };
    add('', json.resource);
    add('data.', json.data);
    for (const [name, body] of Object.entries(json.output ?? {})) map.set(`output.${name}`, JSON.stringify(strip(body)));
    out.set(id, map);
  }
  return out;
}

function compile(spec: Spec): Addresses {
  const result = checkText(stringify(spec), 'spec.yaml');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.rule} ${d.path}: ${d.message}`)).toEqual([]);
  return addressesOf(synthesizeInMemory(result.model!));
}

/**
 * Existing resources whose body must change when a tier grows or shrinks, and why. A pattern
 * matches `type.name` of the changed resource. Anything not listed here must keep its body.
 */
const EXPECTED_CHANGES: ReadonlyArray<{ readonly address: RegExp; readonly why: string }> = [
  { address: /^aws_cloudwatch_dashboard\./, why: 'the dashboard body is one JSON document with a metric line per instance' },
  { address: /^output\.(instance_ids|private_ips)$/, why: 'outputs map every instance key to its id and private IP' },
  { address: /^output\.(vip_dns_names|vip_target_group_arns)$/, why: 'outputs map every mirror (a HealthShare product) to its VIP' },
  {
    address: /^aws_ssm_parameter\.day_one_(web|app|print)_\d+_file$/,
    why: "day one: a web server's Web Gateway definitions list every application server of its site, an ECP server's merge file every mirror (product) it serves; the parameter updates in place (refarch-apply re-applies it), the instance is untouched",
  },
  {
    address: /^aws_ssm_parameter\.day_one_db_[a-z0-9_]+_file$/,
    why: "day one: a mirror member's merge file sets MaxServerConn (and the memory it implies) to the number of ECP clients of the deployment, both sites' application and print servers (the DR ones connect after a promotion); the parameter updates in place, the instance is untouched",
  },
];

function justified(address: string): boolean {
  return EXPECTED_CHANGES.some((e) => e.address.test(address));
}

interface Delta {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

function delta(before: Map<string, string>, after: Map<string, string>): Delta {
  return {
    added: [...after.keys()].filter((k) => !before.has(k)).sort(),
    removed: [...before.keys()].filter((k) => !after.has(k)).sort(),
    changed: [...before.keys()].filter((k) => after.has(k) && after.get(k) !== before.get(k)).sort(),
  };
}

/** Growing: every stack keeps every address, adds some, changes only justified bodies. */
function expectGrowth(before: Addresses, after: Addresses, label: string, stacks: readonly string[]): void {
  let added = 0;
  expect([...after.keys()], `${label}: stacks`).toEqual(expect.arrayContaining([...before.keys()]));
  for (const [id, map] of before) {
    const d = delta(map, after.get(id) ?? new Map());
    if (process.env['REFARCH_STABILITY_VERBOSE']) console.info(`${label}: ${id} +${d.added.length} added, changed: ${d.changed.join(', ') || 'none'}`);
    expect(d.removed, `${label}: ${id} lost or renamed addresses`).toEqual([]);
    expect(d.changed.filter((a) => !justified(a)), `${label}: ${id} changed existing resources`).toEqual([]);
    if (stacks.includes(id)) {
      expect(d.added.length, `${label}: ${id} added nothing`).toBeGreaterThan(0);
      added += d.added.length;
    }
  }
  expect(added).toBeGreaterThan(0);
}

function grow(spec: Spec, path: string[], by: number, fallback: number): Spec {
  const copy = JSON.parse(JSON.stringify(spec)) as Spec;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] ??= {};
  const last = path[path.length - 1]!;
  node[last] = (node[last] ?? fallback) + by;
  return copy;
}

describe('resource addresses are stable', () => {
  const trakcare = example('trakcare.yaml');
  const healthshare = example('healthshare.yaml');
  const cacheCloud = example('cache-cloud.yaml');
  const minimal = example('minimal.yaml');
  const cache = new Map<Spec, Addresses>();
  const compiled = (spec: Spec): Addresses => {
    if (!cache.has(spec)) cache.set(spec, compile(spec));
    return cache.get(spec)!;
  };

  it.each([
    ['web', trakcare, ['web', 'count'], ['primary', 'dr']],
    ['app', trakcare, ['app', 'count'], ['primary', 'dr']],
    ['print', trakcare, ['print', 'count'], ['primary', 'dr']],
    ['dr.asyncMembers', cacheCloud, ['dr', 'asyncMembers'], ['dr']],
  ] as const)('one more %s server adds resources and renames or rewrites nothing else', (_tier, base, path, stacks) => {
    // DR capacity full, so that one more server reaches the DR site too (reduced keeps half,
    // rounded up, which one more may not change); three DR zones for a third async member.
    const spec = { ...base, dr: { ...base['dr'], capacity: 'full', availabilityZones: ['a', 'b', 'c'].map((z) => `${base['dr'].region}${z}`) } };
    expectGrowth(compiled(spec), compile(grow(spec, [...path], 1, 0)), `${path.join('.')} + 1`, stacks);
  });

  it('one more HealthShare product adds resources and renames or rewrites nothing else', () => {
    const grown = { ...healthshare, products: [...healthshare['products'], { name: 'clinical-viewer' }] };
    expectGrowth(compiled(healthshare), compile(grown), 'products + 1', ['primary', 'dr']);
  });

  it('a new product in the middle of the list renames nothing (addresses follow names, not positions)', () => {
    const products = [...healthshare['products']];
    products.splice(1, 0, { name: 'clinical-viewer' });
    expectGrowth(compiled(healthshare), compile({ ...healthshare, products }), 'product inserted at index 1', ['primary', 'dr']);
  });

  it('adding a DR region renames nothing in the primary stack', () => {
    const withDr = { ...minimal, dr: { region: 'eu-central-1', availabilityZones: ['eu-central-1a', 'eu-central-1b'] } };
    const before = compiled(minimal).get('primary')!;
    const after = compile(withDr).get('primary')!;
    const d = delta(before, after);
    expect(d.removed, 'primary addresses lost or renamed').toEqual([]);
    // The primary must now admit the DR members and copy snapshots there: new resources, or the
    // inherently affected bodies listed in DR_CHANGES.
    expect(d.changed.filter((a) => !DR_CHANGES.some((e) => e.address.test(a)) && !justified(a)), 'primary resources rewritten').toEqual([]);
  });

  it('removing the last web server removes only its own resources', () => {
    const before = compiled(trakcare);
    const fewer = grow(trakcare, ['web', 'count'], -1, 0);
    const after = compile(fewer);
    const last = `web_${trakcare['web'].count}`;
    const d = delta(before.get('primary')!, after.get('primary')!);
    expect(d.removed.length, 'nothing removed').toBeGreaterThan(0);
    expect(d.removed.filter((a) => !a.includes(last)), `removed resources that are not ${last}'s`).toEqual([]);
    expect(d.added, 'removing a server added resources').toEqual([]);
    expect(d.changed.filter((a) => !justified(a)), 'existing resources rewritten').toEqual([]);
  });
});

/** Primary-stack bodies that a new DR site inherently changes, and why. */
const DR_CHANGES: ReadonlyArray<{ readonly address: RegExp; readonly why: string }> = [
  { address: /^aws_dlm_lifecycle_policy\./, why: 'backup.copyToDr (default true): the snapshot policy gains its cross-region copy rule' },
  { address: /^aws_iam_role_policy\.ops_backup_dlm_role_kms$/, why: 'backup.copyToDr: the DLM role may now use the DR key the copies are encrypted with' },
];

// ---------------------------------------------------------------------------------------------
// 3. Zone order does not decide addresses (issue #24)
//
// Zones have slots by name (resolve's zoneSlots): subnets, front-tier servers and DR async members
// follow the zone, whatever its place in `availabilityZones`. The failover pair runs in the first
// two listed zones and the arbiter in the third; which member starts as primary is a day-one
// designation (the first listed zone), so swapping the pair's zones moves no instance and no volume.

/** Bodies a change of the day-one designation (which member starts as primary) rewrites, and why. */
const DESIGNATION_CHANGES: ReadonlyArray<{ readonly address: RegExp; readonly why: string }> = [
  {
    address: /^aws_instance\.servers_db_[a-z0-9_]+$/,
    why: "a member's refarch:mirror-role tag (in-place) and its user data, which lifecycle.ignore_changes keeps Terraform from acting on (it ran at first boot)",
  },
  {
    address: /^aws_ssm_parameter\.day_one_(db_[a-z0-9_]+|app_\d+|print_\d+)_file$/,
    why: 'day one: the members swap FAILOVER1/FAILOVER2 and every other member and ECP client names the designated primary; the parameters update in place',
  },
  {
    address: /^aws_cloudwatch_(dashboard\.ops_mon_dashboard|metric_alarm\.ops_mon_agent_mirror_[a-z0-9_]+_failover_ready)$/,
    why: "monitoring: the failover-ready alarm and dashboard widget list the pair's metrics designated primary first; the same metrics in the other order (in place)",
  },
];

/** Bodies that change in place when a zone is added, and why. */
const ZONE_ADDED_CHANGES: ReadonlyArray<{ readonly address: RegExp; readonly why: string }> = [
  { address: /^aws_lb\.[a-z0-9_]+$/, why: 'a load balancer lists a subnet in every zone of its tier: the new zone is added (in place)' },
  { address: /^aws_vpc_endpoint\.[a-z0-9_]+$/, why: 'interface endpoints get a network interface, and the S3 gateway endpoint a route table, in the new zone (in place)' },
];

describe('zone order does not decide addresses', () => {
  const trakcare = example('trakcare.yaml');
  const withZones = (spec: Spec, zones: string[], drZones?: string[]): Spec => ({ ...spec, availabilityZones: zones, ...(drZones ? { dr: { ...spec['dr'], availabilityZones: drZones } } : {}) });
  const zones = trakcare['availabilityZones'] as string[];
  const drZones = trakcare['dr'].availabilityZones as string[];
  const base = compile(trakcare);

  /** Every stack: same addresses, and only bodies some list justifies have changed. */
  function expectOnly(after: Addresses, lists: ReadonlyArray<ReadonlyArray<{ readonly address: RegExp }>>, label: string): Map<string, string[]> {
    const changedByStack = new Map<string, string[]>();
    for (const [id, map] of base) {
      const d = delta(map, after.get(id)!);
      expect(d.added, `${label}: ${id} added`).toEqual([]);
      expect(d.removed, `${label}: ${id} removed`).toEqual([]);
      expect(d.changed.filter((a) => !lists.some((l) => l.some((e) => e.address.test(a)))), `${label}: ${id} rewrote`).toEqual([]);
      changedByStack.set(id, d.changed);
    }
    return changedByStack;
  }

  it("swapping the failover pair's zones moves no instance and no volume: only the day-one designation changes", () => {
    const swapped = withZones(trakcare, [zones[1]!, zones[0]!, zones[2]!]);
    const changed = expectOnly(compile(swapped), [DESIGNATION_CHANGES], 'pair swapped');
    // No volume, subnet, attachment or DNS record is touched; the designation did change.
    expect(changed.get('primary')).toEqual(expect.arrayContaining(['aws_ssm_parameter.day_one_db_trakcare_primary_file', 'aws_ssm_parameter.day_one_db_trakcare_backup_file']));
    // The member keyed `primary` (first zone by name) is now designated backup, and the other primary.
    const model = checkText(stringify(swapped), 's.yaml').model!;
    const members = model.primary!.instances.filter((i) => i.tier === 'database').map((i) => [i.key, i.az, i.mirrorRole]);
    expect(members).toEqual([
      ['db_trakcare_primary', zones[0], 'backup'],
      ['db_trakcare_backup', zones[1], 'primary'],
    ]);
    expect(model.primary!.mirrors[0]!.primaryKey).toBe('db_trakcare_backup');
    expect(model.primary!.mirrors[0]!.primaryHostName).toMatch(/^db-trakcare-backup\./);
  });

  it('a full reorder that keeps the pair and the arbiter in their zones changes nothing but the designation; the DR list in any order changes nothing', () => {
    // [b, a, c] with the DR zones reversed: the pair swaps, every other server keeps its zone.
    const reordered = withZones(trakcare, [zones[1]!, zones[0]!, zones[2]!], [...drZones].reverse());
    expectOnly(compile(reordered), [DESIGNATION_CHANGES], 'reordered');
    // The DR list alone reversed: byte-identical stacks.
    const drOnly = compile(withZones(trakcare, zones, [...drZones].reverse()));
    for (const [id, map] of base) expect(delta(map, drOnly.get(id)!), id).toEqual({ added: [], removed: [], changed: [] });
  });

  it('a reorder that puts another zone in the pair or under the arbiter really moves those servers (and only them): replacements, never a silent change', () => {
    // [c, b, a]: the pair is now {b, c}, the arbiter in a. Web, app and print servers keep their zones.
    const after = compile(withZones(trakcare, [zones[2]!, zones[1]!, zones[0]!]));
    const d = delta(base.get('primary')!, after.get('primary')!);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    const moved = d.changed.filter((a) => /^aws_(instance|ebs_volume)\./.test(a));
    expect(moved.every((a) => /servers_(db_trakcare_(primary|backup)|arbiter)/.test(a)), moved.join(', ')).toBe(true);
    const json = (a: string) => JSON.parse(after.get('primary')!.get(a)!) as Record<string, unknown>;
    // The arbiter's zone changed: its subnet changes (a replacement in Terraform's plan).
    expect(json('aws_instance.servers_arbiter')['subnet_id']).not.toBe(JSON.parse(base.get('primary')!.get('aws_instance.servers_arbiter')!)['subnet_id']);
    expect(json('aws_ebs_volume.servers_db_trakcare_backup_data')['availability_zone']).toBe(zones[2]);
  });

  it('adding a zone adds its network and moves only the front-tier servers that wrapped around the old zones', () => {
    const region = trakcare['region'] as string;
    const after = compile(withZones(trakcare, [...zones, `${region}d`]));
    for (const [id, map] of base) {
      const d = delta(map, after.get(id)!);
      expect(d.removed, id).toEqual([]);
      const rewritten = d.changed.filter((a) => !ZONE_ADDED_CHANGES.some((e) => e.address.test(a)));
      // trakcare has 4 application servers over 3 zones: app_4 wrapped to the first zone and now
      // takes the fourth (a stateless server replaced). No member, volume or subnet moves.
      expect(rewritten, id).toEqual(id === 'primary' ? ['aws_instance.servers_app_4'] : []);
      if (id === 'primary') expect(d.added).toEqual(expect.arrayContaining(['aws_subnet.network_subnet_data_4', 'aws_nat_gateway.network_nat_4']));
    }
  });

  it('network.zoneOrder: as-listed keeps refarch 0.1\'s positional layout for a list not in name order (the upgrade path for such deployments)', () => {
    // 0.1 placed everything by list position: its output for [b, a, c] is its output for [a, b, c]
    // with the two zone names exchanged. as-listed reproduces exactly that; by-name would not.
    const swapNames = (text: string) => text.replace(/eu-west-1a/g, '\u0000').replace(/eu-west-1b/g, 'eu-west-1a').replace(/\u0000/g, 'eu-west-1b');
    const asListed = (zs: string[]) => compile({ ...withZones(trakcare, zs), network: { ...trakcare['network'], zoneOrder: 'as-listed' } }).get('primary')!;
    const listed = asListed([zones[1]!, zones[0]!, zones[2]!]);
    const inOrder = base.get('primary')!;
    expect([...listed.keys()].sort()).toEqual([...inOrder.keys()].sort());
    const differing = [...inOrder].filter(([address, body]) => swapNames(body) !== listed.get(address)).map(([a]) => a);
    expect(differing).toEqual([]);
    // by-name for the same list keeps the subnets where they are instead (the swap test above).
    expect(compile(withZones(trakcare, [zones[1]!, zones[0]!, zones[2]!])).get('primary')!.get('aws_subnet.network_subnet_data_1')).toBe(inOrder.get('aws_subnet.network_subnet_data_1'));
  });

  it('the spec gives server counts, not lists: a server cannot be removed from the middle, and removing the last is covered above', () => {
    // Servers are `count`s (schema): the only removal the spec can express is the last server of a
    // tier, which 'removing the last web server removes only its own resources' checks.
    const count = (grow(trakcare, ['web', 'count'], -1, 0)['web'] as { count: number }).count;
    expect(count).toBe((trakcare['web'] as { count: number }).count - 1);
  });
});
