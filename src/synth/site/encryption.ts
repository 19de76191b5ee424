import { Construct } from '../cdktf';
import type { EncryptionRefs, SiteContext } from './context';
import { KmsKey } from '../cdktf';

// STUB (owner: synth-primary helper)
export class Encryption extends Construct implements EncryptionRefs {
  readonly key: KmsKey;
  constructor(scope: Construct, id: string, ctx: SiteContext) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', { description: ctx.name('kms'), enableKeyRotation: true });
  }
}
