import type { FindingObject } from '../finding.js';

/**
 * `Secret prod/db, key "password", via <annotation>`; undefined when the finding is not about an
 * object. Plain words: each output escapes them for where they go (terminal, Markdown, annotation).
 */
export function describeObject(o: FindingObject): string | undefined {
  if (o.kind === undefined && o.name === undefined) return undefined;
  const name = o.name === undefined ? '' : ` ${o.namespace !== undefined ? `${o.namespace}/` : ''}${o.name}`;
  const parts = [`${o.kind ?? 'object'}${name}`];
  if (o.key !== undefined) parts.push(`key "${o.key}"`);
  if (o.via !== undefined) parts.push(`via ${o.via}`);
  return parts.join(', ');
}
