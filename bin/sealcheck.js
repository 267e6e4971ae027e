#!/usr/bin/env node
// Thin launcher of the committed CLI bundle, dist/sealcheck.mjs (scripts/bundle-cli.mjs; `npm run build:all`
// rebuilds it after a change to src/). Installs need no build step.
import module from 'node:module';

// Start-up matters for the pre-commit hook. Node >= 22.1 can keep V8's compiled code on
// disk between runs (default folder: <tmpdir>/node-compile-cache; NODE_DISABLE_COMPILE_CACHE=1 turns
// it off); Node 20 has no such API, so it is feature-detected. Enabled before anything is imported.
if (typeof module.enableCompileCache === 'function') {
  try {
    module.enableCompileCache();
  } catch {
    // A cache that cannot be set up only costs speed.
  }
}

import('../dist/sealcheck.mjs').catch((err) => {
  process.stderr.write(
    `sealcheck: cannot start (${err && err.code ? err.code : 'error'}): the package is incomplete: reinstall it, or in a clone run "npm run build:all"\n${err && err.stack ? err.stack : err}\n`,
  );
  process.exitCode = 2;
});
