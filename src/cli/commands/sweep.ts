import type { KeyObject } from 'node:crypto';
import { loadConfig, parseSize } from '../../config/config.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../engine.js';
import { EXIT_FINDINGS, EXIT_OK, SealcheckError, UsageError } from '../../errors.js';
import { mergeReports, readSweepReport } from '../../history/merge.js';
import type { SweepReport } from '../../history/model.js';
import { ProgressBar } from '../../history/progress.js';
import { REPORTERS, type SweepFormat } from '../../report/index.js';
import { displayName, openRepository, parseShard, readRepoList, shardOf } from '../../history/repos.js';
import { suppressionOptions, sweepRepository, type SweepOptions } from '../../history/sweep.js';
import { loadRuleFiles } from '../../ruleset/load.js';
import { loadPrivateKeys } from '../../seal/private-keys.js';
import { KEY_FILE, readUserFile } from '../../user-file.js';
import { VERSION } from '../../version.js';
import { emit, useColor } from '../output.js';

/** How a sweep report is written: the options `sweep` and `merge` share, as declared in cli/index.ts. */
export interface SweepOutputOptions {
  format: SweepFormat;
  output?: string;
  /** False with --no-color. */
  color?: boolean;
}

/** The options of `sealcheck sweep`, as declared in cli/index.ts. */
export interface SweepCommandOptions extends SweepOutputOptions {
  unreachable?: boolean;
  since?: string;
  until?: string;
  branch?: string[];
  sealingKey?: string[];
  state?: string;
  repos?: string;
  shard?: string;
  config?: string;
  maxFileSize?: string;
  allowMissingObjects?: boolean;
  baseline?: string;
  workers?: string;
  /** False with --no-progress. */
  progress?: boolean;
}

/**
 * `sealcheck sweep [REPO]`: every secret that ever reached a commit reachable from any ref, one row
 * per secret with a verdict. Exit 0 when nothing needs rotating, 1 when something does, 2 on errors.
 */

/** A repeatable option's values, each of which may also be a comma-separated list. */
function strings(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function sealingKeys(files: string[]): KeyObject[] {
  return files.flatMap((file) => {
    return loadPrivateKeys(readUserFile(file, KEY_FILE).bytes, file);
  });
}

async function render(report: SweepReport, opts: SweepOutputOptions): Promise<void> {
  const { format: fmt, output } = opts;
  const text = REPORTERS.sweep[fmt].render(report, {
    rules: loadRuleFiles().map((l) => l.data),
    color: fmt === 'text' && output === undefined && useColor(opts.color),
    toolVersion: VERSION,
    docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
  });
  await emit(text, output);
}

/** After the report is written: a sweep with errors (objects git could not read) is incomplete, exit 2, whatever it found. */
function exitCode(r: SweepReport): number {
  const errors = r.errors ?? [];
  if (errors.length > 0) throw new SealcheckError(`the sweep is incomplete: ${errors.join('; ')}`);
  return r.secrets.some((s) => s.status === 'rotate') ? EXIT_FINDINGS : EXIT_OK;
}

export async function sweepCommand(repo: string | undefined, opts: SweepCommandOptions): Promise<number> {
  const reposFile = opts.repos;
  const shard = opts.shard !== undefined ? parseShard(opts.shard) : undefined;
  if (shard && reposFile === undefined) throw new UsageError('--shard needs --repos FILE');
  if (reposFile !== undefined && repo !== undefined)
    throw new UsageError(`--repos sweeps the repositories listed in ${reposFile} and takes no REPO (got ${repo})`);
  if (reposFile !== undefined && opts.state !== undefined)
    throw new UsageError("--state keeps one repository's history: it cannot be combined with --repos");
  const cwd = process.cwd();
  const target = repo ?? '.';
  const loaded = loadRuleFiles();
  const configDir = reposFile !== undefined ? cwd : target;
  const config = loadConfig(
    opts.config,
    configDir,
    loaded.map((l) => l.data.id),
  );
  const base: SweepOptions = {
    unreachable: opts.unreachable === true,
    allowMissingObjects: opts.allowMissingObjects === true,
    since: opts.since,
    until: opts.until,
    sealingKeys: sealingKeys(strings(opts.sealingKey)),
    maxFileSize: opts.maxFileSize !== undefined ? parseSize(opts.maxFileSize) : config.maxFileSize,
    overrides: config.ruleOverrides,
    ...suppressionOptions(config, configDir, opts.baseline),
  };
  const branches = strings(opts.branch);
  if (branches.length > 0) base.branches = branches;
  if (opts.workers !== undefined) {
    const n = Number(opts.workers);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--workers ${opts.workers}: expected a whole number`);
    base.workers = n;
  }
  const bar = new ProgressBar(process.stderr);
  if (opts.progress !== false && bar.active) base.progress = (p) => bar.update(p);

  let report: SweepReport;
  try {
    if (reposFile === undefined) {
      report = await sweepRepository(target, {
        ...base,
        ...(opts.state !== undefined ? { statePath: opts.state } : {}),
      });
    } else {
      const entries = shardOf(readRepoList(reposFile), shard);
      const parts: SweepReport[] = [];
      for (const entry of entries) {
        const label = displayName(entry);
        const opened = await openRepository(entry, cwd, process.env);
        try {
          parts.push(await sweepRepository(opened.path, { ...base, repoLabel: label }));
        } catch (err) {
          if (!(err instanceof SealcheckError)) throw err;
          throw new SealcheckError(`${label}: ${err.message}`);
        } finally {
          opened.release();
        }
      }
      report = mergeReports(parts);
    }
  } finally {
    bar.done();
  }
  await render(report, opts);
  return exitCode(report);
}

/** `sealcheck merge REPORT...`: one report from shard reports (JSON), in any format. */
export async function mergeCommand(reports: string[], opts: SweepOutputOptions): Promise<number> {
  if (reports.length === 0) throw new UsageError('merge: name at least one JSON sweep report');
  const merged = mergeReports(reports.map(readSweepReport));
  await render(merged, opts);
  return exitCode(merged);
}
