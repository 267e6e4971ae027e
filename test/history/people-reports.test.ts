import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine.js';
import type { SweepReport } from '../../src/history/model.js';
import { REPORTERS, SWEEP_FORMATS } from '../../src/report/index.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { git, secret, tempRepo, write } from '../git/repo.js';
import { commitAt, sweep, T0 } from './helpers.js';

/**
 * The sweep reports a person reads (text, Markdown, CSV): one entry per distinct value, titled by
 * what it is, with the preview and the file and line where it came in, refs summarised. The JSON
 * report keeps one row per identity and every ref.
 */
const ctx = {
  rules: loadRuleFiles().map((l) => l.data),
  color: false,
  toolVersion: '0.0.0-test',
  docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
};
const render = (report: SweepReport): Record<string, string> =>
  Object.fromEntries(SWEEP_FORMATS.map((f) => [f, REPORTERS.sweep[f].render(report, ctx)]));

const checklist = (markdown: string): string[][] => {
  const items: string[][] = [];
  for (const line of markdown.split('\n'))
    if (line.startsWith('- [ ] ')) items.push([line]);
    else if (line.startsWith('  - ')) items.at(-1)?.push(line);
  return items;
};
const csvRows = (csv: string): string[] => csv.split('\r\n').filter((l) => /^[^,]*,(rotate|superseded),/.test(l));
const textBlocks = (text: string): string[] => text.split('\n').filter((l) => /^(ROTATE|SUPERSEDED)/.test(l));

const VALUE = 'fake-shared-QWPX-db-password-1';

describe('sweep reports for people', () => {
  it('a value under three object identities is one entry with one reason, naming every object and path', async () => {
    const repo = tempRepo();
    write(repo, {
      'db.yaml': secret('db', { password: VALUE }),
      'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_PASSWORD: ${VALUE}\n`,
      'deploy.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: DB_PASSWORD\n              value: ${VALUE}\n`,
    });
    commitAt(repo, T0);
    // Gone from two objects, still at the tip in the Secret: per identity, the reasons differ.
    git(repo, 'rm', '-q', 'cm.yaml', 'deploy.yaml');
    commitAt(repo, T0 + 10);
    const report = await sweep(repo);
    expect(report.secrets).toHaveLength(3);
    expect(new Set(report.secrets.map((r) => r.reason)).size).toBeGreaterThan(1);

    const { markdown, csv, text, json } = render(report);
    const items = checklist(markdown!);
    expect(items).toHaveLength(1);
    const item = items[0]!.join('\n');
    expect(items[0]![0]).toContain('`Secret db key "password"`');
    const also = items[0]!.find((l) => l.startsWith('  - also under: '));
    expect(also?.slice(16).split(', ').sort()).toEqual([
      '`ConfigMap app key "DB_PASSWORD"`',
      '`Deployment web key "DB_PASSWORD"`',
    ]);
    expect(item).toContain('`db.yaml:6`');
    expect(item).toContain('`cm.yaml:6`');
    expect(item).toMatch(/`deploy\.yaml:1[23]`/);
    // One reason: the one that makes it a rotation, with nothing contradicting it.
    expect(item.match(/present at the tip|not at the tip|gone from here/g)).toEqual(['present at the tip']);
    expect(markdown).toContain('1 secret value reached a commit: **1 to rotate**');

    expect(csvRows(csv!)).toHaveLength(1);
    expect(textBlocks(text!)).toHaveLength(1);
    expect(text!.match(/^ {12}why /gm)).toHaveLength(1);
    expect((JSON.parse(json!) as { secrets: unknown[] }).secrets).toHaveLength(3);
  });

  it('four values in one file, with no object, are four entries told apart by line and titled by rule and file', async () => {
    const repo = tempRepo();
    const lines = [1, 2, 3, 4].map(
      (i) => `    String u${i} = "https://api.example.com/v${i}/items?api_key=Zq${i}mK7vR2xT9pLw4Hs8NcB6yD${i}";`,
    );
    write(repo, { 'src/Canary.java': `class Canary {\n${lines.join('\n')}\n}\n` });
    commitAt(repo, T0);
    const report = await sweep(repo);
    expect(report.secrets).toHaveLength(4);
    // The previews alone are alike: the line is what tells them apart.
    expect(new Set(report.secrets.map((r) => r.preview)).size).toBe(1);

    const { markdown, csv, text } = render(report);
    const items = checklist(markdown!);
    expect(items).toHaveLength(4);
    const heads = items.map((i) => i[0]!);
    for (const h of heads) {
      expect(h).toContain('`url-query-credential in src/Canary.java`');
      expect(h).toContain('`Zq…(26 chars)`');
      expect(h).not.toMatch(/\*\* `value`/);
    }
    // Same file, same commit, same severity: in line order.
    const at = items.map((i) => /`src\/Canary\.java:(\d+)`/.exec(i.join('\n'))?.[1]);
    expect(at).toEqual(['2', '3', '4', '5']);

    const rows = csvRows(csv!);
    expect(rows).toHaveLength(4);
    const header = csv!.split('\r\n')[0]!.split(',');
    const lineCol = header.indexOf('introduced_line');
    expect(rows.map((r) => r.split(',')[lineCol]).sort()).toEqual(['2', '3', '4', '5']);
    expect(new Set(rows).size).toBe(4);

    expect(textBlocks(text!)).toHaveLength(4);
    expect(text!.match(/src\/Canary\.java:[2-5]\b/g)?.sort()).toEqual([
      'src/Canary.java:2',
      'src/Canary.java:3',
      'src/Canary.java:4',
      'src/Canary.java:5',
    ]);
  });

  it('many refs are summarised by kind, naming the default branch; the JSON keeps every name', async () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': secret('db', { password: VALUE }) });
    commitAt(repo, T0);
    const branch = git(repo, 'symbolic-ref', '--short', 'HEAD').trim();
    for (let i = 1; i <= 3; i++) git(repo, 'branch', `release/${i}`);
    for (let i = 1; i <= 12; i++) git(repo, 'tag', `v1.${i}.0`);
    const report = await sweep(repo);
    const { markdown, csv, text, json } = render(report);
    const summary = `${branch}, 3 other branches, 12 tags`;
    expect(markdown).toContain(`  - refs: ${summary}`);
    expect(text).toContain(`refs       ${summary}`);
    expect(csv).toContain(`,"${summary}",16,`);
    expect(markdown).not.toContain('v1.7.0');
    const refs = (JSON.parse(json!) as { secrets: { refs: string[]; defaultBranch: string }[] }).secrets[0]!;
    expect(refs.refs).toHaveLength(16);
    expect(refs.refs).toContain('refs/tags/v1.7.0');
    expect(refs.defaultBranch).toBe(`refs/heads/${branch}`);
  });
});
