import { lowerCase } from '../classify/prefilter.js';
import { manifestsOfFile, type ObjectIdentity } from '../manifest/manifest.js';
import type { LineIndex } from '../parse/positions.js';
import { parseFile } from '../parse/parse-file.js';
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
      const identity = objectBelow(file.path, file.lines, line);
      ctx.report({
        span: file.lines.span(start, start + params.marker.length),
        message: params.message,
        ...(identity !== undefined ? { identity } : {}),
      });
    }
  },
});

/**
 * The object of the document a marker stands above (from the next line to the next document
 * separator): a marker is about that object, so two markers in one file, above two SealedSecrets,
 * are two findings with two fingerprints. Parsed on its own because a text rule gets no manifests,
 * and markers are rare enough that the extra parse costs nothing.
 */
function objectBelow(path: string, lines: LineIndex, markerLine: number): ObjectIdentity | undefined {
  const body: string[] = [];
  for (let l = markerLine + 1; l <= lines.lineCount; l++) {
    const text = lines.line(l);
    if (text.startsWith('---') || text.startsWith('...')) break;
    body.push(text);
  }
  const [first] = manifestsOfFile(parseFile(path, body.join('\n')));
  if (first === undefined) return undefined;
  const { kind, namespace, name } = first.identity;
  if (kind === undefined && name === undefined) return undefined;
  return {
    ...(kind !== undefined ? { kind } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}
