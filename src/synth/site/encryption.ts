// Encryption of one site: a customer managed KMS key (rotation on) for the EBS volumes, the VPC
// flow log group, and what the operations concern encrypts with it (SNS, DLM copies, AWS Backup).
import { Construct, KmsAlias, KmsKey } from '../cdktf';
import type { EncryptionRefs, SiteContext } from './context';
import { siteFacts, type SiteFacts } from './facts';

/** Alias of a site's key; the operations concern finds the DR site's key by it. */
export function keyAliasName(ctx: SiteContext): string {
  return `alias/${ctx.name('kms')}`;
}

/**
 * The key policy. The account root administers the key and IAM policies of the account decide
 * who else may use it (what DLM and AWS Backup roles rely on). Services that act without an IAM
 * principal of the account are named explicitly: CloudWatch Logs of this region for log groups
 * of this account (encryption-context condition), and the notification services that publish to
 * an encrypted SNS topic. EC2/EBS use and grants for AWS resources are spelled out for the
 * account as well, so that the statements document what the key is for. No statement names the
 * `*` principal.
 */
export function keyPolicy(region: string, facts: SiteFacts): string {
  const root = `arn:${facts.partition}:iam::${facts.accountId}:root`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'CloudWatchLogsOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${facts.partition}:logs:${region}:${facts.accountId}:log-group:*` } },
      },
      {
        Sid: 'Ec2AndEbsThroughThisAccount',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': `ec2.${region}.amazonaws.com`, 'kms:CallerAccount': facts.accountId } },
      },
      {
        Sid: 'GrantsForAwsResourcesOfThisAccount',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
      {
        Sid: 'NotificationServicesPublishToEncryptedTopics',
        Effect: 'Allow',
        Principal: { Service: ['sns.amazonaws.com', 'cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      },
    ],
  });
}

export class Encryption extends Construct implements EncryptionRefs {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, ctx: SiteContext) {
    super(scope, id);
    const facts = siteFacts(ctx.stack);
    this.key = new KmsKey(this, 'key', {
      description: `${ctx.name('kms')}: EBS volumes and snapshots, log groups, log and backup encryption of the ${ctx.site.role} site`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy(ctx.site.region, facts),
      tags: { Name: ctx.name('kms') },
    });
    this.alias = new KmsAlias(this, 'alias', { name: keyAliasName(ctx), targetKeyId: this.key.keyId });
  }
}
