import { DEFAULT_ENGINE_OPTIONS, scanMaterial, scanText, type EngineOptions } from './engine.js';
import type { MaterialRef } from './detectors/detector.js';
import type { Finding } from './finding.js';
import type { Ruleset } from './ruleset/load.js';
import type { SkippedFile, Source } from './sources/source.js';
import { inlineAllows, type InlineAllows } from './suppress/inline.js';

/** A finding that an allow comment, the config allowlist or the baseline silenced, and why. */
export interface SuppressedFinding {
  finding: Finding;
  by: 'inline' | 'config' | 'baseline';
  reason: string;
}

/** Decides config-allowlist and baseline suppression by fingerprint (inline comments are handled here). */
export interface FingerprintFilter {
  match(finding: Finding): { by: 'config' | 'baseline'; reason: string } | undefined;
}

export interface ScanOptions {
  engine: EngineOptions;
  /** Files larger than this are skipped with a note. Default 5 MiB. */
  maxFileSize: number;
  filters: FingerprintFilter[];
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = { engine: DEFAULT_ENGINE_OPTIONS, maxFileSize: 5 * 1024 * 1024, filters: [] };

export interface ScanReport {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  skipped: SkippedFile[];
  stats: { files: number; bytes: number };
}

/** The skip reason of binary files: reporters list these only in verbose output. */
export const BINARY_FILE = 'binary file';

/** Text of a file, or why it is not scanned as text. NUL bytes mean binary, as git decides. */
export function decodeText(bytes: Buffer): { text: string } | { skip: string } {
  const probe = bytes.subarray(0, 8000);
  if (probe.includes(0)) return { skip: BINARY_FILE };
  return { text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes) };
}

/**
 * The scan driver: pulls files from a Source, runs the engine on each, follows Kustomize file
 * references, and applies suppression. Findings come out sorted by path and position.
 */
export async function runScan(source: Source, ruleset: Ruleset, opts: ScanOptions = DEFAULT_SCAN_OPTIONS): Promise<ScanReport> {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const skipped: SkippedFile[] = [];
  const references: MaterialRef[] = [];
  let files = 0;
  let bytes = 0;

  const keep = (f: Finding, allows: InlineAllows): void => {
    const inline = allows(f.location.line);
    if (inline !== undefined) {
      suppressed.push({ finding: f, by: 'inline', reason: inline });
      return;
    }
    for (const filter of opts.filters) {
      const m = filter.match(f);
      if (m) {
        suppressed.push({ finding: f, ...m });
        return;
      }
    }
    findings.push(f);
  };

  for await (const file of source.files()) {
    if (file.bytes.length > opts.maxFileSize) {
      skipped.push({ path: file.path, reason: `larger than the ${opts.maxFileSize} byte limit (${file.bytes.length} bytes)` });
      continue;
    }
    const decoded = decodeText(file.bytes);
    if ('skip' in decoded) {
      skipped.push({ path: file.path, reason: decoded.skip });
      continue;
    }
    files += 1;
    bytes += file.bytes.length;
    const result = scanText(file.path, decoded.text, ruleset, opts.engine);
    const context = file.contextFor;
    if (context !== undefined) {
      for (const r of result.references) if (context.includes(r.path)) references.push(r);
      continue;
    }
    for (const r of result.references) references.push(r);
    const allows = inlineAllows(decoded.text);
    for (const f of result.findings) keep(f, allows);
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
  return { findings, suppressed, skipped, stats: { files, bytes } };
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
