// The web entry of a site: an internet-facing load balancer in the public subnets (or, with
// scheme internal, an internal one in the web subnets) in front of the web servers, HTTPS only (port 80 just redirects), sticky sessions by load balancer cookie (CSP
// sessions are pinned to one web server), access logs to the site's log bucket.
//   application (default): ALB with an HTTPS listener on the catalog's TLS 1.2+ policy, an HTTP
//     listener that answers 301 to HTTPS, an HTTPS target group (the web servers terminate TLS
//     again) and one attachment per web server, keyed by instance key.
//   classic (the reference architecture's Figure-4): Classic ELB with an HTTPS listener, a TLS
//     1.2 negotiation policy and a load balancer cookie stickiness policy on that listener, and one
//     aws_elb_attachment per web server.
import { DEFAULTS } from '../../catalog/catalog';
import { loadBalancerSubnetTier } from '../../model/addresses';
import type { WebLoadBalancerModel } from '../../model/model';
import { webLoadBalancerName } from '../../resolve/naming';
import {
  Construct,
  Elb,
  ElbAttachment,
  Lb,
  LbListener,
  LbTargetGroup,
  LbTargetGroupAttachment,
  LoadBalancerListenerPolicy,
  LoadBalancerPolicy,
  type S3Bucket,
  type SecurityGroup,
  TerraformVariable,
} from '../cdktf';
import type { EncryptionRefs, NetworkRefs, ServerRefs, SiteContext, WebEntryRefs } from './context';
import { LOG_PREFIX, type LogBucket, siteLogBucket } from './log-bucket';
import { terraformExpression } from '../terraform-text';

const HC = DEFAULTS.rows.healthCheck;
/** ALB load balancer cookie lifetime (seconds): a working day and more, the AWS default. */
const COOKIE_SECONDS = 86400;

export interface WebEntryDeps {
  readonly network: NetworkRefs;
  readonly servers: ServerRefs;
  readonly encryption: EncryptionRefs;
  /** The site's web load balancer and its security group: the site stack builds a web entry only when both exist. */
  readonly entry: { readonly model: WebLoadBalancerModel; readonly group: SecurityGroup };
}

/**
 * The certificate variable, named after its stack (`primary_web_certificate_arn`,
 * `dr_web_certificate_arn`): certificates are regional, so one `TF_VAR_` name must never fit two
 * stacks of different regions.
 */
function certificateVariable(scope: Construct, ctx: SiteContext): TerraformVariable {
  const variable = new TerraformVariable(scope, 'certificate_arn', {
    type: 'string',
    nullable: false,
    description: `ARN of an ACM certificate in ${ctx.site.region} (the ${ctx.site.stackId} stack's region) for the HTTPS listener of the ${ctx.site.role} site's web load balancer`,
    validation: [{ condition: terraformExpression(`\${can(regex("^arn:aws[a-z-]*:acm:${ctx.site.region}:[0-9]{12}:certificate/", var.${ctx.site.stackId}_web_certificate_arn))}`), errorMessage: `The certificate must be an ACM certificate ARN in ${ctx.site.region}, the region of this stack's load balancer.` }],
  });
  variable.overrideLogicalId(`${ctx.site.stackId}_web_certificate_arn`);
  return variable;
}

export class WebEntry extends Construct implements WebEntryRefs {
  readonly loadBalancer: Lb | Elb;
  readonly kind: 'application' | 'classic';
  readonly targetGroup: LbTargetGroup | undefined;
  readonly logBucket: S3Bucket;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: WebEntryDeps) {
    super(scope, id);
    const lbModel = deps.entry.model;
    const logs = siteLogBucket(ctx);
    this.logBucket = logs.bucket;
    this.kind = lbModel.type;
    // ACM certificates are regional and not in every spec: without one, `terraform plan` asks.
    const certificateArn =
      lbModel.certificateArn ??
      certificateVariable(this, ctx).stringValue;
    const name = webLoadBalancerName(ctx.model.name, ctx.site.role);
    const lbTier = loadBalancerSubnetTier(ctx.site);
    const subnets = ctx.site.subnets.filter((s) => s.tier === lbTier).map((s) => deps.network.subnets[s.key]!.id);
    const internal = lbModel.scheme === 'internal';
    const webServers = deps.servers.planned.filter((i) => i.tier === 'web');
    const https = ctx.model.ports.https;

    if (lbModel.type === 'application') {
      const alb = new Lb(this, 'alb', {
        name,
        internal,
        loadBalancerType: 'application',
        securityGroups: [deps.entry.group.id],
        subnets,
        dropInvalidHeaderFields: true,
        enableDeletionProtection: !ctx.model.decommission,
        accessLogs: { bucket: logs.bucket.id, prefix: LOG_PREFIX.web, enabled: true },
        tags: { Name: ctx.name('web') },
        dependsOn: [logs.policy],
      });
      const targetGroup = new LbTargetGroup(this, 'tg', {
        name,
        port: https,
        protocol: 'HTTPS',
        targetType: 'instance',
        vpcId: deps.network.vpc.id,
        healthCheck: {
          enabled: true,
          protocol: 'HTTPS',
          port: 'traffic-port',
          path: lbModel.healthCheckPath,
          matcher: '200-399',
          interval: HC.intervalSeconds,
          timeout: HC.timeoutSeconds,
          healthyThreshold: HC.healthyThreshold,
          unhealthyThreshold: HC.unhealthyThreshold,
        },
        stickiness: { type: 'lb_cookie', enabled: lbModel.stickySessions, cookieDuration: COOKIE_SECONDS },
        tags: { Name: ctx.name('web') },
      });
      // The listeners the model decided: HTTPS forwards to the web servers, HTTP only redirects.
      for (const listener of lbModel.listeners) {
        if (listener.action === 'forward') {
          new LbListener(this, 'https', {
            loadBalancerArn: alb.arn,
            port: listener.port,
            protocol: listener.protocol,
            sslPolicy: DEFAULTS.rows.tlsPolicy,
            certificateArn,
            defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
            tags: { Name: ctx.name('web-https') },
          });
        } else {
          new LbListener(this, 'http', {
            loadBalancerArn: alb.arn,
            port: listener.port,
            protocol: listener.protocol,
            defaultAction: [{ type: 'redirect', redirect: { port: String(https), protocol: 'HTTPS', statusCode: 'HTTP_301' } }],
            tags: { Name: ctx.name('web-http-redirect') },
          });
        }
      }
      for (const server of webServers) {
        const instance = deps.servers.instances[server.key];
        if (instance) new LbTargetGroupAttachment(this, `attach_${server.key}`, { targetGroupArn: targetGroup.arn, targetId: instance.id, port: https });
      }
      this.loadBalancer = alb;
      this.targetGroup = targetGroup;
    } else {
      this.loadBalancer = this.classic(ctx, deps, lbModel, name, subnets, certificateArn, logs);
      this.targetGroup = undefined;
    }
  }

  private classic(
    ctx: SiteContext,
    deps: WebEntryDeps,
    lbModel: WebLoadBalancerModel,
    name: string,
    subnets: string[],
    certificateArn: string,
    logs: LogBucket,
  ): Elb {
    const https = ctx.model.ports.https;
    const elb = new Elb(this, 'elb', {
      name,
      internal: lbModel.scheme === 'internal',
      subnets,
      securityGroups: [deps.entry.group.id],
      // HTTPS only (the model gives a Classic ELB no redirecting HTTP listener: it cannot redirect).
      listener: lbModel.listeners.map((l) => ({ lbPort: l.port, lbProtocol: l.protocol.toLowerCase(), instancePort: https, instanceProtocol: 'https', sslCertificateId: certificateArn })),
      healthCheck: {
        target: `HTTPS:${https}${lbModel.healthCheckPath}`,
        interval: HC.intervalSeconds,
        timeout: HC.timeoutSeconds,
        healthyThreshold: HC.healthyThreshold,
        unhealthyThreshold: HC.unhealthyThreshold,
      },
      crossZoneLoadBalancing: true,
      connectionDraining: true,
      connectionDrainingTimeout: 300,
      accessLogs: { bucket: logs.bucket.id, bucketPrefix: LOG_PREFIX.web, interval: 5, enabled: true },
      tags: { Name: ctx.name('web') },
      dependsOn: [logs.policy],
    });
    // The listener's policies are set as one list: aws_lb_cookie_stickiness_policy would replace
    // the listener's whole policy list with itself and drop the TLS negotiation policy, so both
    // policies are declared with aws_load_balancer_policy and attached together.
    const tls = new LoadBalancerPolicy(this, 'elb_tls_policy', {
      loadBalancerName: elb.name,
      policyName: 'refarch-tls-1-2',
      policyTypeName: 'SSLNegotiationPolicyType',
      policyAttribute: [{ name: 'Reference-Security-Policy', value: DEFAULTS.rows.classicTlsPolicy }],
    });
    const policies = [tls.policyName];
    if (lbModel.stickySessions) {
      // No CookieExpirationPeriod: the cookie lives as long as the browser session.
      const sticky = new LoadBalancerPolicy(this, 'elb_cookie_policy', {
        loadBalancerName: elb.name,
        policyName: 'refarch-sticky-sessions',
        policyTypeName: 'LBCookieStickinessPolicyType',
      });
      policies.push(sticky.policyName);
    }
    new LoadBalancerListenerPolicy(this, 'elb_listener_policies', { loadBalancerName: elb.name, loadBalancerPort: https, policyNames: policies });
    for (const server of deps.servers.planned.filter((i) => i.tier === 'web')) {
      const instance = deps.servers.instances[server.key];
      if (instance) new ElbAttachment(this, `attach_${server.key}`, { elb: elb.id, instance: instance.id });
    }
    return elb;
  }
}
