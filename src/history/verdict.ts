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
}

/** `branch main`, `tag v1.2`, `remote branch origin/x`, `the stash`, or the full name. */
export function refWords(name: string): string {
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

export function buildRows(input: VerdictInput): SecretRow[] {
  const { identities, ledger, commits, paths } = input;
  const exp = ledger.exposures;
  const before = (a: number, b: number): boolean =>
    commits[a]!.time < commits[b]!.time || (commits[a]!.time === commits[b]!.time && ledger.rank[a]! < ledger.rank[b]!);
  const place = (c: number, p: number): CommitPlace => ({
    commit: commits[c]!.sha,
    author: commits[c]!.author,
    date: commits[c]!.date,
    path: paths[p] ?? '',
  });
  const branchName = input.defaultBranch?.replace(/^refs\/heads\//, '') ?? 'HEAD';

  // Where SealedSecrets hold the same namespace/name/key, and which values some ref's tip still
  // holds, whatever rule or object found them there (the same value in another file or encoding).
  const sealed = new Map<string, Exposure>();
  const atTip = new Map<string, number>();
  identities.forEach((i, id) => {
    const e = exp[id];
    if (!e) return;
    if (i.sealedSlot) sealed.set(objectKeyOf(i), e);
    else if (i.valueHash !== '' && (e.tips.length > 0 || e.presentAtHead) && !atTip.has(i.valueHash))
      atTip.set(i.valueHash, id);
  });

  const rows: SecretRow[] = [];
  identities.forEach((i, id) => {
    const e = exp[id];
    if (!e || i.sealedSlot || i.leakedKey) return;
    const refNames = e.refs.map((r) => input.refs[r]!.name);
    const reach =
      refNames.length > 0
        ? `still reachable from ${listWords(refNames)}`
        : 'only in commits no ref reaches (dangling or reflog): copies and backups of the repository still hold them';
    const tipNames = e.tips.map((r) => input.refs[r]!.name);
    const gone = e.presentAtHead
      ? `still present at the tip of ${branchName}`
      : tipNames.length > 0
        ? `not at the tip of ${branchName}, but present at the tip of ${listWords(tipNames)}`
        : `deleted, but ${reach}`;
    let status: SecretRow['status'] = 'rotate';
    let reason: string;
    if (i.rule === 'sealing-key') {
      reason = `renew the sealing key: the sealed-secrets controller's private key is in history (commit ${short(commits[e.introCommit]!.sha)}, ${paths[e.introPath] ?? ''}) and opens every SealedSecret sealed to it; ${gone}`;
    } else if (i.openedBy !== undefined) {
      const k = i.openedBy === null ? undefined : exp[i.openedBy];
      reason = k
        ? `sealed to a controller key that leaked at commit ${short(commits[k.introCommit]!.sha)} (${paths[k.introPath] ?? ''}): anyone with the repository can open it`
        : 'sealed to a controller key given with --sealing-key: whoever holds that key can open it';
    } else if (e.presentAtHead) {
      reason = `present at the tip of ${branchName} (${paths[e.lastPath] ?? ''})`;
    } else if (tipNames.length > 0) {
      // Replaced on the default branch, perhaps, but another branch or tag still holds it at its
      // tip: whatever deploys from there still uses it.
      reason = gone;
    } else if (atTip.has(i.valueHash)) {
      const o = exp[atTip.get(i.valueHash)!]!;
      const where = o.presentAtHead ? branchName : listWords(o.tips.map((r) => input.refs[r]!.name));
      reason = `gone from here, but the same value is still present at the tip of ${where} (${paths[o.lastPath] ?? ''})`;
    } else {
      const r = e.replaced;
      const s = sealed.get(objectKeyOf(i));
      if (r) {
        status = 'superseded';
        reason = `replaced in commit ${short(commits[r.commit]!.sha)} (${commits[r.commit]!.date}), where the old value left and another value of the same object came in (${paths[r.path] ?? ''}): likely rotated, verify the old value was revoked; ${reach}`;
      } else if (s && (s.presentAtHead || before(e.introCommit, s.introCommit))) {
        reason = `sealed in a later commit (${short(commits[s.introCommit]!.sha)}), but the plaintext stays in history, ${tipNames.length > 0 ? `present at the tip of ${listWords(tipNames)}` : reach}`;
      } else {
        reason = gone;
      }
    }
    const fingerprints = fingerprintsOf(i, paths[e.lastPath] ?? '');
    const row: SecretRow = {
      namespace: i.namespace ?? null,
      name: i.name ?? null,
      key: i.key ?? null,
      kind: i.kind ?? null,
      rule: i.rule,
      severity: i.severity,
      fingerprint: fingerprints[0]!,
      preview: i.preview,
      status,
      reason,
      introducedIn: place(e.introCommit, e.introPath),
      lastSeenIn: place(e.lastCommit, e.lastPath),
      refs: refNames,
      presentAtHead: e.presentAtHead,
      commits: e.commits,
    };
    if (input.repo !== undefined) row.repo = input.repo;
    if (i.via.size > 0) row.via = [...i.via].sort();
    if (fingerprints.length > 1) row.fingerprints = fingerprints;
    rows.push(row);
  });
  return rows.sort(byRisk);
}

/**
 * `scan`'s fingerprint of every copy a row stands for: the copy outside any annotation first, then
 * one per annotation it was found in (a finding inside a recovered object carries the annotation,
 * so its fingerprint differs). For an object without a name the path anchors it: the latest one,
 * where a scan finds it today.
 */
export function fingerprintsOf(i: Identity, path: string): string[] {
  const object = { kind: i.kind, namespace: i.namespace, name: i.name, key: i.key };
  const out = i.direct || i.via.size === 0 ? [fingerprint(i.rule, object, path, i.valueHash)] : [];
  for (const via of [...i.via].sort()) out.push(fingerprint(i.rule, { ...object, via }, path, i.valueHash));
  return out;
}
