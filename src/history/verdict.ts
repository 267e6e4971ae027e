import { fingerprint } from '../finding.js';
import type { StoredCommit } from './history-index.js';
import { objectKeyOf, type Identity } from './identities.js';
import type { Exposure, Ledger } from './ledger.js';
import { byRisk, type CommitPlace, type SecretRow } from './model.js';
import type { RefTip } from './walk.js';

/**
 * From exposures to verdicts. A secret that reached history is `rotate` unless the same object
 * later got another value (`superseded`: probably rotated, still to be verified as revoked); a
 * secret still at the default branch's tip, a sealing key, and an entry a leaked key opens are
 * always `rotate`. The reason says why in words.
 */

export interface VerdictInput {
  identities: readonly Identity[];
  ledger: Ledger;
  commits: readonly StoredCommit[];
  paths: readonly string[];
  refs: readonly RefTip[];
  /** `refs/heads/main`; undefined when HEAD is detached or unborn. */
  defaultBranch: string | undefined;
  repo?: string;
  /** The line an identity's secret is on in a unit (scanned blob), when the scan recorded one. */
  lineOf?: (unit: number, identity: Identity) => number | undefined;
}

/** `branch main`, `tag v1.2`, `remote branch origin/x`, `the stash`, or the full name. */
function refWords(name: string): string {
  if (name.startsWith('refs/heads/')) return `branch ${name.slice(11)}`;
  if (name.startsWith('refs/tags/')) return `tag ${name.slice(10)}`;
  if (name.startsWith('refs/remotes/')) return `remote branch ${name.slice(13)}`;
  if (name === 'refs/stash') return 'the stash';
  if (name === 'HEAD') return 'the detached HEAD';
  return name;
}

function listWords(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).map(refWords);
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more ref${more === 1 ? '' : 's'}` : shown.join(', ');
}

const short = (sha: string): string => sha.slice(0, 12);

/** A row as built, before suppression: `allow` is the reason of the allow comment its copies are under. */
export interface BuiltRow extends SecretRow {
  allow?: string;
}

export function buildRows(input: VerdictInput): BuiltRow[] {
  const { identities, ledger } = input;
  const ctx = new VerdictContext(input);
  const sealed = new Map<string, Exposure>();
  const atTip = new Map<string, Exposure>();
  identities.forEach((i, id) => {
    const e = ledger.exposures[id];
    if (!e) return;
    if (i.sealedSlot) sealed.set(objectKeyOf(i), e);
    // An allowed copy is not a row, so no other row's reason may point at it.
    else if (
      i.valueHash !== '' &&
      i.allow === undefined &&
      (e.tips.length > 0 || e.presentAtHead) &&
      !atTip.has(i.valueHash)
    )
      atTip.set(i.valueHash, e);
  });

  const rows: BuiltRow[] = [];
  identities.forEach((i, id) => {
    const e = ledger.exposures[id];
    if (!e || i.sealedSlot || i.leakedKey) return;
    const { status, reason } = verdictOf(ctx, i, e, {
      sealed: sealed.get(objectKeyOf(i)),
      atTip: atTip.get(i.valueHash),
    });
    rows.push(rowOf(ctx, i, e, status, reason));
  });
  return rows.sort(byRisk);
}

/** The commits, paths and refs a verdict names, looked up by the ledger's indexes. */
class VerdictContext {
  readonly branchName: string;

  constructor(readonly input: VerdictInput) {
    this.branchName = input.defaultBranch?.replace(/^refs\/heads\//, '') ?? 'HEAD';
  }

  commit(c: number): StoredCommit {
    const commit = this.input.commits[c];
    if (commit === undefined) throw new Error(`internal error: the ledger names commit ${c}, which was not swept`);
    return commit;
  }

  path(p: number): string {
    return this.input.paths[p] ?? '';
  }

  refNames(indexes: readonly number[]): string[] {
    return indexes.map((r) => {
      const ref = this.input.refs[r];
      if (ref === undefined) throw new Error(`internal error: the ledger names ref ${r}, which was not listed`);
      return ref.name;
    });
  }

  /** Whether commit a is earlier than commit b (time, then topological order). */
  before(a: number, b: number): boolean {
    const [ta, tb] = [this.commit(a).time, this.commit(b).time];
    return ta < tb || (ta === tb && (this.input.ledger.rank[a] ?? 0) < (this.input.ledger.rank[b] ?? 0));
  }

  place(c: number, p: number, line?: number): CommitPlace {
    const commit = this.commit(c);
    const at: CommitPlace = { commit: commit.sha, author: commit.author, date: commit.date, path: this.path(p) };
    if (line !== undefined) at.line = line;
    return at;
  }
}

/**
 * The verdict and its reason in words: why rotate, or why the value is probably superseded.
 * `sealed` is where a SealedSecret holds the same namespace/name/key; `atTip` an exposure of the
 * same value (any rule, any object) that some ref's tip still holds.
 */
function verdictOf(
  ctx: VerdictContext,
  i: Identity,
  e: Exposure,
  related: { sealed: Exposure | undefined; atTip: Exposure | undefined },
): { status: SecretRow['status']; reason: string } {
  const { branchName } = ctx;
  const refNames = ctx.refNames(e.refs);
  const reach =
    refNames.length > 0
      ? `still reachable from ${listWords(refNames)}`
      : 'only in commits no ref reaches (dangling or reflog): copies and backups of the repository still hold them';
  const tipNames = ctx.refNames(e.tips);
  const gone = e.presentAtHead
    ? `still present at the tip of ${branchName}`
    : tipNames.length > 0
      ? `not at the tip of ${branchName}, but present at the tip of ${listWords(tipNames)}`
      : `deleted, but ${reach}`;
  const rotate = (reason: string): { status: SecretRow['status']; reason: string } => ({ status: 'rotate', reason });
  if (i.rule === 'sealing-key')
    return rotate(
      `renew the sealing key: the sealed-secrets controller's private key is in history (commit ${short(ctx.commit(e.introCommit).sha)}, ${ctx.path(e.introPath)}) and opens every SealedSecret sealed to it; ${gone}`,
    );
  if (i.openedBy !== undefined) {
    const k = i.openedBy === null ? undefined : ctx.input.ledger.exposures[i.openedBy];
    return rotate(
      k
        ? `sealed to a controller key that leaked at commit ${short(ctx.commit(k.introCommit).sha)} (${ctx.path(k.introPath)}): anyone with the repository can open it`
        : 'sealed to a controller key given with --sealing-key: whoever holds that key can open it',
    );
  }
  if (e.presentAtHead) return rotate(`present at the tip of ${branchName} (${ctx.path(e.lastPath)})`);
  // Replaced on the default branch, perhaps, but another branch or tag still holds it at its tip:
  // whatever deploys from there still uses it.
  if (tipNames.length > 0) return rotate(gone);
  const o = related.atTip;
  if (o) {
    const where = o.presentAtHead ? branchName : listWords(ctx.refNames(o.tips));
    return rotate(
      `gone from here, but the same value is still present at the tip of ${where} (${ctx.path(o.lastPath)})`,
    );
  }
  const r = e.replaced;
  if (r) {
    const commit = ctx.commit(r.commit);
    return {
      status: 'superseded',
      reason: `replaced in commit ${short(commit.sha)} (${commit.date}), where the old value left and another value of the same object came in (${ctx.path(r.path)}): likely rotated, verify the old value was revoked; ${reach}`,
    };
  }
  const s = related.sealed;
  if (s && (s.presentAtHead || ctx.before(e.introCommit, s.introCommit)))
    return rotate(
      `sealed in a later commit (${short(ctx.commit(s.introCommit).sha)}), but the plaintext stays in history, ${tipNames.length > 0 ? `present at the tip of ${listWords(tipNames)}` : reach}`,
    );
  return rotate(gone);
}

function rowOf(ctx: VerdictContext, i: Identity, e: Exposure, status: SecretRow['status'], reason: string): BuiltRow {
  const [first, ...more] = fingerprintsOf(i, ctx.path(e.lastPath));
  const row: BuiltRow = {
    namespace: i.namespace ?? null,
    name: i.name ?? null,
    key: i.key ?? null,
    kind: i.kind ?? null,
    rule: i.rule,
    severity: i.severity,
    fingerprint: first,
    preview: i.preview,
    valueHash: i.valueHash,
    status,
    reason,
    introducedIn: ctx.place(
      e.introCommit,
      e.introPath,
      e.introUnit >= 0 ? ctx.input.lineOf?.(e.introUnit, i) : undefined,
    ),
    lastSeenIn: ctx.place(e.lastCommit, e.lastPath),
    refs: ctx.refNames(e.refs),
    presentAtHead: e.presentAtHead,
    commits: e.commits,
  };
  if (ctx.input.repo !== undefined) row.repo = ctx.input.repo;
  if (ctx.input.defaultBranch !== undefined) row.defaultBranch = ctx.input.defaultBranch;
  if (i.via.size > 0) row.via = [...i.via].sort();
  if (more.length > 0) row.fingerprints = [first, ...more];
  if (i.allow !== undefined) row.allow = i.allow;
  return row;
}

/**
 * `scan`'s fingerprint of every copy a row stands for: the copy outside any annotation first, then
 * one per annotation it was found in (a finding inside a recovered object carries the annotation,
 * so its fingerprint differs). For an object without a name the path anchors it: the latest one,
 * where a scan finds it today.
 */
function fingerprintsOf(i: Identity, path: string): [string, ...string[]] {
  const object = { kind: i.kind, namespace: i.namespace, name: i.name, key: i.key };
  const annotated = [...i.via].sort().map((via) => fingerprint(i.rule, { ...object, via }, path, i.valueHash));
  const [firstAnnotated, ...moreAnnotated] = annotated;
  if (i.direct || firstAnnotated === undefined) return [fingerprint(i.rule, object, path, i.valueHash), ...annotated];
  return [firstAnnotated, ...moreAnnotated];
}
