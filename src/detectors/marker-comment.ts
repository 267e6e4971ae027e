import { lowerCase } from '../classify/prefilter.js';
import { defineDetector, paramsSchema, type BaseContext } from './detector.js';

export interface MarkerCommentParams {
  /** The comment that starts the marker line, e.g. `# sealcheck:rotate`. */
  marker: string;
  /** Message for each marker found. */
  message: string;
}

/**
 * A reminder left in a file on purpose (a whole-line comment starting with the marker): reported
 * where it is, with no value, until someone acts on it and deletes the line.
 */
export const markerComment = defineDetector<MarkerCommentParams>({
  name: 'marker-comment',
  target: 'text',
  paramsSchema: paramsSchema<MarkerCommentParams>(
    { marker: true, message: true },
    { marker: { type: 'string', minLength: 3 }, message: { type: 'string', minLength: 3 } },
  ),
  detect(ctx: BaseContext<MarkerCommentParams>) {
    const { params, file } = ctx;
    const marker = params.marker.toLowerCase();
    if (!lowerCase(file.text).includes(marker)) return;
    for (let line = 1; line <= file.lines.lineCount; line++) {
      const text = file.lines.line(line);
      const at = text.search(/\S/);
      if (at < 0 || !text.slice(at).toLowerCase().startsWith(marker)) continue;
      const start = file.lines.lineStart(line) + at;
      ctx.report({ span: file.lines.span(start, start + params.marker.length), message: params.message });
    }
  },
});
