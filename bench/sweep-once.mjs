// One history sweep of the repository named in argv[2], as the benchmark measures it: the library
// the `sweep` command runs, the report rendered as JSON (discarded), the stats printed as JSON.
import { sweepRepository } from '../dist/history/sweep.js';
import { REPORTERS } from '../dist/report/index.js';

// SWEEP_WORKERS: worker threads (default: one per CPU; 0 scans on the main thread).
const workers = process.env.SWEEP_WORKERS !== undefined ? Number(process.env.SWEEP_WORKERS) : undefined;
const report = await sweepRepository(process.argv[2], workers !== undefined ? { workers } : {});
REPORTERS.sweep.json.render(report, { rules: [], color: false, toolVersion: 'bench', docsBase: '' });
process.stdout.write(`${JSON.stringify(report.stats)}\n`);
