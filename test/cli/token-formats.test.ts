import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/formats.js';
import { sealcheck, tempTree } from '../helpers/cli.js';

/**
 * The vendor token formats end to end through the built CLI: each planted token is reported by its
 * rule, and no output format, verbose or not, prints 8 characters in a row of its secret part (the
 * prefixes are public: rule descriptions name them).
 */
const PLANTED: Record<string, { line: string; secret: string; suffix?: string }> = {
  'vault-token': {
    line: 'VAULT_TOKEN=hvs.',
    secret: 'CAESIsw8DXCt-TfSWNUM6wI95ndfAtrbiwen9fAFLYf1q2qZKs3BgBTh3DsjKQJgcH7VmUtyZkhgbLlnIrfjXTtlL__',
  },
  'terraform-cloud-token': {
    line: 'TFE_TOKEN=dFAKslqXPelZuk.atlasv1.',
    secret: 'pQuUSaK3C1cwi98kvOk9Q00sTgSsANl0N3B87HMzPu003W64HCCoCxYqXdXifNNIXLY',
  },
  'jfrog-token': {
    line: 'ARTIFACTORY_KEY=AKCp8',
    secret: '1xqQYaGoLnUArrfzY54X3dRic6BVB49ne1RU7DkvIeuQiQkvTNu0VfUc9tMXajswRpFr',
  },
  'docker-hub-token': { line: 'DOCKERHUB_TOKEN=dckr_pat_', secret: 'VqDCxOsac8wbIYrPqZN04251Cn9' },
  'azure-ad-client-secret': { line: 'AZURE_CLIENT_SECRET=kjU8Q~', secret: 'GjbExT4t4n.0-P44RAlYJRkA3-y6jG_2n1' },
  'gcp-oauth-client-secret': { line: 'GOOGLE_CLIENT_SECRET=GOCSPX-', secret: 'L3Wg_bS87G-OW5jGfBL5hPy4M3Jb' },
  'database-url-credential': {
    line: 'DATABASE_URL=postgres://app:',
    suffix: '@db.internal:5432/app',
    secret: 'q8Zr2mVxT4kLpN6w',
  },
  'url-query-credential': {
    line: 'RELEASES=https://gitlab.example.com/api/v4/projects/42/releases?private_token=',
    secret: 'Zq8vN3wR7tLp2Kx9Hm4c',
  },
  'json-web-token': {
    line: 'KUBE_TOKEN=eyJhbGciOiJSUzI1NiIsImtpZCI6InE4WGMyRkFLRSJ9.eyJzdWIiOiJjaS1ib3QiLCJzY3AiOiJhcHBsaWVkLXBlcm1pc3Npb25zL3VzZXIiLCJhdWQiOiIqQCoiLCJpc3MiOiJqZnJ0QDAxaDBmYWtlIn0.',
    secret: 'kgDTBFpI1eb45b5sP4pPxClzZJD4GHYZoxN7FOD83Kw',
  },
  'grafana-token': { line: 'GRAFANA_TOKEN=glsa_', secret: '8VyOUlBvvejHuDwsVvtQ8l7JjjclXZX8_8c689130' },
  'sentry-token': {
    line: 'SENTRY_AUTH_TOKEN=sntryu_',
    secret: '28e1e55d3e83d0be04962cdbdf41569dba19c7ba2072ec006f8f1f4f0bb8154c',
  },
  'shopify-token': { line: 'SHOPIFY_TOKEN=shpat_', secret: '8e206c483b100b5eea2daa7b043751ae' },
  'new-relic-api-key': { line: 'NEW_RELIC_API_KEY=NRAK-', secret: '4ZIFR1EIQJ6SYG95Q4V9V4OJOR6' },
  'hugging-face-token': { line: 'HF_TOKEN=hf_', secret: 'kPYinyzCIdrKDjchkYzBVpLdaJNalJcdyw' },
  'doppler-token': { line: 'DOPPLER_TOKEN=dp.st.prd.', secret: 'hFoUEn7PsD3JDIu5OiyDuewjrtTtWJNm72kQAhpA' },
  'pulumi-token': { line: 'PULUMI_ACCESS_TOKEN=pul-', secret: '0c3473e0469c8db1aef35aea36a515302a64feb2' },
  'linear-api-key': { line: 'LINEAR_API_KEY=lin_api_', secret: '8vznYItvo5FEmkTDFUMdW44KsTB7UiPJ9zzqvZ6v' },
  'atlassian-api-token': {
    line: 'JIRA_API_TOKEN=ATATT3xFfGF0',
    secret:
      'v6QX5seXV-v0HsjsuFKmjwJS3uHjkwwQ7AeG-LjjiP1pvRaLA7wUQNawRtQOxmQZs2SgM57kttUtaKLwaT0q3GM1VtoRfgGh0HS53QCvtC__mCRt6PTLyJXdHw7RF8JfSCqBIbsTKqdt00jalnwrvl813MtfgeaaX5lY-dF2rr=8DKCN3PA',
  },
  'aws-session-token': {
    line: 'AWS_SESSION_TOKEN=',
    secret:
      'IQoJb3JpZ2luX2VjEugmPneLaU7Nzlj7ZSSD//h7XVI1qnOQJLRhNfIel/9pr5AFOnBBqELecywK2YBwTpiHFQzdiwXRX6vlG7HXm5++ounpdLZUbNvO/Q3tJSt4laec7CqWCnoukY4j8jyhyFLPIwfx1f9guppkduuGBu55lwt2Xv4kaVT4oKLNXySdVzASyLtpnu0RYt1FFdXDJdjwjj477l5BITzrLTDp0JCJ5e0fcLmPtCwjRQ2DOU0XKivXB+uRJeGTUqRV1tqiqfNRJ6h/+RFX2WCOl52/pa3nrnLcEw7T9HZrmRG4+eLYC',
  },
  'azure-sas-token': {
    line: 'BACKUP_URL=https://acmebackup.blob.core.windows.net/velero?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2030-01-01T00:00:00Z&spr=https&sig=',
    secret: 'Ea%2BqlTb55Uh68dL46nb7DKsEDEv6h2WBo%2FtJfWwfIGC%3D',
  },
  'age-secret-key': {
    line: 'SOPS_AGE_KEY=AGE-SECRET-KEY-1',
    secret: '9XM9Q6V3FMGGX8QXSK2LTFWMMUJ50ZJJD4AHLMRP7Q392PRKG674VR8LEK',
  },
};

const env = Object.values(PLANTED)
  .map((p) => `${p.line}${p.secret}${p.suffix ?? ''}\n`)
  .join('');

function pieces(value: string, size = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= value.length; i++) out.push(value.slice(i, i + size));
  return out;
}

describe('vendor token formats through the CLI', () => {
  it('reports every planted token with its rule, and blocks', () => {
    const dir = tempTree({ 'ci/deploy.env': env });
    const r = sealcheck(['scan', '.', '-f', 'json'], { cwd: dir });
    expect(r.status).toBe(1);
    const found = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string }> }).findings;
    expect(found.map((f) => f.ruleId).sort()).toEqual(Object.keys(PLANTED).sort());
    expect(new Set(found.map((f) => f.severity))).toEqual(new Set(['error']));
  });

  for (const format of FORMATS) {
    it(`never prints a planted secret in ${format} output, verbose or not`, () => {
      const dir = tempTree({ 'ci/deploy.env': env });
      for (const extra of [[], ['--verbose']]) {
        const r = sealcheck(['scan', '.', '-f', format, ...extra], { cwd: dir });
        expect(r.status).toBe(1);
        const out = r.stdout + r.stderr;
        for (const [id, p] of Object.entries(PLANTED))
          expect(
            pieces(p.secret).filter((piece) => out.includes(piece)),
            id,
          ).toEqual([]);
      }
    });
  }
});
