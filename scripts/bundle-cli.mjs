// Bundles the CLI into one ESM file, dist/sealcheck.mjs, for start-up speed: resolving and loading
// some hundred small modules cost about a third of a commit hook's time. Dynamically imported
// command modules stay lazily evaluated inside the bundle (esbuild wraps them), so `--version`
// still loads no scanning code. Dependencies that are CommonJS get a real `require`.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist/sealcheck.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __sealcheckRequire } from 'node:module'; const require = __sealcheckRequire(import.meta.url);",
  },
});
