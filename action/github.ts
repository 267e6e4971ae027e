import { Octokit } from '@octokit/rest';
import { VERSION } from '../src/version.js';

/** A REST client for `GITHUB_API_URL` (github.com, GHES or the tests' fake server). */
export function createClient(token: string, env: NodeJS.ProcessEnv = process.env): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/(?<!\/)\/+$/, ''),
    userAgent: `sealcheck-action/${VERSION}`,
    // Octokit's own debug/info logging is off; warnings and errors go to stderr, never a token.
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => process.stderr.write(`${m}\n`),
      error: (m: string) => process.stderr.write(`${m}\n`),
    },
  });
}

/** The HTTP status of an Octokit error, or undefined for anything else (network, bug). */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function headerOf(err: unknown, name: string): string | undefined {
  const headers = (err as { response?: { headers?: Record<string, unknown> } } | null)?.response?.headers;
  const v = headers?.[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A write refused for lack of permission: a read-only token (forks, Dependabot) or missing scopes. */
export function isForbidden(err: unknown): boolean {
  const s = statusOf(err);
  return (s === 403 && !isRateLimited(err)) || s === 404;
}

/** 429, or a 403 that carries retry-after or an exhausted quota (secondary rate limit). */
export function isRateLimited(err: unknown): boolean {
  const s = statusOf(err);
  if (s === 429) return true;
  return s === 403 && (headerOf(err, 'retry-after') !== undefined || headerOf(err, 'x-ratelimit-remaining') === '0');
}

/** Longest total wait for rate limits in one run: a hung job is worse than a fallback. */
const MAX_WAIT_MS = 120_000;

/**
 * Runs one API call; on a rate limit waits as the response asks (capped) and tries again, on a
 * 5xx tries once more after a second. Anything else is thrown to the caller, which decides.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  log: (s: string) => void,
  budget = { waitedMs: 0 },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const s = statusOf(err);
      let waitMs: number | undefined;
      if (isRateLimited(err) && attempt < 3) {
        const after = Number(headerOf(err, 'retry-after'));
        const reset = Number(headerOf(err, 'x-ratelimit-reset'));
        waitMs =
          Number.isFinite(after) && after > 0
            ? after * 1000
            : Number.isFinite(reset) && reset > 0
              ? Math.max(0, reset * 1000 - Date.now())
              : 60_000;
      } else if (s !== undefined && s >= 500 && attempt < 1) waitMs = 1000;
      if (waitMs === undefined || budget.waitedMs + waitMs > MAX_WAIT_MS) throw err;
      log(`GitHub answered ${s}; retrying in ${Math.ceil(waitMs / 1000)} s`);
      budget.waitedMs += waitMs;
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}
