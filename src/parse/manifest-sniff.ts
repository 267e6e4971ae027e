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
  return yamlKeys(head) || jsonKeys(head);
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
