import { EXIT_OK } from '../../errors.js';
import { runScan } from '../../scan.js';
import { writeBaseline } from '../../suppress/baseline.js';
import { emit } from '../output.js';
import { prepareScan } from '../../scan-setup.js';

/** The options of `sealcheck baseline`, as declared in cli/index.ts. */
export interface BaselineCommandOptions {
  output: string;
  config?: string;
}

/** Writes every current finding's fingerprint; later scans with --baseline report only what is new. */
export async function baselineCommand(paths: string[], opts: BaselineCommandOptions): Promise<number> {
  const setup = await prepareScan(paths, { config: opts.config, noBaseline: true });
  const report = await runScan(setup.source, setup.ruleset, setup.options);
  const file = opts.output;
  await emit(writeBaseline(report.findings), file, 'the baseline');
  process.stderr.write(`sealcheck: wrote ${report.findings.length} finding(s) to ${file}\n`);
  return EXIT_OK;
}
