// Hand labels for `npm run bench:detect` and the arithmetic on them: parsing a label file,
// precision of `error` findings, recall of labelled real credentials, and the seeded sample to label.
// Pure functions on a scan's JSON findings (which hold previews and hashes, never values).
//
// A label file (bench/labels/<corpus>.tsv) is tab-separated, one row per finding:
//   fingerprint  label  reason  rule  location  preview  message
// - fingerprint: the finding's `fingerprint`, or `-` for a credential no finding reports (a miss,
//   found by reading the file or by another tool); such a row is located by `location` alone.
// - label: `real` (a real-shaped credential a person would rotate), `not` (not a credential), or
//   empty (drawn for labelling, not labelled yet: ignored). A labelled row needs a reason.
// - location: path:line, for people, and to find a `-` row (or a real credential whose finding
//   changed rule, hence fingerprint) in a run.
// - rule, preview, message: copied from the run when drawn, for people; never read back.
// Blank lines and lines starting with `#` are comments; `# commit: <sha>` names the corpus commit
// the labels were made at. The header row is optional and, when present, must be exactly COLUMNS.

import { rng } from './rng.mjs';

export const COLUMNS = ['fingerprint', 'label', 'reason', 'rule', 'location', 'preview', 'message'];
const LABELS = new Set(['real', 'not', '']);

/** Parses a label file; throws an Error naming file:line for anything it cannot read unambiguously. */
export function parseLabels(text, file = 'labels') {
  const rows = [];
  const byFingerprint = new Map();
  let commit;
  let seenRow = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const at = `${file}:${i + 1}`;
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      const m = /^#\s*commit:\s*([0-9a-f]{4,40})\s*$/i.exec(raw);
      if (m) commit = m[1].toLowerCase();
      return;
    }
    const cells = raw.split('\t');
    if (!seenRow && cells[0] === 'fingerprint') {
      seenRow = true;
      if (cells.join('\t') !== COLUMNS.join('\t')) throw new Error(`${at}: header must be "${COLUMNS.join('<TAB>')}"`);
      return;
    }
    seenRow = true;
    if (cells.length < 5)
      throw new Error(
        `${at}: expected at least 5 tab-separated columns (${COLUMNS.slice(0, 5).join(', ')}), found ${cells.length}`,
      );
    const [fingerprint, label, reason, rule, location] = cells.map((c) => c.trim());
    if (fingerprint !== '-' && !/^[0-9a-f]{32}$/.test(fingerprint))
      throw new Error(`${at}: fingerprint must be 32 hex digits or "-", got "${fingerprint}"`);
    if (!LABELS.has(label)) throw new Error(`${at}: label must be "real", "not" or empty, got "${label}"`);
    if (label !== '' && reason === '') throw new Error(`${at}: a labelled row needs a short reason`);
    const loc = parseLocation(location);
    if (location !== '' && loc === undefined) throw new Error(`${at}: location must be path:line, got "${location}"`);
    if (fingerprint === '-') {
      if (label !== 'real')
        throw new Error(`${at}: a row without fingerprint describes a credential the run must find; label it "real"`);
      if (loc === undefined) throw new Error(`${at}: a row without fingerprint needs its location (path:line)`);
    }
    const row = {
      fingerprint: fingerprint === '-' ? undefined : fingerprint,
      label: label === '' ? undefined : label,
      reason,
      rule,
      location: loc,
      source: at,
    };
    if (row.fingerprint !== undefined) {
      const prev = byFingerprint.get(row.fingerprint);
      if (prev !== undefined) {
        if (prev.label !== undefined && row.label !== undefined && prev.label !== row.label) {
          throw new Error(
            `${at}: fingerprint ${row.fingerprint} is labelled "${row.label}" here and "${prev.label}" at ${prev.source}`,
          );
        }
        if (row.label === undefined) return; // a drawn row already labelled elsewhere
        if (prev.label === undefined) rows.splice(rows.indexOf(prev), 1);
        else return; // the same label twice
      }
      byFingerprint.set(row.fingerprint, row);
    }
    rows.push(row);
  });
  return {
    commit,
    rows: rows.filter((r) => r.label !== undefined),
    drawn: rows.filter((r) => r.label === undefined).length,
    byFingerprint,
  };
}

function parseLocation(s) {
  const m = /^(.+):([1-9][0-9]*)$/.exec(s);
  return m ? { path: m[1], line: Number(m[2]) } : undefined;
}

const covers = (f, loc) =>
  f.location.path === loc.path && f.location.line <= loc.line && loc.line <= (f.location.endLine ?? f.location.line);
const SEVERITY_RANK = { error: 3, warning: 2, note: 1 };

/**
 * Precision and recall of one run against the labels.
 * - A finding's label comes from its fingerprint; an error with no labelled fingerprint that covers the
 *   location of a `-` row is that real credential, found.
 * - precision = labelled-real errors / labelled errors (null when none is labelled).
 * - recall = labelled real credentials reported as an error / labelled real credentials; one reported
 *   only as a warning or note, or not at all, is a miss. A real row is found by fingerprint, or else
 *   by an error covering its location (the finding changed rule or identity, so its fingerprint did).
 */
export function evaluate(findings, labels) {
  const errors = findings.filter((f) => f.severity === 'error');
  const locationRows = labels.rows.filter((r) => r.fingerprint === undefined);
  let real = 0;
  let not = 0;
  for (const f of errors) {
    const row = labels.byFingerprint.get(f.fingerprint);
    const label = row?.label ?? (locationRows.some((r) => covers(f, r.location)) ? 'real' : undefined);
    if (label === 'real') real++;
    else if (label === 'not') not++;
  }
  const labelled = real + not;
  const byFp = new Map();
  for (const f of findings) {
    const list = byFp.get(f.fingerprint) ?? [];
    list.push(f);
    byFp.set(f.fingerprint, list);
  }
  const realRows = labels.rows.filter((r) => r.label === 'real');
  const missed = [];
  let found = 0;
  let foundByLocation = 0;
  for (const r of realRows) {
    const same = r.fingerprint !== undefined ? (byFp.get(r.fingerprint) ?? []) : [];
    if (same.some((f) => f.severity === 'error')) {
      found++;
      continue;
    }
    const near = r.location !== undefined ? findings.filter((f) => covers(f, r.location)) : [];
    if (near.some((f) => f.severity === 'error')) {
      found++;
      foundByLocation++;
      continue;
    }
    const seen = [...same, ...near].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])[0];
    missed.push({
      location: r.location,
      reason: r.reason,
      rule: r.rule,
      seenAs: seen ? `${seen.severity} (${seen.ruleId})` : undefined,
    });
  }
  const stale = labels.rows.filter((r) => r.fingerprint !== undefined && !byFp.has(r.fingerprint)).length;
  return {
    errors: errors.length,
    precision: {
      labelled,
      real,
      not,
      unlabelled: errors.length - labelled,
      value: labelled > 0 ? real / labelled : null,
    },
    recall: {
      real: realRows.length,
      found,
      foundByLocation,
      missed,
      value: realRows.length > 0 ? found / realRows.length : null,
    },
    labelsNotInRun: stale,
  };
}

const byPlace = (a, b) =>
  a.location.path.localeCompare(b.location.path) ||
  a.location.line - b.location.line ||
  a.location.column - b.location.column ||
  a.ruleId.localeCompare(b.ruleId) ||
  a.fingerprint.localeCompare(b.fingerprint);

/**
 * N distinct error findings (one per fingerprint) drawn uniformly with the seed, in file order.
 * The draw depends only on the set of errors and the seed, not on the order the scan printed them.
 */
export function drawSample(findings, n, seed) {
  const seen = new Set();
  const pool = [];
  for (const f of findings.filter((x) => x.severity === 'error').sort(byPlace)) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    pool.push(f);
  }
  const next = rng(seed);
  const k = Math.min(n, pool.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return { pool: pool.length, rows: pool.slice(0, k).sort(byPlace) };
}

const cell = (s) => String(s ?? '').replace(/[\t\r\n]+/g, ' ');

/** One label-file row for a finding; label and reason are filled when the fingerprint is labelled already. */
export function formatRow(f, labels) {
  const known = labels?.byFingerprint.get(f.fingerprint);
  return [
    f.fingerprint,
    known?.label ?? '',
    known?.reason ?? '',
    f.ruleId,
    `${f.location.path}:${f.location.line}`,
    f.preview,
    f.message,
  ]
    .map(cell)
    .join('\t');
}

/** Error/warning/note counts per rule, rules sorted by name. */
export function perRule(findings) {
  const out = {};
  for (const f of findings) {
    out[f.ruleId] ??= { error: 0, warning: 0, note: 0 };
    out[f.ruleId][f.severity]++;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
