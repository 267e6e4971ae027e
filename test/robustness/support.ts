import { scanText } from '../../src/engine.js';
import type { Finding } from '../../src/finding.js';
import { buildRuleset, loadRuleFiles } from '../../src/ruleset/load.js';
import { runScan, type ScanReport } from '../../src/scan.js';
import { MemorySource } from '../../src/sources/memory.js';

/** The shipped rule set, as users run it: robustness is a property of the whole pipeline. */
export const ruleset = buildRuleset(loadRuleFiles());

/** Where a finding is, in the shape tests compare exactly. */
export interface At {
  rule: string;
  line: number;
  column: number;
  key?: string;
}

export function at(f: Finding): At {
  const out: At = { rule: f.ruleId, line: f.location.line, column: f.location.column };
  if (f.object.key !== undefined) out.key = f.object.key;
  return out;
}

/** Findings of one file through the pure engine. */
export function scan(path: string, text: string): Finding[] {
  return scanText(path, text, ruleset).findings;
}

/** Findings of in-memory files through the real driver (binary detection, decoding, suppression). */
export function scanFiles(files: Record<string, string | Buffer>): Promise<ScanReport> {
  return runScan(new MemorySource(files), ruleset);
}

export const byRule = (findings: readonly Finding[], rule: string): At[] =>
  findings.filter((f) => f.ruleId === rule).map(at);

/** The parse-error notes (their code is in `object.key`): bad input must say so, never read as clean. */
export const parseNotes = (findings: readonly Finding[]): Finding[] =>
  findings.filter((f) => f.ruleId === 'parse-error');

/** The not-scanned findings (their code is in `object.key`): content left unchecked, which blocks a commit. */
export const notScanned = (findings: readonly Finding[]): Finding[] =>
  findings.filter((f) => f.ruleId === 'not-scanned');

/** Line and column checks against the text the positions refer to (without a BOM). */
function lineLengths(text: string): number[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return t.split('\n').map((l) => l.length);
}

/** Every finding's start and end lie inside the file: 1 ≤ line ≤ lines, 1 ≤ column ≤ length + 1, start ≤ end. */
export function positionProblems(findings: readonly Finding[], text: string): string[] {
  const lengths = lineLengths(text);
  const out: string[] = [];
  const inside = (line: number, column: number): boolean =>
    Number.isInteger(line) &&
    Number.isInteger(column) &&
    line >= 1 &&
    line <= lengths.length &&
    column >= 1 &&
    column <= (lengths[line - 1] ?? 0) + 1;
  for (const f of findings) {
    const { line, column, endLine, endColumn } = f.location;
    const label = `${f.ruleId} ${line}:${column}-${endLine}:${endColumn}`;
    if (!inside(line, column)) out.push(`${label}: start outside the file`);
    if (!inside(endLine, endColumn)) out.push(`${label}: end outside the file`);
    if (endLine < line || (endLine === line && endColumn < column)) out.push(`${label}: end before start`);
  }
  return out;
}

export const SECRET_HEADER = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\n';
