import { parentPort, workerData } from 'node:worker_threads';
import { buildRuleset, loadRuleFiles, type RuleOverride } from '../ruleset/load.js';
import { scanBlob } from './blob-scan.js';
import type { ScanRequest, ScanResponse } from './scan-pool.js';

/**
 * Worker thread of the sweep: builds the ruleset once, then scans the blobs it is sent. The bytes
 * arrive transferred (not copied) and are dropped as soon as the result is posted.
 */
const init = workerData as { overrides: Record<string, RuleOverride>; maxFileSize: number };
const ruleset = buildRuleset(loadRuleFiles(), init.overrides);

function scanOne(req: ScanRequest): ScanResponse {
  try {
    return { id: req.id, result: scanBlob(req.path, req.bytes, ruleset, init.maxFileSize) };
  } catch (err) {
    return { id: req.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

/** Requests come in batches (one message per batch, answered by one message). */
parentPort?.on('message', (batch: ScanRequest[]) => {
  parentPort?.postMessage(batch.map(scanOne));
});
