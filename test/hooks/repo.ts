import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished, type TestContext } from 'vitest';
import { BIN, ROOT, sealcheck } from '../helpers/cli.js';
import { cleanEnv, gitInit, gitIsolation } from '../helpers/git.js';

/** A raw Secret (fake values) and the SealedSecret that replaces it, from examples/. */
export const RAW_SECRET = readFileSync(path.join(ROOT, 'examples/leaks/db-secret.yaml'), 'utf8');
export const SEALED_SECRET = readFileSync(path.join(ROOT, 'examples/safe/db-sealedsecret.yaml'), 'utf8');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for assertions that do not care which stream git used. */
  out: string;
}

/**
 * A scratch folder for one test, removed when it finishes. `bin/` in it holds a `sealcheck`
 * symlink to this checkout's launcher, the way `npm install -g` would put it on PATH.
 */
export function scratch(): { dir: string; bin: string } {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sealcheck-hooks-')));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, path.join(bin, 'sealcheck'));
  return { dir, bin };
}

/** Runs a program with git isolated from the user's and system configuration (cleanEnv), without colour. */
export function run(
  cwd: string,
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; input?: string; path?: string } = {},
): Run {
  const env = cleanEnv({ NO_COLOR: '1', ...opts.env });
  if (opts.path !== undefined) env.PATH = opts.path;
  const r = spawnSync(cmd, args, { cwd, env, input: opts.input ?? '', encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out: r.stdout + r.stderr };
}

export { git, gitInit } from '../helpers/git.js';

export function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** An executable sh script. */
export function script(file: string, body: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

/** `sealcheck install`/`uninstall` … run through the launcher in `cwd`. */
export function cli(cwd: string, ...args: string[]): Run {
  const r = sealcheck(args, { cwd, env: gitIsolation() });
  return { ...r, out: r.stdout + r.stderr };
}

/** `git <args>` with `bin` (holding sealcheck) first on PATH: how a hook sees an installed CLI. */
export function gitWith(
  bin: string,
  cwd: string,
  args: string[],
  opts: { env?: Record<string, string>; input?: string } = {},
): Run {
  return run(cwd, 'git', args, { ...opts, path: `${bin}${path.delimiter}${process.env.PATH ?? ''}` });
}

/** How to get the hook managers the tests drive, as .ci/run does. */
export const HUSKY_HOW = 'npm install --prefix <dir> husky@9, then add <dir>/node_modules/.bin to PATH';
export const LEFTHOOK_HOW = 'npm install --prefix <dir> lefthook@2, then add <dir>/node_modules/.bin to PATH';

/**
 * Returns when `tool` is on PATH. Otherwise the test is skipped, except under CI=true, where the
 * tool is installed on purpose (.ci/run) and its absence must fail the test rather than hide it.
 */
export function requireTool(ctx: TestContext, tool: string, how: string): void {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0) return;
  if (process.env.CI === undefined) ctx.skip(`${tool} is not on PATH (${how})`);
}

/** A repository with sealcheck laid out the way `npm install --save-dev sealcheck` would. */
export function projectWithSealcheck(): { repo: string; dir: string } {
  const { dir } = scratch();
  const repo = gitInit(path.join(dir, 'repo'));
  mkdirSync(path.join(repo, 'node_modules/.bin'), { recursive: true });
  mkdirSync(path.join(repo, 'node_modules/sealcheck'), { recursive: true });
  symlinkSync(BIN, path.join(repo, 'node_modules/.bin/sealcheck'));
  symlinkSync(path.join(ROOT, 'hooks'), path.join(repo, 'node_modules/sealcheck/hooks'));
  write(repo, { '.gitignore': 'node_modules/\n' });
  return { repo, dir };
}

/**
 * Every file under `dir` (the .git folder included) as path → mode and content hash (or symlink
 * target): two equal snapshots mean nothing was created, deleted, renamed, edited or chmod-ed.
 */
export function treeSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const file = path.join(rel, name);
      const st = lstatSync(path.join(dir, file));
      if (st.isDirectory()) walk(file);
      else if (st.isSymbolicLink()) out[file] = `-> ${readlinkSync(path.join(dir, file))}`;
      else
        out[file] = `${(st.mode & 0o7777).toString(8)} ${createHash('sha256')
          .update(readFileSync(path.join(dir, file)))
          .digest('hex')}`;
    }
  };
  walk('.');
  return out;
}
