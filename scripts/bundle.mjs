// Last step of `npm run build` (after tsc and build-validator.mjs): bundles the CLI and everything
// it loads (cdktf, the provider bindings in src/synth/cdktf.ts, yaml, ...) into
// dist/bundle/refarch.cjs, then writes the V8 code cache for it, warmed up by validating,
// synthesizing and planning every shipped example. bin/load-bundle.js loads the pair.
//
// Why: a cold `refarch synth` spent ~0.15 s finding, reading and compiling ~700 module files
// before doing any work. The library entry (dist/src/index.js) stays unbundled.
//
// Usage: node scripts/bundle.mjs   (paths relative to this script's package root)
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const loader = require(join(root, 'bin', 'load-bundle.js'));
const outDir = dirname(loader.BUNDLE);

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(1);
}

/** Writes through a temporary file in the same folder, so a reader never sees half a file. */
function writeAtomically(file, data) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}

const result = await build({
  entryPoints: [loader.UNBUNDLED],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  write: false,
  // No comments (cdktf ships inline source maps) and no indentation: a smaller file to read and
  // hash. Names are kept: error messages and cdktf's class checks stay as they are.
  minifyWhitespace: true,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'warning',
  external: [
    // Graphviz in WebAssembly (~1.5 MB), loaded only by `refarch diagram`.
    '@viz-js/viz',
    // Schema compiler: only the fallback when dist/src/validate/spec-validator.js is missing,
    // which the bundle always contains.
    'ajv',
    'ajv/*',
    'ajv-formats',
  ],
});
const text = result.outputFiles[0].text;
// bin/load-bundle.js reads the bundle as latin1, exact only for ASCII.
const nonAscii = text.search(/[^\x00-\x7f]/);
if (nonAscii !== -1) fail(`non-ASCII character at offset ${nonAscii}: ${JSON.stringify(text.slice(nonAscii - 40, nonAscii + 40))}`);
const buildId = createHash('sha256').update(text).digest('hex');
const bundle = `${text}//# refarch-build ${buildId}\n`;
if (!loader.BUILD_ID.test(bundle)) fail('build id line does not match bin/load-bundle.js');

mkdirSync(outDir, { recursive: true });
writeAtomically(loader.BUNDLE, bundle);

// Code cache. Created after running the examples so that it holds the functions a real run
// compiles, not only the top level. A cache V8 rejects (other Node version or flags) costs
// nothing but speed.
const { exports: cli, script, cacheFile } = loader.runBundle(loader.BUNDLE, true);
const silent = { out: () => {}, err: () => {}, color: false, cwd: root };
const scratch = mkdtempSync(join(tmpdir(), 'refarch-bundle-'));
const previousExitCode = process.exitCode;
try {
  const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of examples) {
    const spec = join(root, 'examples', file);
    for (const args of [['validate', spec], ['synth', spec, '-o', join(scratch, file)], ['plan', spec, '--format', 'json']]) {
      const code = await cli.run(args, silent);
      if (code !== 0) fail(`warming up the code cache: \`refarch ${args.slice(0, 2).join(' ')}\` exited ${code}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  process.exitCode = previousExitCode;
}
writeAtomically(cacheFile, script.createCachedData());
// Caches of earlier bundles can never be used again (their build id is gone).
for (const name of readdirSync(outDir)) if (name.endsWith('.v8cache') && join(outDir, name) !== cacheFile) rmSync(join(outDir, name), { force: true });
console.log(`wrote ${join('dist', 'bundle', 'refarch.cjs')} (${(bundle.length / 1e6).toFixed(1)} MB) and its code cache`);
