import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, sealcheck, tempTree } from '../helpers/cli.js';
import { shBlocks, shSyntaxError } from '../helpers/sh-syntax.js';

// The commands the CLI prints are pasted into a shell: they must parse there, sit on lines of
// their own in the terminal output, and do what they say when run.

const PASSWORD = 'fake-Paste-Passw0rd-7Qx';
const b64 = (s: string) => Buffer.from(s).toString('base64');

const secret = (name: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  password: ${b64(PASSWORD)}\n`;
const TREE = {
  "db secret's.yaml": secret('db'),
  'both.yaml': `${secret('api')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n`,
  'app.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: app',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: app:1',
    '          env:',
    '            - name: DB_PASSWORD',
    `              value: "${PASSWORD}"`,
    '',
  ].join('\n'),
};

let tools: string;
beforeAll(() => {
  tools = mkdtempSync(join(tmpdir(), 'sealcheck-tools-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-keyout',
      join(tools, 'key.pem'),
      '-out',
      join(tools, 'pub-cert.pem'),
      '-days',
      '365',
      '-subj',
      '/CN=paste',
    ],
    { stdio: 'ignore' },
  );
  // `sealcheck` on PATH as an installed CLI would be, for running printed commands through sh.
  writeFileSync(join(tools, 'sealcheck'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(tools, 'sealcheck'), 0o755);
});
afterAll(() => rmSync(tools, { recursive: true, force: true }));

interface JsonFinding {
  location: { path: string };
  fix?: string;
  fixLanguage?: string;
}

describe('printed fix commands', () => {
  it('parse in sh, stand on lines of their own in the text output, and every ```sh block parses', () => {
    const dir = tempTree(TREE);
    const json = sealcheck(['scan', '--format', 'json'], { cwd: dir });
    expect(json.status).toBe(1);
    const findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
    const sh = findings.filter((f) => f.fixLanguage === 'sh').map((f) => f.fix ?? '');
    expect(sh.length).toBe(2);
    for (const fix of sh) expect(shSyntaxError(fix)).toBeUndefined();
    expect(findings.filter((f) => f.fixLanguage === 'yaml')).toHaveLength(1);

    const text = sealcheck(['scan', '--no-color'], { cwd: dir });
    // A line of its own: alone on its line, or after a label (`fix`) and spaces.
    const textLines = text.stdout.split('\n').map((l) => l.trim());
    const standsAlone = (line: string) => textLines.some((l) => l === line || /^[a-z]+ +(.*)$/.exec(l)?.[1] === line);
    for (const fix of sh) for (const line of fix.split('\n')) expect(standsAlone(line), line).toBe(true);

    for (const format of ['text', 'markdown']) {
      const out = sealcheck(['scan', '--no-color', '--format', format], { cwd: dir }).stdout;
      for (const block of shBlocks(out)) expect(shSyntaxError(block), format).toBeUndefined();
    }
    expect(`${json.stdout}${text.stdout}`).not.toContain(PASSWORD);
  });

  it('the first line, run by sh as printed, seals the file; kubeseal is offered with rm only for a lone Secret', () => {
    const dir = tempTree({ ...TREE, 'pub-cert.pem': readFileSync(join(tools, 'pub-cert.pem'), 'utf8') });
    const findings = (
      JSON.parse(sealcheck(['scan', '--format', 'json'], { cwd: dir }).stdout) as {
        findings: JsonFinding[];
      }
    ).findings;
    const fixOf = (path: string) => findings.find((f) => f.location.path === path && f.fixLanguage === 'sh')?.fix ?? '';
    const lone = fixOf("db secret's.yaml").split('\n');
    expect(lone[1]).toBe('# or, with kubeseal:');
    expect(lone[2]).toMatch(/^kubeseal .* && rm 'db secret'\\''s\.yaml'$/);
    // A file with a ConfigMap too: no kubeseal line would keep it, so none runs.
    expect(
      fixOf('both.yaml')
        .split('\n')
        .filter((l) => l.startsWith('kubeseal')),
    ).toEqual([]);

    const r = spawnSync('/bin/sh', ['-c', lone[0] ?? 'false'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${tools}:${process.env.PATH ?? ''}` },
    });
    expect(r.stderr).toContain('sealed Secret db');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "db secret's.yaml"), 'utf8')).toContain('kind: SealedSecret');
    expect(existsSync(join(dir, "db secret's.yaml"))).toBe(true);
  });
});
