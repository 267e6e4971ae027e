import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealcheck, tempTree } from '../helpers/cli.js';
import { git, gitInit } from '../helpers/git.js';

const LEAK = `apiVersion: v1
kind: Secret
metadata: { name: db, namespace: prod }
stringData:
  password: fake-latin1-name-password-1
`;
const NAME = Buffer.from('caf\xe9.yaml', 'latin1');
const SHOWN = 'caf\\xe9.yaml';

/** A folder holding a leaking manifest whose name is latin-1 (not UTF-8), created through its bytes. */
function latin1Tree(): string {
  const dir = tempTree({});
  writeFileSync(Buffer.concat([Buffer.from(`${dir}${path.sep}`), NAME]), LEAK);
  return dir;
}

/** Every way the three formats name the file, in the scan's output. */
function namesIn(args: string[], cwd: string): { text: string; json: string[]; sarif: string[] } {
  const text = sealcheck(args, { cwd, env: { NO_COLOR: '1' } });
  expect(text.status).toBe(1);
  const json = sealcheck([...args, '--format', 'json'], { cwd });
  const sarif = sealcheck([...args, '--format', 'sarif'], { cwd });
  for (const r of [text, json, sarif]) {
    expect(r.stdout).not.toContain('\ufffd');
    expect(r.stdout).not.toContain('fake-latin1-name-password-1');
  }
  return {
    text: text.stdout,
    json: (JSON.parse(json.stdout) as { findings: { location: { path: string } }[] }).findings.map(
      (f) => f.location.path,
    ),
    sarif: (
      JSON.parse(sarif.stdout) as {
        runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      }
    ).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri),
  };
}

describe.skipIf(process.platform !== 'linux')('file names that are not UTF-8', () => {
  it('are scanned, and shown escaped alike in text and JSON, and as the same byte in the SARIF URI', () => {
    const dir = latin1Tree();
    const out = namesIn(['scan', '.'], dir);
    expect(out.text).toContain(`${SHOWN}:5  Secret prod/db  secret-string-data\n  5:13  error    password`);
    expect(out.json).toEqual([SHOWN]);
    expect(out.sarif).toEqual(['caf%E9.yaml']);
  });

  it('are scanned and shown the same way by scan --staged, whichever core.quotePath says', () => {
    const dir = latin1Tree();
    gitInit(dir);
    git(dir, 'add', '-A');
    for (const quote of ['true', 'false']) {
      git(dir, 'config', 'core.quotePath', quote);
      const out = namesIn(['scan', '--staged'], dir);
      expect(out.json, `core.quotePath=${quote}`).toEqual([SHOWN]);
      expect(out.sarif).toEqual(['caf%E9.yaml']);
      expect(out.text).toContain(`${SHOWN}:5  Secret prod/db  secret-string-data\n  5:13  error    password`);
    }
  });
});
