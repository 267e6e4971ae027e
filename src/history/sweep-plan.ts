import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { BlobReader } from '../git/blob-reader.js';
import { git, GitFailed } from '../git/run.js';
import { buildRuleset, loadRuleFiles, type Ruleset } from '../ruleset/load.js';
import { readCeiling } from '../sources/source.js';
import { HistoryIndex } from './history-index.js';
import { graphRewrites, realObjectGraphEnv } from './object-graph.js';
import { loadState, stateTips, type StateOptions } from './state.js';
import type { SweepOptions } from './sweep-options.js';
import type { SweepNotes } from './sweep-notes.js';
import { SweepSuppressor } from './sweep-suppression.js';
import { headState, listRefs, unreachableCommits, type HeadState, type RefTip, type WalkOptions } from './walk.js';

const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** A repository opened for sweeping: its refs, and the rules and limits it is swept with. */
export interface OpenedRepo {
  repo: string;
  /** The caller's environment (to detect replace refs and grafts). */
  userEnv: NodeJS.ProcessEnv;
  /** What every git process of the sweep runs with: the stored object graph, whatever replace refs or grafts say. */
  env: NodeJS.ProcessEnv;
  ruleset: Ruleset;
  maxFileSize: number;
  /** Bytes read of a blob at most; over `maxFileSize` it is checked line by line, not parsed. */
  ceiling: number;
  head: HeadState;
  /** Every ref of the repository. */
  allRefs: RefTip[];
  /** The refs swept and reported (`--branch`, or all). */
  refs: RefTip[];
}

/** Checks the folder is a repository (a usage error otherwise), notes graph rewrites, and reads its refs. */
export async function openRepo(repo: string, opts: SweepOptions, notes: SweepNotes): Promise<OpenedRepo> {
  const userEnv = opts.env ?? process.env;
  const env = realObjectGraphEnv(userEnv);
  if (!existsSync(repo)) throw new UsageError(`no such folder: ${repo}`);
  await git(repo, ['rev-parse', '--git-dir'], env).catch((err: unknown) => {
    throw new UsageError(`not a git repository: ${repo}${err instanceof GitFailed ? ` (${err.stderr})` : ''}`);
  });
  const rewrites = await graphRewrites(repo, userEnv);
  if (rewrites !== undefined) notes.add(rewrites);

  const ruleset = buildRuleset(loadRuleFiles(), opts.overrides ?? {});
  const maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const head = await headState(repo, env);
  const allRefs = await listRefs(repo, env);
  const refs = opts.branches ? await selectRefs(repo, allRefs, opts.branches, env) : allRefs;
  // As in a scan, the size limit bounds the YAML parse: larger blobs are still read, up to the
  // ceiling, and checked line by line, so a big `kubectl get secrets -o yaml` dump is not skipped.
  return { repo, userEnv, env, ruleset, maxFileSize, ceiling: readCeiling(maxFileSize), head, allRefs, refs };
}

/** A repository without a commit to sweep: nothing to walk. */
export function hasNothingToSweep(o: OpenedRepo, opts: SweepOptions): boolean {
  return o.allRefs.length === 0 && o.head.commit === undefined && opts.unreachable !== true;
}

/** What to walk and how: the suppression in force, the index to fill (fresh or from `--state`), the revisions. */
export interface SweepPlan {
  suppressor: SweepSuppressor;
  stateOptions: StateOptions;
  index: HistoryIndex;
  /** The index comes from an earlier sweep's state file. */
  resumed: boolean;
  select: Omit<WalkOptions, 'env'>;
}

/**
 * Decides the suppression (the configuration's globs and the root .sealcheckignore at the default
 * branch's tip apply to every commit, since history cannot be re-reviewed commit by commit), loads
 * `--state` when it was written under the same options, and chooses the revisions to walk.
 */
export async function planSweep(o: OpenedRepo, opts: SweepOptions, notes: SweepNotes): Promise<SweepPlan> {
  const suppressor = new SweepSuppressor({
    ...(opts.ignore !== undefined ? { ignore: opts.ignore } : {}),
    rootIgnore: o.head.commit !== undefined ? await rootIgnoreFile(o.repo, o.head.commit, o.env) : [],
    ...(opts.allow !== undefined ? { allow: opts.allow } : {}),
    ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
    now: opts.now ?? new Date(),
    ...(opts.repoLabel !== undefined ? { repo: opts.repoLabel } : {}),
  });
  const stateOptions: StateOptions = {
    since: opts.since,
    until: opts.until,
    branches: opts.branches,
    unreachable: opts.unreachable === true,
    maxFileSize: o.maxFileSize,
    rules: o.ruleset.rules.map((r) => `${r.data.id}:${r.severity}`).join(','),
    ignore: suppressor.ignoreText,
  };
  let index = new HistoryIndex();
  let resumed = false;
  if (opts.statePath !== undefined) {
    const loaded = loadState(opts.statePath, stateOptions);
    if (loaded.index) {
      index = loaded.index;
      resumed = true;
    } else if (loaded.why !== undefined) notes.add(`--state: ${loaded.why}; sweeping everything again`);
  }
  const pseudo = opts.branches ? [] : ['--all'];
  const revisions = opts.branches ? o.refs.map((r) => r.commit) : [];
  if (opts.unreachable) {
    pseudo.push('--reflog');
    for (const commit of await unreachableCommits(o.repo, o.env)) revisions.push(commit);
  }
  const select = { pseudo, revisions, since: opts.since, until: opts.until };
  return { suppressor, stateOptions, index, resumed, select };
}

/**
 * A resumed sweep walks only what is new: the tips of the remembered history that still exist are
 * excluded (`^tip`); one force-pushed away and pruned is simply not excluded.
 */
export async function excludeSwept(plan: SweepPlan, reader: BlobReader): Promise<void> {
  if (!plan.resumed) return;
  for (const t of stateTips(plan.index)) {
    if ((await reader.request(t, 0)).kind === 'not-blob') plan.select.revisions.push(`^${t}`);
  }
}

/** The refs `--branch` names: a branch, tag or remote branch by short or full name, else a revision. */
async function selectRefs(
  repo: string,
  all: readonly RefTip[],
  names: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<RefTip[]> {
  const out: RefTip[] = [];
  for (const n of names) {
    if (n.startsWith('-') || n.trim() === '') throw new UsageError(`--branch "${n}" is not a branch name`);
    const ref = [n, `refs/heads/${n}`, `refs/tags/${n}`, `refs/remotes/${n}`]
      .map((full) => all.find((r) => r.name === full))
      .find((r) => r !== undefined);
    if (ref) {
      out.push(ref);
      continue;
    }
    const sha = await git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${n}^{commit}`], env).then(
      (b) => b.toString('utf8').trim(),
      () => {
        throw new UsageError(`--branch ${n}: no such branch, tag or commit`);
      },
    );
    out.push({ name: n, commit: sha });
  }
  return out;
}

/** The lines of the root `.sealcheckignore` as `commit` has it; none when it has none. */
async function rootIgnoreFile(repo: string, commit: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  try {
    return (await git(repo, ['cat-file', 'blob', `${commit}:.sealcheckignore`], env)).toString('utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}
