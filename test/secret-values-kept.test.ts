import { describe, expect, it } from 'vitest';
import { isExampleValue, placeholderKind } from '../src/classify/placeholder.js';
import { buildRuleset, loadRuleFiles } from '../src/ruleset/load.js';
import { runScan } from '../src/scan.js';
import { MemorySource } from '../src/sources/memory.js';

/**
 * Values that a placeholder test once dropped although they are credentials a person would have to
 * rotate: a passphrase that starts with `enter`/`your`/`change`, a base64 key that starts with `/`,
 * a config file that also shows a filler key block.
 */
const ruleset = buildRuleset(loadRuleFiles());

async function severities(content: string): Promise<string[]> {
  const report = await runScan(new MemorySource({ 's.yaml': content }, ['s.yaml']), ruleset);
  return report.findings.map((f) => `${f.ruleId}:${f.severity}`);
}

const secret = (body: string): string => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\nstringData:\n${body}`;

describe('credentials that look like placeholders only at first sight', () => {
  it('keeps passphrases that start with a fill-in word', async () => {
    for (const v of [
      'enter-maple-quartz-ember',
      'your-cobalt-lantern-fig',
      'change.orbit.tulip.63',
      'put_walrus_ginger_cliff',
    ]) {
      expect(isExampleValue(v), v).toBe(false);
      expect(await severities(secret(`  password: ${v}\n`)), v).toEqual(['secret-string-data:error']);
    }
    for (const v of [
      'YOUR_API_TOKEN',
      'INSERT_SLACK_TOKEN',
      'REPLACE_WITH_KEY',
      'CHANGE_ME',
      'your-api-key',
      'enter-your-password-here',
      'REPLACE_WITH_GITHUB_APP_PRIVATE_KEY',
    ]) {
      expect(isExampleValue(v), v).toBe(true);
    }
  });

  it('keeps a base64 key that starts with a slash', async () => {
    const key = '/Qx7Lp2Vm9Rt4fakeQx7Lp2Vm/9Rt4fakeQx7Lp2V';
    expect(placeholderKind(key)).toBeUndefined();
    expect(await severities(secret(`  encryption-key: ${key}\n`))).toEqual(['secret-string-data:error']);
    for (const p of [
      '/etc/secrets/password',
      '/run/secrets/db_pass',
      '/var/run/secrets/kubernetes.io/serviceaccount/token',
      '/opt/MyApp/ConfigFile.yaml',
    ]) {
      expect(placeholderKind(p), p).toBe('reference');
    }
  });

  it('judges a config file by its content when it also shows a filler key block', async () => {
    const conf =
      '  app.conf: |\n    db_password = Qx7Lp2Vm9Rt4fake\n    # key format:\n    # -----BEGIN PRIVATE KEY-----\n    # ...\n    # -----END PRIVATE KEY-----\n';
    expect(await severities(secret(conf))).toEqual(['secret-string-data:error']);
    const fillerOnly = '  tls.key: |\n    -----BEGIN PRIVATE KEY-----\n    ...\n    -----END PRIVATE KEY-----\n';
    expect(await severities(secret(fillerOnly))).toEqual([]);
  });
});
