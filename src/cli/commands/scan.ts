import { DEFAULT_ENGINE_OPTIONS } from '../../engine.js';
import { EXIT_FINDINGS, EXIT_OK } from '../../errors.js';
import type { Finding } from '../../finding.js';
import { REPORTERS } from '../../report/index.js';
import { runScan } from '../../scan.js';
import type { Severity } from '../../severity.js';
import { VERSION } from '../../version.js';
import { emit, useColor } from '../output.js';
import { prepareScan } from '../scan-setup.js';

export function exitCodeFor(findings: readonly Finding[], failOn: 'error' | 'warning' | 'never'): number {
  if (failOn === 'never') return EXIT_OK;
  const blocking: Severity[] = failOn === 'warning' ? ['error', 'warning'] : ['error'];
  return findings.some((f) => blocking.includes(f.severity)) ? EXIT_FINDINGS : EXIT_OK;
}

export async function scanCommand(paths: string[], opts: Record<string, unknown>): Promise<number> {
  const setup = prepareScan(paths, {
    config: opts.config as string | undefined,
    baseline: opts.baseline as string | undefined,
    cert: opts.cert as string | undefined,
    maxFileSize: opts.maxFileSize as string | undefined,
    stdinFilename: opts.stdinFilename as string | undefined,
  });
  const report = await runScan(setup.source, setup.ruleset, setup.options);
  const format = (opts.format as keyof typeof REPORTERS | undefined) ?? 'text';
  const output = opts.output as string | undefined;
  const text = REPORTERS[format](report, {
    rules: setup.loaded.map((l) => l.data),
    color: format === 'text' && output === undefined && useColor(opts.color),
    verbose: opts.verbose === true,
    toolVersion: VERSION,
    docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
  });
  emit(text, output);
  const failOn = (opts.failOn as 'error' | 'warning' | 'never' | undefined) ?? setup.config.failOn;
  return exitCodeFor(report.findings, failOn);
}
