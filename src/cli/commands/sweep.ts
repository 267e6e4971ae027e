import type { KeyObject } from 'node:crypto';
import { loadConfig, parseSize } from '../../config/config.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../engine.js';
import { EXIT_FINDINGS, EXIT_OK, SealcheckError, UsageError } from '../../errors.js';
import { mergeReports, readSweepReport } from '../../history/merge.js';
import type { SweepReport } from '../../history/model.js';
import { ProgressBar } from '../../history/progress.js';
import { SWEEP_FORMATS, SWEEP_REPORTERS, type SweepFormat } from '../../history/report-index.js';
import { displayName, openRepository, parseShard, readRepoList, shardOf } from '../../history/repos.js';
import { suppressionOptions, sweepRepository, type SweepOptions } from '../../history/sweep.js';
import { loadRuleFiles } from '../../ruleset/load.js';
import { loadPrivateKeys } from '../../seal/private-keys.js';
import { KEY_FILE, readUserFile } from '../../user-file.js';
import { VERSION } from '../../version.js';
import { emit, useColor } from '../output.js';

/**
 * `sealcheck sweep [REPO]`: every secret that ever reached a commit reachable from any ref, one row
 * per secret with a verdict. Exit 0 when nothing needs rotating, 1 when something does, 2 on errors.
 */

function strings(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v])
    .flatMap((s) => String(s).split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function format(opts: Record<string, unknown>, fallback: SweepFormat): SweepFormat {
  const f = (opts.format as string | undefined) ?? fallback;
  if (!(SWEEP_FORMATS as readonly string[]).includes(f))
    throw new UsageError(`--format ${f}: expected one of ${SWEEP_FORMATS.join(', ')}`);
  return f as SweepFormat;
}

function sealingKeys(files: string[]): KeyObject[] {
  return files.flatMap((file) => {
    return loadPrivateKeys(readUserFile(file, KEY_FILE).bytes, file);
  });
}

async function render(report: SweepReport, fmt: SweepFormat, opts: Record<string, unknown>): Promise<void> {
  const output = opts.output as string | undefined;
  const text = SWEEP_REPORTERS[fmt](report, {
    rules: loadRuleFiles().map((l) => l.data),
    color: fmt === 'text' && output === undefined && useColor(opts.color),
    toolVersion: VERSION,
    docsBase: DEFAULT_ENGINE_OPTIONS.docsBase,
  });
  await emit(text, output);
}

/** After the report is written: a sweep with errors (objects git could not read) is incomplete, exit 2, whatever it found. */
function exitCode(r: SweepReport): number {
  if ((r.errors ?? []).length > 0) throw new SealcheckError(`the sweep is incomplete: ${r.errors!.join('; ')}`);
  return r.secrets.some((s) => s.status === 'rotate') ? EXIT_FINDINGS : EXIT_OK;
}

export async function sweepCommand(repo: string | undefined, opts: Record<string, unknown>): Promise<number> {
  const fmt = format(opts, 'text');
  const reposFile = opts.repos as string | undefined;
  const shard = opts.shard !== undefined ? parseShard(String(opts.shard)) : undefined;
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
    opts.config as string | undefined,
    configDir,
    loaded.map((l) => l.data.id),
  );
  const base: SweepOptions = {
    unreachable: opts.unreachable === true,
    allowMissingObjects: opts.allowMissingObjects === true,
    since: opts.since as string | undefined,
    until: opts.until as string | undefined,
    sealingKeys: sealingKeys(strings(opts.sealingKey)),
    maxFileSize: opts.maxFileSize !== undefined ? parseSize(String(opts.maxFileSize)) : config.maxFileSize,
    overrides: config.ruleOverrides,
    ...suppressionOptions(config, configDir, opts.baseline as string | undefined),
  };
  const branches = strings(opts.branch);
  if (branches.length > 0) base.branches = branches;
  if (opts.workers !== undefined) {
    const n = Number(opts.workers);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`--workers ${String(opts.workers)}: expected a whole number`);
    base.workers = n;
  }
  const bar = new ProgressBar(process.stderr);
  if (opts.progress !== false && bar.active) base.progress = (p) => bar.update(p);

  let report: SweepReport;
  try {
    if (reposFile === undefined) {
      report = await sweepRepository(target, {
        ...base,
        ...(opts.state !== undefined ? { statePath: String(opts.state) } : {}),
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
  await render(report, fmt, opts);
  return exitCode(report);
}

/** `sealcheck merge REPORT...`: one report from shard reports (JSON), in any format. */
export async function mergeCommand(reports: string[], opts: Record<string, unknown>): Promise<number> {
  if (reports.length === 0) throw new UsageError('merge: name at least one JSON sweep report');
  const fmt = format(opts, 'json');
  const merged = mergeReports(reports.map(readSweepReport));
  await render(merged, fmt, opts);
  return exitCode(merged);
}
