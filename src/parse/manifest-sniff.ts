/**
 * Whether a file's text looks like a Kubernetes manifest stream, whatever its name: manifests are
 * saved as `.bak`, `.key`, `.j2`, `.txt` or with no extension (a sealing-key backup among them), and
 * a name-only check would never parse them.
 *
 * Only a bounded prefix is read, line by line without a regular expression, so the check costs the
 * same on any input. The prefix is large enough to reach the `kind:` of an exported `List` whose
 * first item carries a few kilobytes of base64 certificate and key before its own `kind:`.
 */
const SNIFF_BYTES = 64 * 1024;

export function looksLikeManifest(text: string): boolean {
  const head = text.length > SNIFF_BYTES ? text.slice(0, SNIFF_BYTES) : text;
  return jsonKeys(head) || (opensLikeYaml(head) && yamlKeys(head));
}

/**
 * The first line that carries content is a top-level key (`apiVersion:`, `items:`) or a top-level
 * list item. Prose and Markdown that quote a manifest open with a sentence
 * instead, and stay text files. Blank lines, `#` comments, YAML directives, document markers (also a
 * Markdown rule) and template control lines (`{% if %}`, `{{ header }}`, `{# note #}`) are skipped.
 */
function opensLikeYaml(head: string): boolean {
  let start = 0;
  while (start < head.length) {
    const nl = head.indexOf('\n', start);
    const line = head.slice(start, nl === -1 ? head.length : nl).trimEnd();
    start = nl === -1 ? head.length : nl + 1;
    if (
      line.trim() === '' ||
      line === '---' ||
      line.startsWith('#') ||
      line.startsWith('%') ||
      line.startsWith('{%') ||
      line.startsWith('{{') ||
      line.startsWith('{#')
    )
      continue;
    return line.startsWith('- ') || isKeyLine(line);
  }
  return false;
}

/** `name:` at column 0, the name made of the characters Kubernetes and Helm keys use. */
function isKeyLine(line: string): boolean {
  const colon = line.indexOf(':');
  if (colon <= 0 || (colon + 1 < line.length && line[colon + 1] !== ' ')) return false;
  for (let i = 0; i < colon; i++) {
    const c = line.charCodeAt(i);
    const word =
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 45 ||
      c === 95 ||
      c === 46 ||
      c === 47 ||
      c === 34 ||
      c === 39;
    if (!word) return false;
  }
  return true;
}

/** `apiVersion:` and `kind:` each as a mapping key at the start of a line (indented or a list item allowed). */
function yamlKeys(head: string): boolean {
  let api = false;
  let kind = false;
  let start = 0;
  while (start < head.length && !(api && kind)) {
    const nl = head.indexOf('\n', start);
    const end = nl === -1 ? head.length : nl;
    let i = start;
    while (i < end && (head[i] === ' ' || head[i] === '-')) i++;
    if (head.startsWith('apiVersion:', i)) api = true;
    else if (head.startsWith('kind:', i)) kind = true;
    start = end + 1;
  }
  return api && kind;
}

/** A JSON object or array holding both `"apiVersion"` and `"kind"` keys. */
function jsonKeys(head: string): boolean {
  const first = head.trimStart()[0];
  return (first === '{' || first === '[') && head.includes('"apiVersion"') && head.includes('"kind"');
}
