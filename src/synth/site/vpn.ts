import type { VpnModel } from '../../model/model';
import { Construct } from '../cdktf';
import type { NetworkRefs, SiteContext } from './context';

// STUB (owner: synth-operations helper)
export class Vpn extends Construct {
  constructor(scope: Construct, id: string, _ctx: SiteContext, _deps: { network: unknown; vpn: VpnModel }) {
    super(scope, id);
  }
}
export type _Unused = NetworkRefs;
