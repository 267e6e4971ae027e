import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { git, secret, tempRepo, write } from '../git/repo.js';
import { commitAt, sweep, T0 } from './helpers.js';

const PLANTED = 'fake-sweep-hidden-by-graft-1';

/** A Secret committed, then deleted; two unrelated commits follow. Returns the commit after the deletion. */
function historyWithDeletedSecret(repo: string): { leak: string; cut: string } {
  write(repo, { 'README.md': '# app\n' });
  commitAt(repo, T0);
  write(repo, { 'db.yaml': secret('db', { password: PLANTED }) });
  const leak = commitAt(repo, T0 + 10, 'add db');
  git(repo, 'rm', '-q', 'db.yaml');
  const cut = commitAt(repo, T0 + 20, 'remove db');
  write(repo, { 'README.md': '# app v2\n' });
  commitAt(repo, T0 + 30);
  return { leak, cut };
}

const ctx = {
  rules: loadRuleFiles().map((l) => l.data),
  color: false,
  toolVersion: 'test',
  docsBase: 'https://example.invalid/rules',
};

describe('sweep: replace refs and grafts do not hide history', () => {
  it('git replace --graft that cuts the leaking commit away: the secret is still found, and the report says so', async () => {
    const repo = tempRepo();
    const { leak, cut } = historyWithDeletedSecret(repo);
    git(repo, 'replace', '--graft', cut);
    // Plain git no longer shows the leaking commit.
    expect(git(repo, 'log', '--all', '--format=%H')).not.toContain(leak);
    const report = await sweep(repo);
    expect(report.secrets.map((r) => [r.name, r.key, r.status, r.introducedIn.commit])).toEqual([
      ['db', 'password', 'rotate', leak],
    ]);
    const warning = report.notes.find((n) => n.includes('replace ref'));
    expect(warning).toContain(`refs/replace/${cut}`);
    for (const fmt of ['text', 'json', 'markdown'] as const) {
      const out = REPORTERS.sweep[fmt].render(report, ctx);
      expect(out).toContain('replace ref');
      expect(out).not.toContain(PLANTED);
    }
  });

  it('an info/grafts file that makes a later commit a root: the secret is still found, and the report says so', async () => {
    const repo = tempRepo();
    const { leak, cut } = historyWithDeletedSecret(repo);
    writeFileSync(join(repo, '.git', 'info', 'grafts'), `${cut}\n`);
    expect(git(repo, 'log', '--all', '--format=%H')).not.toContain(leak);
    const report = await sweep(repo);
    expect(report.secrets.map((r) => [r.name, r.status, r.introducedIn.commit])).toEqual([['db', 'rotate', leak]]);
    expect(report.stats.commits).toBe(4);
    expect(report.notes.join('\n')).toMatch(/a grafts file \(.*info\/grafts, 1 graft\)/);
    expect(REPORTERS.sweep.text.render(report, ctx)).toMatch(/^warning: .*grafts file/m);
  });

  it('a repository without replace refs or grafts gets no such warning', async () => {
    const repo = tempRepo();
    historyWithDeletedSecret(repo);
    const report = await sweep(repo);
    expect(report.notes.filter((n) => /replace ref|grafts/.test(n))).toEqual([]);
  });
});
