import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hybridEncrypt } from '../../src/seal/hybrid.js';
import { git, tempRepo, write } from '../git/repo.js';
import { commitAt, rowsOf, sealedSecret, sweep, T0 } from './helpers.js';

function keyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** The controller's key Secret as `kubectl get secret -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml` shows it. */
function keySecret(privateKey: KeyObject): string {
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return [
    'apiVersion: v1',
    'kind: Secret',
    'type: kubernetes.io/tls',
    'metadata:',
    '  name: sealed-secrets-keyfake1',
    '  namespace: kube-system',
    '  labels:',
    '    sealedsecrets.bitnami.com/sealed-secrets-key: active',
    'data:',
    `  tls.key: ${Buffer.from(pem).toString('base64')}`,
    '',
  ].join('\n');
}

const seal = (key: KeyObject, plaintext: string, label: string): string =>
  hybridEncrypt(key, Buffer.from(plaintext), Buffer.from(label));

describe('sealcheck sweep: leaked sealing keys', () => {
  it('opens every SealedSecret sealed to a key found in history, and only those', async () => {
    const leaked = keyPair();
    const other = keyPair();
    const repo = tempRepo();
    write(repo, {
      'apps/db.sealed.yaml': sealedSecret(
        'db',
        { password: seal(leaked.publicKey, 'fake-opened-by-leaked-key', 'prod/db/password') },
        'prod',
      ),
      'apps/api.sealed.yaml': sealedSecret(
        'api',
        { token: seal(other.publicKey, 'fake-sealed-to-other-key', 'prod/api/token') },
        'prod',
      ),
    });
    commitAt(repo, T0, 'sealed secrets');
    write(repo, { 'backup/key.yaml': keySecret(leaked.privateKey) });
    const keyCommit = commitAt(repo, T0 + 10, 'oops: key backup');
    git(repo, 'rm', '-q', 'backup/key.yaml');
    commitAt(repo, T0 + 20, 'remove key backup');

    const state = join(repo, '..', 'state.json');
    const report = await sweep(repo, { statePath: state });
    // The state remembers ciphertexts and hashes, never key material: the next run reads the key's blob again.
    const saved = readFileSync(state, 'utf8');
    expect(saved).not.toContain('PRIVATE KEY');
    expect(saved).not.toContain(keySecret(leaked.privateKey).split('tls.key: ')[1]!.slice(0, 40));
    expect(await sweep(repo, { statePath: state })).toEqual(report);
    const key = rowsOf(report, (r) => r.rule === 'sealing-key');
    expect(key).toHaveLength(1);
    expect(key[0]).toMatchObject({
      status: 'rotate',
      kind: 'Secret',
      namespace: 'kube-system',
      key: 'tls.key',
      presentAtHead: false,
    });
    expect(key[0]!.reason).toContain('renew the sealing key');
    // The key comes first: it is the riskiest row.
    expect(report.secrets[0]!.rule).toBe('sealing-key');

    const opened = rowsOf(report, (r) => r.rule === 'sealed-secret-leaked-key');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      kind: 'SealedSecret',
      namespace: 'prod',
      name: 'db',
      key: 'password',
      status: 'rotate',
      presentAtHead: true,
      commits: 3,
    });
    expect(opened[0]!.reason).toBe(
      `sealed to a controller key that leaked at commit ${keyCommit.slice(0, 12)} (backup/key.yaml): anyone with the repository can open it`,
    );
    expect(rowsOf(report, (r) => r.name === 'api')).toEqual([]);
    expect(report.stats.leakedSealingKeys).toBe(1);
    expect(JSON.stringify(report)).not.toContain('fake-opened-by-leaked-key');
  });

  it('tries a key given with --sealing-key on history too', async () => {
    const given = keyPair();
    const repo = tempRepo();
    write(repo, {
      'api.sealed.yaml': sealedSecret('api', {
        token: seal(given.publicKey, 'fake-opened-by-given-key', 'wrong/label'),
      }),
    });
    commitAt(repo, T0);
    expect((await sweep(repo)).secrets).toEqual([]);
    const report = await sweep(repo, { sealingKeys: [given.privateKey] });
    expect(report.secrets).toHaveLength(1);
    expect(report.secrets[0]).toMatchObject({
      name: 'api',
      key: 'token',
      status: 'rotate',
      rule: 'sealed-secret-leaked-key',
    });
    expect(report.secrets[0]!.reason).toContain('--sealing-key');
  });
});
