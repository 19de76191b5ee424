import type { DeploymentModel } from '../../model/model';
import type { RawSpec } from '../../spec/types';
import type { Finding } from '../../model/diagnostics';

/** What a semantic rule sees: the schema-valid raw spec and the model resolved from it. */
export interface RuleContext {
  readonly spec: RawSpec;
  readonly model: DeploymentModel;
}

/** A rule the JSON Schema cannot express. Pure: findings from the context, nothing else. */
export interface Rule {
  /** Rule ids this rule can emit (documented in the README's rule table). */
  readonly ids: readonly string[];
  readonly description: string;
  check(context: RuleContext): Finding[];
}
