import { Construct } from '../cdktf';
import type { SiteContext } from './context';

// STUB (owner: synth-operations helper): backups and monitoring of one site.
export class Operations extends Construct {
  constructor(scope: Construct, id: string, _ctx: SiteContext, _deps: { encryption: unknown; servers: unknown; web: unknown; vip: unknown }) {
    super(scope, id);
  }
}
