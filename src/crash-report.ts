/**
 * What a crash prints: the error's type and stack frames. Its message may quote the input it
 * choked on (a library error on a secret value, say), so it is shown only with SEALCHECK_DEBUG=1,
 * for a local bug report. Used by the CLI and the GitHub Action, whose logs can be public.
 */
export function crashReport(err: unknown, debug = process.env.SEALCHECK_DEBUG === '1'): string {
  if (!(err instanceof Error)) return debug ? String(err) : `a thrown ${typeof err} (SEALCHECK_DEBUG=1 shows it)`;
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const head = debug
    ? `${err.name}: ${err.message}`
    : `${err.name} (message withheld: it may quote file content; SEALCHECK_DEBUG=1 shows it)`;
  return [head, ...frames].join('\n');
}
