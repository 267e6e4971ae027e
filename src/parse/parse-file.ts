import { parseAllDocuments } from 'yaml';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './limits.js';
import { looseParse } from './loose.js';
import type { Span, YNode } from './node.js';
import { LineIndex, ShiftedLineIndex } from './positions.js';
import { hasTemplates, neutraliseTemplates } from './templates.js';
import { codeBlocks, docFormatOf, withHeredocs, type DocFormat } from './doc-blocks.js';
import { duplicateIdentityKeys } from './duplicate-keys.js';
import { looksLikeManifest } from './manifest-sniff.js';
import { jsonTree } from './json-tree.js';
import { blockYamlDocuments } from './block-yaml.js';
import { LimitExceeded, toTree } from './yaml-tree.js';

/** How a document's tree was obtained; detectors say so when it was not a clean YAML parse. */
export type ParseMode = 'yaml' | 'fallback';

interface ParsedDoc {
  /** 0-based position of the document in its stream. */
  index: number;
  root: YNode | undefined;
  mode: ParseMode;
}

/**
 * A problem with the input itself (never a secret): a `parse-error` note, or, when part of the
 * content could not be checked at all (`unchecked`), a `not-scanned` finding; never dropped.
 */
export interface ParseProblem {
  code: string;
  message: string;
  span: Span;
  /** Some of the content was left unchecked (too deep, an alias bomb, too large to parse): a credential may hide there. */
  unchecked?: true;
  /** The way out for this problem, when there is a more specific one than the rule's remediation. */
  fix?: string;
}

export interface ParsedFile {
  path: string;
  /** The text without a byte-order mark; positions refer to it. */
  text: string;
  lines: LineIndex;
  docs: ParsedDoc[];
  problems: ParseProblem[];
  /** True when Go/Helm template actions were neutralised before parsing. */
  templated: boolean;
}

const STACK_EXHAUSTED =
  'the parser ran out of stack on deeply nested input; only what the line parser sees was checked';

const STRUCTURED = /\.(ya?ml|json)$/i;
const KUSTOMIZATION = /(^|\/)Kustomization$/;

/** Files read as YAML/JSON manifests whatever their content; other text files are sniffed (manifest-sniff.ts). */
export function isStructuredPath(path: string): boolean {
  return STRUCTURED.test(path) || KUSTOMIZATION.test(path);
}

/**
 * How much structure to build: `full` parses YAML/JSON; `lines` reads each document with the
 * line parser only, in one linear pass (a file too large for the YAML parser, a binary file's
 * printable text); `none` keeps only the text and its line index: the engine asks for that when no
 * structural rule can match the file (their prefilters failed), which spares the parse.
 */
export type Structure = 'full' | 'lines' | 'none';

export function parseFile(
  path: string,
  rawText: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  structure: Structure | boolean = 'full',
): ParsedFile {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lines = new LineIndex(text);
  const file: ParsedFile = { path, text, lines, docs: [], problems: [], templated: hasTemplates(text) };
  const how = structure === true ? 'full' : structure === false ? 'none' : structure;
  if (how === 'none' || text.trim() === '') return file;
  // A documentation page is never read as a manifest stream (its YAML front matter opens like one):
  // the manifests it quotes sit in its code blocks, each read on its own.
  const format = isStructuredPath(path) ? undefined : docFormatOf(path);
  if (format !== undefined) {
    file.templated = false;
    parseDocBlocks(file, format, limits, how);
    return file;
  }
  if (!isStructuredPath(path) && !looksLikeManifest(text)) return file;

  const source = file.templated ? neutraliseTemplates(text) : text;
  if (how === 'lines') {
    lineDocuments(file, source === text ? lines : new LineIndex(source));
    return file;
  }
  try {
    parseStream(file, source, limits);
  } catch (err) {
    // The parser itself recursed too deep (pathological nesting): keep what the loose parser sees.
    if (!(err instanceof RangeError)) throw err;
    file.docs = [];
    file.problems.push({ code: 'nesting-too-deep', message: STACK_EXHAUSTED, span: lines.span(0, 0), unchecked: true });
    file.docs.push({ index: 0, root: looseParse(new LineIndex(source), 1, lines.lineCount), mode: 'fallback' });
  }
  for (const p of duplicateIdentityKeys(file)) file.problems.push(p);
  return file;
}

/**
 * The code blocks of a documentation page that quote a manifest or a kustomization, each parsed as
 * a stream of its own. The parser is given the block's lines at their own line numbers (the lines
 * before it left empty), so every position is the block's real line and column in the page.
 */
function parseDocBlocks(file: ParsedFile, format: DocFormat, limits: ParseLimits, how: 'full' | 'lines'): void {
  for (const block of withHeredocs(file.lines, codeBlocks(file.lines, format))) {
    if (block.lastLine < block.firstLine) continue;
    const start = file.lines.lineStart(block.firstLine);
    const end = block.lastLine < file.lines.lineCount ? file.lines.lineStart(block.lastLine + 1) : file.text.length;
    const body = file.text.slice(start, end);
    if (!quotesManifest(body)) continue;
    const templated = hasTemplates(body);
    if (templated) file.templated = true;
    const source = templated ? neutraliseTemplates(body) : body;
    const sourceLines = new ShiftedLineIndex(source, block.firstLine - 1);
    if (how === 'lines') {
      lineDocuments(file, sourceLines, block.firstLine, block.lastLine);
      continue;
    }
    const before = file.docs.length;
    try {
      parseStream(file, source, limits, sourceLines);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      file.docs.length = before;
      file.problems.push({
        code: 'nesting-too-deep',
        message: STACK_EXHAUSTED,
        span: file.lines.span(start, start),
        unchecked: true,
      });
      lineDocuments(file, sourceLines, block.firstLine, block.lastLine);
    }
  }
  for (const p of duplicateIdentityKeys(file)) file.problems.push(p);
}

/** A block that quotes a Kubernetes object (`apiVersion` and `kind`) or a Kustomize generator. */
function quotesManifest(body: string): boolean {
  if (looksLikeManifest(dedent(body))) return true;
  return body.split('\n').some((l) => {
    const t = l.trimStart();
    return t.startsWith('secretGenerator:') || t.startsWith('configMapGenerator:');
  });
}

/** The lines without the indentation they all share (a block inside a list item is indented). */
function dedent(body: string): string {
  const lines = body.split('\n');
  let common = Infinity;
  for (const l of lines) {
    if (l.trim() === '') continue;
    common = Math.min(common, l.length - l.trimStart().length);
  }
  return common === Infinity || common === 0
    ? body
    : lines.map((l) => l.slice(Math.min(common, l.length - l.trimStart().length))).join('\n');
}

/** Each `---`-separated document of lines `from`..`to` read by the line parser. */
function lineDocuments(file: ParsedFile, lines: LineIndex, from = 1, to = lines.lineCount): void {
  let first = from;
  const flush = (last: number): void => {
    if (last >= first)
      file.docs.push({ index: file.docs.length, root: looseParse(lines, first, last), mode: 'fallback' });
  };
  for (let n = from; n <= to; n++) {
    if (!/^---(\s|$)/.test(lines.line(n))) continue;
    flush(n - 1);
    first = n + 1;
  }
  flush(to);
}

function parseStream(file: ParsedFile, source: string, limits: ParseLimits, lines?: LineIndex): void {
  const sourceLines = lines ?? (source === file.text ? file.lines : new LineIndex(source));
  // JSON (a lock file, a dashboard, a schema) is read by a JSON scanner that builds the very tree
  // the YAML composer would, at a small fraction of its cost; anything it does not read exactly
  // (a syntax error, a comment, a second document) goes through YAML below as before.
  const json = jsonTree(source, sourceLines, limits.maxDepth);
  if (json !== undefined) {
    file.docs.push({ index: file.docs.length, root: json, mode: 'yaml' });
    return;
  }
  // Block-style YAML (most manifests and values files) likewise, by a reader that declines
  // anything it does not read exactly as the composer below would.
  const block = blockYamlDocuments(source, sourceLines, limits.maxDepth);
  if (block !== undefined) {
    for (const root of block) file.docs.push({ index: file.docs.length, root, mode: 'yaml' });
    return;
  }
  const streams = parseAllDocuments(source, { prettyErrors: false, uniqueKeys: false, strict: false });
  const docs = Array.isArray(streams) ? streams : [];
  const budget: { nodes: number; deepAt?: number } = { nodes: 0 };
  docs.forEach((doc) => {
    // Numbered across the file: a documentation page holds one stream per code block.
    const index = file.docs.length;
    const [start, , end] = doc.range;
    const firstLine = sourceLines.position(start).line;
    const lastLine = sourceLines.position(Math.max(start, end - 1)).line;
    const fallback = (): void => {
      file.docs.push({ index, root: looseParse(sourceLines, firstLine, lastLine), mode: 'fallback' });
    };
    const [e] = doc.errors;
    if (e !== undefined) {
      // One note per document, at its first error.
      const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : '';
      // The source keeps every line and column of the file (same-length neutralising, empty lines before a code block).
      const span = sourceLines.span(e.pos[0], e.pos[1]);
      // The parser's own stack ran out on deep nesting: the line parser cannot see inside flow
      // collections, so part of the document went unchecked.
      if (e.code === 'RESOURCE_EXHAUSTION')
        file.problems.push({ code: 'nesting-too-deep', message: STACK_EXHAUSTED, span, unchecked: true });
      else file.problems.push({ code: e.code, message: `${libraryWords(e.message)}${more}`, span });
      fallback();
      return;
    }
    const emptyTag = doc.warnings.find(
      (w) => w.code === 'TAG_RESOLVE_FAILED' && /^[ \t]*(#.*)?(\r?\n|$)/.test(source.slice(w.pos[1])),
    );
    if (emptyTag !== undefined) {
      // `password: !x9…` unquoted: YAML reads the value as an unknown tag on an empty string.
      // A real custom tag (`!Ref bucket`) has a value after it and is left alone.
      file.problems.push({
        code: 'unresolved-tag',
        message: 'a value starting with ! reads as a YAML tag with no value (quote it)',
        span: sourceLines.span(emptyTag.pos[0], emptyTag.pos[0]),
      });
      fallback();
      return;
    }
    try {
      file.docs.push({ index, root: toTree(doc, sourceLines, limits, budget), mode: 'yaml' });
    } catch (err) {
      if (!(err instanceof LimitExceeded)) throw err;
      const span = sourceLines.span(err.offset, err.offset);
      if (err.what === 'nodes') {
        file.problems.push({
          code: 'alias-expansion-limit',
          message: `${err.message}: the document was read without expanding aliases, so what they stand for was not checked`,
          span,
          unchecked: true,
        });
      } else file.problems.push({ code: 'unresolved-alias', message: err.message, span });
      fallback();
      return;
    }
    if (budget.deepAt !== undefined) {
      const span = sourceLines.span(budget.deepAt, budget.deepAt);
      file.problems.push({
        code: 'nesting-too-deep',
        message: `nested deeper than ${limits.maxDepth} levels: what lies below that depth was not checked`,
        span,
        unchecked: true,
      });
    }
  });
}

/**
 * The library's own words of a `yaml` error message, without the source text it quotes. Even with
 * prettyErrors off, several messages interpolate source: `Block scalar header includes extra
 * characters: |<value>`, `Unexpected scalar token in YAML stream: "<value>"`, `Could not resolve tag:
 * !x!<value>`, `Invalid escape sequence \U<8 chars>`; a value glued to a block indicator or left at
 * the wrong indentation would otherwise be printed in full in the parse-error note.
 */
function libraryWords(message: string): string {
  const head = message.split(/:\s/)[0] ?? '';
  return head
    .replace(
      /^(Invalid escape sequence|Unsupported YAML version|Unknown directive|Not a YAML token|Not a valid tag|Could not resolve tag|Unresolved tag)\b.*$/s,
      '$1',
    )
    .replace(/^Verbatim tags aren't resolved\b.*$/s, "Verbatim tags aren't resolved")
    .replace(/^The .* tag has no suffix$/s, 'A tag has no suffix');
}
