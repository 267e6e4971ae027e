import type { SecretRow } from './model.js';

/** `Secret prod/db key "password"`, or the rule when the secret belongs to no object. */
export function objectWords(r: Pick<SecretRow, 'kind' | 'namespace' | 'name' | 'key' | 'rule'>): string {
  const name = r.name !== null ? ` ${r.namespace !== null ? `${r.namespace}/` : ''}${r.name}` : '';
  const head = r.kind !== null || r.name !== null ? `${r.kind ?? 'object'}${name}` : 'value';
  return r.key !== null ? `${head} key "${r.key}"` : head;
}

export const SWEEP_REPORT_VERSION = 1;
