// synthesize: resolved model -> Terraform JSON per stack, written by cdktf into a directory.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentModel } from '../model/model';
import { buildApp } from './app';

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
  // Deliberately empty: see synthesizeTo.
}

/** Synthesizes into `outdir` (cdktf layout: manifest.json, stacks/<id>/cdk.tf.json). */
export function synthesizeTo(model: DeploymentModel, outdir: string): string[] {
  // cdktf captures a full stack trace (limit raised to MAX_SAFE_INTEGER) for every token and
  // complex attribute it creates, thousands per deployment, and never shows them (App stackTraces
  // is off). Skipping the capture during synthesis leaves each trace empty: ~10% less synth time
  // and fewer allocations, byte-identical output. Node's own errors use an internal copy of
  // Error.captureStackTrace, so they keep their traces. Restored afterwards, also on a throw.
  const previous = Error.captureStackTrace;
  Error.captureStackTrace = skipStackCapture;
  try {
    const app = buildApp(model, outdir);
    app.synth();
  } finally {
    Error.captureStackTrace = previous;
  }
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
