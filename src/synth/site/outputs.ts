// Outputs of a site stack, one per concern, under stable names (they are what operators and
// scripts read after apply): the web entry's DNS name, each mirror VIP's DNS name and target
// group, instance ids and private IPs by tier (maps keyed by instance key), the VPC, the key and
// the alarm topic.
import { Construct, type SnsTopic, TerraformOutput } from '../cdktf';
import type { EncryptionRefs, MirrorVipRefs, NetworkRefs, ServerRefs, SiteContext, WebEntryRefs } from './context';

export interface SiteOutputsDeps {
  readonly servers: ServerRefs;
  readonly web: WebEntryRefs | undefined;
  readonly vip: MirrorVipRefs;
  readonly network?: NetworkRefs;
  readonly encryption?: EncryptionRefs;
  readonly alarmTopic?: SnsTopic;
}

/** Output names; the logical id of each is pinned to its name. */
export const OUTPUT_NAMES = {
  webDnsName: 'web_dns_name',
  vipDnsNames: 'vip_dns_names',
  vipTargetGroups: 'vip_target_group_arns',
  instanceIds: 'instance_ids',
  privateIps: 'private_ips',
  vpcId: 'vpc_id',
  kmsKeyArn: 'kms_key_arn',
  alarmTopicArn: 'alarm_topic_arn',
} as const;

export class SiteOutputs extends Construct {
  constructor(scope: Construct, id: string, ctx: SiteContext, deps: SiteOutputsDeps) {
    super(scope, id);
    const output = (name: string, value: unknown, description: string): void => {
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    };
    if (deps.web) output(OUTPUT_NAMES.webDnsName, deps.web.loadBalancer.dnsName, `DNS name of the ${ctx.site.role} site's web entry load balancer`);
    const vips = Object.entries(deps.vip.byMirror).sort(([a], [b]) => a.localeCompare(b));
    if (vips.length > 0) {
      output(OUTPUT_NAMES.vipDnsNames, Object.fromEntries(vips.map(([mirror, v]) => [mirror, v.loadBalancer.dnsName])), 'Mirror VIP (internal NLB) DNS name by mirror: the superserver address for xDBC and other direct clients');
      output(OUTPUT_NAMES.vipTargetGroups, Object.fromEntries(vips.map(([mirror, v]) => [mirror, v.targetGroup.arn])), 'Mirror VIP target group ARN by mirror (a promoted DR member is registered here, by ^ZMIRROR or the operator)');
    }
    const byTier = (pick: (key: string) => string): Record<string, Record<string, string>> => {
      const out: Record<string, Record<string, string>> = {};
      for (const inst of deps.servers.planned) {
        if (deps.servers.instances[inst.key] === undefined) continue;
        (out[inst.tier] ??= {})[inst.key] = pick(inst.key);
      }
      return out;
    };
    output(OUTPUT_NAMES.instanceIds, byTier((key) => deps.servers.instances[key]!.id), 'EC2 instance ids by tier, keyed by instance key');
    output(OUTPUT_NAMES.privateIps, byTier((key) => deps.servers.instances[key]!.privateIp), 'Private IP addresses by tier, keyed by instance key');
    if (deps.network) output(OUTPUT_NAMES.vpcId, deps.network.vpc.id, `VPC of the ${ctx.site.role} site`);
    if (deps.encryption) output(OUTPUT_NAMES.kmsKeyArn, deps.encryption.key.arn, `Customer managed KMS key of the ${ctx.site.role} site`);
    // Every alarm of the site notifies this topic; without monitoring.alarmEmail nothing is
    // subscribed to it, so whoever is on call (pager, chat, ticketing) subscribes here.
    if (deps.alarmTopic) output(OUTPUT_NAMES.alarmTopicArn, deps.alarmTopic.arn, `SNS topic every alarm of the ${ctx.site.role} site notifies (subscribe on-call tooling here)`);
  }
}
