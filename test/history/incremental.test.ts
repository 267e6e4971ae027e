import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepProgress } from '../../src/history/sweep.js';
import { git, secret, tempRepo, write } from '../git/repo.js';
import { commitAt, sweep, T0 } from './helpers.js';

describe('sealcheck sweep --state: incremental sweeps', () => {
  it('reads only the new commits and merges them with what it remembered', async () => {
    const repo = tempRepo();
    const state = join(repo, '..', 'sweep-state.json');
    write(repo, { 'db.yaml': secret('db', { password: 'fake-incremental-old-1' }) });
    commitAt(repo, T0);
    write(repo, { 'README.md': '# a\n' });
    commitAt(repo, T0 + 1);
    const first = await sweep(repo, { statePath: state });
    expect(first.stats.commits).toBe(2);
    expect(existsSync(state)).toBe(true);
    expect(readFileSync(state, 'utf8')).not.toContain('fake-incremental-old-1');

    write(repo, { 'db.yaml': secret('db', { password: 'fake-incremental-new-1' }) });
    commitAt(repo, T0 + 2);
    git(repo, 'checkout', '-q', '-b', 'topic');
    write(repo, { 'topic.yaml': secret('topic', { token: 'fake-incremental-topic-1' }) });
    commitAt(repo, T0 + 3);
    git(repo, 'checkout', '-q', 'main');

    let walked = 0;
    const progress = (p: SweepProgress): void => void (walked = p.commits);
    const second = await sweep(repo, { statePath: state, progress });
    expect(walked).toBe(2); // only the two new commits were read from git
    const full = await sweep(repo);
    expect(second).toEqual(full);
    expect(second.secrets.map((r) => `${r.name}:${r.status}`).sort()).toEqual([
      'db:rotate',
      'db:superseded',
      'topic:rotate',
    ]);

    // Nothing new: nothing walked, same answer.
    walked = -1;
    const third = await sweep(repo, { statePath: state, progress });
    expect(walked).toBe(0);
    expect(third).toEqual(full);
  });

  it('drops remembered commits that no ref reaches any more (a force-push), and starts over when options change', async () => {
    const repo = tempRepo();
    const state = join(repo, '..', 'state.json');
    write(repo, { 'README.md': '# a\n' });
    commitAt(repo, T0);
    write(repo, { 'oops.yaml': secret('oops', { password: 'fake-incremental-forced-2' }) });
    commitAt(repo, T0 + 1);
    expect((await sweep(repo, { statePath: state })).secrets).toHaveLength(1);
    git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    git(repo, 'reflog', 'expire', '--expire=now', '--all');
    expect((await sweep(repo, { statePath: state })).secrets).toEqual([]);
    const other = await sweep(repo, { statePath: state, maxFileSize: 1024 });
    expect(other.notes.join('\n')).toContain('--state');
  });

  it('refuses to overwrite a file that is not a state file', async () => {
    const repo = tempRepo();
    write(repo, { 'db.yaml': secret('db', { password: 'fake-state-guard-1' }) });
    commitAt(repo, T0);
    const wrong = join(repo, '..', 'app.env');
    writeFileSync(wrong, 'DB_PASSWORD=fake-not-a-state-file\n');
    await expect(sweep(repo, { statePath: wrong })).rejects.toThrow(
      'is not a sealcheck sweep state file; refusing to overwrite it',
    );
    expect(readFileSync(wrong, 'utf8')).toBe('DB_PASSWORD=fake-not-a-state-file\n');
  });
});
