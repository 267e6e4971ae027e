import type { BaseContext, Hit, MaterialRef } from './detectors/detector.js';
import { RULE_DOCS_BASE } from './rule-docs.js';
import type { TokenFormat } from './classify/content.js';
import {
  fingerprint,
  preview,
  sha256,
  shownKey,
  type Finding,
  type FindingObject,
  type FixLanguage,
  type Location,
} from './finding.js';
import { manifestsOfFile, type Manifest, type ObjectIdentity } from './manifest/manifest.js';
import { TEMPLATE_MARK } from './parse/templates.js';
import { isCredentialName } from './classify/names.js';
import { isChartDefault } from './classify/placeholder.js';
import { TextFacts } from './classify/prefilter.js';
import { rawDocuments, type RawDocument } from './classify/document-facts.js';
import { classifyValue } from './classify/value.js';
import type { Span } from './parse/node.js';
import { docFormatOf } from './parse/doc-blocks.js';
import { isStructuredPath, parseFile, type ParsedFile, type ParseProblem } from './parse/parse-file.js';
import { certForPath, sealFix, sealScopeOf, type CertRoute } from './remediation/kubeseal.js';
import { holdsOneDocument } from './remediation/sole-document.js';
import type { Rule } from './ruleset/rule.js';
import type { Ruleset } from './ruleset/load.js';
import { lowerOf } from './severity.js';

/**
 * The pure core: text in, findings out. No file system, git, console or process access, so the
 * same engine serves `scan`, the hooks, the history sweep and the GitHub Action.
 */

export interface EngineOptions {
  /** Certificate named in kubeseal commands. Default: `pub-cert.pem` (from `kubeseal --fetch-cert`). */
  cert: string;
  /** Per-path certificates (`certs:` in the configuration); the first whose globs match a path wins over `cert`. */
  certRoutes?: readonly CertRoute[];
  /** Base of the rule documentation links. */
  docsBase: string;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  cert: 'pub-cert.pem',
  docsBase: RULE_DOCS_BASE,
};

export interface FileScan {
  findings: Finding[];
  /** Files named by Kustomize generators; the caller reads them and calls scanMaterial. */
  references: MaterialRef[];
}

const ROTATE =
  'A value that reached a commit stays readable in git history even after it is sealed or deleted: rotate it.';
const MAX_EMBED_DEPTH = 3;

interface Provenance {
  manifest?: Manifest;
  /** The embedding rule and annotation, for findings inside a recovered object. */
  embedded?: { by: string; annotation: string; span: Span };
  /** Hits of text rules are dropped where a manifest rule already reports the same lines. */
  textual?: boolean;
}

/** Neutralised template text (a run of TEMPLATE_MARK) is shown to people as `{{…}}`. */
function showTemplates(s: string): string {
  return s.includes(TEMPLATE_MARK) ? s.replace(new RegExp(`${TEMPLATE_MARK}+`, 'g'), '{{…}}') : s;
}

function readable(id: ObjectIdentity): ObjectIdentity {
  const out: ObjectIdentity = {};
  for (const [k, v] of Object.entries(id) as [keyof ObjectIdentity, string | undefined][])
    if (v !== undefined) out[k] = showTemplates(v);
  return out;
}

const HELM_FIX =
  'This is a template: move the value out of it into a Secret that is sealed (kubeseal) or external, and let the chart reference it (an `existingSecret` value).';

const DOC_FIX =
  'This is an example in documentation: write a placeholder (`<password>`, `${PASSWORD}`) where the value is, and keep real values in a sealed or external Secret.';

class Collector {
  readonly findings: Finding[] = [];
  readonly references: MaterialRef[] = [];
  private readonly manifestSpans = new Map<string, Span[]>();
  private readonly textFindings: Finding[] = [];

  constructor(
    private readonly opts: EngineOptions,
    /** Token formats, to tell a key that is itself a credential (shown redacted). */
    private readonly tokens: readonly TokenFormat[],
    private readonly defaultPath: string,
    /** A Helm/Go template: kubeseal cannot seal it, so the fix says what to do instead. */
    private readonly templated = false,
    /** A documentation page: its code blocks are examples to edit, not files to seal. */
    private readonly documentation = false,
    /** The file's text, to tell whether a fix may delete the file (it holds one document only). */
    private readonly text?: string,
  ) {}

  private soleDocument: boolean | undefined;

  private holdsOneDocument(): boolean {
    this.soleDocument ??= this.text !== undefined && holdsOneDocument(this.text);
    return this.soleDocument;
  }

  add(rule: Rule, raw: Hit, prov: Provenance): void {
    const hit = this.redactKey(
      this.documentation && prov.manifest !== undefined ? quotedExample(raw, this.tokens) : raw,
    );
    const path = hit.path ?? this.defaultPath;
    const identity = readable(hit.identity ?? prov.manifest?.identity ?? {});
    const object: FindingObject = { ...identity };
    if (hit.key !== undefined) object.key = hit.key;
    if (prov.embedded) object.via = prov.embedded.annotation;
    const valueHash = hit.value !== undefined ? sha256(hit.value) : '';
    const span = hit.span;
    const finding: Finding = {
      ruleId: rule.data.id,
      title: rule.data.title,
      severity: lowerOf(rule.severity, hit.severity ?? rule.severity),
      message: showTemplates(
        prov.embedded ? `In the ${prov.embedded.annotation} annotation: ${hit.message}` : hit.message,
      ),
      location: {
        path,
        line: span.start.line,
        column: span.start.column,
        endLine: span.end.line,
        endColumn: span.end.column,
      },
      object,
      preview: hit.value !== undefined ? showTemplates(preview(hit.value)) : '',
      valueHash,
      fingerprint: fingerprint(rule.data.id, object, path, valueHash || sha256(hit.message)),
      description: rule.data.description,
      remediation: rule.data.remediation,
      helpUri: `${this.opts.docsBase}#${rule.data.id}`,
    };
    const fixes: { text: string; language?: FixLanguage }[] = [];
    if (prov.embedded)
      fixes.push({
        text: `Delete the ${prov.embedded.annotation} annotation from ${path}; client-side kubectl writes it and it copies the whole object.`,
      });
    if (rule.data.kubeseal && !prov.embedded)
      fixes.push(
        this.documentation
          ? { text: DOC_FIX }
          : this.templated
            ? { text: HELM_FIX }
            : {
                text: sealFix(
                  path,
                  identity,
                  sealScopeOf(prov.manifest?.root),
                  certForPath(path, this.opts),
                  prov.manifest?.pointer === '' && this.holdsOneDocument(),
                ),
                language: 'sh',
              },
      );
    if (hit.fix !== undefined) fixes.push({ text: hit.fix, ...(hit.fixLanguage ? { language: hit.fixLanguage } : {}) });
    // One fix keeps its language; several are read in order, the code ones on lines of their own.
    const [only] = fixes;
    if (fixes.length === 1 && only !== undefined) {
      finding.fix = showTemplates(only.text);
      if (only.language !== undefined) finding.fixLanguage = only.language;
    } else if (fixes.length > 1) finding.fix = showTemplates(fixes.map((f) => f.text).join('\nThen:\n'));
    if (hit.value !== undefined && rule.data.rotate !== false && finding.severity !== 'note') finding.rotate = ROTATE;
    if (prov.manifest?.mode === 'fallback') finding.fallback = true;
    if (prov.embedded) finding.embeddedBy = prov.embedded.by;

    if (prov.textual) {
      this.textFindings.push(finding);
      return;
    }
    const spans = this.manifestSpans.get(path) ?? [];
    spans.push(span);
    this.manifestSpans.set(path, spans);
    this.findings.push(finding);
  }

  /**
   * A key that is itself a credential (a token pasted as a Secret key) is redacted here, once, in the
   * key and wherever the detector's message or fix quotes it, so no report can print it. The
   * fingerprint then hashes the redacted form, which carries a hash of the real key.
   */
  private redactKey(hit: Hit): Hit {
    if (hit.key === undefined) return hit;
    const shown = shownKey(hit.key, this.tokens);
    if (shown === hit.key) return hit;
    const swap = (s: string): string => s.split(hit.key as string).join(shown);
    return { ...hit, key: shown, message: swap(hit.message), ...(hit.fix !== undefined ? { fix: swap(hit.fix) } : {}) };
  }

  /**
   * Manifest findings first; a text finding inside text a manifest finding already covers (the
   * same value) adds nothing. One elsewhere on the same line stays: a token pasted as the key of a
   * reported value is a second credential.
   */
  result(): FileScan {
    const seen = new Set<string>();
    const out: Finding[] = [];
    for (const f of this.findings) {
      const k = `${f.ruleId}\u0000${f.location.path}\u0000${f.location.line}\u0000${f.location.column}\u0000${f.fingerprint}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(f);
    }
    for (const f of this.textFindings) {
      const spans = this.manifestSpans.get(f.location.path) ?? [];
      if (spans.some((s) => overlaps(s, f.location))) continue;
      out.push(f);
    }
    return { findings: out, references: this.references };
  }
}

/**
 * A manifest quoted in a documentation page is an example, not a committed object: the argument
 * that blocks every value of a raw Secret (its author declared it secret) does not hold there. A
 * value blocks when its content has a credential's format, or its key names a credential and the
 * value is not a chart default (`redis`, `console123`: a warning, as in values files); any other is a note.
 */
function quotedExample(hit: Hit, tokens: readonly TokenFormat[]): Hit {
  if (hit.value === undefined || hit.severity !== undefined) return hit;
  if (classifyValue(hit.value, tokens)?.verdict === 'secret') return hit;
  const key = hit.key ?? '';
  if (!isCredentialName(key))
    return {
      ...hit,
      severity: 'note',
      message: `${hit.message} (quoted in documentation: neither its key nor its content says credential)`,
    };
  if (isChartDefault(hit.value, key))
    return {
      ...hit,
      severity: 'warning',
      message: `${hit.message} (quoted in documentation: a well-known default value)`,
    };
  return hit;
}

/** Two ranges of text share a character; ends are exclusive. */
function overlaps(a: Span, b: Pick<Location, 'line' | 'column' | 'endLine' | 'endColumn'>): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 < c2);
  return (
    before(b.line, b.column, a.end.line, a.end.column) && before(a.start.line, a.start.column, b.endLine, b.endColumn)
  );
}

function baseContext(rule: Rule, file: ParsedFile, ruleset: Ruleset, report: (hit: Hit) => void): BaseContext<unknown> {
  return { params: rule.params, file, tokens: ruleset.tokens, report };
}

/** The structural rules whose prefilter passes on this text; the file is parsed only if there is one. */
function structuralRules(rules: readonly Rule[], text: string): Rule[] {
  const facts = new TextFacts(text);
  return rules.filter((r) => r.detector.target === 'manifest' && r.mayApply(facts));
}

/**
 * What the driver knows about a file beyond its text: how far to parse it (`lines` for a file
 * larger than the parse limit or a binary file's printable text), and content it could not check.
 */
export interface TextInput {
  structure?: 'full' | 'lines';
  /**
   * What the file is by where it sits, beyond its name: `helm-values` for a YAML file of a Helm
   * chart folder outside `templates/` (the source saw the chart's Chart.yaml). Its documents that
   * are not Kubernetes objects are judged as Helm values, whatever the file is called.
   */
  role?: 'helm-values';
  unchecked?: readonly { code: string; message: string; fix?: string }[];
}

/** Scans one file's text with every applicable rule. */
export function scanText(
  path: string,
  text: string,
  ruleset: Ruleset,
  opts: EngineOptions = DEFAULT_ENGINE_OPTIONS,
  input: TextInput = {},
): FileScan {
  return scanTextParsed(path, text, ruleset, opts, input).scan;
}

/**
 * `scanText`, also handing back the file as parsed (no documents when no structural rule needed
 * them), for a caller that reads more of it (the sweep's SealedSecret values) without parsing it
 * again. Kept apart from FileScan, which never holds file text.
 */
export function scanTextParsed(
  path: string,
  text: string,
  ruleset: Ruleset,
  opts: EngineOptions = DEFAULT_ENGINE_OPTIONS,
  input: TextInput = {},
): { scan: FileScan; parsed: ParsedFile } {
  const byPath = ruleset.rules.filter((r) => r.appliesToPath(path));
  // A rule's `scope.chartValues` says whether it judges chart values files (true) or leaves them to
  // another rule (false); without it, the file's name decides as for any file.
  const asValues =
    input.role === 'helm-values'
      ? ruleset.rules.filter((r) => r.data.scope?.chartValues ?? r.appliesToPath(path))
      : undefined;
  const rules =
    asValues === undefined ? byPath : ruleset.rules.filter((r) => byPath.includes(r) || asValues.includes(r));
  // Without its byte-order mark, as parseFile keeps it: the prefilters and the token rules then
  // look at the very same string, so it is lower-cased once.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const structural = structuralRules(rules, body);
  const { file, whole } = parseNeeded(path, body, structural, input.structure ?? 'full');
  const out = new Collector(opts, ruleset.tokens, path, file.templated, docFormatOf(path) !== undefined, body);
  // The file's own problems, then what the driver and the embedded copies could not check.
  const problems: ParseProblem[] = [...file.problems];
  for (const u of input.unchecked ?? []) problems.push({ ...u, span: file.lines.span(0, 0), unchecked: true });
  const unchecked = (span: Span, code: string, message: string): void =>
    void problems.push({ code, message, span, unchecked: true });

  const values = asValues === undefined ? undefined : { byPath: new Set(byPath), asValues: new Set(asValues) };
  runManifestRules(
    manifestsOfFile(file),
    file,
    { all: rules, structural, ...(values ? { values } : {}) },
    ruleset,
    out,
    undefined,
    0,
    unchecked,
  );
  runTextRules(file, rules, ruleset, out, undefined);
  // File rules last: they report every problem, the embedded copies' included.
  const withProblems: ParsedFile = { ...file, problems };
  for (const rule of rules) {
    if (rule.detector.target === 'file')
      rule.detector.detect(baseContext(rule, withProblems, ruleset, (h) => out.add(rule, h, {})));
  }
  // A caller reading the documents again (SealedSecrets) needs all of them: none means "parse it yourself".
  return { scan: out.result(), parsed: whole ? file : { ...file, docs: [] } };
}

/**
 * The file parsed as far as a structural rule may find something: not at all when no rule's
 * prefilter passes on its text, otherwise the documents of a YAML/JSON file whose own text passes
 * the prefilter of a rule for their kind (`documentsToParse`). `whole` is false when some document
 * was left unparsed.
 */
function parseNeeded(
  path: string,
  body: string,
  structural: readonly Rule[],
  structure: 'full' | 'lines',
): { file: ParsedFile; whole: boolean } {
  if (structural.length === 0) return { file: parseFile(path, body, undefined, 'none'), whole: true };
  const masked =
    structure === 'full' && isStructuredPath(path) && docFormatOf(path) === undefined
      ? documentsToParse(body, structural)
      : undefined;
  if (masked === undefined) return { file: parseFile(path, body, undefined, structure), whole: true };
  const file = parseFile(path, body, undefined, 'none');
  if (masked === '') return { file, whole: false };
  const some = parseFile(path, masked, undefined, 'full');
  return { file: { ...file, docs: some.docs, problems: some.problems }, whole: false };
}

/**
 * The text with every document no structural rule can match emptied (its marker line kept, every
 * line break kept, so each kept document has its lines and columns), or `''` when none is left;
 * undefined when every document is kept or the documents cannot be told apart without parsing.
 */
function documentsToParse(body: string, structural: readonly Rule[]): string | undefined {
  const docs = rawDocuments(body);
  if (docs === undefined) return undefined;
  const keep = docs.map((d) => structural.some((r) => mayMatchDocument(r, d)));
  if (keep.every(Boolean)) return undefined;
  if (!keep.some(Boolean)) return '';
  let out = '';
  docs.forEach((d, i) => {
    if (keep[i] === true) {
      out += body.slice(d.start, d.end);
      return;
    }
    let breaks = 0;
    for (let nl = body.indexOf('\n', d.start); nl !== -1 && nl < d.end; nl = body.indexOf('\n', nl + 1)) breaks++;
    out += (d.marked ? '---' : '') + '\n'.repeat(breaks);
  });
  return out;
}

/** The rule judges the document's kind (or any kind, or the kind is not known) and its prefilter passes on the document's text. */
function mayMatchDocument(rule: Rule, doc: RawDocument): boolean {
  const kinds = doc.kinds;
  const kindFits =
    rule.appliesToKind(undefined) || kinds === undefined || [...kinds].some((k) => rule.appliesToKind(k));
  return kindFits && rule.mayApply(doc.facts);
}

function runManifestRules(
  manifests: Manifest[],
  file: ParsedFile,
  rules: { all: Rule[]; structural: Rule[]; values?: { byPath: ReadonlySet<Rule>; asValues: ReadonlySet<Rule> } },
  ruleset: Ruleset,
  out: Collector,
  embedded: Provenance['embedded'],
  depth: number,
  unchecked: (span: Span, code: string, message: string) => void,
): void {
  for (const manifest of manifests) {
    // In a chart values file, a document that is a Kubernetes object (a CRD in crds/) is judged as
    // one; any other document as Helm values.
    const { values } = rules;
    const only = values === undefined ? undefined : isObject(manifest) ? values.byPath : values.asValues;
    for (const rule of rules.structural) {
      if (only !== undefined && !only.has(rule)) continue;
      const d = rule.detector;
      if (d.target !== 'manifest' || !rule.appliesToKind(manifest.identity.kind)) continue;
      d.detect({
        ...baseContext(rule, file, ruleset, (h) => out.add(rule, h, embedded ? { manifest, embedded } : { manifest })),
        manifest,
        embed: (inner, decodedText) => {
          if (depth >= MAX_EMBED_DEPTH) return;
          const origin = inner[0]?.embeddedIn;
          if (!origin) return;
          const via = embedded ?? { by: rule.data.id, annotation: origin.annotation, span: origin.span };
          // The copy may hold what the file's own text does not (a gzip'd annotation): prefilter it again.
          const innerRules = { ...rules, structural: structuralRules(rules.all, decodedText) };
          runManifestRules(inner, file, innerRules, ruleset, out, via, depth + 1, unchecked);
          runTextRules(parseFile(`${file.path}#${origin.annotation}`, decodedText), rules.all, ruleset, out, via);
        },
        unchecked,
        // A generator quoted in a documentation page is an example: the files it names are not its.
        reference: (ref) => {
          if (docFormatOf(file.path) === undefined) out.references.push(ref);
        },
      });
    }
  }
}

/** A document naming both `apiVersion` and `kind`: a Kubernetes object, not a values document. */
function isObject(manifest: Manifest): boolean {
  return manifest.identity.apiVersion !== undefined && manifest.identity.kind !== undefined;
}

function runTextRules(
  file: ParsedFile,
  rules: Rule[],
  ruleset: Ruleset,
  out: Collector,
  embedded: Provenance['embedded'],
): void {
  for (const rule of rules) {
    if (rule.detector.target !== 'text') continue;
    rule.detector.detect(
      baseContext(rule, file, ruleset, (h) => {
        // Positions inside decoded annotation text mean nothing in the file: report at the annotation.
        const hit = embedded ? { ...h, span: embedded.span, path: undefined } : h;
        out.add(rule, hit, embedded ? { embedded, textual: true } : { textual: true });
      }),
    );
  }
}

/** Scans a file that a Kustomize generator turns into a Secret: its content is secret material. */
export function scanMaterial(
  ref: MaterialRef,
  text: string,
  ruleset: Ruleset,
  opts: EngineOptions = DEFAULT_ENGINE_OPTIONS,
): Finding[] {
  const file = parseFile(ref.path, text);
  const out = new Collector(opts, ruleset.tokens, ref.path);
  for (const rule of ruleset.rules) {
    const d = rule.detector;
    if (d.target !== 'material') continue;
    d.detect({ ...baseContext(rule, file, ruleset, (h) => out.add(rule, h, {})), material: ref });
  }
  return out.result().findings;
}
