import { describe, expect, it } from 'vitest';
import { isValueShapedKey } from '../src/classify/key-name.js';
import { scanText } from '../src/engine.js';
import { fingerprint, sha256, shownKey } from '../src/finding.js';
import { buildRuleset, loadRuleFiles } from '../src/ruleset/load.js';
import { commitAt, sweep, T0 } from './history/helpers.js';
import { tempRepo, write } from './git/repo.js';

/** Key names that are themselves credentials are shown redacted, by one predicate; every other key is left alone. */
const ruleset = buildRuleset(loadRuleFiles());
const tokens = ruleset.tokens;

/** Identifiers people give Secret/ConfigMap keys, env vars and values paths, digits and acronyms included. */
const IDENTIFIERS = [
  'password',
  'api-token',
  'tls.crt',
  '.dockerconfigjson',
  'existingSecretPasswordKey',
  'oauth2ClientSecretForProd',
  'applicationProperties',
  'AWS_SECRET_ACCESS_KEY',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'keycloakAdminPassword2024',
  'elasticsearchPasswordV2',
  's3AccessKeyIdProd01',
  'nextauthSecretK8sV1beta1',
  'x509CertificateChainPem',
  'kubeconfigDataForClusterEu1',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ConnectionStrings__DefaultConnection',
  'dbPasswordForTenant42',
  'apiKeyV3ForStripeEU',
  'OAuth2ProxyCookieSecret',
  'postgresql.auth.postgresPassword',
  'spring.datasource.password',
  '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  'AzureWebJobsStorage',
];

/** A deterministic stream of base62 strings, like generated keys. */
function randomKeys(count: number, length: number): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let seed = 0x2545f491;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % alphabet.length;
  };
  return Array.from({ length: count }, () => Array.from({ length }, () => alphabet[next()]).join(''));
}

describe('isValueShapedKey', () => {
  it('holds for keys in a token format, credential content or random text', () => {
    for (const key of [
      'ghp_W8nq2FAKEtZx5LmR7vKp3YcJ9dHs4BgTa6Ue',
      'AKIA2E0A8F3B244C9986', // upper case and digits only: the AWS rule's format says it, not the look
      'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
      'password:hunter2hunter', // `{password:hunter2hunter}`: the value became part of the key
      'Zk3qP9xL2vB7nR4tY8wC1mD6',
      '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'config.Zk3qP9xL2vB7nR4tY8wC1mD6', // a values path with a random part
    ])
      expect(isValueShapedKey(key, tokens), key).toBe(true);
  });

  it('does not hold for identifiers', () => {
    expect(IDENTIFIERS.filter((k) => isValueShapedKey(k, tokens))).toEqual([]);
  });

  // A look-based test: a random string now and then reads as words (about one in ten at 20 to 24
  // characters, fewer when longer). Known token formats do not depend on it.
  it('holds for most random keys of 20 characters or more', () => {
    for (const [length, share] of [
      [20, 0.85],
      [24, 0.87],
      [32, 0.88],
      [40, 0.9],
    ] as const) {
      const keys = randomKeys(1000, length);
      const found = keys.filter((k) => isValueShapedKey(k, tokens)).length;
      expect(found, `length ${length}`).toBeGreaterThan(keys.length * share);
    }
  });
});

describe('shownKey', () => {
  const key = 'ghp_W8nq2FAKEtZx5LmR7vKp3YcJ9dHs4BgTa6Ue';

  it('leaves an identifier as it is, and redacts a credential-shaped key to a preview and a hash', () => {
    for (const k of IDENTIFIERS) expect(shownKey(k, tokens)).toBe(k);
    expect(shownKey(key, tokens)).toBe(`gh…(40 chars) sha256:${sha256(key).slice(0, 12)}`);
  });

  it('is stable when applied twice, and tells apart keys that share a prefix and a length', () => {
    const shown = shownKey(key, tokens);
    expect(isValueShapedKey(shown, tokens)).toBe(false);
    expect(shownKey(shown, tokens)).toBe(shown);
    const other = `${key.slice(0, -1)}f`;
    expect(shownKey(other, tokens)).not.toBe(shown);
  });
});

describe('fingerprints of findings on such keys', () => {
  const secret = (key: string, value = 'ZmFrZS12YWx1ZS0x'): string =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ndata:\n  ${key}: ${value}\n`;
  const keyFinding = (text: string, path = 'a.yaml') =>
    scanText(path, text, ruleset).findings.find((f) => f.ruleId === 'secret-data')!;

  it('are unchanged for an ordinary key', () => {
    const f = keyFinding(secret('password'));
    expect(f.object.key).toBe('password');
    expect(f.fingerprint).toBe(
      fingerprint(
        'secret-data',
        { kind: 'Secret', namespace: 'shop', name: 'db', key: 'password' },
        'a.yaml',
        f.valueHash,
      ),
    );
  });

  it('follow the real key: stable across files and lines, different for another key', () => {
    const key = 'ghp_W8nq2FAKEtZx5LmR7vKp3YcJ9dHs4BgTa6Ue';
    const a = keyFinding(secret(key));
    const moved = keyFinding(`# moved\n${secret(key)}`, 'b.yaml');
    const other = keyFinding(secret(`${key.slice(0, -1)}f`));
    expect(a.object.key).toBe(shownKey(key, tokens));
    expect(moved.fingerprint).toBe(a.fingerprint);
    expect(other.fingerprint).not.toBe(a.fingerprint);
  });

  it('are the same in the history sweep as in scan', async () => {
    const key = 'Zk3qP9xL2vB7nR4tY8wC1mD6';
    const repo = tempRepo();
    write(repo, { 'db.yaml': secret(key) });
    commitAt(repo, T0);
    const report = await sweep(repo);
    const row = report.secrets.find((r) => r.rule === 'secret-data')!;
    expect(row.key).toBe(shownKey(key, tokens));
    expect(row.fingerprint).toBe(keyFinding(secret(key), 'db.yaml').fingerprint);
  });
});
