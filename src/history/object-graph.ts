import { readFile } from 'node:fs/promises';
import { devNull } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { git } from '../git/run.js';

/**
 * Replace refs (`git replace`, also `--graft`) and the grafts file (`info/grafts`) change what
 * git shows as a commit's parents or an object's content without changing the objects: one
 * `git replace --graft` can cut a committed secret out of `git log --all`. The sweep reads the
 * objects themselves: GIT_NO_REPLACE_OBJECTS turns replacements off, and GIT_GRAFT_FILE names a
 * path under the null device, which can never exist (so no one can plant a grafts file there,
 * and git does not warn about it). A shallow clone's boundary is kept: git reads `shallow` apart
 * from the grafts file.
 */
export function realObjectGraphEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, GIT_NO_REPLACE_OBJECTS: '1', GIT_GRAFT_FILE: join(devNull, 'no-grafts') };
}

/**
 * What would have rewritten the history a plain `git log` shows, in words for the report; none
 * when nothing would. `env` is the caller's own environment (it may name another grafts file).
 */
export async function graphRewrites(repo: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const base = env.GIT_REPLACE_REF_BASE ?? 'refs/replace/';
  const replaced = (
    await git(repo, ['for-each-ref', '--format=%(refname)', base], env).then(
      (b) => b.toString('utf8'),
      () => '',
    )
  )
    .split('\n')
    .filter((l) => l !== '');
  const graftPath = await git(repo, ['rev-parse', '--git-path', 'info/grafts'], env).then(
    (b) => b.toString('utf8').trim(),
    () => '',
  );
  const file = graftPath === '' ? '' : isAbsolute(graftPath) ? graftPath : resolve(repo, graftPath);
  const grafts =
    file === ''
      ? 0
      : (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => /^[0-9a-f]{40,64}\b/.test(l.trim()))
          .length;
  if (replaced.length === 0 && grafts === 0) return undefined;
  const what = [
    ...(replaced.length > 0
      ? [
          `${replaced.length} replace ref${replaced.length === 1 ? '' : 's'} (${replaced.slice(0, 3).join(', ')}${replaced.length > 3 ? ', …' : ''})`,
        ]
      : []),
    ...(grafts > 0 ? [`a grafts file (${graftPath}, ${grafts} graft${grafts === 1 ? '' : 's'})`] : []),
  ];
  return `warning: this repository has ${what.join(' and ')}, which change the history plain git commands show and can hide commits; the sweep ignored them and read the commits as they are stored`;
}
