import { CONFIG_FILE, readUserFile } from '../user-file.js';
import { posix, relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { parseBaseline, type Baseline } from '../suppress/baseline.js';
import { CONFIG_FILE_NAMES, defaultConfig, findConfigFile, parseConfig, searchFolders, type Config } from './config.js';

/** Reads a repository-relative path from a git snapshot (the index, or a commit); undefined when absent. */
export type SnapshotReader = (path: string) => Promise<Buffer | undefined>;

export interface SnapshotConfig {
  config: Config;
  /** The baseline the configuration names, read from the same snapshot. */
  baseline?: Baseline;
  /** The configuration file's text as the snapshot has it; undefined when it has none. */
  text?: string;
}

/**
 * The configuration as the snapshot being judged has it (`--staged`: the index; `--diff A..B`: B),
 * found the way `findConfigFile` finds it on disk: in the working directory's folder, then each
 * parent up to the repository root. Read from git because an allowlist entry that is not staged
 * must not let a staged secret through, and a commit is judged by the rules it will carry.
 * `prefix` is how git names the snapshot (`:` or `<commit>:`), used in messages so the user can
 * `git show` exactly what was read.
 */
export async function loadSnapshotConfig(
  read: SnapshotReader,
  prefix: string,
  cwd: string,
  knownRuleIds: readonly string[],
): Promise<SnapshotConfig> {
  const { folders, root } = searchFolders(resolve(cwd));
  for (const dir of folders) {
    const rel = relative(root, dir).split(/[\\/]/).filter(Boolean).join('/');
    const names = CONFIG_FILE_NAMES.map((n) => (rel === '' ? n : `${rel}/${n}`));
    const found: { path: string; bytes: Buffer }[] = [];
    for (const path of names) {
      const bytes = await read(path);
      if (bytes !== undefined) found.push(await followLink(read, prefix, path, bytes));
    }
    const [hit, second] = found;
    if (second !== undefined)
      throw new ConfigError(
        `${prefix}${second.path}`,
        undefined,
        `both ${found.map((f) => prefix + f.path).join(' and ')} exist; keep one`,
      );
    if (hit === undefined) continue;
    const text = hit.bytes.toString('utf8');
    const config = parseConfig(`${prefix}${hit.path}`, text, knownRuleIds);
    if (config.baseline === undefined) return { config, text };
    const baselineRel = posix.normalize(posix.join(posix.dirname(hit.path), config.baseline.replace(/\\/g, '/')));
    const shown = `${prefix}${baselineRel}`;
    const baselineBytes = baselineRel.startsWith('../') ? undefined : await read(baselineRel);
    if (baselineBytes === undefined)
      throw new ConfigError(
        shown,
        undefined,
        'baseline file not found in what is being scanned (stage or commit it, or create it with `sealcheck baseline`)',
      );
    return { config, text, baseline: parseBaseline(shown, baselineBytes.toString('utf8')) };
  }
  return { config: defaultConfig() };
}

/**
 * A symbolic link is stored in git as a blob holding the target's path. A configuration is a YAML
 * mapping, so it has a `:`; a one-line blob without one is such a link (`.sealcheck.yaml ->
 * conf/sealcheck.yaml`), followed once, inside the repository, in the same snapshot.
 */
async function followLink(
  read: SnapshotReader,
  prefix: string,
  path: string,
  bytes: Buffer,
): Promise<{ path: string; bytes: Buffer }> {
  const text = bytes.toString('utf8');
  if (text.includes(':') || text.includes('\n') || text.trim() === '' || text.trim() === '{}') return { path, bytes };
  const target = posix.normalize(posix.join(posix.dirname(path), text.trim()));
  const linked = target.startsWith('../') || posix.isAbsolute(target) ? undefined : await read(target);
  if (linked === undefined)
    throw new ConfigError(
      `${prefix}${path}`,
      undefined,
      `a symbolic link to ${text.trim()}, which is not in what is being scanned`,
    );
  return { path: target, bytes: linked };
}

/**
 * For `--staged`: the configuration file on disk differs from the staged one (or is not staged at
 * all), so what the user edited is not what applies. Returns the sentence to warn with, or undefined.
 */
export function unstagedConfigWarning(snapshot: SnapshotConfig, cwd: string): string | undefined {
  let disk: string | undefined;
  try {
    disk = findConfigFile(cwd);
  } catch {
    return undefined; // Two config files on disk: the staged ones are what counts, and were checked.
  }
  if (disk === undefined) return undefined;
  const shown = relative(cwd, disk) || disk;
  if (snapshot.text === undefined) {
    return `${shown} is not staged, so it does not apply to this commit (git add it to use it)`;
  }
  let text: string;
  try {
    text = readUserFile(disk, CONFIG_FILE).text;
  } catch {
    return undefined;
  }
  if (text !== snapshot.text) {
    return `${shown} has unstaged changes; the staged version applies to this commit (git add it to use your changes)`;
  }
  return undefined;
}
