import type { Finding } from '../finding.js';
import { byLocation, type SuppressedFinding } from '../scan.js';
import { SEVERITIES } from '../severity.js';
import type { SkippedFile } from '../sources/source.js';
import type { ScanReporter } from './reporter.js';
import { countBySeverity, groupByFile, isBinarySkip, plural } from './summary.js';
import { groupFindings, type GroupKey, type ObjectGroup } from './object-groups.js';

/**
 * A Markdown report for PR comments, job summaries and issues: per file, one entry per leaking
 * object with a table of its keys and the fix once. File names, keys and object names
 * come from the scanned repository and are hostile input here: a `|` would break the table, a
 * backtick the code span, and `<img onerror>` or `<script>` would be HTML in renderers that allow it.
 * Names go into code spans (nothing inside one is interpreted); free text is entity- and
 * backslash-escaped.
 */

/** Plain text: HTML-significant characters become entities, Markdown punctuation is backslash-escaped. */
export function mdText(s: string): string {
  return (
    s
      .replace(/[\r\n]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~]/g, '\\$&')
      // A zero-width space after @ keeps "@org/team" in a path or message from notifying anyone where
      // the Markdown is posted (a job summary, a PR comment).
      .replace(/@/g, '@\u200b')
  );
}

/**
 * A code span that holds any text: the fence is one backtick longer than the longest run inside
 * (CommonMark 6.1), padded when the text starts or ends with a backtick or space. In a table cell
 * a `|` must still be escaped, even inside a code span (GFM 4.10).
 */
export function mdCode(s: string, inTable: boolean): string {
  const flat = s.replace(/[\r\n]+/g, ' ');
  if (flat === '') return '';
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = /^[` ]|[` ]$/.test(flat) ? ' ' : '';
  const body = inTable ? flat.replace(/\|/g, '\\|') : flat;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block that nothing inside can close: the fence is longer than any backtick run in it (CommonMark 4.5). */
export function mdFence(content: string, info = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(content) + 1));
  return `${fence}${info}\n${content.replace(/\n$/, '')}\n${fence}`;
}

function longestBacktickRun(s: string): number {
  return (s.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0);
}

/** Link targets are our own docs URLs; characters that would end the link early are encoded anyway. */
function mdUrl(url: string): string {
  return url.replace(/[()<>| \\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function keyRow(k: GroupKey): string {
  const f = k.finding;
  const message = [mdText(f.message)];
  if (k.fix !== undefined) message.push(`Fix: ${mdCode(k.fix, true)}`);
  return row([
    `${k.line}:${k.column}`,
    k.severity,
    k.key !== undefined ? mdCode(k.key, true) : '',
    `[${mdText(f.ruleId)}](${mdUrl(f.helpUri)})`,
    message.join('<br>'),
  ]);
}

/**
 * The fence's info string for a fix: `sh` for commands, `yaml` for a manifest change, `text` for a
 * sentence. A fix is opaque text from the remediation code that may span several lines; its first
 * line that is not a comment decides (a comment alone reads as shell).
 */
export function fixLanguage(fix: string): 'sh' | 'yaml' | 'text' {
  const first = fix.split('\n').find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
  if (/^(sealcheck|kubeseal|kubectl|rm|git|mv|cp) /.test(first)) return 'sh';
  if (/^ *(- )?[A-Za-z_][\w.-]{0,100}:( |$)/.test(first)) return 'yaml';
  return first === '' && fix.trimStart().startsWith('#') ? 'sh' : 'text';
}

/**
 * A fix of an object as a fenced block, whatever its length in lines, in the language its finding
 * declares (`Finding.fixLanguage`), else as `fixLanguage` reads it.
 */
export function fixFence(fix: string, g?: ObjectGroup): string {
  const declared = g?.findings.find((f) => f.fix === fix)?.fixLanguage;
  return mdFence(fix, declared ?? fixLanguage(fix));
}

/** One leaking object: a heading line, a table of its keys, then the fix and the rotation advice once. */
function groupSection(g: ObjectGroup): string[] {
  const range = g.endLine > g.line ? `lines ${g.line}–${g.endLine}` : `line ${g.line}`;
  const what = g.label !== undefined ? mdCode(g.label, false) : mdText(g.findings[0]?.title ?? '');
  const out = [
    `**${what}** · ${range} · ${g.severity}`,
    '',
    row(['Line', 'Severity', 'Key', 'Rule', 'Message']),
    row(['---:', '---', '---', '---', '---']),
  ];
  for (const k of g.keys) out.push(keyRow(k));
  out.push('');
  if (g.fix !== undefined) out.push('Fix:', '', fixFence(g.fix, g), '');
  if (g.rotate !== undefined) out.push(mdText(g.rotate), '');
  return out;
}

function fileSection(path: string, findings: readonly Finding[]): string[] {
  const out = [`### ${mdCode(path, false)}`, ''];
  for (const g of groupFindings(findings)) for (const line of groupSection(g)) out.push(line);
  return out;
}

function suppressedSection(suppressed: readonly SuppressedFinding[]): string[] {
  if (suppressed.length === 0) return [];
  return [
    `<details><summary>${plural(suppressed.length, 'suppressed finding')}</summary>`,
    '',
    row(['Location', 'Rule', 'By', 'Reason']),
    row(['---', '---', '---', '---']),
    ...[...suppressed]
      .sort((a, b) => byLocation(a.finding, b.finding))
      .map((s) => {
        const l = s.finding.location;
        return row([mdCode(`${l.path}:${l.line}:${l.column}`, true), mdText(s.finding.ruleId), s.by, mdText(s.reason)]);
      }),
    '',
    '</details>',
    '',
  ];
}

function skippedSection(skipped: readonly SkippedFile[], verbose: boolean): string[] {
  // As in the text format: binary files only in verbose output, every other skip always.
  const shown = verbose ? skipped : skipped.filter((s) => !isBinarySkip(s));
  if (shown.length === 0) return [];
  return ['### Skipped files', '', ...shown.map((s) => `- ${mdCode(s.path, false)}: ${mdText(s.reason)}`), ''];
}

export const markdownReporter = {
  format: 'markdown',
  render: (report, ctx) => {
    const counts = countBySeverity(report.findings);
    const groups = groupByFile(report.findings);
    const lines: string[] = ['## sealcheck report', ''];
    lines.push(row(['Severity', 'Findings']), row(['---', '---:']));
    for (const s of SEVERITIES) lines.push(row([s, String(counts[s])]));
    lines.push('');

    const total = report.findings.length;
    const parts = [
      total === 0 ? 'No findings' : `${plural(total, 'finding')} in ${plural(groups.size, 'file')}`,
      `${plural(report.stats.files, 'file')} scanned`,
    ];
    if (report.suppressed.length > 0) parts.push(`${report.suppressed.length} suppressed`);
    if (report.skipped.length > 0) parts.push(`${report.skipped.length} skipped`);
    lines.push(`${parts.join(', ')}.`, '');

    // Pushed one by one: spreading a section of tens of thousands of lines into push() overflows the stack.
    const sections = [
      ...[...groups].map(([path, findings]) => fileSection(path, findings)),
      skippedSection(report.skipped, ctx.verbose),
      suppressedSection(report.suppressed),
    ];
    for (const section of sections) for (const line of section) lines.push(line);
    // The lookbehind starts the match only at the first of the trailing newlines: `\n+$` alone re-scans every run of blank lines from each of its positions.
    return `${lines.join('\n').replace(/(?<!\n)\n+$/, '')}\n`;
  },
} satisfies ScanReporter<'markdown'>;
