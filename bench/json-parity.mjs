// `node bench/json-parity.mjs [corpus-dir ...]`: every tracked .json file of the real-repository
// corpora (bench/corpora.sh), and every .yaml/.yml file that opens with `{` or `[` (the reader
// takes any text that is JSON), read both by the JSON reader and by the YAML path, which must give the
// same tree with the same positions. The corpora are never in CI, so this is a bench-side check
// rather than a test. Needs a build (`npm run build:all`). Exit 1 on any difference.
// Corpora: the directories named, else every directory under $BENCH (default <tmpdir>/bench).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(join(root, 'dist', p));
const { jsonTree } = await dist('parse/json-tree.js');
const { toTree } = await dist('parse/yaml-tree.js');
const { LineIndex } = await dist('parse/positions.js');
const { DEFAULT_PARSE_LIMITS } = await dist('parse/limits.js');
const { hasTemplates, neutraliseTemplates } = await dist('parse/templates.js');

const base = process.env.BENCH ?? join(tmpdir(), 'bench');
const corpora =
  process.argv.length > 2
    ? process.argv.slice(2)
    : existsSync(base)
      ? readdirSync(base)
          .map((d) => join(base, d))
          .filter((d) => statSync(d).isDirectory())
      : [];
if (corpora.length === 0) {
  console.log(`no corpora (looked in ${base}); clone them with bench/corpora.sh`);
  process.exit(0);
}

/** The YAML path's tree, or why it has none: the reader must then have declined too. */
function viaYaml(text, lines) {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  if (!Array.isArray(docs) || docs.length !== 1) return { why: `${Array.isArray(docs) ? docs.length : 0} documents` };
  const [doc] = docs;
  if (doc.errors.length > 0 || doc.warnings.length > 0)
    return { why: [...doc.errors, ...doc.warnings].map((e) => e.code).join(',') };
  try {
    return { tree: toTree(doc, lines, DEFAULT_PARSE_LIMITS, { nodes: 0 }) };
  } catch (err) {
    return { why: String(err) };
  }
}

let files = 0;
let same = 0;
let declined = 0;
let bytes = 0;
let jsonMs = 0;
let yamlMs = 0;
const differ = [];
for (const corpus of corpora) {
  const listed = execFileSync('git', ['ls-files', '-z', '--', '*.json', '*.yaml', '*.yml'], {
    cwd: corpus,
    maxBuffer: 1 << 28,
  })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const rel of listed) {
    let raw;
    try {
      raw = readFileSync(join(corpus, rel), 'utf8');
    } catch {
      continue;
    }
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (!rel.endsWith('.json') && !/^\s*[[{]/.test(text)) continue;
    const source = hasTemplates(text) ? neutraliseTemplates(text) : text;
    const lines = new LineIndex(source);
    files += 1;
    bytes += source.length;
    let t = performance.now();
    const json = jsonTree(source, lines, DEFAULT_PARSE_LIMITS.maxDepth);
    jsonMs += performance.now() - t;
    t = performance.now();
    const yaml = viaYaml(source, lines);
    yamlMs += performance.now() - t;
    const where = `${corpus.split('/').pop()}/${rel}`;
    if (json === undefined) {
      declined += 1;
      // Declining is always safe (the YAML path then runs); worth a look only when YAML read it cleanly.
      if (yaml.tree !== undefined && /^\s*[[{]/.test(source)) console.log(`declined, YAML read it: ${where}`);
      continue;
    }
    if (yaml.tree === undefined) differ.push(`${where}: JSON reader read it, YAML did not (${yaml.why})`);
    else if (!isDeepStrictEqual(json, yaml.tree)) differ.push(`${where}: trees differ`);
    else same += 1;
  }
}
for (const d of differ) console.log(d);
console.log(
  `${files} files (.json, or YAML that opens like JSON), ${(bytes / 1e6).toFixed(1)} MB: ${same} same tree, ${declined} left to YAML, ${differ.length} different` +
    ` | JSON reader ${jsonMs.toFixed(0)} ms, YAML path ${yamlMs.toFixed(0)} ms`,
);
process.exit(differ.length > 0 ? 1 : 0);
