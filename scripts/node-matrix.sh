#!/usr/bin/env bash
# CI, after the full suite on the machine's Node: the other supported Node lines (package.json
# `engines`), each fetched from the npm registry as the `node` package (newest release of the
# line). On each: every command on every example (scripts/every-command.mjs: exit codes, output,
# synth equal to the golden Terraform, no Node runtime warning), then the code caches rebuilt and
# read by that Node must be accepted by V8. Needs `npm run build` first. Any failure fails loudly.
#
# Usage: scripts/node-matrix.sh [major ...]   (default: 22 24)
set -euo pipefail
cd "$(dirname "$0")/.."
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
[ -f dist/bundle/refarch.cjs ] || { echo "node-matrix: no dist/bundle; run npm run build first" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for major in "${majors[@]}"; do
  started=$SECONDS
  if ! node_bin="$(npx -y "node@$major" -p process.execPath 2>"$scratch/npx.err")" || [ ! -x "$node_bin" ]; then
    echo "node-matrix: could not get Node $major from the npm registry (npx -y node@$major):" >&2
    cat "$scratch/npx.err" >&2
    exit 1
  fi
  version="$("$node_bin" --version)"
  echo "node-matrix: Node $version ($node_bin)"
  if ! "$node_bin" scripts/every-command.mjs; then
    echo "node-matrix: FAILED: commands on Node $version" >&2
    exit 1
  fi
  # Code caches written and read by the same Node are accepted (a copy: dist/ stays Node 20's).
  copy="$scratch/node$major"
  mkdir -p "$copy/scripts"
  cp -r bin dist examples package.json "$copy/"
  cp scripts/bundle.mjs "$copy/scripts/"
  ln -s "$PWD/node_modules" "$copy/node_modules"
  if ! (cd "$copy" && env -u NODE_OPTIONS "$node_bin" scripts/bundle.mjs >/dev/null); then
    echo "node-matrix: FAILED: scripts/bundle.mjs on Node $version" >&2
    exit 1
  fi
  caches="$(env -u NODE_OPTIONS "$node_bin" -e "const l = require('$copy/bin/load-bundle.js'); l.loadCli(); l.loadSynth(); console.log(l.loadedBundles().map((b) => b.cacheUsed).join(' '))")"
  if [ "$caches" != "true true" ]; then
    echo "node-matrix: FAILED: V8 on Node $version rejected the code caches it wrote (cacheUsed: $caches)" >&2
    exit 1
  fi
  echo "node-matrix: Node $version: code caches accepted; $((SECONDS - started)) s"
done
echo "node-matrix: passed on Node ${majors[*]}"
