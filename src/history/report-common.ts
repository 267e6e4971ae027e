import type { SecretRow } from './model.js';

/** `Secret prod/db key "password"`, or the rule when the secret belongs to no object. */
export function objectWords(r: Pick<SecretRow, 'kind' | 'namespace' | 'name' | 'key' | 'rule'>): string {
  const name = r.name !== null ? ` ${r.namespace !== null ? `${r.namespace}/` : ''}${r.name}` : '';
  const head = r.kind !== null || r.name !== null ? `${r.kind ?? 'object'}${name}` : 'value';
  return r.key !== null ? `${head} key "${r.key}"` : head;
}

/**
 * What a row is about, in words a person reads first: the object and key when the secret belongs to
 * one (`Secret prod/db key "password"`), otherwise the rule and the file it was found in, with the
 * key when there is one (`url-query-credential in src/Canary.java`). Never a bare "value".
 */
export function rowTitle(r: Pick<SecretRow, 'kind' | 'namespace' | 'name' | 'key' | 'rule' | 'introducedIn'>): string {
  if (r.kind !== null || r.name !== null) return objectWords(r);
  const key = r.key !== null ? ` key "${r.key}"` : '';
  return `${r.rule}${key} in ${r.introducedIn.path}`;
}

/** `path:line`, or the path alone when the line is not known. */
export function pathLine(p: { path: string; line?: number }): string {
  return p.line !== undefined ? `${p.path}:${p.line}` : p.path;
}

/** The short name of a ref for a list: `main`, `origin/main`, `v1.2`, or the full name of anything else. */
function shortRef(name: string): string {
  for (const prefix of ['refs/heads/', 'refs/tags/', 'refs/remotes/'])
    if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

const KINDS: [prefix: string, one: string, many: string][] = [
  ['refs/heads/', 'other branch', 'other branches'],
  ['refs/remotes/', 'remote branch', 'remote branches'],
  ['refs/tags/', 'tag', 'tags'],
];

/**
 * The refs that reach a secret, summarised for a person: the default branch by name, then the rest
 * counted by kind (`master, 3 other branches, 5 remote branches, 80 tags`). A short list is named
 * in full. A remote's `HEAD` is an alias of one of its branches and is not counted. The JSON report
 * keeps every name.
 */
export function refSummary(refs: readonly string[], defaultBranch: string | undefined, spell = 3): string {
  const listed = refs.filter((n) => !/^refs\/remotes\/[^/]+\/HEAD$/.test(n));
  if (listed.length === 0) return refs.length > 0 ? refs.map(shortRef).join(', ') : 'none (unreachable commits only)';
  if (listed.length <= spell) return listed.map(shortRef).join(', ');
  const parts: string[] = [];
  const rest = listed.filter((n) => n !== defaultBranch);
  if (defaultBranch !== undefined && rest.length < listed.length) parts.push(shortRef(defaultBranch));
  let other = rest.length;
  for (const [prefix, one, many] of KINDS) {
    const n = rest.filter((r) => r.startsWith(prefix)).length;
    other -= n;
    const word =
      parts.length === 0 && prefix === 'refs/heads/' ? (n === 1 ? 'branch' : 'branches') : n === 1 ? one : many;
    if (n > 0) parts.push(`${n} ${word}`);
  }
  if (other > 0) parts.push(`${other} other ref${other === 1 ? '' : 's'}`);
  return parts.join(', ');
}

export const SWEEP_REPORT_VERSION = 1;
