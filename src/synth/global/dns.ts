import type { DeploymentModel, DnsModel } from '../../model/model';
import type { App } from '../cdktf';
import { RefarchStack } from '../stack';

// STUB (owner: synth-operations helper): Route 53 failover records and health checks.
export function buildDnsStack(app: App, model: DeploymentModel, dns: DnsModel): RefarchStack {
  return new RefarchStack(app, dns.stackId, { model, region: 'us-east-1', stackRole: 'dns' });
}
