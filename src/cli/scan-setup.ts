import { readFileSync } from 'node:fs';
import { baselinePath, loadConfig, parseSize, type Config } from '../config/config.js';
import { DEFAULT_ENGINE_OPTIONS } from '../engine.js';
import { UsageError } from '../errors.js';
import { buildRuleset, loadRuleFiles, type LoadedRule, type Ruleset } from '../ruleset/load.js';
import type { FingerprintFilter, ScanOptions } from '../scan.js';
import { FileSource } from '../sources/files.js';
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

export function prepareScan(paths: string[], flags: ScanFlags, cwd = process.cwd()): ScanSetup {
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

  const source: Source =
    paths.length === 1 && paths[0] === '-'
      ? new MemorySource({ [flags.stdinFilename ?? 'stdin.yaml']: readFileSync(0) })
      : new FileSource({ paths, cwd, extraIgnores: config.ignore, maxFileSize });
  if (paths.includes('-') && paths.length > 1) throw new UsageError('"-" (stdin) cannot be combined with other paths');

  const options: ScanOptions = {
    engine: { ...DEFAULT_ENGINE_OPTIONS, cert: flags.cert ?? config.cert },
    maxFileSize,
    filters,
  };
  return { config, loaded, ruleset, source, options };
}

function sizeFlag(value: string): number {
  try {
    return parseSize(value);
  } catch {
    throw new UsageError(`--max-file-size: "${value}" is not a size (use bytes, or a number with KB, MB, KiB, MiB)`);
  }
}
