// The access log bucket of a site's web entry load balancer (ALB or Classic): one per site
// stack, created on first use at a stack-level address (logs_bucket, logs_policy, ...) so that it
// never moves when another writer comes or goes. The mirror VIP NLBs write no access logs (TCP
// listeners only: NLB access logs exist for TLS listeners alone), so a site without a web entry
// has no bucket, and the policy grants no NLB log delivery.
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
import { siteFacts } from './facts';

/** Key prefix of the log writer: the web entry (ALB/Classic). */
export const LOG_PREFIX = { web: 'web' } as const;

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
    // A decommission (model.decommission) deletes the bucket with its logs; otherwise Terraform
    // cannot delete it while it holds any (BucketNotEmpty), which is the guard.
    this.bucket = new S3Bucket(this, 'bucket', { bucket: `${name}-${accountId}`, ...(ctx.model.decommission ? { forceDestroy: true } : {}), tags: { Name: name } });
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
    const legacyElbAccount = ELB_LOG_DELIVERY_ACCOUNTS.rows[region];
    const statements: object[] = [
      // ALB and Classic: the log delivery service principal (regions since August 2022, and
      // accepted in the older ones) ...
      { Sid: 'ElbAccessLogs', Effect: 'Allow', Principal: { Service: LOG_DELIVERY_PRINCIPALS.rows.elb }, Action: 's3:PutObject', Resource: webLogs },
      // ... and, in regions opened before August 2022, the region's Elastic Load Balancing account.
      ...(legacyElbAccount
        ? [{ Sid: 'ElbAccessLogsRegionAccount', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${legacyElbAccount}:root` }, Action: 's3:PutObject', Resource: webLogs }]
        : []),
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
