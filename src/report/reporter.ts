import type { SweepReport } from '../history/model.js';
import type { RuleData } from '../ruleset/rule.js';
import type { ScanReport } from '../scan.js';
import type { Format, SweepFormat } from './formats.js';

/** The tool's name as every report gives it (JSON `tool.name`, SARIF `tool.driver.name`). */
export const TOOL_NAME = 'sealcheck';

/** What every reporter is told besides its input. */
export interface ReportOptions {
  /** Every loaded rule (enabled or not), for rule metadata in SARIF and help text. */
  rules: readonly RuleData[];
  /** ANSI colours: only on a TTY and never with NO_COLOR. */
  color: boolean;
  toolVersion: string;
  /** The base of rule documentation links (`<docsBase>#<rule-id>`). */
  docsBase: string;
}

/** A scan report's options: a scan also has skipped files and suppressed findings to list on request. */
export interface ReportContext extends ReportOptions {
  /** Also list skipped files (binary) and suppressed findings. */
  verbose: boolean;
  /** Only the summary line (text format): for hooks and scripts that want the verdict, not the list. */
  quiet?: boolean;
}

/**
 * The one reporter contract of `scan` and `sweep`: the format name `--format` takes, and a pure
 * function from a report (a scan's findings or a sweep's secrets) to text. A reporter does no IO
 * and never sees a secret value: its input holds previews and hashes only.
 */
interface Reporter<Input, Options extends ReportOptions, F extends string = string> {
  readonly format: F;
  readonly render: (input: Input, options: Options) => string;
}

export type ScanReporter<F extends Format = Format> = Reporter<ScanReport, ReportContext, F>;

export type SweepReporter<F extends SweepFormat = SweepFormat> = Reporter<SweepReport, ReportOptions, F>;

/** One command's reporters, each filed under the format it declares: a reporter under another name does not compile. */
export type ReporterSet<F extends string, Input, Options extends ReportOptions> = {
  readonly [K in F]: Reporter<Input, Options, K>;
};
