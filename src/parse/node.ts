/**
 * A positioned YAML/JSON tree that does not depend on the parser's own classes.
 *
 * Every parser path (real YAML, the Helm-sanitised re-parse, the tolerant line parser and the
 * embedded last-applied JSON) produces this one shape, so detectors are written once.
 */

/** 1-based line and column, as editors, SARIF and GitHub show them. */
export interface Position {
  line: number;
  column: number;
}

export interface Span {
  start: Position;
  end: Position;
}

export type ScalarStyle = 'plain' | 'quoted' | 'block';

export interface ScalarNode {
  type: 'scalar';
  /** The scalar as text: the source spelling for plain scalars (`0123` stays `0123`); null for `~`, `null` and empty values. */
  value: string | null;
  style: ScalarStyle;
  span: Span;
}

export interface MapEntry {
  key: ScalarNode;
  value: YNode;
}

export interface MapNode {
  type: 'map';
  entries: MapEntry[];
  span: Span;
}

export interface SeqNode {
  type: 'seq';
  items: YNode[];
  span: Span;
}

export type YNode = ScalarNode | MapNode | SeqNode;

export function isMap(node: YNode | undefined): node is MapNode {
  return node?.type === 'map';
}

export function isSeq(node: YNode | undefined): node is SeqNode {
  return node?.type === 'seq';
}

function isScalar(node: YNode | undefined): node is ScalarNode {
  return node?.type === 'scalar';
}

/** The entry whose key is exactly `key` (the last one wins, as in YAML loaders that allow duplicates). */
function entry(map: YNode | undefined, key: string): MapEntry | undefined {
  if (!isMap(map)) return undefined;
  let found: MapEntry | undefined;
  for (const e of map.entries) if (e.key.value === key) found = e;
  return found;
}

export function get(map: YNode | undefined, key: string): YNode | undefined {
  return entry(map, key)?.value;
}

/**
 * Every node at a path of map keys, duplicates included: YAML loaders keep the last of two
 * `stringData:` blocks, but both are in the file, so both are checked.
 */
export function allAt(node: YNode | undefined, ...keys: string[]): YNode[] {
  let cur: YNode[] = node === undefined ? [] : [node];
  for (const k of keys)
    cur = cur.flatMap((n) => (isMap(n) ? n.entries.filter((e) => e.key.value === k).map((e) => e.value) : []));
  return cur;
}

/** Follows a path of map keys; undefined as soon as one step is missing or not a map. */
export function at(node: YNode | undefined, ...keys: string[]): YNode | undefined {
  let cur = node;
  for (const k of keys) {
    cur = get(cur, k);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** The scalar's text, or undefined when the node is missing or not a scalar. */
export function text(node: YNode | undefined): string | undefined {
  return isScalar(node) && node.value !== null ? node.value : undefined;
}

export function stringAt(node: YNode | undefined, ...keys: string[]): string | undefined {
  return text(at(node, ...keys));
}

/** A copy of the tree with every span passed through `f` (used to place embedded objects in their file). */
export function mapSpans(node: YNode, f: (s: Span) => Span): YNode {
  switch (node.type) {
    case 'scalar':
      return { ...node, span: f(node.span) };
    case 'seq':
      return { type: 'seq', span: f(node.span), items: node.items.map((i) => mapSpans(i, f)) };
    case 'map':
      return {
        type: 'map',
        span: f(node.span),
        entries: node.entries.map((e) => ({ key: mapSpans(e.key, f) as ScalarNode, value: mapSpans(e.value, f) })),
      };
  }
}
