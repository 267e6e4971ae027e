import { afterAll, afterEach, beforeAll } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { actionCheckout, DEFAULT_TOKEN } from './harness.js';

/** One action checkout per test file, and a fake API per test, stopped after it. */
export function useAction(): {
  // Function-valued properties rather than methods: the closures use no `this`, so tests may pass them around.
  dir: () => string;
  fake: (pr: { repo: string; base: string; head: string }, token?: string) => Promise<FakeGitHub>;
} {
  let checkout: { dir: string; cleanup(): void } | undefined;
  const fakes: FakeGitHub[] = [];
  beforeAll(() => {
    checkout = actionCheckout();
  });
  afterAll(() => checkout?.cleanup());
  afterEach(async () => {
    for (const f of fakes.splice(0)) await f.stop();
  });
  return {
    dir: () => checkout!.dir,
    fake: async (pr, token = DEFAULT_TOKEN) => {
      const fake = new FakeGitHub({ repoDir: pr.repo, baseSha: pr.base, headSha: pr.head, token });
      await fake.start();
      fakes.push(fake);
      return fake;
    },
  };
}
