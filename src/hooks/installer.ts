import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { CHAINED_SUFFIX, type HookName, isSealcheckHook, markerOf, packagedHook } from './hook-script.js';
import { readScriptFile } from './script-file.js';

/** What `installHook` did; `chained` names the existing hook it moved aside (our script runs it first). */
export type InstallOutcome =
  | { action: 'unchanged'; hook: HookName; file: string }
  | { action: 'installed' | 'updated'; hook: HookName; file: string; chained?: string }
  | { action: 'chained'; hook: HookName; file: string; chained: string; movedOld?: string };

/**
 * What `uninstallHook` did; `restored` is the hook put back in place. `deduplicated`: the hook in
 * place was not ours but identical to the chained one, which took its place (nothing lost).
 */
export type UninstallOutcome =
  | { action: 'absent' | 'foreign'; hook: HookName; file: string }
  | { action: 'removed'; hook: HookName; file: string }
  | { action: 'restored' | 'deduplicated'; hook: HookName; file: string; restored: string };

export interface InstallOptions {
  /**
   * install: replace a locally edited sealcheck hook, and chain a foreign hook even when an older
   * chained one exists (kept as `.old`). uninstall: delete a locally edited sealcheck hook. Default false.
   */
  force?: boolean;
  /** How a path is shown in messages (relative to the user's folder, say). Default: as is. */
  show?: (file: string) => string;
}

/**
 * Installs sealcheck's `hook` script into `dir`. An existing hook that is not ours is moved aside
 * to `<hook>.sealcheck-chained`, which our script runs first, so nothing is overwritten; installing
 * twice changes nothing. Refuses (UsageError, exit 2) when that would lose a file, unless forced.
 */
export function installHook(dir: string, hook: HookName, opts: InstallOptions = {}): InstallOutcome {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, hook);
  const chained = file + CHAINED_SUFFIX;
  const script = packagedHook(hook);
  const show = opts.show ?? String;
  const existing = readHook(file);
  const chainedNote = existsSync(chained) ? { chained } : {};

  if (existing === undefined) {
    writeHook(file, script);
    return { action: 'installed', hook, file, ...chainedNote };
  }
  if (isSealcheckHook(existing)) {
    if (existing === script && isExecutable(file)) return { action: 'unchanged', hook, file };
    if (isLocalEdit(existing, script) && opts.force !== true) {
      throw new UsageError(
        `${show(file)} is sealcheck's hook but was edited locally; run with --force to replace it with the packaged one`,
      );
    }
    writeHook(file, script);
    return { action: 'updated', hook, file, ...chainedNote };
  }
  let movedOld: string | undefined;
  if (existsSync(chained)) {
    if (opts.force !== true) {
      throw new UsageError(
        `${show(file)} is not sealcheck's hook and ${show(chained)} already exists, so chaining it would overwrite that file; move one of them away, or run with --force (the current ${path.basename(chained)} is then kept as ${path.basename(chained)}.old)`,
      );
    }
    movedOld = `${chained}.old`;
    if (existsSync(movedOld)) throw new UsageError(`${show(movedOld)} already exists; move it away first`);
    renameSync(chained, movedOld);
  }
  renameSync(file, chained);
  writeHook(file, script);
  return { action: 'chained', hook, file, chained, ...(movedOld !== undefined ? { movedOld } : {}) };
}

/**
 * Removes sealcheck's `hook` from `dir` and puts the chained hook back under its own name; a hook
 * that is not ours is left alone, and a chained hook is never deleted. Refuses (UsageError, exit 2)
 * to delete a locally edited sealcheck hook unless forced, and to choose between a foreign hook and
 * a different chained one.
 */
export function uninstallHook(dir: string, hook: HookName, opts: InstallOptions = {}): UninstallOutcome {
  const file = path.join(dir, hook);
  const chained = file + CHAINED_SUFFIX;
  const show = opts.show ?? String;
  const existing = readHook(file);
  const hasChained = readHook(chained) !== undefined;
  if (existing !== undefined && !isSealcheckHook(existing)) {
    if (!hasChained) return { action: 'foreign', hook, file };
    if (sameBytes(chained, file)) {
      renameSync(chained, file);
      return { action: 'deduplicated', hook, file, restored: file };
    }
    throw new UsageError(
      `${show(file)} is not sealcheck's ${hook} hook, and ${show(chained)} (the hook an earlier \`sealcheck install\` moved aside) ` +
        'also exists with different contents, so uninstall cannot tell which one git should run and changed neither. ' +
        `Compare them and keep one: \`mv ${show(chained)} ${show(file)}\` puts the moved hook back (replacing the current one); ` +
        `\`mv ${show(chained)} ${show(chained)}.old\` keeps the current one and sets the other aside`,
    );
  }
  if (existing !== undefined) {
    if (isLocalEdit(existing, packagedHook(hook)) && opts.force !== true) {
      const restore = hasChained
        ? `, then \`mv ${show(chained)} ${show(file)}\` to put back the hook it ran first`
        : '';
      throw new UsageError(
        `${show(file)} is sealcheck's ${hook} hook but was edited locally, so uninstall leaves it (deleting it would lose the edits). ` +
          `Remove it by hand (\`rm ${show(file)}\`${restore}), or run \`sealcheck uninstall --force\``,
      );
    }
    unlinkSync(file);
  }
  if (hasChained) {
    renameSync(chained, file);
    return { action: 'restored', hook, file, restored: file };
  }
  return existing !== undefined ? { action: 'removed', hook, file } : { action: 'absent', hook, file };
}

function sameBytes(a: string, b: string): boolean {
  try {
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
}

/**
 * A sealcheck hook that differs from the packaged script while carrying the same marker version was
 * edited here; a different marker is a script from another sealcheck release, replaced freely.
 */
function isLocalEdit(existing: string, script: string): boolean {
  return existing !== script && markerOf(existing) === markerOf(script);
}

/** The hook's text, or undefined when there is none (an unreadable file, a dangling symlink included, counts as a foreign hook). */
function readHook(file: string): string | undefined {
  return readScriptFile(file, 'a hook script', () => '');
}

/** Writes through a temporary file and a rename: atomic, and replaces a symlink rather than writing into its target. */
function writeHook(file: string, text: string): void {
  const tmp = `${file}.sealcheck-tmp`;
  writeFileSync(tmp, text);
  chmodSync(tmp, 0o755);
  renameSync(tmp, file);
}

function isExecutable(file: string): boolean {
  return (statSync(file).mode & 0o111) === 0o111;
}
