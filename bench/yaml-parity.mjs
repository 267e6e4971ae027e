// `node bench/yaml-parity.mjs [--corpora DIR] [corpus ...]`: every tracked .yaml/.yml file of the
// real-repository corpora (bench/corpora.sh), Helm templates neutralised as the scan does, read both
// by the block YAML reader (src/parse/block-yaml.ts) and by the `yaml` path, which must give the same
// documents with the same trees and positions whenever the reader does not decline. The corpora are
// never in CI, so this is a bench-side check beside the differential tests. Needs a build
// (`npm run build:all`). Exit 1 on any difference. `--show N` prints N differences in detail.
// Corpora: those named in --corpora DIR (default $BENCH, else <tmpdir>/bench), else the default four present.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { corporaDir, selectCorpora } from './real-corpora.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(join(root, 'dist', p));
const { blockYamlDocuments } = await dist('parse/block-yaml.js');
const { toTree } = await dist('parse/yaml-tree.js');
const { LineIndex } = await dist('parse/positions.js');
const { DEFAULT_PARSE_LIMITS } = await dist('parse/limits.js');
const { hasTemplates, neutraliseTemplates } = await dist('parse/templates.js');

const { values: opts, positionals } = parseArgs({
  options: { show: { type: 'string' }, corpora: { type: 'string' } },
  allowPositionals: true,
});
const show = Number(opts.show ?? 5);
const dir = corporaDir(opts.corpora);
let corpora;
try {
  corpora = selectCorpora(dir, positionals).map((name) => join(dir, name));
} catch (err) {
  console.log(err.message);
  process.exit(0);
}

/** The YAML path's roots, or why it has none that the reader may match (errors, warnings, a limit). */
function viaYaml(text, lines) {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  if (!Array.isArray(docs)) return { why: 'no documents' };
  const roots = [];
  for (const doc of docs) {
    if (doc.errors.length > 0 || doc.warnings.length > 0)
      return { why: [...doc.errors, ...doc.warnings].map((e) => e.code).join(',') };
    try {
      roots.push(toTree(doc, lines, DEFAULT_PARSE_LIMITS, { nodes: 0 }));
    } catch (err) {
      return { why: String(err) };
    }
  }
  return { roots };
}

/** Where two trees first differ, as a path of keys and indexes. */
function firstDifference(a, b, path = '') {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
    return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = firstDifference(a[k], b[k], `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return `${path}: differ`;
}

let files = 0;
let same = 0;
let declined = 0;
let bytes = 0;
let readBytes = 0;
let fastMs = 0;
let yamlMs = 0;
const differ = [];
for (const corpus of corpora) {
  const listed = execFileSync('git', ['ls-files', '-z', '--', '*.yaml', '*.yml'], { cwd: corpus, maxBuffer: 1 << 28 })
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
    if (text.trim() === '') continue;
    const source = hasTemplates(text) ? neutraliseTemplates(text) : text;
    const lines = new LineIndex(source);
    files += 1;
    bytes += source.length;
    let t = performance.now();
    const fast = blockYamlDocuments(source, lines, DEFAULT_PARSE_LIMITS.maxDepth);
    fastMs += performance.now() - t;
    t = performance.now();
    const yaml = viaYaml(source, lines);
    yamlMs += performance.now() - t;
    const where = `${corpus.split('/').pop()}/${rel}`;
    if (fast === undefined) {
      declined += 1;
      continue;
    }
    readBytes += source.length;
    if (yaml.roots === undefined) differ.push({ where, what: `the reader read it, YAML did not (${yaml.why})` });
    else if (!isDeepStrictEqual(fast, yaml.roots))
      differ.push({ where, what: firstDifference(fast, yaml.roots) ?? 'differ' });
    else same += 1;
  }
}
for (const d of differ.slice(0, show)) console.log(`${d.where}: ${d.what}`);
console.log(
  `${files} YAML files, ${(bytes / 1e6).toFixed(1)} MB: ${same} same documents, ${declined} left to YAML, ${differ.length} different;` +
    ` the reader took ${(readBytes / 1e6).toFixed(1)} MB | reader ${fastMs.toFixed(0)} ms, YAML path ${yamlMs.toFixed(0)} ms`,
);
process.exit(differ.length > 0 ? 1 : 0);
