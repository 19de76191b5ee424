// Builds the cdktf App for a resolved model: one stack per site (primary, dr), the inter-region
// link, and the global DNS failover records, each with its own state.
import type { DeploymentModel } from '../model/model';
import { App } from './cdktf';
import { buildDnsStack } from './global/dns';
import { buildLinkStack } from './global/link';
import { buildSiteStack } from './site/site-stack';

/** Environment variables through which cdktf would let the caller's shell change the output. */
const CDKTF_ENV = ['CDKTF_OUTDIR', 'CDKTF_TARGET_STACK_ID', 'CDKTF_CONTEXT_JSON', 'SYNTH_HCL_OUTPUT', 'CDKTF_DISABLE_PLUGIN_CACHE_ENV'] as const;

export function buildApp(model: DeploymentModel, outdir: string): App {
  const saved = CDKTF_ENV.map((name) => [name, process.env[name]] as const);
  for (const name of CDKTF_ENV) delete process.env[name];
  try {
    const app = new App({ outdir, stackTraces: false, hclOutput: false, skipValidation: false, context: { excludeStackIdFromLogicalIds: true, allowSepCharsInLogicalIds: true } });
    if (model.primary) buildSiteStack(app, model, model.primary);
    if (model.dr) buildSiteStack(app, model, model.dr);
    if (model.link) buildLinkStack(app, model, model.link);
    if (model.dns) buildDnsStack(app, model, model.dns);
    return app;
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
