import type { Finding } from '../finding.js';
import { byLocation, type SuppressedFinding } from '../scan.js';
import type { Severity } from '../severity.js';
import { alreadyInHistory, alreadyInHistoryLines, alreadyInHistorySummary } from './already-in-history.js';
import { describeObject } from './object-label.js';
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

const LABEL_WIDTH = 'remediation'.length + 1;

function details(f: Finding, p: Palette): string[] {
  // Values are cleaned before any colour is added, so only our own escape sequences reach the terminal.
  const rows: Array<[string, string]> = [];
  const object = describeObject(f.object);
  const fallback = f.fallback === true ? '(found by the text fallback: the file does not parse)' : undefined;
  const objectText = [object, fallback].filter((s) => s !== undefined).join(' ');
  if (objectText !== '') rows.push(['object', clean(objectText)]);
  // In full: it is what an `allow:` entry in .sealcheck.yaml names.
  const fp = clean(f.fingerprint);
  rows.push(
    f.preview !== '' ? ['value', `${clean(f.preview)}  ${p.dim(`fingerprint ${fp}`)}`] : ['fingerprint', p.dim(fp)],
  );
  // A fix may be several lines (a command and its alternative): each line is cleaned and aligned.
  if (f.fix !== undefined)
    for (const [i, line] of f.fix.split('\n').entries()) rows.push([i === 0 ? 'fix' : '', clean(line)]);
  if (f.rotate !== undefined) rows.push(['rotate', clean(f.rotate)]);
  rows.push(['remediation', clean(f.remediation)]);
  rows.push(['docs', clean(f.helpUri)]);
  return rows.map(([label, value]) => `      ${p.label(label.padEnd(LABEL_WIDTH))}${value}`);
}

function fileBlock(path: string, findings: readonly Finding[], p: Palette): string[] {
  const positions = findings.map((f) => `${f.location.line}:${f.location.column}`);
  // A loop, not Math.max(...): spreading tens of thousands of arguments overflows the stack.
  const width = positions.reduce((w, s) => Math.max(w, s.length), 0);
  const out = [p.path(clean(path))];
  findings.forEach((f, i) => {
    const severity = p.severity[f.severity](f.severity.padEnd(7));
    out.push(`  ${(positions[i] ?? '').padEnd(width)}  ${severity}  ${clean(f.ruleId)}  ${clean(f.message)}`);
    for (const row of details(f, p)) out.push(row);
  });
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

export const textReporter = {
  format: 'text',
  render: (report, ctx) => {
    const p = palette(ctx.color);
    const lines: string[] = [];
    const shown = report.findings.filter((f) => !quietOldNote(f, ctx.verbose));
    const oldLeaks = ctx.verbose ? [] : alreadyInHistory(report.findings);
    const hiddenNotes = report.findings.length - shown.length - oldLeaks.length;
    const groups = groupByFile(shown);
    // Pushed one by one: `push(...fileBlock())` passes every line of a file as an argument and
    // overflows the stack at about 40,000 findings in one file.
    for (const [path, findings] of groups) {
      for (const line of fileBlock(path, findings, p)) lines.push(line);
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

    const counts = countBySeverity(shown);
    let summary = summaryLine(
      counts,
      groups.size,
      report.stats.files,
      report.suppressed.length,
      report.skipped.length,
      ctx.verbose,
    );
    summary += alreadyInHistorySummary(oldLeaks.length);
    if (hiddenNotes > 0)
      summary += `; ${plural(hiddenNotes, 'note')} on unchanged lines not shown (--verbose lists them)`;
    const worst: Severity | undefined =
      counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : counts.note > 0 ? 'note' : undefined;
    lines.push(worst !== undefined ? p.severity[worst](summary) : summary);
    return `${lines.join('\n')}\n`;
  },
} satisfies ScanReporter<'text'>;
