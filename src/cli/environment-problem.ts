/**
 * Failures caused by the machine the command runs on, not by sealcheck: they are user errors
 * (exit 2) with what to do, not crash reports asking for a bug report. Undefined for anything
 * else, which stays an internal error.
 */
export function environmentProblem(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | null | undefined;
  if (e === null || typeof e !== 'object') return undefined;
  // process.cwd() fails when the folder the shell is in was deleted (or made unreadable) after cd.
  if (e.syscall === 'uv_cwd')
    return `the current folder cannot be opened (${e.code ?? 'error'}): it was deleted or its permissions changed; cd to an existing folder and run again`;
  switch (e.code) {
    case 'ERR_STRING_TOO_LONG':
      return 'a file is too large to scan as text (the limit is about 512 MiB): lower --max-file-size or maxFileSize in .sealcheck.yaml, so that it is reported as skipped';
    case 'EMFILE':
    case 'ENFILE':
      return `too many open files (${e.code}): raise the limit (ulimit -n) and run again`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left on device (${e.code}): free some space (sealcheck writes temporary files only for sweeps and in-place edits) and run again`;
    case 'ENOMEM':
      return 'out of memory (ENOMEM): run on a larger machine, or scan fewer files at once';
    default:
      return undefined;
  }
}
