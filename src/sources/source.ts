/** One file handed to the scanner, as bytes: the driver decides whether it is text. */
export interface InputFile {
  /** Path as shown to the user and matched by globs: relative to the working directory when inside it, posix separators. */
  path: string;
  bytes: Buffer;
  /**
   * Set on a file read only as context for these paths (an unchanged kustomization whose generator
   * takes a changed file): its own findings are not reported, and only its references to these
   * paths are followed.
   */
  contextFor?: readonly string[];
}

/** A file the source chose not to hand over, with the reason (shown in verbose output and SARIF notifications). */
export interface SkippedFile {
  path: string;
  reason: string;
}

/**
 * Where files come from: the working tree, the git index, a diff or history. One seam, so the
 * engine and the driver do not know which.
 */
export interface Source {
  /** Every file to scan. Files too large or unreadable are reported through `skipped`. */
  files(): AsyncIterable<InputFile>;
  /** Reads a file that a scanned file refers to (Kustomize `files:`), or undefined when absent. */
  read(path: string): Promise<Buffer | undefined>;
  /** Files passed over, with reasons; complete once `files()` is exhausted. */
  readonly skipped: SkippedFile[];
}
