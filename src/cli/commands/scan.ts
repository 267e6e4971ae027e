import { DEFAULT_ENGINE_OPTIONS } from '../../engine.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../../errors.js';

import type { Finding } from '../../finding.js';
import type { Format } from '../../report/formats.js';
import { REPORTERS } from '../../report/index.js';
import { runScan, type ScanReport } from '../../scan.js';
import { blocks, type FailOn } from '../../severity.js';
import { VERSION } from '../../version.js';
import { emit, useColor } from '../output.js';
import { prepareChangeScan, prepareScan, type ChangeMode, type ScanFlags, type ScanSetup } from '../../scan-setup.js';

/** The options of `sealcheck scan`, as declared in cli/index.ts. */
export interface ScanCommandOptions {
  staged?: boolean;
  diff?: string;
  format: Format;
  output?: string;
  failOn?: FailOn;
  config?: string;
  baseline?: string;
  stdinFilename: string;
  cert?: string;
  maxFileSize?: string;
  /** False with --no-color. */
  color: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  return findings.some((f) => blocks(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * `--staged` and `--diff` choose git content instead of paths; combining them, or either with
 * paths, is ambiguous about what is judged, so it is refused rather than guessed.
 */
function changeMode(
  paths: readonly string[],
  opts: Pick<ScanCommandOptions, 'staged' | 'diff'>,
): ChangeMode | undefined {
  const staged = opts.staged === true;
  const range = opts.diff;
  if (staged && range !== undefined) throw new UsageError('--staged and --diff cannot be combined');
  if ((staged || range !== undefined) && paths.length > 0)
    throw new UsageError(
      `${staged ? '--staged' : '--diff'} scans git content and takes no paths (got ${paths.join(' ')})`,
    );
  if (staged) return { staged: true };
  if (range !== undefined) return { range };
  return undefined;
}

export async function scanCommand(paths: string[], opts: ScanCommandOptions): Promise<number> {
  const { config, baseline, cert, maxFileSize, stdinFilename } = opts;
  const flags: ScanFlags = { config, baseline, cert, maxFileSize, stdinFilename };
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
    report = judgeChanges(report, changeSetup.changes, { staged: opts.staged === true });
  } else {
    setup = await prepareScan(paths.length > 0 ? paths : ['.'], flags);
    report = await runScan(setup.source, setup.ruleset, setup.options);
  }
  const { format, output } = opts;
  const text = REPORTERS.scan[format].render(report, {
    rules: setup.loaded.map((l) => l.data),
    color: format === 'text' && output === undefined && useColor(opts.color),
    verbose: opts.verbose === true,
    quiet: opts.quiet === true,
    toolVersion: VERSION,
    docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
  });
  await emit(text, output);
  const failOn = opts.failOn ?? setup.config.failOn;
  return exitCodeFor(report.findings, failOn);
}
