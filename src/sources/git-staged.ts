import { BlobReader } from '../git/blob-reader.js';
import { stagedChanges } from '../git/changes.js';
import { GitChangeSource, type GitSourceOptions } from './git-range.js';

/**
 * What `git commit` would record: the staged blobs, never the working tree, so a partially staged
 * file (`git add -p`) is judged by what is staged. References resolve through `:path`, the index.
 * In a hook git may point GIT_INDEX_FILE at a temporary index (`git commit <paths>`, `-a`); it is
 * passed through in `env`, so that index is the one read.
 */
export async function openStagedSource(opts: GitSourceOptions): Promise<GitChangeSource> {
  const env = opts.env ?? process.env;
  const changes = await stagedChanges(opts.cwd, env);
  return new GitChangeSource(changes, new BlobReader(opts.cwd, env), ':', opts);
}
