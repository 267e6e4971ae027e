import type { KeyObject } from 'node:crypto';
import { baselinePath, type Config } from '../config/config.js';
import type { RuleOverride } from '../ruleset/load.js';
import type { AllowEntry } from '../suppress/allowlist.js';
import { readBaseline, type Baseline } from '../suppress/baseline.js';

export interface SweepOptions {
  /** Also sweep dangling commits and reflogs. */
  unreachable?: boolean;
  since?: string;
  until?: string;
  /** Limit the sweep (and the refs reported) to these branches or revisions; default: every ref. */
  branches?: string[];
  /** Sealing keys given with `--sealing-key`, tried on every SealedSecret in history. */
  sealingKeys?: KeyObject[];
  /** Blobs missing from the object store are a stated warning, not an error (`--allow-missing-objects`). */
  allowMissingObjects?: boolean;
  /** Bytes; larger blobs are checked line by line, not parsed as YAML. Default 5 MiB. */
  maxFileSize?: number;
  /** Worker threads (default: os.availableParallelism()); 0 scans on the main thread. */
  workers?: number;
  overrides?: Record<string, RuleOverride>;
  /** Globs (gitignore syntax, from the repository root) of paths never swept: the configuration's `ignore:`. */
  ignore?: string[];
  /** Reviewed findings (`allow:` of the configuration), matched by fingerprint: listed as suppressed, not as rows. */
  allow?: AllowEntry[];
  /** Known findings (`--baseline` or the configuration's `baseline:`), matched by fingerprint: suppressed, not rows. */
  baseline?: Baseline;
  /** `--state FILE`: read what an earlier sweep saw, sweep only new commits, save the result. */
  statePath?: string;
  /** Name of the repository in rows and notes (set for `--repos` sweeps). */
  repoLabel?: string;
  env?: NodeJS.ProcessEnv;
  progress?: (p: SweepProgress) => void;
  /** The day `allow:` expiry dates are judged against. Default: now. */
  now?: Date;
}

export interface SweepProgress {
  commits: number;
  blobsQueued: number;
  blobsDone: number;
  bytes: number;
  walking: boolean;
}

/**
 * What a sweep does not report, taken from the configuration as `scan` takes it: `ignore:` globs,
 * `allow:` entries, and the baseline (`--baseline FILE` when given, else the configuration's
 * `baseline:`, resolved against the configuration file's folder or `cwd`). A baseline names
 * findings accepted as known: a secret it names is suppressed, listed with that reason and
 * counted, as in a scan, instead of being a row.
 */
export function suppressionOptions(
  config: Config,
  cwd: string,
  baselineFile?: string,
): Pick<SweepOptions, 'ignore' | 'allow' | 'baseline'> {
  const file = baselineFile ?? baselinePath(config, cwd);
  return {
    ignore: config.ignore,
    allow: config.allow,
    ...(file !== undefined ? { baseline: readBaseline(file) } : {}),
  };
}
