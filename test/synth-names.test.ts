// AWS caps the length of the names refarch gives: load balancers and target groups 32 characters,
// IAM roles 64, S3 buckets 63 (catalog AWS_NAME_LIMITS). With the longest deployment name the
// schema allows, every name in every example's Terraform must still fit, or apply would fail.
import { describe, expect, it } from 'vitest';
import { AWS_NAME_LIMITS } from '../src/catalog/catalog';
import { synthesizeInMemory, type TerraformJson } from '../src/synth/index';
import { exampleText, modelOfText } from './helpers/models';

const LONGEST = 'hospital-trakcare-production'; // 28 characters, the schema's maximum
const L = AWS_NAME_LIMITS.rows;
/** An account id stands where the bucket name interpolates one. */
const concrete = (name: string): string => name.replace(/\$\{[^}]*account_id\}/g, '123456789012');

function names(json: TerraformJson, type: string, attribute: string): string[] {
  return Object.values(json.resource?.[type] ?? {}).map((r) => concrete(String((r as Record<string, unknown>)[attribute])));
}

describe('AWS name lengths with the longest deployment name', () => {
  expect(LONGEST).toHaveLength(28);
  it.each(['trakcare.yaml', 'healthshare.yaml', 'cache-cloud.yaml', 'hybrid-dr.yaml', 'minimal.yaml'])('%s', (file) => {
    const text = exampleText(file).replace(/^name: .*$/m, `name: ${LONGEST}`);
    const stacks = synthesizeInMemory(modelOfText(text));
    const checked: Array<[string, number, string[]]> = [];
    for (const { json } of stacks) {
      checked.push(['load balancer', L.loadBalancer, [...names(json, 'aws_lb', 'name'), ...names(json, 'aws_elb', 'name')]]);
      checked.push(['target group', L.targetGroup, names(json, 'aws_lb_target_group', 'name')]);
      checked.push(['IAM role', L.iamRole, names(json, 'aws_iam_role', 'name')]);
      checked.push(['S3 bucket', L.s3Bucket, names(json, 'aws_s3_bucket', 'bucket')]);
    }
    const tooLong = checked.flatMap(([what, limit, list]) => list.filter((n) => n.length > limit).map((n) => `${what} ${n} (${n.length} > ${limit})`));
    expect(tooLong).toEqual([]);
    // The check bites: the longest load balancer name is cut to exactly its limit.
    expect(Math.max(...checked.filter(([what]) => what === 'load balancer').flatMap(([, , list]) => list.map((n) => n.length)))).toBe(L.loadBalancer);
  });
});
