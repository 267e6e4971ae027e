import { git } from '../git/changes.js';

/**
 * A partial clone (`git clone --filter=…`) leaves blobs on its promisor remote by design: a blob
 * it does not have is expected, not damage. It is one by configuration: `extensions.partialClone`
 * or a remote with `promisor = true`. The remotes named, or none for a full clone.
 */
export async function promisorRemotes(repo: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const read = (args: string[]): Promise<string> => git(repo, ['config', ...args], env).then((b) => b.toString('utf8'), () => '');
  const names = new Set<string>();
  const extension = (await read(['--get', 'extensions.partialClone'])).trim();
  if (extension !== '') names.add(extension);
  for (const line of (await read(['--bool', '--get-regexp', '^remote\\..*\\.promisor$'])).split('\n')) {
    const m = /^remote\.(.+)\.promisor true$/i.exec(line.trim());
    if (m) names.add(m[1]!);
  }
  return [...names].sort();
}

/**
 * The blobs a partial clone holds locally. Asking `git cat-file --batch` for any other blob would
 * make git fetch it from the promisor remote, one process and one round trip per blob (and end
 * the reader when the remote cannot be reached), so the sweep asks only for these.
 */
export async function localBlobs(repo: string, env: NodeJS.ProcessEnv): Promise<Set<string>> {
  const out = (await git(repo, ['cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objecttype) %(objectname)'], env)).toString('latin1');
  const blobs = new Set<string>();
  for (const line of out.split('\n')) if (line.startsWith('blob ')) blobs.add(line.slice(5));
  return blobs;
}
