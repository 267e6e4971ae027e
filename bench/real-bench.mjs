// `npm run bench:real [-- options] [corpus ...]`: speed on real repositories, the clones
// bench/corpora.sh makes (default: kube-prometheus, helm-charts, bitnami-charts, wrongsecrets, those
// present). Per corpus, in one run:
//   scan    `sealcheck scan .` of the HEAD tree as a whole process pinned to one core (taskset -c 0
//           when present), median of --runs runs, MB/s over the text bytes it scanned (binary files
//           excluded), start-up included;
//   engine  the engine alone: one process (pinned likewise) reads every file the scan would read,
//           then times --runs passes of runScan over those bytes in memory; median pass, MB/s;
//   sweep   `sealcheck sweep` of the whole history as a whole process (every core), beside two
//           baselines timed in the same run: `git log -p --all -U0 >/dev/null` and
//           `git cat-file --batch-all-objects --batch >/dev/null` (medians of --runs), and the ratios;
//   RSS     peak resident set of scan and sweep (GNU time's %M; "n/a" without /usr/bin/time).
// Prints a Markdown table (or JSON with --json) with the machine's load average before and after:
// figures taken on a busy machine are pessimistic. No assertions. Needs a build (`npm run build:all`).
//
// Options:
//   --corpora DIR        where the clones are (default: $BENCH, else <tmpdir>/bench, as corpora.sh)
//   --bin PATH           the build to measure (default: this checkout's bin/sealcheck.js)
//   --runs N             runs of the scan, engine passes and baselines (default 3)
//   --no-sweep           skip the sweep and its baselines
//   --sweep-runs N       sweeps per corpus (default 1: a sweep of a large history takes minutes)
//   --sweep-timeout S    stop a sweep after S seconds; its row says so (default: no limit)
//   --sweep-since DATE   sweep only commits since DATE (sweep --since; git log -p gets the same
//                        --since; the cat-file baseline cannot be sliced and is left out)
//   --save-reports DIR   keep the last scan's and sweep's JSON reports as DIR/<corpus>.{scan,sweep}.json
//                        (bench:guard record|check --from DIR reads them instead of running again)
//   --json               machine-readable output
//   --render FILE        print the Markdown of a result saved with --json, measuring nothing
import { mkdirSync, mkdtempSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { corporaDir, git, median, selectCorpora, TASKSET, TIME, timed, wholeNumber } from './real-corpora.mjs';
import { markdownTable } from './real-table.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function fail(message) {
  process.stderr.write(`bench:real: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      corpora: { type: 'string' },
      bin: { type: 'string' },
      runs: { type: 'string' },
      'no-sweep': { type: 'boolean' },
      'sweep-runs': { type: 'string' },
      'sweep-timeout': { type: 'string' },
      'sweep-since': { type: 'string' },
      'save-reports': { type: 'string' },
      json: { type: 'boolean' },
      render: { type: 'string' },
    },
  });
} catch (e) {
  fail(e.message);
}
const opts = args.values;
if (opts.render !== undefined) {
  try {
    process.stdout.write(markdownTable(JSON.parse(readFileSync(opts.render, 'utf8'))));
  } catch (e) {
    fail(`--render ${opts.render}: ${e.message}`);
  }
  process.exit(0);
}
let runs, sweepRuns, sweepTimeout, corpora;
const dir = corporaDir(opts.corpora);
try {
  runs = wholeNumber('runs', opts.runs, 3, 1);
  sweepRuns = wholeNumber('sweep-runs', opts['sweep-runs'], 1, 1);
  sweepTimeout = wholeNumber('sweep-timeout', opts['sweep-timeout'], undefined, 1);
  corpora = selectCorpora(dir, args.positionals);
} catch (e) {
  fail(e.message);
}
const bin = resolve(opts.bin ?? join(root, 'bin', 'sealcheck.js'));
const dist = join(dirname(dirname(bin)), 'dist');
try {
  readFileSync(join(dist, 'scan.js'));
} catch {
  fail(`no build at ${dist} (run "npm run build:all" there first)`);
}
const since = opts['sweep-since'];
const saveDir = opts['save-reports'] !== undefined ? resolve(opts['save-reports']) : undefined;
if (saveDir) mkdirSync(saveDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'sealcheck-real-bench-'));
const log = (s) => process.stderr.write(`${s}\n`);
const seconds = (ms) => Number((ms / 1000).toFixed(2));
const mib = (kib) => (Number.isFinite(kib) ? Math.round(kib / 1024) : null);
const mbps = (bytes, ms) => Number((bytes / 1e6 / (ms / 1000)).toFixed(2));
const tail = (r) => r.stderr.trim().split('\n').slice(-3).join(' / ');

/** A sealcheck run that exits 0 or 1 (findings) completed; anything else is a failure. */
function completed(what, r) {
  if (r.timedOut) return;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${what} exited ${r.status ?? r.signal}: ${tail(r)}`);
}

async function series(argv, options) {
  const got = [];
  for (let i = 0; i < runs; i++) {
    const r = await timed(argv, options);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}: ${tail(r)}`);
    got.push(r);
  }
  return { medianMs: median(got.map((g) => g.ms)), runsMs: got.map((g) => Math.round(g.ms)) };
}

async function measureCorpus(name) {
  const cwd = join(dir, name);
  const row = { corpus: name, head: git(cwd, ['rev-parse', 'HEAD']) };

  log(`${name}: engine (${runs} passes, one core)...`);
  const e = await timed([process.execPath, join(root, 'bench', 'engine-once.mjs'), dist, cwd, String(runs)], {
    cwd,
    pin: true,
    capture: true,
  });
  if (e.status !== 0) throw new Error(`engine pass on ${name} exited ${e.status ?? e.signal}: ${tail(e)}`);
  const engine = JSON.parse(e.stdout);
  const engineMs = median(engine.passesMs);
  row.files = engine.files;
  row.textBytes = engine.textBytes;
  row.engine = {
    medianS: seconds(engineMs),
    passesS: engine.passesMs.map(seconds),
    mbPerS: mbps(engine.textBytes, engineMs),
    findings: engine.findings,
  };

  log(`${name}: scan (${runs} runs, one core)...`);
  const scans = [];
  const out = join(work, `${name}.scan.json`);
  for (let i = 0; i < runs; i++) {
    const r = await timed([process.execPath, bin, 'scan', '.', '-f', 'json', '-o', out, '--fail-on', 'never'], {
      cwd,
      pin: true,
    });
    completed(`scan of ${name}`, r);
    scans.push(r);
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  if (saveDir) copyFileSync(out, join(saveDir, `${name}.scan.json`));
  const scanMs = median(scans.map((s) => s.ms));
  row.scan = {
    medianS: seconds(scanMs),
    runsS: scans.map((s) => seconds(s.ms)),
    mbPerS: mbps(row.textBytes, scanMs),
    peakRssMiB: mib(Math.max(...scans.map((s) => s.rssKiB))),
    findings: report.findings.length,
    textBytes: report.stats.bytes,
  };

  if (opts['no-sweep']) return row;
  row.commits = Number(git(cwd, ['rev-list', '--all', '--count', ...(since ? [`--since=${since}`] : [])]));
  log(`${name}: git log -p --all -U0 (${runs} runs)...`);
  const logP = await series(
    ['sh', '-c', `git log -p --all -U0${since ? ' --since="$1"' : ''} >/dev/null`, 'sh', since ?? ''],
    {
      cwd,
    },
  );
  let catFile;
  if (!since) {
    log(`${name}: git cat-file --batch-all-objects --batch (${runs} runs)...`);
    catFile = await series(['sh', '-c', 'git cat-file --batch-all-objects --batch >/dev/null'], { cwd });
  }
  const sweeps = [];
  const sweepOut = join(work, `${name}.sweep.json`);
  const sweepArgs = ['sweep', '.', '--allow-missing-objects', '--no-progress', '-f', 'json', '-o', sweepOut];
  if (since) sweepArgs.push('--since', since);
  let stopped = false;
  for (let i = 0; i < sweepRuns && !stopped; i++) {
    log(`${name}: sweep ${i + 1}/${sweepRuns}${sweepTimeout ? ` (stopped after ${sweepTimeout} s)` : ''}...`);
    const r = await timed([process.execPath, bin, ...sweepArgs], { cwd, timeoutS: sweepTimeout });
    completed(`sweep of ${name}`, r);
    if (r.timedOut) stopped = true;
    else sweeps.push(r);
  }
  row.sweep = {
    ...(since ? { since } : {}),
    commits: row.commits,
    gitLogPS: seconds(logP.medianMs),
    catFileS: catFile ? seconds(catFile.medianMs) : null,
  };
  if (sweeps.length === 0) {
    row.sweep.stoppedAfterS = sweepTimeout;
    return row;
  }
  const sweepMs = median(sweeps.map((s) => s.ms));
  const sweepReport = JSON.parse(readFileSync(sweepOut, 'utf8'));
  if (saveDir) copyFileSync(sweepOut, join(saveDir, `${name}.sweep.json`));
  Object.assign(row.sweep, {
    medianS: seconds(sweepMs),
    runsS: sweeps.map((s) => seconds(s.ms)),
    overGitLogP: Number((sweepMs / logP.medianMs).toFixed(2)),
    overCatFile: catFile ? Number((sweepMs / catFile.medianMs).toFixed(2)) : null,
    peakRssMiB: mib(Math.max(...sweeps.map((s) => s.rssKiB))),
    blobBytes: sweepReport.stats.bytes,
    secrets: sweepReport.secrets.length,
    ...(stopped ? { laterRunStoppedAfterS: sweepTimeout } : {}),
  });
  return row;
}

const before = loadavg()[0];
const startedAt = new Date().toISOString();
const rows = [];
try {
  for (const name of corpora) rows.push(await measureCorpus(name));
} catch (e) {
  rmSync(work, { recursive: true, force: true });
  fail(e.message);
}
rmSync(work, { recursive: true, force: true });
const result = {
  startedAt,
  node: process.version,
  cpus: availableParallelism(),
  loadAverage1m: { before: Number(before.toFixed(2)), after: Number(loadavg()[0].toFixed(2)) },
  pinnedToOneCore: TASKSET !== undefined,
  peakRss: TIME ? 'GNU time %M' : 'not measured (no /usr/bin/time)',
  runs,
  bin,
  rows,
};

process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : markdownTable(result));
