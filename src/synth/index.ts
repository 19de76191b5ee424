// synthesize: resolved model -> Terraform JSON per stack, written by cdktf into a directory.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentModel } from '../model/model';
import { buildApp } from './app';
import { invokeAspects, markTokenRegistry, TerraformStack, type IStackSynthesizer, type ISynthesisSession } from './cdktf';

export interface SynthesizedStack {
  readonly id: string;
  /** The stack's cdk.tf.json, parsed. */
  readonly json: TerraformJson;
}

export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly terraform?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

function skipStackCapture(): void {
  // Deliberately empty: see synthesizing.
}

/**
 * Runs one synthesis. cdktf captures a full stack trace (limit raised to MAX_SAFE_INTEGER) for
 * every token and complex attribute it creates, thousands per deployment, and never shows them
 * (App stackTraces is off). Skipping the capture during synthesis leaves each trace empty: ~10%
 * less synth time and fewer allocations, byte-identical output. Node's own errors use an internal
 * copy of Error.captureStackTrace, so they keep their traces. Afterwards, also on a throw, the
 * capture is restored and the app's tokens leave cdktf's process-wide registry, so the app can be
 * collected (markTokenRegistry): the JSON returned holds no token.
 */
function synthesizing<T>(run: () => T): T {
  const previous = Error.captureStackTrace;
  const releaseTokens = markTokenRegistry();
  Error.captureStackTrace = skipStackCapture;
  try {
    return run();
  } finally {
    Error.captureStackTrace = previous;
    releaseTokens();
  }
}

/** Synthesizes into `outdir` (cdktf layout: manifest.json, stacks/<id>/cdk.tf.json). */
export function synthesizeTo(model: DeploymentModel, outdir: string): string[] {
  synthesizing(() => buildApp(model, outdir).synth());
  return readdirSync(join(outdir, 'stacks')).sort();
}

/** Synthesizes in a scratch directory and returns every stack's JSON (tests, diff, reports). */
export function synthesizeInMemory(model: DeploymentModel): SynthesizedStack[] {
  const dir = mkdtempSync(join(tmpdir(), 'refarch-synth-'));
  try {
    const ids = synthesizeTo(model, dir);
    return ids.map((id) => ({ id, json: JSON.parse(readFileSync(join(dir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as TerraformJson }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Stands in for cdktf's StackSynthesizer when the JSON is wanted in memory: the same aspects and
 * validations, then the stack's Terraform object kept as it is, instead of serialised (sorted),
 * written, read back and parsed: ~1.4 s of CPU per synth of the largest valid spec, which `diff`
 * pays twice.
 */
class KeepInMemory implements IStackSynthesizer {
  constructor(
    private readonly stack: TerraformStack,
    private readonly sink: Map<string, TerraformJson>,
  ) {}

  synthesize(session: ISynthesisSession): void {
    invokeAspects(this.stack);
    if (!session.skipValidation) this.stack.runAllValidations();
    this.sink.set(this.stack.node.id, this.stack.toTerraform() as TerraformJson);
  }
}

/**
 * The same stacks as synthesizeInMemory, without the round trip through files (diff). The
 * objects equal the parsed cdk.tf.json files (test/report-diff.test.ts); key order may differ.
 */
export function synthesizeObjects(model: DeploymentModel): SynthesizedStack[] {
  const dir = mkdtempSync(join(tmpdir(), 'refarch-synth-'));
  try {
    return synthesizing(() => {
      const app = buildApp(model, dir);
      const sink = new Map<string, TerraformJson>();
      const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
      for (const stack of stacks) stack.synthesizer = new KeepInMemory(stack, sink);
      // app.synth() runs prepareStack and each stack's synthesizer, then writes a manifest (here
      // into the scratch folder, which is removed).
      app.synth();
      return [...sink.keys()].sort().map((id) => ({ id, json: sink.get(id)! }));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
