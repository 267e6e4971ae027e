import ignore from 'ignore';

/** Paths never scanned: gitignore-syntax globs (`ignore:` of the configuration, a root `.sealcheckignore`). */
export interface PathIgnore {
  ignores(path: string): boolean;
}

/**
 * A matcher for globs written relative to the repository root, for sources that see every path at
 * once (a change list, the history sweep) rather than walking folders. Case-sensitive, like git's
 * default and the folder walk (`sources/ignore-rules.ts`), so a glob leaves out the same files in
 * `scan`, `scan --staged`/`--diff` and `sweep`. A folder a glob excludes excludes what is under it,
 * as the walk never enters it. Undefined when no pattern is given (nothing to match).
 */
export function pathIgnore(patterns: readonly string[]): PathIgnore | undefined {
  const lines = patterns.filter((p) => p.trim() !== '' && !p.startsWith('#'));
  if (lines.length === 0) return undefined;
  const matcher = ignore({ ignorecase: false }).add(lines);
  return {
    ignores(path) {
      try {
        return matcher.ignores(path);
      } catch {
        // `ignore` throws on a name it cannot take as a relative path; scanning it is the safe side.
        return false;
      }
    },
  };
}
