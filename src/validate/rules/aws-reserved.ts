// Names and numbers AWS reserves, which the spec could otherwise collide with.
import { AWS_RESERVED, DEFAULTS } from '../../catalog/catalog';
import type { Rule } from './rule';
import { error } from './util';

export const reservedNameRule: Rule = {
  ids: ['name.reserved-prefix'],
  description:
    'Resource names start with the deployment name, and AWS refuses some prefixes: "internal-" (load balancers), "sg-" (security groups), "aws", "amazon", "amzn" (Systems Manager documents), "xn--", "sthree-" (S3 buckets).',
  check({ spec }) {
    const found = AWS_RESERVED.rows.namePrefixes.find(({ prefix }) => spec.name.startsWith(prefix));
    if (found === undefined) return [];
    const reserved = (name: string) => AWS_RESERVED.rows.namePrefixes.some(({ prefix }) => name.startsWith(prefix));
    const rest = spec.name.slice(found.prefix.length).replace(/^-+/, '');
    const moved = `${rest}-${found.prefix.replace(/-+$/, '')}`.slice(0, 28).replace(/-+$/, '');
    const suggestion = /^[a-z]/.test(rest) && !reserved(moved) ? moved : 'app-prod';
    return [error('name.reserved-prefix', ['name'], `"${spec.name}" begins with "${found.prefix}", which AWS refuses at the start of ${found.refusedFor}`, `rename it, for example "${suggestion}"`)];
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
