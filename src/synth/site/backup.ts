// Backups of one site's mirror members, by model.backup.method:
//  - snapshot (default): Data Lifecycle Manager snapshots of the database instances (all their
//    volumes at one point in time), made application-consistent by pre/post scripts that run
//    Backup.General.ExternalFreeze()/ExternalThaw() through an SSM Command document; copies to the
//    DR region encrypted with the DR site's key.
//  - aws-backup: an AWS Backup vault (site key), daily plan and a selection naming the database
//    instances, and nothing else: an EC2 recovery point holds every attached volume taken at one
//    instant (multi-volume), so naming the volumes too would back each of them up twice, apart
//    from its instance's set. Crash-consistent: AWS Backup runs no pre/post script on Linux, so
//    there is no ExternalFreeze/ExternalThaw (the validator warns, backup.crash-consistent);
//    restoring one is like restarting after a power loss. Copies go to the DR site's vault.
//  - online: an encrypted EFS share (BackupShare, built before the servers so their user data can
//    mount it) that Caché/IRIS Online Backup writes to; EFS's own AWS Backup policy protects it.
// Nothing here reads another stack's state: the DR region's vault ARN is built from the model,
// and the DR key's ARN is looked up in the DR region by alias (see drKeyArn).
import type { InstanceModel, SiteModel } from '../../model/model';
import { SNAPSHOT_TAGS, snapshotPolicyTag } from '../../model/tags';
import {
  BackupPlan,
  BackupSelection,
  BackupVault,
  Construct,
  DataAwsKmsAlias,
  DlmLifecyclePolicy,
  EfsBackupPolicy,
  EfsFileSystem,
  EfsMountTarget,
  IamRole,
  IamRolePolicy,
  IamRolePolicyAttachment,
  SecurityGroup,
  SsmDocument,
  VpcSecurityGroupEgressRule,
  VpcSecurityGroupIngressRule,
} from '../cdktf';
import { siteContext, type EncryptionRefs, type NetworkRefs, type SecurityGroupRefs, type ServerRefs, type SiteContext } from './context';
import { keyAliasName } from './encryption';
import { siteFacts } from './facts';

/**
 * The one tag a site's DLM policy targets, carried by that site's mirror members only (the
 * servers construct sets it). DLM targets every resource that carries *any* of a policy's target
 * tags (they are ORed, not ANDed), so the policy must name a single tag whose value belongs to this
 * site alone: refarch:deployment is a default tag of every instance of the deployment (web, app,
 * print, arbiter), and refarch:tier=database is on the members of every refarch deployment in the
 * account and region; targeting either would snapshot, and run the freeze script on, instances
 * that are not this site's members.
 */
export function snapshotTargetTag(ctx: SiteContext): { readonly key: string; readonly value: string } {
  return snapshotPolicyTag(ctx.model, ctx.site);
}

/** The DLM pre/post script contract: DLM passes `command` and `executionId` to the document. */
const DLM_SCRIPT = {
  /** Seconds DLM waits for each script (DLM accepts 10-120). */
  timeoutSeconds: 120,
  /** Retries of a failed pre script (the whole snapshot attempt) or post script (DLM accepts 0-3). */
  retries: 2,
  /** The AWS managed policy AWSDataLifecycleManagerSSMFullAccess only lets DLM run documents with this tag. */
  accessTag: 'DLMScriptsAccess',
} as const;

/** AWS Backup vault name of a site (the DR site's is built the same way for copies). */
export function backupVaultName(ctx: SiteContext): string {
  return ctx.name('vault');
}

/** Daily UTC start time HH:MM as an AWS (EventBridge) cron expression. */
export function dailyCron(hhmm: string): string {
  const [hh, mm] = hhmm.split(':');
  return `cron(${Number(mm)} ${Number(hh)} * * ? *)`;
}

function databaseInstances(servers: ServerRefs): InstanceModel[] {
  return servers.planned.filter((i) => i.tier === 'database');
}

function serviceRole(scope: Construct, id: string, name: string, service: string, accountId: string, managedPolicies: readonly string[], partition: string): IamRole {
  const role = new IamRole(scope, id, {
    name,
    description: `Service role of ${service} for ${name}`,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': accountId } } }],
    }),
    tags: { Name: name },
  });
  managedPolicies.forEach((policy, i) => {
    new IamRolePolicyAttachment(scope, `${id}_policy_${i + 1}`, { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` });
  });
  return role;
}

/**
 * The Command document DLM runs before (pre-script) and after (post-script) each snapshot.
 * ExternalFreeze/ExternalThaw set the process exit status to 5 on success and 3 on failure; any
 * other outcome exits non-zero so that DLM skips the snapshot (executeOperationOnScriptFailure
 * false) rather than take a crash-consistent one. The instance is found with `iris qlist`
 * (IRIS) or `ccontrol qlist` (Caché); the SSM agent runs as root, which the instance's OS
 * authentication must admit to %SYS.
 */
export function freezeThawDocument(): string {
  const script = [
    'set -u',
    "case '{{ command }}' in",
    '  dry-run) echo "dry run: nothing to do"; exit 0 ;;',
    '  pre-script) method=ExternalFreeze ;;',
    '  post-script) method=ExternalThaw ;;',
    '  *) echo "unknown command" >&2; exit 1 ;;',
    'esac',
    'if command -v iris >/dev/null 2>&1; then ctl=iris; session="iris session"',
    'elif command -v ccontrol >/dev/null 2>&1; then ctl=ccontrol; session=csession',
    'else echo "neither iris nor ccontrol is on the PATH" >&2; exit 1; fi',
    "instance=$($ctl qlist | head -n 1 | cut -d '^' -f 1)",
    'if [ -z "$instance" ]; then echo "no InterSystems instance on this host" >&2; exit 1; fi',
    '$session "$instance" -U %SYS "##Class(Backup.General).$method()"',
    'status=$?',
    'if [ "$status" -eq 5 ]; then echo "$method succeeded on $instance"; exit 0; fi',
    'echo "$method failed on $instance (exit status $status)" >&2',
    'exit 1',
  ].join('\n');
  return JSON.stringify({
    schemaVersion: '2.2',
    description: 'Freeze (pre-script) and thaw (post-script) InterSystems database writes around a Data Lifecycle Manager snapshot.',
    parameters: {
      executionId: { type: 'String', default: 'None', description: 'DLM execution id', allowedPattern: '^(None|[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12})$' },
      command: { type: 'String', default: 'dry-run', description: 'pre-script freezes, post-script thaws', allowedValues: ['pre-script', 'post-script', 'dry-run'] },
    },
    mainSteps: [{ action: 'aws:runShellScript', name: 'freezeThaw', precondition: { StringEquals: ['platformType', 'Linux'] }, inputs: { timeoutSeconds: String(DLM_SCRIPT.timeoutSeconds), runCommand: [script] } }],
  });
}

/**
 * The DLM role's permissions on the keys of its snapshots, as AWS documents them for DLM roles
 * that copy encrypted snapshots across Regions with customer managed keys (Amazon EBS user guide,
 * "Automate cross-account snapshot copies", step "Allow IAM role to use the required KMS keys",
 * and "Permissions for encryption": the role needs both the source and the destination key):
 * use of the keys (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey) and grants on
 * them for AWS resources only (CreateGrant, ListGrants, RevokeGrant when
 * kms:GrantIsForAWSResource), both scoped to the named keys. The keys' policies let IAM policies
 * of the account decide (AccountAdministersKey in encryption.ts), so no key policy names the role.
 */
export function dlmKeyPolicy(keyArns: readonly string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'UseSnapshotKeys', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: keyArns },
      {
        Sid: 'GrantSnapshotKeysToEbs',
        Effect: 'Allow',
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: keyArns,
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ],
  });
}

export interface BackupDeps {
  readonly encryption: EncryptionRefs;
  readonly servers: ServerRefs;
}

export class Backups extends Construct {
  constructor(scope: Construct, id: string, ctx: SiteContext, deps: BackupDeps) {
    super(scope, id);
    const members = databaseInstances(deps.servers);
    if (members.length === 0) return;
    const { partition, accountId } = siteFacts(ctx.stack);
    const method = ctx.model.backup.method;
    if (method === 'snapshot') this.snapshots(ctx, deps, partition, accountId);
    else if (method === 'aws-backup') this.awsBackup(ctx, deps, members, partition, accountId);
    // 'online': the BackupShare construct (built before the servers) is the whole of it.
  }

  /** Copies go to the DR region only from the primary site, and only when the model says so. */
  private copyTarget(ctx: SiteContext): SiteModel | undefined {
    return ctx.model.backup.copyToDr && ctx.site.role === 'primary' ? ctx.model.dr : undefined;
  }

  private snapshots(ctx: SiteContext, deps: BackupDeps, partition: string, accountId: string): void {
    const { model } = ctx;
    const backup = model.backup;
    const document = new SsmDocument(this, 'freeze_thaw', {
      name: ctx.name('freeze-thaw'),
      documentType: 'Command',
      documentFormat: 'JSON',
      content: freezeThawDocument(),
      tags: { Name: ctx.name('freeze-thaw'), [DLM_SCRIPT.accessTag]: 'true' },
    });
    const role = serviceRole(
      this,
      'dlm_role',
      ctx.name('dlm'),
      'dlm.amazonaws.com',
      accountId,
      ['service-role/AWSDataLifecycleManagerServiceRole', 'service-role/AWSDataLifecycleManagerSSMFullAccess'],
      partition,
    );
    const target = this.copyTarget(ctx);
    const cmkArn = target ? drKeyArn(this, ctx, target) : undefined;
    // The managed DLM policies grant no KMS action: the role needs the site key (the members'
    // volumes are encrypted with it) and, for copies, the DR key the copies are re-encrypted with.
    new IamRolePolicy(this, 'dlm_role_kms', {
      name: 'snapshot-keys',
      role: role.name,
      policy: dlmKeyPolicy(cmkArn === undefined ? [deps.encryption.key.arn] : [deps.encryption.key.arn, cmkArn]),
    });
    const retain = { interval: backup.retainDays, intervalUnit: 'DAYS' };
    const targetTag = snapshotTargetTag(ctx);
    new DlmLifecyclePolicy(this, 'dlm_policy', {
      description: `${ctx.name('db')} daily application-consistent snapshots`,
      executionRoleArn: role.arn,
      state: 'ENABLED',
      tags: { Name: targetTag.value },
      policyDetails: {
        policyType: 'EBS_SNAPSHOT_MANAGEMENT',
        resourceTypes: ['INSTANCE'],
        // Instances, not volumes: one multi-volume snapshot set per member, all volumes at one instant.
        targetTags: { [targetTag.key]: targetTag.value },
        // Boot volume included: a restore rebuilds the whole member. No noReboot: it belongs to AMI
        // policies (IMAGE_MANAGEMENT) only; snapshots never reboot the instance.
        parameters: { excludeBootVolume: false },
        schedule: [
          {
            name: 'daily',
            copyTags: true,
            tagsToAdd: { ...SNAPSHOT_TAGS },
            createRule: {
              interval: 24,
              intervalUnit: 'HOURS',
              times: [backup.schedule],
              scripts: {
                executionHandler: document.name,
                executionHandlerService: 'AWS_SYSTEMS_MANAGER',
                stages: ['PRE', 'POST'],
                // A failed freeze skips the member's snapshot instead of taking a crash-consistent one.
                executeOperationOnScriptFailure: false,
                executionTimeout: DLM_SCRIPT.timeoutSeconds,
                maximumRetryCount: DLM_SCRIPT.retries,
              },
            },
            retainRule: retain,
            crossRegionCopyRule: target && cmkArn !== undefined ? [{ target: target.region, encrypted: true, cmkArn, copyTags: true, retainRule: retain }] : undefined,
          },
        ],
      },
    });
  }

  private awsBackup(ctx: SiteContext, deps: BackupDeps, members: InstanceModel[], partition: string, accountId: string): void {
    const { model } = ctx;
    const backup = model.backup;
    // Recovery points keep the vault from being deleted, except in a decommission (model.decommission),
    // which deletes them with it.
    const vault = new BackupVault(this, 'vault', { name: backupVaultName(ctx), kmsKeyArn: deps.encryption.key.arn, ...(model.decommission ? { forceDestroy: true } : {}), tags: { Name: backupVaultName(ctx) } });
    const target = this.copyTarget(ctx);
    const plan = new BackupPlan(this, 'plan', {
      name: ctx.name('db-backup'),
      tags: { Name: ctx.name('db-backup') },
      rule: [
        {
          ruleName: 'daily',
          targetVaultName: vault.name,
          schedule: dailyCron(backup.schedule),
          lifecycle: { deleteAfter: backup.retainDays },
          recoveryPointTags: { 'refarch:backup': 'aws-backup' },
          // The DR vault's ARN is fixed by its name: no lookup, no reference to the DR stack.
          copyAction: target
            ? [{ destinationVaultArn: `arn:${partition}:backup:${target.region}:${accountId}:backup-vault:${backupVaultName(siteContext(model, target, ctx.stack))}`, lifecycle: { deleteAfter: backup.retainDays } }]
            : undefined,
        },
      ],
    });
    const role = serviceRole(
      this,
      'role',
      ctx.name('backup'),
      'backup.amazonaws.com',
      accountId,
      ['service-role/AWSBackupServiceRolePolicyForBackup', 'service-role/AWSBackupServiceRolePolicyForRestores'],
      partition,
    );
    // Named instances rather than a tag condition: only this site's members, never another
    // deployment's. Their volumes are in each instance's recovery point, not named again.
    const resources = members.map((member) => deps.servers.instances[member.key]?.arn).filter((arn): arn is string => arn !== undefined);
    new BackupSelection(this, 'selection', { name: ctx.name('db'), planId: plan.id, iamRoleArn: role.arn, resources });
  }
}

/**
 * ARN of the DR site's key, for DLM's cross-region copy. DLM accepts only a key ARN (its API
 * pattern is `...:key/...`, so the alias ARN cannot be used), and the primary stack must not read
 * the DR stack's state: the key is found by alias in the DR region with a provider of its own.
 * This read is of the DR region only, from the primary stack; the DR stack never reads the
 * primary region. The DR stack must therefore be applied before the primary when copyToDr is on.
 */
function drKeyArn(scope: Construct, ctx: SiteContext, dr: SiteModel): string {
  const provider = ctx.stack.providerFor('dr', dr.region, dr.account);
  return new DataAwsKmsAlias(scope, 'dr_key', { provider, name: keyAliasName(siteContext(ctx.model, dr, ctx.stack)) }).targetKeyArn;
}

export interface BackupShareRefs {
  readonly fileSystem: EfsFileSystem;
  /** Where the database members mount the share. */
  readonly mountPoint: string;
}

/**
 * 'online' backups: an encrypted EFS file system with a mount target in every data subnet, open on
 * NFS only to the database members. Built before the servers so that their user data can mount it
 * (backupShareMountCommands).
 */
export class BackupShare extends Construct implements BackupShareRefs {
  readonly fileSystem: EfsFileSystem;
  readonly mountPoint: string;
  /** The members depend on them: their user data mounts the share on first boot. */
  readonly mountTargets: readonly EfsMountTarget[];

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { encryption: EncryptionRefs; network: NetworkRefs; securityGroups: SecurityGroupRefs }) {
    super(scope, id);
    this.mountPoint = `${ctx.model.mountRoot}/backup`;
    this.fileSystem = new EfsFileSystem(this, 'efs', {
      creationToken: ctx.name('backup'),
      encrypted: true,
      kmsKeyId: deps.encryption.key.arn,
      performanceMode: 'generalPurpose',
      throughputMode: 'elastic',
      tags: { Name: ctx.name('backup') },
    });
    new EfsBackupPolicy(this, 'efs_backup', { fileSystemId: this.fileSystem.id, backupPolicy: { status: 'ENABLED' } });
    const sg = new SecurityGroup(this, 'sg', {
      name: ctx.name('backup-efs'),
      description: 'Online Backup share (EFS): NFS from the database members only',
      vpcId: deps.network.vpc.id,
      tags: { Name: ctx.name('backup-efs') },
    });
    new VpcSecurityGroupIngressRule(this, 'sg_nfs_in', {
      securityGroupId: sg.id,
      tags: { Name: ctx.name('backup-efs-in-nfs-from-db') },
      description: 'NFS from the database members',
      ipProtocol: 'tcp',
      fromPort: NFS_PORT,
      toPort: NFS_PORT,
      referencedSecurityGroupId: deps.securityGroups.database.id,
    });
    new VpcSecurityGroupEgressRule(this, 'db_nfs_out', {
      securityGroupId: deps.securityGroups.database.id,
      tags: { Name: ctx.name('db-out-nfs-to-backup-efs') },
      description: 'NFS to the Online Backup share',
      ipProtocol: 'tcp',
      fromPort: NFS_PORT,
      toPort: NFS_PORT,
      referencedSecurityGroupId: sg.id,
    });
    const mountTargets: EfsMountTarget[] = [];
    for (const subnet of ctx.site.subnets.filter((s) => s.tier === 'data')) {
      const subnetRef = deps.network.subnets[subnet.key];
      if (!subnetRef) continue;
      mountTargets.push(new EfsMountTarget(this, `mount_${subnet.azIndex + 1}`, { fileSystemId: this.fileSystem.id, subnetId: subnetRef.id, securityGroups: [sg.id] }));
    }
    this.mountTargets = mountTargets;
  }
}

const NFS_PORT = 2049;

/**
 * Shell lines for the database members' user data that mount the Online Backup share over TLS
 * (amazon-efs-utils; Amazon Linux 2023 ships it in its repositories).
 */
export function backupShareMountCommands(share: BackupShareRefs): string[] {
  const mp = share.mountPoint;
  return [
    'dnf install -y amazon-efs-utils',
    `mkdir -p ${mp}`,
    `echo "${share.fileSystem.id}:/ ${mp} efs _netdev,tls,noresvport 0 0" >> /etc/fstab`,
    // A new mount target's DNS name resolves only a while after it is created: retry for up to
    // five minutes, and report a failure instead of letting Online Backup fill the root volume.
    `for _ in $(seq 1 30); do mountpoint -q ${mp} && break; mount ${mp} && break; sleep 10; done`,
    `mountpoint -q ${mp} || { echo "backup share: mount ${mp} failed"; failed=1; }`,
  ];
}
