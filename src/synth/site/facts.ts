// The account and partition of the stack, which ARNs and policies of several concerns need: read
// at plan time from the provider (data sources), not catalog facts, since they depend on the
// credentials the stack is applied with. One of each per stack, whichever concern asks first.
import { Construct, DataAwsCallerIdentity, DataAwsPartition } from '../cdktf';

export interface SiteFacts {
  /** Account the stack is applied in (data aws_caller_identity). */
  readonly accountId: string;
  /** aws, aws-cn or aws-us-gov (data aws_partition), for ARNs. */
  readonly partition: string;
}

const FACTS = new WeakMap<Construct, SiteFacts>();

/**
 * Account id and partition of a stack, created once per stack under the construct id `site`
 * (data.aws_caller_identity.site_account, data.aws_partition.site_partition), whichever concern
 * asks first. Concerns that need them call this instead of declaring their own.
 */
export function siteFacts(stack: Construct): SiteFacts {
  let facts = FACTS.get(stack);
  if (facts === undefined) {
    const scope = new Construct(stack, 'site');
    facts = {
      accountId: new DataAwsCallerIdentity(scope, 'account', {}).accountId,
      partition: new DataAwsPartition(scope, 'partition', {}).partition,
    };
    FACTS.set(stack, facts);
  }
  return facts;
}

