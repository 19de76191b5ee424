'use strict';
// Loads the CLI from dist/bundle/: the compiled sources, cdktf and the provider bindings it uses
// in one file (scripts/bundle.mjs), compiled with the V8 code cache written next to it at build
// time. A cold `refarch synth` otherwise spends ~0.1 s resolving and reading ~700 module files
// and ~0.07 s compiling them. Used by bin/refarch.js, and by scripts/bundle.mjs to write the cache.
const { readFileSync, statSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const ROOT = join(__dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'bundle', 'refarch.cjs');
const UNBUNDLED = join(ROOT, 'dist', 'src', 'cli', 'main.js');
/** Last line of every bundle: the sha-256 of what precedes it, which names its code cache. */
const BUILD_ID = /\/\/# refarch-build ([0-9a-f]{64})\n$/;

/** Where the code cache of the bundle with this build id lives. */
function cacheFileFor(buildId) {
  return join(ROOT, 'dist', 'bundle', `refarch-${buildId.slice(0, 16)}.v8cache`);
}

function mtimeMs(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Compiles and runs the bundle as a CommonJS module. `produceCache` skips reading the cache (the
 * build writes a fresh one from the returned script after warming it up).
 */
function runBundle(file, produceCache) {
  // The bundle is ASCII (scripts/bundle.mjs checks), so latin1 decodes it exactly and V8 keeps it
  // as a one-byte string: several times faster than decoding 3 MB as UTF-8.
  const source = readFileSync(file, 'latin1');
  const match = BUILD_ID.exec(source);
  const cacheFile = match ? cacheFileFor(match[1]) : undefined;
  let cachedData;
  if (!produceCache && cacheFile !== undefined) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // No cache (never written, or removed): compile from source, same result, slower.
    }
  }
  // V8 validates a cache by its own version, flags and the source length only; the cache is named
  // after the hash of this exact bundle, so a cache can never meet a different bundle.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dirname(file));
  return { exports: mod.exports, script, cacheFile, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * The CLI module (exports `run`). The bundle when it is there and not older than dist/src (a bare
 * `tsc` after `npm run build` must not leave the CLI running stale code), else dist/src.
 */
function loadCli() {
  const bundled = mtimeMs(BUNDLE);
  const unbundled = mtimeMs(UNBUNDLED);
  if (bundled !== undefined && (unbundled === undefined || bundled >= unbundled)) return runBundle(BUNDLE, false).exports;
  return require(UNBUNDLED);
}

module.exports = { BUNDLE, UNBUNDLED, BUILD_ID, cacheFileFor, runBundle, loadCli };
