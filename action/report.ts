import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import { DEFAULT_ENGINE_OPTIONS } from '../src/engine.js';
import { InternalError } from '../src/errors.js';
import type { Finding } from '../src/finding.js';
import { describeObject } from '../src/report/object-label.js';
import { markdownReporter } from '../src/report/markdown.js';
import { scanSarifLog } from '../src/report/sarif.js';
import { sarifText } from '../src/report/sarif-log.js';
import type { RuleData } from '../src/ruleset/rule.js';
import type { ScanReport } from '../src/scan.js';
import { VERSION } from '../src/version.js';
import { escapeText, listItem, type HistoryItem } from './render.js';

/** GitHub shows 10 error and 10 warning annotations per step and drops the rest silently. */
const MAX_ANNOTATIONS = 10;

const ORDER = { error: 0, warning: 1, note: 2 } as const;

/**
 * Workflow-command annotations: the ten most severe findings, then one notice that counts the
 * rest and points at the job summary. Needs no token, so it is the fork and push channel.
 * `@actions/core` escapes the message and properties (newlines, `::`, `%`).
 */
export function annotate(findings: readonly Finding[], history: readonly HistoryItem[]): void {
  const all = [...findings, ...history.map((h) => h.finding)].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  for (const f of all.slice(0, MAX_ANNOTATIONS)) {
    const object = describeObject(f.object);
    const text = [f.message, f.fix !== undefined ? `Fix: ${f.fix}` : undefined, f.rotate]
      .filter((s) => s !== undefined)
      .join('\n');
    const props: core.AnnotationProperties = {
      title: `sealcheck ${f.ruleId}${object !== undefined ? `: ${object.slice(0, 200)}` : ''}`,
      file: f.location.path,
      startLine: f.location.line,
      endLine: Math.max(f.location.line, f.location.endLine),
    };
    if (f.severity === 'error') core.error(text, props);
    else if (f.severity === 'warning') core.warning(text, props);
    else core.notice(text, props);
  }
  if (all.length > MAX_ANNOTATIONS) {
    core.notice(
      `sealcheck: ${all.length - MAX_ANNOTATIONS} more finding(s) are not annotated (GitHub shows ${MAX_ANNOTATIONS} per step): see the job summary or the SARIF file.`,
    );
  }
}

/** A step's summary may hold 1 MiB; leave room for the header and the truncation note. */
const MAX_SUMMARY = 900 * 1024;

export interface SummaryInput {
  report: ScanReport;
  rules: readonly RuleData[];
  title: string;
  lines: readonly string[];
  history: readonly HistoryItem[];
  /** Markdown lines that say how to get the job green when only the history holds values. */
  historyAdvice?: readonly string[];
}

/** The job summary: a status paragraph, sealcheck's Markdown report of the findings, the history findings. */
export function summaryMarkdown(input: SummaryInput): string {
  const parts = [`# ${escapeText(input.title)}`, '', ...input.lines, ''];
  const md = markdownReporter.render(input.report, {
    rules: input.rules,
    color: false,
    verbose: false,
    toolVersion: VERSION,
    docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
  });
  parts.push(md.replace(/^## sealcheck report/, '## Findings at the head'));
  if (input.history.length > 0) {
    parts.push(
      '## Committed in this range and removed again',
      '',
      'These values are still in the history of every clone: rotate them.',
      '',
    );
    for (const h of input.history) parts.push(`- ${listItem(h.finding)} (added in ${h.commit.slice(0, 12)})`);
    parts.push('');
    for (const l of input.historyAdvice ?? []) parts.push(l);
  }
  const text = parts.join('\n');
  if (text.length <= MAX_SUMMARY) return text;
  return `${text.slice(0, MAX_SUMMARY)}\n\n… the summary is truncated here (GitHub allows 1 MiB per step); the SARIF file has every finding.\n`;
}

/**
 * SARIF for `github/codeql-action/upload-sarif`: the CLI's SARIF (value-free partial fingerprints,
 * src/report/sarif.ts) with the findings committed and removed again in the range, marked as such,
 * and `runAutomationDetails.id` as the category.
 */
export function actionSarif(report: ScanReport, history: readonly HistoryItem[], rules: readonly RuleData[]): string {
  const combined: ScanReport = { ...report, findings: [...report.findings, ...history.map((h) => h.finding)] };
  const log = scanSarifLog(combined, {
    rules,
    color: false,
    verbose: false,
    toolVersion: VERSION,
    docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
  });
  const [run] = log.runs;
  // scanSarifLog writes the findings in report order (history last), then the suppressed ones.
  history.forEach((h, i) => {
    const r = run.results[report.findings.length + i];
    if (r === undefined) throw new InternalError('the SARIF log has fewer results than findings');
    r.properties = { ...r.properties, commit: h.commit, removedLater: true };
  });
  run.automationDetails = { id: 'sealcheck/' };
  return sarifText(log);
}

export function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
