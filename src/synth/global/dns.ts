// The dns stack: Route 53 failover routing for the application's public name (seed: "Disaster
// Recovery"). Route 53 is global; its control plane and its health-check metrics live in
// us-east-1, which is this stack's default region. Each failover target is a site's web load
// balancer, found by name in its own region through an aliased provider (the dns stack never
// references a site stack, which would read that stack's state), or, in the hybrid model, the
// on-premises entry point.
//
// Every target has an HTTPS string-match health check on mirror_status.cxw served through the CSP
// Gateway: only the region whose mirror member is primary answers SUCCESS, so only that region's
// record is healthy and failover needs no DNS change by hand. The records do not evaluate target
// health (the health check decides). Alarms on the health checks notify through an SNS topic
// encrypted with a key of this stack.
import type { DeploymentModel, DnsModel, DnsTarget } from '../../model/model';
import {
  type App,
  CloudwatchMetricAlarm,
  Construct,
  DataAwsCallerIdentity,
  DataAwsElb,
  DataAwsLb,
  DataAwsPartition,
  DataAwsRoute53Zone,
  KmsAlias,
  KmsKey,
  Route53HealthCheck,
  Route53Record,
  Route53Zone,
  SnsTopic,
  SnsTopicSubscription,
  TerraformOutput,
  type TerraformProvider,
} from '../cdktf';
import { RefarchStack } from '../stack';

/** Route 53's control plane and its CloudWatch metrics are in us-east-1. */
export const ROUTE53_REGION = 'us-east-1';

/** Health checks and records, as chosen for a failover pair. */
export const DNS_POLICY = {
  /** Seconds between checks from each checker (30 standard, 10 fast). */
  requestInterval: 30,
  /** Consecutive failures before a target counts as unhealthy. */
  failureThreshold: 3,
  /** TTL of CNAME records (alias records have none); short, so that a failover is seen soon. */
  cnameTtl: 60,
  /** Alarm evaluation: 1-minute periods. */
  alarmPeriod: 60,
  alarmEvaluationPeriods: 2,
} as const;

type Role = 'primary' | 'secondary';
const FAILOVER: Record<Role, 'PRIMARY' | 'SECONDARY'> = { primary: 'PRIMARY', secondary: 'SECONDARY' };

interface Endpoint {
  /** Host name the health check probes and the record points at. */
  readonly hostname: string;
  /** Present for AWS load balancers: alias target. */
  readonly alias: { readonly name: string; readonly zoneId: string } | undefined;
  readonly description: string;
}

export function buildDnsStack(app: App, model: DeploymentModel, dns: DnsModel): RefarchStack {
  const stack = new RefarchStack(app, dns.stackId, { model, region: ROUTE53_REGION, stackRole: 'dns', account: dns.account });
  const zoneId = hostedZone(stack, model, dns);
  const topic = alarmTopic(stack, model);
  new TerraformOutput(stack, 'alarm_topic_arn', { value: topic.arn, description: 'SNS topic the DNS failover alarms notify (subscribe on-call tooling here)' }).overrideLogicalId('alarm_topic_arn');
  const checks = failoverRecords(stack, model, dns, zoneId);
  failoverAlarms(stack, model, dns, checks, topic);
  return stack;
}

/** The public zone: created (and its name servers handed over for delegation), or looked up. */
function hostedZone(stack: RefarchStack, model: DeploymentModel, dns: DnsModel): string {
  if (!dns.createZone) return new DataAwsRoute53Zone(stack, 'zone', { name: dns.zoneName, privateZone: false }).zoneId;
  const zone = new Route53Zone(stack, 'zone', { name: dns.zoneName, comment: `${model.name}: public zone of ${dns.fqdn}`, tags: { Name: dns.zoneName } });
  // A new zone answers nothing until its parent delegates to it: hand over the name servers.
  new TerraformOutput(stack, 'name_servers', {
    value: zone.nameServers,
    description: `Name servers of the new zone ${dns.zoneName}: add them as its NS record in the parent zone (registrar or parent hosted zone), or the failover record resolves nowhere`,
  }).overrideLogicalId('name_servers');
  return zone.zoneId;
}

/** What a record points at: a site's web load balancer (looked up in its region by name) or a host. */
function endpointOf(stack: RefarchStack, providers: Map<string, TerraformProvider>, target: DnsTarget): Endpoint {
  if (target.kind === 'endpoint') return { hostname: target.hostname, alias: undefined, description: `on-premises entry point ${target.hostname}` };
  let provider = providers.get(target.site);
  if (!provider) {
    provider = stack.providerFor(target.site, target.region, (target.site === 'primary' ? stack.model.primary : stack.model.dr)?.account);
    providers.set(target.site, provider);
  }
  const lb =
    target.loadBalancerType === 'application'
      ? new DataAwsLb(stack, `${target.site}_lb`, { provider, name: target.loadBalancerName })
      : new DataAwsElb(stack, `${target.site}_lb`, { provider, name: target.loadBalancerName });
  return { hostname: lb.dnsName, alias: { name: lb.dnsName, zoneId: lb.zoneId }, description: `${target.site} web load balancer ${target.loadBalancerName} (${target.region})` };
}

/** A health check and a failover record per target; returns the checks by role. */
function failoverRecords(stack: RefarchStack, model: DeploymentModel, dns: DnsModel, zoneId: string): Partial<Record<Role, Route53HealthCheck>> {
  const providers = new Map<string, TerraformProvider>();
  const targets: Array<[Role, DnsTarget]> = [['primary', dns.primary]];
  if (dns.secondary) targets.push(['secondary', dns.secondary]);
  // A failover pair must be of one record type. An alias cannot point outside AWS, so when the
  // primary is an on-premises host name both records are CNAMEs; otherwise both are A aliases.
  const cname = targets.some(([, t]) => t.kind === 'endpoint');
  const checks: Partial<Record<Role, Route53HealthCheck>> = {};
  for (const [role, target] of targets) {
    const ep = endpointOf(stack, providers, target);
    const alarmName = target.kind === 'site' ? target.healthAlarmName : undefined;
    const check =
      target.kind === 'site' && alarmName !== undefined
        ? new Route53HealthCheck(stack, `${role}_check`, {
            type: 'CLOUDWATCH_METRIC',
            cloudwatchAlarmName: alarmName,
            cloudwatchAlarmRegion: target.region,
            // No data (the alarm is new, or its metric stopped): the site does not serve.
            insufficientDataHealthStatus: 'Unhealthy',
            tags: { Name: `${model.name}-${role}-mirror-status` },
          })
        : new Route53HealthCheck(stack, `${role}_check`, {
            type: 'HTTPS_STR_MATCH',
            fqdn: ep.hostname,
            port: model.ports.https,
            resourcePath: dns.healthCheckPath,
            searchString: dns.healthCheckSearchString,
            enableSni: true,
            requestInterval: DNS_POLICY.requestInterval,
            failureThreshold: DNS_POLICY.failureThreshold,
            measureLatency: false,
            tags: { Name: `${model.name}-${role}-mirror-status` },
          });
    checks[role] = check;
    new Route53Record(stack, `${role}_record`, {
      zoneId,
      name: dns.fqdn,
      setIdentifier: role,
      failoverRoutingPolicy: { type: FAILOVER[role] },
      healthCheckId: check.id,
      ...(cname || !ep.alias
        ? { type: 'CNAME', ttl: DNS_POLICY.cnameTtl, records: [ep.hostname] }
        : { type: 'A', alias: { name: ep.alias.name, zoneId: ep.alias.zoneId, evaluateTargetHealth: false } }),
    });
  }
  return checks;
}

/**
 * PRIMARY unhealthy means traffic has moved (or is about to). The SECONDARY is unhealthy in normal
 * operation (its async members answer FAILED), so its alarm is the opposite: it fires when the DR
 * site serves, i.e. after a promotion. Neither healthy means no region serves users.
 */
function failoverAlarms(stack: RefarchStack, model: DeploymentModel, dns: DnsModel, checks: Partial<Record<Role, Route53HealthCheck>>, topic: SnsTopic): void {
  const status = (check: Route53HealthCheck) => ({ namespace: 'AWS/Route53', metricName: 'HealthCheckStatus', dimensions: { HealthCheckId: check.id } });
  const common = { period: DNS_POLICY.alarmPeriod, evaluationPeriods: DNS_POLICY.alarmEvaluationPeriods, actionsEnabled: true, alarmActions: [topic.arn], okActions: [topic.arn] };
  const primaryCheck = checks.primary!;
  new CloudwatchMetricAlarm(stack, 'primary_unhealthy', {
    alarmName: `${model.name}-dns-primary-unhealthy`,
    alarmDescription: `${dns.fqdn}: the PRIMARY target does not answer SUCCESS on ${dns.healthCheckPath}; Route 53 sends users to the SECONDARY if it is healthy`,
    ...status(primaryCheck),
    statistic: 'Minimum',
    comparisonOperator: 'LessThanThreshold',
    threshold: 1,
    treatMissingData: 'breaching',
    ...common,
  });
  const secondaryCheck = checks.secondary;
  if (!secondaryCheck) return;
  new CloudwatchMetricAlarm(stack, 'secondary_serving', {
    alarmName: `${model.name}-dns-secondary-serving`,
    alarmDescription: `${dns.fqdn}: the SECONDARY (DR) target answers SUCCESS: a DR member has been promoted to primary`,
    ...status(secondaryCheck),
    statistic: 'Maximum',
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
    treatMissingData: 'notBreaching',
    ...common,
  });
  new CloudwatchMetricAlarm(stack, 'none_serving', {
    alarmName: `${model.name}-dns-none-serving`,
    alarmDescription: `${dns.fqdn}: neither target answers SUCCESS; no region serves users`,
    comparisonOperator: 'LessThanThreshold',
    threshold: 1,
    treatMissingData: 'breaching',
    metricQuery: [
      { id: 'primary', metric: { ...status(primaryCheck), period: DNS_POLICY.alarmPeriod, stat: 'Maximum' }, returnData: false },
      { id: 'secondary', metric: { ...status(secondaryCheck), period: DNS_POLICY.alarmPeriod, stat: 'Maximum' }, returnData: false },
      { id: 'serving', expression: 'MAX([primary, secondary])', label: 'targets answering SUCCESS', returnData: true },
    ],
    evaluationPeriods: DNS_POLICY.alarmEvaluationPeriods,
    actionsEnabled: true,
    alarmActions: [topic.arn],
    okActions: [topic.arn],
  });
}

/**
 * SNS topic for the health-check alarms, in us-east-1 with the metrics. Encrypted with a customer
 * managed key of this stack (the AWS managed alias/aws/sns key cannot grant CloudWatch the use
 * of the key, so alarms could not publish). Email subscription when the model names an address.
 */
function alarmTopic(stack: RefarchStack, model: DeploymentModel): SnsTopic {
  const scope = new Construct(stack, 'alarms');
  const partition = new DataAwsPartition(scope, 'partition', {}).partition;
  const accountId = new DataAwsCallerIdentity(scope, 'account', {}).accountId;
  const key = new KmsKey(scope, 'key', {
    description: `${model.name}: DNS failover alarm topic`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'CloudWatchPublishes', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
      ],
    }),
    tags: { Name: `${model.name}-dns-alarms` },
  });
  new KmsAlias(scope, 'key_alias', { name: `alias/${model.name}-dns-alarms`, targetKeyId: key.keyId });
  const topic = new SnsTopic(scope, 'topic', {
    name: `${model.name}-dns-alarms`,
    displayName: `${model.name} DNS failover alarms`,
    kmsMasterKeyId: key.arn,
    tags: { Name: `${model.name}-dns-alarms` },
  });
  if (model.monitoring.alarmEmail) new SnsTopicSubscription(scope, 'email', { topicArn: topic.arn, protocol: 'email', endpoint: model.monitoring.alarmEmail });
  return topic;
}
