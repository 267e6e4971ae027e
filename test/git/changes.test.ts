import { describe, expect, it } from 'vitest';
import { parsePatch, parseRaw, patchPath, stagedChanges, touches, unquoteC } from '../../src/git/changes.js';
import { cleanEnv, commitAll, git, tempRepo, write } from './repo.js';

describe('git changes', () => {
  it('unquotes git C-quoted names, octal UTF-8 included', () => {
    expect(unquoteC('"a\\"b\\\\c\\td\\n"')).toBe('a"b\\c\td\n');
    expect(unquoteC('"\\303\\274ber"')).toBe('über');
    expect(unquoteC('"b/x 😀"\t')).toBe('b/x 😀');
    expect(patchPath('"b/q\\"d"\t')).toBe('q"d');
    expect(patchPath('b/with space\t')).toBe('with space');
    expect(patchPath('/dev/null')).toBeUndefined();
  });

  it('reads hunk headers: counts, single lines and pure deletions', () => {
    const patch = [
      'diff --git a/x b/x',
      '--- a/x',
      '+++ b/x',
      '@@ -1,0 +2,3 @@',
      '+a',
      '+++ b/not-a-header',
      '+c',
      '@@ -9 +12 @@',
      '-z',
      '+y',
      '@@ -20,2 +22,0 @@',
      '-gone',
      '-gone',
    ].join('\n');
    expect(parsePatch(patch).get('x')).toEqual([
      { start: 2, end: 4 },
      { start: 12, end: 12 },
    ]);
    expect(touches([{ start: 2, end: 4 }], 4, 9)).toBe(true);
    expect(touches([{ start: 2, end: 4 }], 5, 9)).toBe(false);
  });

  it('parses raw records with renames and copies', () => {
    const z = '0'.repeat(40);
    const raw = `:100644 100644 ${z} ${'a'.repeat(40)} R087\0old name\0new\nname\0:000000 100755 ${z} ${'b'.repeat(40)} A\0-x\0`;
    expect(parseRaw(`${raw}\0diff --git a/-x b/-x`)).toEqual({
      rest: 'diff --git a/-x b/-x',
      changes: [
        {
          path: 'new\nname',
          oldPath: 'old name',
          status: 'R',
          newOid: 'a'.repeat(40),
          newMode: '100644',
          addedLines: [],
        },
        { path: '-x', status: 'A', newOid: 'b'.repeat(40), newMode: '100755', addedLines: [] },
      ],
    });
  });

  it('reports copies, mode and type changes from real git', async () => {
    const repo = tempRepo();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n';
    write(repo, { 'src.txt': body, 'run.sh': 'echo hi\n', 'kind.txt': 'file\n' });
    commitAll(repo);
    write(repo, { 'src.txt': `${body}more\n`, 'copy.txt': body });
    git(repo, 'update-index', '--chmod=+x', 'run.sh');
    git(repo, 'rm', '-q', 'kind.txt');
    git(repo, 'add', 'src.txt', 'copy.txt');
    const changes = await stagedChanges(repo, cleanEnv());
    const byPath = Object.fromEntries(changes.map((c) => [c.path, c]));
    expect(byPath['copy.txt']).toMatchObject({ status: 'C', oldPath: 'src.txt', addedLines: [] });
    expect(byPath['src.txt']).toMatchObject({ status: 'M', addedLines: [{ start: 21, end: 21 }] });
    expect(byPath['run.sh']).toMatchObject({ status: 'M', newMode: '100755', addedLines: [] });
    expect(byPath['kind.txt']).toMatchObject({ status: 'D', newMode: '000000' });
  });
});
