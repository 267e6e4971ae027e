import { jsonDocument } from '../report/json-document.js';
import type { SweepReporter } from '../report/reporter.js';
import type { CommitPlace, SecretRow } from './model.js';
import { SWEEP_REPORT_VERSION } from './report-common.js';

/**
 * `{"version", "tool", "secrets": [...], "stats": {...}, "notes": [...], "errors": [...]}`. Fields are copied by name
 * in a fixed order (nothing reaches the output by accident) and the file has no timestamps, so two
 * sweeps of the same history are byte-identical and shard reports merge exactly.
 */
function place(p: CommitPlace): CommitPlace {
  const out: CommitPlace = { commit: p.commit, author: p.author, date: p.date, path: p.path };
  if (p.line !== undefined) out.line = p.line;
  return out;
}

function rowJson(r: SecretRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (r.repo !== undefined) out.repo = r.repo;
  Object.assign(out, {
    namespace: r.namespace,
    name: r.name,
    key: r.key,
    kind: r.kind,
    rule: r.rule,
    severity: r.severity,
    fingerprint: r.fingerprint,
    preview: r.preview,
    ...(r.valueHash !== undefined ? { valueHash: r.valueHash } : {}),
    status: r.status,
    reason: r.reason,
    introducedIn: place(r.introducedIn),
    lastSeenIn: place(r.lastSeenIn),
    refs: [...r.refs],
    presentAtHead: r.presentAtHead,
    ...(r.defaultBranch !== undefined ? { defaultBranch: r.defaultBranch } : {}),
    commits: r.commits,
  });
  if (r.via !== undefined) out.via = [...r.via];
  if (r.fingerprints !== undefined) out.fingerprints = [...r.fingerprints];
  return out;
}

export const sweepJsonReporter = {
  format: 'json',
  render: (report, ctx) =>
    jsonDocument(SWEEP_REPORT_VERSION, ctx.toolVersion, {
      secrets: report.secrets.map(rowJson),
      stats: { ...report.stats },
      notes: [...report.notes],
      errors: [...(report.errors ?? [])],
      // Where a scan reports each suppressed copy and why: rule, path, fingerprint, never a value.
      suppressed: (report.suppressed ?? []).map((s) => ({
        ...(s.repo !== undefined ? { repo: s.repo } : {}),
        rule: s.rule,
        path: s.path,
        fingerprint: s.fingerprint,
        by: s.by,
        reason: s.reason,
      })),
    }),
} satisfies SweepReporter<'json'>;
