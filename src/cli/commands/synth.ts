import type { Command } from '../main';
import { UsageError } from '../io';

export const synthCommand: Command = {
  summary: 'compile a spec into Terraform (cdktf.out/)',
  usage: 'Usage: refarch synth <spec.yaml> [-o dir]',
  options: { output: { type: 'string', short: 'o', default: 'cdktf.out' } },
  run() {
    throw new UsageError('synth is not built yet');
  },
};
