// Last step of `npm run build` (after tsc and build-validator.mjs): bundles the CLI into
// dist/bundle/refarch.cjs (everything but the synthesizer) and dist/bundle/refarch-synth.cjs
// (src/synth with cdktf and the provider bindings in src/synth/cdktf.ts), then writes the V8 code
// cache of each, warmed up by validating, synthesizing and planning every shipped example.
// bin/load-bundle.js loads them.
//
// Why: a cold `refarch synth` spent ~0.15 s finding, reading and compiling ~700 module files
// before doing any work. The library entry (dist/src/index.js) stays unbundled.
//
// Usage: node scripts/bundle.mjs   (paths relative to this script's package root)
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const loaderFile = join(root, 'bin', 'load-bundle.js');
const loader = require(loaderFile);
const outDir = dirname(loader.BUNDLE);

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(1);
}

/** The build id of a bundle: the sha-256 of its text, appended as its last line. */
function buildIdOf(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes through a temporary file in the same folder, so a reader never sees half a file. */
function writeAtomically(file, data) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  write: false,
  metafile: true,
  // No comments (cdktf ships inline source maps) and no indentation: a smaller file to read and
  // hash. Names are kept: error messages and cdktf's class checks stay as they are.
  minifyWhitespace: true,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'warning',
};

// The CLI without the synthesizer: its `require('../../synth/index')` becomes a call into
// bin/load-bundle.js, which loads the synth bundle (with its own code cache) on first use.
const synthAsSeparateBundle = {
  name: 'synth-as-separate-bundle',
  setup(b) {
    b.onResolve({ filter: /(^|\/)synth\/index$/ }, (args) =>
      join(args.resolveDir, `${args.path}.js`) === loader.UNBUNDLED_SYNTH ? { path: 'synth', namespace: 'refarch-synth-bundle' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'refarch-synth-bundle' }, () => ({
      contents: `module.exports = require(${JSON.stringify(relative(outDir, loaderFile).split(sep).join('/'))}).loadSynth(${JSON.stringify(synthBuildId)});`,
      loader: 'js',
    }));
    b.onResolve({ filter: /load-bundle\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

// cdktf loads archiver (and its ~40 stream and glob modules) at start-up for one thing: zipping
// TerraformAsset folders, which refarch never creates. It is replaced by a stub that fails loudly
// if that ever changes. Saves ~25% of loading the synth bundle.
const UNUSED_BY_REFARCH = { archiver: 'cdktf TerraformAsset archives' };
const stubUnused = {
  name: 'stub-unused-dependencies',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${Object.keys(UNUSED_BY_REFARCH).join('|')})$`) }, (args) => ({ path: args.path, namespace: 'refarch-unused' }));
    b.onLoad({ filter: /.*/, namespace: 'refarch-unused' }, (args) => ({
      contents: `module.exports = function () { throw new Error(${JSON.stringify(`refarch's bundle leaves out ${args.path} (only used for ${UNUSED_BY_REFARCH[args.path]}); see scripts/bundle.mjs`)}); };`,
      loader: 'js',
    }));
  },
};

// Node 22+ prints "[DEP0044] DeprecationWarning: The util.isArray API is deprecated" (on stderr,
// once per synth and diff) because cdktf 0.21's TerraformOutput calls require('util').isArray,
// which is exactly Array.isArray. The bundle calls Array.isArray there instead; the build fails if
// cdktf no longer has that call, so a new cdktf version is looked at again rather than patched blindly.
const DEPRECATED_CALLS = [{ file: /node_modules\/cdktf\/lib\/terraform-output\.js$/, from: '(0, util_2.isArray)(', to: 'Array.isArray(' }];
const replaceDeprecatedCalls = {
  name: 'replace-deprecated-node-apis',
  setup(b) {
    b.onLoad({ filter: /node_modules\/cdktf\/lib\/terraform-output\.js$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      for (const { file, from, to } of DEPRECATED_CALLS) {
        if (!file.test(args.path)) continue;
        if (!contents.includes(from)) fail(`${args.path} no longer contains ${from}: check scripts/bundle.mjs DEPRECATED_CALLS`);
        contents = contents.split(from).join(to);
      }
      return { contents, loader: 'js' };
    });
  },
};

// The synthesizer first: the CLI bundle names the synth build it was made with, so that a CLI and a
// synthesizer from two different builds (a rebuild while refarch starts) never run together.
const synth = await build({ ...common, entryPoints: [loader.UNBUNDLED_SYNTH], plugins: [stubUnused, replaceDeprecatedCalls] });
const synthBuildId = buildIdOf(synth.outputFiles[0].text);
if (/\butil(_\d+)?\.isArray\b/.test(synth.outputFiles[0].text)) fail('the synth bundle still calls a deprecated util.isArray');

const cli = await build({
  ...common,
  entryPoints: [loader.UNBUNDLED],
  plugins: [synthAsSeparateBundle],
  external: [
    // Graphviz in WebAssembly (~1.5 MB), loaded only by `refarch diagram`.
    '@viz-js/viz',
    // Schema compiler: only the fallback when dist/src/validate/spec-validator.js is missing,
    // which the bundle always contains.
    'ajv',
    'ajv/*',
    'ajv-formats',
    // HTTP client with proxy support (~0.4 MB), loaded only by `refarch prices` when a proxy
    // variable is set.
    'undici',
  ],
});
// Two modules of src/synth are pure (no cdktf): the day-one plan and the boot script it names.
// `refarch plan` counts the SSM parameters they make; nothing else of the synthesizer may come in.
const PURE_SYNTH = /dist\/src\/synth\/site\/(day-one-plan|boot-script)\.js$/;
const leaked = Object.keys(cli.metafile.inputs).filter((input) => /node_modules\/(cdktf|@cdktf|cdktn|@cdktn|constructs)\/|dist\/src\/synth\//.test(input) && !PURE_SYNTH.test(input));
if (leaked.length > 0) fail(`the CLI bundle must not contain the synthesizer, but has ${leaked.slice(0, 3).join(', ')}`);

mkdirSync(outDir, { recursive: true });
for (const [file, result] of [[loader.BUNDLE, cli], [loader.SYNTH_BUNDLE, synth]]) {
  const text = result.outputFiles[0].text;
  // bin/load-bundle.js reads bundles as latin1, exact only for ASCII.
  const nonAscii = text.search(/[^\x00-\x7f]/);
  if (nonAscii !== -1) fail(`${file}: non-ASCII character at offset ${nonAscii}: ${JSON.stringify(text.slice(nonAscii - 40, nonAscii + 40))}`);
  // bin/load-bundle.js runs bundles without a dynamic-import loader on Node < 20.12.
  const dynamicImport = text.search(/\bimport\s*\(/);
  if (dynamicImport !== -1) fail(`${file}: dynamic import() at offset ${dynamicImport}: ${JSON.stringify(text.slice(dynamicImport - 40, dynamicImport + 40))}`);
  const bundle = `${text}//# refarch-build ${buildIdOf(text)}\n`;
  if (!loader.BUILD_ID.test(bundle)) fail('build id line does not match bin/load-bundle.js');
  writeAtomically(file, bundle);
}

// Code caches. Created after running the examples so that they hold the functions a real run
// compiles, not only the top level. A cache V8 rejects (other Node version or flags) costs
// nothing but speed.
loader.produceCaches();
const { run } = loader.loadCli();
const silent = { out: () => {}, err: () => {}, color: false, cwd: root };
const scratch = mkdtempSync(join(tmpdir(), 'refarch-bundle-'));
const previousExitCode = process.exitCode;
try {
  const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of examples) {
    const spec = join(root, 'examples', file);
    for (const args of [['validate', spec], ['synth', spec, '-o', join(scratch, file)], ['plan', spec, '--format', 'json']]) {
      const code = await run(args, silent);
      if (code !== 0) fail(`warming up the code cache: \`refarch ${args.slice(0, 2).join(' ')}\` exited ${code}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  process.exitCode = previousExitCode;
}
const bundles = loader.loadedBundles();
if (bundles.map((b) => b.file).sort().join() !== [loader.BUNDLE, loader.SYNTH_BUNDLE].sort().join()) fail(`warm-up loaded ${bundles.map((b) => b.file).join(', ')}, not both bundles`);
for (const { script, cacheFile } of bundles) writeAtomically(cacheFile, script.createCachedData());
// Caches of earlier bundles can never be used again (their build id is gone).
const current = new Set(bundles.map((b) => b.cacheFile));
for (const name of readdirSync(outDir)) if (name.endsWith('.v8cache') && !current.has(join(outDir, name))) rmSync(join(outDir, name), { force: true });
const size = (file) => `${(statSync(file).size / 1e6).toFixed(1)} MB`;
console.log(`wrote dist/bundle/: refarch.cjs (${size(loader.BUNDLE)}), refarch-synth.cjs (${size(loader.SYNTH_BUNDLE)}) and their code caches`);
