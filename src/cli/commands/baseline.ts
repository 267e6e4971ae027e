import { EXIT_OK } from '../../errors.js';
import { runScan } from '../../scan.js';
import { writeBaseline } from '../../suppress/baseline.js';
import { emit } from '../output.js';
import { prepareScan } from '../../scan-setup.js';

/** Writes every current finding's fingerprint; later scans with --baseline report only what is new. */
export async function baselineCommand(paths: string[], opts: Record<string, unknown>): Promise<number> {
  const setup = await prepareScan(paths, { config: opts.config as string | undefined, noBaseline: true });
  const report = await runScan(setup.source, setup.ruleset, setup.options);
  const file = (opts.output as string | undefined) ?? '.sealcheck-baseline.json';
  await emit(writeBaseline(report.findings), file, 'the baseline');
  process.stderr.write(`sealcheck: wrote ${report.findings.length} finding(s) to ${file}\n`);
  return EXIT_OK;
}
