import { Construct } from '../cdktf';
import type { EncryptionRefs, MirrorVipRefs, NetworkRefs, SecurityGroupRefs, ServerRefs, SiteContext, WebEntryRefs } from './context';

// STUB (owner: synth-primary helper)
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface WebEntry extends WebEntryRefs {}
export class WebEntry extends Construct {

  constructor(scope: Construct, id: string, _ctx: SiteContext, _deps: { network: NetworkRefs; securityGroups: SecurityGroupRefs; servers: ServerRefs; encryption: EncryptionRefs }) {
    super(scope, id);
  }
}
