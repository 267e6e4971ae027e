import { sweepCsvReporter } from '../history/report-csv.js';
import { sweepJsonReporter } from '../history/report-json.js';
import { sweepMarkdownReporter } from '../history/report-markdown.js';
import { sweepSarifReporter } from '../history/report-sarif.js';
import { sweepTextReporter } from '../history/report-text.js';
import type { SweepReport } from '../history/model.js';
import type { ScanReport } from '../scan.js';
import type { Format, SweepFormat } from './formats.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import type { ReportContext, ReporterSet, ReportOptions } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export { FORMATS, SWEEP_FORMATS, type Format, type SweepFormat } from './formats.js';

/**
 * The one registry of reporters: per command, one for each name `--format` takes (formats.ts).
 * `scan` reports findings; `sweep` and `merge` report the secrets of a history sweep.
 */
export const REPORTERS: {
  readonly scan: ReporterSet<Format, ScanReport, ReportContext>;
  readonly sweep: ReporterSet<SweepFormat, SweepReport, ReportOptions>;
} = {
  scan: {
    text: textReporter,
    json: jsonReporter,
    sarif: sarifReporter,
    markdown: markdownReporter,
  },
  sweep: {
    text: sweepTextReporter,
    json: sweepJsonReporter,
    sarif: sweepSarifReporter,
    markdown: sweepMarkdownReporter,
    csv: sweepCsvReporter,
  },
};
