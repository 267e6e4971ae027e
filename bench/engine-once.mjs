// The engine alone, in one process: `node bench/engine-once.mjs DIST DIR RUNS` reads every file a
// directory scan of DIR would read (the build's own FileSource, so the same files and chart roles),
// then times RUNS passes of runScan over those bytes held in memory: no walk, no reads, no CLI
// start-up, no report. Prints JSON: files, text bytes, findings, and the milliseconds of each pass.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distArg, dirArg, runsArg] = process.argv.slice(2);
const dist = resolve(distArg);
const dir = resolve(dirArg);
const runs = Number(runsArg ?? 1);
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const { FileSource } = await load('sources/files.js');
const { runScan, DEFAULT_SCAN_OPTIONS } = await load('scan.js');
const { buildRuleset, loadRuleFiles } = await load('ruleset/load.js');

const ruleset = buildRuleset(loadRuleFiles());
const options = DEFAULT_SCAN_OPTIONS;
const source = new FileSource({ paths: ['.'], cwd: dir, extraIgnores: [], maxFileSize: options.maxFileSize });
const inputs = [];
for await (const f of source.files()) inputs.push(f);
const byPath = new Map(inputs.map((f) => [f.path, f.bytes]));

/** The files already read, handed out again for each pass. */
const memory = {
  skipped: source.skipped,
  async *files() {
    yield* inputs;
  },
  async read(path) {
    return byPath.get(path);
  },
};

const passesMs = [];
let report;
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  report = await runScan(memory, ruleset, options);
  passesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
process.stdout.write(
  `${JSON.stringify({
    files: report.stats.files,
    textBytes: report.stats.bytes,
    findings: report.findings.length,
    passesMs,
  })}\n`,
);
