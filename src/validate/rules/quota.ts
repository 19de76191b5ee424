// Security group rule quotas: each CIDR in the spec becomes one inbound rule per port it is
// admitted on, and AWS refuses the rule past the group's quota at apply time.
import { VPC_QUOTAS } from '../../catalog/catalog';
import type { Rule } from './rule';
import { warning } from './util';

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
