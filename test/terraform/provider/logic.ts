// What the stand-in hashicorp/aws does with values: plan, apply, read, data-source answers and the
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// plan-time checks. Pure functions over cty values (values.ts) and the committed schema; the gRPC
// side is server.ts. Every behaviour here is listed in test/terraform/README.md.
import { createHash } from 'node:crypto';
import { FORCE_NEW } from '../../../src/catalog/force-new';
import { clone, equal, hasUnknown, isObj, stableText, UNKNOWN, type Obj, type Value } from './values';

export type CtyType = string | [string, CtyType] | ['object', Record<string, CtyType>];
export interface AttributeSchema { name: string; type: CtyType; required?: boolean; optional?: boolean; computed?: boolean }
export interface BlockSchema { attributes: AttributeSchema[]; block_types: NestedBlockSchema[] }
export interface NestedBlockSchema { name: string; nesting: 'single' | 'list' | 'set'; min_items: number; max_items: number; block: BlockSchema }
export interface AwsSchema { provider: BlockSchema; resources: Record<string, BlockSchema>; data_sources: Record<string, BlockSchema> }

/** What ConfigureProvider said, per provider instance (per gRPC connection). */
export interface ProviderConfig { region: string; defaultTags: Record<string, string> }
export const DEFAULT_PROVIDER: ProviderConfig = { region: 'us-east-1', defaultTags: {} };
export const ACCOUNT_ID = '123456789012';

export interface Diagnostic { severity: 'error' | 'warning'; summary: string; detail: string; path?: string[] }

/**
 * Arguments whose change forces a new resource in the real provider (ForceNew / RequiresReplace):
 * the catalog table refarch diff reads too (src/catalog/force-new.ts, read from the provider's
 * source). Plan answers `requires_replace` for them; a nested `block.argument` is answered at the
 * block (Terraform accepts a path to the whole block).
 */
export const REQUIRES_REPLACE: Record<string, readonly string[]> = Object.fromEntries(Object.entries(FORCE_NEW).map(([type, row]) => [type, row.forceNew]));

const hash = (s: string, n = 17): string => createHash('sha256').update(s).digest('hex').slice(0, n);

// ---------------------------------------------------------------------------------------------
// Plan-time checks (ValidateResourceConfig / ValidateDataResourceConfig). Only known values are
// checked, as the real provider does; each rule mirrors a validator of provider 6.25.0.
type Check = (v: Value) => string | undefined;
const oneOf = (...allowed: string[]): Check => (v) => (typeof v === 'string' && !allowed.includes(v) ? `expected one of [${allowed.join(', ')}], got ${JSON.stringify(v)}` : undefined);
const maxLen = (n: number): Check => (v) => (typeof v === 'string' && v.length > n ? `expected length of ${JSON.stringify(v)} to be in the range (1 - ${n}), got ${v.length}` : undefined);
const lbName: Check = (v) => maxLen(32)(v) ?? (typeof v === 'string' && !/^[0-9A-Za-z-]+$/.test(v) ? `only alphanumeric characters and hyphens allowed in "name": ${JSON.stringify(v)}` : undefined) ?? (typeof v === 'string' && (v.startsWith('-') || v.endsWith('-')) ? `"name" cannot begin or end with a hyphen: ${JSON.stringify(v)}` : undefined);
const cidr: Check = (v) => (typeof v === 'string' && !/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(v) ? `${JSON.stringify(v)} is not a valid IPv4 CIDR block` : undefined);
const port: Check = (v) => (typeof v === 'number' && (v < 0 || v > 65535 || !Number.isInteger(v)) ? `expected port to be in the range (0 - 65535), got ${v}` : undefined);
const jsonText: Check = (v) => {
  if (typeof v !== 'string') return undefined;
  try { JSON.parse(v); return undefined; } catch (e) { return `${JSON.stringify(v.slice(0, 40))}... contains an invalid JSON: ${(e as Error).message}`; }
};
export const CHECKS: Record<string, Record<string, Check>> = {
  aws_lb: { name: lbName, load_balancer_type: oneOf('application', 'network', 'gateway'), ip_address_type: oneOf('ipv4', 'dualstack', 'dualstack-without-public-ipv4') },
  aws_lb_target_group: { name: lbName, protocol: oneOf('GENEVE', 'HTTP', 'HTTPS', 'TCP', 'TCP_UDP', 'TLS', 'UDP', 'QUIC', 'TCP_QUIC'), target_type: oneOf('instance', 'ip', 'lambda', 'alb'), port },
  aws_lb_listener: { protocol: oneOf('GENEVE', 'HTTP', 'HTTPS', 'TCP', 'TCP_UDP', 'TLS', 'UDP', 'QUIC', 'TCP_QUIC'), port },
  aws_elb: { name: (v) => maxLen(32)(v) },
  aws_vpc: { cidr_block: cidr, instance_tenancy: oneOf('default', 'dedicated') },
  aws_subnet: { cidr_block: cidr },
  aws_ebs_volume: { type: oneOf('standard', 'gp2', 'gp3', 'io1', 'io2', 'sc1', 'st1') },
  aws_instance: { tenancy: oneOf('default', 'dedicated', 'host') },
  aws_security_group: { name: maxLen(255), description: maxLen(255) },
  aws_vpc_security_group_ingress_rule: { cidr_ipv4: cidr, ip_protocol: (v) => (typeof v === 'string' && !/^(-1|tcp|udp|icmp|icmpv6|all|\d+)$/.test(v) ? `invalid ip_protocol ${JSON.stringify(v)}` : undefined), from_port: port, to_port: (v) => (typeof v === 'number' && (v < -1 || v > 65535) ? `expected to_port to be in the range (-1 - 65535), got ${v}` : undefined) },
  aws_vpc_security_group_egress_rule: { cidr_ipv4: cidr },
  aws_route: { destination_cidr_block: cidr },
  aws_kms_alias: { name: (v) => (typeof v === 'string' && !/^alias\/[a-zA-Z0-9/_-]+$/.test(v) ? `must begin with 'alias/' and be comprised of only [a-zA-Z0-9/_-], got ${JSON.stringify(v)}` : undefined) },
  aws_kms_key: { policy: jsonText, deletion_window_in_days: (v) => (typeof v === 'number' && (v < 7 || v > 30) ? `expected deletion_window_in_days to be in the range (7 - 30), got ${v}` : undefined) },
  aws_iam_role: { assume_role_policy: jsonText, name: maxLen(64) },
  aws_iam_role_policy: { policy: jsonText },
  aws_s3_bucket: { bucket: (v) => (typeof v === 'string' && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) ? `invalid bucket name ${JSON.stringify(v)}` : undefined) },
  aws_s3_bucket_policy: { policy: jsonText },
  aws_cloudwatch_dashboard: { dashboard_body: jsonText },
  aws_cloudwatch_metric_alarm: { comparison_operator: oneOf('GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold', 'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'), treat_missing_data: oneOf('missing', 'ignore', 'breaching', 'notBreaching'), statistic: oneOf('SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum') },
  aws_route53_record: { type: oneOf('A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT') },
  aws_route53_health_check: { type: oneOf('HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP', 'CALCULATED', 'CLOUDWATCH_METRIC', 'RECOVERY_CONTROL') },
  aws_sns_topic_subscription: { protocol: oneOf('application', 'email', 'email-json', 'firehose', 'http', 'https', 'lambda', 'sms', 'sqs') },
  aws_flow_log: { traffic_type: oneOf('ACCEPT', 'REJECT', 'ALL'), log_destination_type: oneOf('cloud-watch-logs', 's3', 'kinesis-data-firehose') },
  aws_ssm_document: { document_type: oneOf('Command', 'Policy', 'Automation', 'Session', 'Package', 'ApplicationConfiguration', 'ApplicationConfigurationSchema', 'DeploymentStrategy', 'ChangeCalendar', 'Automation.ChangeTemplate', 'ProblemAnalysis', 'ProblemAnalysisTemplate', 'CloudFormation', 'ConformancePackTemplate', 'QuickSetup'), document_format: oneOf('YAML', 'JSON', 'TEXT') },
  aws_volume_attachment: { device_name: (v) => (typeof v === 'string' && !/^\/dev\/(sd[b-z]|xvd[b-z]{1,2})$/.test(v) ? `unexpected device name ${JSON.stringify(v)}` : undefined) },
};

export function validate(type: string, config: Value): Diagnostic[] {
  const rules = CHECKS[type];
  if (!rules || !isObj(config)) return [];
  const out: Diagnostic[] = [];
  for (const [attr, check] of Object.entries(rules)) {
    const v = config[attr];
    if (v === null || v === undefined || v === UNKNOWN) continue;
    const problem = check(v);
    if (problem) out.push({ severity: 'error', summary: `invalid value for ${attr}`, detail: problem, path: [attr] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plan

function tagsAll(config: Obj, provider: ProviderConfig): Value {
  const tags = config['tags'];
  if (tags === UNKNOWN || (isObj(tags) && hasUnknown(tags))) return UNKNOWN;
  const merged: Obj = { ...provider.defaultTags, ...(isObj(tags) ? tags : {}) };
  return merged;
}

/** Unset computed attributes of a new object (and of its nested blocks) become unknown. */
function unknownComputed(block: BlockSchema, planned: Obj, config: Obj | null): void {
  for (const a of block.attributes) {
    if (!a.computed) continue;
    const c = config ? config[a.name] : null;
    if ((c === null || c === undefined) && (planned[a.name] === null || planned[a.name] === undefined)) planned[a.name] = UNKNOWN;
  }
  for (const nb of block.block_types) {
    const p = planned[nb.name];
    const c = config ? config[nb.name] : null;
    if (nb.nesting === 'single') {
      if (isObj(p)) unknownComputed(nb.block, p, isObj(c) ? c : null);
    } else if (Array.isArray(p)) {
      p.forEach((el, i) => { if (isObj(el)) unknownComputed(nb.block, el, Array.isArray(c) && isObj(c[i]) ? (c[i] as Obj) : null); });
    }
  }
}

/** `argument` of a nested block's first (only) item: blocks arrive as a list or a single object. */
/** Every value at a nested path below a block (each item of a repeated block), as the provider compares it. */
function nestedValues(block: Value | undefined, path: readonly string[]): Value[] {
  if (Array.isArray(block)) return block.flatMap((item) => nestedValues(item, path));
  if (path.length === 0) return block === undefined ? [] : [block];
  if (!isObj(block)) return [];
  const [key, ...rest] = path as [string, ...string[]];
  return nestedValues(block[key], rest);
}

export interface PlanResult { planned: Value; requiresReplace: string[][] }

export function plan(type: string, schema: BlockSchema, prior: Value, proposed: Value, config: Value, provider: ProviderConfig): PlanResult {
  if (proposed === null || !isObj(proposed)) return { planned: null, requiresReplace: [] };
  const planned: Obj = clone(proposed);
  const cfg = isObj(config) ? config : {};
  const create = !isObj(prior);
  if (create) unknownComputed(schema, planned, cfg);
  if (schema.attributes.some((a) => a.name === 'tags_all') && (cfg['tags_all'] === null || cfg['tags_all'] === undefined)) planned['tags_all'] = tagsAll(cfg, provider);
  const requiresReplace: string[][] = [];
  if (!create) {
    for (const attr of REQUIRES_REPLACE[type] ?? []) {
      const [head, ...nested] = attr.split('.') as [string, ...string[]];
      if (!(head in planned)) continue;
      if (nested.length === 0 ? !equal(prior[head], planned[head]) : !equal(nestedValues(prior[head], nested), nestedValues(planned[head], nested))) {
        if (!requiresReplace.some((p) => p[0] === head)) requiresReplace.push([head]);
      }
    }
  }
  return { planned, requiresReplace };
}

// ---------------------------------------------------------------------------------------------
// Apply: every unknown gets a deterministic invented value.

const ID_PREFIX: Record<string, string> = {
  aws_vpc: 'vpc', aws_subnet: 'subnet', aws_instance: 'i', aws_security_group: 'sg', aws_default_security_group: 'sg', aws_internet_gateway: 'igw',
  aws_nat_gateway: 'nat', aws_eip: 'eipalloc', aws_route_table: 'rtb', aws_route_table_association: 'rtbassoc', aws_ebs_volume: 'vol',
  aws_vpc_endpoint: 'vpce', aws_flow_log: 'fl', aws_vpc_peering_connection: 'pcx', aws_vpc_peering_connection_accepter: 'pcx', aws_vpc_peering_connection_options: 'pcx',
  aws_customer_gateway: 'cgw', aws_vpn_gateway: 'vgw', aws_vpn_connection: 'vpn', aws_efs_file_system: 'fs', aws_efs_mount_target: 'fsmt',
  aws_vpc_security_group_ingress_rule: 'sgr', aws_vpc_security_group_egress_rule: 'sgr', aws_route_tables: 'rtb', aws_route_table_data: 'rtb',
  aws_volume_attachment: 'vai', aws_route: 'r', aws_dlm_lifecycle_policy: 'policy', aws_route53_health_check: 'hc', aws_ec2_managed_prefix_list: 'pl',
};
/** Resource types whose id is one of their own arguments (as in the real provider). */
const ID_FROM: Record<string, string> = {
  aws_iam_role: 'name', aws_iam_instance_profile: 'name', aws_s3_bucket: 'bucket', aws_cloudwatch_log_group: 'name', aws_kms_alias: 'name',
  aws_elb: 'name', aws_ssm_document: 'name', aws_backup_vault: 'name', aws_s3_bucket_policy: 'bucket', aws_s3_bucket_public_access_block: 'bucket',
  aws_s3_bucket_versioning: 'bucket', aws_s3_bucket_server_side_encryption_configuration: 'bucket', aws_s3_bucket_lifecycle_configuration: 'bucket',
  aws_s3_bucket_ownership_controls: 'bucket', aws_cloudwatch_dashboard: 'dashboard_name', aws_cloudwatch_metric_alarm: 'alarm_name', aws_efs_backup_policy: 'file_system_id',
  aws_ssm_parameter: 'name', aws_route53_zone_data: 'zone_id',
};
const ID_IS_ARN = new Set(['aws_lb', 'aws_lb_target_group', 'aws_lb_listener', 'aws_sns_topic', 'aws_sns_topic_subscription']);
const SERVICE: Record<string, string> = { aws_lb: 'elasticloadbalancing', aws_lb_target_group: 'elasticloadbalancing', aws_lb_listener: 'elasticloadbalancing', aws_elb: 'elasticloadbalancing', aws_iam_role: 'iam', aws_iam_instance_profile: 'iam', aws_s3_bucket: 's3', aws_kms_key: 'kms', aws_kms_alias: 'kms', aws_sns_topic: 'sns', aws_cloudwatch_log_group: 'logs', aws_backup_vault: 'backup', aws_backup_plan: 'backup', aws_efs_file_system: 'elasticfilesystem', aws_route53_zone: 'route53', aws_route53_health_check: 'route53', aws_ssm_document: 'ssm', aws_ssm_parameter: 'ssm', aws_cloudwatch_metric_alarm: 'cloudwatch', aws_dlm_lifecycle_policy: 'dlm' };

export interface FillContext { type: string; seed: string; provider: ProviderConfig; path: string[] }

function ipFrom(h: string): string {
  const n = parseInt(h.slice(0, 6), 16);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${(n & 253) + 2}`;
}

function fillString(name: string, ctx: FillContext, owner: Obj): string {
  const h = hash(`${ctx.seed}/${ctx.path.join('.')}/${name}`);
  const { type, provider } = ctx;
  const svc = SERVICE[type] ?? 'ec2';
  if (name === 'id' && ctx.path.length === 0) {
    const from = ID_FROM[type];
    if (from && typeof owner[from] === 'string') return owner[from] as string;
    if (ID_IS_ARN.has(type)) return arnOf(type, svc, provider, h);
    if (type === 'aws_kms_key') return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(12, 15)}-8${h.slice(0, 3)}-${h.slice(3, 15)}`;
    if (type === 'aws_route53_zone') return `Z${h.toUpperCase().slice(0, 13)}`;
    return `${ID_PREFIX[type] ?? type.replace(/^aws_/, '').replace(/_/g, '-')}-${h}`;
  }
  if (name === 'arn' && ctx.path.length === 0 && ID_IS_ARN.has(type) && typeof owner['id'] === 'string') return owner['id'] as string;
  if (name === 'arn' || name.endsWith('_arn')) return arnOf(type, svc, provider, typeof owner['id'] === 'string' && ctx.path.length === 0 && !ID_IS_ARN.has(type) ? (owner['id'] as string) : h);
  if (name === 'region') return provider.region;
  if (name === 'availability_zone') return `${provider.region}a`;
  if (name === 'availability_zone_id') return `${provider.region.slice(0, 3)}-az1`;
  if (name.endsWith('owner_id') || name === 'account_id') return ACCOUNT_ID;
  if (/(^|_)ip$|ip_address$|_ip$/.test(name)) return ipFrom(h);
  if (name === 'dns_name' || name.endsWith('_dns') || name.endsWith('dns_name')) return `fake-${h.slice(0, 10)}.${provider.region}.elb.amazonaws.com`;
  if (name === 'zone_id' || name.endsWith('hosted_zone_id')) return `Z${h.toUpperCase().slice(0, 13)}`;
  if (name === 'arn_suffix') return `app/fake/${h.slice(0, 16)}`;
  if (name.endsWith('cidr_block')) return '10.250.0.0/16';
  if (name === 'json' || name === 'policy' || name.endsWith('_policy')) return '{}';
  if (name === 'state' || name === 'status') return 'available';
  if (name.endsWith('_id')) return `${name.replace(/_id$/, '').replace(/_/g, '')}-${h}`;
  return `fake-${h.slice(0, 12)}`;
}

function arnOf(type: string, svc: string, provider: ProviderConfig, id: string): string {
  const global = svc === 'iam' || svc === 'route53' || svc === 's3';
  return `arn:aws:${svc}:${global ? '' : provider.region}:${svc === 's3' ? '' : ACCOUNT_ID}:${type.replace(/^aws_/, '').replace(/_/g, '-')}/${id}`;
}

function fillType(t: CtyType, name: string, ctx: FillContext, owner: Obj): Value {
  if (t === 'string') return fillString(name, ctx, owner);
  if (t === 'number') return name === 'version' ? 1 : 0;
  if (t === 'bool') return false;
  if (Array.isArray(t) && (t[0] === 'list' || t[0] === 'set')) return [];
  if (Array.isArray(t) && t[0] === 'map') return name === 'tags_all' ? mergeTags(owner, ctx.provider) : {};
  if (Array.isArray(t) && t[0] === 'object') {
    const o: Obj = {};
    for (const [k, kt] of Object.entries(t[1] as Record<string, CtyType>)) o[k] = fillType(kt, k, { ...ctx, path: [...ctx.path, name] }, o);
    return o;
  }
  return null;
}

function mergeTags(owner: Obj, provider: ProviderConfig): Obj {
  return { ...provider.defaultTags, ...(isObj(owner['tags']) ? (owner['tags'] as Obj) : {}) };
}

/** Replaces unknowns (whole or inside collections) by invented values of the attribute's type. */
function resolveUnknown(v: Value, t: CtyType, name: string, ctx: FillContext, owner: Obj): Value {
  if (v === UNKNOWN) return fillType(t, name, ctx, owner);
  if (Array.isArray(v) && Array.isArray(t) && (t[0] === 'list' || t[0] === 'set')) return v.map((el, i) => resolveUnknown(el, t[1] as CtyType, name, { ...ctx, path: [...ctx.path, `${name}[${i}]`] }, owner));
  if (isObj(v) && Array.isArray(t) && t[0] === 'map') return Object.fromEntries(Object.entries(v).map(([k, el]) => [k, resolveUnknown(el, t[1] as CtyType, k, ctx, owner)]));
  if (isObj(v) && Array.isArray(t) && t[0] === 'object') {
    const o: Obj = {};
    for (const [k, kt] of Object.entries(t[1] as Record<string, CtyType>)) o[k] = resolveUnknown(v[k] ?? null, kt, k, { ...ctx, path: [...ctx.path, name] }, v);
    return o;
  }
  return v;
}

function resolveBlock(block: BlockSchema, obj: Obj, ctx: FillContext): void {
  // ids first (arns quote them), then the rest.
  const attrs = [...block.attributes].sort((a, b) => (a.name === 'id' ? -1 : b.name === 'id' ? 1 : 0));
  for (const a of attrs) obj[a.name] = resolveUnknown(obj[a.name] ?? null, a.type, a.name, ctx, obj);
  for (const nb of block.block_types) {
    const v = obj[nb.name];
    if (v === UNKNOWN) obj[nb.name] = nb.nesting === 'single' ? null : [];
    else if (isObj(v)) resolveBlock(nb.block, v, { ...ctx, path: [...ctx.path, nb.name] });
    else if (Array.isArray(v)) v.forEach((el, i) => { if (isObj(el)) resolveBlock(nb.block, el, { ...ctx, path: [...ctx.path, `${nb.name}[${i}]`] }); });
  }
}

/**
 * What AWS answers to deleting a guarded object, as the real provider passes it on: a load balancer
 * with deletion protection (ELB DeleteLoadBalancer: OperationNotPermitted). Undefined: deleted.
 */
export function deleteRefusal(type: string, prior: Value): Diagnostic | undefined {
  if (type === 'aws_lb' && isObj(prior) && prior['enable_deletion_protection'] === true) {
    const name = typeof prior['name'] === 'string' ? prior['name'] : '';
    return { severity: 'error', summary: `deleting ELBv2 Load Balancer (${String(prior['arn'] ?? name)})`, detail: `operation error Elastic Load Balancing v2: DeleteLoadBalancer, OperationNotPermitted: Load balancer '${String(prior['arn'] ?? name)}' cannot be deleted because deletion protection is enabled` };
  }
  return undefined;
}

export function apply(type: string, schema: BlockSchema, planned: Value, provider: ProviderConfig): Value {
  if (!isObj(planned)) return null;
  const state: Obj = clone(planned);
  resolveBlock(schema, state, { type, seed: `${type}|${stableText(planned)}`, provider, path: [] });
  return state;
}

// ---------------------------------------------------------------------------------------------
// Data sources: fixtures for the look-ups refarch makes, then every remaining unset computed
// attribute is invented like an apply.

function policyDocument(cfg: Obj): { json: string; minified: string } {
  const statements: unknown[] = [];
  for (const src of [...(Array.isArray(cfg['source_policy_documents']) ? cfg['source_policy_documents'] : [])]) {
    if (typeof src === 'string') statements.push(...((JSON.parse(src) as { Statement?: unknown[] }).Statement ?? []));
  }
  const one = (xs: Value): unknown => (Array.isArray(xs) ? (xs.length === 1 ? xs[0] : [...xs].sort()) : undefined);
  for (const s of Array.isArray(cfg['statement']) ? cfg['statement'] : []) {
    if (!isObj(s)) continue;
    const out: Record<string, unknown> = {};
    if (typeof s['sid'] === 'string' && s['sid'] !== '') out['Sid'] = s['sid'];
    out['Effect'] = typeof s['effect'] === 'string' ? s['effect'] : 'Allow';
    if (Array.isArray(s['actions']) && s['actions'].length) out['Action'] = one(s['actions']);
    if (Array.isArray(s['not_actions']) && s['not_actions'].length) out['NotAction'] = one(s['not_actions']);
    if (Array.isArray(s['resources']) && s['resources'].length) out['Resource'] = one(s['resources']);
    if (Array.isArray(s['not_resources']) && s['not_resources'].length) out['NotResource'] = one(s['not_resources']);
    for (const [key, field] of [['Principal', 'principals'], ['NotPrincipal', 'not_principals']] as const) {
      const ps = s[field];
      if (Array.isArray(ps) && ps.length) {
        const p: Record<string, unknown> = {};
        for (const pr of ps) if (isObj(pr)) p[pr['type'] as string] = one(pr['identifiers'] ?? []);
        out[key] = p;
      }
    }
    const cs = s['condition'];
    if (Array.isArray(cs) && cs.length) {
      const c: Record<string, Record<string, unknown>> = {};
      for (const cond of cs) if (isObj(cond)) (c[cond['test'] as string] ??= {})[cond['variable'] as string] = one(cond['values'] ?? []);
      out['Condition'] = c;
    }
    statements.push(out);
  }
  const doc = { Version: typeof cfg['version'] === 'string' ? cfg['version'] : '2012-10-17', Statement: statements };
  return { json: JSON.stringify(doc, null, 2), minified: JSON.stringify(doc) };
}

/**
 * The existing network of landing-zone specs (aws_vpc / aws_subnet looked up by id), from a
 * fixture keyed by id: test/terraform/fixtures/existing-network.json, or the file named by
 * REFARCH_STANDIN_NETWORK (a test plants a subnet in the wrong zone that way).
 */
let existingNetwork: Record<string, Obj> | undefined;
function existingById(id: string): Obj | undefined {
  if (existingNetwork === undefined) {
    const file = process.env['REFARCH_STANDIN_NETWORK'] ?? join(__dirname, '..', 'fixtures', 'existing-network.json');
    existingNetwork = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Obj>;
  }
  return Object.prototype.hasOwnProperty.call(existingNetwork, id) ? existingNetwork[id] : undefined;
}

/** A look-up by id: the fixture's attributes, or the real provider's error for an id it does not know. */
function fromFixture(kind: string, state: Obj, set: (k: string, v: Value) => void): boolean {
  const id = state['id'];
  if (typeof id !== 'string' || id === '') return false;
  const found = existingById(id);
  if (found === undefined) throw new Error(`no matching EC2 ${kind} found: ${id} (not in the stand-in's existing-network fixture)`);
  for (const [k, v] of Object.entries(found)) set(k, v);
  return true;
}

export function readData(type: string, schema: BlockSchema, config: Value, provider: ProviderConfig): Obj {
  const state: Obj = clone(isObj(config) ? config : {});
  const region = typeof state['region'] === 'string' ? (state['region'] as string) : provider.region;
  const set = (k: string, v: Value): void => { if (k in state || schema.attributes.some((a) => a.name === k)) { if (state[k] === null || state[k] === undefined || state[k] === UNKNOWN) state[k] = v; } };
  const h = hash(`${type}|${stableText(config)}`);
  switch (type) {
    case 'aws_iam_policy_document': {
      const { json, minified } = policyDocument(state);
      set('json', json); set('minified_json', minified); set('id', String(parseInt(h.slice(0, 8), 16)));
      break;
    }
    case 'aws_caller_identity':
      set('account_id', ACCOUNT_ID); set('arn', `arn:aws:iam::${ACCOUNT_ID}:user/refarch-offline`); set('user_id', 'AIDAREFARCHOFFLINE'); set('id', ACCOUNT_ID);
      break;
    case 'aws_partition':
      set('partition', 'aws'); set('dns_suffix', 'amazonaws.com'); set('reverse_dns_prefix', 'com.amazonaws'); set('id', 'aws');
      break;
    case 'aws_region':
      set('name', region); set('region', region); set('endpoint', `ec2.${region}.amazonaws.com`); set('description', `Offline ${region}`); set('id', region);
      break;
    case 'aws_elb_service_account':
      set('arn', 'arn:aws:iam::156460612806:root'); set('id', '156460612806');
      break;
    case 'aws_ssm_parameter': {
      const name = String(state['name'] ?? '');
      const value = /ami/i.test(name) ? `ami-${h}` : `offline-${h.slice(0, 8)}`;
      set('value', value); set('insecure_value', value); set('type', 'String'); set('version', 1); set('id', name);
      set('arn', `arn:aws:ssm:${region}:${ACCOUNT_ID}:parameter${name.startsWith('/') ? '' : '/'}${name}`);
      break;
    }
    case 'aws_vpc':
      if (fromFixture('VPC', state, set)) break;
      set('id', `vpc-${h}`); set('cidr_block', '10.250.0.0/16'); set('state', 'available'); set('owner_id', ACCOUNT_ID);
      break;
    case 'aws_route_tables':
      set('ids', [`rtb-${h}`]); set('id', region);
      break;
    case 'aws_route_table':
      set('route_table_id', `rtb-${h}`); set('id', `rtb-${h}`);
      break;
    case 'aws_subnet':
      if (fromFixture('Subnet', state, set)) break;
      set('id', `subnet-${h}`); set('cidr_block', '10.250.1.0/24'); set('availability_zone', `${region}a`);
      break;
    case 'aws_route53_zone':
      set('zone_id', `Z${h.toUpperCase().slice(0, 13)}`); set('name_servers', [`ns-1.awsdns-01.org`, `ns-2.awsdns-02.net`]);
      break;
    case 'aws_lb':
    case 'aws_elb':
      set('dns_name', `offline-${h.slice(0, 10)}.${region}.elb.amazonaws.com`); set('zone_id', 'Z32O12XQLNTSW2');
      break;
    case 'aws_kms_alias':
      set('target_key_id', `${h.slice(0, 8)}-0000-4000-8000-${h.slice(8, 20)}`);
      set('target_key_arn', `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${state['target_key_id'] as string}`);
      break;
    case 'aws_ec2_managed_prefix_list':
      set('id', `pl-${h.slice(0, 8)}`); set('entries', []);
      break;
    default:
  }
  // Everything still unset and computed (or unknown) is invented; unset optional stays null.
  for (const a of schema.attributes) {
    const v = state[a.name];
    if (a.computed && (v === null || v === undefined || v === UNKNOWN)) state[a.name] = UNKNOWN;
  }
  resolveBlock(schema, state, { type, seed: `${type}|${stableText(config)}`, provider: { ...provider, region }, path: [] });
  return state;
}
