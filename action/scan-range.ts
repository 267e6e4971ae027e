import { prepareChangeScan } from '../src/scan-setup.js';
import type { Config } from '../src/config/config.js';
import { touches } from '../src/git/changes.js';
import { git } from '../src/git/run.js';
import { judgeChanges } from '../src/git/judge.js';
import type { FileChange } from '../src/git/changes.js';
import type { TokenFormat } from '../src/classify/content.js';
import type { RuleData } from '../src/ruleset/rule.js';
import { byLocation, runScan, type ScanReport } from '../src/scan.js';
import { publicIds } from '../src/report/public-id.js';
import type { HistoryItem } from './render.js';
import type { ScanRange } from './range.js';

export interface RangeScanOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Commit whose `.sealcheck.yaml`, baseline and `.sealcheckignore` apply (`config-from: base`). */
  policyRevision?: string;
  /** Certificate named in kubeseal commands. */
  cert?: string;
}

const SELF_ALLOWED_NOTE =
  ' (its sealcheck:allow comment is part of this change, so it applies only after review and merge)';

/**
 * With the policy from the base, a `# sealcheck:allow` that the change itself writes next to an
 * error it adds does not silence it: otherwise a pull request could allow its own leak. Such
 * findings come back, with a note saying why.
 */
function reviveSelfAllowed(report: ScanReport, changes: readonly FileChange[]): ScanReport {
  const added = new Map(changes.filter((c) => c.status !== 'D').map((c) => [c.path, c.addedLines]));
  const revived: ScanReport['findings'] = [];
  const suppressed = report.suppressed.filter((s) => {
    const lines = added.get(s.finding.location.path);
    const f = s.finding;
    if (
      s.by !== 'inline' ||
      f.severity !== 'error' ||
      !lines ||
      !touches(lines, f.location.line, Math.max(f.location.line, f.location.endLine))
    )
      return true;
    revived.push({ ...f, message: `${f.message}${SELF_ALLOWED_NOTE}` });
    return false;
  });
  if (revived.length === 0) return report;
  return { ...report, suppressed, findings: [...report.findings, ...revived].sort(byLocation) };
}

export interface RangeScan {
  /** Judged: findings on lines the range does not add are notes marked `preexisting`. */
  report: ScanReport;
  changes: readonly FileChange[];
  rules: RuleData[];
  /** Token formats of the enabled rules, to tell a key that is itself a credential. */
  tokens: readonly TokenFormat[];
  config: Config;
}

/** `sealcheck scan --diff base..head`, with the policy read from `policyRevision` when given. */
export async function scanRange(range: ScanRange, opts: RangeScanOptions): Promise<RangeScan> {
  const setup = await prepareChangeScan(
    { range: `${range.base}..${range.head}` },
    {
      ...(opts.cert !== undefined ? { cert: opts.cert } : {}),
      ...(opts.policyRevision !== undefined ? { policyRevision: opts.policyRevision } : {}),
    },
    opts.cwd,
    opts.env,
  );
  try {
    const scanned = await runScan(setup.source, setup.ruleset, setup.options);
    const report = judgeChanges(
      opts.policyRevision !== undefined ? reviveSelfAllowed(scanned, setup.changes) : scanned,
      setup.changes,
    );
    return {
      report,
      changes: setup.changes,
      rules: setup.loaded.map((l) => l.data),
      tokens: setup.ruleset.tokens,
      config: setup.config,
    };
  } finally {
    await setup.close();
  }
}

/** As GitHub's own pull request commit list, at most this many commits are judged one by one. */
const MAX_HISTORY_COMMITS = 250;

/**
 * Secrets that a commit of the range added and a later one removed: absent from the head, still
 * in the history every clone of the pull request gets. Each non-merge commit is judged against its
 * first parent, on the lines it adds, with the same policy as the head. A finding counts as gone
 * when no head finding has its marker id (rule, path, object identity).
 */
export async function scanHistory(
  range: ScanRange,
  headIds: ReadonlySet<string>,
  opts: RangeScanOptions,
  log: (s: string) => void,
): Promise<HistoryItem[]> {
  const out = (
    await git(opts.cwd, ['rev-list', '--reverse', '--no-merges', `${range.base}..${range.head}`], opts.env)
  ).toString('utf8');
  const commits = out.split('\n').filter((c) => c !== '');
  if (commits.length > MAX_HISTORY_COMMITS)
    log(`scan-history: judging the last ${MAX_HISTORY_COMMITS} of ${commits.length} commits`);
  const found = new Map<string, HistoryItem>();
  for (const commit of commits.slice(-MAX_HISTORY_COMMITS)) {
    // The head commit's additions are the head scan's; only earlier commits can hold removed values.
    if (commit === range.head) continue;
    const { report } = await scanRange({ base: `${commit}^`, head: commit }, opts);
    const added = report.findings.filter((f) => !f.preexisting);
    for (const [f, id] of publicIds(added)) {
      if (headIds.has(id) || found.has(id)) continue;
      found.set(id, {
        id,
        commit,
        finding: {
          ...f,
          message: `${f.message} (committed in ${commit.slice(0, 12)} and removed later in this range: still in its history, rotate it)`,
        },
      });
    }
  }
  return [...found.values()];
}
