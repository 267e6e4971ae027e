import { execFileSync } from 'node:child_process';
import { sweepRepository, type SweepOptions } from '../../src/history/sweep.js';
import type { SecretRow, SweepReport } from '../../src/history/model.js';
import { cleanEnv } from '../git/repo.js';

/** A commit with fixed author and committer dates (seconds since the epoch), so "earliest" is deterministic. */
export function commitAt(repo: string, seconds: number, message = 'commit'): string {
  const date = `@${seconds} +0000`;
  const env = cleanEnv({ GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  execFileSync('git', ['add', '-A'], { cwd: repo, env });
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: repo, env });
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, env, encoding: 'utf8' }).trim();
}

/** Runs git with fixed dates (merges, tags). */
export function gitAt(repo: string, seconds: number, ...args: string[]): string {
  const date = `@${seconds} +0000`;
  return execFileSync('git', args, {
    cwd: repo,
    env: cleanEnv({ GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }),
    encoding: 'utf8',
  });
}

export const T0 = 1_700_000_000;

export function sweep(repo: string, opts: SweepOptions = {}): Promise<SweepReport> {
  return sweepRepository(repo, { env: cleanEnv(), workers: 1, ...opts });
}

export function rowsOf(report: SweepReport, pred: (r: SecretRow) => boolean = () => true): SecretRow[] {
  return report.secrets.filter(pred);
}

/** A SealedSecret with the given (already encrypted, or fake) encryptedData. */
export function sealedSecret(name: string, data: Record<string, string>, namespace?: string): string {
  return [
    'apiVersion: bitnami.com/v1alpha1',
    'kind: SealedSecret',
    'metadata:',
    `  name: ${name}`,
    ...(namespace !== undefined ? [`  namespace: ${namespace}`] : []),
    'spec:',
    '  encryptedData:',
    ...Object.entries(data).map(([k, v]) => `    ${k}: ${v}`),
    '',
  ].join('\n');
}
