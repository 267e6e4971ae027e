import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { GitFailed, gitText } from '../git/run.js';

/**
 * The folder git runs hooks from, as git itself resolves it: `git rev-parse --git-path hooks`
 * honours core.hooksPath (a relative value is relative to the work tree's top, and git prints it
 * relative to `cwd`) and, in a linked worktree, points at the main repository's shared hooks.
 * Refuses (UsageError) a path that is, or lies under, a file: git cannot run hooks from it.
 */
export async function hooksDir(cwd: string): Promise<string> {
  const dir = path.resolve(cwd, await gitOutput(cwd, ['rev-parse', '--git-path', 'hooks']));
  await assertNotUnderFile(dir, cwd);
  return dir;
}

/** The top of the work tree `cwd` is in, or undefined in a bare repository. */
export async function workTreeTop(cwd: string): Promise<string | undefined> {
  const top = await gitText(cwd, ['rev-parse', '--show-toplevel']).catch(() => '');
  return top !== '' ? top : undefined;
}

/** The value of core.hooksPath as written in the configuration, or undefined when unset. */
export async function configuredHooksPath(cwd: string): Promise<string | undefined> {
  return gitText(cwd, ['config', '--get', 'core.hooksPath']).catch(() => undefined);
}

async function gitOutput(cwd: string, args: string[]): Promise<string> {
  try {
    return await gitText(cwd, args);
  } catch (err) {
    if (!(err instanceof GitFailed)) throw err;
    if (err.failure.reason === 'not-found')
      throw new UsageError('git is not installed (or not on PATH): the hooks need it');
    const detail = err.failure.reason === 'exit' ? (err.stderr.split('\n')[0] ?? '') : err.stderr;
    throw new UsageError(
      `${cwd} is not inside a git repository${detail !== '' ? ` (${detail})` : ''}: run this command in the repository to protect`,
    );
  }
}

/** The hooks folder (or the nearest part of its path that exists) must be a folder, not a file. */
async function assertNotUnderFile(dir: string, cwd: string): Promise<void> {
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
    const setting = await configuredHooksPath(cwd);
    const what =
      setting !== undefined ? `core.hooksPath (${JSON.stringify(setting)}) names` : 'the hooks folder git uses is';
    throw new UsageError(
      `${what} ${p === dir ? 'a file' : `a path under the file ${p}`}, not a folder, so git cannot run hooks from it. ` +
        'Point it at a folder (git config core.hooksPath .githooks) or unset it (git config --unset core.hooksPath), then run this command again',
    );
  }
}
