import { git } from '../git/run.js';

/**
 * A partial clone (`git clone --filter=…`) leaves blobs on its promisor remote by design: a blob
 * it does not have is expected, not damage. It is one by configuration: `extensions.partialClone`
 * or a remote with `promisor = true`. The remotes named, or none for a full clone.
 */
export async function promisorRemotes(repo: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  // One process for both settings; `git config` exits 1 when neither is set.
  const out = await git(
    repo,
    ['config', '-z', '--get-regexp', '^(extensions\\.partialclone|remote\\..*\\.promisor)$'],
    env,
  ).then(
    (b) => b.toString('utf8'),
    () => '',
  );
  const names = new Set<string>();
  for (const entry of out.split('\0')) {
    // `key\nvalue`, or the key alone for a setting written without `=` (which git reads as true).
    const nl = entry.indexOf('\n');
    const key = nl < 0 ? entry : entry.slice(0, nl);
    const value = nl < 0 ? 'true' : entry.slice(nl + 1);
    if (key === 'extensions.partialclone' && value !== '') names.add(value);
    const remote = /^remote\.(.+)\.promisor$/.exec(key)?.[1];
    if (remote !== undefined && /^(true|yes|on|1)$/i.test(value)) names.add(remote);
  }
  return [...names].sort();
}

/**
 * The blobs a partial clone holds locally. Asking `git cat-file --batch` for any other blob would
 * make git fetch it from the promisor remote, one process and one round trip per blob (and end
 * the reader when the remote cannot be reached), so the sweep asks only for these.
 */
export async function localBlobs(repo: string, env: NodeJS.ProcessEnv): Promise<Set<string>> {
  const out = (
    await git(
      repo,
      ['cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objecttype) %(objectname)'],
      env,
    )
  ).toString('latin1');
  const blobs = new Set<string>();
  for (const line of out.split('\n')) if (line.startsWith('blob ')) blobs.add(line.slice(5));
  return blobs;
}
