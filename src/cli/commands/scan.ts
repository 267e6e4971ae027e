import { DEFAULT_ENGINE_OPTIONS } from '../../engine.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../../errors.js';
import type { Finding } from '../../finding.js';
import { REPORTERS } from '../../report/index.js';
import { runScan, type ScanReport } from '../../scan.js';
import { blocks } from '../../severity.js';
import { VERSION } from '../../version.js';
import { emit, useColor } from '../output.js';
import { prepareChangeScan, prepareScan, type ChangeMode, type ScanFlags, type ScanSetup } from '../../scan-setup.js';

export function exitCodeFor(findings: readonly Finding[], failOn: 'error' | 'warning' | 'never'): number {
  return findings.some((f) => blocks(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * `--staged` and `--diff` choose git content instead of paths; combining them, or either with
 * paths, is ambiguous about what is judged, so it is refused rather than guessed.
 */
export function changeMode(paths: readonly string[], opts: Record<string, unknown>): ChangeMode | undefined {
  const staged = opts.staged === true;
  const range = opts.diff as string | undefined;
  if (staged && range !== undefined) throw new UsageError('--staged and --diff cannot be combined');
  if ((staged || range !== undefined) && paths.length > 0)
    throw new UsageError(
      `${staged ? '--staged' : '--diff'} scans git content and takes no paths (got ${paths.join(' ')})`,
    );
  if (staged) return { staged: true };
  if (range !== undefined) return { range };
  return undefined;
}

export async function scanCommand(paths: string[], opts: Record<string, unknown>): Promise<number> {
  const flags: ScanFlags = {
    config: opts.config as string | undefined,
    baseline: opts.baseline as string | undefined,
    cert: opts.cert as string | undefined,
    maxFileSize: opts.maxFileSize as string | undefined,
    stdinFilename: opts.stdinFilename as string | undefined,
  };
  const mode = changeMode(paths, opts);
  let setup: ScanSetup;
  let report: ScanReport;
  if (mode) {
    const changeSetup = await prepareChangeScan(mode, flags);
    setup = changeSetup;
    try {
      report = await runScan(changeSetup.source, changeSetup.ruleset, changeSetup.options);
    } finally {
      await changeSetup.close();
    }
    const { judgeChanges } = await import('../../git/judge.js');
    report = judgeChanges(report, changeSetup.changes);
  } else {
    setup = await prepareScan(paths.length > 0 ? paths : ['.'], flags);
    report = await runScan(setup.source, setup.ruleset, setup.options);
  }
  const format = (opts.format as keyof typeof REPORTERS.scan | undefined) ?? 'text';
  const output = opts.output as string | undefined;
  const text = REPORTERS.scan[format].render(report, {
    rules: setup.loaded.map((l) => l.data),
    color: format === 'text' && output === undefined && useColor(opts.color),
    verbose: opts.verbose === true,
    toolVersion: VERSION,
    docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
  });
  await emit(text, output);
  const failOn = (opts.failOn as 'error' | 'warning' | 'never' | undefined) ?? setup.config.failOn;
  return exitCodeFor(report.findings, failOn);
}
