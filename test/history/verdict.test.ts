import { describe, expect, it } from 'vitest';
import { git, tempRepo, write } from '../git/repo.js';
import { commitAt, sweep, T0 } from './helpers.js';

const KEY_A = 'AKIAFAKEBBGDKH4V6VPA';
const KEY_B = 'AKIAFAKEQ7WZRT2M9XLC';
const java = (key: string): string => `class Creds {\n  static final String ACCESS = "${key}";\n}\n`;
const doc = (key: string): string => `# Setup\n\nExport \`AWS_ACCESS_KEY_ID=${key}\` before running.\n`;

describe('sweep verdicts: superseded only when the same object got another value', () => {
  it('a key deleted from source, and another key added later to documentation: the first is still rotate', async () => {
    const repo = tempRepo();
    write(repo, { 'src/Creds.java': java(KEY_A) });
    commitAt(repo, T0);
    write(repo, { 'src/Creds.java': 'class Creds {}\n' });
    const removed = commitAt(repo, T0 + 10, 'remove key');
    write(repo, { 'docs/setup.md': doc(KEY_B) });
    commitAt(repo, T0 + 20, 'docs');
    const report = await sweep(repo);
    const old = report.secrets.find((r) => r.introducedIn.path === 'src/Creds.java')!;
    expect(old.status).toBe('rotate');
    expect(old.reason).toMatch(/^deleted, but still reachable from branch main/);
    expect(report.secrets.map((r) => r.status)).toEqual(['rotate', 'rotate']);
    expect(removed).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a key replaced in the same file: superseded, naming the commit where the old value left', async () => {
    const repo = tempRepo();
    write(repo, { 'src/Creds.java': java(KEY_A) });
    commitAt(repo, T0);
    write(repo, { 'src/Creds.java': java(KEY_B) });
    const replaced = commitAt(repo, T0 + 10, 'rotate key');
    const report = await sweep(repo);
    const [current, old] = report.secrets;
    expect(current).toMatchObject({ status: 'rotate', presentAtHead: true });
    expect(old).toMatchObject({ status: 'superseded' });
    expect(old!.reason).toContain(`replaced in commit ${replaced.slice(0, 12)}`);
    expect(old!.reason).toContain('(src/Creds.java)');
  });

  it('a file moved to another folder with a new key in the same commit: the move is followed', async () => {
    const repo = tempRepo();
    write(repo, { 'src/Creds.java': java(KEY_A) });
    commitAt(repo, T0);
    git(repo, 'rm', '-q', 'src/Creds.java');
    write(repo, { 'app/src/Creds.java': java(KEY_B) });
    const moved = commitAt(repo, T0 + 10, 'move and rotate');
    const old = (await sweep(repo)).secrets.find((r) => r.introducedIn.path === 'src/Creds.java')!;
    expect(old.status).toBe('superseded');
    expect(old.reason).toContain(`replaced in commit ${moved.slice(0, 12)}`);
  });

  it('a Secret value changed while the same value stays at the tip in another Secret, in another encoding: rotate', async () => {
    const repo = tempRepo();
    const plain = 'fake-sweep-verdict-shared-1';
    write(repo, {
      'db.yaml': [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: db',
        'stringData:',
        `  password: ${plain}`,
        '',
      ].join('\n'),
      'backup.yaml': [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: db-backup',
        'data:',
        `  password: ${Buffer.from(plain).toString('base64')}`,
        '',
      ].join('\n'),
    });
    commitAt(repo, T0);
    write(repo, {
      'db.yaml': [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: db',
        'stringData:',
        '  password: fake-sweep-verdict-new-2',
        '',
      ].join('\n'),
    });
    commitAt(repo, T0 + 10, 'change db only');
    const report = await sweep(repo);
    const old = report.secrets.find((r) => r.name === 'db' && !r.presentAtHead)!;
    expect(old.status).toBe('rotate');
    expect(old.reason).toContain('the same value is still present at the tip of main (backup.yaml)');
    const out = JSON.stringify(report);
    expect(out).not.toContain(plain);
  });
});
