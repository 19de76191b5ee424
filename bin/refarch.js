#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (dist/bundle/ when bundled, see
// load-bundle.js; dist/src/ otherwise).
let cli;
try {
  cli = require('./load-bundle.js').loadCli();
} catch (error) {
  process.stderr.write(`refarch: internal error: the compiled CLI is missing or broken (${error && error.code ? error.code : 'load failed'}); run \`npm run build\` first\n`);
  process.exit(70);
}
cli.run(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`refarch: internal error: ${error && error.message ? error.message.split('\n')[0] : String(error)}\n`);
    process.exitCode = 70;
  },
);
