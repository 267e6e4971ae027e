import type { Finding } from '../finding.js';
import { jsonDocument } from './json-document.js';
import type { ScanReporter } from './reporter.js';
import { countBySeverity } from './summary.js';

/**
 * Machine-readable output with a stable shape: `version` changes only when a field is removed or
 * changes meaning (adding fields does not bump it). Keys come out in a fixed order, so two runs over
 * the same tree give byte-identical files that diff cleanly.
 */
const JSON_REPORT_VERSION = 1;

/**
 * Copies the documented Finding fields by name, in a fixed order. Listing them (instead of
 * spreading the object) means a field added to Finding later reaches the output only when
 * someone decides it belongs there: nothing is serialised by accident.
 */
function findingJson(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    message: f.message,
    location: {
      path: f.location.path,
      line: f.location.line,
      column: f.location.column,
      endLine: f.location.endLine,
      endColumn: f.location.endColumn,
    },
    object: objectJson(f),
    preview: f.preview,
    valueHash: f.valueHash,
    fingerprint: f.fingerprint,
    description: f.description,
    remediation: f.remediation,
  };
  if (f.fix !== undefined) out.fix = f.fix;
  if (f.fixLanguage !== undefined) out.fixLanguage = f.fixLanguage;
  if (f.rotate !== undefined) out.rotate = f.rotate;
  out.helpUri = f.helpUri;
  if (f.fallback !== undefined) out.fallback = f.fallback;
  if (f.embeddedBy !== undefined) out.embeddedBy = f.embeddedBy;
  if (f.preexisting === true) out.preexisting = true;
  if (f.severityBefore !== undefined) out.severityBefore = f.severityBefore;
  return out;
}

function objectJson(f: Finding): Record<string, string> {
  const o = f.object;
  const out: Record<string, string> = {};
  for (const k of ['apiVersion', 'kind', 'namespace', 'name', 'key', 'via'] as const) {
    const v = o[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export const jsonReporter = {
  format: 'json',
  render: (report, ctx) =>
    jsonDocument(JSON_REPORT_VERSION, ctx.toolVersion, {
      findings: report.findings.map(findingJson),
      suppressed: report.suppressed.map((s) => ({ by: s.by, reason: s.reason, finding: findingJson(s.finding) })),
      skipped: report.skipped.map((s) => ({ path: s.path, reason: s.reason })),
      stats: { files: report.stats.files, bytes: report.stats.bytes },
      summary: countBySeverity(report.findings),
    }),
} satisfies ScanReporter<'json'>;
