// Facts for deploying into an existing AWS organisation (landing zone): which AWS APIs the
// instances call, so that a site without an internet route reaches each through a VPC endpoint.
import type { Sourced } from './catalog';

export const LANDING_ZONE: Sourced<{
  /**
   * Interface endpoints a site with egress none needs, beyond the SSM ones every site has: what
   * the boot script and agents call (Secrets Manager and SSM parameters for secrets and
   * configuration, KMS to decrypt them, STS for the instance role's session, CloudWatch Logs and
   * metrics for the agent). S3 (kits, configuration files) goes through the gateway endpoint.
   */
  readonly noEgressInterfaceEndpoints: readonly string[];
  /** Added where the ^ZMIRROR call-out registers a promoted member in its VIP target group. */
  readonly zmirrorCalloutEndpoint: string;
  /** Default values of the landing-zone fields. */
  readonly defaults: { readonly egress: 'nat'; readonly endpoints: 'create'; readonly scheme: 'internet-facing'; readonly drLink: 'peering'; readonly iamPath: string };
}> = {
  source:
    'AWS Systems Manager user guide, "Use VPC endpoints" (ssm, ssmmessages, ec2messages; s3 for agent updates); AWS PrivateLink "AWS services that integrate with AWS PrivateLink" (logs, monitoring, secretsmanager, kms, sts, elasticloadbalancing)',
  asOf: '2026-12',
  rows: {
    noEgressInterfaceEndpoints: ['logs', 'monitoring', 'secretsmanager', 'kms', 'sts'],
    zmirrorCalloutEndpoint: 'elasticloadbalancing',
    defaults: { egress: 'nat', endpoints: 'create', scheme: 'internet-facing', drLink: 'peering', iamPath: '/' },
  },
};
