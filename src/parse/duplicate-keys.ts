import { get, isMap, isSeq, type Position, type YNode } from './node.js';
import type { ParsedFile, ParseProblem } from './parse-file.js';
import { elseOffsets } from './templates.js';

/** Keys that decide which rules judge an object: given twice, a loader keeps one and hides the other. */
const IDENTITY_KEYS = ['kind', 'apiVersion'];

/**
 * Objects (documents and the items of a `List`) that name their kind or apiVersion twice. YAML
 * loaders keep the last (`kind: Secret` then `kind: ConfigMap` reads as a ConfigMap); the object is
 * judged by its most sensitive reading instead (see identityOf), and the duplicate is reported.
 * In a template, two keys on either side of an `{{ else }}` are alternatives, not duplicates.
 */
export function duplicateIdentityKeys(file: ParsedFile): ParseProblem[] {
  const out: ParseProblem[] = [];
  const branches = file.templated ? elseOffsets(file.text).map((o) => file.lines.position(o)) : [];
  const visit = (node: YNode | undefined, depth: number): void => {
    if (!isMap(node) || depth > 8) return;
    for (const key of IDENTITY_KEYS) {
      const found = node.entries.filter((e) => e.key.value === key);
      // The first entry that repeats the one before it with no `{{ else }}` between the two.
      const repeated = found.find((e, i) => {
        const previous = found[i - 1];
        return (
          previous !== undefined &&
          !branches.some((b) => before(previous.key.span.start, b) && before(b, e.key.span.start))
        );
      });
      if (repeated === undefined) continue;
      out.push({
        code: 'duplicate-key',
        message: `\`${key}\` is given ${found.length} times in one object; a loader keeps only the last${key === 'kind' ? ', so the object is judged by its most sensitive kind (a Secret if any says so)' : ''}`,
        span: repeated.key.span,
      });
    }
    const items = get(node, 'items');
    if (isSeq(items)) for (const item of items.items) visit(item, depth + 1);
  };
  for (const d of file.docs) visit(d.root, 0);
  return out;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}
