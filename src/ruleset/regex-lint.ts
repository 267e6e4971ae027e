/**
 * A structural lint for regular expressions that run on scanned text, so that no regex in the rules
 * or the source can take super-linear time on hostile input (ReDoS).
 *
 * Why a lint and not a linear-time engine: RE2 for Node is either a native addon (node-gyp build at
 * every install, or a prebuilt binary download, which fails offline) or a WASM build that does not
 * support the lookarounds the token rules rely on (placeholder exclusions, GCP/PEM disambiguation).
 * V8's own linear engine is behind experimental flags and lacks lookarounds too. JavaScript's
 * backtracking engine is linear for patterns without the shapes below, so the rules and the source
 * are kept to those patterns, checked by the tests (test/robustness/redos.test.ts) over every rule
 * regex and every regex in src/ and action/, and a text that must be matched by something richer is
 * parsed by hand (see `credentialAssignment`).
 *
 * The shapes rejected, each of which backtracks polynomially or exponentially:
 * - an ambiguous loop: a repeat (max ≥ 2) over a body holding a variable-length repeat (`(a+)+`,
 *   `(\w+\s?)*`) or alternatives that can start with the same character (`(a|ab)*`);
 * - overlapping unbounded repeats with only optional items, or items the first repeat can also
 *   match, between them (`\s*,?\s*`, `[^#]*\s*$`, `[^/]+@[^:]+:`): a failing tail makes the engine
 *   try every split of the run between them;
 * - an unguarded unbounded repeat in an unanchored search (`/a+b/` on `aaaa…`): every start position
 *   inside a run re-scans the rest of the run. Guarded means: the regex is anchored at the start, or
 *   the item just before the repeat cannot match the repeat's characters (`_[a-z]*`, `\b\w+`), or
 *   whatever follows the repeat always succeeds (`[a-z]{16,}={0,2}`);
 * - an unbounded repeat inside a lookbehind (matched backwards at every position).
 * Bounded repeats (`{0,4000}`) are linear with a constant factor; the probes in the test measure those.
 */

type Range = readonly [number, number];
/** A set of code points as sorted, disjoint, inclusive ranges. */
type CharSet = readonly Range[];

export type RegexNode = Node;

type Node =
  | { type: 'char'; set: CharSet }
  | { type: 'seq'; items: Node[] }
  | { type: 'alt'; branches: Node[] }
  | { type: 'group'; body: Node }
  | { type: 'look'; body: Node; behind: boolean; negate: boolean }
  | { type: 'assert'; kind: 'start' | 'end' | 'boundary' | 'non-boundary' }
  | { type: 'repeat'; body: Node; min: number; max: number }
  | { type: 'backref' };

const MAX = 0x10ffff;
const ANY: CharSet = [[0, MAX]];
const DIGIT: CharSet = [[48, 57]];
const WORD: CharSet = normalise([
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
]);
const SPACE: CharSet = normalise([
  [9, 13],
  [32, 32],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
const LINE_END: CharSet = normalise([
  [10, 10],
  [13, 13],
  [0x2028, 0x2029],
]);

function normalise(ranges: readonly Range[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(set: CharSet): CharSet {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX) out.push([next, MAX]);
  return out;
}

const union = (sets: readonly CharSet[]): CharSet => normalise(sets.flat());

function intersects(a: CharSet, b: CharSet): boolean {
  return a.some(([lo, hi]) => b.some(([l2, h2]) => lo <= h2 && l2 <= hi));
}

function subsetOf(a: CharSet, b: CharSet): boolean {
  return !intersects(a, complement(b));
}

/** With the `i` flag a letter matches both cases (ASCII is what the rules use). */
function foldCase(set: CharSet): CharSet {
  const extra: Range[] = [];
  for (const [lo, hi] of set) {
    const upper: Range = [Math.max(lo, 65), Math.min(hi, 90)];
    const lower: Range = [Math.max(lo, 97), Math.min(hi, 122)];
    if (upper[0] <= upper[1]) extra.push([upper[0] + 32, upper[1] + 32]);
    if (lower[0] <= lower[1]) extra.push([lower[0] - 32, lower[1] - 32]);
  }
  return union([set, extra]);
}

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly flags: string,
  ) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new Error(`unexpected ")" at ${this.pos}`);
    return node;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? (branches[0] as Node) : { type: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { type: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos, this.pos + 24));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
    } else return atom;
    this.pos++;
    if (this.peek() === '?') this.pos++;
    return { type: 'repeat', body: atom, min, max };
  }

  private atom(): Node {
    const c = this.src[this.pos++] as string;
    if (c === '(') return this.group();
    if (c === '[') return { type: 'char', set: this.fold(this.charClass()) };
    if (c === '.') return { type: 'char', set: this.flags.includes('s') ? ANY : complement(LINE_END) };
    if (c === '^') return { type: 'assert', kind: 'start' };
    if (c === '$') return { type: 'assert', kind: 'end' };
    if (c === '\\') {
      const e = this.peek();
      if (e === 'b' || e === 'B') {
        this.pos++;
        return { type: 'assert', kind: e === 'b' ? 'boundary' : 'non-boundary' };
      }
      if (e !== undefined && /[1-9k]/.test(e)) {
        this.pos += e === 'k' ? this.src.indexOf('>', this.pos) - this.pos + 1 : 1;
        while (/\d/.test(this.peek() ?? '')) this.pos++;
        return { type: 'backref' };
      }
      return { type: 'char', set: this.fold(this.escape()) };
    }
    return { type: 'char', set: this.fold([[c.codePointAt(0) as number, c.codePointAt(0) as number]]) };
  }

  private fold(set: CharSet): CharSet {
    return this.flags.includes('i') ? foldCase(set) : set;
  }

  private group(): Node {
    let look: { behind: boolean; negate: boolean } | undefined;
    if (this.peek() === '?') {
      const head = this.src.slice(this.pos, this.pos + 3);
      if (head.startsWith('?:')) this.pos += 2;
      else if (head.startsWith('?=') || head.startsWith('?!')) {
        look = { behind: false, negate: head[1] === '!' };
        this.pos += 2;
      } else if (head === '?<=' || head === '?<!') {
        look = { behind: true, negate: head[2] === '!' };
        this.pos += 3;
      } else if (head.startsWith('?<')) this.pos = this.src.indexOf('>', this.pos) + 1;
      else throw new Error(`unsupported group at ${this.pos}`);
    }
    const body = this.alternation();
    if (this.src[this.pos++] !== ')') throw new Error('unterminated group');
    return look ? { type: 'look', body, ...look } : { type: 'group', body };
  }

  /** One escape outside or inside a class; the position is just after the backslash. */
  private escape(): CharSet {
    const e = this.src[this.pos++] as string;
    const classes: Record<string, CharSet> = {
      d: DIGIT,
      w: WORD,
      s: SPACE,
      D: complement(DIGIT),
      W: complement(WORD),
      S: complement(SPACE),
    };
    const known = classes[e];
    if (known) return known;
    const controls: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '0': 0 };
    const control = controls[e];
    if (control !== undefined) return [[control, control]];
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : 0;
    if (hex > 0) {
      if (e === 'u' && this.peek() === '{') {
        const end = this.src.indexOf('}', this.pos);
        const cp = parseInt(this.src.slice(this.pos + 1, end), 16);
        this.pos = end + 1;
        return [[cp, cp]];
      }
      const cp = parseInt(this.src.slice(this.pos, this.pos + hex), 16);
      this.pos += hex;
      return [[cp, cp]];
    }
    if (e === 'p' || e === 'P') {
      // Unicode property classes: taken as any character, the conservative answer for overlap checks.
      this.pos = this.src.indexOf('}', this.pos) + 1;
      return ANY;
    }
    const cp = e.codePointAt(0) as number;
    return [[cp, cp]];
  }

  private charClass(): CharSet {
    const negate = this.peek() === '^';
    if (negate) this.pos++;
    const ranges: Range[] = [];
    while (this.pos < this.src.length && this.peek() !== ']') {
      const lo = this.classAtom();
      if (this.peek() === '-' && this.src[this.pos + 1] !== ']' && lo.length === 1 && lo[0]?.[0] === lo[0]?.[1]) {
        this.pos++;
        const hi = this.classAtom();
        ranges.push([lo[0]?.[0] as number, hi[0]?.[1] as number]);
      } else for (const r of lo) ranges.push(r);
    }
    if (this.src[this.pos++] !== ']') throw new Error('unterminated character class');
    const set = normalise(ranges);
    return negate ? complement(set) : set;
  }

  private classAtom(): CharSet {
    const c = this.src[this.pos++] as string;
    if (c === '\\') {
      if (this.peek() === 'b') {
        this.pos++;
        return [[8, 8]];
      }
      return this.escape();
    }
    const cp = c.codePointAt(0) as number;
    return [[cp, cp]];
  }
}

/** The regex's syntax tree; throws on syntax the linter does not read. */
export function parseRegex(source: string, flags = ''): Node {
  return new Parser(source, flags).parse();
}

function minLength(n: Node): number {
  switch (n.type) {
    case 'char':
      return 1;
    case 'seq':
      return n.items.reduce((s, i) => s + minLength(i), 0);
    case 'alt':
      return n.branches.reduce((m, b) => Math.min(m, minLength(b)), Infinity);
    case 'group':
      return minLength(n.body);
    case 'repeat':
      return n.min * minLength(n.body);
    default:
      return 0;
  }
}

/** Longest text the node can consume (Infinity with a backreference); lookarounds consume nothing. */
export function maxLength(n: Node): number {
  switch (n.type) {
    case 'char':
      return 1;
    case 'seq':
      return n.items.reduce((s, i) => s + maxLength(i), 0);
    case 'alt':
      return n.branches.reduce((m, b) => Math.max(m, maxLength(b)), 0);
    case 'group':
      return maxLength(n.body);
    case 'repeat':
      return n.max === 0 ? 0 : n.max * maxLength(n.body);
    case 'backref':
      return Infinity;
    default:
      return 0;
  }
}

const nullable = (n: Node): boolean => minLength(n) === 0;

/** Every character the node can consume. */
function chars(n: Node): CharSet {
  switch (n.type) {
    case 'char':
      return n.set;
    case 'seq':
      return union(n.items.map(chars));
    case 'alt':
      return union(n.branches.map(chars));
    case 'group':
    case 'repeat':
      return chars(n.body);
    case 'backref':
      return ANY;
    default:
      return [];
  }
}

/** Characters that can start (or, `fromEnd`, finish) a non-empty match of the node. */
function edge(n: Node, fromEnd: boolean): CharSet {
  switch (n.type) {
    case 'char':
      return n.set;
    case 'seq': {
      const items = fromEnd ? [...n.items].reverse() : n.items;
      const out: CharSet[] = [];
      for (const i of items) {
        out.push(edge(i, fromEnd));
        if (!nullable(i)) break;
      }
      return union(out);
    }
    case 'alt':
      return union(n.branches.map((b) => edge(b, fromEnd)));
    case 'group':
    case 'repeat':
      return edge(n.body, fromEnd);
    case 'backref':
      return ANY;
    default:
      return [];
  }
}

/** Edge characters of unbounded repeats at the start (or end) of the node, before anything mandatory. */
function unboundedEdge(n: Node, fromEnd: boolean): CharSet {
  switch (n.type) {
    case 'seq': {
      const items = fromEnd ? [...n.items].reverse() : n.items;
      const out: CharSet[] = [];
      for (const i of items) {
        out.push(unboundedEdge(i, fromEnd));
        if (!nullable(i)) break;
      }
      return union(out);
    }
    case 'alt':
      return union(n.branches.map((b) => unboundedEdge(b, fromEnd)));
    case 'group':
      return unboundedEdge(n.body, fromEnd);
    case 'repeat':
      return n.max === Infinity ? edge(n.body, fromEnd) : unboundedEdge(n.body, fromEnd);
    default:
      return [];
  }
}

/**
 * A repeat of variable length inside a loop body, unless its extent is forced: the next item of its
 * sequence must consume a character the repeat cannot (`\.{1,2}\/`), so it always takes the whole run.
 */
function hasVariableRepeat(n: Node): boolean {
  switch (n.type) {
    case 'seq':
      return n.items.some((item, i) => {
        const next = n.items[i + 1];
        const forced =
          item.type === 'repeat' &&
          next !== undefined &&
          !nullable(next) &&
          !intersects(chars(item.body), edge(next, false));
        return forced ? hasVariableRepeat(item.body) : hasVariableRepeat(item);
      });
    case 'alt':
      return n.branches.some(hasVariableRepeat);
    case 'group':
    case 'look':
      return hasVariableRepeat(n.body);
    case 'repeat':
      return (n.max > 1 && n.min !== n.max) || hasVariableRepeat(n.body);
    default:
      return false;
  }
}

function alternativesOverlap(n: Node): boolean {
  if (n.type === 'group') return alternativesOverlap(n.body);
  if (n.type === 'seq') return n.items.length > 0 && alternativesOverlap(n.items[0] as Node);
  if (n.type !== 'alt') return false;
  const firsts = n.branches.map((b) => edge(b, false));
  return n.branches.some(nullable) || firsts.some((a, i) => firsts.some((b, j) => j > i && intersects(a, b)));
}

/** True when no assertion, lookaround or backreference can make what follows fail: it may always match empty. */
function alwaysSucceeds(items: readonly Node[]): boolean {
  return items.every((i) => nullable(i) && !hasAssertion(i));
}

function hasAssertion(n: Node): boolean {
  switch (n.type) {
    case 'assert':
    case 'look':
    case 'backref':
      return true;
    case 'seq':
      return n.items.some(hasAssertion);
    case 'alt':
      return n.branches.some(hasAssertion);
    case 'group':
    case 'repeat':
      return hasAssertion(n.body);
    default:
      return false;
  }
}

/** Anchored at the start of the input: every alternative begins with `^` (without the `m` flag). */
function anchored(n: Node): boolean {
  if (n.type === 'alt') return n.branches.every(anchored);
  if (n.type === 'group') return anchored(n.body);
  if (n.type === 'seq') {
    const first = n.items[0];
    return first !== undefined && ((first.type === 'assert' && first.kind === 'start') || anchored(first));
  }
  return false;
}

/** Where a node sits: its parents, innermost last, each with the index of the child taken. */
type Path = { node: Node; index: number }[];

/** `the repeat over "a-z"` or the node's type, to name what a problem is about. */
function describe(n: Node): string {
  return n.type === 'repeat' ? `the repeat over ${JSON.stringify(charsSample(chars(n.body)))}` : n.type;
}

function charsSample(set: CharSet): string {
  return set
    .slice(0, 4)
    .map(([lo, hi]) =>
      lo === hi
        ? String.fromCodePoint(lo)
        : `${String.fromCodePoint(lo)}-${String.fromCodePoint(Math.min(hi, 0xffff))}`,
    )
    .join('');
}

/** The items before the node at `path`, nearest first, outwards through the groups it starts, to the start of the regex. */
function previousItems(path: Path): Node[] {
  const out: Node[] = [];
  for (let k = path.length - 1; k >= 0; k--) {
    const { node, index } = path[k] as Path[number];
    if (node.type === 'look') return out;
    if (node.type === 'seq') for (let i = index - 1; i >= 0; i--) out.push(node.items[i] as Node);
  }
  return out;
}

/** Everything that must still match after the node at `path`, outwards to the end of the regex. */
function followingItems(path: Path): Node[] {
  const out: Node[] = [];
  for (let k = path.length - 1; k >= 0; k--) {
    const { node, index } = path[k] as Path[number];
    if (node.type === 'look') return out;
    if (node.type === 'seq') for (const item of node.items.slice(index + 1)) out.push(item);
  }
  return out;
}

/** True when every match of `n` consumes a character outside `set` (or asserts a boundary that `set` cannot cross). */
function consumesOutside(n: Node, set: CharSet, multiline: boolean): boolean {
  switch (n.type) {
    case 'char':
      return !intersects(n.set, set);
    case 'seq':
      return n.items.some((i) => consumesOutside(i, set, multiline));
    case 'alt':
      return n.branches.every((b) => consumesOutside(b, set, multiline));
    case 'group':
      return consumesOutside(n.body, set, multiline);
    case 'repeat':
      return n.min >= 1 && consumesOutside(n.body, set, multiline);
    case 'assert':
      if (n.kind === 'start') return multiline ? !intersects(set, LINE_END) : true;
      return n.kind === 'boundary' && subsetOf(set, WORD);
    case 'look':
      return n.behind && n.negate && subsetOf(set, chars(n.body));
    default:
      return false;
  }
}

/**
 * An unbounded repeat over `set` is guarded when a bounded stretch before it always holds a
 * character outside `set`: two start positions then reach the repeat inside one run at most that
 * stretch's length apart, so each run is scanned a bounded number of times.
 */
function guarded(before: readonly Node[], set: CharSet, multiline: boolean): boolean {
  for (const item of before) {
    if (consumesOutside(item, set, multiline)) return true;
    if (maxLength(item) === Infinity) return false;
  }
  return false;
}

/** The problems found in one regex; empty when it has none of the super-linear shapes. */
export function lintRegex(source: string, flags = ''): string[] {
  const root = parseRegex(source, flags);
  const problems = new Set<string>();
  const searchAnchored = anchored(root) && !flags.includes('m') && !flags.includes('y');
  const multiline = flags.includes('m');

  const visit = (n: Node, path: Path, inBehind: boolean): void => {
    if (n.type === 'repeat') {
      if (n.max >= 2 && (hasVariableRepeat(n.body) || alternativesOverlap(n.body)))
        problems.add(`ambiguous loop: ${describe(n)} repeats a body that can match the same text in more than one way`);
      if (n.max === Infinity) {
        const set = chars(n.body);
        if (inBehind) problems.add(`unbounded ${describe(n)} inside a lookbehind`);
        else if (
          !searchAnchored &&
          !guarded(previousItems(path), set, multiline) &&
          !alwaysSucceeds(followingItems(path))
        )
          problems.add(`unguarded ${describe(n)}: every start position inside a run re-scans it when the rest fails`);
      }
    }
    if (n.type === 'seq') {
      n.items.forEach((item, i) => {
        const tail = unboundedEdge(item, true);
        if (tail.length === 0) return;
        for (let j = i + 1; j < n.items.length; j++) {
          const next = n.items[j] as Node;
          const rest = [...n.items.slice(j + 1), ...followingItems(path)];
          // `(.*)$` with the s flag: the repeat takes everything, so the end always follows.
          let toEnd = next;
          while (toEnd.type === 'group' || (toEnd.type === 'seq' && toEnd.items.length === 1))
            toEnd = toEnd.type === 'group' ? toEnd.body : (toEnd.items[0] as Node);
          const takesAll =
            !multiline && toEnd.type === 'repeat' && toEnd.max === Infinity && subsetOf(ANY, chars(toEnd.body));
          const restSucceeds =
            alwaysSucceeds(rest) || (takesAll && rest.every((r) => r.type === 'assert' && r.kind === 'end'));
          if (intersects(tail, unboundedEdge(next, false)) && !restSucceeds)
            problems.add(
              `overlapping unbounded repeats: ${describe(item)} and the one after it share characters, with only optional items or items the first can also match between them`,
            );
          // A mandatory item the first repeat cannot consume ends its run; one it can (`[^/]+@[^:]+`) leaves the split open.
          if (!nullable(next) && (maxLength(next) === Infinity || !intersects(tail, edge(next, false)))) break;
        }
      });
    }
    const children: Node[] =
      n.type === 'seq'
        ? n.items
        : n.type === 'alt'
          ? n.branches
          : n.type === 'group' || n.type === 'look' || n.type === 'repeat'
            ? [n.body]
            : [];
    children.forEach((c, index) =>
      visit(c, [...path, { node: n, index }], inBehind || (n.type === 'look' && n.behind)),
    );
  };
  visit(root, [], false);
  return [...problems];
}

/** Characters the regex can consume, one representative per range: the alphabet probes are built from. */
export function regexAlphabet(source: string, flags = ''): string[] {
  const out = new Set<string>();
  const walk = (n: Node): void => {
    if (n.type === 'char')
      for (const [lo, hi] of n.set.slice(0, 6))
        for (const cp of new Set([lo, hi, Math.min(lo + 1, hi)]))
          if (cp < 0xd800 || cp > 0xdfff) out.add(String.fromCodePoint(cp));
    if (n.type === 'seq') n.items.forEach(walk);
    if (n.type === 'alt') n.branches.forEach(walk);
    if (n.type === 'group' || n.type === 'look' || n.type === 'repeat') walk(n.body);
  };
  walk(parseRegex(source, flags));
  return [...out];
}

/** Short strings the regex nearly matches: each alternative with every repeat at its minimum (at least once). */
export function regexFragments(source: string, flags = ''): string[] {
  const sample = (n: Node): string => {
    switch (n.type) {
      case 'char': {
        const first = n.set[0];
        const printable = n.set.find(([lo, hi]) => hi >= 33 && lo <= 126);
        const cp = printable ? Math.max(printable[0], 33) : (first?.[0] ?? 32);
        return String.fromCodePoint(cp);
      }
      case 'seq':
        return n.items.map(sample).join('');
      case 'alt':
        return sample(n.branches[0] as Node);
      case 'group':
        return sample(n.body);
      case 'repeat':
        return sample(n.body).repeat(Math.min(Math.max(n.min, 1), 64));
      default:
        return '';
    }
  };
  const root = parseRegex(source, flags);
  const tops = root.type === 'alt' ? root.branches : [root];
  return [...new Set(tops.map(sample).filter((s) => s !== ''))];
}
