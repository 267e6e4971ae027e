import { renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SealcheckError } from '../errors.js';
import { readUserFileIfPresent, STATE_FILE } from '../user-file.js';
import { VERSION } from '../version.js';
import { HistoryIndex } from './history-index.js';

/**
 * The `--state FILE` of an incremental sweep: the commits already walked (with their tree changes)
 * and the scan result of every blob already read. It holds no secret: identities, value hashes,
 * redacted previews and SealedSecret ciphertexts, never a value, and never a private key (blobs
 * that hold one are read again on each run). A state written under other options, rules or
 * sealcheck version is not reused: the sweep starts over and says so.
 */

/**
 * 2: `hasKeys` marks every blob holding an RSA private key, not only controller key Secrets.
 * 3: hits under an allow comment are kept (with its reason), so the report can list them as suppressed.
 */
const STATE_FORMAT = 3;

export interface StateOptions {
  since: string | undefined;
  until: string | undefined;
  branches: string[] | undefined;
  unreachable: boolean;
  maxFileSize: number;
  /** Enabled rules and severities. */
  rules: string;
  /** Paths left out (configuration `ignore:` and the root `.sealcheckignore`), as one text. */
  ignore: string;
}

interface StateFile {
  format: number;
  tool: string;
  options: StateOptions;
  index: unknown;
}

function sameOptions(a: StateOptions, b: StateOptions): boolean {
  return (
    JSON.stringify([a.since, a.until, a.branches, a.unreachable, a.maxFileSize, a.rules, a.ignore]) ===
    JSON.stringify([b.since, b.until, b.branches, b.unreachable, b.maxFileSize, b.rules, b.ignore])
  );
}

/** The shape every state file shares, whatever its format: what tells a state file from any other JSON. */
function isStateFile(data: unknown): data is StateFile {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Partial<Record<keyof StateFile, unknown>>;
  return typeof d.format === 'number' && typeof d.tool === 'string';
}

export function loadState(file: string, options: StateOptions): { index?: HistoryIndex; why?: string } {
  const read = readUserFileIfPresent(file, STATE_FILE);
  if (read === undefined) return {};
  const text = read.text;
  // Only a file that is a state file may be replaced: `--state .env` must not eat the .env.
  const foreign = new SealcheckError(
    `${file} exists and is not a sealcheck sweep state file; refusing to overwrite it (give a new file name)`,
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw foreign;
  }
  if (!isStateFile(parsed)) throw foreign;
  const data = parsed;
  if (data.format !== STATE_FORMAT || typeof data.options !== 'object') return { why: `${file} has another format` };
  if (data.tool !== VERSION) return { why: `${file} was written by sealcheck ${data.tool}` };
  if (!sameOptions(data.options, options)) return { why: `${file} was written with other options or rules` };
  try {
    return { index: HistoryIndex.fromJSON(data.index) };
  } catch {
    return { why: `${file} is damaged` };
  }
}

/** Written to a temporary file and renamed, so an interrupted run never leaves half a state. */
export function saveState(file: string, options: StateOptions, index: HistoryIndex): void {
  const data: StateFile = { format: STATE_FORMAT, tool: VERSION, options, index: index.toJSON() };
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, file);
  } catch (err) {
    throw new SealcheckError(
      `cannot write the state file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
}

/** Commits of the index that no other commit of it has as a parent: what the next walk excludes with `--not`. */
export function stateTips(index: HistoryIndex): string[] {
  const parents = new Set<string>();
  for (const c of index.commits) for (const p of c.parents) parents.add(p);
  return index.commits.filter((c) => !parents.has(c.sha)).map((c) => c.sha);
}
