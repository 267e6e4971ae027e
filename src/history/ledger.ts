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
  /** The unit (scanned blob) at that path there: where the report finds the line the secret came in on. */
  introUnit: number;
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

/** The commit graph as indexes into `commits`: parents (walked ones only) and first parent (-1: none walked). */
interface Graph {
  n: number;
  index: Map<string, number>;
  parentsOf: Int32Array[];
  firstParent: Int32Array;
}

/** Topological order (parents first) and each commit's rank in it. */
interface Order {
  order: Int32Array;
  rank: Int32Array;
}

/** Which refs reach each commit: `words` 32-bit words of ref bits per commit. */
interface Reach {
  words: number;
  bits: Uint32Array;
  unreachable: number;
}

/** What the replay of every commit's tree found: the interned held sets and where each identity came in. */
interface Replay {
  sets: Map<string, HeldSet>;
  intro: Int32Array;
  introPath: Int32Array;
  introUnit: Int32Array;
  headSet: HeldSet;
  tipSets: { refs: number[]; set: HeldSet }[];
  succession: Succession | undefined;
}

/** Whether commit a is later than commit b: by committer time, then topological rank. */
type Later = (a: number, b: number) => boolean;

/** The value at `i`; an index out of range is a bug in the ledger, reported as such. */
function at(a: ArrayLike<number>, i: number): number {
  const v = a[i];
  if (v === undefined) throw new Error(`internal error: ledger index ${i} out of range`);
  return v;
}

/** `a[i]`, for arrays of objects (see `at`). */
function item<T>(a: ArrayLike<T>, i: number): T {
  const v = a[i];
  if (v === undefined) throw new Error(`internal error: ledger index ${i} out of range`);
  return v;
}

export interface Ledger {
  exposures: (Exposure | undefined)[];
  /** Topological rank of each commit (parents first). */
  rank: Int32Array;
  /** Commits reachable from no ref (only with unreachable commits in the sweep). */
  unreachable: number;
}

/**
 * Attributes every identity to the commits that hold it, in steps: index the commit graph, order
 * it topologically, propagate which refs reach each commit, replay each commit's tree along first
 * parents (interning the sets of secrets trees hold), then read each identity's exposure off the
 * sets.
 */
export function attribute(input: LedgerInput): Ledger {
  const graph = graphOf(input.commits);
  const { order, rank } = topologicalOrder(graph);
  const reach = refReach(graph, order, input.refs);
  const later: Later = (a, b) => {
    const ta = item(input.commits, a).time;
    const tb = item(input.commits, b).time;
    return ta > tb || (ta === tb && at(rank, a) > at(rank, b));
  };
  const replay = replayTrees(input, graph, order, reach, later);
  const exposures = exposuresOf(input, replay, reach, later);
  return { exposures, rank, unreachable: reach.unreachable };
}

/** Commit indexes by sha, each commit's walked parents, and its first parent when walked. */
function graphOf(commits: readonly LedgerCommit[]): Graph {
  const index = new Map<string, number>();
  commits.forEach((c, i) => index.set(c.sha, i));
  const parentsOf: Int32Array[] = commits.map((c) =>
    Int32Array.from(new Set(c.parents.map((p) => index.get(p) ?? -1).filter((p) => p >= 0))),
  );
  const firstParent = Int32Array.from(commits, (c) =>
    c.parents[0] !== undefined ? (index.get(c.parents[0]) ?? -1) : -1,
  );
  return { n: commits.length, index, parentsOf, firstParent };
}

/**
 * Kahn's algorithm, parents first; ties in walk order, so the result does not depend on Map order.
 * Children are kept in one flat array (`children`, ranges by `childStart`): millions of commits
 * cost a few typed arrays, not a list per commit.
 */
function topologicalOrder({ n, parentsOf }: Graph): Order {
  const pending = Int32Array.from(parentsOf, (p) => p.length);
  const childStart = new Int32Array(n + 1);
  for (const ps of parentsOf) for (const p of ps) childStart[p + 1] = at(childStart, p + 1) + 1;
  for (let i = 0; i < n; i++) childStart[i + 1] = at(childStart, i + 1) + at(childStart, i);
  const childFill = childStart.slice(0, n);
  const children = new Int32Array(at(childStart, n));
  parentsOf.forEach((ps, c) => {
    for (const p of ps) {
      const slot = at(childFill, p);
      children[slot] = c;
      childFill[p] = slot + 1;
    }
  });
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = n - 1; i >= 0; i--) if (pending[i] === 0) order[tail++] = i;
  while (head < tail) {
    const c = at(order, head++);
    for (let k = at(childStart, c); k < at(childStart, c + 1); k++) {
      const ch = at(children, k);
      const left = at(pending, ch) - 1;
      pending[ch] = left;
      if (left === 0) order[tail++] = ch;
    }
  }
  if (tail !== n) throw new Error('the commit graph has a cycle');
  const rank = new Int32Array(n);
  order.forEach((c, r) => (rank[c] = r));
  return { order, rank };
}

/** Which refs reach each commit: children first, each commit passes its bits to its parents. */
function refReach(graph: Graph, order: Int32Array, refs: LedgerInput['refs']): Reach {
  const { n, index, parentsOf } = graph;
  const words = Math.max(1, Math.ceil(refs.length / 32));
  const bits = new Uint32Array(n * words);
  refs.forEach((ref, r) => {
    const i = index.get(ref.commit);
    if (i === undefined) return;
    const w = i * words + (r >>> 5);
    bits[w] = at(bits, w) | (1 << (r & 31));
  });
  let unreachable = 0;
  for (let k = n - 1; k >= 0; k--) {
    const c = at(order, k);
    let any = 0;
    for (let w = 0; w < words; w++) any |= at(bits, c * words + w);
    if (any === 0) unreachable += 1;
    for (const p of item(parentsOf, c))
      for (let w = 0; w < words; w++) bits[p * words + w] = at(bits, p * words + w) | at(bits, c * words + w);
  }
  return { words, bits, unreachable };
}

/**
 * Held sets, interned: commits whose tree holds the same secrets share one set and one tally. A
 * tree is a map of the tracked paths (those whose blob holds a secret) to their unit.
 */
class HeldSets {
  readonly all = new Map<string, HeldSet>();
  readonly empty: HeldSet;

  constructor(
    private readonly unitIdentities: LedgerInput['unitIdentities'],
    private readonly words: number,
  ) {
    this.empty = this.make(new Int32Array(0));
    this.all.set('', this.empty);
  }

  /** A unit worth tracking: its blob holds some identity. */
  interesting(u: number): boolean {
    return u >= 0 && (this.unitIdentities[u]?.length ?? 0) > 0;
  }

  /** The identities of a tracked unit (none for a unit that holds nothing). */
  identities(u: number): readonly number[] {
    return this.unitIdentities[u] ?? [];
  }

  of(paths: ReadonlyMap<number, number>): HeldSet {
    const all = new Set<number>();
    for (const u of paths.values()) for (const id of this.identities(u)) all.add(id);
    const members = Int32Array.from(all).sort();
    const key = members.join(',');
    let s = this.all.get(key);
    if (!s) {
      s = this.make(members);
      this.all.set(key, s);
    }
    return s;
  }

  /** The lowest path id whose unit holds `id`, or -1. */
  pathOf(paths: ReadonlyMap<number, number>, id: number): number {
    let best = -1;
    for (const [p, u] of paths) if (this.identities(u).includes(id) && (best < 0 || p < best)) best = p;
    return best;
  }

  private make(members: Int32Array): HeldSet {
    return {
      members,
      memberSet: new Set(members),
      count: 0,
      latest: -1,
      latestPaths: new Map(),
      mask: new Uint32Array(this.words),
    };
  }
}

/**
 * Replays each commit's tree from its first parent's, in topological order, keeping a parent's
 * tree only until its last first-parent child is done. Each commit's held set counts it, records
 * where identities come in (earliest wins), and what the head and the ref tips hold.
 */
function replayTrees(input: LedgerInput, graph: Graph, order: Int32Array, reach: Reach, later: Later): Replay {
  const { firstParent } = graph;
  const { words } = reach;
  const held = new HeldSets(input.unitIdentities, words);
  const intro = new Int32Array(input.identityCount).fill(-1);
  const introPath = new Int32Array(input.identityCount).fill(-1);
  const introUnit = new Int32Array(input.identityCount).fill(-1);
  const fpChildren = new Int32Array(graph.n);
  for (const fp of firstParent) if (fp >= 0) fpChildren[fp] = at(fpChildren, fp) + 1;
  const states = new Map<number, TreeState>();
  const headIndex = input.head !== undefined ? graph.index.get(input.head) : undefined;
  let headSet = held.empty;
  const tipCommits = new Map<number, number[]>();
  input.refs.forEach((ref, r) => {
    const i = graph.index.get(ref.commit);
    if (i !== undefined) tipCommits.set(i, [...(tipCommits.get(i) ?? []), r]);
  });
  const tipSets: Replay['tipSets'] = [];
  const emptyState: TreeState = { paths: new Map(), set: held.empty };
  const succession = input.succession ? new Succession(input.succession, input.unitIdentities, later) : undefined;

  for (const c of order) {
    const fp = at(firstParent, c);
    const base = fp >= 0 ? (states.get(fp) ?? emptyState) : emptyState;
    const paths = treeAfter(base.paths, item(input.commits, c).changes, held);
    const set = paths === base.paths ? base.set : held.of(paths);
    if (set !== base.set) {
      if (succession) stepSuccession(succession, c, base, { paths, set });
      for (const id of set.members) {
        if (base.set.memberSet.has(id)) continue;
        const cur = at(intro, id);
        if (cur < 0 || later(cur, c)) {
          intro[id] = c;
          const p = held.pathOf(paths, id);
          introPath[id] = p;
          introUnit[id] = paths.get(p) ?? -1;
        }
      }
    }
    set.count += 1;
    if (set.members.length > 0 && (set.latest < 0 || later(c, set.latest))) {
      set.latest = c;
      set.latestPaths = paths;
    }
    for (let w = 0; w < words; w++) set.mask[w] = at(set.mask, w) | at(reach.bits, c * words + w);
    if (c === headIndex) headSet = set;
    const tipOf = tipCommits.get(c);
    if (tipOf) tipSets.push({ refs: tipOf, set });
    if (at(fpChildren, c) > 0) states.set(c, { paths, set });
    if (fp >= 0) {
      const left = at(fpChildren, fp) - 1;
      fpChildren[fp] = left;
      if (left === 0) states.delete(fp);
    }
  }
  return { sets: held.all, intro, introPath, introUnit, headSet, tipSets, succession };
}

/**
 * A commit's tracked tree: its first parent's with the commit's changes applied. The parent's map
 * is returned unchanged (the same object) when no tracked path changes, and copied before the
 * first change otherwise: trees are never changed once a commit is done.
 */
function treeAfter(base: Map<number, number>, changes: ArrayLike<number>, held: HeldSets): Map<number, number> {
  let paths = base;
  const own = (): Map<number, number> => (paths === base ? (paths = new Map(base)) : paths);
  for (let k = 0; k + 1 < changes.length; k += 2) {
    const path = at(changes, k);
    const unit = at(changes, k + 1);
    if (held.interesting(unit)) {
      if (paths.get(path) !== unit) own().set(path, unit);
    } else if (paths.has(path)) own().delete(path);
  }
  return paths;
}

/** Tells the succession which identities left and which came in along this first-parent step. */
function stepSuccession(succession: Succession, c: number, before: TreeState, after: TreeState): void {
  const left = Array.from(before.set.members).filter((id) => !after.set.memberSet.has(id));
  if (left.length === 0) return;
  const entered = Array.from(after.set.members).filter((id) => !before.set.memberSet.has(id));
  succession.step(c, before.paths, after.paths, left, entered);
}

/** Each identity's exposure, read off the held sets that contain it. */
function exposuresOf(input: LedgerInput, replay: Replay, reach: Reach, later: Later): (Exposure | undefined)[] {
  const { words } = reach;
  const exposures: (Exposure | undefined)[] = new Array<Exposure | undefined>(input.identityCount);
  const masks = new Map<number, Uint32Array>();
  const lastSet = new Map<number, HeldSet>();
  for (const s of replay.sets.values()) {
    if (s.count === 0) continue;
    for (const id of s.members) {
      let e = exposures[id];
      if (!e) {
        e = {
          introCommit: at(replay.intro, id),
          introPath: at(replay.introPath, id),
          introUnit: at(replay.introUnit, id),
          lastCommit: s.latest,
          lastPath: -1,
          commits: 0,
          refs: [],
          presentAtHead: replay.headSet.memberSet.has(id),
          tips: [],
        };
        exposures[id] = e;
        lastSet.set(id, s);
      } else if (later(s.latest, e.lastCommit)) {
        e.lastCommit = s.latest;
        lastSet.set(id, s);
      }
      e.commits += s.count;
      const m = getOrCreate(masks, id, () => new Uint32Array(words));
      for (let w = 0; w < words; w++) m[w] = at(m, w) | at(s.mask, w);
    }
  }
  setLastPaths(exposures, lastSet, input.unitIdentities);
  for (const t of replay.tipSets)
    for (const id of t.set.members) for (const ref of t.refs) exposures[id]?.tips.push(ref);
  exposures.forEach((e, id) => {
    if (!e) return;
    const r = replay.succession?.replaced[id];
    if (r) e.replaced = r;
    e.tips.sort((a, b) => a - b);
    const m = masks.get(id);
    if (m === undefined) return;
    for (let ref = 0; ref < input.refs.length; ref++) if ((at(m, ref >>> 5) >>> (ref & 31)) & 1) e.refs.push(ref);
  });
  return exposures;
}

/** The path of each secret in its last commit: one pass over each such commit's tracked tree. */
function setLastPaths(
  exposures: (Exposure | undefined)[],
  lastSet: ReadonlyMap<number, HeldSet>,
  unitIdentities: LedgerInput['unitIdentities'],
): void {
  const pathsIn = new Map<HeldSet, Map<number, number>>();
  for (const [id, s] of lastSet) {
    const byId = getOrCreate(pathsIn, s, () => {
      const lowest = new Map<number, number>();
      for (const [p, u] of s.latestPaths)
        for (const i of unitIdentities[u] ?? []) {
          const known = lowest.get(i);
          if (known === undefined || p < known) lowest.set(i, p);
        }
      return lowest;
    });
    const e = exposures[id];
    if (e) e.lastPath = byId.get(id) ?? -1;
  }
}

/** The map's value for `key`, made and stored first when it has none. */
function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
