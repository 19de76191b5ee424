// Specs and models for tests: the shipped examples by file name, and specs given as YAML text.
// A spec that does not validate throws with its diagnostics, so a test never runs on undefined.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeploymentModel } from '../../src/model/model';
import { checkFile, checkText } from '../../src/validate/validate';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

export function exampleText(file: string): string {
  return readFileSync(join(EXAMPLES_DIR, file), 'utf8');
}

/** The resolved model of a shipped example. */
export function exampleModel(file: string): DeploymentModel {
  const result = checkFile(join(EXAMPLES_DIR, file));
  if (!result.model) throw new Error(`${file}: ${JSON.stringify(result.diagnostics)}`);
  return result.model;
}

/** The resolved model of a spec given as YAML text (warnings allowed, errors throw). */
export function modelOfText(text: string): DeploymentModel {
  const result = checkText(text, 'spec.yaml');
  if (!result.model) throw new Error(JSON.stringify(result.diagnostics, null, 1));
  return result.model;
}
