import { readFileSync } from 'node:fs';
import { baselinePath, loadConfig, parseSize, type Config } from '../config/config.js';
import ignore from 'ignore';
import { DEFAULT_ENGINE_OPTIONS } from '../engine.js';
import { UsageError } from '../errors.js';
import type { FileChange } from '../git/changes.js';
import { buildRuleset, loadRuleFiles, type LoadedRule, type Ruleset } from '../ruleset/load.js';
import type { FingerprintFilter, ScanOptions } from '../scan.js';
import { MemorySource } from '../sources/memory.js';
import type { Source } from '../sources/source.js';
import { allowlistFilter, expiredEntries } from '../suppress/allowlist.js';
import { baselineFilter, readBaseline } from '../suppress/baseline.js';

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
}

/** The folder walk (with `ignore` and git's tracked-file list) is imported only when files are scanned. */
export async function prepareScan(paths: string[], flags: ScanFlags, cwd = process.cwd()): Promise<ScanSetup> {
  if (paths.includes('-') && paths.length > 1) throw new UsageError('"-" (stdin) cannot be combined with other paths');
  const { config, loaded, ruleset, options } = prepareRules(flags, cwd);
  const source: Source =
    paths.length === 1 && paths[0] === '-'
      ? new MemorySource({ [flags.stdinFilename ?? 'stdin.yaml']: readFileSync(0) })
      : new (await import('../sources/files.js')).FileSource({ paths, cwd, extraIgnores: config.ignore, maxFileSize: options.maxFileSize });
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
 * relative to the repository root, as git names them and as `ignore:` globs are written.
 */
export async function prepareChangeScan(mode: ChangeMode, flags: ScanFlags, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<ChangeScanSetup> {
  const { config, loaded, ruleset, options } = prepareRules(flags, cwd);
  const matcher = config.ignore.length > 0 ? ignore().add(config.ignore) : undefined;
  const sourceOpts = { cwd, env, maxFileSize: options.maxFileSize, exclude: matcher ? (p: string) => matcher.ignores(p) : undefined };
  const source =
    'staged' in mode
      ? await (await import('../sources/git-staged.js')).openStagedSource(sourceOpts)
      : await (await import('../sources/git-range.js')).openRangeSource(mode.range, sourceOpts);
  return { config, loaded, ruleset, options, source, changes: source.changes, close: () => source.close() };
}

/** Rules, configuration and scan options: everything but the source. */
function prepareRules(flags: ScanFlags, cwd: string): Omit<ScanSetup, 'source'> {
  const loaded = loadRuleFiles();
  const config = loadConfig(flags.config, cwd, loaded.map((l) => l.data.id));
  const ruleset = buildRuleset(loaded, config.ruleOverrides);
  const maxFileSize = flags.maxFileSize !== undefined ? sizeFlag(flags.maxFileSize) : config.maxFileSize;

  const filters: FingerprintFilter[] = [allowlistFilter(config.allow, new Date())];
  for (const e of expiredEntries(config.allow, new Date())) {
    process.stderr.write(`sealcheck: warning: allowlist entry ${e.fingerprint} (${config.file ?? '.sealcheck.yaml'}${e.line !== undefined ? `:${e.line}` : ''}) expired on ${e.expires}; it no longer suppresses\n`);
  }
  const baselineFile = flags.noBaseline ? undefined : (flags.baseline ?? baselinePath(config, cwd));
  if (baselineFile !== undefined) filters.push(baselineFilter(readBaseline(baselineFile)));

  const options: ScanOptions = {
    engine: { ...DEFAULT_ENGINE_OPTIONS, cert: flags.cert ?? config.cert },
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
