// Preloaded with `node -r <this file> bin/refarch.js ...` by the benchmark and the CLI tests (never
// by the CLI itself): when the process exits, it writes its own process.resourceUsage() (CPU time
// in microseconds, peak RSS in KiB) as JSON to the file named by REFARCH_USAGE_FILE.
'use strict';
const file = process.env.REFARCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    try {
      require('node:fs').writeFileSync(file, JSON.stringify(process.resourceUsage()));
    } catch {
      // the measurement must never change the exit of the process measured
    }
  });
}
