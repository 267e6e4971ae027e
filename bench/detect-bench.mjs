// `npm run bench:detect [-- options] [corpus ...]`: what sealcheck reports on real repositories.
// For each corpus clone present (the folders bench/corpora.sh makes), runs the built CLI as a whole
// process (`node bin/sealcheck.js scan . -f json`, in the clone) and reports files scanned, findings
// per rule and severity, parse-error notes and wall time; with hand labels (bench/labels/<corpus>.tsv,
// format in bench/detect-labels.mjs), the precision of `error` findings and the recall of labelled
// real credentials. No assertions: the figures are for people comparing builds.
//
// Options:
//   --corpora DIR      where the clones are (default: $BENCH, else <tmpdir>/bench, as corpora.sh)
//   --labels DIR       label files (default: bench/labels)
//   --bin PATH         the build to measure (default: this checkout's bin/sealcheck.js)
//   --baseline PATH    a second build's bin/sealcheck.js, run on the same corpora, shown side by side
//   --sample N         print N distinct error findings per corpus, drawn at random, as label rows
//   --seed S           the sample's seed (default 1): the same seed and findings draw the same rows
//   --json             machine-readable output
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { COLUMNS, drawSample, evaluate, formatRow, parseLabels, perRule } from './detect-labels.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function fail(message) {
  process.stderr.write(`bench:detect: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      corpora: { type: 'string' },
      labels: { type: 'string' },
      bin: { type: 'string' },
      baseline: { type: 'string' },
      sample: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
} catch (e) {
  fail(e.message);
}
const opts = args.values;
const corporaDir = resolve(opts.corpora ?? process.env.BENCH ?? join(tmpdir(), 'bench'));
const labelsDir = resolve(opts.labels ?? join(root, 'bench', 'labels'));
const bin = resolve(opts.bin ?? join(root, 'bin', 'sealcheck.js'));
const baseline = opts.baseline !== undefined ? resolve(opts.baseline) : undefined;
const count = (name, s, dflt) => {
  if (s === undefined) return dflt;
  if (!/^[0-9]+$/.test(s)) fail(`--${name} must be a whole number, got "${s}"`);
  return Number(s);
};
const sampleSize = count('sample', opts.sample, undefined);
const seed = count('seed', opts.seed, 1);
if (opts.seed !== undefined && sampleSize === undefined) fail('--seed only applies with --sample N');
if (sampleSize !== undefined && (baseline !== undefined || opts.json))
  fail('--sample prints label rows for this build only: leave out --baseline and --json');
for (const b of [bin, baseline])
  if (b !== undefined && !existsSync(b)) fail(`no build at ${b} (run "npm run build:all" there first)`);
if (!existsSync(corporaDir))
  fail(
    `no corpora folder ${corporaDir}: create the clones with MIRROR=<snapshots> BENCH=${corporaDir} bench/corpora.sh, or give --corpora DIR`,
  );

const present = readdirSync(corporaDir)
  .filter((n) => existsSync(join(corporaDir, n, '.git')) && statSync(join(corporaDir, n)).isDirectory())
  .sort();
for (const n of args.positionals)
  if (!present.includes(n)) fail(`no corpus clone "${n}" in ${corporaDir} (present: ${present.join(', ') || 'none'})`);
const corpora = args.positionals.length > 0 ? args.positionals : present;
if (corpora.length === 0)
  fail(`no corpus clone in ${corporaDir}: create them with MIRROR=<snapshots> BENCH=${corporaDir} bench/corpora.sh`);

function head(dir) {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** One whole CLI process on a clone; exit 0 (clean) and 1 (findings) are both a completed scan. */
function runScan(build, dir) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [build, 'scan', '.', '-f', 'json'], {
    cwd: dir,
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) fail(`${build} on ${dir}: ${r.error.message}`);
  if (r.status !== 0 && r.status !== 1)
    fail(`${build} on ${dir} exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch (e) {
    fail(`${build} on ${dir}: output is not JSON (${e.message})`);
  }
  if (!Array.isArray(report?.findings)) fail(`${build} on ${dir}: the JSON report has no findings list`);
  return { seconds, report };
}

function loadLabels(name) {
  const file = join(labelsDir, `${name}.tsv`);
  if (!existsSync(file)) return { file, labels: undefined };
  try {
    return { file, labels: parseLabels(readFileSync(file, 'utf8'), relative(process.cwd(), file) || file) };
  } catch (e) {
    fail(e.message);
  }
}

function figures(run, labels) {
  const { findings, stats, summary, skipped } = run.report;
  const parseErrors = findings.filter((f) => f.ruleId === 'parse-error');
  return {
    seconds: Number(run.seconds.toFixed(2)),
    files: stats?.files ?? null,
    skipped: skipped?.length ?? 0,
    summary,
    parseErrorNotes: parseErrors.length,
    parseErrorFiles: new Set(parseErrors.map((f) => f.location.path)).size,
    perRule: perRule(findings),
    ...(labels ? { labels: evaluate(findings, labels) } : {}),
  };
}

/** A path inside this checkout relative to it, any other absolute. */
const shown = (p) => (relative(root, p).startsWith('..') ? p : relative(root, p));
const log = (s) => process.stderr.write(`${s}\n`);

// --sample: label rows only, on stdout, ready to append to each corpus' label file.
if (sampleSize !== undefined) {
  for (const name of corpora) {
    const dir = join(corporaDir, name);
    const { file, labels } = loadLabels(name);
    log(`scanning ${name}...`);
    const run = runScan(bin, dir);
    const { pool, rows } = drawSample(run.report.findings, sampleSize, seed);
    const out = [
      `# ${name} at ${head(dir)?.slice(0, 10) ?? '?'}: ${rows.length} of ${pool} distinct error findings of ${shown(bin)}, seed ${seed}`,
      `# append to ${shown(file)}; fill in label (real|not) and reason`,
    ];
    if (!labels) out.push(`# commit: ${head(dir) ?? ''}`, COLUMNS.join('\t'));
    for (const f of rows) out.push(formatRow(f, labels));
    process.stdout.write(`${out.join('\n')}\n\n`);
  }
  process.exit(0);
}

const results = [];
for (const name of corpora) {
  const dir = join(corporaDir, name);
  const { file, labels } = loadLabels(name);
  const sha = head(dir);
  const entry = {
    name,
    dir,
    head: sha ?? null,
    labelFile: labels ? shown(file) : null,
    labelCommit: labels?.commit ?? null,
    labelled: labels?.rows.length ?? 0,
    runs: {},
  };
  if (labels?.commit && sha && !sha.startsWith(labels.commit))
    entry.note = `labels were made at ${labels.commit}, the clone is at ${sha.slice(0, 10)}: locations may have moved`;
  log(`scanning ${name}...`);
  entry.runs.build = figures(runScan(bin, dir), labels);
  if (baseline) {
    log(`scanning ${name} with the baseline...`);
    entry.runs.baseline = figures(runScan(baseline, dir), labels);
  }
  results.push(entry);
}

if (opts.json) {
  process.stdout.write(
    `${JSON.stringify({ corpora: corporaDir, build: bin, baseline: baseline ?? null, repositories: results }, null, 2)}\n`,
  );
  process.exit(0);
}

const pct = (v) => (v === null ? '-' : `${(v * 100).toFixed(1)} %`);
const sev = (c) => `${c.error}/${c.warning}/${c.note}`;
const out = [`corpora: ${corporaDir}`, `build: ${bin}`];
if (baseline) out.push(`baseline: ${baseline}`);
for (const r of results) {
  const runs = baseline ? [r.runs.build, r.runs.baseline] : [r.runs.build];
  const table = [['', ...(baseline ? ['build', 'baseline'] : ['build'])]];
  const row = (label, f) => table.push([label, ...runs.map(f)]);
  row('files scanned', (x) => String(x.files));
  row('files skipped', (x) => String(x.skipped));
  row('time', (x) => `${x.seconds.toFixed(1)} s`);
  row('errors/warnings/notes', (x) => sev(x.summary));
  row('parse-error notes (files)', (x) => `${x.parseErrorNotes} (${x.parseErrorFiles})`);
  const rules = [...new Set(runs.flatMap((x) => Object.keys(x.perRule)))].sort();
  table.push(['by rule (error/warning/note)', ...runs.map(() => '')]);
  for (const id of rules) row(`  ${id}`, (x) => (x.perRule[id] ? sev(x.perRule[id]) : '-'));
  if (r.labelled > 0) {
    row(
      'precision of errors',
      (x) =>
        `${pct(x.labels.precision.value)} (${x.labels.precision.real} real of ${x.labels.precision.labelled} labelled)`,
    );
    row('errors unlabelled', (x) => String(x.labels.precision.unlabelled));
    row(
      'recall of real',
      (x) =>
        `${pct(x.labels.recall.value)} (${x.labels.recall.found} of ${x.labels.recall.real}${x.labels.recall.foundByLocation ? `, ${x.labels.recall.foundByLocation} by location` : ''})`,
    );
    row('labels not in run', (x) => String(x.labels.labelsNotInRun));
  }
  const width = table[0].map((_, i) => Math.max(...table.map((t) => t[i].length)));
  out.push(
    '',
    `== ${r.name} (HEAD ${r.head?.slice(0, 10) ?? '?'}; ${r.labelFile ? `${r.labelled} labels in ${r.labelFile}` : 'no label file'})`,
  );
  if (r.note) out.push(`   note: ${r.note}`);
  for (const t of table)
    out.push(
      t
        .map((c, i) => (i === 0 ? c.padEnd(width[0]) : c.padStart(width[i])))
        .join('   ')
        .trimEnd(),
    );
  for (const [which, x] of Object.entries(r.runs)) {
    for (const m of x.labels?.recall.missed ?? []) {
      out.push(
        `   missed by ${which}: ${m.location ? `${m.location.path}:${m.location.line}` : '?'} (${m.reason}); ${m.seenAs ? `only a ${m.seenAs}` : 'not reported'}`,
      );
    }
  }
}
process.stdout.write(`${out.join('\n')}\n`);
