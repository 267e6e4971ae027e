// `npm run bench:hook`: what a commit costs (issue 3, "Speed"). A git repository of 5,000 generated
// manifests (bench/corpus.mjs, created once and kept in bench/.hook-repo/) with 20 modified
// manifests staged, none leaking, so the hook passes. Each run times, interleaved:
//   floor: `node -e ''` then `git diff --cached --name-only`, one sample for the two;
//   hook:  `node bin/sealcheck.js scan --staged`, or, while `scan --help` does not list --staged,
//          `node bin/sealcheck.js scan <the 20 staged files>` (reported as such in "hook.command").
// Prints medians and the hook/floor ratio as JSON (target: ratio <= 1.5). No assertions.
// Environment: BENCH_RUNS (default 15), BENCH_FILES (default 5000), BENCH_PIN=1 to pin every
// process to one core with taskset, BENCH_MODE=files to time the explicit-files stand-in anyway.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = join(root, 'bench', '.hook-repo');
const bin = join(root, 'bin', 'sealcheck.js');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const files = Number(process.env.BENCH_FILES ?? 5000);
const STAGED = 20;
const REPO_VERSION = `hook-repo-v1:${files}`;
const pin = process.env.BENCH_PIN === '1' && existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', '0'] : [];

// git must act on the bench repository only, whatever the calling shell or hook exported.
const gitEnv = { ...process.env };
for (const k of Object.keys(gitEnv)) if (k.startsWith('GIT_')) delete gitEnv[k];
Object.assign(gitEnv, {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
});

function git(...args) {
  const r = spawnSync(
    'git',
    ['-c', 'commit.gpgsign=false', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0', ...args],
    { cwd: repo, env: gitEnv, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The repository, committed once; regenerated when the corpus (or this layout) changes. */
function ensureRepo() {
  generateCorpus(repo, { files });
  const stamp = join(repo, '.git', 'sealcheck-bench');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === REPO_VERSION) return;
  git('init', '-q');
  writeFileSync(join(repo, '.git', 'info', 'exclude'), '.stamp\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench: generated manifests');
  writeFileSync(stamp, REPO_VERSION);
}

/**
 * Back to the commit, then 20 Deployments and ConfigMaps spread over the tree get a harmless
 * change (replicas, log level) and are staged. The corpus' leaking files (ten in each thousand,
 * see corpus.mjs) are never picked.
 */
function stageChanges() {
  git('reset', '-q', '--hard', 'HEAD');
  const leaks = (name) => Math.floor(Number(/-(\d+)\.yaml$/.exec(name)[1]) / 10) % 100 === 7;
  const candidates = git('ls-files', '-z')
    .split('\0')
    .filter((f) => /\/(deployment|configmap)-\d+\.yaml$/.test(f) && !leaks(f))
    .sort();
  const step = Math.floor(candidates.length / STAGED);
  const picked = Array.from({ length: STAGED }, (_, i) => candidates[i * step]);
  for (const f of picked) {
    const file = join(repo, f);
    const text = readFileSync(file, 'utf8');
    const changed = text.replace('replicas: 3', 'replicas: 4').replace('LOG_LEVEL: info', 'LOG_LEVEL: debug');
    if (changed === text) throw new Error(`nothing to change in ${f}`);
    writeFileSync(file, changed);
  }
  git('add', '--', ...picked);
  return picked;
}

function run(argv) {
  const cmd = [...pin, ...argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: repo, env: gitEnv, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (ms) => Math.round(ms * 10) / 10;

ensureRepo();
const picked = stageChanges();
const trackedFiles = git('ls-files', '-z').split('\0').filter(Boolean).length;
const help = run([process.execPath, bin, 'scan', '--help']);
const staged = process.env.BENCH_MODE !== 'files' && /--staged\b/.test(help.stdout);
const hookArgs = staged ? ['scan', '--staged'] : ['scan', ...picked];
const hookCommand = staged
  ? 'sealcheck scan --staged'
  : `sealcheck scan <the ${STAGED} staged files> (stand-in for scan --staged: ${process.env.BENCH_MODE === 'files' ? 'BENCH_MODE=files' : '`scan --help` does not list --staged'})`;

const floor = [];
const nodeOnly = [];
const gitOnly = [];
const hook = [];
// One warm-up of each (page cache, and V8's compile cache where Node has one), not counted.
for (let i = -1; i < runs; i++) {
  const a = run([process.execPath, '-e', '']);
  const b = run(['git', 'diff', '--cached', '--name-only']);
  if (b.stdout.trim().split('\n').length !== STAGED)
    throw new Error(`expected ${STAGED} staged files, git lists:\n${b.stdout}`);
  const h = run([process.execPath, bin, ...hookArgs]);
  if (h.status !== 0)
    throw new Error(
      `${hookCommand} exited ${h.status} (the staged changes hold no credential):\n${h.stdout}${h.stderr}`,
    );
  if (i < 0) continue;
  nodeOnly.push(a.ms);
  gitOnly.push(b.ms);
  floor.push(a.ms + b.ms);
  hook.push(h.ms);
}

const floorMs = median(floor);
const hookMs = median(hook);
const result = {
  repository: { trackedFiles, stagedManifests: STAGED },
  runs,
  pinnedToOneCore: pin.length > 0,
  floor: {
    command: "node -e '' && git diff --cached --name-only",
    medianMs: round(floorMs),
    nodeMedianMs: round(median(nodeOnly)),
    gitMedianMs: round(median(gitOnly)),
  },
  hook: {
    command: hookCommand,
    medianMs: round(hookMs),
    minMs: round(Math.min(...hook)),
    maxMs: round(Math.max(...hook)),
  },
  ratioHookToFloor: Number((hookMs / floorMs).toFixed(2)),
  target: 1.5,
  node: process.version,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
