// The CloudWatch agent of one site's servers (monitoring.agent), as src/config/agent.ts decides
// it. Contract (AgentDelivery):
//   - the site's server log group (KMS-encrypted with the site key, retention
//     monitoring.logRetentionDays) with metric filters for severity 2 and 3 entries of messages.log;
//   - per agent file a String parameter in the free Standard tier (no secret is in any of them: the
//     agent uses the instance role), continued in `<name>.2`, `.3` ... past 4 KB;
//   - per server a State Manager association of AWS-RunShellScript (agentSetupScript) that puts the
//     files in place and starts the agent on them.
//     State Manager runs it when the instance first registers with Systems Manager and again
//     whenever the association changes, so a changed spec reaches running servers at apply, with no
//     user data (which runs once and sits at AWS's 16 KB limit) and no manual step;
//   - per instance role an inline policy with exactly what the agent needs: read that
//     role's parameters, publish metrics in the agent's two namespaces only, write to the site's
//     log group only.
//   - the setup script names each file's SHA-256 and checks what it fetched against it: a changed
//     file changes the script, so the association itself changes and State Manager runs it again
//     (it reruns on an association change, not on a parameter change); the association depends on
//     the server's parameters, so it runs after their new values are written.
// Names: parameters under the role's day-one path (/refarch/<deployment>/<site>/<role>/<key>/),
// resource ids from instance keys and file names, so servers coming and going rename nothing.
import { createHash } from 'node:crypto';
import { agentServers, serverLogGroupName, type AgentFile, type AgentServer } from '../../config/agent';
import { CLOUDWATCH_AGENT, SHIPPED_LOGS } from '../../catalog/observability';
import type { DeploymentModel, InstanceModel, SiteModel } from '../../model/model';
import { configParameterName, configParameterPath, type ServerRoleId } from '../../resolve/naming';
import { CloudwatchLogGroup, CloudwatchLogMetricFilter, Construct, IamRolePolicy, SsmAssociation, SsmParameter } from '../cdktf';
import { shellQuote as quote } from './boot-script';
import type { EncryptionRefs, ServerRefs, SiteContext } from './context';
import { parameterParts, serverRoleOf } from './day-one';
import { logMetricName } from '../../config/agent-alarms';
import { siteFacts } from './facts';

const A = CLOUDWATCH_AGENT.rows;

function parameterNameOf(model: DeploymentModel, site: SiteModel, instance: InstanceModel, file: AgentFile): string {
  return configParameterName(model.name, site.role, serverRoleOf(instance), instance.key, file.name);
}

/** Where the setup script logs (shipped with the other boot logs). */
export const AGENT_SETUP_LOG = '/var/log/refarch-agent.log';

/**
 * SHA-256 of the file the setup script assembles from a text's parameter parts: each
 * `aws ssm get-parameter --output text` prints its part and a newline, and the parts were cut at
 * line ends (parameterParts), so the file is the text with exactly one final newline.
 */
export function fileDigest(text: string): string {
  return createHash('sha256').update(`${text.replace(/\n$/, '')}\n`).digest('hex');
}

/**
 * The commands State Manager runs on a server: each file from its parameter (and continuation
 * parts), then the agent started on its configuration. A
 * server without the agent installed says so in AGENT_SETUP_LOG and the association fails, so the
 * gap shows in Systems Manager too. Written without `${` and `%{` (Terraform template syntax).
 */
export function agentSetupScript(model: DeploymentModel, site: SiteModel, instance: InstanceModel, server: AgentServer): string {
  const ctl = quote(A.ctl);
  const puts = server.files.map((f) => `put ${quote(parameterNameOf(model, site, instance, f))} ${parameterParts(f.text).length} ${quote(f.path)} ${f.mode} ${fileDigest(f.text)}`);
  return [
    // AWS-RunShellScript writes the commands to a file and runs `sh -c <file>` (amazon-ssm-agent,
    // plugins/runscript): with this first line the kernel runs the file with bash, whatever sh is.
    '#!/bin/bash',
    `# refarch: CloudWatch agent of ${instance.name} (monitoring.agent, README "Monitoring"); run by State Manager at registration and on every change.`,
    `exec >>${AGENT_SETUP_LOG} 2>&1`,
    `echo "$(date -u +%FT%TZ) agent setup"`,
    `if [ ! -x ${ctl} ]; then echo "CloudWatch agent is not installed (${A.ctl}): no memory, disk or IRIS metrics and no logs from this server"; exit 1; fi`,
    'put() {',
    '  local i=1 name="$1"',
    '  mkdir -p "$(dirname "$3")" && : >"$3.new" || return 1',
    '  while [ "$i" -le "$2" ]; do',
    `    aws ssm get-parameter --region ${quote(site.region)} --name "$name" --query Parameter.Value --output text >>"$3.new" || return 1`,
    '    i=$((i + 1)) name="$1.$i"',
    '  done',
    '  printf \'%s  %s\\n\' "$5" "$3.new" | sha256sum -c --status || { echo "$3: fetched content is not the one this setup was written for (SHA-256 $5)"; return 1; }',
    '  install -m "$4" "$3.new" "$3" && rm -f "$3.new"',
    '}',
    ...puts.map((p) => `${p} || exit 1`),
    `${ctl} -a fetch-config -m ec2 -s -c file:${quote(server.files[0]!.path)} || exit 1`,
    'echo "agent configured"',
    '',
  ].join('\n');
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
      const parameters: SsmParameter[] = [];
      for (const file of server.files) {
        const name = parameterNameOf(model, site, instance, file);
        const fileId = file.name.replace(/[^A-Za-z0-9]/g, '_');
        parameterParts(file.text).forEach((value, i) => {
          const parameter = new SsmParameter(this, i === 0 ? `${instance.key}_${fileId}` : `${instance.key}_${fileId}_${i + 1}`, {
            name: i === 0 ? name : `${name}.${i + 1}`,
            description: `refarch monitoring: ${file.name} of ${instance.name}, written to ${file.path} at boot`,
            type: 'String',
            tier: 'Standard',
            // Literal in Terraform: RefarchStack escapes every string (src/synth/terraform-text.ts).
            value,
            tags: { Name: `${instance.name}-agent` },
          });
          parameters.push(parameter);
        });
      }
      const ref = deps.servers.instances[instance.key];
      if (ref === undefined) continue;
      new SsmAssociation(this, `${instance.key}_setup`, {
        associationName: `${instance.name}-cloudwatch-agent`,
        name: 'AWS-RunShellScript',
        targets: [{ key: 'InstanceIds', values: [ref.id] }],
        parameters: { commands: agentSetupScript(model, site, instance, server) },
        dependsOn: parameters,
      });
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
