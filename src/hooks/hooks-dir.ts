import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { UsageError } from '../errors.js';

/**
 * The folder git runs hooks from, as git itself resolves it: `git rev-parse --git-path hooks`
 * honours core.hooksPath (a relative value is relative to the work tree's top, and git prints it
 * relative to `cwd`) and, in a linked worktree, points at the main repository's shared hooks.
 */
export function hooksDir(cwd: string): string {
  let out: string;
  try {
    out = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new UsageError('git is not installed (or not on PATH): the hooks need it');
    const detail = (e.stderr ?? '').trim().split('\n')[0] ?? '';
    throw new UsageError(`${cwd} is not inside a git repository${detail !== '' ? ` (${detail})` : ''}: run this command in the repository to protect`);
  }
  return path.resolve(cwd, out.replace(/\r?\n$/, ''));
}
