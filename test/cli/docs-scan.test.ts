import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sealcheck, tempTree } from '../helpers/cli.js';
import { cleanEnv, commitAll, git, tempRepo, write } from '../git/repo.js';

/** Documentation pages through the built CLI: quoted manifests and command lines block, placeholders do not. */

const TOKEN = 'Lk3vT9qW2xZ8mN4rB6yH';
const PAGE = [
  '# Install',
  '',
  '1. Create the Secret:',
  '',
  '   ```yaml',
  '   apiVersion: v1',
  '   kind: Secret',
  '   metadata:',
  '     name: api',
  '   stringData:',
  `     apiToken: ${TOKEN}`,
  '   ```',
  '',
  '2. Install the chart:',
  '',
  '   ```console',
  '   $ helm install api ./chart \\',
  `       --set auth.apiToken=${TOKEN}`,
  '   ```',
  '',
].join('\n');
const PLACEHOLDERS = PAGE.split(TOKEN).join('<your-token>');

interface Json {
  findings: {
    ruleId: string;
    severity: string;
    fix?: string;
    location: { path: string; line: number; column: number };
  }[];
}

const where = (out: string): string[] =>
  (JSON.parse(out) as Json).findings.map(
    (f) => `${f.ruleId} ${f.location.path}:${f.location.line}:${f.location.column} ${f.severity}`,
  );

describe('documentation pages (CLI)', () => {
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT },
    );
  }, 120_000);

  it('blocks a token in a quoted Secret and in a helm --set line of a README, at their places, and never prints it', () => {
    const dir = tempTree({ 'docs/README.md': PAGE, 'docs/ok.md': PLACEHOLDERS });
    const r = sealcheck(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain(TOKEN);
    expect(where(r.stdout)).toEqual([
      'secret-string-data docs/README.md:11:16 error',
      'command-line-credential docs/README.md:18:28 error',
    ]);
    expect((JSON.parse(r.stdout) as Json).findings[0]?.fix).toContain('placeholder');
    const text = sealcheck(['scan', 'docs/ok.md'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(text.status).toBe(0);
  });

  it('judges a staged documentation page by what it quotes', () => {
    const repo = tempRepo();
    write(repo, { 'README.md': '# x\n' });
    commitAll(repo);
    write(repo, { 'README.md': PAGE });
    git(repo, 'add', 'README.md');
    const r = sealcheck(['scan', '--staged', '--format', 'json'], { cwd: repo, env: { ...cleanEnv(), NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain(TOKEN);
    expect(where(r.stdout)).toEqual([
      'secret-string-data README.md:11:16 error',
      'command-line-credential README.md:18:28 error',
    ]);
  });
});
