// Hybrid model: the site-to-site VPN between the AWS (DR) site and the on-premises data centre
// that keeps the failover pair. A virtual private gateway attached to the VPC, the customer
// gateway (the on-premises device), and one VPN connection with two tunnels.
//
// Routing design: dynamic (BGP), never static. resolve always sets bgpAsn (default 65000), so
// the customer gateway always speaks BGP; BGP is also what moves traffic to the surviving tunnel
// when one fails, which static routes cannot do. A BGP connection takes no VPN static routes
// (aws_vpn_connection_route needs static_routes_only), so the on-premises networks reach the VPC
// route tables by route propagation: the on-premises router must advertise
// onPremises.cidrs over BGP, and the virtual private gateway propagates them into every private
// route table. The security groups admit the same networks (site.remoteMirrorCidrs).
//
// Tunnels: IKEv2 only, AES-256 (GCM preferred), SHA-2 integrity, elliptic-curve DH groups 19-21
// for phase 1 and (perfect forward secrecy) phase 2. Pre-shared keys are kept in AWS Secrets
// Manager rather than in the Terraform state; tunnel and BGP logs go to an encrypted log group.
import { AWS_RESERVED } from '../../catalog/catalog';
import type { VpnModel } from '../../model/model';
import { CloudwatchLogGroup, Construct, CustomerGateway, VpnConnection, VpnGateway, VpnGatewayRoutePropagation } from '../cdktf';
import type { EncryptionRefs, NetworkRefs, SiteContext } from './context';

/** Largest ASN the customer gateway's 2-byte-compatible `bgp_asn` argument takes; larger ones go in `bgp_asn_extended`. */
const BGP_ASN_MAX = 2147483647;

/** Tunnel options of both tunnels. */
export const TUNNEL_OPTIONS = {
  ikeVersions: ['ikev2'],
  phase1EncryptionAlgorithms: ['AES256-GCM-16', 'AES256'],
  phase1IntegrityAlgorithms: ['SHA2-384', 'SHA2-256'],
  phase1DhGroupNumbers: [19, 20, 21],
  phase2EncryptionAlgorithms: ['AES256-GCM-16', 'AES256'],
  phase2IntegrityAlgorithms: ['SHA2-384', 'SHA2-256'],
  phase2DhGroupNumbers: [19, 20, 21],
  /** Restart the IKE session when dead peer detection times out, so the tunnel comes back by itself. */
  dpdTimeoutAction: 'restart',
} as const;

export interface VpnRefs {
  readonly gateway: VpnGateway;
  readonly connection: VpnConnection;
}

export class Vpn extends Construct implements VpnRefs {
  readonly gateway: VpnGateway;
  readonly connection: VpnConnection;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { network: NetworkRefs; vpn: VpnModel; encryption: EncryptionRefs }) {
    super(scope, id);
    const { vpn } = deps;
    const customerGateway = new CustomerGateway(this, 'customer_gateway', {
      type: 'ipsec.1',
      ipAddress: vpn.customerGatewayIp,
      ...(vpn.bgpAsn > BGP_ASN_MAX ? { bgpAsnExtended: String(vpn.bgpAsn) } : { bgpAsn: String(vpn.bgpAsn) }),
      tags: { Name: ctx.name('on-premises') },
    });
    // The Amazon-side ASN is explicit so the validator's ASN-conflict rule and the gateway agree.
    this.gateway = new VpnGateway(this, 'gateway', { vpcId: deps.network.vpc.id, amazonSideAsn: String(AWS_RESERVED.rows.vpnGatewayAmazonSideAsn), tags: { Name: ctx.name('vgw') } });
    const logs = new CloudwatchLogGroup(this, 'logs', {
      name: `/refarch/${ctx.model.name}/${ctx.site.role}/vpn`,
      retentionInDays: ctx.model.logRetentionDays,
      kmsKeyId: deps.encryption.key.arn,
      tags: { Name: ctx.name('vpn-logs') },
    });
    const logOptions = { cloudwatchLogOptions: { logEnabled: true, logGroupArn: logs.arn, logOutputFormat: 'json', bgpLogEnabled: true, bgpLogGroupArn: logs.arn, bgpLogOutputFormat: 'json' } };
    const t = TUNNEL_OPTIONS;
    const tunnel = (n: 1 | 2) => ({
      [`tunnel${n}IkeVersions`]: [...t.ikeVersions],
      [`tunnel${n}Phase1EncryptionAlgorithms`]: [...t.phase1EncryptionAlgorithms],
      [`tunnel${n}Phase1IntegrityAlgorithms`]: [...t.phase1IntegrityAlgorithms],
      [`tunnel${n}Phase1DhGroupNumbers`]: [...t.phase1DhGroupNumbers],
      [`tunnel${n}Phase2EncryptionAlgorithms`]: [...t.phase2EncryptionAlgorithms],
      [`tunnel${n}Phase2IntegrityAlgorithms`]: [...t.phase2IntegrityAlgorithms],
      [`tunnel${n}Phase2DhGroupNumbers`]: [...t.phase2DhGroupNumbers],
      [`tunnel${n}DpdTimeoutAction`]: t.dpdTimeoutAction,
      [`tunnel${n}LogOptions`]: logOptions,
    });
    this.connection = new VpnConnection(this, 'connection', {
      type: 'ipsec.1',
      customerGatewayId: customerGateway.id,
      vpnGatewayId: this.gateway.id,
      staticRoutesOnly: false,
      presharedKeyStorage: 'SecretsManager',
      ...tunnel(1),
      ...tunnel(2),
      tags: { Name: ctx.name('vpn') },
    });
    deps.network.privateRouteTables.forEach((table, azIndex) => {
      new VpnGatewayRoutePropagation(this, `propagation_${azIndex + 1}`, { vpnGatewayId: this.gateway.id, routeTableId: table.id });
    });
  }
}
