// Servers of one site: every InstanceModel becomes an EC2 instance in its tier's subnet and
// security group, EBS-optimized, with detailed monitoring, IMDSv2 only, a KMS-encrypted root
// volume, no public IP and an instance profile (SSM). Mirror members get their database volumes
// as separate encrypted EBS volumes attached at stable device names, and user data that formats
// (when blank) and mounts them; with day one on, every server's user data also applies its
// configuration (day-one.ts, boot-script.ts). Three instance roles, so that each policy reaches
// only the servers that need it: mirror members, ECP application and print servers (InterSystems
// IRIS instances that are not members), and the rest (web servers, arbiter). Addresses come from
// instance keys and volume purposes only. Mirror members and their volumes carry
// lifecycle.prevent_destroy unless the model is a decommission (model.decommission).
import { SERVER_TAGS, serverTags } from '../../model/tags';
import type { InstanceModel } from '../../model/model';
import {
  Construct,
  DataAwsSsmParameter,
  EbsVolume,
  IamInstanceProfile,
  IamRole,
  IamRolePolicyAttachment,
  Instance,
  type ITerraformDependable,
  VolumeAttachment,
} from '../cdktf';
import type { EncryptionRefs, NetworkRefs, SecurityGroupRefs, ServerRefs, SiteContext } from './context';
import { serverRoleOf, type DayOnePlan } from './day-one';
import { siteFacts } from './facts';
import { userData } from './user-data';

export interface ServersDeps {
  readonly network: NetworkRefs;
  readonly securityGroups: SecurityGroupRefs;
  readonly encryption: EncryptionRefs;
  /** Shell lines appended to the mirror members' user data (e.g. mounting an Online Backup share). */
  readonly memberUserData?: readonly string[];
  /** What that user data needs to exist before the members boot (the share's mount targets). */
  readonly memberDependsOn?: readonly ITerraformDependable[];
  /** Day one of each server (undefined: day one is off, user data as before it existed). */
  readonly dayOne?: DayOnePlan;
}


export class Servers extends Construct implements ServerRefs {
  readonly instances: Readonly<Record<string, Instance>>;
  readonly volumes: Readonly<Record<string, readonly EbsVolume[]>>;
  readonly databaseRole: IamRole;
  readonly ecpRole: IamRole | undefined;
  readonly serverRole: IamRole;
  /** The site's servers as the model decided them (their keys index `instances`). */
  readonly planned: readonly InstanceModel[];

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: ServersDeps) {
    super(scope, id);
    const { model, site } = ctx;
    const { partition } = siteFacts(ctx.stack);
    this.planned = site.instances;

    // One image lookup per site, however many instances use it.
    const ami = site.image.kind === 'ssm' ? new DataAwsSsmParameter(this, 'image', { name: site.image.parameter }).insecureValue : site.image.id;

    const ssmCore = `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`;
    const server = this.role(ctx, 'server', 'Servers of the web, application, print and arbiter tiers: Systems Manager access', ssmCore);
    const database = this.role(ctx, 'database', 'Mirror members: Systems Manager access; the mirror VIP adds the ^ZMIRROR call-out policy', ssmCore);
    const hasEcp = site.instances.some((i) => serverRoleOf(i) === 'ecp');
    const ecp = hasEcp ? this.role(ctx, 'ecp', 'ECP application and print servers: Systems Manager access', ssmCore) : undefined;
    this.serverRole = server.role;
    this.databaseRole = database.role;
    this.ecpRole = ecp?.role;
    const profiles = { database: database.profile, ecp: ecp?.profile ?? server.profile, server: server.profile } as const;

    const instances: Record<string, Instance> = {};
    const volumes: Record<string, EbsVolume[]> = {};
    // Each server with its tier's group: the groups are made from the tiers the site runs, so
    // every server has one.
    const placed = [...deps.securityGroups.servers].flatMap(([tier, group]) => site.instances.filter((i) => i.tier === tier).map((inst) => ({ inst, group })));
    for (const { inst, group } of placed) {
      const isMember = inst.tier === 'database';
      const subnet = deps.network.subnets[inst.subnetKey];
      const tags = serverTags(model, site, inst);

      const instance = new Instance(this, inst.key, {
        ami,
        instanceType: inst.instanceType,
        subnetId: subnet?.id,
        vpcSecurityGroupIds: [group.id],
        associatePublicIpAddress: false,
        ebsOptimized: true,
        monitoring: true,
        iamInstanceProfile: profiles[serverRoleOf(inst)].name,
        disableApiTermination: isMember || inst.tier === 'arbiter',
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
        rootBlockDevice: {
          encrypted: true,
          kmsKeyId: deps.encryption.key.arn,
          volumeType: inst.rootVolume.type,
          volumeSize: inst.rootVolume.sizeGiB,
          deleteOnTermination: true,
        },
        userData: userData(inst, model, isMember ? (deps.memberUserData ?? []) : [], deps.dayOne?.servers.get(inst.key)?.boot),
        tags,
        // The image comes from an SSM parameter AWS advances with every OS release; a new AMI id
        // would otherwise replace the instance, and with it a mirror member's root volume, on the
        // next apply. New images reach existing servers through patching (SSM), new servers get
        // the current image. user_data is ignored too: cloud-init runs it on first boot only, so a
        // change (a new volume in the layout) would do nothing on a running server except make
        // Terraform stop and start it, possibly both failover members in one apply. Volumes added
        // later are attached by Terraform and prepared by the operator (README, "Changing volumes").
        // A mirror member holds (a copy of) the databases: Terraform refuses to destroy or replace
        // it unless synth was told --allow-data-loss (model.decommission).
        lifecycle: { ignoreChanges: ['ami', 'user_data'], ...(isMember && !model.decommission ? { preventDestroy: true } : {}) },
        ...(isMember && deps.memberDependsOn && deps.memberDependsOn.length > 0 ? { dependsOn: [...deps.memberDependsOn] } : {}),
      });
      instances[inst.key] = instance;

      volumes[inst.key] = inst.volumes.map((v) => {
        const volume = new EbsVolume(this, `${inst.key}_${v.purpose}`, {
          availabilityZone: inst.az,
          type: v.type,
          size: v.sizeGiB,
          ...(v.iops !== undefined ? { iops: v.iops } : {}),
          ...(v.throughputMiBps !== undefined ? { throughput: v.throughputMiBps } : {}),
          encrypted: true,
          kmsKeyId: deps.encryption.key.arn,
          // The members are termination-protected; their data volumes are not, and a destroy or a
          // forced replacement (a new AZ or key) would delete the database without a trace. EBS
          // takes a last snapshot (volume tags included) before Terraform deletes a volume.
          finalSnapshot: true,
          // Database, journal and WIJ volumes (and the extra volumes, whose contents refarch
          // cannot know): Terraform refuses to destroy or replace them (model.decommission).
          ...(!model.decommission ? { lifecycle: { preventDestroy: true } } : {}),
          tags: {
            Name: `${inst.name}-${v.purpose}`,
            [SERVER_TAGS.tier]: inst.tier,
            [SERVER_TAGS.instance]: inst.key,
            [SERVER_TAGS.volume]: v.purpose,
            ...(inst.mirror !== undefined ? { [SERVER_TAGS.mirror]: inst.mirror } : {}),
          },
        });
        new VolumeAttachment(this, `${inst.key}_${v.purpose}_attachment`, { deviceName: v.deviceName, volumeId: volume.id, instanceId: instance.id });
        return volume;
      });
    }
    this.instances = instances;
    this.volumes = volumes;
  }

  /** An EC2 role with SSM core and its instance profile. */
  private role(ctx: SiteContext, id: string, description: string, ssmCore: string): { role: IamRole; profile: IamInstanceProfile } {
    const role = new IamRole(this, `${id}_role`, {
      name: ctx.name(id),
      description,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags: { Name: ctx.name(id) },
    });
    new IamRolePolicyAttachment(this, `${id}_role_ssm`, { role: role.name, policyArn: ssmCore });
    const profile = new IamInstanceProfile(this, `${id}_profile`, { name: ctx.name(id), role: role.name, tags: { Name: ctx.name(id) } });
    return { role, profile };
  }
}
