import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempTree } from '../helpers/cli.js';

/*
 * Installs run the committed CLI (bin/sealcheck.js → dist/sealcheck.mjs, the sweep's worker, the
 * compiled rules), not a build: the committed files must be what the sources build. Compared with
 * HEAD, not the working copy, which `npm test` rebuilds first and so could never be stale.
 * (.ci/run checks the same before the tests, for every committed build output.)
 */

function committed(file: string): Buffer {
  return execFileSync('git', ['show', `HEAD:${file}`], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
}

function runNode(args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

describe('the committed CLI build', () => {
  it('dist/sealcheck.mjs and dist/scan-worker.mjs equal a fresh bundle of src/', () => {
    const out = tempTree({});
    runNode([path.join(ROOT, 'scripts', 'bundle-cli.mjs'), out]);
    for (const name of ['sealcheck.mjs', 'scan-worker.mjs']) {
      const fresh = readFileSync(path.join(out, name));
      expect(fresh.equals(committed(`dist/${name}`)), `dist/${name} is stale: npm run build:all, commit it`).toBe(true);
      // Nothing of the build machine in it.
      expect(fresh.includes(ROOT)).toBe(false);
    }
  }, 60_000);

  it('dist/rules.json equals freshly compiled rules/', () => {
    const out = path.join(tempTree({}), 'rules.json');
    runNode([path.join(ROOT, 'scripts', 'compile-rules.mjs'), out]);
    expect(readFileSync(out).equals(committed('dist/rules.json')), 'dist/rules.json is stale: npm run build:all').toBe(
      true,
    );
  });
});
