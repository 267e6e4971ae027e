// What bench:real and bench:guard share: where the real-repository clones are (the folders
// bench/corpora.sh makes), which of them to use, and running one timed process with GNU time's peak
// RSS, optionally pinned to one core and stopped after a time limit.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The corpora bench/corpora.sh builds by default, in its order. */
export const DEFAULT_CORPORA = ['kube-prometheus', 'helm-charts', 'bitnami-charts', 'wrongsecrets'];

/** --corpora DIR, else $BENCH, else <tmpdir>/bench: the same default as corpora.sh. */
export function corporaDir(given) {
  return resolve(given ?? process.env.BENCH ?? join(tmpdir(), 'bench'));
}

/**
 * The corpora to measure: those named (each must be present), else the default four that are
 * present. Throws a message naming what is missing and how to make it.
 */
export function selectCorpora(dir, named) {
  const make = `create the clones with MIRROR=<snapshots> BENCH=${dir} bench/corpora.sh, or give --corpora DIR`;
  if (!existsSync(dir)) throw new Error(`no corpora folder ${dir}: ${make}`);
  const present = readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, '.git')) && statSync(join(dir, n)).isDirectory())
    .sort();
  for (const n of named)
    if (!present.includes(n))
      throw new Error(`no corpus clone "${n}" in ${dir} (present: ${present.join(', ') || 'none'})`);
  const chosen = named.length > 0 ? named : DEFAULT_CORPORA.filter((n) => present.includes(n));
  if (chosen.length === 0) throw new Error(`none of ${DEFAULT_CORPORA.join(', ')} in ${dir}: ${make}`);
  return chosen;
}

/** A whole number option (`--runs 3`), or the default when absent. */
export function wholeNumber(name, s, dflt, min = 0) {
  if (s === undefined) return dflt;
  if (!/^[0-9]+$/.test(s) || Number(s) < min) throw new Error(`--${name} must be a whole number >= ${min}, got "${s}"`);
  return Number(s);
}

/** The middle value (the upper one of an even count, as the other benches), or NaN for none. */
export function median(xs) {
  if (xs.length === 0) return NaN;
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export function git(dir, args) {
  const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${dir}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

export const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
export const TASKSET = existsSync('/usr/bin/taskset') ? '/usr/bin/taskset' : undefined;

/**
 * Runs argv in cwd and resolves to { ms, rssKiB, status, signal, timedOut, stdout, stderr } (stdout
 * only with `capture`). Peak RSS is
 * GNU time's %M (the largest process of the tree), NaN without /usr/bin/time. `pin` runs it on
 * core 0 (when taskset exists). The process gets its own process group so that a time limit stops
 * the whole tree (time, node and its git children), not only the first process.
 */
export function timed(argv, { cwd, pin = false, timeoutS, env, capture = false } = {}) {
  let cmd = TIME ? [TIME, '-f', '%M', ...argv] : argv;
  if (pin && TASKSET) cmd = [TASKSET, '-c', '0', ...cmd];
  return new Promise((done, failed) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd[0], cmd.slice(1), {
      cwd,
      env: env ?? process.env,
      detached: true,
      stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdout = '';
    if (capture) {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d) => (stdout += d));
    }
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      // Keep the tail only: a sweep's warnings can be long, and only the last lines are shown.
      stderr = (stderr + d).slice(-64 * 1024);
    });
    let timedOut = false;
    const timer =
      timeoutS !== undefined
        ? setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }, timeoutS * 1000)
        : undefined;
    child.on('error', failed);
    child.on('close', (status, signal) => {
      if (timer) clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const lines = stderr.trimEnd().split('\n');
      const last = TIME && !timedOut ? lines.pop() : undefined;
      const rssKiB = last !== undefined && /^[0-9]+$/.test(last) ? Number(last) : NaN;
      done({ ms, rssKiB, status, signal, timedOut, stdout, stderr: lines.join('\n') });
    });
  });
}
