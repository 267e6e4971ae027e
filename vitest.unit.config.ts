import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The fast tier (`npm run test:unit`): test files that run entirely in this process. A file is left
 * out when it, or a test helper it imports, starts processes (child_process: the CLI, git, openssl,
 * go) or imports code that runs git (the git layer, git sources, the sweep, the hooks, the Action).
 * Decided from the sources at each run, so a new test lands in the right tier by itself.
 */
const ROOT = dirname(new URL(import.meta.url).pathname);
const SPAWNS =
  /node:child_process|from 'child_process'|\/src\/(?:git|history|hooks)\/|\/src\/sources\/git-|\/src\/cli\/|\/action\//;

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Whether the file or a test-folder module it imports (transitively) runs other processes. */
function runsProcesses(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const imports = [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => resolve(dirname(file), m[1] ?? ''));
  if (imports.some((p) => SPAWNS.test(p.slice(ROOT.length))) || /node:child_process|'child_process'/.test(text))
    return true;
  return imports
    .filter((p) => p.startsWith(join(ROOT, 'test')))
    .some((p) => runsProcesses(p.replace(/\.js$/, '.ts'), seen));
}

const unit = testFiles(join(ROOT, 'test'))
  .filter((f) => !runsProcesses(f))
  .map((f) => relative(ROOT, f));

export default defineConfig({
  test: {
    include: unit,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
