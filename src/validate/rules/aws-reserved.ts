// Names and numbers AWS reserves, which the spec could otherwise collide with.
import { AWS_RESERVED, DEFAULTS } from '../../catalog/catalog';
import type { Rule } from './rule';
import { error } from './util';

export const reservedNameRule: Rule = {
  ids: ['name.reserved-prefix'],
  description: 'Load balancer names derive from the deployment name, and ELB refuses names that begin with "internal-".',
  check({ spec }) {
    const prefix = AWS_RESERVED.rows.loadBalancerNamePrefix;
    if (!spec.name.startsWith(prefix)) return [];
    return [error('name.reserved-prefix', ['name'], `"${spec.name}" begins with "${prefix}", which AWS refuses at the start of load balancer names`, `rename it, for example "${spec.name.slice(prefix.length) || 'app'}-internal"`)];
  },
};

export const vpnAsnRule: Rule = {
  ids: ['vpn.asn-conflict'],
  description: "The on-premises BGP ASN must differ from the VPN gateway's Amazon-side ASN.",
  check({ spec }) {
    const vpn = spec.onPremises?.vpn;
    if (vpn === undefined) return [];
    const asn = vpn.bgpAsn ?? DEFAULTS.rows.bgpAsn;
    const amazon = AWS_RESERVED.rows.vpnGatewayAmazonSideAsn;
    if (asn !== amazon) return [];
    return [
      error(
        'vpn.asn-conflict',
        vpn.bgpAsn === undefined ? ['onPremises', 'vpn'] : ['onPremises', 'vpn', 'bgpAsn'],
        `the on-premises BGP ASN ${asn} is the VPN gateway's Amazon-side ASN, so BGP cannot peer`,
        'give the on-premises device another private ASN, for example 65010',
      ),
    ];
  },
};
