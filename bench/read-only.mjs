// The baseline for the scan benchmark: walk the same tree and read every file, nothing else.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

let bytes = 0;
async function walk(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p);
    else if (e.isFile()) bytes += (await readFile(p)).length;
  }
}
await walk(process.argv[2]);
process.stdout.write(`${bytes}\n`);
