import { Construct } from '../cdktf';
import type { EncryptionRefs, MirrorVipRefs, NetworkRefs, SecurityGroupRefs, ServerRefs, SiteContext, WebEntryRefs } from './context';

// STUB (owner: synth-primary helper)
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface SecurityGroups extends SecurityGroupRefs {}
export class SecurityGroups extends Construct {

  constructor(scope: Construct, id: string, _ctx: SiteContext, _deps: { network: NetworkRefs }) {
    super(scope, id);
  }
}
