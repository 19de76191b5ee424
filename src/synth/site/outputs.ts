import { Construct } from '../cdktf';
import type { MirrorVipRefs, ServerRefs, SiteContext, WebEntryRefs } from './context';

// STUB (owner: synth-primary helper)
export class SiteOutputs extends Construct {
  constructor(scope: Construct, id: string, _ctx: SiteContext, _deps: { servers: unknown; web: unknown; vip: unknown }) {
    super(scope, id);
  }
}
export type _Unused = MirrorVipRefs | ServerRefs | WebEntryRefs;
