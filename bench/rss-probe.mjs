// Preloaded with `node --import`: reports the process's peak RSS (KiB) to the file named in
// SEALCHECK_BENCH_RSS when it exits, so the benchmark needs no external tool.
import { appendFileSync } from 'node:fs';

const out = process.env.SEALCHECK_BENCH_RSS;
if (out) process.on('exit', () => appendFileSync(out, `${process.resourceUsage().maxRSS}\n`));
