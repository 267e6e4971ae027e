import type { Format } from './formats.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export { FORMATS, type Format } from './formats.js';

/** Every output format's reporter, by the name `--format` takes. */
export const REPORTERS: Record<Format, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  markdown: markdownReporter,
};
