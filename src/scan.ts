import { DEFAULT_ENGINE_OPTIONS, scanMaterial, scanText, type EngineOptions } from './engine.js';
import { BINARY_FILE, decodeText, prepareFileText } from './sources/decode-text.js';
import type { MaterialRef } from './detectors/detector.js';
import type { Finding } from './finding.js';
import type { Ruleset } from './ruleset/load.js';
import type { SkippedFile, Source } from './sources/source.js';
import { inlineAllows, type InlineAllows } from './suppress/inline.js';
import { NO_ALLOWS, suppressionOf, type FingerprintFilter, type Suppression } from './suppress/suppress.js';

export type { FingerprintFilter } from './suppress/suppress.js';

/** A finding that an allow comment, the config allowlist or the baseline silenced, and why. */
export interface SuppressedFinding extends Suppression {
  finding: Finding;
}

export interface ScanOptions {
  engine: EngineOptions;
  /** Files larger than this are skipped with a note. Default 5 MiB. */
  maxFileSize: number;
  filters: FingerprintFilter[];
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = {
  engine: DEFAULT_ENGINE_OPTIONS,
  maxFileSize: 5 * 1024 * 1024,
  filters: [],
};

export interface ScanReport {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  skipped: SkippedFile[];
  stats: { files: number; bytes: number };
  /**
   * Paths whose line numbers are not git's (decoded from UTF-16/32, lone CR line breaks, binary):
   * git's changed lines cannot be matched with them, so a change judge takes every finding there as new.
   */
  relined?: string[];
}

export { BINARY_FILE, decodeText } from './sources/decode-text.js';

/**
 * The scan driver: pulls files from a Source, runs the engine on each, follows Kustomize file
 * references, and applies suppression. Findings come out sorted by path and position.
 */
export async function runScan(
  source: Source,
  ruleset: Ruleset,
  opts: ScanOptions = DEFAULT_SCAN_OPTIONS,
): Promise<ScanReport> {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const skipped: SkippedFile[] = [];
  const references: MaterialRef[] = [];
  let files = 0;
  let bytes = 0;

  const keep = (f: Finding, allows: InlineAllows): void => {
    const s = suppressionOf({ line: f.location.line, fingerprint: f.fingerprint }, allows, opts.filters);
    if (s) suppressed.push({ finding: f, ...s });
    else findings.push(f);
  };

  const relined: string[] = [];
  for await (const file of source.files()) {
    const prepared = prepareFileText(file.path, file.bytes, opts.maxFileSize);
    if (prepared.relined) relined.push(file.path);
    // A binary file is listed as skipped (verbose output) although its printable text is checked.
    if (prepared.binary) skipped.push({ path: file.path, reason: BINARY_FILE });
    else {
      files += 1;
      bytes += file.bytes.length;
    }
    const result = scanText(
      file.path,
      prepared.text,
      ruleset,
      opts.engine,
      file.role === undefined ? prepared.input : { ...prepared.input, role: file.role },
    );
    const context = file.contextFor;
    if (context !== undefined) {
      for (const r of result.references) if (context.includes(r.path)) references.push(r);
      continue;
    }
    for (const r of result.references) references.push(r);
    const allows = inlineAllows(prepared.text);
    for (const f of result.findings) keep(f, allows);
  }
  // A file the source could not read may hold a credential: it is a finding, never a silent skip.
  for (const s of source.skipped) {
    if (!s.unchecked) continue;
    // A file that could not be read has no lines to carry an inline allow.
    for (const f of scanText(s.path, '', ruleset, opts.engine, { unchecked: [uncheckedOf(s)] }).findings)
      keep(f, NO_ALLOWS);
  }

  const seenRefs = new Set<string>();
  for (const ref of references) {
    const key = `${ref.path}\u0000${ref.format}\u0000${ref.key ?? ''}`;
    if (seenRefs.has(key)) continue;
    seenRefs.add(key);
    const refBytes = await source.read(ref.path);
    if (refBytes === undefined) continue; // not committed: nothing leaked through git
    const decoded = decodeText(refBytes);
    // A binary keystore in a generator is still material: it is judged as its base64 text.
    const text = 'skip' in decoded ? refBytes.toString('base64') : decoded.text;
    const allows = inlineAllows(text);
    for (const f of scanMaterial(ref, text, ruleset, opts.engine)) keep(f, allows);
  }

  findings.sort(byLocation);
  for (const s of source.skipped) skipped.push(s);
  return { findings, suppressed, skipped, stats: { files, bytes }, relined };
}

function uncheckedOf(s: SkippedFile): { code: string; message: string; fix?: string } {
  if (s.reason.startsWith('larger than')) {
    return {
      code: 'too-large',
      message: `${s.reason}: not read at all`,
      fix: `Split the file, or, if ${s.path} holds no manifest, add it to .sealcheckignore.`,
    };
  }
  return { code: 'unreadable', message: s.reason };
}

/**
 * Report order: path, line, column, rule. Code-unit order, not localeCompare: the same on every
 * machine and locale, and a commit hook does not pay for loading ICU's collation data.
 */
export function byLocation(a: Finding, b: Finding): number {
  return (
    codeUnitOrder(a.location.path, b.location.path) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    codeUnitOrder(a.ruleId, b.ruleId)
  );
}

function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
