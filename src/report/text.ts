import type { Finding } from '../finding.js';
import { byLocation, type ScanReport, type SuppressedFinding } from '../scan.js';
import type { Severity } from '../severity.js';
import { alreadyInHistory, alreadyInHistoryLines, alreadyInHistorySummary } from './already-in-history.js';
import { groupFindings, messageWithoutKey, type ObjectGroup } from './object-groups.js';
import type { ScanReporter } from './reporter.js';
import { countBySeverity, groupByFile, isBinarySkip, plural } from './summary.js';

/**
 * The default, human format: findings grouped by file, one headline per finding
 * (`line:col  severity  rule-id  message`) and indented details that say what to do about it.
 */

type Paint = (s: string) => string;

interface Palette {
  severity: Record<Severity, Paint>;
  path: Paint;
  label: Paint;
  dim: Paint;
}

/** SGR codes only; a colour library would be a dependency for six escape sequences. */
function sgr(on: boolean, code: string): Paint {
  return on ? (s) => `\u001b[${code}m${s}\u001b[0m` : (s) => s;
}

function palette(color: boolean): Palette {
  return {
    severity: { error: sgr(color, '1;31'), warning: sgr(color, '33'), note: sgr(color, '36') },
    path: sgr(color, '1;4'),
    label: sgr(color, '2'),
    dim: sgr(color, '2'),
  };
}

/**
 * File names, keys and object names come from the scanned repository and may be hostile: a name
 * holding ESC sequences could rewrite the terminal, and bidi controls could make one path look like
 * another (Trojan Source, CVE-2021-42574). Every interpolated string is shown with those escaped.
 */
// \p{Cc}: the C0 and C1 controls and DEL (U+0000-U+001F, U+007F-U+009F).
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export function clean(s: string): string {
  return s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Key rows are wrapped to this width where the text allows. */
const WIDTH = 120;

/**
 * Words laid out in lines of at most `room` characters. A message is wrapped, never cut: its end
 * often holds the reason (what could not be checked, what to do). A word longer than the room, or
 * room too small to be useful, stays whole on its line.
 */
function wrap(s: string, room: number): string[] {
  if (s.length <= room || room < 32) return [s];
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `label  text`, continued lines aligned under the text: a fix may span several lines. */
function labelled(indent: string, label: string, text: string, p: Palette, room?: number): string[] {
  const pad = ' '.repeat(indent.length + LABEL.length);
  // Split before cleaning: cleaning escapes a line break, and each line of a fix is a line to paste.
  const lines = text.split('\n').map(clean);
  const laid = room === undefined ? lines : lines.flatMap((l) => wrap(l, room - pad.length));
  return laid.map((line, i) => (i === 0 ? `${indent}${p.label(label.padEnd(LABEL.length))}${line}` : `${pad}${line}`));
}

const LABEL = 'fingerprint ';

/** For-of, not push(...lines): a spread passes every line as an argument. */
function append(out: string[], more: readonly string[]): void {
  for (const line of more) out.push(line);
}

/** Rule details repeat for every object a rule flags: shown once per rule and group, and only with --verbose. */
function ruleDetails(g: ObjectGroup, p: Palette): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const k of g.keys) {
    if (seen.has(k.ruleId)) continue;
    seen.add(k.ruleId);
    const f = k.finding;
    if (g.ruleIds.length > 1) out.push(`  ${p.dim(clean(f.ruleId))}`);
    append(out, labelled('  ', 'why', f.description, p));
    append(out, labelled('  ', 'remediation', f.remediation, p));
    append(out, labelled('  ', 'docs', f.helpUri, p));
  }
  return out;
}

/**
 * One object: a header (`path:lines  object  rule`), one row per key (position, severity, key,
 * preview, what was found), then the fix and the rotation advice once. A finding about no object
 * is a group of one, shown as its own headline.
 */
function groupBlock(g: ObjectGroup, p: Palette, verbose: boolean): string[] {
  const out: string[] = [];
  const range = g.endLine > g.line ? `${g.line}-${g.endLine}` : `${g.line}`;
  const fallback = g.findings.some((f) => f.fallback === true)
    ? ' (found by the text fallback: the file does not parse)'
    : '';
  const multiRule = g.ruleIds.length > 1;
  const header = [p.path(clean(`${g.path}:${range}`))];
  if (g.label !== undefined) header.push(clean(g.label));
  if (!multiRule) header.push(p.dim(clean(g.ruleIds.join(', '))));
  out.push(`${header.join('  ')}${fallback}`);

  const positions = g.keys.map((k) => `${k.line}:${k.column}`);
  // Loops, not Math.max(...): spreading tens of thousands of arguments overflows the stack.
  const posWidth = positions.reduce((w, s) => Math.max(w, s.length), 0);
  const keyWidth = g.keys.reduce((w, k) => Math.max(w, clean(k.key ?? '').length), 0);
  const previewWidth = g.keys.reduce((w, k) => Math.max(w, clean(k.preview).length), 0);
  g.keys.forEach((k, i) => {
    const cells = [(positions[i] ?? '').padEnd(posWidth), p.severity[k.severity](k.severity.padEnd(7))];
    let plainWidth = 2 + posWidth + 2 + 7;
    if (keyWidth > 0) {
      cells.push(clean(k.key ?? '').padEnd(keyWidth));
      plainWidth += 2 + keyWidth;
    }
    if (previewWidth > 0) {
      cells.push(clean(k.preview).padEnd(previewWidth));
      plainWidth += 2 + previewWidth;
    }
    if (multiRule) {
      cells.push(clean(k.ruleId));
      plainWidth += 2 + k.ruleId.length;
    }
    const message = clean(g.label !== undefined ? messageWithoutKey(k, g) : k.message);
    const [first = '', ...rest] = wrap(message, WIDTH - plainWidth - 2);
    cells.push(first);
    out.push(`  ${cells.join('  ')}`);
    for (const more of rest) out.push(`${' '.repeat(plainWidth + 2)}${more}`);
    // In full: it is what an `allow:` entry in .sealcheck.yaml names.
    if (verbose)
      append(
        out,
        labelled('    ', 'fingerprint', k.finding.fingerprint, p).map((l) => p.dim(l)),
      );
    if (k.fix !== undefined) append(out, labelled('    ', 'fix', k.fix, p));
  });
  if (g.fix !== undefined) append(out, labelled('  ', 'fix', g.fix, p));
  // Prose wraps at the width the key rows keep; a fix never does (each of its lines is pasted whole).
  if (g.rotate !== undefined) append(out, labelled('  ', 'rotate', g.rotate, p, WIDTH));
  if (verbose) append(out, ruleDetails(g, p));
  return out;
}

function suppressedLine(s: SuppressedFinding): string {
  const l = s.finding.location;
  return `  ${clean(l.path)}:${l.line}:${l.column}  ${clean(s.finding.ruleId)}  ${s.by}: ${clean(s.reason)}`;
}

function summaryLine(
  counts: ReturnType<typeof countBySeverity>,
  files: number,
  scanned: number,
  suppressed: number,
  skipped: number,
  verbose: boolean,
): string {
  const total = counts.error + counts.warning + counts.note;
  const head =
    total === 0
      ? `No findings in ${plural(scanned, 'scanned file')}`
      : `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')} in ${plural(files, 'file')} (${scanned} scanned)`;
  const tail: string[] = [];
  if (suppressed > 0) tail.push(`${suppressed} suppressed${verbose ? '' : ' (--verbose lists them)'}`);
  if (skipped > 0) tail.push(`${skipped} skipped`);
  return tail.length > 0 ? `${head}; ${tail.join('; ')}` : head;
}

/**
 * Notes on lines a commit or range does not change (a `secretKeyRef` written long ago) would be
 * repeated at every commit touching the file: a terminal shows them with --verbose only, and the
 * summary counts them. Errors and warnings already in history stay: those values need rotating.
 */
function quietOldNote(f: Finding, verbose: boolean): boolean {
  return !verbose && f.preexisting === true && f.severity === 'note';
}

function paintedSummary(
  report: ScanReport,
  shown: readonly Finding[],
  files: number,
  hiddenNotes: number,
  oldLeaks: number,
  verbose: boolean,
  p: Palette,
): string {
  const counts = countBySeverity(shown);
  let summary = summaryLine(
    counts,
    files,
    report.stats.files,
    report.suppressed.length,
    report.skipped.length,
    verbose,
  );
  summary += alreadyInHistorySummary(oldLeaks);
  if (hiddenNotes > 0)
    summary += `; ${plural(hiddenNotes, 'note')} on unchanged lines not shown (--verbose lists them)`;
  const worst: Severity | undefined =
    counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : counts.note > 0 ? 'note' : undefined;
  return worst !== undefined ? p.severity[worst](summary) : summary;
}

export const textReporter = {
  format: 'text',
  render: (report, ctx) => {
    const p = palette(ctx.color);
    const lines: string[] = [];
    const shown = report.findings.filter((f) => !quietOldNote(f, ctx.verbose));
    // Errors and warnings already committed in a touched file: one line each, apart from the change's own.
    const oldLeaks = ctx.verbose ? [] : alreadyInHistory(report.findings);
    const hiddenNotes = report.findings.length - shown.length - oldLeaks.length;
    const files = groupByFile(shown);
    const summary = paintedSummary(report, shown, files.size, hiddenNotes, oldLeaks.length, ctx.verbose, p);
    if (ctx.quiet === true) return `${summary}\n`;
    // Pushed one by one: `push(...block())` passes every line as an argument and overflows the
    // stack at about 40,000 findings in one object.
    for (const g of groupFindings(shown)) {
      for (const line of groupBlock(g, p, ctx.verbose)) lines.push(line);
      lines.push('');
    }
    for (const line of alreadyInHistoryLines(oldLeaks, clean)) lines.push(line);
    if (oldLeaks.length > 0) lines.push('');

    if (ctx.verbose && report.skipped.length > 0) {
      lines.push(`skipped (${report.skipped.length}):`);
      for (const s of report.skipped) lines.push(`  ${clean(s.path)}: ${clean(s.reason)}`);
      lines.push('');
    } else {
      // Binary files are expected to be passed over; a file skipped for any other reason was not checked.
      const notable = report.skipped.filter((s) => !isBinarySkip(s));
      for (const s of notable) lines.push(`${p.severity.note('note')}: skipped ${clean(s.path)}: ${clean(s.reason)}`);
      if (notable.length > 0) lines.push('');
    }

    if (ctx.verbose && report.suppressed.length > 0) {
      lines.push(`suppressed (${report.suppressed.length}):`);
      const sorted = [...report.suppressed].sort((a, b) => byLocation(a.finding, b.finding));
      for (const s of sorted) lines.push(suppressedLine(s));
      lines.push('');
    }

    lines.push(summary);
    return `${lines.join('\n')}\n`;
  },
} satisfies ScanReporter<'text'>;
