import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

/**
 * The folder git runs hooks from, as git itself resolves it: `git rev-parse --git-path hooks`
 * honours core.hooksPath (a relative value is relative to the work tree's top, and git prints it
 * relative to `cwd`) and, in a linked worktree, points at the main repository's shared hooks.
 * Refuses (UsageError) a path that is, or lies under, a file: git cannot run hooks from it.
 */
export function hooksDir(cwd: string): string {
  const dir = path.resolve(cwd, gitOutput(cwd, ['rev-parse', '--git-path', 'hooks']));
  assertNotUnderFile(dir, cwd);
  return dir;
}

/** The top of the work tree `cwd` is in, or undefined in a bare repository. */
export function workTreeTop(cwd: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.replace(/\r?\n$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/** The value of core.hooksPath as written in the configuration, or undefined when unset. */
export function configuredHooksPath(cwd: string): string | undefined {
  try {
    const out = execFileSync('git', ['config', '--get', 'core.hooksPath'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.replace(/\r?\n$/, '');
  } catch {
    return undefined;
  }
}

function gitOutput(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(
      /\r?\n$/,
      '',
    );
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new UsageError('git is not installed (or not on PATH): the hooks need it');
    const detail = (e.stderr ?? '').trim().split('\n')[0] ?? '';
    throw new UsageError(
      `${cwd} is not inside a git repository${detail !== '' ? ` (${detail})` : ''}: run this command in the repository to protect`,
    );
  }
}

/** The hooks folder (or the nearest part of its path that exists) must be a folder, not a file. */
function assertNotUnderFile(dir: string, cwd: string): void {
  for (let p = dir; ; p = path.dirname(p)) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && path.dirname(p) !== p) continue;
      throw new UsageError(`cannot read ${p}: ${code ?? String(err)}`);
    }
    if (st.isDirectory()) return;
    const setting = configuredHooksPath(cwd);
    const what =
      setting !== undefined ? `core.hooksPath (${JSON.stringify(setting)}) names` : 'the hooks folder git uses is';
    throw new UsageError(
      `${what} ${p === dir ? 'a file' : `a path under the file ${p}`}, not a folder, so git cannot run hooks from it. ` +
        'Point it at a folder (git config core.hooksPath .githooks) or unset it (git config --unset core.hooksPath), then run this command again',
    );
  }
}
