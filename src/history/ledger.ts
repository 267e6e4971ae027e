import { Succession, type Replacement, type SuccessionInput } from './succession.js';

/**
 * Attribution: which commits hold which secret. Pure computation over the commit graph and the
 * per-blob identities, no git and no IO.
 *
 * Definitions (what the report's numbers mean):
 * - A commit's tree is rebuilt by replaying, along first parents, the changes `git log --raw
 *   --diff-merges=first-parent` reports (a commit without a swept first parent starts from the empty
 *   tree, or from the tree given as its `seed`). Only paths whose blob holds a secret are tracked.
 * - A commit *holds* a secret when some path of its tree has a blob in which the secret was found.
 * - `commits`: the exact number of swept commits that hold the secret (each commit once, whatever
 *   the number of paths or copies).
 * - introducing commit: among the commits where the secret appears (held, and not held by the first
 *   parent), the earliest by committer time, ties broken by topological order (parents first).
 * - last commit: among the commits that hold it, the latest by committer time (ties: topological).
 * - refs reaching it: refs from which at least one commit that holds it is reachable (all parents).
 * - present at head: held by the commit the default branch (HEAD) points at.
 */

export interface LedgerCommit {
  sha: string;
  parents: readonly string[];
  /** Committer time (seconds). */
  time: number;
  /** Flat pairs: path id, unit id (a negative unit id deletes the path). */
  changes: ArrayLike<number>;
}

export interface LedgerInput {
  commits: readonly LedgerCommit[];
  /** Identity ids found in each unit (scanned blob); undefined or empty for a blob without secrets. */
  unitIdentities: ReadonlyArray<readonly number[] | undefined>;
  identityCount: number;
  refs: readonly { name: string; commit: string }[];
  /** The default branch's tip. */
  head: string | undefined;
  /** Which identities are values of the same object: to find where a value was replaced. */
  succession?: SuccessionInput;
}

export interface Exposure {
  /** Index into `commits` of the introducing commit, and the path there. */
  introCommit: number;
  introPath: number;
  lastCommit: number;
  /** Path of the secret in the last commit that holds it. */
  lastPath: number;
  commits: number;
  /** Indexes into `refs`. */
  refs: number[];
  presentAtHead: boolean;
  /** Indexes into `refs` of the refs whose tip commit holds it. */
  tips: number[];
  /** The earliest commit where the value left the tree as another value of its object came in. */
  replaced?: Replacement;
}

interface HeldSet {
  members: Int32Array;
  memberSet: Set<number>;
  count: number;
  latest: number;
  /** The tree (tracked paths) of `latest`; trees are never changed once a commit is done. */
  latestPaths: Map<number, number>;
  mask: Uint32Array;
}

interface TreeState {
  paths: Map<number, number>;
  set: HeldSet;
}

export interface Ledger {
  exposures: (Exposure | undefined)[];
  /** Topological rank of each commit (parents first). */
  rank: Int32Array;
  /** Commits reachable from no ref (only with unreachable commits in the sweep). */
  unreachable: number;
}

export function attribute(input: LedgerInput): Ledger {
  const { commits } = input;
  const n = commits.length;
  const index = new Map<string, number>();
  commits.forEach((c, i) => index.set(c.sha, i));

  const parentsOf: Int32Array[] = commits.map((c) =>
    Int32Array.from(new Set(c.parents.map((p) => index.get(p) ?? -1).filter((p) => p >= 0))),
  );
  const firstParent = Int32Array.from(commits, (c) =>
    c.parents[0] !== undefined ? (index.get(c.parents[0]) ?? -1) : -1,
  );

  // Kahn's algorithm, parents first; ties in walk order, so the result does not depend on Map order.
  const pending = Int32Array.from(parentsOf, (p) => p.length);
  const childStart = new Int32Array(n + 1);
  for (const ps of parentsOf) for (const p of ps) childStart[p + 1]! += 1;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const childFill = childStart.slice(0, n);
  const children = new Int32Array(childStart[n]!);
  parentsOf.forEach((ps, c) => {
    for (const p of ps) children[childFill[p]!++] = c;
  });
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = n - 1; i >= 0; i--) if (pending[i] === 0) order[tail++] = i;
  while (head < tail) {
    const c = order[head++]!;
    for (let k = childStart[c]!; k < childStart[c + 1]!; k++) {
      const ch = children[k]!;
      if (--pending[ch]! === 0) order[tail++] = ch;
    }
  }
  if (tail !== n) throw new Error('the commit graph has a cycle');
  const rank = new Int32Array(n);
  order.forEach((c, r) => (rank[c] = r));

  // Which refs reach each commit: children first, each commit passes its bits to its parents.
  const words = Math.max(1, Math.ceil(input.refs.length / 32));
  const reach = new Uint32Array(n * words);
  input.refs.forEach((ref, r) => {
    const i = index.get(ref.commit);
    if (i !== undefined) reach[i * words + (r >>> 5)]! |= 1 << (r & 31);
  });
  let unreachable = 0;
  for (let k = n - 1; k >= 0; k--) {
    const c = order[k]!;
    let any = 0;
    for (let w = 0; w < words; w++) any |= reach[c * words + w]!;
    if (any === 0) unreachable += 1;
    for (const p of parentsOf[c]!) for (let w = 0; w < words; w++) reach[p * words + w]! |= reach[c * words + w]!;
  }

  const later = (a: number, b: number): boolean =>
    commits[a]!.time > commits[b]!.time || (commits[a]!.time === commits[b]!.time && rank[a]! > rank[b]!);

  // Held sets, interned: commits whose tree holds the same secrets share one set and one tally.
  const sets = new Map<string, HeldSet>();
  const newSet = (members: Int32Array): HeldSet => ({
    members,
    memberSet: new Set(members),
    count: 0,
    latest: -1,
    latestPaths: new Map(),
    mask: new Uint32Array(words),
  });
  const empty = newSet(new Int32Array(0));
  sets.set('', empty);
  const interesting = (u: number): boolean => u >= 0 && (input.unitIdentities[u]?.length ?? 0) > 0;
  const setOf = (paths: Map<number, number>): HeldSet => {
    const all = new Set<number>();
    for (const u of paths.values()) for (const id of input.unitIdentities[u]!) all.add(id);
    const members = Int32Array.from(all).sort();
    const key = members.join(',');
    let s = sets.get(key);
    if (!s) {
      s = newSet(members);
      sets.set(key, s);
    }
    return s;
  };
  const pathOf = (paths: Map<number, number>, id: number): number => {
    let best = -1;
    for (const [p, u] of paths) if (input.unitIdentities[u]!.includes(id) && (best < 0 || p < best)) best = p;
    return best;
  };

  const intro = new Int32Array(input.identityCount).fill(-1);
  const introPath = new Int32Array(input.identityCount).fill(-1);
  const fpChildren = new Int32Array(n);
  for (const fp of firstParent) if (fp >= 0) fpChildren[fp]! += 1;
  const states = new Map<number, TreeState>();
  const headIndex = input.head !== undefined ? index.get(input.head) : undefined;
  let headSet: HeldSet = empty;
  const tipCommits = new Map<number, number[]>();
  input.refs.forEach((ref, r) => {
    const i = index.get(ref.commit);
    if (i !== undefined) tipCommits.set(i, [...(tipCommits.get(i) ?? []), r]);
  });
  const tipSets: { refs: number[]; set: HeldSet }[] = [];
  const emptyState: TreeState = { paths: new Map(), set: empty };
  const succession = input.succession ? new Succession(input.succession, input.unitIdentities, later) : undefined;

  for (const c of order) {
    const fp = firstParent[c]!;
    const base = fp >= 0 ? (states.get(fp) ?? emptyState) : emptyState;
    let paths = base.paths;
    let copied = false;
    const ch = commits[c]!.changes;
    for (let k = 0; k + 1 < ch.length; k += 2) {
      const path = ch[k]!;
      const unit = ch[k + 1]!;
      if (interesting(unit)) {
        if (paths.get(path) === unit) continue;
        if (!copied) ((paths = new Map(paths)), (copied = true));
        paths.set(path, unit);
      } else if (paths.has(path)) {
        if (!copied) ((paths = new Map(paths)), (copied = true));
        paths.delete(path);
      }
    }
    const set = copied ? setOf(paths) : base.set;
    if (set !== base.set) {
      if (succession) {
        const left = Array.from(base.set.members).filter((id) => !set.memberSet.has(id));
        if (left.length > 0)
          succession.step(
            c,
            base.paths,
            paths,
            left,
            Array.from(set.members).filter((id) => !base.set.memberSet.has(id)),
          );
      }
      for (const id of set.members) {
        if (base.set.memberSet.has(id)) continue;
        const cur = intro[id]!;
        if (cur < 0 || later(cur, c)) {
          intro[id] = c;
          introPath[id] = pathOf(paths, id);
        }
      }
    }
    set.count += 1;
    if (set.members.length > 0 && (set.latest < 0 || later(c, set.latest))) {
      set.latest = c;
      set.latestPaths = paths;
    }
    for (let w = 0; w < words; w++) set.mask[w]! |= reach[c * words + w]!;
    if (c === headIndex) headSet = set;
    const tipOf = tipCommits.get(c);
    if (tipOf) tipSets.push({ refs: tipOf, set });
    if (fpChildren[c]! > 0) states.set(c, { paths, set });
    if (fp >= 0 && --fpChildren[fp]! === 0) states.delete(fp);
  }

  const exposures: (Exposure | undefined)[] = new Array(input.identityCount);
  const masks: Uint32Array[] = new Array(input.identityCount);
  const lastSet: HeldSet[] = new Array(input.identityCount);
  for (const s of sets.values()) {
    if (s.count === 0) continue;
    for (const id of s.members) {
      let e = exposures[id];
      if (!e) {
        e = {
          introCommit: intro[id]!,
          introPath: introPath[id]!,
          lastCommit: s.latest,
          lastPath: -1,
          commits: 0,
          refs: [],
          presentAtHead: headSet.memberSet.has(id),
          tips: [],
        };
        exposures[id] = e;
        masks[id] = new Uint32Array(words);
        lastSet[id] = s;
      } else if (later(s.latest, e.lastCommit)) {
        e.lastCommit = s.latest;
        lastSet[id] = s;
      }
      e.commits += s.count;
      const m = masks[id]!;
      for (let w = 0; w < words; w++) m[w]! |= s.mask[w]!;
    }
  }
  // The path of each secret in its last commit: one pass over each such commit's tracked tree.
  const pathsIn = new Map<HeldSet, Map<number, number>>();
  lastSet.forEach((s, id) => {
    let byId = pathsIn.get(s);
    if (!byId) {
      byId = new Map();
      for (const [p, u] of s.latestPaths)
        for (const i of input.unitIdentities[u]!) if (!byId.has(i) || p < byId.get(i)!) byId.set(i, p);
      pathsIn.set(s, byId);
    }
    exposures[id]!.lastPath = byId.get(id) ?? -1;
  });
  for (const t of tipSets) for (const id of t.set.members) for (const ref of t.refs) exposures[id]?.tips.push(ref);
  exposures.forEach((e, id) => {
    if (!e) return;
    const r = succession?.replaced[id];
    if (r) e.replaced = r;
    e.tips.sort((a, b) => a - b);
    const m = masks[id]!;
    for (let r = 0; r < input.refs.length; r++) if ((m[r >>> 5]! >>> (r & 31)) & 1) e.refs.push(r);
  });
  return { exposures, rank, unreachable };
}
