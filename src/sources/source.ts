import type { FileRole } from './chart-folders.js';

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
  /** What the file is by where it sits in the tree the source lists (a Helm chart's values file). */
  role?: FileRole;
}

/** A file the source chose not to hand over, with the reason (shown in verbose output and SARIF notifications). */
export interface SkippedFile {
  path: string;
  reason: string;
  /**
   * The content exists but could not be read (unreadable, over the read ceiling, a git object that
   * cannot be read): it may hold a credential, so the driver reports it as a not-scanned finding.
   * Unset for what is passed over on purpose (symlinks not followed, submodules, devices).
   */
  unchecked?: true;
}

/**
 * Files over the scan's size limit are still read up to this ceiling, so the line-level pass checks
 * them (the limit bounds the YAML parse); beyond it a file is not read at all and is reported as
 * not scanned. Never below the size limit itself.
 */
export function readCeiling(maxFileSize: number): number {
  return Math.max(maxFileSize, 64 * 1024 * 1024);
}

/**
 * Where files come from: the working tree, the git index, a diff or history. One seam, so the
 * engine and the driver do not know which.
 */
export interface Source {
  /** Every file to scan, files over the size limit included (up to `readCeiling`). Files unreadable or over the ceiling are reported through `skipped`. */
  files(): AsyncIterable<InputFile>;
  /** Reads a file that a scanned file refers to (Kustomize `files:`), or undefined when absent. */
  read(path: string): Promise<Buffer | undefined>;
  /** Files passed over, with reasons; complete once `files()` is exhausted. */
  readonly skipped: SkippedFile[];
}
