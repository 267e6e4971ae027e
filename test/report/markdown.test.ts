import { beforeAll, describe, expect, it } from 'vitest';
import { markdownReporter, mdCode, mdText } from '../../src/report/markdown.js';
import type { ScanReport } from '../../src/scan.js';
import { context, fixtureReport, scan } from './scan-fixture.js';

let report: ScanReport;

beforeAll(async () => {
  report = await fixtureReport();
});

/** Cells of a GFM table row: split on pipes not preceded by a backslash (GFM 4.10). */
function cells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/**
 * Removes code spans (an unescaped backtick run, anything, a run of the same length), leaving what
 * Markdown interprets.
 */
function outsideCode(md: string): string {
  return md.replace(/(?<![\\`])(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, '');
}

describe('markdown reporter', () => {
  it('opens with a summary table by severity', () => {
    const out = markdownReporter.render(report, context());
    expect(out).toContain('| Severity | Findings |\n| --- | ---: |\n| error | 4 |\n| warning | 1 |\n| note | 1 |\n');
    expect(out).toContain('6 findings in 5 files, 5 files scanned, 2 suppressed, 1 skipped.');
  });

  it('has one section per file and one entry per object: a table of its keys, then the fix once as a block', () => {
    const out = markdownReporter.render(report, context());
    const db = report.findings.find((f) => f.location.path === 'secrets/db.yaml');
    expect(out).toContain(
      '### `secrets/db.yaml`\n\n**`Secret prod/db`** · line 5 · error\n\n| Line | Severity | Key | Rule | Message |\n| ---: | --- | --- | --- | --- |\n',
    );
    const line = out.split('\n').find((l) => l.startsWith('| 5:13 |'));
    expect(cells(line ?? '')).toEqual([
      '5:13',
      'error',
      '`password`',
      `[secret-string-data](${db?.helpUri ?? ''})`,
      'Secret key "password" holds a password, in plain text in stringData',
    ]);
    expect(out).toContain(`Fix:\n\n\`\`\`sh\n${db?.fix ?? ''}\n\`\`\`\n\n${db?.rotate ?? ''}`);
    expect(out.match(/^### /gm)).toHaveLength(5); // five files; binary skips only when verbose
  });

  it('lists a Secret with several keys once, with the fix once', async () => {
    const three = await scan({
      's.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: shop }\nstringData:\n  user: shop\n  password: Qv8mZk3t-fake-Hn6wRx2L\n  url: postgres://shop:Zk3tQv8m-fake@db:5432/shop\n',
    });
    expect(three.findings.length).toBe(3);
    const out = markdownReporter.render(three, context());
    expect(out.match(/\*\*`Secret shop\/db`\*\*/g)).toHaveLength(1);
    expect(out.split('sealcheck seal --in-place').length - 1).toBe(1);
    expect(out.match(/^\| \d+:\d+ \|/gm)).toHaveLength(3);
  });

  it('lists suppressed findings with their reasons, a file over the size limit as not scanned, binary skips only when verbose', () => {
    const out = markdownReporter.render(report, context());
    expect(out).toContain('| `apps/api.yaml:14:22` | env-literal-credential | inline | test fixture, rotated weekly |');
    expect(out).toContain('### `big.yaml`');
    expect(out).toContain('| warning | `too-large` | [not-scanned]');
    expect(out).not.toContain('logo.png');
    expect(markdownReporter.render(report, context({ verbose: true }))).toContain('- `logo.png`: binary file');
  });

  it('escapes a hostile file name with |, backticks and <script> so the table and page hold', async () => {
    const name = 'a|b`c``d <script>alert(1)</script> *x* [y](z).yaml';
    const hostile = await scan({
      [name]:
        'apiVersion: v1\nkind: Secret\nmetadata: { name: "n|<img src=x onerror=alert(1)>" }\nstringData:\n  "p|`w<b>": "Qv8mZk3t-fake-Hn6wRx2L"\n',
    });
    expect(hostile.findings.length).toBe(1);
    const out = markdownReporter.render(hostile, context({ verbose: true }));
    const row = out.split('\n').find((l) => l.startsWith('| 5:'));
    expect(cells(row ?? '')).toHaveLength(5);
    // Nothing outside code spans may open an HTML tag, a link or emphasis from the input.
    const interpreted = outsideCode(out);
    expect(interpreted).not.toMatch(/<(script|img|b)\b/i);
    expect(interpreted).not.toContain('[y](z)');
    expect(interpreted).not.toMatch(/(?<!\\)\*x(?<!\\)\*/);
    // The heading's code span has a fence longer than any backtick run in the name.
    expect(out).toContain(`### \`\`\`${name}\`\`\``);
    expect(out).toContain('Secret key "p\\|\\`w&lt;b&gt;" holds');
  });

  it('builds code spans that survive backticks, edge spaces and pipes', () => {
    expect(mdCode('plain', false)).toBe('`plain`');
    expect(mdCode('a`b', false)).toBe('``a`b``');
    expect(mdCode('`x`', false)).toBe('`` `x` ``');
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
    expect(mdCode('line\nbreak', false)).toBe('`line break`');
    expect(mdCode('', true)).toBe('');
    expect(mdText('<b>&|`*_[x]~\\')).toBe('&lt;b&gt;&amp;\\|\\`\\*\\_\\[x\\]\\~\\\\');
  });
});
