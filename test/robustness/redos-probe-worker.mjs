// Runs adversarial probes for a list of regexes in a worker thread, so that the test can end a
// regex that hangs (terminating the worker interrupts the regex engine) and name it.
// Input: workerData = { size, regexes: [{ where, source, flags, global, units }] }.
// Output: one message per regex, { where, inputs, worst: { ms, unit, tail } }, then { done: true }.
import { parentPort, workerData } from 'node:worker_threads';

const TAILS = ['', '\u0001', '\n'];

function run(re, text, global) {
  if (!global) return re.exec(text) === null ? 0 : 1;
  let matches = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    matches++;
    if (m[0] === '') re.lastIndex++;
  }
  return matches;
}

const { size, regexes } = workerData;
for (const r of regexes) {
  const re = new RegExp(r.source, r.global ? `${r.flags.replace('g', '')}g` : r.flags.replace('g', ''));
  let inputs = 0;
  let worst = { ms: 0, unit: '', tail: '' };
  for (const unit of r.units) {
    const body = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    for (const tail of TAILS) {
      const start = performance.now();
      run(re, body + tail, r.global);
      const ms = performance.now() - start;
      inputs++;
      if (ms > worst.ms) worst = { ms, unit: unit.slice(0, 40), tail };
    }
  }
  parentPort.postMessage({ where: r.where, inputs, worst });
}
parentPort.postMessage({ done: true });
