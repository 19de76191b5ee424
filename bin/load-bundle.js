'use strict';
// Loads the CLI from dist/bundle/ (scripts/bundle.mjs), each bundle compiled with the V8 code cache
// written next to it at build time. A cold `refarch synth` otherwise spends ~0.15 s resolving,
// reading and compiling ~700 module files. Two bundles: refarch.cjs, the CLI without cdktf, and
// refarch-synth.cjs (src/synth with cdktf and the provider bindings), which the CLI's
// `require('../../synth/index')` loads through loadSynth() below; so `validate` never reads cdktf.
// Used by bin/refarch.js, and by scripts/bundle.mjs to write the caches.
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join, relative } = require('node:path');
const vm = require('node:vm');

// V8's allocation-site pretenuring sometimes decides, from the first scavenges, that cdktf's
// short-lived token-resolution objects are long-lived and allocates them in the old generation;
// that run then spends 3x the time in GC (1,000 app servers: 3.4 s and 300 MB instead of 1.7 s and
// 195 MB, about one run in two). The CLI process turns the heuristic off. Here, before any bundle
// is compiled: V8 stamps code caches with a hash of the flags, so the build that writes them and
// the runs that read them must agree.
require('node:v8').setFlagsFromString('--no-allocation-site-pretenuring');

const ROOT = join(__dirname, '..');
const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');
const BUNDLE = join(BUNDLE_DIR, 'refarch.cjs');
const SYNTH_BUNDLE = join(BUNDLE_DIR, 'refarch-synth.cjs');
const UNBUNDLED = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const UNBUNDLED_SYNTH = join(ROOT, 'dist', 'src', 'synth', 'index.js');
/** Last line of every bundle: the sha-256 of what precedes it, which names its code cache. */
const BUILD_ID = /\/\/# refarch-build ([0-9a-f]{64})\n$/;

/** Set by scripts/bundle.mjs: compile without caches and keep the scripts to write theirs. */
let producing = false;
const loaded = [];

/** Where the code cache of the bundle with this build id lives. */
function cacheFileFor(buildId) {
  return join(BUNDLE_DIR, `refarch-${buildId.slice(0, 16)}.v8cache`);
}

function mtimeMs(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Compiles and runs a bundle as a CommonJS module, from its code cache when there is one. With
 * `expectedBuildId`, a bundle of another build is refused before any of it runs.
 */
function runBundle(file, expectedBuildId) {
  // Bundles are ASCII (scripts/bundle.mjs checks), so latin1 decodes them exactly and V8 keeps
  // them as one-byte strings: several times faster than decoding megabytes as UTF-8.
  const source = readFileSync(file, 'latin1');
  const match = BUILD_ID.exec(source);
  if (expectedBuildId !== undefined && match?.[1] !== expectedBuildId) {
    throw Object.assign(
      new Error(`${relative(process.cwd(), file) || file} is not from the build this CLI was made with (a rebuild in progress, or a damaged build); run the command again, or \`npm run build\``),
      { code: 'EREFARCHREBUILT' },
    );
  }
  const cacheFile = match ? cacheFileFor(match[1]) : undefined;
  // V8 validates a cache by its own version, flags and the source length only. The cache is named
  // after the hash of the bundle the build wrote, and written after it: a bundle changed since
  // (same length, build id line kept) is newer than its cache, and compiles from source.
  let cachedData;
  const bundleTime = mtimeMs(file);
  const cacheTime = cacheFile === undefined ? undefined : mtimeMs(cacheFile);
  if (!producing && cacheTime !== undefined && bundleTime !== undefined && cacheTime >= bundleTime) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // Removed meanwhile: compile from source, same result, slower.
    }
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    // Neither bundle calls import() (scripts/bundle.mjs checks); Node < 20.12 lacks this constant.
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dirname(file));
  const result = { file, buildId: match?.[1], exports: mod.exports, script, cacheFile, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
  loaded.push(result);
  return result;
}

let synth;
/**
 * src/synth/index of the bundled CLI (the CLI bundle requires it through here, with the build id
 * of the synth bundle it was built with). Each bundle is read when first needed, so a rebuild in
 * between could pair two builds: that is refused, and running the command again fixes it.
 */
function loadSynth(expectedBuildId) {
  synth ??= runBundle(SYNTH_BUNDLE, expectedBuildId).exports;
  return synth;
}

/** Newest modification time of any file under dir (0 when there is none). */
function newestMtimeMs(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return newest;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const time = mtimeMs(join(entry.parentPath ?? entry.path, entry.name));
    if (time !== undefined && time > newest) newest = time;
  }
  return newest;
}

/**
 * The CLI module (exports `run`): the bundle, else dist/src. In a source checkout (src/ next to
 * dist/), a bundle older than any file of dist/src is stale (a bare `tsc` or `tsc --watch` after
 * `npm run build`) and is not run. An installed package has no src/ and no such check: copies of
 * it need not keep file times.
 */
function loadCli() {
  const bundled = mtimeMs(BUNDLE);
  if (bundled === undefined) return require(UNBUNDLED);
  if (existsSync(join(ROOT, 'src')) && newestMtimeMs(join(ROOT, 'dist', 'src')) > bundled) return require(UNBUNDLED);
  return runBundle(BUNDLE).exports;
}

module.exports = {
  BUNDLE,
  SYNTH_BUNDLE,
  UNBUNDLED,
  UNBUNDLED_SYNTH,
  BUILD_ID,
  cacheFileFor,
  runBundle,
  loadSynth,
  loadCli,
  produceCaches: () => {
    producing = true;
  },
  loadedBundles: () => [...loaded],
};
