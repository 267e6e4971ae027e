#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
import('../dist/cli/index.js').catch((err) => {
  process.stderr.write(`sealcheck: cannot start (${err && err.code ? err.code : 'error'}): run "npm run build" first?\n${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 2;
});
