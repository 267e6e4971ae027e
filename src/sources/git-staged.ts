import { BlobReader } from '../git/blob-reader.js';
import { stagedChanges } from '../git/changes.js';
import type { GitSnapshot, GitSourceOptions } from './git-range.js';

/**
 * What `git commit` would record: the staged blobs, never the working tree, so a partially staged
 * file (`git add -p`) is judged by what is staged. References resolve through `:path`, the index.
 * In a hook git may point GIT_INDEX_FILE at a temporary index (`git commit <paths>`, `-a`); it is
 * passed through in `env`, so that index is the one read.
 *
 * Both git processes start at once, before the caller loads rules and configuration, so git's
 * work overlaps ours: a commit hook's time is mostly start-up.
 */
export function openStagedSnapshot(opts: Pick<GitSourceOptions, 'cwd' | 'env'>): GitSnapshot {
  const env = opts.env ?? process.env;
  const reader = new BlobReader(opts.cwd, env);
  reader.start();
  return { reader, prefix: ':', changes: stagedChanges(opts.cwd, env) };
}
