// The pure part of bench:guard: what of a scan or sweep report is recorded, how a record file is
// written (sorted, one finding a line, so a record changes by the lines a finding changes), and how a
// later run is compared with it. Never a value: only rule, place, severity and fingerprints (the JSON
// reports carry previews and value hashes; neither is kept, since a short value's hash is guessable).

const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** A scan report's findings as recorded: rule, severity, place and fingerprint, in a fixed order. */
export function scanRows(report) {
  return report.findings
    .map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      path: f.location.path,
      line: f.location.line,
      column: f.location.column,
      fingerprint: f.fingerprint,
    }))
    .sort(
      (a, b) =>
        order(a.path, b.path) ||
        a.line - b.line ||
        a.column - b.column ||
        order(a.rule, b.rule) ||
        order(a.fingerprint, b.fingerprint) ||
        order(a.severity, b.severity),
    );
}

/** A sweep report's rows as recorded: the secret's identity, where it entered and left history, its verdict. */
export function sweepRows(report) {
  return report.secrets
    .map((r) => ({
      rule: r.rule,
      severity: r.severity,
      fingerprint: r.fingerprint,
      status: r.status,
      introduced: `${r.introducedIn.commit}:${r.introducedIn.path}`,
      lastSeen: `${r.lastSeenIn.commit}:${r.lastSeenIn.path}`,
      commits: r.commits,
      refs: r.refs.length,
      presentAtHead: r.presentAtHead,
      ...(r.fingerprints !== undefined ? { fingerprints: [...r.fingerprints].sort().join(' ') } : {}),
    }))
    .sort((a, b) => order(a.rule, b.rule) || order(a.fingerprint, b.fingerprint) || order(a.introduced, b.introduced));
}

/** The columns of the recorded rows, in the order a record file lists them. */
export const SCAN_COLUMNS = ['rule', 'severity', 'path', 'line', 'column', 'fingerprint'];
export const SWEEP_COLUMNS = [
  'rule',
  'severity',
  'fingerprint',
  'status',
  'introduced',
  'lastSeen',
  'commits',
  'refs',
  'presentAtHead',
  'fingerprints',
];

/** Rows as arrays in the given column order (a record names each key once, not on every line). */
export function toTable(rows, columns) {
  return rows.map((r) => columns.map((c) => r[c] ?? null));
}

/** The inverse of toTable: a column that was absent from a row (null) stays absent. */
export function fromTable(table, columns) {
  return table.map((cells) => {
    const row = {};
    columns.forEach((c, i) => {
      if (cells[i] !== null && cells[i] !== undefined) row[c] = cells[i];
    });
    return row;
  });
}

/**
 * A record file's text: the header fields one a line, then each list with one row a line. The same
 * record always gives the same bytes; JSON.parse reads it back.
 */
export function formatRecord(record) {
  const lines = ['{'];
  const keys = Object.keys(record);
  keys.forEach((k, i) => {
    const v = record[k];
    const comma = i < keys.length - 1 ? ',' : '';
    // Scalars and column lists on one line; lists of rows one row a line.
    if (!Array.isArray(v) || v.every((x) => typeof x !== 'object' || x === null)) {
      lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}`);
      return;
    }
    lines.push(`  ${JSON.stringify(k)}: [`);
    v.forEach((row, j) => lines.push(`    ${JSON.stringify(row)}${j < v.length - 1 ? ',' : ''}`));
    lines.push(`  ]${comma}`);
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

const scanKey = (r) => `${r.rule} ${r.path} ${r.fingerprint}`;
const scanPlace = (r) => `${r.line}:${r.column} ${r.severity}`;
const SWEEP_FIELDS = [
  'severity',
  'status',
  'introduced',
  'lastSeen',
  'commits',
  'refs',
  'presentAtHead',
  'fingerprints',
];

function groupBy(rows, key) {
  const m = new Map();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * The differences between two scans of one corpus, as printable lines. Findings are matched by rule,
 * path and fingerprint; one that kept those but moved or changed severity is `changed`. The same
 * fingerprint may occur several times in a file: exact places are matched first, the rest in order.
 */
export function diffScan(corpus, before, after) {
  const out = [];
  const was = groupBy(before, scanKey);
  const now = groupBy(after, scanKey);
  const keys = [...new Set([...was.keys(), ...now.keys()])].sort(order);
  for (const k of keys) {
    const a = (was.get(k) ?? []).map(scanPlace);
    const b = (now.get(k) ?? []).map(scanPlace);
    const gone = [];
    const rest = [...b];
    for (const p of a) {
      const i = rest.indexOf(p);
      if (i >= 0) rest.splice(i, 1);
      else gone.push(p);
    }
    const paired = Math.min(gone.length, rest.length);
    for (let i = 0; i < paired; i++) out.push(`changed scan ${corpus} ${k} ${gone[i]} -> ${rest[i]}`);
    for (const p of gone.slice(paired)) out.push(`removed scan ${corpus} ${k} ${p}`);
    for (const p of rest.slice(paired)) out.push(`added scan ${corpus} ${k} ${p}`);
  }
  return out;
}

/** The differences between two sweeps of one corpus: rows matched by rule and fingerprint, then field by field. */
export function diffSweep(corpus, before, after) {
  const out = [];
  const key = (r) => `${r.rule} ${r.fingerprint}`;
  const was = groupBy(before, key);
  const now = groupBy(after, key);
  const keys = [...new Set([...was.keys(), ...now.keys()])].sort(order);
  const shown = (r) => SWEEP_FIELDS.map((f) => `${f}=${r[f] ?? '-'}`).join(' ');
  for (const k of keys) {
    const a = was.get(k) ?? [];
    const b = now.get(k) ?? [];
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const changes = SWEEP_FIELDS.filter((f) => (a[i][f] ?? '-') !== (b[i][f] ?? '-')).map(
        (f) => `${f} ${a[i][f] ?? '-'} -> ${b[i][f] ?? '-'}`,
      );
      if (changes.length > 0) out.push(`changed sweep ${corpus} ${k} ${changes.join('; ')}`);
    }
    for (const r of a.slice(n)) out.push(`removed sweep ${corpus} ${k} ${shown(r)}`);
    for (const r of b.slice(n)) out.push(`added sweep ${corpus} ${k} ${shown(r)}`);
  }
  return out;
}

/** The lines of an --expect file: difference lines as check prints them; blank lines and `#` comments ignored. */
export function parseExpect(text) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * Splits the differences found against the expected ones: `unexpected` differences fail the check,
 * and so do `missing` ones (expected but not seen: the change did not happen as announced).
 */
export function judge(differences, expected) {
  const want = new Set(expected);
  const seen = new Set(differences);
  return {
    unexpected: differences.filter((d) => !want.has(d)),
    missing: expected.filter((e) => !seen.has(e)),
    expected: differences.filter((d) => want.has(d)),
  };
}
