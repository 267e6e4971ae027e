import {
  type Alias,
  isAlias,
  isCollection,
  isMap as isYamlMap,
  isNode,
  isPair,
  isScalar as isYamlScalar,
  isSeq as isYamlSeq,
  type Document as YamlDocument,
  type Node as YamlNode,
} from 'yaml';
import type { ParseLimits } from './limits.js';
import type { MapNode, ScalarNode, ScalarStyle, Span, YNode } from './node.js';
import type { LineIndex } from './positions.js';

/** Raised when a document expands beyond the parse limits; the caller reports it and moves on. */
export class LimitExceeded extends Error {
  constructor(
    readonly what: 'nodes' | 'alias',
    readonly offset: number,
  ) {
    super(
      what === 'nodes'
        ? 'too many nodes (alias expansion)'
        : 'an alias (*name) with no anchor: a value starting with * must be quoted',
    );
  }
}

interface Budget {
  nodes: number;
  /** Offset of the first collection below the depth limit, when there is one. */
  deepAt?: number;
}

/**
 * Converts one `yaml` Document into the positioned tree. Aliases are expanded in place (a detector
 * must see the value an alias stands for), and every expanded node is counted against the node
 * budget so an alias bomb stops early instead of exhausting memory. Expanded nodes keep the alias's own position.
 */
export function toTree(
  doc: YamlDocument.Parsed,
  lines: LineIndex,
  limits: ParseLimits,
  budget: Budget,
): YNode | undefined {
  delete budget.deepAt;
  const contents = doc.contents;
  if (contents === null) return undefined;
  return convert(contents, new Anchors(doc), lines, limits, budget, 0, undefined);
}

/**
 * What each alias of one document stands for: the latest node before it (in document order) that
 * carries its anchor, as `Alias.resolve` defines it. `resolve` walks the whole document on every
 * call, so a file with many aliases cost time quadratic in its size (seconds for 35 KB); this walks
 * it once, on the first alias, and answers every alias from that one walk.
 */
class Anchors {
  private targets: Map<Alias, YamlNode | undefined> | undefined;

  constructor(private readonly doc: YamlDocument.Parsed) {}

  resolve(alias: Alias): YamlNode | undefined {
    this.targets ??= aliasTargets(this.doc.contents);
    return this.targets.get(alias);
  }
}

/** One pre-order walk (a collection before its items, a key before its value), the order `resolve` searches in. */
export function aliasTargets(contents: unknown): Map<Alias, YamlNode | undefined> {
  const targets = new Map<Alias, YamlNode | undefined>();
  const latest = new Map<string, YamlNode>();
  // An explicit stack: a deeply nested document must not exhaust the call stack here.
  const stack: unknown[] = [contents];
  while (stack.length > 0) {
    const item = stack.pop();
    if (isPair(item)) {
      stack.push(item.value, item.key);
      continue;
    }
    if (!isNode(item)) continue;
    if (isAlias(item)) {
      targets.set(item, latest.get(item.source));
      continue;
    }
    if (item.anchor !== undefined && item.anchor !== '') latest.set(item.anchor, item);
    if (isCollection(item)) for (let i = item.items.length - 1; i >= 0; i--) stack.push(item.items[i]);
  }
  return targets;
}

function rangeSpan(node: { range?: [number, number, number] | null | undefined }, lines: LineIndex): Span {
  const r = node.range ?? [0, 0, 0];
  // A block scalar's (and a block collection's) value range runs past its last line break and any
  // blank lines after it, so its end fell on the next key's line; the engine then took that line as
  // covered and dropped a token finding on it. End at the last character that belongs to the node.
  let end = r[1];
  while (end > r[0] && /[ \t\r\n]/.test(lines.text.charAt(end - 1))) end -= 1;
  return lines.span(r[0], end);
}

function scalarStyle(type: string | undefined): ScalarStyle {
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') return 'quoted';
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') return 'block';
  return 'plain';
}

function convert(
  node: unknown,
  anchors: Anchors,
  lines: LineIndex,
  limits: ParseLimits,
  budget: Budget,
  depth: number,
  aliasSpan: Span | undefined,
): YNode {
  // Only nodes an alias stands for are counted: the document's own nodes are already bounded by the
  // file size limit, and counting them made a large valid file (a JSON list of 200,000 items) read as
  // an alias bomb and fall back to the line parser, which cannot read one-line JSON.
  const range = (node as { range?: [number, number, number] }).range;
  if (aliasSpan !== undefined || isAlias(node)) {
    budget.nodes += 1;
    if (budget.nodes > limits.maxNodes) throw new LimitExceeded('nodes', range?.[0] ?? 0);
  }
  if (depth > limits.maxDepth) {
    // Only the part below the limit is left out: its shallower siblings (a `stringData` next to a
    // deeply nested list) are still converted and checked, and the caller reports what was not.
    budget.deepAt ??= range?.[0] ?? 0;
    return {
      type: 'scalar',
      value: null,
      style: 'plain',
      span: aliasSpan ?? rangeSpan(node as { range?: [number, number, number] }, lines),
    };
  }
  if (isAlias(node)) {
    const target = anchors.resolve(node);
    const span = aliasSpan ?? rangeSpan(node, lines);
    // Almost always a value that starts with `*` written unquoted (`password: *x9…`): YAML reads it
    // as an alias and drops it. The document is read again by the line parser, which keeps it.
    if (target === undefined) throw new LimitExceeded('alias', range?.[0] ?? 0);
    return convert(target, anchors, lines, limits, budget, depth + 1, span);
  }
  if (isYamlMap(node)) {
    const out: MapNode = { type: 'map', entries: [], span: aliasSpan ?? rangeSpan(node, lines) };
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = keyScalar(pair.key, anchors, lines, aliasSpan);
      const value =
        pair.value === null || pair.value === undefined
          ? ({
              type: 'scalar',
              value: null,
              style: 'plain',
              span: { start: key.span.end, end: key.span.end },
            } satisfies ScalarNode)
          : convert(pair.value, anchors, lines, limits, budget, depth + 1, aliasSpan);
      // `<<: *base` merge keys: YAML 1.1 merge, still common in hand-written manifests.
      if (key.value === '<<' && value.type === 'map') for (const e of value.entries) out.entries.push(e);
      else out.entries.push({ key, value });
    }
    return out;
  }
  if (isYamlSeq(node)) {
    return {
      type: 'seq',
      span: aliasSpan ?? rangeSpan(node, lines),
      items: node.items.map((item) =>
        item === null || item === undefined
          ? ({
              type: 'scalar',
              value: null,
              style: 'plain',
              span: aliasSpan ?? rangeSpan(node, lines),
            } satisfies ScalarNode)
          : convert(item, anchors, lines, limits, budget, depth + 1, aliasSpan),
      ),
    };
  }
  return scalarNode(node as YamlNode, lines, aliasSpan);
}

function scalarNode(node: YamlNode, lines: LineIndex, aliasSpan: Span | undefined): ScalarNode {
  const span = aliasSpan ?? rangeSpan(node, lines);
  if (!isYamlScalar(node)) return { type: 'scalar', value: null, style: 'plain', span };
  const v = node.value;
  let value: string | null;
  if (v === null || v === undefined) value = null;
  else if (typeof v === 'string') value = v;
  else if (typeof node.source === 'string' && node.type === 'PLAIN') value = node.source;
  else if (v instanceof Uint8Array) value = Buffer.from(v).toString('base64');
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') value = String(v);
  // Any other value a tag made (a date, say): the text as written.
  else value = typeof node.source === 'string' ? node.source : null;
  return { type: 'scalar', value, style: scalarStyle(node.type), span };
}

/** A key as a scalar; a collection used as a key (a Helm `{{ }}` parsed as a flow map) keeps its source text. */
function keyScalar(key: unknown, anchors: Anchors, lines: LineIndex, aliasSpan: Span | undefined): ScalarNode {
  if (isAlias(key)) {
    const target = anchors.resolve(key);
    const s = scalarNode(target ?? key, lines, undefined);
    return { ...s, span: aliasSpan ?? rangeSpan(key, lines) };
  }
  if (isYamlScalar(key)) return scalarNode(key, lines, aliasSpan);
  const range = (key as { range?: [number, number, number] } | null)?.range;
  if (!range) return { type: 'scalar', value: null, style: 'plain', span: aliasSpan ?? lines.span(0, 0) };
  return {
    type: 'scalar',
    value: lines.text.slice(range[0], range[1]),
    style: 'plain',
    span: aliasSpan ?? lines.span(range[0], range[1]),
  };
}
