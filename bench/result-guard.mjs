// `npm run bench:guard -- record|check [options] [corpus ...]`: the findings on the real-repository
// corpora (bench/corpora.sh), kept so that a speed change shows it changed no finding.
//   record  scans each corpus' HEAD tree (and sweeps its history) with the build and writes
//           bench/results/<corpus>.json: the corpus commit, then one line per scan finding (rule,
//           severity, path, line, column, fingerprint) and per sweep row (rule, severity,
//           fingerprint, status, where it entered and was last seen, commits, refs, present at HEAD),
//           each an array in the order the record's column list names once.
//           Never a value, preview or value hash. The same build and corpus give the same bytes.
//   check   does the same runs and prints every finding added, removed or changed against the
//           record; exit 1 on any difference not named in --expect FILE (or named there but not
//           seen), 0 otherwise, 2 when the corpus is not the recorded one or a run fails.
// Corpora: those named, else (record) the default four present, (check) those with a record.
//
// Options:
//   --corpora DIR        where the clones are (default: $BENCH, else <tmpdir>/bench, as corpora.sh)
//   --bin PATH           the build to run (default: this checkout's bin/sealcheck.js)
//   --results DIR        record files (default: bench/results)
//   --from DIR           use the reports `bench:real --save-reports DIR` kept instead of running
//                        (DIR/<corpus>.scan.json, DIR/<corpus>.sweep.json when the sweep finished)
//   --no-sweep           scans only: record no sweep rows / leave them uncompared
//   --sweep-timeout S    stop a sweep after S seconds: its rows are then not recorded or compared
//   --expect FILE        the differences this change means to make, as check prints them (one a
//                        line, # comments)
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  diffScan,
  diffSweep,
  formatRecord,
  fromTable,
  judge,
  parseExpect,
  SCAN_COLUMNS,
  scanRows,
  SWEEP_COLUMNS,
  sweepRows,
  toTable,
} from './guard-diff.mjs';
import { corporaDir, git, selectCorpora, timed, wholeNumber } from './real-corpora.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function fail(message) {
  process.stderr.write(`bench:guard: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      corpora: { type: 'string' },
      bin: { type: 'string' },
      results: { type: 'string' },
      from: { type: 'string' },
      'no-sweep': { type: 'boolean' },
      'sweep-timeout': { type: 'string' },
      expect: { type: 'string' },
    },
  });
} catch (e) {
  fail(e.message);
}
const [mode, ...named] = args.positionals;
if (mode !== 'record' && mode !== 'check') fail('say what to do: record or check (npm run bench:guard -- check)');
const opts = args.values;
if (opts.expect !== undefined && mode !== 'check') fail('--expect only applies to check');
const dir = corporaDir(opts.corpora);
const resultsDir = resolve(opts.results ?? join(root, 'bench', 'results'));
const from = opts.from !== undefined ? resolve(opts.from) : undefined;
const bin = resolve(opts.bin ?? join(root, 'bin', 'sealcheck.js'));
let sweepTimeout, corpora;
try {
  sweepTimeout = wholeNumber('sweep-timeout', opts['sweep-timeout'], undefined, 1);
  const recorded = existsSync(resultsDir)
    ? readdirSync(resultsDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -'.json'.length))
    : [];
  if (mode === 'check' && named.length === 0) {
    if (recorded.length === 0) throw new Error(`no record in ${resultsDir}: run record first`);
    corpora = selectCorpora(dir, recorded.sort());
  } else corpora = selectCorpora(dir, named);
} catch (e) {
  fail(e.message);
}
if (!from && !existsSync(bin)) fail(`no build at ${bin} (run "npm run build:all" there first)`);
const expected = opts.expect !== undefined ? parseExpect(readFileSync(opts.expect, 'utf8')) : [];
const log = (s) => process.stderr.write(`${s}\n`);
const work = mkdtempSync(join(tmpdir(), 'sealcheck-guard-'));

/** The scan report and (unless left out or stopped) the sweep report of one corpus. */
async function reportsOf(name, cwd) {
  if (from) {
    const scanFile = join(from, `${name}.scan.json`);
    const sweepFile = join(from, `${name}.sweep.json`);
    if (!existsSync(scanFile)) throw new Error(`no ${scanFile}: run bench:real --save-reports ${from} ${name} first`);
    const scan = JSON.parse(readFileSync(scanFile, 'utf8'));
    const sweep = !opts['no-sweep'] && existsSync(sweepFile) ? JSON.parse(readFileSync(sweepFile, 'utf8')) : undefined;
    const sweepNote = opts['no-sweep'] ? '--no-sweep' : `no ${sweepFile}`;
    return { scan, sweep, sweepNote: sweep ? undefined : sweepNote };
  }
  const scanOut = join(work, `${name}.scan.json`);
  log(`${name}: scan...`);
  const s = await timed([process.execPath, bin, 'scan', '.', '-f', 'json', '-o', scanOut, '--fail-on', 'never'], {
    cwd,
  });
  if (s.status !== 0) throw new Error(`scan of ${name} exited ${s.status ?? s.signal}: ${s.stderr.trim().slice(-300)}`);
  const scan = JSON.parse(readFileSync(scanOut, 'utf8'));
  if (opts['no-sweep']) return { scan, sweepNote: '--no-sweep' };
  const sweepOut = join(work, `${name}.sweep.json`);
  log(`${name}: sweep${sweepTimeout ? ` (stopped after ${sweepTimeout} s)` : ''}...`);
  const argv = [process.execPath, bin, 'sweep', '.', '--allow-missing-objects', '--no-progress', '-f', 'json'];
  const w = await timed([...argv, '-o', sweepOut], { cwd, timeoutS: sweepTimeout });
  if (w.timedOut) return { scan, sweepNote: `sweep stopped after ${sweepTimeout} s` };
  if (w.status !== 0 && w.status !== 1)
    throw new Error(`sweep of ${name} exited ${w.status ?? w.signal}: ${w.stderr.trim().slice(-300)}`);
  return { scan, sweep: JSON.parse(readFileSync(sweepOut, 'utf8')) };
}

/** What a record file holds: header fields first, then the lists. */
function recordOf(name, head, { scan, sweep }) {
  const record = { corpus: name, head, scanFiles: scan.stats.files, scanFindings: scan.findings.length };
  if (sweep) Object.assign(record, { sweepCommits: sweep.stats.commits, sweepRows: sweep.secrets.length });
  record.scanColumns = SCAN_COLUMNS;
  record.scan = toTable(scanRows(scan), SCAN_COLUMNS);
  if (sweep) {
    record.sweepColumns = SWEEP_COLUMNS;
    record.sweep = toTable(sweepRows(sweep), SWEEP_COLUMNS);
  }
  return record;
}

/** A record as rows with named fields, whatever column order the file was written in. */
function rowsOf(record) {
  return {
    scan: fromTable(record.scan, record.scanColumns),
    sweep: record.sweep ? fromTable(record.sweep, record.sweepColumns) : undefined,
  };
}

let differences = [];
let status = 0;
try {
  for (const name of corpora) {
    const cwd = join(dir, name);
    const head = git(cwd, ['rev-parse', 'HEAD']);
    const file = join(resultsDir, `${name}.json`);
    const old = mode === 'check' ? readRecord(file) : undefined;
    if (old && old.head !== head)
      throw new Error(
        `${name} is at ${head.slice(0, 10)}, the record at ${old.head.slice(0, 10)}: not the same corpus`,
      );
    const got = await reportsOf(name, cwd);
    const now = recordOf(name, head, got);
    if (mode === 'record') {
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(file, formatRecord(now));
      log(
        `${name}: recorded ${now.scan.length} scan findings${now.sweep ? ` and ${now.sweep.length} sweep rows` : ` (sweep not recorded: ${got.sweepNote})`} in ${file}`,
      );
      continue;
    }
    const was = rowsOf(old);
    const is = rowsOf(now);
    differences = differences.concat(diffScan(name, was.scan, is.scan));
    if (was.sweep && is.sweep) {
      if (old.sweepCommits !== now.sweepCommits)
        throw new Error(
          `${name}: the sweep read ${now.sweepCommits} commits, the record ${old.sweepCommits}: not the same history`,
        );
      differences = differences.concat(diffSweep(name, was.sweep, is.sweep));
    } else if (old.sweep) log(`${name}: sweep rows not compared (${got.sweepNote})`);
    else if (now.sweep) log(`${name}: the record has no sweep rows to compare with (record again to add them)`);
    log(
      `${name}: compared ${now.scan.length} scan findings${old.sweep && now.sweep ? ` and ${now.sweep.length} sweep rows` : ''}`,
    );
  }
} catch (e) {
  rmSync(work, { recursive: true, force: true });
  fail(e.message);
}
rmSync(work, { recursive: true, force: true });

function readRecord(file) {
  if (!existsSync(file)) throw new Error(`no record ${file}: run record first`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

if (mode === 'check') {
  const j = judge(differences, expected);
  const out = [];
  if (j.expected.length > 0) out.push(`expected (${j.expected.length}):`, ...j.expected.map((d) => `  ${d}`));
  if (j.unexpected.length > 0) out.push(`unexpected (${j.unexpected.length}):`, ...j.unexpected.map((d) => `  ${d}`));
  if (j.missing.length > 0) out.push(`expected but not seen (${j.missing.length}):`, ...j.missing.map((d) => `  ${d}`));
  if (out.length === 0) out.push('no finding changed');
  process.stdout.write(`${out.join('\n')}\n`);
  status = j.unexpected.length > 0 || j.missing.length > 0 ? 1 : 0;
}
process.exit(status);
