// Day one of a site's servers: how each server's configuration file reaches it, and what its
// instance role may read to apply it. Contract:
//   - dayOnePlan(model, site) (day-one-plan.ts, pure: `refarch plan` counts its parameters): per
//     server, what its boot script needs (boot-script.ts) and, for
//     servers with a file (mergeFiles/gatewayFiles of src/config), the SSM parameter that holds
//     it. Undefined when day one is off (software.configure false, or Caché): the site is then
//     built exactly as before day one existed.
//   - DayOne (construct): per file, SecureString parameters encrypted with the site's key, in the
//     free Standard tier: one when the file fits 4 KB, else continued in `<name>.2`, `.3`, ...
//     (parameterParts); and per instance role
//     an inline policy that reads exactly that role's parameters
//     (/refarch/<deployment>/<site>/<role>/*), decrypts them only through SSM for those names, and
//     reads the spec's secrets (software.secrets) only where the role's servers use them: the
//     license key on roles of InterSystems IRIS servers (mirror members, ECP application and print
//     servers), the password on those too unless IRIS is pre-installed on the image (the password
//     is then the image's, and the boot script does not fetch it). A kit in S3: s3:GetObject on
//     that one object, on the same roles.
// Why a parameter rather than the file in user data: user data is read once (Terraform ignores
// later changes to it, see servers.ts), so a changed spec would never reach a running server; a
// parameter is updated by apply, and refarch-apply run again (SSM Run Command) applies it. It also
// keeps user data small and constant in size whatever the merge files hold (AWS's 16 KB limit).
// The files hold no secrets (src/config guarantees it); the secrets' values never pass through
// refarch, Terraform or its state: the servers fetch them at boot.
import { IRIS_DAY_ONE } from '../../catalog/catalog';
import { configParameterPath } from '../../resolve/naming';
import { Construct, IamRolePolicy, SsmParameter } from '../cdktf';
import type { EncryptionRefs, ServerRefs, SiteContext } from './context';
import { IRIS_ROLES, secretsOf, type DayOnePlan } from './day-one-plan';
import { siteFacts } from './facts';

// The plan (pure, also read by `refarch plan`) lives in day-one-plan.ts; re-exported for callers.
export { dayOnePlan, dayOnePlans, parameterParts, readinessParameter, secretArnIn, secretArns, serverRoleOf, type DayOnePlan, type DayOneServer } from './day-one-plan';

/** Statements that read one secret: the value, and its KMS decryption only through its service, for that secret alone. */
function secretStatements(arn: string, sid: string, partition: string): object[] {
  const [, , service, region, account] = arn.split(':');
  // Secrets Manager names the secret by its ARN in the encryption context, SSM by the parameter name.
  const read =
    service === 'secretsmanager'
      ? { action: 'secretsmanager:GetSecretValue', context: { 'kms:EncryptionContext:SecretARN': arn } }
      : { action: 'ssm:GetParameter', context: { 'kms:EncryptionContext:PS_Name': arn.slice(arn.indexOf(':parameter') + ':parameter'.length) } };
  return [
    { Sid: `Read${sid}`, Effect: 'Allow', Action: read.action, Resource: arn },
    {
      Sid: `Decrypt${sid}`,
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: `arn:${partition}:kms:${region}:${account}:key/*`,
      Condition: { StringEquals: { 'kms:ViaService': `${service}.${region}.amazonaws.com`, ...read.context } },
    },
  ];
}

/** The S3 object ARN of an s3:// kit location. */
function kitObjectArn(location: string, partition: string): string {
  return `arn:${partition}:s3:::${location.slice('s3://'.length)}`;
}

export class DayOne extends Construct {
  /** The first parameter of each server's file, by InstanceModel.key. */
  readonly parameters: Readonly<Record<string, SsmParameter>>;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { encryption: EncryptionRefs; servers: ServerRefs; plan: DayOnePlan }) {
    super(scope, id);
    const { model, site } = ctx;
    const { partition, accountId } = siteFacts(ctx.stack);
    const parameters: Record<string, SsmParameter> = {};
    for (const inst of site.instances) {
      const parameter = deps.plan.servers.get(inst.key)?.parameter;
      if (parameter === undefined) continue;
      const { file } = parameter;
      parameter.parts.forEach((value, i) => {
        const made = new SsmParameter(this, i === 0 ? `${inst.key}_file` : `${inst.key}_file_${i + 1}`, {
          name: i === 0 ? parameter.name : `${parameter.name}.${i + 1}`,
          description: `refarch day one: ${file.role} file of ${inst.name}, written to ${file.path} at boot${parameter.parts.length > 1 ? ` (part ${i + 1} of ${parameter.parts.length})` : ''}`,
          type: 'SecureString',
          keyId: deps.encryption.key.arn,
          tier: 'Standard',
          value,
          tags: { Name: `${inst.name}-day-one` },
        });
        if (i === 0) parameters[inst.key] = made;
      });
    }
    this.parameters = parameters;
    // refarch-apply, per role (under the role's path, so the role's read below covers it).
    for (const [role, script] of [...deps.plan.scripts].sort(([a], [b]) => a.localeCompare(b))) {
      script.parts.forEach((value, i) => {
        new SsmParameter(this, i === 0 ? `${role}_apply_script` : `${role}_apply_script_${i + 1}`, {
          name: i === 0 ? script.name : `${script.name}.${i + 1}`,
          description: `refarch day one: refarch-apply for the ${role} role's servers${script.parts.length > 1 ? ` (part ${i + 1} of ${script.parts.length})` : ''}`,
          type: 'SecureString',
          keyId: deps.encryption.key.arn,
          tier: 'Standard',
          value,
          tags: { Name: `${model.name}-${site.role}-${role}-refarch-apply` },
        });
      });
    }
    // Mirror readiness: `none` until the primary (or, hybrid, the operator) writes its host name.
    for (const r of deps.plan.readiness) {
      new SsmParameter(this, `mirror_ready_${r.mirror.toLowerCase()}`, {
        name: r.name,
        description: `refarch day one: host name of mirror ${r.mirror}'s primary once it is the primary; members and ECP clients wait for it (README, Day one)`,
        type: 'String',
        tier: 'Standard',
        value: 'none',
        tags: { Name: `${model.name}-${r.mirror.toLowerCase()}-ready` },
        lifecycle: { ignoreChanges: ['value'] },
      });
    }

    const sw = model.software;
    const ssmArn = (r: { region: string; name: string }): string => `arn:${partition}:ssm:${r.region}:${accountId}:parameter${r.name}`;
    for (const role of [...deps.plan.scripts.keys()].sort()) {
      const path = configParameterPath(model.name, site.role, role);
      const reads = [deps.plan.readinessAccess.read.get(role)].filter((r) => r !== undefined);
      const writes = role === 'database' ? [deps.plan.readinessAccess.write].filter((r) => r !== undefined) : [];
      const statements: object[] = [
        { Sid: 'ReadThisRolesDayOneFiles', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:${partition}:ssm:${site.region}:${accountId}:parameter${path}/*` },
        {
          Sid: 'DecryptThisRolesDayOneFiles',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: deps.encryption.key.arn,
          Condition: { StringEquals: { 'kms:ViaService': `ssm.${site.region}.amazonaws.com` }, StringLike: { 'kms:EncryptionContext:PS_Name': `${path}/*` } },
        },
      ];
      if (reads.length > 0) statements.push({ Sid: 'ReadMirrorReadiness', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: ssmArn(reads[0]!) });
      if (writes.length > 0) statements.push({ Sid: 'PublishMirrorPrimary', Effect: 'Allow', Action: 'ssm:PutParameter', Resource: ssmArn(writes[0]!) });
      const secrets = secretsOf(model, role, site);
      if (secrets.password !== undefined) statements.push(...secretStatements(secrets.password, 'Password', partition));
      if (secrets.license !== undefined) statements.push(...secretStatements(secrets.license, 'LicenseKey', partition));
      // Mirror TLS: members may issue certificates only from the spec's CA, only as end-entity certificates, and read them.
      if (role === 'database' && sw.tls !== undefined) {
        const ca = sw.tls.privateCaArn;
        statements.push(
          { Sid: 'IssueMemberCertificate', Effect: 'Allow', Action: 'acm-pca:IssueCertificate', Resource: ca, Condition: { StringEquals: { 'acm-pca:TemplateArn': `arn:${partition}:acm-pca:::${IRIS_DAY_ONE.rows.tls.template}` } } },
          { Sid: 'ReadMemberCertificate', Effect: 'Allow', Action: ['acm-pca:GetCertificate', 'acm-pca:GetCertificateAuthorityCertificate'], Resource: ca },
        );
      }
      if (IRIS_ROLES.has(role) && sw.install.kind === 'kit') {
        statements.push({ Sid: 'ReadInstallKit', Effect: 'Allow', Action: 's3:GetObject', Resource: kitObjectArn(sw.install.location, partition) });
      }
      const target = role === 'database' ? deps.servers.databaseRole : role === 'ecp' ? deps.servers.ecpRole : deps.servers.serverRole;
      if (target === undefined) continue;
      new IamRolePolicy(this, `${role}_policy`, { name: `day-one-${role}`, role: target.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
    }
  }
}
