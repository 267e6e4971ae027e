/**
 * Runs the bundled action as GitHub runs it: `node dist/index.js` from a copy of what a published
 * action's checkout holds (action.yml, package.json, rules/, schema/, dist/index.js; no
 * node_modules), with the GITHUB_* and INPUT_* environment, cwd a temporary git repository and a
 * realistic event payload.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

/** The action as a published checkout has it, built once per test file. */
export function actionCheckout(): { dir: string; cleanup(): void } {
  const bundle = join(ROOT, 'dist', 'index.js');
  // `npm test` builds it (npm run build includes build:action); a direct vitest run may not have.
  if (!existsSync(bundle))
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle-action.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sealcheck-action-')));
  for (const p of ['action.yml', 'package.json', 'rules', 'schema'])
    cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  cpSync(bundle, join(dir, 'dist', 'index.js'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Shaped as GITHUB_TOKEN is: an installation token (`ghs_…`), which posts as github-actions[bot]. */
export const DEFAULT_TOKEN = 'ghs_dummyInstallationToken';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  sarif: string | undefined;
  /** `::error`/`::warning`/`::notice` lines. */
  annotations: string[];
}

export interface RunOptions {
  actionDir: string;
  repo: string;
  eventName: string;
  event: unknown;
  apiUrl?: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/** Parses `$GITHUB_OUTPUT`: `name<<delimiter\nvalue\ndelimiter` records (@actions/core's file command). */
function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

export async function runAction(o: RunOptions): Promise<RunResult> {
  const t = mkdtempSync(join(tmpdir(), 'sealcheck-run-'));
  try {
    writeFileSync(join(t, 'event.json'), JSON.stringify(o.event, null, 2));
    writeFileSync(join(t, 'output'), '');
    writeFileSync(join(t, 'summary'), '');
    mkdirSync(join(t, 'tmp'));
    const inputs: Record<string, string> = {
      'github-token': DEFAULT_TOKEN,
      'fail-on': '',
      'filter-mode': 'added',
      'max-comments': '30',
      'comment-severity': 'warning',
      'review-event': 'COMMENT',
      suggestions: 'true',
      cert: '',
      'config-from': 'base',
      'sarif-file': 'sealcheck.sarif',
      'scan-history': 'true',
      'working-directory': '.',
      ...o.inputs,
    };
    const event = o.event as { after?: string; pull_request?: { head?: { sha?: string } } };
    // As `env -i`: nothing of the developer's environment (proxies, GIT_*, a global git config).
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: t,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: o.eventName,
      GITHUB_EVENT_PATH: join(t, 'event.json'),
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_ACTOR: 'alice',
      GITHUB_SHA: event.after ?? event.pull_request?.head?.sha ?? '',
      GITHUB_REF: o.eventName === 'push' ? 'refs/heads/feature' : 'refs/pull/7/merge',
      GITHUB_WORKSPACE: o.repo,
      GITHUB_OUTPUT: join(t, 'output'),
      GITHUB_STEP_SUMMARY: join(t, 'summary'),
      GITHUB_RUN_ID: '4242',
      RUNNER_TEMP: join(t, 'tmp'),
      ...(o.apiUrl
        ? { GITHUB_API_URL: o.apiUrl, GITHUB_SERVER_URL: o.apiUrl, GITHUB_GRAPHQL_URL: `${o.apiUrl}/graphql` }
        : { GITHUB_API_URL: 'http://127.0.0.1:9', GITHUB_SERVER_URL: 'http://127.0.0.1:9' }),
      ...o.env,
    };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    // Asynchronous: the fake API server answers from this same process.
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(o.actionDir, 'dist', 'index.js')],
        { cwd: o.repo, env, encoding: 'utf8', timeout: 120_000 },
        (err, stdout, stderr) => {
          const code = err ? ((err as { code?: unknown }).code as number | null) : 0;
          resolve({ status: typeof code === 'number' ? code : null, stdout, stderr });
        },
      );
    });
    const sarifPath = join(o.repo, inputs['sarif-file'] || 'none');
    const sarif = inputs['sarif-file'] && existsSync(sarifPath) ? readFileSync(sarifPath, 'utf8') : undefined;
    if (sarif !== undefined) rmSync(sarifPath);
    return {
      ...r,
      outputs: parseOutputFile(readFileSync(join(t, 'output'), 'utf8')),
      summary: readFileSync(join(t, 'summary'), 'utf8'),
      sarif,
      annotations: r.stdout.split('\n').filter((l) => /^::(error|warning|notice)/.test(l)),
    };
  } finally {
    rmSync(t, { recursive: true, force: true });
  }
}

/** A `pull_request` (synchronize) payload with the fields GitHub sends that the action reads, nested as GitHub nests them. */
export function pullRequestEvent(o: {
  base: string;
  head: string;
  apiUrl?: string;
  fork?: boolean | 'deleted';
  user?: string;
}): unknown {
  const repository = {
    id: 1,
    name: 'r',
    full_name: 'o/r',
    private: false,
    owner: { login: 'o', id: 1, type: 'Organization' },
    default_branch: 'main',
    fork: false,
  };
  const headRepo =
    o.fork === 'deleted'
      ? null
      : o.fork
        ? { id: 2, name: 'r', full_name: 'mallory/r', fork: true, owner: { login: 'mallory', id: 3, type: 'User' } }
        : repository;
  const user = { login: o.user ?? 'alice', id: 5, type: o.user?.endsWith('[bot]') ? 'Bot' : 'User' };
  return {
    action: 'synchronize',
    number: 7,
    before: o.base,
    after: o.head,
    pull_request: {
      url: `${o.apiUrl ?? 'https://api.github.com'}/repos/o/r/pulls/7`,
      id: 77,
      number: 7,
      state: 'open',
      title: 'Add the app',
      user,
      html_url: `${o.apiUrl ?? 'https://github.com'}/o/r/pull/7`,
      head: { label: 'o:feature', ref: 'feature', sha: o.head, user, repo: headRepo },
      base: { label: 'o:main', ref: 'main', sha: o.base, user: repository.owner, repo: repository },
      draft: false,
      merged: false,
    },
    repository,
    sender: user,
  };
}

export function pushEvent(o: { before: string; after: string; ref?: string }): unknown {
  return {
    ref: o.ref ?? 'refs/heads/feature',
    before: o.before,
    after: o.after,
    created: /^0+$/.test(o.before),
    deleted: false,
    forced: false,
    compare: 'https://github.com/o/r/compare',
    commits: [{ id: o.after, message: 'change', distinct: true }],
    head_commit: { id: o.after, message: 'change' },
    repository: {
      id: 1,
      name: 'r',
      full_name: 'o/r',
      private: false,
      owner: { login: 'o', name: 'o' },
      default_branch: 'main',
      master_branch: 'main',
    },
    pusher: { name: 'alice' },
    sender: { login: 'alice', id: 5, type: 'User' },
  };
}

/** A `workflow_run` (completed) of the pull_request workflow; for a fork, GitHub leaves `pull_requests` empty. */
export function workflowRunEvent(o: { head: string; fork?: boolean }): unknown {
  const repository = {
    id: 1,
    name: 'r',
    full_name: 'o/r',
    private: false,
    owner: { login: 'o', id: 1, type: 'Organization' },
    default_branch: 'main',
    fork: false,
  };
  const headRepository = o.fork
    ? {
        id: 2,
        name: 'r',
        full_name: 'mallory/r',
        private: false,
        owner: { login: 'mallory', id: 3, type: 'User' },
        fork: true,
      }
    : repository;
  return {
    action: 'completed',
    workflow_run: {
      id: 99,
      name: 'sealcheck',
      event: 'pull_request',
      status: 'completed',
      conclusion: 'failure',
      head_branch: 'feature',
      head_sha: o.head,
      pull_requests: [],
      head_repository: headRepository,
      repository,
    },
    repository,
    sender: { login: o.fork ? 'mallory' : 'alice', id: 3, type: 'User' },
  };
}
