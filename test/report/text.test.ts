import { beforeAll, describe, expect, it } from 'vitest';
import { textReporter } from '../../src/report/text.js';
import type { ScanReport } from '../../src/scan.js';
import { context, fixtureReport, scan } from './scan-fixture.js';

const ESC = '\u001b';

let report: ScanReport;

beforeAll(async () => {
  report = await fixtureReport();
});

/** A string as a literal regex. */
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The header lines of object groups: lines that start in column 1 and are not notes or sections. */
function headers(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => /^[^\s]/.test(l) && !/^(note:|skipped \(|suppressed \(|\d+ errors?,|No findings)/.test(l));
}

describe('text reporter', () => {
  it('writes no escape sequences without colour, in any mode', () => {
    for (const verbose of [false, true]) expect(textReporter.render(report, context({ verbose }))).not.toContain(ESC);
  });

  it('colours severities and paths when asked', () => {
    const out = textReporter.render(report, context({ color: true }));
    expect(out).toContain(`${ESC}[1;31merror  ${ESC}[0m`);
    expect(out).toContain(`${ESC}[36mnote   ${ESC}[0m`);
    expect(out).toContain(`${ESC}[1;4msecrets/db.yaml:5${ESC}[0m`);
  });

  it('gives each leaking object one header (path:lines, object, rule) and its keys below, in path order', () => {
    const out = textReporter.render(report, context());
    const paths = [...new Set(report.findings.map((f) => f.location.path))];
    expect([...new Set(headers(out).map((h) => h.split(':')[0]))]).toEqual(paths);
    expect(out).toContain('secrets/db.yaml:5  Secret prod/db  secret-string-data\n');
    expect(out).toContain('apps/api.yaml:12  Deployment api, container "api"  env-literal-credential\n');
    // Each finding's row sits under its own object's header.
    const lines = out.split('\n');
    for (const f of report.findings) {
      const at = lines.findIndex((l) => l.startsWith(`  ${f.location.line}:${f.location.column} `));
      expect(at, `${f.ruleId} at ${f.location.line}`).toBeGreaterThan(0);
      const header = lines
        .slice(0, at)
        .reverse()
        .find((l) => headers(l).length === 1);
      expect(header?.startsWith(`${f.location.path}:`)).toBe(true);
    }
  });

  it('prints key rows with severity, key, preview and what was found; fix and rotate once; details only when verbose', () => {
    const out = textReporter.render(report, context());
    const db = report.findings.find((f) => f.location.path === 'secrets/db.yaml');
    expect(db).toBeDefined();
    if (!db) return;
    expect(out).toMatch(new RegExp(`\\n {2}5:13 {2}error {4}password {2}${escape(db.preview)} {2}holds `));
    expect(out).toContain(`  fix         ${(db.fix ?? '(missing)').split('\n').join(`\n${' '.repeat(14)}`)}`);
    expect(out).toContain(`  rotate      ${db.rotate ?? '(missing)'}`);
    expect(out).toContain('(found by the text fallback: the file does not parse)');
    for (const hidden of [db.fingerprint, db.remediation, db.helpUri, db.description])
      expect(out).not.toContain(hidden);
    const verbose = textReporter.render(report, context({ verbose: true }));
    expect(verbose).toContain(`    fingerprint ${db.fingerprint}`);
    expect(verbose).toContain(`  remediation ${db.remediation}`);
    expect(verbose).toContain(`  docs        ${db.helpUri}`);
    expect(verbose).toContain(`  why         ${db.description}`);
    expect(verbose).toContain(db.message.replace(/^Secret key "password" /, ''));
  });

  it('keeps default lines within 120 characters apart from the lines of a fix, and --quiet to the summary', () => {
    const out = textReporter.render(report, context());
    // A fix's lines are commands to paste: they are never wrapped.
    const fixLines = new Set(report.findings.flatMap((f) => (f.fix ?? '').split('\n')));
    const long = out
      .split('\n')
      .filter((l) => l.length > 120 && !fixLines.has(l.replace(/^ {2}fix {9}/, '').trimStart()));
    expect(long).toEqual([]);
    const quiet = textReporter.render(report, context({ quiet: true }));
    expect(quiet).toBe(`${out.trimEnd().split('\n').at(-1) ?? ''}\n`);
  });

  it('ends with a summary line whose counts match the findings', () => {
    const out = textReporter.render(report, context());
    const last = out.trimEnd().split('\n').at(-1);
    const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
    const files = new Set(report.findings.map((f) => f.location.path)).size;
    expect(count('error')).toBe(4);
    expect(last).toBe(
      `${count('error')} errors, ${count('warning')} warning, ${count('note')} note in ${files} files (${report.stats.files} scanned); 2 suppressed (--verbose lists them); 1 skipped`,
    );
  });

  it('reports a file over the size limit as a not-scanned warning, and binary skips only when verbose', () => {
    const quiet = textReporter.render(report, context());
    expect(quiet).toMatch(
      /big\.yaml:1 {2}not-scanned\n {2}1:1 +warning +too-large +not fully checked: larger than the 4096 byte limit \(4107 bytes\)/,
    );
    expect(quiet).not.toContain('logo.png');
    const verbose = textReporter.render(report, context({ verbose: true }));
    expect(verbose).toContain('skipped (1):\n  logo.png: binary file\n');
  });

  it('lists suppressed findings with who suppressed them and why only when verbose', () => {
    expect(textReporter.render(report, context())).not.toContain('rotated weekly');
    const verbose = textReporter.render(report, context({ verbose: true }));
    expect(verbose).toContain('suppressed (2):');
    expect(verbose).toContain('  apps/api.yaml:14:22  env-literal-credential  inline: test fixture, rotated weekly');
    expect(verbose).toContain(
      '  secrets/db.yaml:6:14  secret-string-data  config: dummy value used by the test cluster',
    );
    expect(verbose.trimEnd().split('\n').at(-1)).toMatch(/; 2 suppressed; 1 skipped$/);
  });

  it('says so when there is nothing to report', async () => {
    const clean = await scan({
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { LOG_LEVEL: info }\n',
    });
    expect(textReporter.render(clean, context())).toBe('No findings in 1 scanned file\n');
  });

  it('escapes control and bidi characters in hostile file names and keys', async () => {
    const name = `evil${ESC}[2J\u202eyaml.txt\n.yaml`;
    const hostile = await scan({
      [name]: `apiVersion: v1\nkind: Secret\nmetadata: { name: x }\nstringData:\n  "tok\\e]0;pwned\\aen": "Rk7wQz3v-fake-Lm9pXt2N"\n`,
    });
    expect(hostile.findings.length).toBeGreaterThan(0);
    for (const color of [false, true]) {
      const out = textReporter.render(hostile, context({ color, verbose: true }));
      // Only our own SGR sequences (ESC [ digits m) may remain.
      // Control characters (C0 and C1, except the newline) and bidi overrides.
      expect(withoutSgr(out)).not.toMatch(/(?!\n)[\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
      expect(out).toContain('evil\\u001b[2J\\u202eyaml.txt\\u000a.yaml');
      expect(out).toContain('Secret x');
      expect(out).toContain('tok\\u001b]0;pwned\\u0007en');
    }
  });

  it('hides notes on unchanged lines unless verbose, but never an old error (it needs rotating)', () => {
    const notes = report.findings.filter((f) => f.severity === 'note');
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(notes.length).toBeGreaterThan(0);
    const judged: ScanReport = {
      ...report,
      suppressed: [],
      skipped: [],
      findings: [...notes, ...errors].map((f) => ({ ...f, preexisting: true })),
    };
    const quiet = textReporter.render(judged, context());
    const at = (f: (typeof notes)[number], sev: string) =>
      new RegExp(`\\b${f.location.line}:${f.location.column} +${sev} `);
    for (const n of notes) expect(quiet).not.toMatch(at(n, 'note'));
    for (const e of errors) expect(quiet).toMatch(at(e, 'error'));
    expect(quiet.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(`; ${notes.length} notes? on unchanged lines not shown \\(--verbose lists them\\)$`),
    );
    const verbose = textReporter.render(judged, context({ verbose: true }));
    for (const n of notes) expect(verbose).toMatch(at(n, 'note'));
    expect(verbose).not.toContain('not shown');
  });
});

/** The text without SGR sequences (ESC [ digits m); any other escape sequence stays for the check to catch. */
function withoutSgr(text: string): string {
  const [head = '', ...rest] = text.split('\u001b[');
  return (
    head + rest.map((part) => (/^[0-9;]*m/.test(part) ? part.replace(/^[0-9;]*m/, '') : `\u001b[${part}`)).join('')
  );
}
