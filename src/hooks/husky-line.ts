import { chmodSync, mkdirSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { HookName } from './hook-script.js';
import type { InstallOptions } from './installer.js';
import { readScriptFile } from './script-file.js';

/**
 * husky runs the user's `.husky/<hook>` script, found by the name of the hook git called, so
 * sealcheck cannot put a hook of its own in husky's folder: it adds one line to the user's script
 * instead, which runs the packaged hook (with its fail-closed checks and SEALCHECK_SKIP), and
 * removes exactly that line on uninstall. The trailing comment marks the line as sealcheck's.
 */
const MARK = '# added by `sealcheck install`; `sealcheck uninstall` removes this line';

/**
 * git sends the pushed refs on stdin once; the user's script may read them too, so the line copies
 * them to a file that sealcheck reads through its own descriptor, and leaves the script's stdin
 * open on that file, at its start, for the lines below.
 */
const LINES: Record<HookName, string> = {
  'pre-commit': `sh node_modules/sealcheck/hooks/pre-commit "$@" || exit $?  ${MARK}`,
  'pre-push':
    'sealcheck_refs=$(mktemp) && cat >"$sealcheck_refs" && exec 3<"$sealcheck_refs" <"$sealcheck_refs" && rm -f "$sealcheck_refs"' +
    ` && sh node_modules/sealcheck/hooks/pre-push "$@" <&3 3<&- && exec 3<&- || exit $?  ${MARK}`,
};

/** The script `install` creates when the project has none for this hook (husky 8 runs it directly). */
const SHEBANG = '#!/usr/bin/env sh\n';

/** What was (or would be) done to the husky script `file`: install's actions, then uninstall's. */
export interface HuskyLineOutcome {
  action: 'added' | 'created' | 'replaced' | 'unchanged' | 'removed' | 'deleted' | 'absent';
  hook: HookName;
  file: string;
}

/** A planned change to a husky script: `apply` writes it; planning alone changes nothing. */
export interface HuskyLinePlan {
  outcome: HuskyLineOutcome;
  apply(): void;
}

/**
 * Plans adding sealcheck's line to `<scriptsDir>/<hook>`: near the top (after a shebang and husky
 * 8's `husky.sh` line), so an early `exit 0` further down cannot skip it. Refuses (UsageError) when
 * a marked line was edited, unless `opts.force` (the edited line is then replaced in place).
 */
export function planHuskyInstall(scriptsDir: string, hook: HookName, opts: InstallOptions = {}): HuskyLinePlan {
  const file = path.join(scriptsDir, hook);
  const line = LINES[hook];
  const text = readScript(file);
  if (text === undefined) {
    const create = (): void => {
      mkdirSync(scriptsDir, { recursive: true });
      writeScript(file, `${SHEBANG}${line}\n`, 0o755);
    };
    return { outcome: { action: 'created', hook, file }, apply: create };
  }
  const lines = text.split('\n');
  if (lines.includes(line)) return { outcome: { action: 'unchanged', hook, file }, apply: () => undefined };
  const edited = lines.findIndex((l) => l.includes(MARK));
  if (edited !== -1) {
    if (opts.force !== true)
      throw new UsageError(
        editedMessage((opts.show ?? String)(file), edited + 1, 'install', 'replace it with the current one'),
      );
    lines[edited] = line;
    return { outcome: { action: 'replaced', hook, file }, apply: () => writeScript(file, lines.join('\n')) };
  }
  return { outcome: { action: 'added', hook, file }, apply: () => writeScript(file, insertLine(text, line)) };
}

/**
 * Plans removing sealcheck's line from `<scriptsDir>/<hook>`, leaving the rest byte for byte; a
 * script that holds nothing else than what `install` created is deleted. Refuses (UsageError) when
 * the marked line was edited, unless `opts.force`.
 */
export function planHuskyUninstall(scriptsDir: string, hook: HookName, opts: InstallOptions = {}): HuskyLinePlan {
  const file = path.join(scriptsDir, hook);
  const line = LINES[hook];
  const text = readScript(file);
  if (text === undefined) return { outcome: { action: 'absent', hook, file }, apply: () => undefined };
  if (text === `${SHEBANG}${line}\n`)
    return { outcome: { action: 'deleted', hook, file }, apply: () => unlinkSync(file) };
  const marked = text.split('\n').findIndex((l) => l.includes(MARK) && l !== line);
  if (marked !== -1 && opts.force !== true)
    throw new UsageError(editedMessage((opts.show ?? String)(file), marked + 1, 'uninstall', 'remove it'));
  const kept = removeLines(text, (l) => l === line || l.includes(MARK));
  if (kept === text) return { outcome: { action: 'absent', hook, file }, apply: () => undefined };
  return { outcome: { action: 'removed', hook, file }, apply: () => writeScript(file, kept) };
}

function editedMessage(file: string, lineNo: number, command: string, forced: string): string {
  return (
    `${file}:${lineNo} is the line \`sealcheck install\` added, but it was edited, so ${command} leaves the file as it is. ` +
    `Edit that line by hand, or run \`sealcheck ${command} --force\` to ${forced}`
  );
}

/** Inserts `line` after a leading shebang and a husky 8 `. ".../husky.sh"` line, if any. */
function insertLine(text: string, line: string): string {
  let at = 0;
  for (const skip of [/^#!/, /^\.\s.*husky\.sh/]) {
    const end = text.indexOf('\n', at);
    const first = text.slice(at, end === -1 ? text.length : end);
    if (!skip.test(first)) break;
    if (end === -1) return `${text}\n${line}`;
    at = end + 1;
  }
  return `${text.slice(0, at)}${line}\n${text.slice(at)}`;
}

/**
 * `text` without the lines `drop` matches. Splitting on line breaks and joining the rest drops each
 * such line with the break after it, or, for a last line without one, the break before it: the
 * inverse of `insertLine`.
 */
function removeLines(text: string, drop: (line: string) => boolean): string {
  return text
    .split('\n')
    .filter((l) => !drop(l))
    .join('\n');
}

function readScript(file: string): string | undefined {
  return readScriptFile(file, 'a husky hook script', (err) => {
    throw new UsageError(`cannot read ${file}: ${err.code ?? String(err)}`);
  });
}

/**
 * Writes through a temporary file and a rename, so the user's script is never left half written;
 * through a symlink to its target, and with the script's own permissions.
 */
function writeScript(file: string, text: string, mode?: number): void {
  let target = file;
  let keepMode = mode;
  try {
    target = realpathSync(file);
    keepMode = statSync(target).mode & 0o7777;
  } catch {
    // A new script: written where asked, with the given mode.
  }
  const tmp = `${target}.sealcheck-tmp`;
  writeFileSync(tmp, text);
  if (keepMode !== undefined) chmodSync(tmp, keepMode);
  renameSync(tmp, target);
}
