// `npm run bench`: scan throughput on a generated corpus (>= 20,000 manifests, >= 50 MB, ~1% leaking),
// beside the time of merely reading the same files, measured in the same run. Both run pinned to
// one core (taskset) when available. Reports medians over several runs; no assertions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const corpus = join(root, 'bench', '.corpus');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const files = Number(process.env.BENCH_FILES ?? 20000);

generateCorpus(corpus, { files });
const pin = existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', '0'] : [];

function measure(args) {
  const tmp = mkdtempSync(join(tmpdir(), 'sealcheck-bench-'));
  const rssFile = join(tmp, 'rss');
  const cmd = [...pin, process.execPath, '--import', join(root, 'bench', 'rss-probe.mjs'), ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), {
    cwd: root,
    env: { ...process.env, SEALCHECK_BENCH_RSS: rssFile },
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
  rmSync(tmp, { recursive: true, force: true });
  return { ms, rssKiB, status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const read = [];
const scan = [];
let bytes = 0;
let findings = 0;
for (let i = 0; i < runs; i++) {
  const a = measure([join(root, 'bench', 'read-only.mjs'), corpus]);
  bytes = Number(a.stdout.trim());
  read.push(a);
  const out = join(tmpdir(), `sealcheck-bench-${process.pid}.json`);
  const b = measure([
    join(root, 'bin', 'sealcheck.js'),
    'scan',
    corpus,
    '--format',
    'json',
    '--output',
    out,
    '--fail-on',
    'never',
  ]);
  if (b.status !== 0) throw new Error(`scan failed (${b.status}): ${b.stderr}`);
  findings = JSON.parse(readFileSync(out, 'utf8')).findings.length;
  rmSync(out, { force: true });
  scan.push(b);
}

const mb = bytes / 1e6;
const scanMs = median(scan.map((s) => s.ms));
const readMs = median(read.map((s) => s.ms));
const result = {
  corpus: { files, megabytes: Number(mb.toFixed(1)), findings },
  runs,
  pinnedToOneCore: pin.length > 0,
  scan: {
    medianMs: Math.round(scanMs),
    mbPerSecond: Number((mb / (scanMs / 1000)).toFixed(1)),
    filesPerSecond: Math.round(files / (scanMs / 1000)),
    peakRssMiB: Math.round(median(scan.map((s) => s.rssKiB)) / 1024),
  },
  readOnly: { medianMs: Math.round(readMs), peakRssMiB: Math.round(median(read.map((s) => s.rssKiB)) / 1024) },
  ratioScanToRead: Number((scanMs / readMs).toFixed(2)),
  node: process.version,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
