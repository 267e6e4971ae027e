import { sweepRepository, type SweepOptions } from '../../src/history/sweep.js';
import type { SecretRow, SweepReport } from '../../src/history/model.js';
import { cleanEnv } from '../helpers/git.js';

export { commitAt, gitAt } from '../helpers/git.js';

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
