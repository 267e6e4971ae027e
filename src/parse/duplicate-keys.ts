import { get, isMap, isSeq, type YNode } from './node.js';
import type { ParsedFile, ParseProblem } from './parse-file.js';

/** Keys that decide which rules judge an object: given twice, a loader keeps one and hides the other. */
const IDENTITY_KEYS = ['kind', 'apiVersion'];

/**
 * Objects (documents and the items of a `List`) that name their kind or apiVersion twice. YAML
 * loaders keep the last (`kind: Secret` then `kind: ConfigMap` reads as a ConfigMap); the object is
 * judged by its most sensitive reading instead (see identityOf), and the duplicate is reported.
 */
export function duplicateIdentityKeys(file: ParsedFile): ParseProblem[] {
  const out: ParseProblem[] = [];
  const visit = (node: YNode | undefined, depth: number): void => {
    if (!isMap(node) || depth > 8) return;
    for (const key of IDENTITY_KEYS) {
      const found = node.entries.filter((e) => e.key.value === key);
      if (found.length < 2) continue;
      out.push({
        code: 'duplicate-key',
        message: `\`${key}\` is given ${found.length} times in one object; a loader keeps only the last${key === 'kind' ? ', so the object is judged by its most sensitive kind (a Secret if any says so)' : ''}`,
        span: found[1]!.key.span,
      });
    }
    const items = get(node, 'items');
    if (isSeq(items)) for (const item of items.items) visit(item, depth + 1);
  };
  for (const d of file.docs) visit(d.root, 0);
  return out;
}
