/**
 * When a value was replaced: the evidence behind a `superseded` verdict. A value is replaced at a
 * commit where it leaves the tree (no path holds it any more) while a value of the same object
 * enters in that same commit. "The same object" is the object's slot (rule, kind, namespace, name
 * and key), and for a value that belongs to no named Kubernetes object (a token in source code,
 * a key file) also the same file: the path that held the old value, or a path the commit adds
 * under the same file name in place of one it removes (a move). Any other later value, in
 * another file or in a later commit after a plain deletion, proves nothing about this one.
 */

export interface SuccessionInput {
  /** Slot number of each identity (equal numbers: the same object); -1 for none (never replaced). */
  slots: ArrayLike<number>;
  /** Whether the identity's object is named (a Kubernetes object), so the file does not matter. */
  named: ArrayLike<boolean>;
  /** Path names by id, for the file name of a move. */
  paths: readonly string[];
}

export interface Replacement {
  /** Index of the commit where the old value left and the new one came. */
  commit: number;
  /** Where the new value is in that commit. */
  path: number;
  /** The identity of the new value. */
  by: number;
}

const fileName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export class Succession {
  readonly replaced: (Replacement | undefined)[] = [];

  constructor(
    private readonly input: SuccessionInput,
    private readonly unitIdentities: ReadonlyArray<readonly number[] | undefined>,
    /** Whether commit a is later than commit b (time, then topological order). */
    private readonly later: (a: number, b: number) => boolean,
  ) {}

  /** One commit's step along its first parent: `before` and `after` map tracked paths to units. */
  step(
    commit: number,
    before: ReadonlyMap<number, number>,
    after: ReadonlyMap<number, number>,
    left: readonly number[],
    entered: readonly number[],
  ): void {
    const { slots, named } = this.input;
    for (const a of left) {
      const slot = slots[a] ?? -1;
      if (slot < 0) continue;
      const known = this.replaced[a];
      if (known && !this.later(known.commit, commit)) continue;
      const candidates = entered.filter((b) => slots[b] === slot);
      if (candidates.length === 0) continue;
      const from = this.pathsOf(before, a);
      for (const b of candidates) {
        const to = this.pathsOf(after, b);
        const path = named[a]
          ? to[0]
          : to.find(
              (p) =>
                from.includes(p) ||
                (!before.has(p) &&
                  from.some(
                    (q) => !after.has(q) && fileName(this.input.paths[q] ?? '') === fileName(this.input.paths[p] ?? ''),
                  )),
            );
        if (path === undefined) continue;
        this.replaced[a] = { commit, path, by: b };
        break;
      }
    }
  }

  private pathsOf(tree: ReadonlyMap<number, number>, id: number): number[] {
    const out: number[] = [];
    for (const [p, u] of tree) if (this.unitIdentities[u]?.includes(id)) out.push(p);
    return out.sort((x, y) => x - y);
  }
}
