// Day-2 operations of one site: backups (backup.ts) and monitoring (monitoring.ts).
import { Construct } from '../cdktf';
import { Backups } from './backup';
import type { EncryptionRefs, MirrorVipRefs, ServerRefs, SiteContext, WebEntryRefs } from './context';
import { Monitoring } from './monitoring';

export interface OperationsDeps {
  readonly encryption: EncryptionRefs;
  readonly servers: ServerRefs;
  readonly web: WebEntryRefs | undefined;
  readonly vip: MirrorVipRefs;
}

export class Operations extends Construct {
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, ctx: SiteContext, deps: OperationsDeps) {
    super(scope, id);
    new Backups(this, 'backup', ctx, { encryption: deps.encryption, servers: deps.servers });
    this.monitoring = new Monitoring(this, 'mon', ctx, deps);
  }
}
