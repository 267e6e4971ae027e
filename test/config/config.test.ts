import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import {
  baselinePath,
  DEFAULT_CONFIG,
  findConfigFile,
  loadConfig,
  parseConfig,
  parseSize,
} from '../../src/config/config.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { configError } from '../helpers/errors.js';

const RULE_IDS = loadRuleFiles().map((l) => l.data.id);
const FP = '3f1c0a9b8e7d6c5b4a39281706f5e4d3';

/** A real temp folder holding `files` (a path ending in `/` is a folder); removed after the test. */
function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'sealcheck-config-')));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    if (path.endsWith('/')) mkdirSync(full, { recursive: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
  return root;
}

const parse = (text: string) => parseConfig('.sealcheck.yaml', text, RULE_IDS);

describe('findConfigFile', () => {
  test('finds the file in the working directory', () => {
    const root = tree({ '.git/': '', '.sealcheck.yaml': 'failOn: never\n' });
    expect(findConfigFile(root)).toBe(join(root, '.sealcheck.yaml'));
  });

  test('accepts .sealcheck.yml', () => {
    const root = tree({ '.git/': '', '.sealcheck.yml': '' });
    expect(findConfigFile(root)).toBe(join(root, '.sealcheck.yml'));
  });

  test('walks up to the git root, nearest file first', () => {
    const root = tree({ '.git/': '', '.sealcheck.yaml': '', 'a/.sealcheck.yaml': '', 'a/b/c/': '', 'd/e/': '' });
    expect(findConfigFile(join(root, 'a/b/c'))).toBe(join(root, 'a/.sealcheck.yaml'));
    expect(findConfigFile(join(root, 'd/e'))).toBe(join(root, '.sealcheck.yaml'));
  });

  test('includes the git root but does not look beyond it', () => {
    const outer = tree({ '.sealcheck.yaml': '', 'repo/.git/': '', 'repo/src/': '' });
    expect(findConfigFile(join(outer, 'repo/src'))).toBeUndefined();
    writeFileSync(join(outer, 'repo/.sealcheck.yaml'), '');
    expect(findConfigFile(join(outer, 'repo/src'))).toBe(join(outer, 'repo/.sealcheck.yaml'));
  });

  test('a .git file (worktree, submodule) marks the root too', () => {
    const outer = tree({ '.sealcheck.yaml': '', 'wt/.git': 'gitdir: /elsewhere\n', 'wt/src/': '' });
    expect(findConfigFile(join(outer, 'wt/src'))).toBeUndefined();
  });

  test('outside a git repository only the working directory is searched', () => {
    const outer = tree({ '.sealcheck.yaml': '', 'sub/': '' });
    expect(findConfigFile(join(outer, 'sub'))).toBeUndefined();
    expect(findConfigFile(outer)).toBe(join(outer, '.sealcheck.yaml'));
  });

  test('both .yaml and .yml in one folder is an error', () => {
    const root = tree({ '.git/': '', '.sealcheck.yaml': '', '.sealcheck.yml': '' });
    expect(configError(() => findConfigFile(root)).message).toMatch(/keep one/);
  });
});

describe('loadConfig', () => {
  test('no file anywhere gives the defaults', () => {
    const root = tree({ '.git/': '' });
    const config = loadConfig(undefined, root, RULE_IDS);
    expect(config).toEqual({ ...DEFAULT_CONFIG });
    expect(config.maxFileSize).toBe(5 * 1024 * 1024);
    expect(config.file).toBeUndefined();
  });

  test('an explicit file must exist, and the error names it', () => {
    const root = tree({ '.git/': '', '.sealcheck.yaml': '' });
    const err = configError(() => loadConfig('custom.yaml', root, RULE_IDS));
    expect(err.file).toBe('custom.yaml');
    expect(err.message).toMatch(/custom\.yaml: configuration file not found/);
  });

  test('an explicit file is read relative to cwd; a discovered one is named relative to cwd', () => {
    const root = tree({
      '.git/': '',
      'conf/strict.yaml': 'failOn: warning\n',
      '.sealcheck.yaml': 'failOn: never\n',
      'sub/': '',
    });
    expect(loadConfig('conf/strict.yaml', root, RULE_IDS)).toMatchObject({
      failOn: 'warning',
      file: 'conf/strict.yaml',
    });
    expect(loadConfig(undefined, join(root, 'sub'), RULE_IDS)).toMatchObject({
      failOn: 'never',
      file: join('..', '.sealcheck.yaml'),
    });
  });

  test('the baseline is resolved against the config file folder', () => {
    const root = tree({ '.git/': '', '.sealcheck.yaml': 'baseline: .sealcheck-baseline.json\n', 'sub/': '' });
    const config = loadConfig(undefined, join(root, 'sub'), RULE_IDS);
    expect(baselinePath(config, join(root, 'sub'))).toBe(join(root, '.sealcheck-baseline.json'));
    expect(baselinePath({ ...DEFAULT_CONFIG }, root)).toBeUndefined();
  });
});

describe('parseConfig: shapes', () => {
  test('every property of the documented example', () => {
    const config = parse(`# yaml-language-server: $schema=../schema/sealcheck.schema.json
rules:
  env-secret-key-ref: { enabled: false }
  configmap-credential: { severity: warning }
  helm-values-credential: off
ignore:
  - test/fixtures/**
allow:
  - fingerprint: ${FP.toUpperCase()}
    reason: test fixture with a fake value
    expires: 2027-01-31
maxFileSize: 5MB
cert: certs/pub-cert.pem
certs:
  - files: clusters/staging/**
    cert: clusters/staging/pub-cert.pem
  - files: [clusters/eu/**, clusters/us/**]
    cert: https://sealed-secrets.example.com/v1/cert.pem
failOn: error
baseline: .sealcheck-baseline.json
`);
    expect(config).toEqual({
      ruleOverrides: {
        'env-secret-key-ref': { enabled: false },
        'configmap-credential': { severity: 'warning' },
        'helm-values-credential': { enabled: false },
      },
      ignore: ['test/fixtures/**'],
      allow: [{ fingerprint: FP, reason: 'test fixture with a fake value', expires: '2027-01-31', line: 9 }],
      maxFileSize: 5_000_000,
      cert: 'certs/pub-cert.pem',
      certs: [
        { files: ['clusters/staging/**'], cert: 'clusters/staging/pub-cert.pem' },
        { files: ['clusters/eu/**', 'clusters/us/**'], cert: 'https://sealed-secrets.example.com/v1/cert.pem' },
      ],
      failOn: 'error',
      baseline: '.sealcheck-baseline.json',
      file: '.sealcheck.yaml',
    });
  });

  test('on/off and true/false shorthands', () => {
    const config = parse(
      'rules:\n  secret-data: off\n  sealing-key: on\n  parse-error: false\n  env-from-secret: true\n',
    );
    expect(config.ruleOverrides).toEqual({
      'secret-data': { enabled: false },
      'sealing-key': { enabled: true },
      'parse-error': { enabled: false },
      'env-from-secret': { enabled: true },
    });
  });

  test('an empty file, and empty lists, give the defaults', () => {
    expect(parse('')).toEqual({ ...DEFAULT_CONFIG, file: '.sealcheck.yaml' });
    expect(parse('# nothing yet\nrules:\nignore:\nallow:\n')).toMatchObject({
      ruleOverrides: {},
      ignore: [],
      allow: [],
    });
  });

  test('failOn accepts never and warning', () => {
    expect(parse('failOn: never\n').failOn).toBe('never');
    expect(parse('failOn: warning\n').failOn).toBe('warning');
  });
});

describe('parseConfig: errors name the file and line', () => {
  test('bad YAML', () => {
    const err = configError(() => parse('failOn: error\nrules:\n  secret-data: [off\ncert: x\n'));
    expect(err.message).toMatch(/^\.sealcheck\.yaml:\d+: not valid YAML/);
    expect(err.line).toBeGreaterThanOrEqual(3);
  });

  test('duplicate keys', () => {
    expect(configError(() => parse('failOn: error\nfailOn: never\n')).line).toBe(2);
  });

  test('unknown top-level property, on the line of the key, with a suggestion', () => {
    const err = configError(() => parse('cert: a.pem\n\nfail-on: warning\n'));
    expect(err.line).toBe(3);
    expect(err.message).toContain('unknown property "fail-on" (did you mean "failOn"?)');
  });

  test('unknown property inside a rule setting', () => {
    const err = configError(() => parse('rules:\n  secret-data:\n    enabled: false\n    level: warning\n'));
    expect(err.line).toBe(4);
    expect(err.message).toContain('unknown property "level"');
  });

  test('unknown property in an allow entry', () => {
    const err = configError(() =>
      parse(`allow:\n  - fingerprint: ${FP}\n    reason: fixture\n    rule: secret-data\n`),
    );
    expect(err.line).toBe(4);
  });

  test('unknown rule id', () => {
    const err = configError(() => parse('rules:\n  secret-data: off\n  env-secret-keyref:\n    enabled: false\n'));
    expect(err.line).toBe(3);
    expect(err.message).toContain('unknown rule id "env-secret-keyref" (did you mean "env-secret-key-ref"?)');
  });

  test('bad severity', () => {
    const err = configError(() => parse('rules:\n  configmap-credential:\n    severity: warn\n'));
    expect(err.line).toBe(3);
    expect(err.message).toContain('must be one of error, warning, note');
  });

  test('bad shorthand', () => {
    const err = configError(() => parse('rules:\n  secret-data: disabled\n'));
    expect(err.line).toBe(2);
    expect(err.message).toContain('must be one of false, true, off, on');
  });

  test('bad failOn', () => {
    expect(configError(() => parse('cert: a.pem\nfailOn: note\n')).line).toBe(2);
  });

  test('allow entry without a reason, or with a malformed fingerprint', () => {
    expect(configError(() => parse(`allow:\n  - fingerprint: ${FP}\n`)).message).toMatch(/reason/);
    expect(configError(() => parse('allow:\n  - reason: x\n    fingerprint: abc123\n')).line).toBe(3);
  });

  test('a date that does not exist, and a date that is not YYYY-MM-DD', () => {
    const err = configError(() => parse(`allow:\n  - fingerprint: ${FP}\n    reason: x\n    expires: 2027-02-30\n`));
    expect(err.line).toBe(4);
    expect(err.message).toContain('not a valid date');
    expect(
      configError(() => parse(`allow:\n  - fingerprint: ${FP}\n    reason: x\n    expires: 31.01.2027\n`)).line,
    ).toBe(4);
  });

  test('a bad size', () => {
    const err = configError(() => parse('cert: a.pem\nmaxFileSize: 5 parsecs\n'));
    expect(err.line).toBe(2);
    expect(err.message).toContain('maxFileSize "5 parsecs" is not a size');
    expect(configError(() => parse('maxFileSize: 0\n')).line).toBe(1);
    expect(configError(() => parse('maxFileSize: 1.5\n')).line).toBe(1);
  });
});

describe('parseSize', () => {
  test.each([
    [1000, 1000],
    ['1000', 1000],
    ['512B', 512],
    ['5MB', 5_000_000],
    ['5 mb', 5_000_000],
    ['64KB', 64_000],
    ['64kB', 64_000],
    ['64KiB', 65_536],
    ['5MiB', 5 * 1024 * 1024],
    ['1.5MiB', 1_572_864],
  ])('%s → %d bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  test.each(['', 'MB', '5GB', '-1', '5 M B', '0KB', '0'])('rejects %j', (input) => {
    expect(() => parseSize(input)).toThrow(/is not a size/);
  });
});
