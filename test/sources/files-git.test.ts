import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileSource } from '../../src/sources/files.js';
import { drain, git, gitInit, gitVisible, tempTree, writeTree } from './fixtures.js';

const source = (cwd: string, paths: string[] = ['.'], extraIgnores: string[] = []): FileSource =>
  new FileSource({ paths, cwd, extraIgnores, maxFileSize: 5 * 1024 * 1024 });

/** A repository exercising nested rules, negations, anchoring and a re-included folder. */
const LAYOUT: Record<string, string> = {
  '.gitignore': '*.log\nbuild/\n/secrets/*\n!/secrets/README.md\ntmp\n',
  'app.log': 'l',
  'deploy.yaml': 'd',
  'build/out.yaml': 'o',
  'secrets/README.md': 'r',
  'secrets/db.yaml': 's',
  'nested/.gitignore': '!keep.log\n*.yaml\n!/public.yaml\n!build/\n',
  'nested/keep.log': 'k',
  'nested/drop.log': 'x',
  'nested/private.yaml': 'p',
  'nested/public.yaml': 'p',
  'nested/deeper/public.yaml': 'dp',
  'nested/build/out.txt': 'bo',
  'nested/build/out.log': 'bl',
  'nested/tmp/x.txt': 't',
  'tmp/x.txt': 't',
};

describe('FileSource inside a git work tree', () => {
  it('honours nested .gitignore files with negations exactly as git does', async () => {
    const dir = tempTree(LAYOUT);
    gitInit(dir);
    const { paths } = await drain(source(dir));
    expect(paths).toEqual(gitVisible(dir));
    expect(paths).toContain('nested/keep.log');
    expect(paths).toContain('nested/build/out.txt');
    expect(paths).not.toContain('nested/build/out.log');
    expect(paths).not.toContain('secrets/db.yaml');
  });

  it('never yields anything under .git, and honours .git/info/exclude', async () => {
    const dir = tempTree({ 'a.yaml': 'a', 'local.yaml': 'l' });
    gitInit(dir);
    writeFileSync(path.join(dir, '.git/info/exclude'), 'local.yaml\n');
    const { paths } = await drain(source(dir));
    expect(paths).toEqual(['a.yaml']);
  });

  it('finds the repository root from a subfolder and applies extraIgnores relative to it', async () => {
    const dir = tempTree({
      '.gitignore': '/app/ignored.yaml\n',
      'app/ignored.yaml': 'i',
      'app/gen/x.yaml': 'x',
      'app/y.yaml': 'y',
      'gen/z.yaml': 'z',
    });
    gitInit(dir);
    const { paths } = await drain(source(path.join(dir, 'app'), ['.'], ['/app/gen/']));
    expect(paths).toEqual(['y.yaml']);
  });

  it('honours .sealcheckignore, which overrides .gitignore in the same folder', async () => {
    const dir = tempTree({
      '.gitignore': '*.tmp\n',
      '.sealcheckignore': 'fixtures/\n!scan-me.tmp\n',
      'fixtures/a.yaml': 'a',
      'scan-me.tmp': 's',
      'other.tmp': 'o',
    });
    gitInit(dir);
    expect((await drain(source(dir))).paths).toEqual(['.gitignore', '.sealcheckignore', 'scan-me.tmp']);
  });

  it('scans an ignored file or folder given explicitly, like ripgrep', async () => {
    const dir = tempTree(LAYOUT);
    gitInit(dir);
    expect((await drain(source(dir, ['secrets/db.yaml']))).paths).toEqual(['secrets/db.yaml']);
    // Inside a named ignored folder, files are still judged by the rules that name them.
    expect((await drain(source(dir, ['build', 'nested/build']))).paths).toEqual([
      'build/out.yaml',
      'nested/build/out.txt',
    ]);
    // Named alongside the whole tree: reached by that walk, once, in order.
    const both = (await drain(source(dir, ['.', 'secrets/db.yaml', 'build/out.yaml']))).paths;
    expect(both).toEqual([...gitVisible(dir), 'secrets/db.yaml', 'build/out.yaml'].sort());
  });

  it('scans tracked files whatever .gitignore says, but not what .sealcheckignore excludes', async () => {
    const dir = tempTree({ '.env': 'TOKEN=1', 'build/kept.yaml': 'k', 'fixtures/fake.yaml': 'f', 'a.yaml': 'a' });
    gitInit(dir);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'oops');
    // Ignored after the fact: still in every clone.
    writeTree(dir, {
      '.gitignore': '.env\nbuild/\nfixtures/\n',
      '.sealcheckignore': 'fixtures/\n',
      'build/new.yaml': 'n',
      'new.env': 'x',
    });
    const { paths } = await drain(source(dir));
    expect(paths).toEqual(['.env', '.gitignore', '.sealcheckignore', 'a.yaml', 'build/kept.yaml', 'new.env']);
    expect(await source(dir).read('build/kept.yaml')).toBeDefined();
    expect(await source(dir).read('build/new.yaml')).toBeUndefined();
  });

  it.each([
    ['index version 2', [], []],
    ['index version 3 (an intent-to-add entry)', [], ['add', '-N', 'later.yaml']],
    ['index version 4 (compressed paths)', [], ['update-index', '--index-version', '4']],
    ['a SHA-256 repository', ['--object-format=sha256'], []],
  ])('reads tracked files from %s', async (_name, initArgs, extra) => {
    const files = {
      'deep/er/path/one.env': '1',
      'deep/er/path/two.env': '2',
      'deep/other.env': '3',
      'top.env': '4',
      'later.yaml': 'l',
    };
    const dir = tempTree(files);
    git(dir, 'init', '-q', ...initArgs);
    git(dir, 'add', '--', ...Object.keys(files).filter((f) => f !== 'later.yaml'));
    if (extra.length > 0) git(dir, ...extra);
    writeTree(dir, { '.gitignore': '*.env\n*.yaml\n', 'deep/er/path/untracked.env': 'u' });
    expect((await drain(source(dir))).paths).toEqual(gitVisible(dir));
  });

  it('treats a nested repository as its own work tree', async () => {
    const dir = tempTree({
      '.gitignore': '*.yaml\n',
      'top.yaml': 't',
      'vendor/lib/a.yaml': 'a',
      'vendor/lib/.gitignore': '*.txt\n',
      'vendor/lib/b.txt': 'b',
    });
    gitInit(dir);
    gitInit(path.join(dir, 'vendor/lib'));
    const { paths } = await drain(source(dir));
    expect(paths).toEqual(['.gitignore', 'vendor/lib/.gitignore', 'vendor/lib/a.yaml']);
  });

  it('in a linked worktree (.git is a file), finds the root and the shared info/exclude', async () => {
    const dir = tempTree({ 'main/a.yaml': 'a', 'main/local.yaml': 'l', 'main/.gitignore': 'ignored.yaml\n' });
    const main = path.join(dir, 'main');
    gitInit(main);
    git(main, 'add', '-A');
    git(main, 'commit', '-q', '-m', 'init');
    git(main, 'worktree', 'add', '-q', path.join(dir, 'wt'));
    writeFileSync(path.join(main, '.git/info/exclude'), 'local.yaml\n');
    writeTree(path.join(dir, 'wt'), { 'sub/ignored.yaml': 'i', 'sub/new.yaml': 'n' });
    const { paths } = await drain(source(path.join(dir, 'wt/sub')));
    expect(paths).toEqual(['new.yaml']);
    expect((await drain(source(path.join(dir, 'wt')))).paths).toEqual(gitVisible(path.join(dir, 'wt')));
  });
});

/** Small random trees and .gitignore files, judged by git itself. */
describe('FileSource agrees with git ls-files', () => {
  // Folder and file names differ, so no path is both a file and a folder.
  const folders = fc.array(fc.constantFrom('a', 'b', 'e e'), { maxLength: 3 });
  const relPath = fc
    .tuple(folders, fc.constantFrom('c.yaml', 'd.log', 'x', 'a.yaml'))
    .map(([d, f]) => [...d, f].join('/'));
  const pattern = fc.constantFrom(
    'a',
    '/a',
    'a/',
    '*.yaml',
    '!c.yaml',
    'b/**',
    '!b/',
    '**/c.yaml',
    'a/*',
    '!a/d.log',
    'b/c.yaml',
    '*',
    '!*/',
    '!a',
    'e\\ e',
    '**/b/',
    '!/b',
    'x',
    '!x',
    'a/**/x',
    '!**/b/',
    'a/**',
    '!a/b/',
    '*/',
    'a/b',
    '!e e/',
    '[ab]/',
    '?.yaml',
    '!c.*',
  );
  const ignoreFile = fc.array(pattern, { maxLength: 4 }).map((ps) => ps.join('\n') + '\n');
  const tree = fc.record({
    files: fc.uniqueArray(relPath, { minLength: 1, maxLength: 12 }),
    tracked: fc.nat({ max: 12 }),
    ignores: fc.array(fc.tuple(fc.constantFrom('', 'a', 'b', 'a/b', 'b/a'), ignoreFile), { maxLength: 3 }),
  });

  // SEALCHECK_FC_RUNS=1000 for a deeper search; each run spawns git a few times.
  const runs = Number(process.env.SEALCHECK_FC_RUNS ?? 60);
  it('lists the same files as git for random layouts', { timeout: Math.max(30_000, runs * 1000) }, async () => {
    await fc.assert(
      fc.asyncProperty(tree, async ({ files, tracked, ignores }) => {
        const dir = tempTree();
        gitInit(dir);
        writeTree(dir, Object.fromEntries(files.map((f) => [f, f])));
        // Some files are staged before the ignore files exist: tracked files are never ignored.
        if (tracked > 0) git(dir, 'add', '--', ...files.slice(0, tracked));
        for (const [folder, text] of ignores) {
          mkdirSync(path.join(dir, folder), { recursive: true });
          writeFileSync(path.join(dir, folder, '.gitignore'), text);
        }
        expect((await drain(source(dir))).paths).toEqual(gitVisible(dir));
      }),
      { numRuns: runs },
    );
  });
});
