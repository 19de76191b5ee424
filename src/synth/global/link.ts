import type { DeploymentModel, LinkModel } from '../../model/model';
import type { App } from '../cdktf';
import { RefarchStack } from '../stack';

// STUB (owner: synth-operations helper): inter-region VPC peering for async mirror traffic.
export function buildLinkStack(app: App, model: DeploymentModel, link: LinkModel): RefarchStack {
  return new RefarchStack(app, link.stackId, { model, region: link.primaryRegion, stackRole: 'link' });
}
