import { sweepCsvReporter } from './report-csv.js';
import type { SweepReporter } from './report-common.js';
import { sweepJsonReporter } from './report-json.js';
import { sweepMarkdownReporter } from './report-markdown.js';
import { sweepSarifReporter } from './report-sarif.js';
import { sweepTextReporter } from './report-text.js';

import type { SweepFormat } from './formats.js';

export { SWEEP_FORMATS, type SweepFormat } from './formats.js';

export const SWEEP_REPORTERS: Record<SweepFormat, SweepReporter> = {
  text: sweepTextReporter,
  json: sweepJsonReporter,
  sarif: sweepSarifReporter,
  markdown: sweepMarkdownReporter,
  csv: sweepCsvReporter,
};
