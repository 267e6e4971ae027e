// The baseline for the scan benchmark: walk the same tree and read every file, nothing else, the
// fastest plain way on these machines (synchronous reads; see src/sources/read-file.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let bytes = 0;
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile()) bytes += readFileSync(p).length;
  }
}
walk(process.argv[2]);
process.stdout.write(`${bytes}\n`);
