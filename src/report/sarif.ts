import { InternalError } from '../errors.js';
import type { Finding } from '../finding.js';
import { byLocation, type ScanReport, type SuppressedFinding } from '../scan.js';
import type { SkippedFile } from '../sources/source.js';
import { publicIds } from './public-id.js';
import type { ReportContext, ScanReporter } from './reporter.js';
import {
  artifactLocation,
  ruleDescriptor,
  sarifLog,
  sarifText,
  type Json,
  type SarifLog,
  type SarifResult,
} from './sarif-log.js';

/**
 * `scan --format sarif`: one result per finding, located by region, then the suppressed findings
 * with their suppression; skipped files are notifications. The envelope and what it leaves out
 * (any value hash or preview) are shared with the sweep (sarif-log.ts).
 */

/** SARIF regions are 1-based with an exclusive end column; clamp so a degenerate span stays valid. */
function region(f: Finding): Json {
  const l = f.location;
  const startLine = Math.max(1, l.line);
  const startColumn = Math.max(1, l.column);
  const endLine = Math.max(startLine, l.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, l.endColumn) : Math.max(1, l.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

function objectProperties(f: Finding): Json {
  const object: Json = {};
  for (const k of ['apiVersion', 'kind', 'namespace', 'name', 'key', 'via'] as const) {
    const v = f.object[k];
    if (v !== undefined) object[k] = v;
  }
  const props: Json = { object };
  if (f.embeddedBy !== undefined) props.embeddedBy = f.embeddedBy;
  if (f.fallback === true) props.fallback = true;
  if (f.preexisting === true) props.preexisting = true;
  return props;
}

function result(
  f: Finding,
  id: string,
  ruleIndex: ReadonlyMap<string, number>,
  suppression?: SuppressedFinding,
): SarifResult {
  const index = ruleIndex.get(f.ruleId);
  return {
    ruleId: f.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: f.severity,
    message: { text: f.fix !== undefined ? `${f.message}\nFix: ${f.fix}` : f.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.location.path), region: region(f) } }],
    partialFingerprints: { primaryLocationLineHash: id },
    ...(suppression !== undefined
      ? {
          suppressions: [
            {
              // An allow comment lives in the file; the config allowlist and the baseline live elsewhere.
              kind: suppression.by === 'inline' ? 'inSource' : 'external',
              status: 'accepted',
              justification: suppression.reason,
            },
          ],
        }
      : {}),
    properties: objectProperties(f),
  };
}

function notification(s: SkippedFile): Json {
  return {
    level: 'note',
    message: { text: `skipped ${s.path}: ${s.reason}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.path) } }],
  };
}

/**
 * The scan's SARIF log as an object: the Action adds to it (history findings, its category)
 * before writing it.
 */
export function scanSarifLog(report: ScanReport, ctx: ReportContext): SarifLog {
  const ruleIndex = new Map(ctx.rules.map((r, i) => [r.id, i] as const));
  const suppressed = [...report.suppressed].sort((a, b) => byLocation(a.finding, b.finding));
  const ids = publicIds([...report.findings, ...suppressed.map((s) => s.finding)]);
  const idOf = (f: Finding): string => {
    const id = ids.get(f);
    if (id === undefined) throw new InternalError('a SARIF result has no public id');
    return id;
  };
  return sarifLog({
    toolVersion: ctx.toolVersion,
    rules: ctx.rules.map((r) => ruleDescriptor(r, ctx.docsBase)),
    executionSuccessful: true,
    notifications: report.skipped.map(notification),
    columnKind: 'utf16CodeUnits',
    results: [
      ...report.findings.map((f) => result(f, idOf(f), ruleIndex)),
      ...suppressed.map((s) => result(s.finding, idOf(s.finding), ruleIndex, s)),
    ],
  });
}

export const sarifReporter = {
  format: 'sarif',
  render: (report, ctx) => sarifText(scanSarifLog(report, ctx)),
} satisfies ScanReporter<'sarif'>;
