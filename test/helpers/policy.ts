// A small policy checker for synthesized stacks: the rules of
// /work/shared/reference/secure-defaults.md (checkov ids) as plain functions over the stack JSON,
// so that tests can assert zero findings without checkov on the machine. Each rule returns
// findings; RULES is the list checkPolicy runs by default, and other concerns add theirs (DLM,
// Backup) by passing [...RULES, ...more].
import type { DeploymentModel, SiteModel } from '../../src/model/model';
import type { TerraformJson } from '../../src/synth/index';

export interface Finding {
  /** checkov id (or a short name for rules without one). */
  readonly rule: string;
  /** Terraform address, e.g. aws_instance.servers_web_1. */
  readonly address: string;
  readonly message: string;
}

export interface PolicyOptions {
  /**
   * CIDRs that may reach the database, agent and portal ports (admin networks, remote members).
   * Undefined: any CIDR but the whole internet may (the caller does not know the networks).
   */
  readonly allowedCidrs: readonly string[] | undefined;
  /** Ports that only named security groups or allowedCidrs may reach. */
  readonly sensitivePorts: readonly number[];
}

export type PolicyRule = (json: TerraformJson, options: PolicyOptions) => Finding[];

type Body = Record<string, unknown>;

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);
/** InterSystems defaults old and new: superserver, ISCAgent, private web server. */
const DEFAULT_SENSITIVE_PORTS = [1972, 51773, 56773, 2188, 52773, 57772];
/** Never open to the whole internet (CKV_AWS_24/25/260). */
const INTERNET_FORBIDDEN_PORTS = [22, 3389, 80];

export function resources(json: TerraformJson, type: string): Array<[string, Body]> {
  return Object.entries((json.resource?.[type] ?? {}) as Record<string, Body>);
}

function dataSources(json: TerraformJson, type: string): Record<string, Body> {
  return (json.data?.[type] ?? {}) as Record<string, Body>;
}

/** Blocks render as an object or a list of objects; either way, a list. */
export function blocks(value: unknown): Body[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Body[];
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function finding(rule: string, type: string, name: string, message: string): Finding {
  return { rule, address: `${type}.${name}`, message };
}

// ---------------------------------------------------------------- IAM policy documents

export interface Statement {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

/**
 * The statements of a policy attribute: a JSON string (tokens like ${aws_x.y.arn} stay as text),
 * or a reference to a data aws_iam_policy_document of the same stack. Undefined when the policy
 * cannot be read (a jsonencode() expression, say): that is a finding of its own.
 */
export function policyStatements(json: TerraformJson, policy: unknown): Statement[] | undefined {
  if (typeof policy !== 'string') return undefined;
  const ref = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/.exec(policy.trim());
  if (ref) {
    const doc = dataSources(json, 'aws_iam_policy_document')[ref[1]!];
    if (doc === undefined) return undefined;
    return blocks(doc['statement']).map((s) => ({
      Effect: (s['effect'] as string | undefined) ?? 'Allow',
      Action: s['actions'],
      NotAction: s['not_actions'],
      Resource: s['resources'],
      NotResource: s['not_resources'],
      Principal: blocks(s['principals']).length > 0 ? Object.fromEntries(blocks(s['principals']).map((p) => [p['type'] as string, p['identifiers']])) : undefined,
      Condition: blocks(s['condition']).length > 0 ? s['condition'] : undefined,
    }));
  }
  try {
    const parsed = JSON.parse(policy) as { Statement?: unknown };
    return blocks(parsed.Statement) as Statement[];
  } catch {
    return undefined;
  }
}

const READ_ONLY_ACTION = /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z0-9]*$/;

/**
 * Actions that support no resource type at all (AWS Service Authorization Reference): a policy can
 * only name them on Resource "*" and narrow them by condition keys. checkov's CKV_AWS_355 lists the
 * restrictable actions and so does not flag these; neither do we, when a condition narrows them.
 */
const UNRESTRICTABLE_ACTIONS: ReadonlyMap<string, string> = new Map([['cloudwatch:PutMetricData', 'cloudwatch:namespace']]);
function narrowedByCondition(action: string, condition: unknown): boolean {
  const key = UNRESTRICTABLE_ACTIONS.get(action);
  if (key === undefined || condition === null || typeof condition !== 'object') return false;
  return Object.values(condition as Record<string, unknown>).some((block) => block !== null && typeof block === 'object' && key in (block as Record<string, unknown>));
}

function principalIsWildcard(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object') return Object.values(principal as Record<string, unknown>).some((v) => list(v).includes('*'));
  return false;
}

/** Findings for one IAM permission policy (not a trust, key or bucket policy). */
function permissionPolicyFindings(json: TerraformJson, type: string, name: string, policy: unknown): Finding[] {
  const statements = policyStatements(json, policy);
  if (statements === undefined) return [finding('policy-unreadable', type, name, 'policy is neither a JSON document nor a data aws_iam_policy_document')];
  const out: Finding[] = [];
  for (const s of statements) {
    if ((s.Effect ?? 'Allow') !== 'Allow') continue;
    const actions = list(s.Action).map(String);
    if (s.NotAction !== undefined) out.push(finding('CKV_AWS_62', type, name, 'Allow with NotAction grants everything else'));
    if (actions.some((a) => a === '*' || a === '*:*')) out.push(finding('CKV_AWS_62/63', type, name, 'Action "*"'));
    for (const a of actions.filter((a) => /^[a-z0-9-]+:\*$/.test(a))) out.push(finding('CKV_AWS_286-289', type, name, `service-wide action ${a}`));
    if (list(s.Resource).includes('*')) {
      for (const a of actions.filter((a) => !READ_ONLY_ACTION.test(a) && !narrowedByCondition(a, s.Condition))) out.push(finding('CKV_AWS_355/290', type, name, `${a} on Resource "*"`));
    }
  }
  return out;
}

// ---------------------------------------------------------------- rules

const compute: PolicyRule = (json) => {
  const out: Finding[] = [];
  for (const [name, b] of resources(json, 'aws_instance')) {
    const f = (rule: string, message: string) => out.push(finding(rule, 'aws_instance', name, message));
    const root = blocks(b['root_block_device'])[0];
    if (root?.['encrypted'] !== true) f('CKV_AWS_8', 'root volume not encrypted');
    for (const ebs of blocks(b['ebs_block_device'])) if (ebs['encrypted'] !== true) f('CKV_AWS_8', 'ebs_block_device not encrypted');
    if (blocks(b['metadata_options'])[0]?.['http_tokens'] !== 'required') f('CKV_AWS_79', 'IMDSv2 not required');
    if (b['monitoring'] !== true) f('CKV_AWS_126', 'detailed monitoring off');
    if (b['ebs_optimized'] !== true) f('CKV_AWS_135', 'not EBS-optimized');
    if (b['associate_public_ip_address'] === true) f('CKV_AWS_88', 'public IP');
    if (typeof b['iam_instance_profile'] !== 'string' || b['iam_instance_profile'] === '') f('CKV2_AWS_41', 'no instance profile');
    const userData = String(b['user_data'] ?? '');
    // A value assigned to a credential-named variable, an access key id or a private key. Names
    // alone are not credentials: day-one user data names a secret by its ARN
    // (arn:aws:secretsmanager:...:secret:...) and a variable that will hold a fetched file's path.
    if (/(password|passwd|secret|\bkey)\s*[:=]\s*['"]?[^'"\s$]{4,}|AKIA[0-9A-Z]{16}|PRIVATE KEY/i.test(userData)) f('CKV_AWS_46', 'user_data looks like it holds a credential');
  }
  for (const [name, b] of resources(json, 'aws_ebs_volume')) {
    if (b['encrypted'] !== true) out.push(finding('CKV_AWS_3', 'aws_ebs_volume', name, 'not encrypted'));
    if (typeof b['kms_key_id'] !== 'string' || b['kms_key_id'] === '') out.push(finding('CKV_AWS_189', 'aws_ebs_volume', name, 'no customer managed key'));
  }
  for (const [name, b] of resources(json, 'aws_kms_key')) {
    if (b['enable_key_rotation'] !== true) out.push(finding('CKV_AWS_7', 'aws_kms_key', name, 'key rotation off'));
    if (b['policy'] !== undefined) {
      const statements = policyStatements(json, b['policy']);
      if (statements === undefined) out.push(finding('policy-unreadable', 'aws_kms_key', name, 'key policy unreadable'));
      for (const s of statements ?? []) {
        if ((s.Effect ?? 'Allow') === 'Allow' && principalIsWildcard(s.Principal)) out.push(finding('CKV_AWS_33', 'aws_kms_key', name, 'key policy allows the "*" principal'));
      }
    }
  }
  return out;
};

function ruleTypes(json: TerraformJson): Array<{ type: string; name: string; direction: 'ingress' | 'egress'; rule: Body }> {
  const out: Array<{ type: string; name: string; direction: 'ingress' | 'egress'; rule: Body }> = [];
  for (const [name, b] of resources(json, 'aws_vpc_security_group_ingress_rule')) out.push({ type: 'aws_vpc_security_group_ingress_rule', name, direction: 'ingress', rule: b });
  for (const [name, b] of resources(json, 'aws_vpc_security_group_egress_rule')) out.push({ type: 'aws_vpc_security_group_egress_rule', name, direction: 'egress', rule: b });
  for (const [name, b] of resources(json, 'aws_security_group_rule')) {
    out.push({ type: 'aws_security_group_rule', name, direction: b['type'] === 'egress' ? 'egress' : 'ingress', rule: { ...b, ip_protocol: b['protocol'], cidr_list: [...list(b['cidr_blocks']), ...list(b['ipv6_cidr_blocks'])] } });
  }
  for (const type of ['aws_security_group', 'aws_default_security_group']) {
    for (const [name, b] of resources(json, type)) {
      for (const direction of ['ingress', 'egress'] as const) {
        for (const r of blocks(b[direction])) out.push({ type, name, direction, rule: { ...r, ip_protocol: r['protocol'], cidr_list: [...list(r['cidr_blocks']), ...list(r['ipv6_cidr_blocks'])] } });
      }
    }
  }
  return out;
}

const network: PolicyRule = (json, options) => {
  const out: Finding[] = [];
  for (const [name, b] of resources(json, 'aws_security_group')) {
    if (typeof b['description'] !== 'string' || b['description'].trim() === '') out.push(finding('CKV_AWS_23', 'aws_security_group', name, 'no description'));
  }
  for (const { type, name, direction, rule } of ruleTypes(json)) {
    const f = (id: string, message: string) => out.push(finding(id, type, name, `${direction}: ${message}`));
    if (typeof rule['description'] !== 'string' || rule['description'].trim() === '') f('CKV_AWS_23', 'rule without description');
    const cidrs = [rule['cidr_ipv4'], rule['cidr_ipv6'], ...list(rule['cidr_list'])].filter((c): c is string => typeof c === 'string');
    const protocol = String(rule['ip_protocol'] ?? '');
    const allPorts = protocol === '-1' || protocol === 'all';
    const from = Number(rule['from_port'] ?? 0);
    const to = Number(rule['to_port'] ?? 65535);
    const covers = (port: number) => allPorts || (from <= port && port <= to);
    if (direction === 'egress') {
      if (allPorts && cidrs.some((c) => ANYWHERE.has(c))) f('CKV_AWS_382', 'all protocols to the internet');
      continue;
    }
    if (cidrs.some((c) => ANYWHERE.has(c))) {
      if (allPorts || from !== to) f('CKV_AWS_277', 'a port range or all ports from the internet');
      else if (INTERNET_FORBIDDEN_PORTS.some(covers)) f('CKV_AWS_24/25/260', `port ${from} from the internet`);
      else if (from !== 443) f('internet-ingress', `port ${from} from the internet (only 443 on a load balancer may be)`);
    }
    for (const cidr of options.allowedCidrs === undefined ? [] : cidrs) {
      const sensitive = options.sensitivePorts.filter(covers);
      if (sensitive.length > 0 && !ANYWHERE.has(cidr) && !options.allowedCidrs!.includes(cidr)) f('database-ports', `ports ${sensitive.join(',')} from ${cidr}, which is neither an admin network nor a remote mirror network`);
    }
  }
  for (const [name, b] of resources(json, 'aws_subnet')) {
    if (b['map_public_ip_on_launch'] === true) out.push(finding('CKV_AWS_130', 'aws_subnet', name, 'subnet gives instances public IPs'));
  }
  const flowLogVpcs = new Set(resources(json, 'aws_flow_log').map(([, b]) => b['vpc_id']));
  const defaultGroups = resources(json, 'aws_default_security_group');
  for (const [name] of resources(json, 'aws_vpc')) {
    const ref = `\${aws_vpc.${name}.id}`;
    if (!flowLogVpcs.has(ref)) out.push(finding('CKV2_AWS_11', 'aws_vpc', name, 'no flow log'));
    const dsg = defaultGroups.find(([, b]) => b['vpc_id'] === ref);
    if (dsg === undefined) out.push(finding('CKV2_AWS_12', 'aws_vpc', name, 'no aws_default_security_group'));
    else if (blocks(dsg[1]['ingress']).length > 0 || blocks(dsg[1]['egress']).length > 0) out.push(finding('CKV2_AWS_12', 'aws_default_security_group', dsg[0], 'default security group has rules'));
  }
  return out;
};

const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

const loadBalancers: PolicyRule = (json) => {
  const out: Finding[] = [];
  for (const [name, b] of resources(json, 'aws_lb_listener')) {
    const f = (id: string, message: string) => out.push(finding(id, 'aws_lb_listener', name, message));
    const protocol = String(b['protocol'] ?? '');
    if (protocol === 'HTTP') {
      const actions = blocks(b['default_action']);
      const redirectsOnly = actions.length > 0 && actions.every((a) => a['type'] === 'redirect' && blocks(a['redirect'])[0]?.['protocol'] === 'HTTPS');
      if (!redirectsOnly) f('CKV_AWS_2', 'HTTP listener that does not only redirect to HTTPS');
    } else if (protocol === 'HTTPS' || protocol === 'TLS') {
      if (!TLS12_POLICY.test(String(b['ssl_policy'] ?? ''))) f('CKV_AWS_103', `ssl_policy ${String(b['ssl_policy'])} is not of the TLS 1.2+ family`);
    } else if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'TCP_UDP') f('CKV_AWS_2', `listener protocol ${protocol}`);
  }
  // Listener protocols by load balancer reference, for the NLB access log rule.
  const listenerProtocols = new Map<string, string[]>();
  for (const [, b] of resources(json, 'aws_lb_listener')) {
    const lb = String(b['load_balancer_arn'] ?? '');
    listenerProtocols.set(lb, [...(listenerProtocols.get(lb) ?? []), String(b['protocol'] ?? '')]);
  }
  for (const [name, b] of resources(json, 'aws_lb')) {
    const f = (id: string, message: string) => out.push(finding(id, 'aws_lb', name, message));
    const type = String(b['load_balancer_type'] ?? 'application');
    const logs = blocks(b['access_logs'])[0]?.['enabled'] === true;
    // CKV_AWS_91, as the README's Security defaults apply it: AWS writes NLB access logs for TLS
    // listeners only, so an NLB needs them when it has one, and must not claim them when it has
    // none (checkov's own check reads access_logs on every aws_lb whatever its type, and reports
    // the TCP-only mirror VIPs; the README says why they have none).
    const tls = (listenerProtocols.get(`\${aws_lb.${name}.arn}`) ?? []).includes('TLS');
    if (type !== 'network' || tls) {
      if (!logs) f('CKV_AWS_91', 'access logs off');
    } else if (logs) f('nlb-logs-without-tls', 'access logs enabled on a network load balancer without a TLS listener: AWS writes none');
    if (b['enable_deletion_protection'] !== true) f('CKV_AWS_150', 'deletion protection off');
    if (type === 'application' && b['drop_invalid_header_fields'] !== true) f('CKV_AWS_131', 'invalid header fields not dropped');
    if (type === 'network' && b['enable_cross_zone_load_balancing'] !== true) f('CKV_AWS_152', 'cross-zone load balancing off');
  }
  for (const [name, b] of resources(json, 'aws_lb_target_group')) {
    const protocol = String(b['protocol'] ?? '');
    const hc = blocks(b['health_check'])[0];
    const httpCheck = protocol === 'HTTP' || protocol === 'HTTPS' || hc?.['protocol'] === 'HTTP' || hc?.['protocol'] === 'HTTPS';
    if (httpCheck && (typeof hc?.['path'] !== 'string' || hc['path'] === '')) out.push(finding('CKV_AWS_261', 'aws_lb_target_group', name, 'HTTP(S) health check without a path'));
  }
  for (const [name, b] of resources(json, 'aws_elb')) {
    const f = (id: string, message: string) => out.push(finding(id, 'aws_elb', name, message));
    for (const l of blocks(b['listener'])) {
      const protocol = String(l['lb_protocol'] ?? '').toLowerCase();
      if ((protocol !== 'https' && protocol !== 'ssl') || !l['ssl_certificate_id']) f('CKV_AWS_127', `listener ${String(l['lb_port'])}/${protocol} without a certificate`);
    }
    if (blocks(b['access_logs'])[0]?.['enabled'] === false || blocks(b['access_logs']).length === 0) f('CKV_AWS_92', 'access logs off');
  }
  return out;
};

const PERMISSION_POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];
const ATTACHMENT_TYPES = ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment'];

const iam: PolicyRule = (json) => {
  const out: Finding[] = [];
  for (const type of PERMISSION_POLICY_TYPES) for (const [name, b] of resources(json, type)) out.push(...permissionPolicyFindings(json, type, name, b['policy']));
  for (const [name, b] of resources(json, 'aws_iam_role')) {
    for (const inline of blocks(b['inline_policy'])) out.push(...permissionPolicyFindings(json, 'aws_iam_role', name, inline['policy']));
    for (const arn of list(b['managed_policy_arns'])) if (/:policy\/AdministratorAccess$/.test(String(arn))) out.push(finding('CKV_AWS_274', 'aws_iam_role', name, 'AdministratorAccess'));
    const trust = policyStatements(json, b['assume_role_policy']);
    if (trust === undefined) {
      out.push(finding('policy-unreadable', 'aws_iam_role', name, 'trust policy unreadable'));
      continue;
    }
    for (const s of trust) {
      if ((s.Effect ?? 'Allow') !== 'Allow') continue;
      const principal = s.Principal as Record<string, unknown> | string | undefined;
      const services = typeof principal === 'object' ? list(principal['Service']).map(String) : [];
      const others = typeof principal === 'object' ? Object.keys(principal).filter((k) => k !== 'Service') : ['*'];
      if (principalIsWildcard(principal) || services.length === 0 || others.length > 0) out.push(finding('CKV_AWS_60/61', 'aws_iam_role', name, 'trust policy does not name only service principals'));
    }
  }
  for (const type of ATTACHMENT_TYPES) {
    for (const [name, b] of resources(json, type)) if (/:policy\/AdministratorAccess$/.test(String(b['policy_arn']))) out.push(finding('CKV_AWS_274', type, name, 'AdministratorAccess'));
  }
  for (const [name, b] of resources(json, 'aws_s3_bucket_policy')) {
    const statements = policyStatements(json, b['policy']);
    if (statements === undefined) out.push(finding('policy-unreadable', 'aws_s3_bucket_policy', name, 'bucket policy unreadable'));
    for (const s of statements ?? []) {
      if ((s.Effect ?? 'Allow') === 'Allow' && principalIsWildcard(s.Principal)) out.push(finding('bucket-public', 'aws_s3_bucket_policy', name, 'bucket policy allows the "*" principal'));
    }
  }
  return out;
};

/**
 * Backups (operations concern). CKV_AWS_253-256: DLM cross-region copies, of schedules
 * (cross_region_copy_rule) and of event-based policies (action.cross_region_copy), are encrypted
 * with a customer managed key. CKV2_AWS_9: where the stack has an AWS Backup plan, every EBS
 * volume is in a backup selection, named itself or attached (aws_volume_attachment) to an
 * instance the selection names: an EC2 recovery point holds all the instance's attached volumes.
 * That is the rule's intent; checkov's own graph check is narrower (it only accepts a volume
 * connected to the selection directly) and reports instance-covered volumes, which the README's
 * Security defaults explain. A tag-only selection never counts (references only). backup-twice:
 * a volume named in a selection that also names its instance is backed up twice, once outside
 * the instance's multi-volume set. CKV_AWS_166: backup vaults use a customer managed key.
 * CKV_AWS_42/184: EFS file systems are encrypted with a customer managed key.
 */
const backups: PolicyRule = (json) => {
  const out: Finding[] = [];
  const copyFindings = (name: string, what: string, copy: Body) => {
    if (copy['encrypted'] !== true) out.push(finding('CKV_AWS_253-256', 'aws_dlm_lifecycle_policy', name, `${what} not encrypted`));
    if (typeof copy['cmk_arn'] !== 'string' || copy['cmk_arn'] === '') out.push(finding('CKV_AWS_253-256', 'aws_dlm_lifecycle_policy', name, `${what} without cmk_arn`));
  };
  for (const [name, b] of resources(json, 'aws_dlm_lifecycle_policy')) {
    for (const details of blocks(b['policy_details'])) {
      for (const schedule of blocks(details['schedule'])) {
        for (const copy of blocks(schedule['cross_region_copy_rule'])) copyFindings(name, 'cross-region copy', copy);
      }
      for (const action of blocks(details['action'])) {
        for (const copy of blocks(action['cross_region_copy'])) for (const enc of blocks(copy['encryption_configuration'])) copyFindings(name, 'event cross-region copy', enc);
      }
    }
  }
  if (resources(json, 'aws_backup_plan').length > 0) {
    const selected = resources(json, 'aws_backup_selection').flatMap(([, b]) => list(b['resources']).map(String));
    const names = (type: string, name: string) => selected.some((ref) => ref.includes(`${type}.${name}.`));
    const attachedTo = new Map<string, string[]>();
    for (const [, b] of resources(json, 'aws_volume_attachment')) {
      const volume = /^\$\{aws_ebs_volume\.([A-Za-z0-9_-]+)\.id\}$/.exec(String(b['volume_id']))?.[1];
      const instance = /^\$\{aws_instance\.([A-Za-z0-9_-]+)\.id\}$/.exec(String(b['instance_id']))?.[1];
      if (volume !== undefined && instance !== undefined) attachedTo.set(volume, [...(attachedTo.get(volume) ?? []), instance]);
    }
    for (const [name] of resources(json, 'aws_ebs_volume')) {
      const direct = names('aws_ebs_volume', name);
      const viaInstance = (attachedTo.get(name) ?? []).filter((instance) => names('aws_instance', instance));
      if (!direct && viaInstance.length === 0) out.push(finding('CKV2_AWS_9', 'aws_ebs_volume', name, 'volume is in no AWS Backup selection, neither itself nor through its instance'));
      if (direct && viaInstance.length > 0) out.push(finding('backup-twice', 'aws_ebs_volume', name, `volume is selected itself and through aws_instance.${viaInstance[0]}: backed up twice`));
    }
  }
  for (const [name, b] of resources(json, 'aws_backup_vault')) {
    if (typeof b['kms_key_arn'] !== 'string' || b['kms_key_arn'] === '') out.push(finding('CKV_AWS_166', 'aws_backup_vault', name, 'vault without a customer managed key'));
  }
  for (const [name, b] of resources(json, 'aws_efs_file_system')) {
    if (b['encrypted'] !== true) out.push(finding('CKV_AWS_42', 'aws_efs_file_system', name, 'file system not encrypted'));
    if (typeof b['kms_key_id'] !== 'string' || b['kms_key_id'] === '') out.push(finding('CKV_AWS_184', 'aws_efs_file_system', name, 'file system without a customer managed key'));
  }
  return out;
};

/** CKV_AWS_26: SNS topics are encrypted, with a customer managed key (not alias/aws/sns, which CloudWatch alarms cannot use). */
const notifications: PolicyRule = (json) => {
  const out: Finding[] = [];
  for (const [name, b] of resources(json, 'aws_sns_topic')) {
    const key = b['kms_master_key_id'];
    if (typeof key !== 'string' || key === '' || key === 'alias/aws/sns') out.push(finding('CKV_AWS_26', 'aws_sns_topic', name, 'topic not encrypted with a customer managed key'));
  }
  return out;
};

export const RULES: readonly PolicyRule[] = [compute, network, loadBalancers, iam, backups, notifications];

/** Options for a site stack: its admin networks and remote mirror networks may reach database ports. */
export function policyOptionsFor(model: DeploymentModel, site: SiteModel): PolicyOptions {
  return {
    allowedCidrs: [...model.adminCidrs, ...site.remoteMirrorCidrs],
    sensitivePorts: [...new Set([...DEFAULT_SENSITIVE_PORTS, model.ports.superserver, model.ports.agent, model.ports.webserver])],
  };
}

export function checkPolicy(json: TerraformJson, options: Partial<PolicyOptions> = {}, rules: readonly PolicyRule[] = RULES): Finding[] {
  const full: PolicyOptions = { allowedCidrs: options.allowedCidrs, sensitivePorts: options.sensitivePorts ?? DEFAULT_SENSITIVE_PORTS };
  return rules.flatMap((rule) => rule(json, full));
}

/** Findings of several stacks (e.g. synthesizeInMemory's result), each tagged with its stack id. */
export function policyFindings(
  stacks: ReadonlyArray<{ readonly id: string; readonly json: TerraformJson }>,
  options: Partial<PolicyOptions> = {},
  rules: readonly PolicyRule[] = RULES,
): Array<Finding & { readonly stack: string }> {
  return stacks.flatMap((s) => checkPolicy(s.json, options, rules).map((f) => ({ stack: s.id, ...f })));
}
