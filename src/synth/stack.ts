// The stack every refarch stack derives from: the Terraform and provider versions it admits, the state
// backend decided by the model, provider default tags, and resource addresses that depend only on
// construct ids (no hash suffixes), so an unrelated change to the spec never renames a resource.
import type { AccountModel, DeploymentModel } from '../model/model';
import { TOOLCHAIN } from '../catalog/catalog';
import { Aspects, AwsProvider, Construct, IamRole, LocalBackend, S3Backend, TerraformElement, TerraformStack } from './cdktf';
import type { Node } from 'constructs';
import { plainRecord } from '../util/record';
import { escapeLiterals } from './terraform-text';

/** From a stack's working directory (<out>/stacks/<id>) up to the folder holding <out>. */
export const STACK_DIR_TO_OUTPUT_PARENT = '../../..';

export interface RefarchStackProps {
  readonly model: DeploymentModel;
  /** Region of the stack's default provider. */
  readonly region: string;
  /** Purpose of the stack for its tags (primary, dr, link, dns). */
  readonly stackRole: string;
  /** Account of the stack's default provider (accounts.*); undefined: whatever the credentials are. */
  readonly account: AccountModel | undefined;
}

/**
 * allowed_account_ids (applying with credentials of another account fails before anything
 * changes) and, with a role, assume_role; nothing without an account, so specs without
 * `accounts` synthesize as before.
 */
function accountConfig(model: DeploymentModel, stackId: string, account: AccountModel | undefined) {
  if (account === undefined) return {};
  return {
    allowedAccountIds: [account.id],
    ...(account.roleArn ? { assumeRole: [{ roleArn: account.roleArn, sessionName: `refarch-${model.name}-${stackId}` }] } : {}),
  };
}

/**
 * The boundary policy in the stack's account. A customer managed policy is local to its account,
 * and landing zones deploy the same boundary (by name) into every account, so the ARN's account
 * is the stack's where the model names one; AWS managed policies (account `aws`) stay as given.
 */
function boundaryIn(arn: string | undefined, account: AccountModel | undefined): string | undefined {
  if (arn === undefined || account === undefined) return arn;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[4] === 'aws') return arn;
  parts[4] = account.id;
  return parts.join(':');
}

export class RefarchStack extends TerraformStack {
  readonly model: DeploymentModel;
  readonly provider: AwsProvider;

  constructor(scope: Construct, id: string, props: RefarchStackProps) {
    super(scope, id);
    this.model = props.model;
    this.addOverride('terraform.required_version', TOOLCHAIN.rows.terraformRequiredVersion);
    // Fully qualified source, so the lock file and `terraform providers` name the real registry address.
    this.addOverride('terraform.required_providers.aws.source', 'hashicorp/aws');
    // Every 6.x from the bindings' version on (the bindings alone would pin exactly 6.25.0); the
    // lock file pins what a deployment actually runs.
    this.addOverride('terraform.required_providers.aws.version', TOOLCHAIN.rows.awsProviderConstraint);
    const state = props.model.state;
    if (state.backend === 's3') {
      new S3Backend(this, { bucket: state.bucket, key: `${state.keyPrefix}/${props.model.name}/${id}.tfstate`, region: state.region, encrypt: true });
      // Terraform >= 1.10 locks with a lock file in the bucket; cdktf 0.21 has no typed field for it.
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    } else {
      // Terraform runs in <out>/stacks/<id>; the state lives beside <out>, outside what synth
      // replaces. Relative, so the output is byte-identical from any folder (cdktf's default path
      // is absolute).
      new LocalBackend(this, { path: `${STACK_DIR_TO_OUTPUT_PARENT}/${state.directory}/${id}.tfstate` });
    }
    this.provider = new AwsProvider(this, 'aws', { region: props.region, ...accountConfig(props.model, id, props.account) });
    this.providerTags.set('', plainRecord(Object.entries(props.model.tags), [['refarch:stack', props.stackRole]]));
    // IAM guardrails (iam.permissionsBoundary, iam.path) on every role of the stack, whichever
    // construct creates it, so a new role can never miss them.
    const { path } = props.model.iam;
    const permissionsBoundary = boundaryIn(props.model.iam.permissionsBoundary, props.account);
    if (permissionsBoundary !== undefined || path !== undefined) {
      Aspects.of(this).add({
        visit(node) {
          if (!(node instanceof IamRole)) return;
          if (permissionsBoundary !== undefined) node.permissionsBoundary = permissionsBoundary;
          if (path !== undefined) node.path = path;
        },
      });
    }
  }

  /** Each provider's default tags, by alias ('' for the default provider): see toTerraform. */
  private readonly providerTags = new Map<string, Record<string, string>>();

  /**
   * The providers' default tags go into the stack's JSON after cdktf has built it. cdktf copies a
   * map by assigning key by key, so a tag key `__proto__` would set the copy's prototype and be
   * lost; here each provider block gets the model's null-prototype record, which the JSON writer
   * reads key by key like any other.
   */
  override toTerraform(): any {
    const tf = super.toTerraform() as { provider?: { aws?: Array<Record<string, unknown>> } };
    for (const block of tf.provider?.aws ?? []) {
      const tags = this.providerTags.get(typeof block['alias'] === 'string' ? block['alias'] : '');
      if (tags !== undefined) block['default_tags'] = [{ tags }];
    }
    return tf;
  }

  /**
   * cdktf's version resolves every element of the stack once more before synthesis, in a
   * "preparing" pass whose only job is to find token references to other stacks and wire them
   * through terraform_remote_state. refarch stacks never reference each other (each applies on
   * its own; cross-region values are data-source lookups, and the tests check that every
   * reference in a stack names something declared in it), so that pass finds nothing and costs
   * ~15% of a synth. The backend it would otherwise add is always set in the constructor.
   */
  override prepareStack(): void {
    // No cross-stack pass (see above). Instead: the one choke point through which every string
    // reaches Terraform literally (src/synth/terraform-text.ts). Each element's configuration is
    // escaped as cdktf asks for it, just before cdktf resolves its tokens.
    for (const construct of this.node.findAll()) {
      if (!(construct instanceof TerraformElement)) continue;
      const element = construct as TerraformElement & { toTerraform(): unknown };
      const configuration = element.toTerraform.bind(element);
      element.toTerraform = () => escapeLiterals(configuration());
    }
  }

  /** A second provider for another region (link and dns stacks), by alias, in that site's account when the model names one. */
  providerFor(alias: string, region: string, account: AccountModel | undefined): AwsProvider {
    this.providerTags.set(alias, plainRecord(Object.entries(this.model.tags), [['refarch:stack', this.node.id]]));
    return new AwsProvider(this, `aws_${alias}`, { alias, region, ...accountConfig(this.model, `${this.node.id}-${alias}`, account) });
  }

  /**
   * Logical id = construct path below the stack joined with underscores: `network_vpc`,
   * `servers_web_1`. Ids are chosen by the constructs from stable model keys.
   */
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof TerraformElement ? element.node : element;
    const parts = node.scopes.slice(node.scopes.indexOf(this) + 1).map((scope) => scope.node.id);
    return parts.join('_').replace(/[^A-Za-z0-9_-]/g, '_');
  }
}
