import { MANIFEST_FILE, readUserFile } from './user-file.js';
import { baselinePath, loadConfig, parseSize, type Config } from './config/config.js';
import { DEFAULT_ENGINE_OPTIONS } from './engine.js';
import { UsageError } from './errors.js';
import type { SnapshotConfig } from './config/snapshot-config.js';
import type { BlobReader } from './git/blob-reader.js';
import type { FileChange } from './git/changes.js';
import { buildRuleset, loadRuleFiles, type LoadedRule, type Ruleset } from './ruleset/load.js';
import type { FingerprintFilter, ScanOptions } from './scan.js';
import { MemorySource } from './sources/memory.js';
import type { Source } from './sources/source.js';
import { allowlistFilter, expiredEntries } from './suppress/allowlist.js';
import { baselineFilter, readBaseline } from './suppress/baseline.js';
import { pathIgnore } from './suppress/ignore-globs.js';

/** Everything a scanning command needs, built once from flags and configuration. */
export interface ScanSetup {
  config: Config;
  loaded: LoadedRule[];
  ruleset: Ruleset;
  source: Source;
  options: ScanOptions;
}

export interface ScanFlags {
  config?: string;
  baseline?: string;
  cert?: string;
  maxFileSize?: string;
  stdinFilename?: string;
  /** Ignore any baseline (used when writing a new one). */
  noBaseline?: boolean;
  /**
   * Change scans only: read `.sealcheck.yaml`, its baseline and `.sealcheckignore` files from this
   * commit instead of the snapshot being judged, so that a pull request cannot relax the policy that
   * judges it (the GitHub Action's `config-from: base`). A full object id.
   */
  policyRevision?: string;
}

/** The folder walk (with `ignore` and git's tracked-file list) is imported only when files are scanned. */
export async function prepareScan(paths: string[], flags: ScanFlags, cwd = process.cwd()): Promise<ScanSetup> {
  if (paths.includes('-') && paths.length > 1) throw new UsageError('"-" (stdin) cannot be combined with other paths');
  const { config, loaded, ruleset, options } = prepareRules(flags, cwd);
  const source: Source =
    paths.length === 1 && paths[0] === '-'
      ? new MemorySource({
          [flags.stdinFilename ?? 'stdin.yaml']: readUserFile('-', MANIFEST_FILE, { stdin: true }).bytes,
        })
      : new (await import('./sources/files.js')).FileSource({
          paths,
          cwd,
          extraIgnores: config.ignore,
          maxFileSize: options.maxFileSize,
        });
  return { config, loaded, ruleset, source, options };
}

/** What a git-content scan reads: the index (`--staged`) or the end of a range (`--diff A..B`). */
export type ChangeMode = { staged: true } | { range: string };

/** A scan of what a commit or range changes, with the change list the judge needs. */
export interface ChangeScanSetup extends ScanSetup {
  changes: readonly FileChange[];
  /** Ends the git process that reads blobs. */
  close(): Promise<void>;
}

/**
 * Git code is imported here, on demand, so a plain `scan` of files never loads it. Paths are
 * relative to the repository root, as git names them and as `ignore:` globs are written. Git is
 * started first and rules are loaded while it works. Without `--config`, the configuration (and
 * the baseline it names) is read from the snapshot being judged, not from the working tree.
 */
export async function prepareChangeScan(
  mode: ChangeMode,
  flags: ScanFlags,
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChangeScanSetup> {
  const snapshot =
    'staged' in mode
      ? (await import('./sources/git-staged.js')).openStagedSnapshot({ cwd, env })
      : await (await import('./sources/git-range.js')).openRangeSnapshot(mode.range, { cwd, env });
  // Awaited only after the rules are loaded; a failure must not surface as an unhandled rejection meanwhile.
  snapshot.changes.catch(() => undefined);
  try {
    const loaded = loadRuleFiles();
    const policyPrefix = flags.policyRevision !== undefined ? `${flags.policyRevision}:` : snapshot.prefix;
    const fromSnapshot =
      flags.config === undefined
        ? await snapshotConfig(snapshot.reader, policyPrefix, 'staged' in mode, cwd, loaded)
        : undefined;
    const { config, ruleset, options } = prepareRules(flags, cwd, loaded, fromSnapshot);
    // Matched as the sweep matches them, case-sensitively like the folder walk.
    const matcher = pathIgnore(config.ignore);
    const changes = await snapshot.changes;
    const { GitChangeSource } = await import('./sources/git-range.js');
    const source = new GitChangeSource(changes, snapshot.reader, snapshot.prefix, {
      cwd,
      env,
      maxFileSize: options.maxFileSize,
      exclude: matcher ? (p: string) => matcher.ignores(p) : undefined,
      policySnapshot: policyPrefix,
    });
    return { config, loaded, ruleset, options, source, changes, close: () => source.close() };
  } catch (err) {
    await snapshot.reader.close();
    // When git itself cannot run here (not a repository, say), the change list's error says so
    // plainly; the object reader's failure is only a symptom of it.
    throw (
      (await snapshot.changes.then(
        () => undefined,
        (e: unknown) => e,
      )) ?? err
    );
  }
}

/** The configuration as the index (`--staged`) or the range's end has it; warns when the staged one is not what is on disk. */
async function snapshotConfig(
  reader: BlobReader,
  prefix: string,
  staged: boolean,
  cwd: string,
  loaded: readonly LoadedRule[],
): Promise<SnapshotConfig> {
  const { loadSnapshotConfig, unstagedConfigWarning } = await import('./config/snapshot-config.js');
  const found = await loadSnapshotConfig(
    (path) => reader.read(`${prefix}${path}`),
    prefix,
    cwd,
    loaded.map((l) => l.data.id),
  );
  const warning = staged ? unstagedConfigWarning(found, cwd) : undefined;
  if (warning !== undefined) process.stderr.write(`sealcheck: warning: ${warning}\n`);
  return found;
}

/** Rules, configuration and scan options: everything but the source. */
function prepareRules(
  flags: ScanFlags,
  cwd: string,
  loaded: LoadedRule[] = loadRuleFiles(),
  fromSnapshot?: SnapshotConfig,
): Omit<ScanSetup, 'source'> {
  const config =
    fromSnapshot?.config ??
    loadConfig(
      flags.config,
      cwd,
      loaded.map((l) => l.data.id),
    );
  const ruleset = buildRuleset(loaded, config.ruleOverrides);
  const maxFileSize = flags.maxFileSize !== undefined ? sizeFlag(flags.maxFileSize) : config.maxFileSize;

  const filters: FingerprintFilter[] = [allowlistFilter(config.allow, new Date())];
  for (const e of expiredEntries(config.allow, new Date())) {
    process.stderr.write(
      `sealcheck: warning: allowlist entry ${e.fingerprint} (${config.file ?? '.sealcheck.yaml'}${e.line !== undefined ? `:${e.line}` : ''}) expired on ${e.expires}; it no longer suppresses\n`,
    );
  }
  if (!flags.noBaseline) {
    if (flags.baseline !== undefined) filters.push(baselineFilter(readBaseline(flags.baseline)));
    else if (fromSnapshot !== undefined) {
      if (fromSnapshot.baseline !== undefined) filters.push(baselineFilter(fromSnapshot.baseline));
    } else {
      const baselineFile = baselinePath(config, cwd);
      if (baselineFile !== undefined) filters.push(baselineFilter(readBaseline(baselineFile)));
    }
  }

  const options: ScanOptions = {
    // --cert names one certificate for everything; otherwise the configuration's routes apply.
    engine: {
      ...DEFAULT_ENGINE_OPTIONS,
      cert: flags.cert ?? config.cert,
      ...(flags.cert === undefined && config.certs.length > 0 ? { certRoutes: config.certs } : {}),
    },
    maxFileSize,
    filters,
  };
  return { config, loaded, ruleset, options };
}

function sizeFlag(value: string): number {
  try {
    return parseSize(value);
  } catch {
    throw new UsageError(`--max-file-size: "${value}" is not a size (use bytes, or a number with KB, MB, KiB, MiB)`);
  }
}
