// The CloudWatch agent of one site's servers (monitoring.agent), as src/config/agent.ts decides
// it. Contract:
//   - agentBootOf(model, site, instance): what a server's user data needs to start the agent:
//     the SSM parameters holding its files (agent configuration, scrape configuration, DR async
//     probe), where each goes, and whether the probe's timer is enabled. Undefined when the agent
//     is off: the user data is then what it was before the agent existed.
//   - AgentDelivery (construct): the site's server log group (KMS-encrypted with the site key,
//     retention monitoring.logRetentionDays) with metric filters for severity 2 and 3 entries of
//     messages.log; per file a String parameter in the free Standard tier (no secret is in any of
//     them: the agent uses the instance role), continued in `<name>.2`, `.3` ... past 4 KB; and per
//     instance role an inline policy with exactly what the agent and the probe need: read that
//     role's agent parameters, publish metrics in the agent's two namespaces only, write to the
//     site's log group only.
// Names: parameters under the role's day-one path (/refarch/<deployment>/<site>/<role>/<key>/),
// resource ids from instance keys and file names, so servers coming and going rename nothing.
import { agentServers, serverLogGroupName, type AgentFile, type AgentServer } from '../../config/agent';
import { CLOUDWATCH_AGENT, SHIPPED_LOGS } from '../../catalog/observability';
import type { DeploymentModel, InstanceModel, SiteModel } from '../../model/model';
import { configParameterName, configParameterPath, type ServerRoleId } from '../../resolve/naming';
import { CloudwatchLogGroup, CloudwatchLogMetricFilter, Construct, IamRolePolicy, SsmParameter } from '../cdktf';
import { terraformLiteral } from './boot-script';
import type { EncryptionRefs, ServerRefs, SiteContext } from './context';
import { parameterParts, serverRoleOf } from './day-one';
import { logMetricName } from '../../config/agent-alarms';
import { siteFacts } from './facts';

const A = CLOUDWATCH_AGENT.rows;

/** What the user data of one server needs to start the agent. */
export interface AgentBoot {
  readonly region: string;
  readonly files: ReadonlyArray<{ readonly parameter: string; readonly parts: number; readonly path: string; readonly mode: AgentFile['mode'] }>;
  /** The agent configuration file (`fetch-config -c file:`). */
  readonly configPath: string;
  /** Whether the DR async probe's timer is enabled. */
  readonly probe: boolean;
}

function parameterNameOf(model: DeploymentModel, site: SiteModel, instance: InstanceModel, file: AgentFile): string {
  return configParameterName(model.name, site.role, serverRoleOf(instance), instance.key, file.name);
}

function serverOf(model: DeploymentModel, site: SiteModel, instance: InstanceModel): AgentServer | undefined {
  return bySiteAndKey(model).get(`${site.role}/${instance.key}`);
}

const indexes = new WeakMap<DeploymentModel, ReadonlyMap<string, AgentServer>>();
function bySiteAndKey(model: DeploymentModel): ReadonlyMap<string, AgentServer> {
  let index = indexes.get(model);
  if (index === undefined) {
    index = new Map(agentServers(model).map((s) => [`${s.site}/${s.instanceKey}`, s] as const));
    indexes.set(model, index);
  }
  return index;
}

export function agentBootOf(model: DeploymentModel, site: SiteModel, instance: InstanceModel): AgentBoot | undefined {
  const server = serverOf(model, site, instance);
  if (server === undefined) return undefined;
  return {
    region: site.region,
    files: server.files.map((f) => ({ parameter: parameterNameOf(model, site, instance, f), parts: parameterParts(f.text).length, path: f.path, mode: f.mode })),
    configPath: server.files[0]!.path,
    probe: server.probe,
  };
}

export class AgentDelivery extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: { encryption: EncryptionRefs; servers: ServerRefs }) {
    super(scope, id);
    const { model, site } = ctx;
    const { partition, accountId } = siteFacts(ctx.stack);
    const groupName = serverLogGroupName(model, site);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: groupName,
      kmsKeyId: deps.encryption.key.arn,
      retentionInDays: model.monitoring.logRetentionDays,
      tags: { Name: groupName },
    });
    if (model.software.platform === 'iris') {
      for (const f of SHIPPED_LOGS.rows.severityFilters) {
        new CloudwatchLogMetricFilter(this, `severity_${f.severity}`, {
          name: ctx.name(`iris-severity-${f.severity}`),
          logGroupName: this.logGroup.name,
          pattern: f.pattern,
          metricTransformation: { namespace: A.irisNamespace, name: logMetricName(model, site, f.metric), value: '1' },
        });
      }
    }
    const roles = new Set<ServerRoleId>();
    const servers = agentServers(model).filter((s) => s.site === site.role);
    const byKey = new Map(site.instances.map((i) => [i.key, i] as const));
    for (const server of servers) {
      const instance = byKey.get(server.instanceKey)!;
      roles.add(serverRoleOf(instance));
      for (const file of server.files) {
        const name = parameterNameOf(model, site, instance, file);
        const fileId = file.name.replace(/[^A-Za-z0-9]/g, '_');
        parameterParts(file.text).forEach((value, i) => {
          new SsmParameter(this, i === 0 ? `${instance.key}_${fileId}` : `${instance.key}_${fileId}_${i + 1}`, {
            name: i === 0 ? name : `${name}.${i + 1}`,
            description: `refarch monitoring: ${file.name} of ${instance.name}, written to ${file.path} at boot`,
            type: 'String',
            tier: 'Standard',
            value: terraformLiteral(value),
            tags: { Name: `${instance.name}-agent` },
          });
        });
      }
    }
    const logArn = `arn:${partition}:logs:${site.region}:${accountId}:log-group:${groupName}`;
    for (const role of [...roles].sort()) {
      const target = role === 'database' ? deps.servers.databaseRole : role === 'ecp' ? deps.servers.ecpRole : deps.servers.serverRole;
      if (target === undefined) continue;
      const statements = [
        { Sid: 'ReadThisRolesAgentFiles', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:${partition}:ssm:${site.region}:${accountId}:parameter${configParameterPath(model.name, site.role, role)}/*` },
        // PutMetricData has no resource type (Service Authorization Reference, Amazon CloudWatch):
        // the namespace condition is what narrows it.
        { Sid: 'PublishAgentMetrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': [A.osNamespace, A.irisNamespace] } } },
        { Sid: 'WriteSiteServerLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: [logArn, `${logArn}:log-stream:*`] },
      ];
      new IamRolePolicy(this, `${role}_policy`, { name: `monitoring-agent-${role}`, role: target.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
    }
  }
}
