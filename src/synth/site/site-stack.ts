// One site stack (primary region, or DR region / hybrid AWS site): the concerns in dependency
// order. Each reads the model; none decides defaults.
import type { DeploymentModel, SiteModel } from '../../model/model';
import type { App } from '../cdktf';
import { RefarchStack } from '../stack';
import { siteContext } from './context';
import { AgentDelivery } from './agent';
import { BackupShare, backupShareMountCommands } from './backup';
import { DayOne, dayOnePlan } from './day-one';
import { Encryption } from './encryption';
import { MirrorVip } from './mirror-vip';
import { Network } from './network';
import { Operations } from './operations';
import { SiteOutputs } from './outputs';
import { PrivateDns } from './private-dns';
import { SecurityGroups } from './security-groups';
import { Servers } from './servers';
import { Vpn } from './vpn';
import { WebEntry } from './web-entry';

export function buildSiteStack(app: App, model: DeploymentModel, site: SiteModel): RefarchStack {
  const stack = new RefarchStack(app, site.stackId, { model, region: site.region, stackRole: site.role });
  const ctx = siteContext(model, site, stack);
  const encryption = new Encryption(stack, 'kms', ctx);
  const network = new Network(stack, 'network', ctx, { encryption });
  const securityGroups = new SecurityGroups(stack, 'sg', ctx, { network });
  // Online Backup target, before the servers so that the mirror members' user data mounts it.
  const share = model.backup.method === 'online' ? new BackupShare(stack, 'share', ctx, { encryption, network, securityGroups }) : undefined;
  // Day one: what each server's user data applies, and the parameters and policies it reads.
  const dayOne = dayOnePlan(model, site);
  const servers = new Servers(stack, 'servers', ctx, {
    network,
    securityGroups,
    encryption,
    memberUserData: share ? backupShareMountCommands(share) : undefined,
    memberDependsOn: share?.mountTargets,
    dayOne,
  });
  if (dayOne) new DayOne(stack, 'day_one', ctx, { encryption, servers, plan: dayOne });
  // The CloudWatch agent's files, log group and permissions (monitoring.agent).
  if (model.monitoring.agent) new AgentDelivery(stack, 'agent', ctx, { encryption, servers });
  // A web entry where the model has a web load balancer, and so the security groups have its group.
  const lbGroup = securityGroups.webLoadBalancer;
  const web = site.webLoadBalancer && lbGroup ? new WebEntry(stack, 'web', ctx, { network, servers, encryption, entry: { model: site.webLoadBalancer, group: lbGroup } }) : undefined;
  const vip = new MirrorVip(stack, 'vip', ctx, { network, securityGroups, servers });
  new PrivateDns(stack, 'dns', ctx, { network, servers, vip });
  if (site.vpn) new Vpn(stack, 'vpn', ctx, { network, vpn: site.vpn, encryption });
  const ops = new Operations(stack, 'ops', ctx, { encryption, servers, web, vip });
  new SiteOutputs(stack, 'out', ctx, { servers, web, vip, network, encryption, alarmTopic: ops.monitoring.topic });
  return stack;
}
