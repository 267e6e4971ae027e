/**
 * The exit-code contract, decided once: 0 nothing blocking, 1 blocking findings, 2 usage, config
 * or internal error. Every failure is thrown as one of these and mapped in the CLI's entry point.
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export class SealcheckError extends Error {
  readonly exitCode = EXIT_ERROR;
}

/** Wrong flags or arguments. */
export class UsageError extends SealcheckError {}

/** A configuration, rule or baseline file that cannot be used; names the file and line. */
export class ConfigError extends SealcheckError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
  }
}

/** A bug in sealcheck itself: the scan result cannot be trusted, so it must never read as clean. */
export class InternalError extends SealcheckError {}
