// The access log bucket of a site's load balancers (web entry ALB or Classic, mirror VIP NLBs):
// one per site stack, created by whichever of them asks first, at a stack-level address
// (logs_bucket, logs_policy, ...) so that it never moves when one of them comes or goes.
//
// Encryption is SSE-S3 (AES256), not the site's KMS key: ALB and Classic access log delivery
// supports only S3-managed keys (AWS ELB user guide, "Enable access logs": "The only server-side
// encryption option that's supported is Amazon S3-managed keys (SSE-S3)").
import { ELB_LOG_DELIVERY_ACCOUNTS, LOG_DELIVERY_PRINCIPALS } from '../../catalog/catalog';
import {
  Construct,
  S3Bucket,
  S3BucketLifecycleConfiguration,
  S3BucketOwnershipControls,
  S3BucketPolicy,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfigurationA,
  S3BucketVersioningA,
} from '../cdktf';
import type { SiteContext } from './context';
import { siteFacts } from './encryption';

/** Key prefixes of the log writers: the web entry (ALB/Classic) and the mirror VIPs (NLB). */
export const LOG_PREFIX = { web: 'web', vip: 'vip' } as const;

/** Days noncurrent log object versions are kept after being replaced or deleted. */
const NONCURRENT_DAYS = 30;

export class LogBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Load balancers depend on it: ELB checks that it may write before it enables access logs. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, ctx: SiteContext) {
    super(scope, id);
    const { accountId, partition } = siteFacts(ctx.stack);
    const region = ctx.site.region;
    const name = ctx.name('lb-logs');
    // Bucket names are global: the account id keeps them unique (<= 28 + 16 + 13 = 57 of 63 characters).
    this.bucket = new S3Bucket(this, 'bucket', { bucket: `${name}-${accountId}`, tags: { Name: name } });
    const bucket = this.bucket.id;
    const ownership = new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public_access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: ctx.model.logRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [versioning],
    });

    const arn = this.bucket.arn;
    const webLogs = `${arn}/${LOG_PREFIX.web}/AWSLogs/${accountId}/*`;
    const vipLogs = `${arn}/${LOG_PREFIX.vip}/AWSLogs/${accountId}/*`;
    const vendedLogsCondition = {
      StringEquals: { 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:logs:${region}:${accountId}:*` },
    };
    const legacyElbAccount = ELB_LOG_DELIVERY_ACCOUNTS.rows[region];
    const statements: object[] = [
      // ALB and Classic: the log delivery service principal (regions since August 2022, and
      // accepted in the older ones) ...
      { Sid: 'ElbAccessLogs', Effect: 'Allow', Principal: { Service: LOG_DELIVERY_PRINCIPALS.rows.elb }, Action: 's3:PutObject', Resource: webLogs },
      // ... and, in regions opened before August 2022, the region's Elastic Load Balancing account.
      ...(legacyElbAccount
        ? [{ Sid: 'ElbAccessLogsRegionAccount', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${legacyElbAccount}:root` }, Action: 's3:PutObject', Resource: webLogs }]
        : []),
      // NLB: CloudWatch vended log delivery, for this account's load balancers only.
      {
        Sid: 'NlbAccessLogs',
        Effect: 'Allow',
        Principal: { Service: LOG_DELIVERY_PRINCIPALS.rows.vendedLogs },
        Action: 's3:PutObject',
        Resource: vipLogs,
        Condition: { ...vendedLogsCondition, StringEquals: { ...vendedLogsCondition.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
      {
        Sid: 'NlbAccessLogsAclCheck',
        Effect: 'Allow',
        Principal: { Service: LOG_DELIVERY_PRINCIPALS.rows.vendedLogs },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: arn,
        Condition: vendedLogsCondition,
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ];
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      // S3 rejects bucket policies while the public access block is being created, and ownership
      // controls must be in place before the log writers' first object.
      dependsOn: [publicAccess, ownership],
    });
  }
}

const BUCKETS = new WeakMap<Construct, LogBucket>();

/** The site's load balancer log bucket, created on first use under the stack-level id `logs`. */
export function siteLogBucket(ctx: SiteContext): LogBucket {
  let bucket = BUCKETS.get(ctx.stack);
  if (bucket === undefined) {
    bucket = new LogBucket(ctx.stack, 'logs', ctx);
    BUCKETS.set(ctx.stack, bucket);
  }
  return bucket;
}
