/**
 * Go/Helm template handling. A chart's templates are not YAML until rendered, and `yaml` parses
 * `password: {{ .Values.p }}` *without* an error into a nonsense mapping, so templates are neutralised
 * before parsing: every action is replaced by text of exactly the same length, keeping every line
 * and column of the rest of the file where it was.
 *
 * - an action that renders nothing (`{{- if … }}`, `{{- end }}`, `{{- $x := … }}`, `{{/* … *\/}}`)
 *   becomes blanks, so a literal next to it is read as the literal it is;
 * - an action that renders text becomes a run of TEMPLATE_MARK, a plain scalar that detectors treat
 *   as a template reference, never as a secret;
 * - a line holding nothing but actions (and spaces) becomes blanks: it is control flow, or an
 *   `include`/`toYaml` whose output only the rendering knows;
 * - an action that is the whole value of a key whose block follows on more-indented lines
 *   (`labels: {{- include "x" . | nindent 4 }}` then `    app: y`) renders the start of that block,
 *   so it becomes blanks and the key's value is the block below it;
 * - a blanked line that would open a block scalar with more spaces than its first line (`- |` then
 *   `    {{- if … }}`, invalid YAML) holds one mark at the scalar's indentation instead.
 */
import { actions, bodyStart, isSpace } from './template-actions.js';
import { layoutLines } from './template-layout.js';

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
  const found = [...actions(text)];
  // An action that prints nothing becomes blanks when only blanks and other such actions follow it
  // on its line (`key: value {{- end }}`); between content it stays marks, so that alternatives
  // written on one line (`{{ if .a }}"1"{{ else }}"0"{{ end }}`) still read as one templated scalar.
  const blanks = new Array<boolean>(found.length).fill(false);
  for (let k = found.length - 1; k >= 0; k--) {
    const { open, close } = found[k] as Action;
    if (!rendersNothing(text.slice(open, close))) continue;
    const after = afterAction(text, close, k + 1 < found.length ? (found[k + 1] as Action).open : text.length);
    blanks[k] =
      after === 'line-end' || (after === 'next-action' && (k + 1 === found.length || (blanks[k + 1] as boolean)));
  }
  let out = '';
  let done = 0;
  found.forEach(({ open, close }, k) => {
    out += text.slice(done, open) + text.slice(open, close).replace(/[^\n]/g, blanks[k] ? ' ' : TEMPLATE_MARK);
    done = close;
  });
  return layoutLines((out + text.slice(done)).split('\n'), TEMPLATE_MARK).join('\n');
}

type Action = { open: number; close: number };

/** What follows an action on its line, up to the next action at `next`: the line's end, content, or only blanks. */
function afterAction(text: string, from: number, next: number): 'line-end' | 'content' | 'next-action' {
  for (let i = from; i < next; i++) {
    const c = text[i] as string;
    if (c === '\n' || c === '\r') return 'line-end';
    if (c !== ' ' && c !== '\t') return 'content';
  }
  return 'next-action';
}

/** Keywords of the actions that only steer the rendering and print nothing themselves. */
const CONTROL = new Set(['if', 'else', 'end', 'with', 'range', 'define', 'block', 'break', 'continue']);

/**
 * Whether an action prints nothing: a comment, a control keyword, or a variable assignment
 * (`$x := …`, `$x = …`). `{{ block }}` prints its body where it stands, but the body is the text
 * between it and its `end`, which stays in place.
 */
function rendersNothing(action: string): boolean {
  const i = bodyStart(action, 0);
  if (action.startsWith('/*', i)) return true;
  let j = i;
  if (action[j] === '$') {
    j++;
    while (j < action.length && isWord(action[j] as string)) j++;
    while (j < action.length && isSpace(action[j] as string)) j++;
    if (action[j] === ':') j++;
    return action[j] === '=' && action[j + 1] !== '=';
  }
  while (j < action.length && isWord(action[j] as string)) j++;
  return CONTROL.has(action.slice(i, j)) && (j === action.length || !isWord(action[j] as string));
}

function isWord(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_';
}

/** Offsets of the `{{ else }}` and `{{ else if … }}` actions: what lies on either side of one is never rendered together. */
export function elseOffsets(text: string): number[] {
  const out: number[] = [];
  for (const { open, close } of actions(text)) {
    const i = bodyStart(text, open);
    if (i + 4 < close && text.startsWith('else', i) && !isWord(text[i + 4] as string)) out.push(open);
  }
  return out;
}
