// `npm run bench:sweep [REPO]`: wall time and peak RSS of a history sweep beside two baselines
// measured in the same run: `git log -p --all -U0 > /dev/null` (what a patch-based scanner must at
// least pay) and `git cat-file --batch-all-objects --batch > /dev/null` (reading every object once).
// Without REPO, on a generated repository (bench/history-repo.mjs: >= 20,000 commits, 3,000
// manifests, leaks, renames, branches, tags). Medians over BENCH_RUNS runs (default 3); peak RSS is
// GNU time's maximum resident set size (the largest process of the command's tree). No assertions:
// the machine's noise decides how to read the figures. Needs `npm run build:all` first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyRepo } from './history-repo.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
if (!existsSync(join(root, 'dist', 'history', 'sweep.js'))) {
  console.error('run "npm run build:all" first');
  process.exit(2);
}
const runs = Number(process.env.BENCH_RUNS ?? 3);
const given = process.argv[2];
let repo;
let generated;
if (given) repo = resolve(given);
else {
  generated = await historyRepo(join(root, 'bench', '.sweep-repo'), {
    commits: Number(process.env.BENCH_COMMITS ?? 20000),
  });
  repo = generated.repo;
}
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function measure(argv, opts = {}) {
  const cmd = TIME ? [TIME, '-f', '%e %M', ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: repo, maxBuffer: 1 << 26, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  const last = r.stderr.toString().trim().split('\n').pop() ?? '';
  const rssKiB = TIME ? Number(last.split(' ')[1]) : NaN;
  return { ms, rssKiB, stdout: r.stdout.toString() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function series(name, argv, env) {
  const got = [];
  for (let i = 0; i < runs; i++) got.push(measure(argv, env ? { env: { ...process.env, ...env } } : {}));
  return {
    name,
    medianMs: Math.round(median(got.map((g) => g.ms))),
    runsMs: got.map((g) => Math.round(g.ms)),
    peakRssMiB: Math.round(Math.max(...got.map((g) => g.rssKiB)) / 1024),
    last: got.at(-1),
  };
}

const commits = Number(spawnSync('git', ['rev-list', '--all', '--count'], { cwd: repo }).stdout.toString().trim());
const logP = series('git log -p --all -U0', ['sh', '-c', 'git log -p --all -U0 > /dev/null']);
const catFile = series('git cat-file --batch-all-objects --batch', [
  'sh',
  '-c',
  'git cat-file --batch-all-objects --batch > /dev/null',
]);
const sweep = series('sealcheck sweep (worker threads, one per CPU)', [
  process.execPath,
  join(root, 'bench', 'sweep-once.mjs'),
  repo,
]);
const inline = series(
  'sealcheck sweep --workers 0 (scanning on the main thread)',
  [process.execPath, join(root, 'bench', 'sweep-once.mjs'), repo],
  { SWEEP_WORKERS: '0' },
);
const stats = JSON.parse(sweep.last.stdout);
for (const s of [logP, catFile, sweep, inline]) delete s.last;
console.log(
  JSON.stringify(
    {
      repo,
      generated: generated ?? null,
      commits,
      runs,
      cpus: (await import('node:os')).availableParallelism(),
      sweep,
      sweepInline: inline,
      baselines: { gitLogP: logP, catFileAll: catFile },
      ratios: {
        sweepOverGitLogP: +(sweep.medianMs / logP.medianMs).toFixed(2),
        sweepOverCatFileAll: +(sweep.medianMs / catFile.medianMs).toFixed(2),
        inlineOverGitLogP: +(inline.medianMs / logP.medianMs).toFixed(2),
        inlineOverCatFileAll: +(inline.medianMs / catFile.medianMs).toFixed(2),
      },
      targets: {
        atMostGitLogP: sweep.medianMs <= logP.medianMs,
        within3xCatFile: sweep.medianMs <= 3 * catFile.medianMs,
        rssUnder500MiB: sweep.peakRssMiB < 500,
      },
      stats,
    },
    null,
    2,
  ),
);
