import { describe, expect, it } from 'vitest';
import { isNameShaped, isSecretReferenceName } from '../src/classify/names.js';
import {
  isChartDefault,
  isExampleValue,
  isMasked,
  isPasswordHash,
  isPlaceholderPem,
  isScriptReference,
  isWordLike,
} from '../src/classify/placeholder.js';
import { volumeFix } from '../src/remediation/env-fix.js';
import { isNotAValue } from '../src/classify/value-shape.js';

/** The classes of values that are not credentials although they sit under credential names, with the credentials next to them that must stay. */
describe('value classes outside Secrets', () => {
  it('tells Secret and key names from credentials', () => {
    for (const n of [
      'tlsSecret',
      'nodeSecret',
      'secret',
      'secrets',
      'passwordSecretKey',
      'clientSecretKey',
      'session_conf_secret',
    ])
      expect(isSecretReferenceName(n), n).toBe(true);
    for (const n of [
      'clientSecret',
      'jwtSecret',
      'cookie_secret',
      'oidcSecret',
      'webSocketSecret',
      'secretKey',
      'awsAccessKey',
      'password',
    ])
      expect(isSecretReferenceName(n), n).toBe(false);
    for (const v of [
      'mediawiki.local-tls',
      'phpbb.local-tls',
      'cockroachdb-node',
      'postgresql-password',
      'clientSecret',
      'credentials.json',
      'myTlsSecret',
    ])
      expect(isNameShaped(v), v).toBe(true);
    for (const v of ['18f85c331f5e3cd4', 'q8Vf2LkR7xTn4WcZ9pHs', 'a..b', 'keyboard cat', 'wJalrXUtnFEMI/K7MDENG'])
      expect(isNameShaped(v), v).toBe(false);
  });

  it('knows settings that are not values', () => {
    for (const v of [
      'true',
      '10',
      '9292',
      '30s',
      '5m',
      '0.0.0.0/0',
      '10.1.2.3',
      'credentials-binding:1.23',
      '[]',
      '{}',
      'admin:',
      '(?i).*aws_secret_access_key',
    ])
      expect(isNotAValue(v), v).toBe(true);
    for (const v of ['18f85c331f5e3cd4', 'admin:s3cr3tPass', '1.2.3', 'hunter2']) expect(isNotAValue(v), v).toBe(false);
  });

  it('knows documented examples and fill-in-the-blank values', () => {
    for (const v of [
      'AKIAIOSFODNN7EXAMPLE',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'F'.repeat(64),
      '0'.repeat(32),
      'YOUR_API_TOKEN',
      'INSERT_SLACK_TOKEN',
      'REPLACE_WITH_KEY',
      'CHANGE_ME',
      'your-api-key',
    ])
      expect(isExampleValue(v), v).toBe(true);
    for (const v of ['AKIAQ3EGUXMPLW7ZK2RD', 'enterprise2024', 'yourcompanyKey9x', 'FFFFFFF0'])
      expect(isExampleValue(v), v).toBe(false);
  });

  it('knows PEM blocks that hold no key', () => {
    const block = (body: string): string => `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    for (const b of [
      '',
      '...',
      'XXXX',
      '<private-key>',
      'REPLACE_WITH_YOUR_KEY',
      'MIIEogIBAAKCAQEAvLYcyu8f3skuRy\n...\nwrj2wDbCDCFmfqnSJ+dKI3vFLlEz44',
    ])
      expect(isPlaceholderPem(block(b)), b).toBe(true);
    expect(
      isPlaceholderPem(block('MIIEogIBAAKCAQEAvLYcyu8f3skuRyQz7Wm2dH\nwrj2wDbCDCFmfqnSJ+dKI3vFLlEz44pQr7TzXw==')),
    ).toBe(false);
    expect(
      isPlaceholderPem(
        '-----BEGIN RSA PRIVATE KEY----- MIIEogIBAAKCAQEAvLYcyu8f3skuRyQz7Wm2dH -----END RSA PRIVATE KEY-----',
      ),
    ).toBe(false);
  });

  it('knows script values that read a credential at run time', () => {
    for (const v of [
      '$REDIS_PASSWORD',
      '$password_aux',
      '${DB_PASS}',
      'neo4j:${NEO4J_PASSWORD}',
      '$(< /run/secrets/pw)',
      '$(cat /etc/pw)',
      '`cat /etc/pw`',
    ])
      expect(isScriptReference(v), v).toBe(true);
    for (const v of ['s3cr3t$', 'pa$$word', 'q8Vf2LkR7xTn4WcZ9pHs']) expect(isScriptReference(v), v).toBe(false);
  });

  it('tells chart defaults from random credentials', () => {
    for (const [v, key] of [
      ['gogs', ''],
      ['admin123', ''],
      ['sonarPass', ''],
      ['SuperSecret', ''],
      ['CHANGEME!', ''],
      ['my-access-key', 'accessKey'],
      ['zookeeper-client-password', 'zookeeperClientPassword'],
      ['repl_password', 'replication.password'],
    ] as const)
      expect(isChartDefault(v, key), v).toBe(true);
    for (const [v, key] of [
      ['q8Vf2LkR7xTn4WcZ9pHs', ''],
      ['fake-smtp-pass-77', 'SMTP_PASSWORD'],
      ['hKqZpWmRtXyBvNcL', ''],
      ['18f85c331f5e3cd4', ''],
    ] as const)
      expect(isChartDefault(v, key), v).toBe(false);
  });

  it('tells values a person typed from generated material', () => {
    const typed = [
      'keyboard cat',
      'prom-operator',
      'anchore-postgres,123',
      'not-secure-database-password',
      'Public Global Stellar Network ; September 2015',
      'etcd-cluster-k8s',
      'my-secret-for-connecting-to-ethstats',
      'abc123',
      'thisismyscretkey',
      'harbor_registry_password',
    ];
    for (const v of typed) expect(isWordLike(v), v).toBe(true);
    const generated = [
      'q8Vf2LkR7xTn4WcZ9pHs',
      '18f85c331f5e3cd4',
      'hKqZpWmRtXyBvNcL',
      'Dq7RxW2mZp9LkV4tNc8Hs3JfQ6yBa1GeUo5TiXr0Mn',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ',
      'qwhfjeoxmbnsapvtkeyl',
      'fake-Qx7Lp2Vm9Rt4',
      'x'.repeat(65),
    ];
    for (const v of generated) expect(isWordLike(v), v).toBe(false);
  });

  it('knows stored password hashes and not content digests', () => {
    for (const v of [
      'sha1:aae8550c0a44:9507d45e087d5ee481a5ce9f4f16f37a0867318c',
      '$2y$10$abcdefghijklmnopqrstuu5Zq8Wm3Xt7Lr2Vn5Kp2Vx9Qr7Lm3Tz8',
      'admin:$apr1$Xq7Lp2Vm$9Rt4fakeQx7Lp2Vm9Rt4ab',
      '{SSHA}Qx7Lp2Vm9Rt4fakeQx7Lp2Vm9Rt4',
      'pbkdf2_sha256$260000$Qx7Lp2Vm$9Rt4fakeQx7Lp2Vm9Rt4abcd=',
    ])
      expect(isPasswordHash(v), v).toBe(true);
    for (const v of [
      'sha256:2f7d3c4a1b9e8f6d5c4b3a29180716f5e4d3c2b1a09f8e7d6c5b4a3928170615',
      'q8Vf2LkR7xTn4WcZ9pHs',
      '$VAR',
      '$(cat /pw)',
    ])
      expect(isPasswordHash(v), v).toBe(false);
  });

  it('knows masked material', () => {
    for (const v of ['ssh-rsa XXXXXXXXXXXXXXXXXXXXXXXX user@host', 'ghp_xxxxxxxxxxxxxxxxxxxx', '****************'])
      expect(isMasked(v), v).toBe(true);
    for (const v of ['q8Vf2LkR7xTn4WcZ9pHs', 'XXXXXXX']) expect(isMasked(v), v).toBe(false);
    expect(isExampleValue('ssh-rsa XXXXXXXXXXXXXXXXXXXXXXXX user@host')).toBe(true);
  });

  it('takes a PEM block with a few characters of body for a placeholder', () => {
    expect(isPlaceholderPem('-----BEGIN PRIVATE KEY-----\\sdajsdnasd\\n-----END PRIVATE KEY-----')).toBe(true);
    expect(
      isPlaceholderPem(`-----BEGIN PRIVATE KEY-----\n${'Qx7Lp2Vm9Rt4'.repeat(3)}\n-----END PRIVATE KEY-----`),
    ).toBe(false);
  });

  it('names a templated Secret by its literal words in a volume fix', () => {
    const fix = volumeFix('\uFFFC\uFFFC\uFFFC-auth', 'client-id');
    expect(fix).toContain('name: auth-secret');
    expect(fix).toContain('/etc/secrets/auth/client-id');
    expect(fix).not.toMatch(/--/);
  });
});
