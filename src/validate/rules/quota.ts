// Security group rule quotas: each CIDR in the spec becomes one inbound rule per port it is
// admitted on, and AWS refuses the rule past the group's quota at apply time.
import { AWS_NAME_LIMITS, VPC_QUOTAS } from '../../catalog/catalog';
import { sites } from '../../model/model';
import { SERVER_TAGS, serverTags, SNAPSHOT_TAGS, STACK_TAG } from '../../model/tags';
import type { Rule } from './rule';
import { error, warning } from './util';

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

export const securityGroupQuotaRule: Rule = {
  ids: ['network.sg-rule-quota'],
  description: 'The inbound rules the CIDR lists create fit the default quota of rules per security group.',
  check({ model }) {
    const quota = VPC_QUOTAS.rows.inboundRulesPerSecurityGroup;
    const out = [];
    for (const site of [model.primary, model.dr]) {
      if (!site) continue;
      const dnsTarget = [model.dns?.primary, model.dns?.secondary].some((t) => t?.kind === 'site' && t.site === site.role && t.healthAlarmName === undefined);
      if (site.webLoadBalancer) {
        const redirect = site.webLoadBalancer.type === 'application' ? model.clientCidrs.filter((c) => !ANYWHERE.has(c)).length : 0;
        const rules = model.clientCidrs.length + redirect + (dnsTarget ? VPC_QUOTAS.rows.route53HealthCheckPrefixListWeight : 0);
        if (rules > quota) {
          out.push(
            warning(
              'network.sg-rule-quota',
              ['network', 'clientCidrs'],
              `the ${site.role} web load balancer's security group needs ${rules} inbound rules (443 and 80 per client network${dnsTarget ? ', 25 for the Route 53 health checkers' : ''}); the default quota is ${quota}`,
              'merge client networks into fewer, larger CIDRs, or raise the "Inbound or outbound rules per security group" quota before applying',
              { value: rules, limit: quota, unit: 'inbound rules' },
            ),
          );
        }
      }
      // Mirror members: two ports (superserver, ISCAgent or web server) per admin and remote network,
      // plus the fixed tier-to-tier rules.
      const fixed = 8;
      const members = 2 * (model.adminCidrs.length + site.remoteMirrorCidrs.length) + fixed;
      if (members > quota) {
        out.push(
          warning(
            'network.sg-rule-quota',
            model.adminCidrs.length >= site.remoteMirrorCidrs.length ? ['network', 'adminCidrs'] : ['onPremises', 'cidrs'],
            `the ${site.role} mirror members' security group needs about ${members} inbound rules (two per admin or remote mirror network); the default quota is ${quota}`,
            'merge networks into fewer, larger CIDRs, or raise the security group rules quota before applying',
            { value: members, limit: quota, unit: 'inbound rules' },
          ),
        );
      }
    }
    return out;
  },
};

/**
 * AWS refuses a resource more than 50 tags (CreateTags at apply). Every resource carries the
 * provider's default tags (the spec's tags, refarch:deployment, refarch:profile, refarch:stack);
 * servers carry the most of their own (name, tier, mirror, role, namespaces, journal, snapshot
 * policy), and a member's DLM snapshots those plus their own, so the fullest of them decides.
 */
export const tagCountRule: Rule = {
  ids: ['tags.count'],
  description: 'Every resource stays within AWS\'s 50 tags: the spec\'s tags, refarch\'s default tags and a server\'s own.',
  check({ spec, model }) {
    const limit = AWS_NAME_LIMITS.rows.tagsPerResource;
    const defaults = new Set([...Object.keys(model.tags), STACK_TAG]);
    let fullest: { name: string; count: number; own: number; namespaceTags: number } | undefined;
    for (const site of sites(model)) {
      for (const inst of site.instances) {
        // A member's DLM snapshots copy its tags and add their own (SNAPSHOT_TAGS).
        const snapshotted = inst.tier === 'database' && model.backup.method === 'snapshot';
        const own = [...Object.keys(serverTags(model, site, inst)), ...(snapshotted ? Object.keys(SNAPSHOT_TAGS) : [])];
        const keys = new Set([...defaults, ...own]);
        if (fullest === undefined || keys.size > fullest.count)
          fullest = { name: snapshotted ? `${inst.name} (its snapshots)` : inst.name, count: keys.size, own: keys.size - defaults.size, namespaceTags: own.filter((k) => k.startsWith(SERVER_TAGS.namespaces)).length };
      }
    }
    if (fullest === undefined || fullest.count <= limit) return [];
    const userTags = Object.keys(spec.tags ?? {}).length;
    return [
      error(
        'tags.count',
        ['tags'],
        `${fullest.name} would carry ${fullest.count} tags (the spec's ${userTags}, ${defaults.size - userTags} refarch default tags, ${fullest.own} of its own); AWS allows ${limit} per resource, so terraform apply would fail`,
        `remove at least ${fullest.count - limit} of the spec's tags${fullest.namespaceTags > 1 ? ` or list fewer or shorter database namespaces (each ${AWS_NAME_LIMITS.rows.tagValue} characters of names take one of the ${fullest.namespaceTags} namespace tags)` : ''}`,
        { value: fullest.count, limit, unit: 'tags' },
      ),
    ];
  },
};
