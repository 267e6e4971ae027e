import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { BlobReader, type BlobAnswer } from '../git/blob-reader.js';
import { git, GitFailed } from '../git/run.js';
import { isStructuredPath } from '../parse/parse-file.js';
import { buildRuleset, loadRuleFiles, type RuleOverride, type Ruleset } from '../ruleset/load.js';
import { keysOfBlob, SEALING_KEY_RULE, type BlobResult, type SecretHit } from './blob-scan.js';
import { HistoryIndex, type StoredCommit } from './history-index.js';
import { IdentityTable, successionOf } from './identities.js';
import { KeyRing, KeyTrial, MAX_KEY_TRIALS, withinBudget } from './leaked-keys.js';
import { rsaBlockLength } from '../seal/hybrid.js';
import { attribute } from './ledger.js';
import { scanGeneratorMaterial } from './material.js';
import { emptyStats, type SecretRow, type SweepReport, type SweepSuppression } from './model.js';
import { graphRewrites, realObjectGraphEnv } from './object-graph.js';
import { localBlobs, promisorRemotes } from './partial-clone.js';
import { UNREADABLE, unreadableObjects } from './unreadable.js';
import ignore from 'ignore';
import { allowlistFilter, type AllowEntry } from '../suppress/allowlist.js';
import { NO_ALLOWS, suppressionOf, type FingerprintFilter } from '../suppress/suppress.js';
import { ScanPool } from './scan-pool.js';
import { readCeiling } from '../sources/source.js';
import { loadState, saveState, stateTips, type StateOptions } from './state.js';
import { buildRows } from './verdict.js';
import {
  commitExists,
  headState,
  listRefs,
  shallowBoundary,
  treeOf,
  unreachableCommits,
  walkHistory,
  type RefTip,
  type WalkedCommit,
} from './walk.js';

export interface SweepOptions {
  /** Also sweep dangling commits and reflogs. */
  unreachable?: boolean;
  since?: string;
  until?: string;
  /** Limit the sweep (and the refs reported) to these branches or revisions; default: every ref. */
  branches?: string[];
  /** Sealing keys given with `--sealing-key`, tried on every SealedSecret in history. */
  sealingKeys?: KeyObject[];
  /** Blobs missing from the object store are a stated warning, not an error (`--allow-missing-objects`). */
  allowMissingObjects?: boolean;
  /** Bytes; larger blobs are checked line by line, not parsed as YAML. Default 5 MiB. */
  maxFileSize?: number;
  /** Worker threads (default: os.availableParallelism()); 0 scans on the main thread. */
  workers?: number;
  overrides?: Record<string, RuleOverride>;
  /** Globs (gitignore syntax, from the repository root) of paths never swept: the configuration's `ignore:`. */
  ignore?: string[];
  /** Reviewed findings (`allow:` of the configuration), matched by fingerprint: not listed. */
  allow?: AllowEntry[];
  /** `--state FILE`: read what an earlier sweep saw, sweep only new commits, save the result. */
  statePath?: string;
  /** Name of the repository in rows and notes (set for `--repos` sweeps). */
  repoLabel?: string;
  env?: NodeJS.ProcessEnv;
  progress?: (p: SweepProgress) => void;
}

export interface SweepProgress {
  commits: number;
  blobsQueued: number;
  blobsDone: number;
  bytes: number;
  walking: boolean;
}

/**
 * Blobs being read or scanned at once. Enough to keep git and the workers busy; memory is bounded
 * by the bytes held (IN_FLIGHT_BYTES, checked before each new read, so it can be exceeded by at
 * most IN_FLIGHT blobs of at most the read ceiling each: in practice a few megabytes).
 */
const IN_FLIGHT = 128;
const IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/**
 * The file class of a path: which rules apply to it and whether it is parsed as a manifest. A
 * blob's findings depend on its bytes and on this, not on the rest of the path, so a blob is
 * scanned once per class (a rename within the class costs nothing).
 */
export function fileClass(path: string, ruleset: Ruleset): string {
  let mask = '';
  for (const r of ruleset.rules) mask += r.appliesToPath(path) ? '1' : '0';
  return `${isStructuredPath(path) ? 'm' : 't'}${mask}`;
}

/** Sweeps one repository's history. */
export async function sweepRepository(repo: string, opts: SweepOptions = {}): Promise<SweepReport> {
  const userEnv = opts.env ?? process.env;
  // Every git process of the sweep reads the stored object graph, whatever replace refs or grafts say.
  const env = realObjectGraphEnv(userEnv);
  const label = opts.repoLabel;
  const notes: string[] = [];
  const note = (s: string): void => void notes.push(label !== undefined ? `${label}: ${s}` : s);
  if (!existsSync(repo)) throw new UsageError(`no such folder: ${repo}`);
  await git(repo, ['rev-parse', '--git-dir'], env).catch((err: unknown) => {
    throw new UsageError(`not a git repository: ${repo}${err instanceof GitFailed ? ` (${err.stderr})` : ''}`);
  });

  const rewrites = await graphRewrites(repo, userEnv);
  if (rewrites !== undefined) note(rewrites);

  const ruleset = buildRuleset(loadRuleFiles(), opts.overrides ?? {});
  const maxFileSize = opts.maxFileSize ?? 5 * 1024 * 1024;
  // As in a scan, the size limit bounds the YAML parse: larger blobs are still read, up to the
  // ceiling, and checked line by line, so a big `kubectl get secrets -o yaml` dump is not skipped.
  const ceiling = readCeiling(maxFileSize);
  const head = await headState(repo, env);
  const allRefs = await listRefs(repo, env);
  const refs = opts.branches ? await selectRefs(repo, allRefs, opts.branches, env) : allRefs;
  const stats = emptyStats();
  stats.repositories = 1;
  stats.refs = refs.length;
  if (allRefs.length === 0 && head.commit === undefined && !opts.unreachable) {
    note('the repository has no commits');
    return { secrets: [], stats, notes };
  }

  // What the repository says not to scan today: the configuration's globs and the root
  // .sealcheckignore at the default branch's tip (test fixtures with fake keys, say), applied to
  // every commit, since history cannot be re-reviewed commit by commit.
  const ignoreText = [
    ...(opts.ignore ?? []),
    ...(head.commit !== undefined ? await rootIgnoreFile(repo, head.commit, env) : []),
  ].join('\n');
  const ignored = ignoreText.trim() === '' ? undefined : ignore().add(ignoreText);
  const stateOptions: StateOptions = {
    since: opts.since,
    until: opts.until,
    branches: opts.branches,
    unreachable: opts.unreachable === true,
    maxFileSize,
    rules: ruleset.rules.map((r) => `${r.data.id}:${r.severity}`).join(','),
    ignore: ignoreText,
  };
  let index = new HistoryIndex();
  let resumed = false;
  if (opts.statePath !== undefined) {
    const loaded = loadState(opts.statePath, stateOptions);
    if (loaded.index) {
      index = loaded.index;
      resumed = true;
    } else if (loaded.why !== undefined) note(`--state: ${loaded.why}; sweeping everything again`);
  }

  const pseudo = opts.branches ? [] : ['--all'];
  const revisions = opts.branches ? refs.map((r) => r.commit) : [];
  if (opts.unreachable) {
    pseudo.push('--reflog');
    for (const commit of await unreachableCommits(repo, env)) revisions.push(commit);
  }
  const promisors = await promisorRemotes(repo, env);
  const present = promisors.length > 0 ? await localBlobs(repo, env) : undefined;
  const reader = new BlobReader(repo, env);
  reader.start();
  if (resumed) {
    const tips = stateTips(index);
    const alive: string[] = [];
    for (const t of tips) if ((await reader.request(t, 0)).kind === 'not-blob') alive.push(t);
    for (const t of alive) revisions.push(`^${t}`);
  }

  const pool = new ScanPool({ workers: opts.workers, overrides: opts.overrides ?? {}, maxFileSize });
  const classes: string[] = [];
  const ring = new KeyRing();
  /** Units whose keys this run has read (the others' come from an earlier sweep's state). */
  const keysRead = new Set<number>();
  const progress: SweepProgress = { commits: 0, blobsQueued: 0, blobsDone: 0, bytes: 0, walking: true };
  const queue: number[] = [];
  let qHead = 0;
  let active = 0;
  let heldBytes = 0;
  /** Wakes the drain loop when a blob is done. */
  let wake: (() => void) | undefined;
  let failure: unknown;
  const report = (): void => opts.progress?.(progress);

  const scanUnit = async (u: number): Promise<void> => {
    const unit = index.units[u]!;
    const answer: BlobAnswer =
      present !== undefined && !present.has(unit.oid) ? { kind: 'missing' } : await reader.request(unit.oid, ceiling);
    let result: BlobResult;
    if (answer.kind === 'blob') {
      const size = answer.bytes.length;
      progress.bytes += size;
      index.bytes += size;
      heldBytes += size;
      try {
        result = await pool.scan(unit.path, answer.bytes);
      } finally {
        heldBytes -= size;
      }
    } else {
      result = {
        hits: [],
        sealed: [],
        keys: [],
        skipped:
          answer.kind === 'too-large'
            ? `larger than ${ceiling} bytes`
            : answer.kind === 'unreadable'
              ? `${UNREADABLE}${answer.reason}`
              : answer.kind,
      };
    }
    if (result.keys.length > 0) {
      ring.add(u, result.keys, holdsControllerKey(result.hits));
      keysRead.add(u);
    }
    index.setResult(u, {
      hits: result.hits,
      sealed: result.sealed,
      hasKeys: result.keys.length > 0,
      ...(result.skipped !== undefined ? { skipped: result.skipped } : {}),
      ...(result.links !== undefined ? { links: result.links } : {}),
    });
    progress.blobsDone += 1;
    report();
  };
  const pump = (): void => {
    while (failure === undefined && active < IN_FLIGHT && heldBytes < IN_FLIGHT_BYTES && qHead < queue.length) {
      active += 1;
      scanUnit(queue[qHead++]!).then(
        () => {
          active -= 1;
          pump();
          wake?.();
        },
        (err: unknown) => {
          active -= 1;
          failure ??= err;
          wake?.();
        },
      );
    }
    if (qHead > 4096 && qHead * 2 > queue.length) {
      queue.splice(0, qHead);
      qHead = 0;
    }
  };
  const unitOf = (path: number, oid: string): number => {
    const p = index.paths[path]!;
    const cls = (classes[path] ??= fileClass(p, ruleset));
    const { id, created } = index.unitId(oid, p, cls);
    if (created) {
      queue.push(id);
      progress.blobsQueued += 1;
      pump();
    }
    return id;
  };
  const skipPath: boolean[] = [];
  const changesOf = (list: WalkedCommit['changes']): number[] => {
    const flat: number[] = [];
    for (const c of list) {
      const path = index.pathId(c.path);
      // An ignored path is never present, in every commit alike, so the tree replay stays consistent.
      const skip = (skipPath[path] ??= ignored?.ignores(c.path) ?? false);
      flat.push(path, c.oid === undefined || skip ? -1 : unitOf(path, c.oid));
    }
    return flat;
  };
  // Blobs an earlier sweep could not read are read again: they may have been fetched or repaired since.
  index.units.forEach((u, id) => {
    if (u.result?.skipped === 'missing' || u.result?.skipped?.startsWith(UNREADABLE)) {
      delete u.result;
      queue.push(id);
      progress.blobsQueued += 1;
    }
  });
  const newCommits: StoredCommit[] = [];
  let boundary = new Set<string>();

  try {
    await walkHistory(repo, { pseudo, revisions, since: opts.since, until: opts.until, env }, (c) => {
      const stored: StoredCommit = {
        sha: c.sha,
        parents: c.parents,
        author: c.author,
        date: c.date,
        time: c.time,
        changes: changesOf(c.changes),
      };
      if (index.addCommit(stored)) newCommits.push(stored);
      progress.commits += 1;
      report();
    }).catch((err: unknown) => {
      if (err instanceof GitFailed) throw new UsageError(`cannot read the history of ${repo}: ${err.stderr}`);
      throw err;
    });

    // A commit whose first parent was not walked (the start of --since, or a branch limit) starts
    // from its parent's whole tree; at a shallow boundary the parent does not exist (git shows the
    // commit as a root, so its changes already list its whole tree).
    boundary = new Set(await shallowBoundary(repo, env));
    for (const c of newCommits) {
      const fp = c.parents[0];
      if (fp === undefined || index.commitIndex.has(fp) || boundary.has(c.sha)) continue;
      if (!(await commitExists(repo, fp, env))) continue;
      c.changes = [...changesOf(await treeOf(repo, fp, env)), ...c.changes];
    }
    progress.walking = false;
    report();
    while (failure === undefined && (active > 0 || qHead < queue.length)) {
      pump();
      if (active > 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (failure !== undefined) throw failure;

    await scanGeneratorMaterial(index, reader, ruleset, maxFileSize);

    // Keys are never stored: blobs remembered from an earlier sweep are read again for theirs.
    for (const [u, unit] of index.units.entries()) {
      if (!unit.result?.hasKeys || keysRead.has(u)) continue;
      const answer = await reader.request(unit.oid, ceiling);
      if (answer.kind === 'blob')
        ring.add(u, keysOfBlob(unit.path, answer.bytes, maxFileSize), holdsControllerKey(unit.result.hits));
    }

    if (boundary.size > 0) {
      stats.shallow = 1;
      note(
        `shallow clone: the parents of ${boundary.size} boundary commit${boundary.size === 1 ? '' : 's'} (${[
          ...boundary,
        ]
          .slice(0, 3)
          .map((s) => s.slice(0, 12))
          .join(
            ', ',
          )}${boundary.size > 3 ? ', …' : ''}) were not fetched; a secret first seen at the boundary may be older, and commits, authors and refs beyond it could not be seen (git fetch --unshallow for a complete sweep)`,
      );
    }
    if (opts.since !== undefined || opts.until !== undefined)
      note(
        `only commits ${opts.since !== undefined ? `since ${opts.since} ` : ''}${opts.until !== undefined ? `until ${opts.until}` : ''} were swept; the tree at the start of the range was read whole, so older secrets are attributed to the range's first commit`.replace(
          /\s+/g,
          ' ',
        ),
      );

    return finish();
  } finally {
    await pool.close();
    await reader.close();
  }

  function finish(): SweepReport {
    // Commits an earlier sweep saw that no ref reaches any more (force-pushed away) are dropped.
    const commits =
      opts.unreachable || !resumed
        ? index.commits
        : reachable(index.commits, [...refs.map((r) => r.commit), ...(head.commit ? [head.commit] : [])]);
    const table = new IdentityTable();
    const unitIdentities: number[][] = index.units.map((u) => {
      const r = u.result;
      if (!r || (r.hits.length === 0 && r.sealed.length === 0)) return [];
      const ids = new Set<number>();
      for (const h of r.hits) ids.add(table.hit(h));
      for (const s of r.sealed) ids.add(table.sealedSlot(s.namespace, s.name, s.key));
      return [...ids];
    });
    const ciphertexts = new Set<string>();
    for (const u of index.units) for (const s of u.result?.sealed ?? []) ciphertexts.add(s.value);
    const { tried, untried } = withinBudget(
      ring.candidates(opts.sealingKeys ?? []),
      [...ciphertexts].map(rsaBlockLength),
    );
    if (untried > 0)
      note(
        `${untried} of the ${ring.size} RSA private keys found in history were not tried on the ${ciphertexts.size} SealedSecret values (at most ${MAX_KEY_TRIALS} trials, one per key and value; controller key Secrets and 4096-bit keys were tried first): give the controller's key with --sealing-key to be sure`,
      );
    const trial = new KeyTrial(tried);
    // A key that opens something is attributed like a secret: a marker identity in every blob
    // that holds it, so the ledger names the commit (and path) where it first reached history.
    const markers = new Map<string, number>();
    const markerOf = (found: string): number => {
      let id = markers.get(found);
      if (id === undefined) {
        markers.set(found, (id = table.leakedKey(found)));
        for (const u of ring.unitsOf(found)) unitIdentities[u]!.push(id);
      }
      return id;
    };
    if (!trial.empty) {
      index.units.forEach((u, id) => {
        for (const s of u.result?.sealed ?? []) {
          const opened = trial.open(s);
          if (opened)
            unitIdentities[id]!.push(
              table.opened(
                s.namespace,
                s.name,
                s.key,
                opened.valueHash,
                opened.preview,
                opened.by.found !== undefined ? markerOf(opened.by.found) : undefined,
              ),
            );
        }
      });
    }
    const ledger = attribute({
      commits,
      unitIdentities,
      identityCount: table.list.length,
      refs,
      head: head.commit,
      succession: successionOf(table.list, index.paths),
    });
    const built = buildRows({
      identities: table.list,
      ledger,
      commits,
      paths: index.paths,
      refs,
      defaultBranch: head.branch,
      ...(label !== undefined ? { repo: label } : {}),
    });
    // Allow comments were applied to each blob's findings; the allowlist applies here, where the
    // fingerprints are final.
    const { rows, suppressed } = allowRows(built, [allowlistFilter(opts.allow ?? [], new Date())]);
    if (rows.length < built.length)
      note(
        `${built.length - rows.length} secret${built.length - rows.length === 1 ? ' is' : 's are'} allowlisted by fingerprint in the configuration and not listed`,
      );
    if (ignored !== undefined)
      note(
        "paths matched by the configuration's ignore: globs or the root .sealcheckignore (as the default branch has it) were not swept",
      );
    for (const r of rows)
      if (boundary.has(r.introducedIn.commit))
        r.reason += " (first seen at the shallow clone's boundary: it may be older)";
    if (opts.statePath !== undefined) saveState(opts.statePath, stateOptions, index);
    stats.commits = commits.length;
    stats.blobs = index.units.length;
    stats.bytes = index.bytes;
    stats.skipped = index.units.filter((u) => u.result?.skipped !== undefined).length;
    stats.secrets = rows.length;
    stats.rotate = rows.filter((r) => r.status === 'rotate').length;
    stats.superseded = rows.filter((r) => r.status === 'superseded').length;
    // A key that opens SealedSecrets is a controller's key however it was committed: counted once,
    // by its sealing-key row when a labelled key Secret holds it, else by the key itself.
    const unlabelled = [...markers.keys()].filter(
      (id) => !ring.unitsOf(id).some((u) => holdsControllerKey(index.units[u]!.result?.hits ?? [])),
    ).length;
    stats.leakedSealingKeys = rows.filter((r) => r.rule === SEALING_KEY_RULE).length + unlabelled;
    const large = index.units.filter((u) => u.result?.skipped?.startsWith('larger')).length;
    if (large > 0)
      note(
        `${large} blob${large === 1 ? ' was' : 's were'} larger than ${ceiling} bytes and not read at all (blobs over --max-file-size are checked line by line up to that size)`,
      );
    const errors = unreadableObjects(index.units, promisors, note, opts.allowMissingObjects === true);
    if (ledger.unreachable > 0)
      note(
        `${ledger.unreachable} swept commit${ledger.unreachable === 1 ? ' is' : 's are'} reachable from no ref (dangling commits and reflog entries)`,
      );
    return {
      secrets: rows,
      stats,
      notes,
      ...(suppressed.length > 0 ? { suppressed } : {}),
      ...(errors.length > 0 ? { errors: errors.map((e) => (label !== undefined ? `${label}: ${e}` : e)) } : {}),
    };
  }
}

/**
 * Applies fingerprint filters to rows, copy by copy: a copy scan would suppress (the object, or its
 * last-applied annotation) leaves the row, and the row goes only when none is left.
 */
function allowRows(
  built: readonly SecretRow[],
  filters: readonly FingerprintFilter[],
): { rows: SecretRow[]; suppressed: SweepSuppression[] } {
  const rows: SecretRow[] = [];
  const suppressed: SweepSuppression[] = [];
  for (const r of built) {
    const copies = r.fingerprints ?? [r.fingerprint];
    const kept: string[] = [];
    for (const fp of copies) {
      const s = suppressionOf({ line: 0, fingerprint: fp }, NO_ALLOWS, filters);
      if (s) suppressed.push({ rule: r.rule, path: r.lastSeenIn.path, fingerprint: fp, ...s });
      else kept.push(fp);
    }
    if (kept.length === 0) continue;
    if (kept.length < copies.length) {
      r.fingerprint = kept[0]!;
      if (kept.length > 1) r.fingerprints = kept;
      else delete r.fingerprints;
    }
    rows.push(r);
  }
  return { rows, suppressed };
}

/** A blob the sealing-key rule flagged (a labelled controller key Secret): its keys are tried first and counted by that row. */
function holdsControllerKey(hits: readonly SecretHit[]): boolean {
  return hits.some((h) => h.rule === SEALING_KEY_RULE);
}

/** Commits reachable from `tips` through any parent. */
function reachable(commits: readonly StoredCommit[], tips: readonly string[]): StoredCommit[] {
  const bySha = new Map(commits.map((c) => [c.sha, c] as const));
  const seen = new Set<string>();
  const stack = tips.filter((t) => bySha.has(t));
  while (stack.length > 0) {
    const sha = stack.pop()!;
    if (seen.has(sha)) continue;
    seen.add(sha);
    for (const p of bySha.get(sha)!.parents) if (bySha.has(p) && !seen.has(p)) stack.push(p);
  }
  return commits.filter((c) => seen.has(c.sha));
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
