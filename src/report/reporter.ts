import type { RuleData } from '../ruleset/rule.js';
import type { ScanReport } from '../scan.js';

export interface ReportContext {
  /** Every loaded rule (enabled or not), for rule metadata in SARIF and help text. */
  rules: readonly RuleData[];
  /** ANSI colours: only on a TTY and never with NO_COLOR. */
  color: boolean;
  /** Also list skipped files (binary) and suppressed findings. */
  verbose: boolean;
  toolVersion: string;
  /** The base of rule documentation links (`<docsBase>#<rule-id>`). */
  docsBase: string;
}

/** A reporter is a pure function from a scan report to text. It never sees a secret value. */
export type Reporter = (report: ScanReport, ctx: ReportContext) => string;
