import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { commitAll, git, lineOf, scanChanges, secret, summary, tempRepo, write } from './repo.js';

describe('scan --diff', () => {
  it('A..B compares the two commits, A...B the merge base with B', async () => {
    const repo = tempRepo();
    const shared = secret('shared', { user: 'app' });
    write(repo, { 'shared.yaml': shared });
    commitAll(repo, 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    const feature = secret('feature', { password: 'fake-feature-branch-pass' });
    write(repo, { 'feature.yaml': feature });
    commitAll(repo, 'feature');
    git(repo, 'checkout', '-q', 'main');
    write(repo, { 'shared.yaml': secret('shared', { user: 'app', token: 'fake-main-only-token-1' }) });
    commitAll(repo, 'main moves on');

    const three = await scanChanges({ range: 'main...feature' }, repo);
    expect(three.changes.map((c) => `${c.status} ${c.path}`)).toEqual(['A feature.yaml']);
    expect(summary(three.report)).toEqual([`feature.yaml:${lineOf(feature, 'password:')} error`]);

    // Two dots: main's token is "removed" on the way to feature; removals add no lines.
    const two = await scanChanges({ range: 'main..feature' }, repo);
    expect(two.changes.map((c) => `${c.status} ${c.path}`).sort()).toEqual(['A feature.yaml', 'M shared.yaml']);
    expect(two.changes.find((c) => c.path === 'shared.yaml')?.addedLines).toEqual([]);
    expect(summary(two.report).filter((s) => s.endsWith('error'))).toEqual([
      `feature.yaml:${lineOf(feature, 'password:')} error`,
    ]);
  });

  it('a range ending in a merge commit reports what the merge brings in', async () => {
    const repo = tempRepo();
    write(repo, { 'README.md': '# demo\n' });
    commitAll(repo, 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    const text = secret('merged', { password: 'fake-merged-in-pass-1' });
    write(repo, { 'merged.yaml': text });
    commitAll(repo, 'feature');
    git(repo, 'checkout', '-q', 'main');
    write(repo, { 'other.md': 'other\n' });
    commitAll(repo, 'main');
    git(repo, 'merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');

    const firstParent = await scanChanges({ range: 'HEAD^1..HEAD' }, repo);
    expect(summary(firstParent.report)).toEqual([`merged.yaml:${lineOf(text, 'password:')} error`]);
    // Seen from the feature branch the merge adds only other.md: nothing new.
    const secondParent = await scanChanges({ range: 'HEAD^2..HEAD' }, repo);
    expect(secondParent.changes.map((c) => c.path)).toEqual(['other.md']);
    expect(secondParent.report.findings).toEqual([]);
  });

  it('reads the blobs at the end of the range, not the working tree, and references from the same commit', async () => {
    const repo = tempRepo();
    const start = commitAll(repo, 'empty');
    write(repo, {
      'k/kustomization.yaml': 'secretGenerator:\n  - name: app\n    envs: [app.env]\n',
      'k/app.env': 'DB_PASSWORD=fake-range-env-pass\n',
    });
    commitAll(repo, 'add');
    write(repo, { 'k/app.env': 'DB_PASSWORD=\n', 'k/kustomization.yaml': '# emptied in the working tree\n' });
    const { report } = await scanChanges({ range: `${start}..HEAD` }, repo);
    expect(summary(report)).toEqual(['k/app.env:1 error']);
  });

  it('accepts an empty side as HEAD', async () => {
    const repo = tempRepo();
    const start = commitAll(repo, 'empty');
    write(repo, { 'x.env': 'GITHUB_TOKEN=ghp_rNrcFAKEtFcpH8o2QALtaYTUDZABIYbEt6HT\n' });
    commitAll(repo, 'token');
    expect(summary((await scanChanges({ range: `${start}..` }, repo)).report)).toEqual(['x.env:1 error']);
  });

  it('refuses what is not a range, and a base that is not in a shallow clone', async () => {
    const repo = tempRepo();
    write(repo, { 'a.txt': 'a\n' });
    const first = commitAll(repo, 'one');
    write(repo, { 'b.txt': 'b\n' });
    commitAll(repo, 'two');
    await expect(scanChanges({ range: 'HEAD' }, repo)).rejects.toThrow(UsageError);
    await expect(scanChanges({ range: 'nope..HEAD' }, repo)).rejects.toThrow(/"nope" is not a commit/);

    const shallow = join(repo, '..', 'shallow');
    git(join(repo, '..'), 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
    await expect(scanChanges({ range: `${first}..HEAD` }, shallow)).rejects.toThrow(/shallow clone/);
    await expect(scanChanges({ range: 'HEAD~1..HEAD' }, shallow)).rejects.toThrow(/shallow clone/);
    await expect(scanChanges({ range: `${first}...HEAD` }, shallow)).rejects.toThrow(UsageError);
  });
});
