import type { Octokit } from '@octokit/rest';
import { isForbidden, statusOf, withRetry } from './github.js';

interface Repo {
  owner: string;
  repo: string;
}

/** Whether a maintainer's label lets blocking findings pass, and who, or why not. */
export type AllowDecision = { allowed: true; by: string; label: string } | { allowed: false; why: string };

/** Repository permissions that may merge: `permission` reports maintain as write. */
const WRITERS = new Set(['admin', 'write']);

/**
 * The maintainer override: the label is on the pull request now, and the account that added it
 * last has write access. Both are asked of the API, never read from the event (whose payload the
 * run's trigger decides): the issue's labels, its `labeled` events for who added it, and that
 * account's permission on the repository. Anything that cannot be checked does not allow.
 */
export async function checkAllowLabel(
  gh: Octokit,
  repo: Repo,
  pull: number,
  label: string,
  log: (s: string) => void,
): Promise<AllowDecision> {
  const same = (name: string | undefined): boolean => name?.toLowerCase() === label.toLowerCase();
  try {
    const labels = await withRetry(
      () => gh.paginate(gh.rest.issues.listLabelsOnIssue, { ...repo, issue_number: pull, per_page: 100 }),
      log,
    );
    if (!labels.some((l) => same(l.name)))
      return { allowed: false, why: `the label ${label} is not on the pull request` };
    const events = await withRetry(
      () => gh.paginate(gh.rest.issues.listEvents, { ...repo, issue_number: pull, per_page: 100 }),
      log,
    );
    const labeled = events.filter((e) => e.event === 'labeled' && same(stringAt(e, 'label', 'name')));
    const last = labeled.at(-1);
    const by = last !== undefined ? stringAt(last, 'actor', 'login') : undefined;
    if (by === undefined) return { allowed: false, why: `no event says who added the label ${label}` };
    const level = await permissionOf(gh, repo, by, log);
    if (level === undefined || !WRITERS.has(level))
      return { allowed: false, why: `@${by}, who added the label ${label}, has no write access (${level ?? 'none'})` };
    return { allowed: true, by, label };
  } catch (err) {
    if (!isForbidden(err)) throw err;
    return {
      allowed: false,
      why: `the token cannot read the labels, their events or permissions (GitHub answered ${statusOf(err) ?? '?'})`,
    };
  }
}

async function permissionOf(
  gh: Octokit,
  repo: Repo,
  username: string,
  log: (s: string) => void,
): Promise<string | undefined> {
  try {
    const r = await withRetry(() => gh.rest.repos.getCollaboratorPermissionLevel({ ...repo, username }), log);
    return r.data.permission;
  } catch (err) {
    // Not a collaborator (a former one, a bot without a repository role): no write access.
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** A string inside an API object, read without trusting its declared type: a deleted account's events carry `actor: null`. */
function stringAt(value: unknown, ...keys: string[]): string | undefined {
  let v = value;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return typeof v === 'string' ? v : undefined;
}
