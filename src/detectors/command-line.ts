import {
  isCredentialName,
  isNameShaped,
  isPlainSetting,
  isSecretReferenceName,
  nameWords,
  wordShare,
} from '../classify/names.js';
import {
  isChartDefault,
  isExampleValue,
  isKnownDefault,
  isScriptReference,
  placeholderKind,
} from '../classify/placeholder.js';
import { classifyValue } from '../classify/value.js';
import { isNotAValue } from '../classify/value-shape.js';
import { withArticle } from '../classify/words.js';
import type { Position } from '../parse/node.js';
import { commandWords, type ShellWord } from '../parse/shell-words.js';
import type { Severity } from '../severity.js';
import { defineDetector, paramsSchema, STRINGS, type BaseContext } from './detector.js';

export interface CommandLineParams {
  /** Extra words that make a `--set` key a credential (added to the built-in vocabulary). */
  extraNameWords?: string[];
}

/**
 * Values written on a command line that creates a Secret or installs a chart, wherever the line is:
 * a README's code block or its inline code, a shell script, a CI job, a ConfigMap's script.
 * - `kubectl create secret generic NAME --from-literal=KEY=VALUE` (each literal becomes Secret data);
 * - `kubectl create secret docker-registry … --docker-password=VALUE`;
 * - `helm install|upgrade|template … --set[-string] a.b.password=VALUE` (comma-separated lists too),
 *   for keys whose last segment names a credential.
 * The command is read as the shell reads it (quotes, escapes, `\` continuations), and each value is
 * reported at its own line and column.
 */
export const commandLine = defineDetector<CommandLineParams>({
  name: 'command-line',
  target: 'text',
  paramsSchema: paramsSchema<CommandLineParams>({}, { extraNameWords: STRINGS }),
  detect(ctx: BaseContext<CommandLineParams>) {
    const text = ctx.file.text;
    let done = 0;
    for (const program of PROGRAMS) {
      done = 0;
      for (let at = text.indexOf(program, 0); at !== -1; at = text.indexOf(program, Math.max(at + 1, done))) {
        if (!startsWord(text, at, program)) continue;
        const { words, end } = commandWords(ctx.file.lines, at);
        done = end;
        if (program === 'kubectl') kubectlValues(ctx, words);
        else helmValues(ctx, words);
      }
    }
  },
});

const PROGRAMS = ['kubectl', 'helm'] as const;

/** `program` at `at` is a whole word followed by a blank: `helm install`, not `helmfile` or `helm/charts`. */
function startsWord(text: string, at: number, program: string): boolean {
  const before = at === 0 ? ' ' : (text[at - 1] as string);
  const after = text[at + program.length];
  return !/[\w./-]/.test(before) && (after === ' ' || after === '\t');
}

/** The words that are not options, after the program's name: `create secret generic`, `upgrade --install rel chart`. */
function subcommand(words: ShellWord[], n: number): string[] {
  return words
    .slice(1)
    .filter((w) => !w.text.startsWith('-'))
    .slice(0, n)
    .map((w) => w.text);
}

/** `--flag=VALUE` or `--flag VALUE`: each value with where it starts. */
function flagValues(words: ShellWord[], flag: string): { text: string; at: Position[] }[] {
  const out: { text: string; at: Position[] }[] = [];
  words.forEach((w, i) => {
    if (w.text.startsWith(`${flag}=`))
      out.push({ text: w.text.slice(flag.length + 1), at: w.at.slice(flag.length + 1) });
    else if (w.text === flag && words[i + 1] !== undefined) out.push(words[i + 1] as ShellWord);
  });
  return out;
}

function kubectlValues(ctx: BaseContext<CommandLineParams>, words: ShellWord[]): void {
  const [create, secret, type] = subcommand(words, 3);
  if (create !== 'create' || secret !== 'secret' || type === undefined) return;
  const name = words.slice(1).filter((w) => !w.text.startsWith('-'))[3]?.text;
  const identity = {
    kind: 'Secret',
    ...(name !== undefined && /^[a-z0-9][a-z0-9.-]{0,252}$/.test(name) ? { name } : {}),
  };
  for (const lit of flagValues(words, '--from-literal')) {
    const eq = lit.text.indexOf('=');
    if (eq <= 0) continue;
    const key = lit.text.slice(0, eq);
    const value = lit.text.slice(eq + 1);
    const verdict = judge(ctx, key, value, true);
    if (verdict === undefined) continue;
    ctx.report({
      span: spanOf(lit.at.slice(eq + 1)),
      key,
      value,
      identity,
      message: `kubectl create secret writes the literal "${key}" on the command line: it holds ${verdict.what}`,
      ...(verdict.severity !== undefined ? { severity: verdict.severity } : {}),
    });
  }
  if (type !== 'docker-registry') return;
  for (const pw of flagValues(words, '--docker-password')) {
    const verdict = judge(ctx, 'docker-password', pw.text, false);
    if (verdict === undefined) continue;
    ctx.report({
      span: spanOf(pw.at),
      key: 'docker-password',
      value: pw.text,
      identity,
      message: `kubectl create secret docker-registry has the registry password on the command line: it holds ${verdict.what}`,
      ...(verdict.severity !== undefined ? { severity: verdict.severity } : {}),
    });
  }
}

const HELM_INSTALLS = new Set(['install', 'upgrade', 'template']);

function helmValues(ctx: BaseContext<CommandLineParams>, words: ShellWord[]): void {
  const [verb] = subcommand(words, 1);
  if (verb === undefined || !HELM_INSTALLS.has(verb)) return;
  for (const flag of ['--set', '--set-string']) {
    for (const list of flagValues(words, flag)) {
      for (const item of helmSetItems(list)) {
        const eq = item.text.indexOf('=');
        if (eq <= 0) continue;
        const key = item.text.slice(0, eq);
        const last =
          key
            .split('.')
            .pop()
            ?.replace(/\[\d+\]$/, '') ?? '';
        if (!isCredentialName(last, ctx.params.extraNameWords ?? [])) continue;
        const value = item.text.slice(eq + 1);
        const verdict = judge(ctx, last, value, false);
        if (verdict === undefined) continue;
        ctx.report({
          span: spanOf(item.at.slice(eq + 1)),
          key,
          value,
          message: `helm ${verb} ${flag} writes the value "${key}" on the command line: it holds ${verdict.what}`,
          ...(verdict.severity !== undefined ? { severity: verdict.severity } : {}),
        });
      }
    }
  }
}

/** `a=1,b.password=x\,y`: the items of a `--set` list, split at commas that are not escaped with `\`. */
function helmSetItems(list: { text: string; at: Position[] }): { text: string; at: Position[] }[] {
  const out: { text: string; at: Position[] }[] = [];
  let text = '';
  let at: Position[] = [];
  for (let i = 0; i < list.text.length; i++) {
    const c = list.text[i] as string;
    if (c === '\\' && list.text[i + 1] === ',') {
      text += ',';
      at.push(list.at[i + 1] as Position);
      i++;
    } else if (c === ',') {
      out.push({ text, at });
      text = '';
      at = [];
    } else {
      text += c;
      at.push(list.at[i] as Position);
    }
  }
  out.push({ text, at });
  return out;
}

/**
 * What a value on a command line is: nothing (a placeholder, a variable, a fill-in for the reader,
 * the name of a Secret, a setting), a well-known default (warning), a literal that only a Secret
 * stores (note), or a credential. A literal blocks when its key names a credential or its content
 * has a credential's format: a command is not a committed Secret, whose author declared every value secret.
 */
function judge(
  ctx: BaseContext<CommandLineParams>,
  key: string,
  raw: string,
  inSecret: boolean,
): { what: string; severity?: Severity } | undefined {
  const value = raw.trim();
  if (
    value === '' ||
    placeholderKind(value) !== undefined ||
    isScriptReference(value) ||
    isExampleValue(value) ||
    isFillIn(value)
  )
    return undefined;
  if (isSecretReferenceName(key) && isNameShaped(value)) return undefined;
  const content = classifyValue(value, ctx.tokens);
  if (content?.verdict === 'public') return undefined;
  if (content !== undefined) return { what: withArticle(content.label) };
  const setting = {
    what: 'a value stored in the Secret that looks like configuration rather than a credential',
    severity: 'note' as const,
  };
  if (!isCredentialName(key, ctx.params.extraNameWords ?? []) || isPlainSetting(key, value))
    return inSecret ? setting : undefined;
  if (isNotAValue(value)) return inSecret ? setting : undefined;
  // Too short to be a working secret (`credentials=s3`), or a default everyone knows.
  // A leet spelling counts only when nearly all of it then reads as words: digits read as letters make
  // random text look pronounceable too (`Qw7_zK41mnbT9` → `qwt_zkaimnbt9`).
  const leet = unLeet(value);
  const leetWords = leet !== value.toLowerCase() && isChartDefault(leet, key) && wordShare(leet) >= 0.9;
  const weak =
    value.length < 4 || isKnownDefault(value) || isChartDefault(value, key) || leetWords || restatesKey(key, value);
  if (weak) return { what: 'a well-known default value', severity: 'warning' };
  return { what: 'a credential in plain text' };
}

/**
 * `clientSecret="github-oauth2-client-secret"`, `auth.rootPassword=minio-secret-password`: an
 * identifier made of words that names its own key or a credential, not random text.
 */
function restatesKey(key: string, value: string): boolean {
  if (!isNameShaped(value)) return false;
  const words = new Set(nameWords(value));
  return isCredentialName(value) || nameWords(key).every((w) => words.has(w));
}

/**
 * Values a page writes for the reader to replace: `changeme`, `REPLACE_ME`, `xxxx`, `...`, `****`,
 * `XXXX-XXXX-XXXX`, `aaaa-bbbb-cccc`, `your-password`, `[ROOT_PASSWORD]`, `<vCenter Password>` (the
 * shell splits it at the blank), `MY_DB_PASSWORD`, `VALUE`, and values that start with a shell expansion
 * (`$APP_PASSWORD{{ end }}`) or hold template text. In a manifest such a value may still log in and is a
 * warning; on a command line it is the documented way of saying "put yours here".
 */
function isFillIn(value: string): boolean {
  if (value.startsWith('<') || value.includes('{{') || /^\$[A-Za-z_{(]/.test(value) || /^\[[^[\]]{1,80}\]$/.test(value))
    return true;
  // `MY_DB_PASSWORD`, `_PASSWORD_OF_YOUR_DB_`, `VALUE`: a variable's name in capitals, not random capitals (`QWHZKMRTPL`).
  const caps = trimUnderscores(value);
  if (isCapitalsName(caps) && (caps !== value || caps.includes('_') || isNameShaped(caps))) return true;
  const v = value.toLowerCase();
  if (v.split(/[-_.:]/).every((part) => part.length >= 2 && new Set(part).size === 1)) return true;
  return /^(?:\.+|…)$/.test(v) || FILL_INS.has(v.replace(/[-_ ]/g, ''));
}

/** `MY_DB_PASSWORD`: capitals and digits in words joined by single underscores, starting with a letter. */
function isCapitalsName(value: string): boolean {
  if (!/^[A-Z]/.test(value) || value.includes('__') || value.endsWith('_')) return false;
  for (const c of value) if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_')) return false;
  return true;
}

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/** `T0pS3cr3t` read as the word it spells (`topsecret`): a dictionary password dressed in digits. */
function unLeet(value: string): string {
  let out = '';
  for (const c of value.toLowerCase()) out += LEET[c] ?? c;
  return out;
}

function trimUnderscores(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value[start] === '_') start++;
  while (end > start && value[end - 1] === '_') end--;
  return value.slice(start, end);
}

const FILL_INS = new Set([
  'changeme',
  'changeit',
  'replaceme',
  'fixme',
  'todo',
  'tbd',
  'placeholder',
  'redacted',
  'yourpassword',
  'yourpasswordhere',
  'yoursecret',
  'yourtoken',
  'secretvalue',
  'somesecret',
  'mysecret',
  'mypassword',
]);

function spanOf(at: Position[]): { start: Position; end: Position } {
  const first = at[0] as Position;
  const last = at[at.length - 1] as Position;
  return { start: first, end: { line: last.line, column: last.column + 1 } };
}
