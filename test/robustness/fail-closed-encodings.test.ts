import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCAN_OPTIONS, runScan } from '../../src/scan.js';
import { MemorySource } from '../../src/sources/memory.js';
import { parseFile } from '../../src/parse/parse-file.js';
import { cli, git, gitInit, gitWith, scratch } from '../hooks/repo.js';
import { encode, fakeToken, plainSecret, type Encoding } from './fail-closed-inputs.js';
import { notScanned, ruleset } from './support.js';

/**
 * Encodings, line ends, size and depth through the real driver: a Secret planted in each is found
 * at the line and column an editor shows for the decoded text.
 */

const ENCODINGS: Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'];
const LINE_ENDS: Array<[string, string]> = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
];
const cases = ENCODINGS.flatMap((enc) =>
  [true, false].flatMap((bom) => LINE_ENDS.map(([name, eol]) => [enc, bom, name, eol] as const)),
);

describe('every encoding × byte-order mark × line end', () => {
  it.each(cases)('%s, BOM %s, %s: the Secret is found at line 7, column 13', async (enc, bom, _name, eol) => {
    // Non-ASCII before the value (a two-unit emoji in UTF-16) must not shift the reported position.
    const text = `# owner: café 🔑\n${plainSecret(`fake-${enc}-${bom}-${_name}-pass`)}# end\n`.replace(/\n/g, eol);
    const report = await runScan(new MemorySource({ 's.yaml': encode(text, enc, bom) }), ruleset);
    expect(report.findings.map((f) => [f.ruleId, f.location.line, f.location.column, f.object.key])).toEqual([
      ['secret-string-data', 7, 13, 'password'],
    ]);
    expect(report.skipped).toEqual([]);
    // git's lines match only plain UTF-8 with LF or CRLF ends.
    expect(report.relined).toEqual(enc === 'utf-8' && eol !== '\r' ? [] : ['s.yaml']);
  });
});

describe('size: the limit bounds the parse, not the text rules', () => {
  it('a file over the limit is read line by line: a Secret and a token in it are found, with a not-scanned warning', async () => {
    const token = fakeToken('size-81');
    const pad = Array.from({ length: 400 }, (_, i) => `# filler line ${i}`).join('\n');
    const text = `${pad}\n---\n${plainSecret('fake-size-limit-pass-82')}---\n# deploy key: ${token}\n`;
    const report = await runScan(new MemorySource({ 'big.yaml': text }), ruleset, {
      ...DEFAULT_SCAN_OPTIONS,
      maxFileSize: 1024,
    });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.location.line, f.location.column])).toEqual([
      ['not-scanned', 'warning', 1, 1],
      ['secret-string-data', 'error', 407, 13],
      ['github-token', 'error', 409, 15],
    ]);
    expect(JSON.stringify(report)).not.toContain(token);
  });

  it('a binary file over the limit is checked by its printable text in full, with no not-scanned finding', async () => {
    const token = fakeToken('size-85');
    const bytes = Buffer.concat([Buffer.alloc(4096, 0), Buffer.from(`\n${token}\n`), Buffer.alloc(16, 0)]);
    const report = await runScan(new MemorySource({ 'video.bin': bytes }), ruleset, {
      ...DEFAULT_SCAN_OPTIONS,
      maxFileSize: 1024,
    });
    expect(report.findings.map((f) => [f.ruleId, f.location.line, f.location.column])).toEqual([
      ['github-token', 2, 1],
    ]);
  });
});

describe('depth: the limit is 256 levels, and what lies above it is still checked', () => {
  it.each([
    [256, []],
    [257, ['nesting-too-deep']],
  ])('a list nested %i levels inside the object', (depth, expected) => {
    const text = `{"kind":"Secret","metadata":{"name":"d"},"deep":${'['.repeat(depth)}${']'.repeat(depth)},"stringData":{"password":"fake-depth-${depth}"}}`;
    const file = parseFile('d.json', text);
    expect(file.problems.map((p) => p.code)).toEqual(expected);
    expect(file.docs.map((d) => d.mode)).toEqual(['yaml']);
  });

  it('a YAML block document nested past the limit still reports its shallow Secret', async () => {
    const deep = Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n');
    const text = `${plainSecret('fake-block-deep-83')}nest:\n${deep} end\n`;
    const report = await runScan(new MemorySource({ 'deep.yaml': text }), ruleset);
    expect(report.findings.map((f) => [f.ruleId, f.location.line])).toEqual([
      ['secret-string-data', 6],
      ['not-scanned', 264],
    ]);
    expect(notScanned(report.findings).map((f) => f.object.key)).toEqual(['nesting-too-deep']);
  });
});

describe('the installed pre-commit hook', { timeout: 120_000 }, () => {
  it('refuses a commit of a PowerShell-written (UTF-16LE) Secret and of a file over the limit', () => {
    const { dir, bin } = scratch();
    const repo = gitInit(path.join(dir, 'repo'));
    expect(cli(repo, 'install').status).toBe(0);
    const value = 'fake-powershell-pass-84';
    writeFileSync(path.join(repo, 'secret.yaml'), encode(plainSecret(value).replace(/\n/g, '\r\n'), 'utf-16le', true));
    git(repo, 'add', 'secret.yaml');
    const blocked = gitWith(bin, repo, ['commit', '-q', '-m', 'powershell']);
    expect(blocked.status).toBe(1);
    expect(blocked.out).toMatch(/6:13\s+error\s+password /);
    expect(blocked.out).not.toContain(value);

    git(repo, 'rm', '-q', '--cached', 'secret.yaml');
    writeFileSync(path.join(repo, '.sealcheck.yaml'), 'maxFileSize: 1KB\n');
    writeFileSync(path.join(repo, 'notes.yaml'), `kind: ConfigMap\ndata:\n  a: ${'x'.repeat(2048)}\n`);
    git(repo, 'add', '.sealcheck.yaml', 'notes.yaml');
    const large = gitWith(bin, repo, ['commit', '-q', '-m', 'large']);
    expect(large.status).toBe(1);
    expect(large.out).toMatch(
      / {2}not-scanned\n {2}\d+:\d+ +error +too-large +not fully checked: larger than the 1000 byte limit/,
    );
  });
});
