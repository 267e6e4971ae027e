import { classifyContent } from '../classify/content.js';
import { isPlainSetting } from '../classify/names.js';
import { isKnownDefault, placeholderKind } from '../classify/placeholder.js';
import { defineDetector, NO_PARAMS, type MaterialContext, type NoParams } from './detector.js';

/**
 * `KEY=` at the start of an env-file line; the value is the rest of the line, trimmed. As one regex
 * with `\s*(.*?)\s*$`, the spaces around the value overlap and a long line backtracks quadratically.
 */
const ENV_KEY = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

function envEntry(line: string): { key: string; value: string } | undefined {
  const m = ENV_KEY.exec(line);
  if (!m) return undefined;
  const value = line.slice(m[0].length).trim();
  return LINE_BREAK.test(value) ? undefined : { key: m[1] as string, value };
}

/**
 * A file that a Kustomize secretGenerator turns into a Secret. Its content is the secret: an `envs:`
 * file yields one finding per `KEY=value` line, a `files:` entry one finding for the whole file.
 */
export const kustomizeMaterial = defineDetector<NoParams>({
  name: 'kustomize-material',
  target: 'material',
  paramsSchema: NO_PARAMS,
  detect(ctx: MaterialContext<NoParams>) {
    const { material, file } = ctx;
    const generator = `secretGenerator "${material.identity.name ?? ''}" (${material.from.path})`;
    if (material.format === 'env') {
      for (let ln = 1; ln <= file.lines.lineCount; ln++) {
        const line = file.lines.line(ln);
        if (/^\s*(#|$)/.test(line)) continue;
        const entry = envEntry(line);
        if (!entry) continue;
        const key = entry.key;
        const value = entry.value.replace(/^(["'])(.*)\1$/, '$2');
        if (placeholderKind(value) !== undefined) continue;
        const col =
          line.indexOf('=') +
          2 +
          (line.slice(line.indexOf('=') + 1).length - line.slice(line.indexOf('=') + 1).trimStart().length);
        const setting = isPlainSetting(key, value);
        const weak = !setting && isKnownDefault(value);
        ctx.report({
          span: { start: { line: ln, column: col }, end: { line: ln, column: line.length + 1 } },
          key,
          value,
          identity: material.identity,
          message: `"${key}" in this env file becomes a Secret value through ${generator}; the file is committed in plain text${setting ? ' (it looks like a setting rather than a credential)' : ''}`,
          ...(setting ? { severity: 'note' as const } : weak ? { severity: 'warning' as const } : {}),
        });
      }
      return;
    }
    const content = file.text;
    if (content.trim() === '') return;
    const label = classifyContent(content, ctx.tokens);
    if (label?.verdict === 'public') return;
    const key = material.key ?? material.path.split('/').pop() ?? material.path;
    const last = file.lines.lineCount;
    ctx.report({
      span: { start: { line: 1, column: 1 }, end: { line: last, column: file.lines.line(last).length + 1 } },
      key,
      value: content,
      identity: material.identity,
      message: `this file${label ? ` (${label.label})` : ''} becomes Secret key "${key}" through ${generator}; it is committed in plain text`,
    });
  },
});
