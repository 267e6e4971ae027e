import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownReporter } from '../../src/report/markdown.js';
import { textReporter } from '../../src/report/text.js';
import { BIN, tempTree } from '../helpers/cli.js';
import { context } from '../report/scan-fixture.js';
import { spreadCalls } from './regex-sources.js';
import { scanFiles } from './support.js';

/**
 * Inputs that used to take super-linear time or overflow the stack. Each test asserts on counts;
 * the timeouts only catch a hang (the old code took minutes on these, or crashed).
 */

const HANG_CATCHER_MS = 120_000;

describe('a Secret value with a long run of spaces in a key=value line', () => {
  it(
    'is scanned by the CLI without backtracking (20 values of 4 KB, a minute each before)',
    { timeout: HANG_CATCHER_MS + 10_000 },
    () => {
      const value = `a=b${' '.repeat(4000)}x`;
      const keys = Array.from({ length: 20 }, (_, i) => `  k${i}: "${value}"\n`).join('');
      const dir = tempTree({ 'r.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\nstringData:\n${keys}` });
      const r = spawnSync(process.execPath, [BIN, 'scan', 'r.yaml'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: HANG_CATCHER_MS,
      });
      expect(r.signal, 'killed by the hang catcher').toBeNull();
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('20 errors, 0 warnings, 0 notes in 1 file');
      expect(r.stdout.match(/^ {2}\d+:\d+ +error {4}/gm)).toHaveLength(20);
      expect(r.stdout).not.toContain(value);
    },
  );
});

describe('one file with tens of thousands of findings', () => {
  const KEYS = 45_000;
  const ALLOW_EVERY = 10;
  const lines = Array.from(
    { length: KEYS },
    (_, i) =>
      `  key${i}: fake-Pa55word-${String(i).padStart(6, '0')}${i % ALLOW_EVERY === 0 ? ' # sealcheck:allow fixture' : ''}\n`,
  );
  const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\nstringData:\n${lines.join('')}`;

  it(
    'is scanned with inline allows read once, and every reporter renders it',
    { timeout: HANG_CATCHER_MS },
    async () => {
      const report = await scanFiles({ 'many.yaml': text });
      // An allow covers its own line and the next.
      const allowed = (2 * KEYS) / ALLOW_EVERY;
      expect(report.findings.filter((f) => f.ruleId === 'secret-string-data')).toHaveLength(KEYS - allowed);
      expect(report.suppressed.filter((s) => s.by === 'inline' && s.reason === 'fixture')).toHaveLength(allowed);

      // The text reporter used to spread every line of a file into one push() and overflow the stack.
      const out = textReporter.render(report, context());
      expect(out.match(/^ {2}\d+:\d+ +error {4}/gm)).toHaveLength(KEYS - allowed);
      expect(out).toContain(
        `${KEYS - allowed} errors, 0 warnings, 0 notes in 1 file (1 scanned); ${allowed} suppressed`,
      );
      const verbose = textReporter.render(report, context({ verbose: true }));
      expect(verbose).toContain(`suppressed (${allowed}):`);

      const md = markdownReporter.render(report, context({ verbose: true }));
      expect(md).toContain(`${KEYS - allowed} findings in 1 file`);
      expect(md.endsWith('\n') && !md.endsWith('\n\n')).toBe(true);
      for (const out2 of [out, verbose, md]) expect(out2).not.toContain('fake-Pa55word-000001');
    },
  );

  it('is rendered by the CLI', { timeout: HANG_CATCHER_MS + 10_000 }, () => {
    const dir = tempTree({});
    writeFileSync(join(dir, 'many.yaml'), text);
    const r = spawnSync(process.execPath, [BIN, 'scan', 'many.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: HANG_CATCHER_MS,
      maxBuffer: 512 * 1024 * 1024,
    });
    expect(r.signal, 'killed by the hang catcher').toBeNull();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${KEYS - (2 * KEYS) / ALLOW_EVERY} errors`);
  });
});

describe('no unbounded array is spread into a call', () => {
  /**
   * Spreads whose length the scanned input cannot drive, each with the bound. Any other spread into
   * a call must be a loop instead: `push(...lines)` overflowed the stack at ~40k findings in a file.
   */
  const BOUNDED: Record<string, string> = {
    'src/cli/commands/rules.ts: Math.max(...rules.map((r) => r.id.length))': 'one per built-in rule',
    'src/detectors/secret-data.ts: allAt(...params.path)': "a rule's key path",
    "src/git/changes.ts: bytes.push(...Buffer.from(ch, 'utf8'))": 'the bytes of one character',
    "src/git/changes.ts: bytes.push(...Buffer.from(next, 'utf8'))": 'the bytes of one character',
    'src/history/report-text.ts: out.push(...block(r, ctx.color))': 'the five lines of one secret',
    'src/history/walk.ts: args.push(...opts.pseudo)': 'the pseudo-ref options (--all, --reflog)',
    'src/manifest/manifest.ts: stringAt(...path)': 'a fixed key path',
    'src/manifest/pods.ts: at(...path)': 'a fixed key path',
    'src/parse/node.ts: at(...keys)': 'a fixed key path',
    'src/paths.ts: join(...parts)': 'a path inside the package',
    'src/sources/decode-text.ts: String.fromCodePoint(...chunk)': 'a chunk of at most 8,192 code points',
    'src/ruleset/docs.ts: out.push(...r.examples.positive.flatMap((e) => example(e, true)))': "one rule's examples",
    'src/ruleset/docs.ts: out.push(...r.examples.negative.flatMap((e) => example(e, false)))': "one rule's examples",
  };

  it('every spread into a call in src/ and action/ is one of the bounded ones', () => {
    const calls = spreadCalls();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => BOUNDED[c] === undefined)).toEqual([]);
  });

  it('a Markdown cell with 200k backtick runs is fenced without overflowing the stack', async () => {
    const path = `${'`x'.repeat(200_000)}.yaml`;
    const report = await scanFiles({
      [path]:
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: ticks\nstringData:\n  password: fake-Pa55word-ticks-01\n',
    });
    expect(report.findings).toHaveLength(1);
    const md = markdownReporter.render(report, context());
    expect(md).toContain('`` `x`x`x');
    expect(md).not.toContain('fake-Pa55word-ticks-01');
  });
});
