import { readFileSync } from 'node:fs';
import { UsageError } from '../src/errors.js';

/** The repository the workflow runs in: where reviews are posted. */
export interface Repo {
  owner: string;
  repo: string;
}

export interface PullRequestTarget {
  kind: 'pull_request';
  eventName: 'pull_request' | 'pull_request_target';
  repo: Repo;
  number: number;
  baseSha: string;
  headSha: string;
  /**
   * The token cannot write: a fork's `pull_request` run, or a Dependabot PR (GitHub gives both a read-only token).
   * Predicted here; a 403 on a write is handled the same way.
   */
  readOnly: boolean;
  /** Why `readOnly` is set, for the log. */
  readOnlyReason?: string;
}

export interface PushTarget {
  kind: 'push';
  repo: Repo;
  /** Undefined for a new branch (`before` is all zeros). */
  before: string | undefined;
  after: string;
  /** `refs/heads/<branch>` pushed. */
  ref: string;
  defaultBranch: string | undefined;
}

/**
 * A `workflow_run` of a pull_request workflow: the second workflow of the fork pattern. It runs
 * with the base repository's token, so it can post; the pull request is looked up through the API
 * (for forks `workflow_run.pull_requests` is empty) and its head is read as git objects, never
 * checked out or run.
 */
export interface WorkflowRunTarget {
  kind: 'workflow_run';
  repo: Repo;
  headSha: string;
  /** `owner:branch` of the head, for `pulls.list`'s `head` filter. */
  head: string;
  /** Known when GitHub lists the pull request on the run (same-repository branches). */
  number?: number;
}

export type Target = PullRequestTarget | PushTarget | WorkflowRunTarget;

const ZERO_SHA = /^0+$/;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Reads `GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH` and `GITHUB_REPOSITORY` into what to scan and where to report. */
export function readTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const path = env.GITHUB_EVENT_PATH;
  if (!path) throw new UsageError('GITHUB_EVENT_PATH is not set: this action runs inside a GitHub Actions workflow');
  let event: Record<string, any>;
  try {
    event = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  } catch (err) {
    throw new UsageError(
      `cannot read the event payload ${path}: ${(err as NodeJS.ErrnoException).code ?? 'not valid JSON'}`,
    );
  }
  const repo = repoOf(env.GITHUB_REPOSITORY ?? event.repository?.full_name);

  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = event.pull_request as Record<string, any> | undefined;
    const number = Number(pr?.number ?? event.number);
    if (!pr || !Number.isInteger(number)) throw new UsageError(`the ${eventName} event payload has no pull_request`);
    const baseSha = sha(pr.base?.sha, 'pull_request.base.sha');
    const headSha = sha(pr.head?.sha, 'pull_request.head.sha');
    const baseRepo = String(pr.base?.repo?.full_name ?? '');
    const headRepo = pr.head?.repo?.full_name as string | undefined;
    const actors = [env.GITHUB_ACTOR, event.sender?.login, pr.user?.login];
    let readOnlyReason: string | undefined;
    // pull_request_target runs with the base repository's token, which can write.
    if (eventName === 'pull_request') {
      if (headRepo === undefined || headRepo === null) readOnlyReason = 'the pull request comes from a deleted fork';
      else if (headRepo !== baseRepo) readOnlyReason = `the pull request comes from the fork ${headRepo}`;
      else if (actors.includes('dependabot[bot]')) readOnlyReason = 'Dependabot pull requests get a read-only token';
    }
    return {
      kind: 'pull_request',
      eventName,
      repo,
      number,
      baseSha,
      headSha,
      readOnly: readOnlyReason !== undefined,
      ...(readOnlyReason ? { readOnlyReason } : {}),
    };
  }
  if (eventName === 'push') {
    const after = sha(event.after, 'after');
    const rawBefore = String(event.before ?? '');
    const before = rawBefore === '' || ZERO_SHA.test(rawBefore) ? undefined : sha(rawBefore, 'before');
    return {
      kind: 'push',
      repo,
      before,
      after,
      ref: String(event.ref ?? ''),
      defaultBranch: event.repository?.default_branch as string | undefined,
    };
  }
  if (eventName === 'workflow_run') {
    const run = event.workflow_run as Record<string, any> | undefined;
    if (!run || (run.event !== 'pull_request' && run.event !== 'pull_request_target')) {
      throw new UsageError(
        'workflow_run: only runs of pull_request workflows can be reported (on: workflow_run: workflows: [...] with a pull_request workflow)',
      );
    }
    const headSha = sha(run.head_sha, 'workflow_run.head_sha');
    const owner = String(run.head_repository?.owner?.login ?? run.head_repository?.full_name?.split('/')[0] ?? '');
    const listed = (run.pull_requests as { number?: number; head?: { sha?: string } }[] | undefined)?.find(
      (p) => p.head?.sha === headSha,
    );
    return {
      kind: 'workflow_run',
      repo,
      headSha,
      head: `${owner}:${String(run.head_branch ?? '')}`,
      ...(listed?.number !== undefined ? { number: listed.number } : {}),
    };
  }
  throw new UsageError(
    `event "${eventName}" is not supported: run sealcheck on pull_request, pull_request_target, push or workflow_run`,
  );
}

function repoOf(fullName: unknown): Repo {
  const m = typeof fullName === 'string' ? /^([^/\s]+)\/([^/\s]+)$/.exec(fullName) : null;
  if (!m) throw new UsageError('GITHUB_REPOSITORY is not set to owner/name');
  return { owner: m[1]!, repo: m[2]! };
}

function sha(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SHA.test(value))
    throw new UsageError(`the event payload's ${field} is not a commit id`);
  return value;
}
