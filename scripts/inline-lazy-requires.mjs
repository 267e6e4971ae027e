// An esbuild plugin shared by the two bundles (the CLI and the Action), which must both run without
// node_modules: src/config/yaml-source.ts loads ajv lazily through createRequire, which esbuild
// leaves as a run-time lookup in node_modules. The call is turned into a plain require() that
// esbuild bundles (still evaluated only on first use).
import { readFile } from 'node:fs/promises';

export const inlineLazyRequires = {
  name: 'inline-lazy-requires',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]config[\\/]yaml-source\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const rewritten = text.replace("createRequire(import.meta.url)('ajv')", "require('ajv')");
      if (rewritten === text)
        throw new Error(
          'inline-lazy-requires: the lazy ajv require in yaml-source.ts changed; update scripts/inline-lazy-requires.mjs',
        );
      return { contents: rewritten, loader: 'ts' };
    });
  },
};
