import { patchPath } from '../src/git/changes.js';
import { git } from '../src/git/run.js';

/** A line of the new file that the pull request's diff shows: added (`+`) or context (` `). */
interface DiffLine {
  hunk: number;
  added: boolean;
}

/** The lines of one file the diff shows on the RIGHT side, by new-file line number. */
export type FileDiff = Map<number, DiffLine>;

/**
 * The diff GitHub shows for a pull request, from local git: `merge-base...head` with three lines
 * of context, renames detected. Review comments may anchor only on these lines (added or context,
 * RIGHT side); anything else is answered with 422 Unprocessable Entity, so anchors are checked here
 * before anything is posted.
 */
export async function loadDiffMap(
  cwd: string,
  base: string,
  head: string,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, FileDiff>> {
  const args = [
    '-c',
    'core.quotePath=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-relative',
    '-M',
    '-U3',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    base,
    head,
    '--',
  ];
  return parseUnifiedDiff((await git(cwd, args, env)).toString('utf8'));
}

/** Parses `git diff -p` output; hunks are counted per file from 0, lines by their header's counts. */
export function parseUnifiedDiff(out: string): Map<string, FileDiff> {
  const files = new Map<string, FileDiff>();
  let current: FileDiff | undefined;
  let hunk = -1;
  let oldLeft = 0;
  let newLeft = 0;
  let newLine = 0;
  for (const line of out.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      const tag = line[0];
      if (tag === '+') {
        current?.set(newLine++, { hunk, added: true });
        newLeft -= 1;
      } else if (tag === '-') oldLeft -= 1;
      else if (tag === ' ' || line === '') {
        current?.set(newLine++, { hunk, added: false });
        oldLeft -= 1;
        newLeft -= 1;
      }
      // `\ No newline at end of file` belongs to neither side.
      continue;
    }
    if (line.startsWith('diff --git ')) {
      current = undefined;
      hunk = -1;
    } else if (line.startsWith('+++ ')) {
      const name = patchPath(line.slice(4));
      current = undefined;
      if (name !== undefined) {
        current = new Map();
        files.set(name, current);
      }
    } else if (line.startsWith('@@ ')) {
      const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      hunk += 1;
      oldLeft = m[1] !== undefined ? Number(m[1]) : 1;
      newLine = Number(m[2]);
      newLeft = m[3] !== undefined ? Number(m[3]) : 1;
    }
  }
  return files;
}

/** Where a comment goes: one line, or a range within one hunk (`startLine` < `line`). */
export interface Anchor {
  line: number;
  startLine?: number;
}

/**
 * The anchor for lines `start..end` of a file: the whole range when both ends are diff lines of
 * the same hunk, otherwise the first line of the range the diff shows (added lines first when
 * `addedOnly`). Undefined when no line of the range can carry a comment.
 */
export function anchorFor(
  diff: FileDiff | undefined,
  start: number,
  end: number,
  addedOnly: boolean,
): Anchor | undefined {
  if (diff === undefined) return undefined;
  const last = Math.max(start, end);
  const a = diff.get(start);
  const b = diff.get(last);
  const usable = (l: DiffLine | undefined): l is DiffLine => l !== undefined && (!addedOnly || l.added);
  if (usable(a) && b !== undefined && a.hunk === b.hunk)
    return last > start ? { startLine: start, line: last } : { line: start };
  for (let l = start; l <= last; l++) if (usable(diff.get(l))) return { line: l };
  return undefined;
}

/** True when every line of `start..end` is in one hunk of the diff: a suggestion may replace them. */
export function inOneHunk(diff: FileDiff | undefined, start: number, end: number): boolean {
  const first = diff?.get(start);
  if (first === undefined) return false;
  for (let l = start + 1; l <= end; l++) if (diff?.get(l)?.hunk !== first.hunk) return false;
  return true;
}
