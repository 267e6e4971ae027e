import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { buildRuleset, loadRuleFiles } from '../../src/ruleset/load.js';
import { runScan } from '../../src/scan.js';
import { MemorySource } from '../../src/sources/memory.js';

/**
 * gitleaks' `kubernetes-secret-yaml` rule carries true- and false-positive examples
 * (gitleaks/gitleaks@b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b:cmd/generate/config/rules/kubernetes.go).
 * Every case below is our own rewrite of one of them: the same file name and YAML shape (key order,
 * tab and odd-space indentation, quoting, `data` before or after `kind`, lower-case `kind: secret`,
 * block scalars, comments, templated and empty values, trailing spaces), with our own names and
 * made-up values. A true positive must be blocked (an `error` on the line holding the value); a
 * false positive must not be (no `error`; notes and warnings are allowed).
 */
const ruleset = buildRuleset(loadRuleFiles());

/** Pads a line with trailing spaces to a width, as some of the originals are. */
const pad = (line: string, width = 26): string => line.padEnd(width, ' ');

// Made-up material. A self-signed CA certificate made for this test (no key kept), base64-encoded.
const CA_PEM_B64 =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ2ekNDQVdXZ0F3SUJBZ0lVSXc5c2hzYzFGbEVWZWhUSGJQN1BkK0hZOVc0d0NnWUlLb1pJemowRUF3SXcKTlRFWE1CVUdBMVVFQ2d3T1UyVmhiR05vWldOcklGUmxjM1F4R2pBWUJnTlZCQU1NRVhObFlXeGphR1ZqYXkxMApaWE4wTFdOaE1CNFhEVEkyTVRJd01qQTNORFkwTmxvWERUTTJNVEV5T1RBM05EWTBObG93TlRFWE1CVUdBMVVFCkNnd09VMlZoYkdOb1pXTnJJRlJsYzNReEdqQVlCZ05WQkFNTUVYTmxZV3hqYUdWamF5MTBaWE4wTFdOaE1Ga3cKRXdZSEtvWkl6ajBDQVFZSUtvWkl6ajBEQVFjRFFnQUUxNTlCeEtzMDQrY0pMblh3b3ZaODROQzNHMHAzN2ZCUgpPbmpvRCs4Yy9mSU1zZkdQT3p6OXkxYWZMdEpzbFROMHR4UGFGakwyTUpnVVdGUUNFSTcrQ0tOVE1GRXdIUVlEClZSME9CQllFRkFINDJjUWlaazcvaytmRGsrYU15bzJlT2oyVk1COEdBMVVkSXdRWU1CYUFGQUg0MmNRaVprNy8KaytmRGsrYU15bzJlT2oyVk1BOEdBMVVkRXdFQi93UUZNQU1CQWY4d0NnWUlLb1pJemowRUF3SURTQUF3UlFJaApBSytSbWFUQ1M0QzNYSVZzWlZLODBlUzFlSm9NWnBmYzZINGtYUklyT2Rrc0FpQkVsWG1Wa0xNR1BIM1NmZldLCllGU0NORlZ3eFlERUFCK3ZOVGhwS2NtRnNnPT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=';
const RANDOM_B64 = 'qcTII2tQs4asKOdpEgDa5PPnWEOS6mejIqlKyegkrpt72mQr3x1V5RdnDLMs4qN8qWYRN+zw9cUytUDEYohTIa9gLA5Gtw==';
const PASSWORD_B64 = 'Z2xhY2llci1Nb3AtNDQ3MQ=='; // glacier-Mop-4471
const USER_PAIR_B64 = 'c3ZjLXJlbGF5OlZ4OTItcXVvcnVtLXRpZGU='; // svc-relay:Vx92-quorum-tide
const DB_PASSWORD_B64 = 'S3EhN3YjTGQycFJ6'; // Kq!7v#Ld2pRz
const DB_USER_B64 = 'ZGJhZG1pbg=='; // dbadmin
// {"auths":{"https://registry.example.test/v1/":{"auth":"tollgate-Brine-82"}}} and a newline: an
// `auth` that is not base64 of user:password, as in the original.
const DOCKERCFG_B64 =
  'eyJhdXRocyI6eyJodHRwczovL3JlZ2lzdHJ5LmV4YW1wbGUudGVzdC92MS8iOnsiYXV0aCI6InRvbGxnYXRlLUJyaW5lLTgyIn19fQo=';
const PLANTED = [
  RANDOM_B64,
  PASSWORD_B64,
  'glacier-Mop-4471',
  USER_PAIR_B64,
  'Vx92-quorum-tide',
  DB_PASSWORD_B64,
  'Kq!7v#Ld2pRz',
  DOCKERCFG_B64,
  'tollgate-Brine-82',
];

interface Case {
  file: string;
  content: string;
  /** True positives: the 1-based line of the value that must be reported as an error. */
  errorLine?: number;
}

const truePositives: Case[] = [
  {
    file: 'base64-characters.yaml',
    errorLine: 5,
    content: `\napiVersion: v1\nkind: Secret\ndata:\n\tpassword: ${RANDOM_B64}`,
  },
  // The original's value is a dictionary password, which secret-data reports as a well-known
  // default (a warning); this one is not a dictionary word.
  {
    file: 'comment.yaml',
    errorLine: 9,
    content: `\napiVersion: v1\nkind: Secret\nmetadata:\n  name: glusterfs-auth\n  namespace: default\ndata:\n  # base64 of the password, made with: printf %s "..." | base64\n  key: ${PASSWORD_B64}`,
  },
  // Lower-case `kind: secret` (here, in before-quoted-2 and after-kubernetes) is not a Kubernetes
  // kind, so no Secret rule applies: the value is found as a base64 user:password pair, which it is
  // in the original too.
  {
    file: 'before-kubernetes.yaml',
    errorLine: 3,
    content: `apiVersion: v1\n data:\n \textra: ${USER_PAIR_B64}\n kind: secret\n metadata:\n\t name: relay-sa-token\n\t annotations:\n\t \tkubernetes.io/service-account.name: 'relay-sa'`,
  },
  {
    file: 'before-kubernetes.yml',
    errorLine: 3,
    content: `apiVersion: v1\ndata:\n\tpassword: ${DB_PASSWORD_B64}\n\tusername: ${DB_USER_B64}\nkind: Secret\nmetadata:\n\tcreationTimestamp: '2023-03-14T09:26:53Z'\n\tname: orders-db-login\n\tnamespace: default\ntype: Opaque`,
  },
  {
    file: 'before-comment.yml',
    errorLine: 4,
    content: `apiVersion: v1\ndata:\n\t# shortened for the example\n\tpassword: ${DB_PASSWORD_B64}\n\tusername: ${DB_USER_B64}\nkind: Secret\nmetadata:\n\tcreationTimestamp: '2023-03-14T09:26:53Z'\n\tname: orders-db-login\n\tnamespace: default\ntype: Opaque`,
  },
  {
    file: 'before-quoted-1.yaml',
    errorLine: 3,
    content: `apiVersion: 'v1'\ndata:\n\textra: '${USER_PAIR_B64}'\nkind: 'Secret'\nmetadata:\n\tname: 'relay-sa-token'\n\tannotations:\n\t\tkubernetes.io/service-account.name: 'relay-sa'`,
  },
  {
    file: 'before-quoted-2.yaml',
    errorLine: 3,
    content: `apiVersion: "v1"\ndata:\n\textra: "${USER_PAIR_B64}"\nkind: "secret"\nmetadata:\n\tname: "relay-sa-token"\n\tannotations:\n\t\tkubernetes.io/service-account.name: "relay-sa"`,
  },
  {
    file: 'before-multiline-literal.yaml',
    errorLine: 3,
    content: `apiVersion: v1\ndata:\n  .dockercfg: |\n    ${DOCKERCFG_B64}\nmetadata:\n  name: pull-creds\ntype: kubernetes.io/dockercfg\nkind: Secret\n`,
  },
  {
    file: 'before-multiline-folded.yaml',
    errorLine: 3,
    content: `apiVersion: v1\ndata:\n  .dockercfg: >\n    ${DOCKERCFG_B64}\nmetadata:\n  name: pull-creds\ntype: kubernetes.io/dockercfg\nkind: Secret`,
  },
  {
    file: 'after-kubernetes.yaml',
    errorLine: 4,
    content: `apiVersion: v1\nkind: secret\ndata:\n\textra: ${USER_PAIR_B64}\nmetadata:\n\tname: relay-sa-token\n\tannotations:\n\t\tkubernetes.io/service-account.name: 'relay-sa'`,
  },
  {
    file: 'after-kubernetes.yml',
    errorLine: 7,
    content: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: internal-ca\ntype: Opaque\ndata:\n  ca.pem: ${CA_PEM_B64}\n`,
  },
  {
    file: 'after-comment.yml',
    errorLine: 10,
    content: `apiVersion: v1\nkind: Secret\nmetadata:\n\tcreationTimestamp: '2023-03-14T09:26:53Z'\n\tname: orders-db-login\n\tnamespace: default\ntype: Opaque\ndata:\n\t# shortened for the example\n\tpassword: ${DB_PASSWORD_B64}\n\tusername: ${DB_USER_B64}\n`,
  },
  {
    file: 'after-quoted-1.yaml',
    errorLine: 4,
    content: `apiVersion: 'v1'\nkind: 'Secret'\ndata:\n\tpassword: '${DB_PASSWORD_B64}'\n\tusername: '${DB_USER_B64}'\nmetadata:\n\tname: 'orders-db-login'\n\tnamespace: 'default'\ntype: 'Opaque'`,
  },
  {
    file: 'after-quoted-2.yaml',
    errorLine: 4,
    content: `apiVersion: "v1"\nkind: "Secret"\ndata:\n\tpassword: "${DB_PASSWORD_B64}"\n\tusername: "${DB_USER_B64}"\nmetadata:\n\tname: "orders-db-login"\n\tnamespace: "default"\ntype: "Opaque"`,
  },
  {
    file: 'after-multiline-literal.yaml',
    errorLine: 7,
    content: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull-creds\ntype: kubernetes.io/dockercfg\ndata:\n  .dockercfg: |\n    ${DOCKERCFG_B64}\n`,
  },
  {
    file: 'after-multiline-folded.yaml',
    errorLine: 7,
    content: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull-creds\ntype: kubernetes.io/dockercfg\ndata:\n  .dockercfg: >\n    ${DOCKERCFG_B64}`,
  },
];

const ENC = (data: string, iv: string, tag: string): string =>
  `ENC[AES256_GCM,data:${data},iv:${iv},tag:${tag},type:str]`;

const falsePositives: Case[] = [
  {
    file: 'empty-quotes1.yml',
    content: [
      pad('apiVersion: v1'),
      pad('kind: Secret'),
      pad('metadata:'),
      pad('  name: proxy-htpasswd'),
      pad('type: Opaque'),
      pad('data:'),
      "  htpasswd: ''",
      '',
    ].join('\n'),
  },
  {
    file: 'empty-quotes2.yml',
    content: [
      pad('apiVersion: v1'),
      pad('kind: Secret'),
      pad('metadata:'),
      pad('  name: proxy-htpasswd'),
      pad('type: Opaque'),
      pad('data:'),
      '  htpasswd: ""',
      '',
    ].join('\n'),
  },
  {
    file: 'overly-permissive1.yaml',
    content: [
      pad('apiVersion: v1'),
      pad('kind: Secret'),
      pad('metadata:'),
      pad('  name: proxy-htpasswd'),
      pad('type: Opaque'),
      pad('data:'),
      '  htpasswd: {{ proxy_htpasswd }}',
      pad('---'),
      pad('apiVersion: v1'),
      `${' '.repeat(26)}kind: ReplicationController`,
    ].join('\n'),
  },
  {
    file: 'overly-permissive2.yaml',
    content: `apiVersion: v1\nkind: Secret\nmetadata:\n  labels:\n    k8s-app: metrics-console\n    addonmanager.kubernetes.io/mode: EnsureExists\n  name: metrics-console-csrf\n  namespace: metrics-console\ntype: Opaque\ndata:\n  csrf: ""\n\n---\n\napiVersion: v1\nkind: Secret\nmetadata:\n  labels:\n    k8s-app: metrics-console\n    addonmanager.kubernetes.io/mode: EnsureExists\n  name: metrics-console-key-holder\n  namespace: metrics-console\ntype: Opaque\n`,
  },
  {
    file: 'overly-permissive3.yaml',
    content: ` kind: Secret\n target:\n   name: orders-creds\n   creationPolicy: Owner\n\n---\n\nkind: ConfigMap\n data:\n       conversionStrategy: Default\n       decodingStrategy: None\n       key: secret/orders-creds\n       property: token\n     secretKey: token`,
  },
  {
    file: 'wrong-kind.yaml',
    content: `apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: orders\n  namespace: orders-ns\nspec:\n  refreshInterval: 30s\n  secretStoreRef:\n    name: orders-store\n    kind: SecretStore\n  target:\n    name: orders-creds\n    creationPolicy: Owner\n  data:\n    - remoteRef:\n        conversionStrategy: Default\n        decodingStrategy: None\n        key: secret/orders-creds\n        property: token\n      secretKey: token\n`,
  },
  {
    file: 'sopssecret.yaml',
    content: [
      'apiVersion: isindir.github.com/v1alpha3',
      'kind: SopsSecret',
      'metadata:',
      '    name: billing-sopssecret',
      '    namespace: staging',
      'spec:',
      '    suspend: false',
      '    secretTemplates:',
      `    -   name: ${ENC('oxwGvUY+OSO8Gq0=', 'veSLFpdsCAcXNzuBmgaPMrems4trOHKWR8/eAcLOKLI=', 'bFdHJzf1w1YaF2EYW9hYmg==')}`,
      '        labels:',
      `            app: ${ENC('Q84Lug==', 'dYkf+exgFI1L1KCe4txckzG0EQupOsVK/BTaO90ZYUc=', 'dKLVXSleWjWrRLPvrqUSmw==')}`,
      '        stringData:',
      `            db-password: ${ENC('oiuIug==', 'Pil2YUX97KOwjjivU9fExg460gjOUGZEEDbp8ZHgt1A=', 'Nqd/ZeLqpHUkQyM/vo+JQw==')}`,
      'sops:',
      '    kms: []',
      '    gcp_kms: []',
      '    azure_kv: []',
      '    hc_vault: []',
      "    lastmodified: '2023-05-09T14:02:11Z'",
      `    mac: ${ENC('v5Vt5ZVmXDj//yOCfhfBDNwcJ6Aoyq5smBBiYZj/d4dA+I3c8QKuuB2u4onARMSkVxxLbyh0APS44LhD+IDDLYHpG96gTNejgZsyJ1/DKYr0x+yH6wCZUn0EHO1c4PzU', 'zk49Dj3gkfIUFbt80BH6wojEICCoefKMKkOH35ts9jY=', '7YrBurAztk9m/qumX3DmhA==')}`,
      '    pgp:',
      "    -   created_at: '2023-05-09T14:02:11Z'",
      '        enc: |',
      '            -----BEGIN PGP MESSAGE-----',
      '',
      '            cx4/ORBWBZaNOpY4ARK1oQ86EecI3FQSgzxHq3w2iiG57+GSk3k+yHnOaDAYGKhu',
      '            Wmxpd926Dayn+6UZD2e6VszcGz8xMIlyI2wuR3Y/3+wTcc7c24wZDKb/itYD+Bft',
      '            wNk8Kmh8ezbdZucPKmEA/GND7cjIdElssvW7/siOqbd8JzBLN/cOlLyKD79QDgyV',
      '            eoDr2ocoDvWCFNkvEZgRrNw8Zx7x45E/lJgKnhRrqJWQhVDvQjSrt1A9Q2Uhq6VM',
      '            dVDtwO8SAnWf/5D/GRKJNoFDIe5Z4RHhPl5IKHDVi7RNnPv8zqeHAqrRjUzuqRrw',
      '            4CJDHeMbvo0nRUiaNbdXNK+i2kOBfUDn6NgNF6Js1EYLAFXFIaP6Qym9cY20bY8C',
      '            HBPx4rDnJosJ1V6VjSVuIApOXebuy/jcCuZbNa4/qhpax4/i32j5nr8n7O483Sn5',
      '            zM8t4WkGLbzsVcjuac2r3bzPP0QoybMbYd8J23g4M9HrdVlO0svfOjkGqDFmVEfd',
      '            EffFR1mkgmat+9eJVPAHHeD4Qi2U9vtDCRuYb1i6yVBvm/uCHWLmkzBBC7VvAIXs',
      '            zomvuPC9vKsyXW4R8qrrVJ9QqdkfuOZMgU+qaFNnskuNIDFrqvBhrb/nLJ2RTWeM',
      '            1QBNSTVuyZSbp1J3cXGsNoJ5y+b1y7wrqBVIg6minlUX0fPAPKxPOc4yJQYLPvt5',
      '            nNnEEnRq4qGTMbeyYn5mPiWnsAHk',
      '            =Qx7m',
      '            -----END PGP MESSAGE-----',
      '        fp: 7F78DF0CAC5E40C02D4E518CA6EAAC8D82F01B72',
      '    encrypted_suffix: Templates',
      '    version: 3.7.3',
    ].join('\n'),
  },
  {
    file: 'before-min-length.yaml',
    content: `apiVersion: v1\ndata:\n\textra: YmF6Cg==\nkind: secret\nmetadata:\n\tname: relay-sa-token\n\tannotations:\n\t\tkubernetes.io/service-account.name: 'relay-sa'`,
  },
  {
    file: 'before-template.yaml',
    content: `apiVersion: v1\n data:\n \tpassword: {{ .Values.relayPassword }}\n kind: secret\n metadata:\n \tname: relay-sa-token\n \tannotations:\n \t\tkubernetes.io/service-account.name: 'relay-sa'`,
  },
  {
    file: 'before-externalsecret1.yml',
    content: `apiVersion: 'kubernetes-client.io/v1'\nmetadata:\n  name: build-metrics\n  namespace: build-metrics\nspec:\n  backendType: secretsManager\n  data:\n    - key: BuildMetricsKey\n      name: api_token\n      property: api_token\nkind: ExternalSecret\n`,
  },
  {
    file: 'before-externalsecret2.yml',
    content: `apiVersion: external-secrets.io/v1beta1\nspec:\n  secretStoreRef:\n    kind: ClusterSecretStore\n    name: vault-backend\n  refreshInterval: 2h\n  target:\n    creationPolicy: Owner\n  data:\n    - secretKey: search-key\n      remoteRef:\n        key: search-service-key\nmetadata:\n  name: search-key\n  namespace: search\nkind: ExternalSecret\n`,
  },
  {
    file: 'before-sopssecret.yml',
    content: `apiVersion: isindir.github.com/v1alpha3\nspec:\n  secretTemplates:\n    - name: sample-secret-7\n      labels:\n        tier: value7\n      annotations:\n        note7: value7\n      data:\n        entry-7: ZGF0YS12YWx1ZTc=\n        entry-9: ZGF0YS12YWx1ZTk=\nkind: SopsSecret\nmetadata:\n  name: sopssecret-demo\n`,
  },
  {
    file: 'after-min-length.yaml',
    content: `apiVersion: v1\nkind: secret\ndata:\n\textra: YmF6Cg==\nmetadata:\n\tname: relay-sa-token\n\tannotations:\n\t\tkubernetes.io/service-account.name: 'relay-sa'`,
  },
  {
    file: 'after-externalsecret1.yml',
    content: `apiVersion: 'kubernetes-client.io/v1'\nkind: ExternalSecret\nmetadata:\n  name: build-metrics\n  namespace: build-metrics\nspec:\n  backendType: secretsManager\n  data:\n    - key: BuildMetricsKey\n      name: api_token\n      property: api_token\n    - key: BuildMetricsKey`,
  },
  {
    file: 'after-externalsecret2.yml',
    content: `apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: search-key\n  namespace: search\nspec:\n  secretStoreRef:\n    kind: ClusterSecretStore\n    name: vault-backend\n  refreshInterval: 2h\n  target:\n    creationPolicy: Owner\n  data:\n    - secretKey: search-key\n      remoteRef:\n        key: search-service-key`,
  },
  {
    file: 'after-sopssecret.yml',
    content: `apiVersion: isindir.github.com/v1alpha3\nkind: SopsSecret\nmetadata:\n  name: sopssecret-demo\nspec:\n  secretTemplates:\n    - name: sample-secret-3\n      labels:\n        tier: value3\n        tierK: valueK\n      annotations:\n        note3: value3\n        noteN: valueN\n      stringData:\n        entry-3: data-value3\n        entry-L: data-valueL\n    - name: sample-secret-7\n      labels:\n        tier: value7\n      annotations:\n        note7: value7\n      data:\n        entry-7: ZGF0YS12YWx1ZTc=\n        entry-9: ZGF0YS12YWx1ZTk=`,
  },
  {
    file: 'after-empty-data.yaml',
    content: `apiVersion: v1\nkind: Secret\nmetadata:\n  labels:\n    k8s-app: metrics-console\n    addonmanager.kubernetes.io/mode: EnsureExists\n  name: metrics-console-csrf\n  namespace: metrics-console\ntype: Opaque\ndata:\n  csrf: ""\n`,
  },
];

async function scan(c: Case): Promise<Finding[]> {
  return (await runScan(new MemorySource({ [c.file]: c.content }), ruleset)).findings;
}

const where = (fs: Finding[]): string[] =>
  fs.map((f) => `${f.location.line}:${f.location.column} ${f.ruleId} ${f.severity}`);

describe("gitleaks' kubernetes-secret-yaml cases, rewritten", () => {
  it('has every case of the source, each under its own name', () => {
    expect(truePositives).toHaveLength(16);
    expect(falsePositives).toHaveLength(17);
    expect(new Set([...truePositives, ...falsePositives].map((c) => c.file)).size).toBe(33);
  });

  it.each(truePositives.map((c) => [c.file, c] as const))('blocks true positive %s', async (_name, c) => {
    const found = await scan(c);
    const errors = found.filter((f) => f.severity === 'error');
    expect(
      errors.map((f) => f.location.line),
      where(found).join('\n'),
    ).toContain(c.errorLine);
    const shown = JSON.stringify(found);
    for (const v of PLANTED) expect(shown).not.toContain(v);
  });

  it.each(falsePositives.map((c) => [c.file, c] as const))('does not block false positive %s', async (_name, c) => {
    const found = await scan(c);
    expect(where(found.filter((f) => f.severity === 'error'))).toEqual([]);
  });
});
