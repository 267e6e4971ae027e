/**
 * Go/Helm template handling. A chart's templates are not YAML until rendered, and `yaml` parses
 * `password: {{ .Values.p }}` *without* an error into a nonsense mapping, so templates are neutralised
 * before parsing: every action is replaced by text of exactly the same length, keeping every line
 * and column of the rest of the file where it was.
 *
 * - an action alone on its line (`{{- if .Values.x }}`, `{{- include "x" . | nindent 4 }}`) becomes blanks;
 * - an action inside a value becomes a run of TEMPLATE_MARK, a plain scalar that detectors treat as a
 *   template reference, never as a secret.
 */
export const TEMPLATE_MARK = '\ufffc'; // OBJECT REPLACEMENT CHARACTER: a placeholder by definition, never typed, kept by the YAML parser
const MARK_RUN = TEMPLATE_MARK.repeat(2);

export function hasTemplates(text: string): boolean {
  return text.includes('{{');
}

export function isTemplateValue(value: string): boolean {
  const open = value.indexOf('{{');
  return value.includes(MARK_RUN) || (open !== -1 && value.indexOf('}}', open + 2) !== -1);
}

export function neutraliseTemplates(text: string): string {
  const replaced = replaceActions(text, (action) => action.replace(/[^\n]/g, TEMPLATE_MARK));
  // A line that holds nothing but template actions (and spaces) is control flow: blank it.
  return replaced
    .split('\n')
    .map((line) => (line.includes(TEMPLATE_MARK) && new RegExp(`^[\\s${TEMPLATE_MARK}]*\\r?$`).test(line) ? line.replace(/[^\r]/g, ' ') : line))
    .join('\n');
}

/**
 * Replaces each `{{ … }}` action, from the first `{{` to the next `}}`, as `/\{\{[\s\S]*?\}\}/g`
 * would; by `indexOf`, because the regex re-scans the rest of the text from every unclosed `{{`.
 */
function replaceActions(text: string, replace: (action: string) => string): string {
  let out = '';
  let done = 0;
  for (let open = text.indexOf('{{'); open !== -1; open = text.indexOf('{{', done)) {
    const close = text.indexOf('}}', open + 2);
    if (close === -1) break;
    out += text.slice(done, open) + replace(text.slice(open, close + 2));
    done = close + 2;
  }
  return out + text.slice(done);
}
