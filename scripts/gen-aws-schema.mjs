// Generates test/terraform/aws-schema.json: the hashicorp/aws 6.25.0 schema of every resource and
// data-source type refarch can emit, for the offline stand-in provider the Terraform-in-the-loop
// tests attach to Terraform (test/terraform/provider). Never used by the published CLI.
//
// Source: the bindings refarch already depends on, @cdktf/provider-aws 21.22.1, which cdktf
// generated from the provider 6.25.0 schema. Two parts of the package are read:
//  - the `.jsii` type manifest: per type, the Config interface (configurable arguments; optional
//    or required; nested block structs; a struct type rather than an array = at most one item),
//    and the class getters (an attribute with a getter but no `<name>Input` is computed-only);
//  - the generated JavaScript (`lib/<dir>/index.js`): each `synthesizeHclAttributes` and
//    `<struct>ToHclTerraform` lists every argument with `type: "list" | "set" | "map" | "struct"`,
//    which tells set from list nesting and single-nesting blocks (`timeouts`) from max-1 lists.
// The types: every deep import of @cdktf/provider-aws in src/synth/cdktf.ts (the one module
// through which refarch reaches the bindings), so the list follows what refarch can emit.
// What the bindings cannot tell, and the heuristics used (see test/terraform/README.md):
//  - optional vs optional+computed: an argument is computed too when it is `id`, `tags_all`,
//    or listed in OPTIONAL_COMPUTED below (arguments the real provider computes when unset and
//    that refarch references or leaves unset); otherwise optional only;
//  - the nesting of computed-only nested values (a getter returning a List / OutputReference
//    class) is taken as a list of objects;
//  - sensitive flags, enums, conflicts, formats and defaults are not in the bindings at all.
// Run: npm run gen:aws-schema (about 5 s). A test fails when the committed file is stale.
//
// The newer 6.x schema (test/terraform/aws-schema-6.66.0.json), against which tf:check also checks
// the output, comes the same way from CDK Terrain's @cdktn/provider-aws 25.7.0 (generated from
// hashicorp/aws 6.66.0). That package is ~480 MB unpacked and asks for Node >= 22, so it is not a
// dependency: it is fetched once, unpacked, and read from there, and the generated file is
// committed with its provenance (package, version, tarball integrity, date):
//   npm pack @cdktn/provider-aws@25.7.0 && mkdir cdktn-aws && tar xzf cdktn-provider-aws-25.7.0.tgz -C cdktn-aws
//   node scripts/gen-aws-schema.mjs --package cdktn-aws/package --tarball cdktn-provider-aws-25.7.0.tgz
// (about 10 s; only the .jsii manifest and lib/<type>/index.js of the types refarch imports are read).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The bindings refarch builds with: hashicorp/aws 6.25.0. */
const DEFAULT_PACKAGE = join(root, 'node_modules', '@cdktf', 'provider-aws');

/** Where the schema generated from the bindings package at `pkgDir` is committed. */
export function outFileFor(providerVersion) {
  return join(root, 'test', 'terraform', providerVersion === '6.25.0' ? 'aws-schema.json' : `aws-schema-${providerVersion}.json`);
}

/** The package's name (its jsii fqn prefix) and the hashicorp/aws version it was generated from. */
export function packageInfo(pkgDir) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const provider = readFileSync(join(pkgDir, 'lib', 'provider', 'index.js'), 'utf8');
  const m = /providerVersion: '([0-9.]+)'/.exec(provider);
  if (!m) throw new Error(`no providerVersion in ${pkgDir}/lib/provider/index.js`);
  return { name: pkg.name, version: pkg.version, providerVersion: m[1] };
}

/** Optional arguments the real provider also computes when unset (by type; `*` = every type). */
export const OPTIONAL_COMPUTED = {
  '*': ['id', 'tags_all', 'region'],
  aws_instance: ['private_ip', 'availability_zone', 'associate_public_ip_address', 'ebs_optimized', 'iam_instance_profile', 'key_name', 'monitoring', 'security_groups', 'vpc_security_group_ids', 'subnet_id', 'tenancy', 'placement_group', 'instance_initiated_shutdown_behavior', 'source_dest_check', 'disable_api_stop', 'disable_api_termination', 'cpu_core_count', 'cpu_threads_per_core', 'host_id', 'ipv6_address_count', 'ipv6_addresses', 'secondary_private_ips', 'user_data', 'user_data_base64', 'instance_type'],
  aws_ebs_volume: ['iops', 'throughput', 'kms_key_id', 'size', 'snapshot_id', 'type', 'encrypted'],
  aws_subnet: ['availability_zone', 'availability_zone_id', 'ipv6_cidr_block'],
  aws_vpc: ['enable_dns_support', 'enable_dns_hostnames', 'instance_tenancy', 'ipv6_cidr_block', 'ipv6_cidr_block_network_border_group', 'ipv6_ipam_pool_id'],
  aws_eip: ['domain', 'network_border_group', 'public_ipv4_pool', 'instance', 'network_interface', 'associate_with_private_ip'],
  aws_nat_gateway: ['private_ip', 'connectivity_type', 'secondary_private_ip_addresses', 'secondary_private_ip_address_count', 'availability_mode'],
  aws_route_table: ['route', 'propagating_vgws'],
  aws_security_group: ['name', 'name_prefix', 'ingress', 'egress', 'description'],
  aws_default_security_group: ['ingress', 'egress'],
  aws_lb: ['name', 'name_prefix', 'security_groups', 'subnets', 'ip_address_type', 'internal', 'load_balancer_type', 'enable_deletion_protection', 'drop_invalid_header_fields', 'idle_timeout', 'preserve_host_header', 'enable_http2'],
  aws_lb_target_group: ['name', 'name_prefix', 'target_type', 'protocol_version', 'deregistration_delay', 'slow_start', 'load_balancing_algorithm_type', 'lambda_multi_value_headers_enabled', 'proxy_protocol_v2', 'ip_address_type', 'connection_termination'],
  aws_lb_listener: ['ssl_policy', 'protocol', 'port'],
  aws_elb: ['name', 'availability_zones', 'instances', 'security_groups', 'subnets', 'internal', 'source_security_group'],
  aws_kms_key: ['policy', 'description', 'key_usage', 'customer_master_key_spec', 'multi_region', 'is_enabled', 'enable_key_rotation', 'rotation_period_in_days'],
  aws_kms_alias: ['name'],
  aws_iam_role: ['name', 'name_prefix', 'managed_policy_arns', 'inline_policy', 'path', 'description', 'max_session_duration'],
  aws_iam_role_policy: ['name'],
  aws_iam_instance_profile: ['name', 'role', 'path'],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'acceleration_status', 'acl', 'policy', 'request_payer', 'object_lock_enabled'],
  aws_efs_file_system: ['creation_token', 'encrypted', 'kms_key_id', 'performance_mode', 'throughput_mode', 'availability_zone_name'],
  aws_efs_mount_target: ['ip_address', 'security_groups'],
  aws_flow_log: ['log_destination', 'log_group_name', 'log_format', 'max_aggregation_interval', 'deliver_cross_account_role'],
  aws_cloudwatch_log_group: ['name', 'name_prefix', 'kms_key_id', 'log_group_class'],
  aws_route53_zone: ['comment', 'force_destroy'],
  aws_route53_record: ['allow_overwrite', 'multivalue_answer_routing_policy'],
  aws_route53_health_check: ['insufficient_data_health_status', 'ip_address', 'port', 'request_interval', 'search_string', 'enable_sni'],
  aws_vpc_endpoint: ['policy', 'route_table_ids', 'subnet_ids', 'security_group_ids', 'private_dns_enabled', 'ip_address_type', 'vpc_endpoint_type', 'dns_options'],
  aws_vpc_peering_connection: ['peer_owner_id', 'peer_region', 'accept_status'],
  aws_vpc_peering_connection_accepter: ['peer_owner_id', 'peer_region', 'peer_vpc_id', 'vpc_id', 'accepter', 'requester'],
  aws_vpn_gateway: ['amazon_side_asn', 'vpc_id', 'availability_zone'],
  aws_vpn_connection: ['tunnel1_inside_cidr', 'tunnel2_inside_cidr', 'tunnel1_preshared_key', 'tunnel2_preshared_key', 'static_routes_only', 'local_ipv4_network_cidr', 'remote_ipv4_network_cidr', 'outside_ip_address_type', 'enable_acceleration'],
  aws_sns_topic: ['name', 'name_prefix', 'policy', 'delivery_policy', 'signature_version', 'tracing_config', 'fifo_throughput_scope'],
  aws_sns_topic_subscription: ['filter_policy_scope', 'confirmation_timeout_in_minutes'],
  aws_backup_vault: ['kms_key_arn'],
  aws_backup_selection: ['not_resources', 'resources'],
  aws_ssm_document: ['document_format', 'version_name', 'target_type'],
  aws_dlm_lifecycle_policy: ['execution_role_arn', 'policy_details', 'state', 'default_policy'],
  aws_customer_gateway: ['certificate_arn', 'device_name', 'ip_address', 'bgp_asn', 'bgp_asn_extended'],
  aws_vpc_security_group_ingress_rule: [],
  aws_vpc_security_group_egress_rule: [],
  aws_cloudwatch_metric_alarm: ['treat_missing_data', 'evaluate_low_sample_count_percentiles'],
  aws_s3_bucket_versioning: ['expected_bucket_owner'],
  aws_s3_bucket_lifecycle_configuration: ['transition_default_minimum_object_size'],
  aws_load_balancer_policy: [],
  aws_lb_cookie_stickiness_policy: ['cookie_expiration_period'],
  aws_efs_backup_policy: [],
  // Data sources: every look-up argument that is echoed back (filters are blocks, untouched).
  'data:*': ['id', 'region', 'tags', 'name', 'arn', 'state', 'vpc_id', 'cidr_block', 'default', 'availability_zone', 'availability_zone_id', 'subnet_id', 'load_balancer_type', 'zone_id', 'private_zone', 'dhcp_options_id', 'target_key_id', 'target_key_arn', 'route_table_id', 'gateway_id', 'owner_id', 'with_decryption', 'version', 'json', 'account_id', 'user_id', 'partition', 'dns_suffix', 'endpoint', 'description'],
};

const lcfirst = (s) => s[0].toLowerCase() + s.slice(1);
const camel = (dir) => dir.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

function hclInfo(js) {
  // Splits the generated JS into sections (one per struct function / class method) and reads the
  // `attr: { value: ..., isBlock: x, type: "y", storageClassType: "z" }` entries of each.
  const sections = new Map();
  const starts = [...js.matchAll(/^function (\w+)ToHclTerraform\(struct\)|^\s+synthesizeHclAttributes\(\) \{/gm)];
  starts.forEach((m, i) => {
    const body = js.slice(m.index, i + 1 < starts.length ? starts[i + 1].index : js.length);
    const key = m[1] ?? '__class__';
    const attrs = {};
    for (const a of body.matchAll(/^\s+(\w+): \{\s*\n\s*value: [^\n]*\n\s*isBlock: (true|false),\s*\n\s*type: "(\w+)",/gm)) attrs[a[1]] = { isBlock: a[2] === 'true', type: a[3] };
    if (!sections.has(key)) sections.set(key, attrs);
  });
  return sections;
}

export function generate(pkgDir = DEFAULT_PACKAGE, provenance = {}) {
  const { name: pkgName, version: pkgVersion, providerVersion } = packageInfo(pkgDir);
  const jsii = JSON.parse(readFileSync(join(pkgDir, '.jsii'), 'utf8'));
  /** The core library's jsii name: cdktf, or cdktn for CDK Terrain's bindings. */
  const core = pkgName.startsWith('@cdktn/') ? 'cdktn' : 'cdktf';
  const T = jsii.types;
  const src = readFileSync(join(root, 'src', 'synth', 'cdktf.ts'), 'utf8');
  const imports = [...src.matchAll(/export \{ (\w+)[^}]*\} from '@cdkt[fn]\/provider-aws\/lib\/([\w-]+)'/g)].map((m) => ({ cls: m[1], dir: m[2] }));

  const snake = (prop) => {
    const m = /#([a-z0-9_]+) /.exec(`${prop.docs?.summary ?? ''} ${prop.docs?.remarks ?? ''}`);
    if (!m) throw new Error(`no terraform name for ${prop.name}`);
    return m[1];
  };
  const primitive = (t) => {
    if (t.union) return primitive(t.union.types.find((u) => u.fqn !== `${core}.IResolvable`));
    if (t.primitive === 'boolean') return 'bool';
    if (t.primitive === 'string' || t.primitive === 'number') return t.primitive;
    if (t.primitive === 'any' || t.primitive === 'json') return 'dynamic';
    return undefined;
  };
  const getterType = (t, ns) => {
    if (t.union) t = t.union.types.find((u) => u.fqn !== `${core}.IResolvable`);
    const p = primitive(t);
    if (p) return p;
    if (t.collection) {
      const el = getterType(t.collection.elementtype, ns);
      return [t.collection.kind === 'map' ? 'map' : 'list', el];
    }
    const fqn = t.fqn;
    // cdktf types computed booleans as IResolvable (getBooleanAttribute).
    if (fqn === `${core}.IResolvable`) return 'bool';
    const simple = { [`${core}.StringMap`]: ['map', 'string'], [`${core}.NumberMap`]: ['map', 'number'], [`${core}.BooleanMap`]: ['map', 'bool'], [`${core}.AnyMap`]: ['map', 'dynamic'], [`${core}.StringMapList`]: ['list', ['map', 'string']], [`${core}.NumberMapList`]: ['list', ['map', 'number']], [`${core}.BooleanMapList`]: ['list', ['map', 'bool']], [`${core}.AnyMapList`]: ['list', ['map', 'dynamic']], [`${core}.StringListList`]: ['list', ['list', 'string']], [`${core}.NumberListList`]: ['list', ['list', 'number']] };
    if (simple[fqn]) return simple[fqn];
    const base = fqn.replace(/(OutputReference|List|Map)$/, '');
    const outRef = T[`${base}OutputReference`];
    if (!outRef) throw new Error(`unknown getter type ${fqn}`);
    const obj = {};
    for (const p of outRef.properties ?? []) {
      if (p.static || p.name.endsWith('Input') || p.name === 'internalValue') continue;
      obj[toSnake(p.name)] = getterType(p.type, ns);
    }
    if (fqn.endsWith('Map')) return ['map', ['object', obj]];
    return ['list', ['object', obj]];
  };
  const toSnake = (n) => n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/([a-z])(\d)/g, '$1$2');

  /** A block (schema Block) from a config struct, its output-reference getters, and JS HCL info. */
  const block = (structFqn, getterFqn, hcl, hclKey, computedNames) => {
    const struct = T[structFqn];
    const info = hcl.get(hclKey) ?? {};
    const attributes = [];
    const blockTypes = [];
    const configured = new Set();
    for (const p of struct.properties ?? []) {
      const name = snake(p);
      configured.add(p.name);
      const t = p.type.union ? p.type.union.types.find((u) => u.fqn !== `${core}.IResolvable`) : p.type;
      const structOf = t.fqn && T[t.fqn]?.kind === 'interface' ? t.fqn : t.union ? undefined : t.collection?.elementtype?.fqn && T[t.collection.elementtype.fqn]?.kind === 'interface' ? t.collection.elementtype.fqn : undefined;
      if (structOf) {
        const nestedHclKey = lcfirst(structOf.split('.').pop());
        const kind = info[name]?.type;
        const single = !!t.fqn;
        const nesting = kind === 'struct' ? 'single' : kind === 'set' ? 'set' : 'list';
        const nested = block(structOf, `${structOf}OutputReference`, hcl, nestedHclKey, computedNames);
        blockTypes.push({ name, nesting, min_items: nesting === 'single' ? 0 : p.optional ? 0 : 1, max_items: nesting === 'single' ? 0 : single ? 1 : 0, block: nested });
        continue;
      }
      let type = primitive(t);
      if (!type && t.collection) {
        const el = primitive(t.collection.elementtype) ?? getterType(t.collection.elementtype);
        type = t.collection.kind === 'map' ? ['map', el] : [info[name]?.type === 'set' ? 'set' : 'list', el];
      }
      if (!type) type = getterType(t);
      const computed = computedNames.has(name);
      attributes.push(p.optional ? { name, type, optional: true, ...(computed ? { computed: true } : {}) } : { name, type, required: true });
    }
    const getters = T[getterFqn];
    for (const p of getters?.properties ?? []) {
      if (p.static || p.name.endsWith('Input') || p.name === 'internalValue' || configured.has(p.name)) continue;
      if ((getters.properties ?? []).some((q) => q.name === `${p.name}Input`)) continue;
      attributes.push({ name: toSnake(p.name), type: getterType(p.type), computed: true });
    }
    attributes.sort((a, b) => a.name.localeCompare(b.name));
    blockTypes.sort((a, b) => a.name.localeCompare(b.name));
    return { attributes, block_types: blockTypes };
  };

  const out = { resources: {}, data_sources: {} };
  const jsCache = new Map();
  for (const { cls, dir } of imports) {
    const ns = camel(dir);
    const fqn = `${pkgName}.${ns}.${cls}`;
    const klass = T[fqn];
    if (!klass) throw new Error(`no jsii type ${fqn}`);
    const js = jsCache.get(dir) ?? readFileSync(join(pkgDir, 'lib', dir, 'index.js'), 'utf8');
    jsCache.set(dir, js);
    const hcl = hclInfo(js);
    if (cls === 'AwsProvider') {
      out.provider = block(`${fqn}Config`, undefined, hcl, '__class__', new Set());
      continue;
    }
    const m = /\/docs\/(resources|data-sources)\/\w+ (aws_\w+)\}/.exec(klass.docs.summary);
    if (!m) throw new Error(`no terraform type for ${fqn}`);
    const [, kind, tfType] = m;
    const isData = kind === 'data-sources';
    const computedNames = new Set([...(OPTIONAL_COMPUTED[isData ? 'data:*' : '*'] ?? []), ...(OPTIONAL_COMPUTED[tfType] ?? [])]);
    const b = block(`${fqn}Config`, fqn, hcl, '__class__', computedNames);
    (isData ? out.data_sources : out.resources)[tfType] = b;
  }
  const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return {
    $comment: `GENERATED by scripts/gen-aws-schema.mjs (npm run gen:aws-schema) from ${pkgName} ${pkgVersion} (hashicorp/aws ${providerVersion}): .jsii manifest + generated JS HCL metadata. Heuristics and limits: test/terraform/README.md. Do not edit.`,
    provider_address: 'registry.terraform.io/hashicorp/aws',
    provider_version: providerVersion,
    bindings_version: pkgVersion,
    ...(pkgName === '@cdktf/provider-aws' ? {} : { bindings_package: pkgName, ...provenance }),
    provider: out.provider,
    resources: sorted(out.resources),
    data_sources: sorted(out.data_sources),
  };
}

export function render(pkgDir = DEFAULT_PACKAGE, provenance = {}) {
  return `${JSON.stringify(generate(pkgDir, provenance), null, 1)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (flag) => {
    const i = process.argv.indexOf(flag);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const pkgDir = arg('--package') ? resolve(arg('--package')) : DEFAULT_PACKAGE;
  const tarball = arg('--tarball');
  const provenance = tarball
    ? {
        tarball: `https://registry.npmjs.org/${packageInfo(pkgDir).name}/-/${packageInfo(pkgDir).name.split('/').pop()}-${packageInfo(pkgDir).version}.tgz`,
        tarball_sha512: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
        generated: new Date().toISOString().slice(0, 10),
      }
    : {};
  const text = render(pkgDir, provenance);
  const outFile = outFileFor(packageInfo(pkgDir).providerVersion);
  writeFileSync(outFile, text);
  const s = JSON.parse(text);
  console.log(`wrote ${outFile}: ${Object.keys(s.resources).length} resource types, ${Object.keys(s.data_sources).length} data sources, ${text.length} bytes`);
}
