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

/**
 * The event payload is JSON from the runner: read through these, a field is a string, an object or
 * absent, whatever the file holds, so an odd payload is refused with a message instead of a crash.
 */
type Fields = Readonly<Record<string, unknown>>;

function isFields(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fields(v: unknown): Fields {
  return isFields(v) ? v : {};
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Reads `GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH` and `GITHUB_REPOSITORY` into what to scan and where to report. */
export function readTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const path = env.GITHUB_EVENT_PATH;
  if (!path) throw new UsageError('GITHUB_EVENT_PATH is not set: this action runs inside a GitHub Actions workflow');
  let event: Fields;
  try {
    event = fields(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new UsageError(
      `cannot read the event payload ${path}: ${(err as NodeJS.ErrnoException).code ?? 'not valid JSON'}`,
    );
  }
  const repository = fields(event.repository);
  const repo = repoOf(env.GITHUB_REPOSITORY ?? repository.full_name);

  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = fields(event.pull_request);
    const number = Number(pr.number ?? event.number);
    if (!isFields(event.pull_request) || !Number.isInteger(number))
      throw new UsageError(`the ${eventName} event payload has no pull_request`);
    const base = fields(pr.base);
    const head = fields(pr.head);
    const baseSha = sha(base.sha, 'pull_request.base.sha');
    const headSha = sha(head.sha, 'pull_request.head.sha');
    const baseRepo = text(fields(base.repo).full_name) ?? '';
    const headRepo = text(fields(head.repo).full_name);
    const actors = [env.GITHUB_ACTOR, text(fields(event.sender).login), text(fields(pr.user).login)];
    let readOnlyReason: string | undefined;
    // pull_request_target runs with the base repository's token, which can write.
    if (eventName === 'pull_request') {
      if (headRepo === undefined) readOnlyReason = 'the pull request comes from a deleted fork';
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
    const rawBefore = event.before ?? '';
    const before =
      rawBefore === '' || (typeof rawBefore === 'string' && ZERO_SHA.test(rawBefore))
        ? undefined
        : sha(rawBefore, 'before');
    return {
      kind: 'push',
      repo,
      before,
      after,
      ref: text(event.ref) ?? '',
      defaultBranch: text(repository.default_branch),
    };
  }
  if (eventName === 'workflow_run') {
    const run = fields(event.workflow_run);
    if (run.event !== 'pull_request' && run.event !== 'pull_request_target') {
      throw new UsageError(
        'workflow_run: only runs of pull_request workflows can be reported (on: workflow_run: workflows: [...] with a pull_request workflow)',
      );
    }
    const headSha = sha(run.head_sha, 'workflow_run.head_sha');
    const headRepository = fields(run.head_repository);
    const owner = text(fields(headRepository.owner).login) ?? text(headRepository.full_name)?.split('/')[0] ?? '';
    const listed = (Array.isArray(run.pull_requests) ? (run.pull_requests as unknown[]) : [])
      .map(fields)
      .find((p) => fields(p.head).sha === headSha);
    const number = listed?.number;
    return {
      kind: 'workflow_run',
      repo,
      headSha,
      head: `${owner}:${text(run.head_branch) ?? ''}`,
      ...(typeof number === 'number' && Number.isInteger(number) ? { number } : {}),
    };
  }
  throw new UsageError(
    `event "${eventName}" is not supported: run sealcheck on pull_request, pull_request_target, push or workflow_run`,
  );
}

function repoOf(fullName: unknown): Repo {
  const m = typeof fullName === 'string' ? /^([^/\s]+)\/([^/\s]+)$/.exec(fullName) : null;
  const owner = m?.[1];
  const name = m?.[2];
  if (owner === undefined || name === undefined) throw new UsageError('GITHUB_REPOSITORY is not set to owner/name');
  return { owner, repo: name };
}

function sha(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SHA.test(value))
    throw new UsageError(`the event payload's ${field} is not a commit id`);
  return value;
}
