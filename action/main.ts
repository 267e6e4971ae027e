import { resolve } from 'node:path';
import * as core from '@actions/core';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InternalError, SealcheckError } from '../src/errors.js';
import type { Finding } from '../src/finding.js';
import { blocks, type FailOn } from '../src/severity.js';
import { crashReport } from '../src/crash-report.js';
import { git } from '../src/git/run.js';
import { loadCertificate } from '../src/seal/certificate.js';
import { loadDiffMap } from './diff-map.js';
import { filterFindings } from './filter.js';
import { readTarget, type PullRequestTarget, type PushTarget, type WorkflowRunTarget } from './event.js';
import { createClient, isForbidden, statusOf, withRetry } from './github.js';
import { ownLogin } from './identity.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { publicIds } from '../src/report/public-id.js';
import { planReview } from './plan.js';
import { EMPTY_TREE, ensureCommits, mergeBase, newBranchBase, type ScanRange } from './range.js';
import { escapeText, type HistoryItem } from './render.js';
import { mdCode } from '../src/report/markdown.js';
import { allowEntriesMarkdown, repositoryIsPrivate } from './allow-entries.js';
import { checkAllowLabel, type AllowDecision } from './allow-label.js';
import { historyAdvice, type HoldingCommit } from './way-to-green.js';
import { actionSarif, annotate, summaryMarkdown, writeFile } from './report.js';
import { postReview, readExisting } from './review.js';
import { scanHistory, scanRange, type RangeScan } from './scan-range.js';
import { sealedReplacement, type SealedReplacement } from './suggest.js';

/** Which channel carried the findings: `review` (the API), `annotations` (no write access, push), `stale` (the PR moved on). */
type Reporter = 'review' | 'annotations' | 'stale' | 'none';

interface Outputs {
  findings: number;
  blocking: number;
  newComments: number;
  fixed: number;
  reporter: Reporter;
  sarifFile: string;
}

const POLICY_FILES = /(^|\/)(\.sealcheck\.ya?ml|\.sealcheckignore)$/;

function log(s: string): void {
  core.info(s);
}

function setOutputs(o: Outputs): void {
  core.setOutput('findings', o.findings);
  core.setOutput('blocking', o.blocking);
  core.setOutput('new-comments', o.newComments);
  core.setOutput('fixed', o.fixed);
  core.setOutput('reporter', o.reporter);
  core.setOutput('sarif-file', o.sarifFile);
}

/** The action: returns the exit code, which mirrors the CLI's (0 nothing blocking, 1 blocking, 2 error). */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await runAction(env);
  } catch (err) {
    if (err instanceof SealcheckError) core.error(`sealcheck: ${err.message}`);
    else {
      const [head, ...frames] = crashReport(err, env.SEALCHECK_DEBUG === '1').split('\n');
      core.error(`sealcheck: internal error, the result cannot be trusted: ${head}`);
      process.stderr.write(`${frames.join('\n')}\n`);
    }
    return EXIT_ERROR;
  }
}

async function runAction(env: NodeJS.ProcessEnv): Promise<number> {
  const inputs = readInputs();
  const read = readTarget(env);
  const target = read.kind === 'workflow_run' ? await pullRequestOfRun(read, inputs, env) : read;
  if (target === undefined) {
    core.notice('sealcheck: no open pull request has the head of this workflow run; nothing to report');
    setOutputs({ findings: 0, blocking: 0, newComments: 0, fixed: 0, reporter: 'none', sarifFile: '' });
    return EXIT_OK;
  }
  const cwd = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs.workingDirectory);
  const { range, policyRevision } = await rangeOf(target, inputs, cwd, env);
  const outputs: Outputs = { findings: 0, blocking: 0, newComments: 0, fixed: 0, reporter: 'none', sarifFile: '' };

  if (range.base === range.head) {
    core.notice(`sealcheck: nothing to scan, the base and the head are the same commit (${range.head.slice(0, 12)})`);
    setOutputs(outputs);
    return EXIT_OK;
  }
  log(
    `scanning ${range.base.slice(0, 12)}..${range.head.slice(0, 12)}${policyRevision !== undefined ? ` with the policy of ${policyRevision.slice(0, 12)}` : ''}`,
  );
  const opts = {
    cwd,
    env,
    ...(policyRevision !== undefined ? { policyRevision } : {}),
    ...(inputs.cert !== undefined ? { cert: inputs.cert } : {}),
  };
  const scan = await scanRange(range, opts);
  if (policyRevision !== undefined) {
    for (const c of scan.changes) {
      if (POLICY_FILES.test(c.path))
        core.notice(
          `sealcheck: this change edits ${c.path}; the version at ${policyRevision.slice(0, 12)} applies to this run (config-from: base), the new one after merge`,
          { file: c.path },
        );
    }
  }
  const diff = await loadDiffMap(cwd, range.base, range.head, env);
  const ids = publicIds(scan.report.findings);
  const headIds = new Set(ids.values());
  const filtered = filterFindings(scan.report.findings, scan.changes, diff, inputs.filterMode);
  let history: HistoryItem[] = [];
  if (inputs.scanHistory && range.base !== EMPTY_TREE) history = await scanHistory(range, headIds, opts, log);

  const failOn: FailOn = inputs.failOn ?? scan.config.failOn;
  const blocking = (f: Finding): boolean => blocks(f.severity, failOn);
  outputs.findings = filtered.length + history.length;
  outputs.blocking = filtered.filter(blocking).length + history.filter((h) => blocking(h.finding)).length;
  log(
    `${outputs.findings} finding(s), ${outputs.blocking} blocking (fail-on ${failOn}, filter-mode ${inputs.filterMode})`,
  );
  const advice = historyAdvice({
    history,
    commits: history.length > 0 ? await holdingCommits(cwd, history, env) : [],
    mergeBase: range.base,
    failOn,
    allowLabel: inputs.allowLabel,
  });
  const allowLabel = inputs.allowLabel;
  const allowance =
    allowLabel !== undefined && outputs.blocking > 0 && target.kind === 'pull_request'
      ? await checkAllowLabel(createClient(inputs.token, env), target.repo, target.number, allowLabel, log)
      : undefined;
  if (allowance?.allowed === true)
    core.notice(
      `sealcheck: ${outputs.blocking} blocking finding(s) allowed by @${allowance.by} with the label ${allowance.label}; they are still reported`,
    );
  else if (allowance !== undefined) log(`allow-label: not applied: ${allowance.why}`);

  const summaryLines: string[] = [];
  if (target.kind === 'pull_request' && !target.readOnly) {
    const gh = createClient(inputs.token, env);
    const pr = target;
    let outcome: Reporter = 'review';
    try {
      const own = await ownLogin(gh, inputs.token, inputs.botLogin, log);
      const existing = await readExisting(gh, pr.repo, pr.number, own, log);
      const suggestions =
        inputs.suggestions && inputs.cert !== undefined
          ? await sealedSuggestions(filtered, scan, inputs.cert, cwd, env)
          : new Map<Finding, SealedReplacement>();
      const plan = planReview({
        findings: filtered.map((f) => ({ finding: f, id: idOf(ids, f) })),
        headIds,
        diff,
        filterMode: inputs.filterMode,
        maxComments: inputs.maxComments,
        commentSeverity: inputs.commentSeverity,
        suggestions,
        suggestionNote: `sealed with ${inputs.cert ?? ''}`,
        history,
        existing,
      });
      // The pull request may have moved on while we scanned: comments for an old head would sit on
      // outdated lines, so nothing is posted (the next run, for the new head, posts).
      const current = await withRetry(() => gh.rest.pulls.get({ ...pr.repo, pull_number: pr.number }), log);
      if (current.data.head.sha !== pr.headSha) {
        outcome = 'stale';
        core.notice(
          `sealcheck: the pull request's head moved to ${current.data.head.sha.slice(0, 12)} during this run; nothing was posted for ${pr.headSha.slice(0, 12)}`,
        );
        summaryLines.push(
          `The pull request moved on to ${current.data.head.sha.slice(0, 12)} during the run: no review was posted.`,
        );
      } else {
        const runUrl = summaryUrl(env);
        const result = await postReview(gh, {
          repo: pr.repo,
          pull: pr.number,
          headSha: pr.headSha,
          plan,
          previouslyListed: existing.listed,
          event: inputs.reviewEvent,
          body: {
            blocking: outputs.blocking,
            total: outputs.findings,
            ...(runUrl !== undefined ? { summaryUrl: runUrl } : {}),
            historyAdvice: advice,
          },
          log,
        });
        if (result.outcome === 'forbidden') outcome = 'annotations';
        outputs.newComments = result.newComments;
        outputs.fixed = result.fixedReplies;
        summaryLines.push(
          result.outcome === 'forbidden'
            ? 'The token cannot write to this pull request: findings are reported as annotations and here.'
            : `Review: ${result.newComments} new comment(s), ${result.fixedReplies} fixed finding(s) answered${result.degraded ? ` (GitHub refused the inline anchors: sent ${result.degraded})` : ''}.`,
        );
      }
    } catch (err) {
      if (!isForbidden(err)) throw err;
      log(`GitHub refused access (${statusOf(err)}); falling back to annotations`);
      outcome = 'annotations';
      summaryLines.push(
        'The token cannot read or write this pull request: findings are reported as annotations and here.',
      );
    }
    outputs.reporter = outcome;
  } else {
    outputs.reporter = 'annotations';
    if (target.kind === 'pull_request') {
      core.info(
        `sealcheck: ${target.readOnlyReason ?? 'read-only token'}; reporting with annotations, the job summary and SARIF`,
      );
      summaryLines.push(
        `No review: ${escapeText(target.readOnlyReason ?? 'the token is read-only')}. Findings are reported as annotations and here; the job fails on blocking findings.`,
      );
    }
  }
  if (outputs.reporter !== 'review') annotate(filtered, history);

  if (inputs.sarifFile !== undefined) {
    const path = resolve(cwd, inputs.sarifFile);
    writeFile(path, actionSarif({ ...scan.report, findings: filtered }, history, scan.rules));
    outputs.sarifFile = path;
  }
  const blockingFindings = [...filtered.filter(blocking), ...history.map((h) => h.finding).filter(blocking)];
  await writeSummary(scan, filtered, history, outputs, target, summaryLines, failOn, {
    advice,
    allowance,
    allowEntries: allowEntriesMarkdown(blockingFindings, {
      reason:
        allowance?.allowed === true
          ? `allowed by @${allowance.by} with the label ${allowance.label} on #${target.kind === 'pull_request' ? target.number : ''}`
          : 'WHY THIS IS ACCEPTABLE (a test fixture, a value that is not a secret)',
      range: `${range.base.slice(0, 12)}..${range.head.slice(0, 12)}`,
      publishFingerprints: repositoryIsPrivate(env),
    }),
  });
  setOutputs(outputs);
  return outputs.blocking > 0 && allowance?.allowed !== true ? EXIT_FINDINGS : EXIT_OK;
}

/** The commits of the range that added the values only the history holds, oldest first, with their subjects. */
async function holdingCommits(
  cwd: string,
  history: readonly HistoryItem[],
  env: NodeJS.ProcessEnv,
): Promise<HoldingCommit[]> {
  const shas = [...new Set(history.map((h) => h.commit))];
  const out = (await git(cwd, ['log', '--no-walk=unsorted', '--format=%H%x00%s', ...shas], env)).toString('utf8');
  const subjects = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [sha, subject] = line.split('\u0000');
    if (sha !== undefined && subject !== undefined) subjects.set(sha, subject);
  }
  return shas.map((sha) => ({ sha, subject: subjects.get(sha) ?? '' }));
}

/**
 * The pull request a `workflow_run` belongs to, from the API: the number GitHub lists on the run,
 * or the open pull request whose head is the run's branch and commit. Its base comes from the API
 * too; nothing is taken from artifacts or from the pull request's files.
 */
async function pullRequestOfRun(
  run: WorkflowRunTarget,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
): Promise<PullRequestTarget | undefined> {
  const gh = createClient(inputs.token, env);
  let pr: { number: number; base: { sha: string }; head: { sha: string } } | undefined;
  const listed = run.number;
  if (listed !== undefined)
    pr = (await withRetry(() => gh.rest.pulls.get({ ...run.repo, pull_number: listed }), log)).data;
  else {
    const open = await withRetry(
      () => gh.paginate(gh.rest.pulls.list, { ...run.repo, state: 'open', head: run.head, per_page: 100 }),
      log,
    );
    pr = open.find((p) => p.head.sha === run.headSha);
  }
  if (pr === undefined || pr.head.sha !== run.headSha) return undefined;
  return {
    kind: 'pull_request',
    eventName: 'pull_request_target',
    repo: run.repo,
    number: pr.number,
    baseSha: pr.base.sha,
    headSha: run.headSha,
    readOnly: false,
  };
}

/** Every finding of the head scan has a public id; filtering and planning only select among them. */
function idOf(ids: ReadonlyMap<Finding, string>, f: Finding): string {
  const id = ids.get(f);
  if (id === undefined) throw new InternalError('a finding to review has no public id');
  return id;
}

function summaryUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

async function rangeOf(
  target: PullRequestTarget | PushTarget,
  inputs: ActionInputs,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ range: ScanRange; policyRevision?: string }> {
  if (target.kind === 'pull_request') {
    await ensureCommits(cwd, [target.baseSha, target.headSha], env, log);
    const base = await mergeBase(cwd, target.baseSha, target.headSha, env, log);
    return {
      range: { base, head: target.headSha },
      ...(inputs.configFrom === 'base' ? { policyRevision: target.baseSha } : {}),
    };
  }
  if (target.before === target.after) return { range: { base: target.after, head: target.after } };
  await ensureCommits(cwd, target.before !== undefined ? [target.before, target.after] : [target.after], env, log);
  const base = target.before ?? (await newBranchBase(cwd, target.after, target.ref, target.defaultBranch, env, log));
  return {
    range: { base, head: target.after },
    ...(inputs.configFrom === 'base' && base !== EMPTY_TREE ? { policyRevision: base } : {}),
  };
}

async function sealedSuggestions(
  findings: readonly Finding[],
  scan: RangeScan,
  certRef: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Map<Finding, SealedReplacement>> {
  const out = new Map<Finding, SealedReplacement>();
  const secrets = findings.filter((f) => f.object.kind === 'Secret' && !f.preexisting);
  if (secrets.length === 0) return out;
  let cert;
  try {
    cert = await loadCertificate(certRef, cwd);
  } catch (err) {
    if (!(err instanceof SealcheckError)) throw err;
    core.warning(`sealcheck: no sealed suggestions: ${err.message}`);
    return out;
  }
  for (const w of cert.warnings) core.warning(`sealcheck: ${w}`);
  const texts = new Map<string, string | undefined>();
  for (const f of secrets) {
    const path = f.location.path;
    if (!texts.has(path)) {
      const change = scan.changes.find((c) => c.path === path);
      texts.set(path, change ? (await git(cwd, ['cat-file', 'blob', change.newOid], env)).toString('utf8') : undefined);
    }
    const text = texts.get(path);
    if (text === undefined) continue;
    const sealed = sealedReplacement(f, text, cert, scan.tokens, (w) => core.warning(`sealcheck: ${w}`));
    if (sealed) out.set(f, sealed);
  }
  return out;
}

async function writeSummary(
  scan: RangeScan,
  filtered: Finding[],
  history: HistoryItem[],
  o: Outputs,
  target: PullRequestTarget | PushTarget,
  lines: string[],
  failOn: FailOn,
  extra: { advice: readonly string[]; allowance: AllowDecision | undefined; allowEntries: readonly string[] },
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const where = target.kind === 'pull_request' ? `pull request #${target.number}` : `push to ${target.ref}`;
  const allowed = extra.allowance?.allowed === true;
  const title = `sealcheck: ${o.blocking > 0 ? `${o.blocking} blocking finding(s)${allowed ? ', allowed' : ''}` : 'nothing blocking'} in the ${where}`;
  const blocking = (f: Finding): boolean => blocks(f.severity, failOn);
  // The head's table and the history's list count apart, so that the title's total adds up.
  const split = `${filtered.length} at the head (${filtered.filter(blocking).length} blocking), ${history.length} only in the history of the range (${history.filter((h) => blocking(h.finding)).length} blocking)`;
  const override: string[] = [];
  if (extra.allowance?.allowed === true)
    override.push(
      `**Allowed by @${escapeText(extra.allowance.by)}** with the label ${mdCode(extra.allowance.label, false)} (write access checked through the API): the findings below are reported, the job passes.`,
      '',
    );
  else if (extra.allowance !== undefined)
    override.push(`The allow label does not apply: ${escapeText(extra.allowance.why)}.`, '');
  const text = summaryMarkdown({
    report: { ...scan.report, findings: filtered },
    rules: scan.rules,
    title,
    lines: [
      `${o.findings} finding(s): ${split}; ${o.blocking} blocking (fail-on: ${failOn}). Reporter: ${o.reporter}.`,
      '',
      ...override,
      ...lines,
      ...(o.blocking > 0 ? ['', ...extra.allowEntries] : []),
    ],
    history,
    historyAdvice: extra.advice,
  });
  try {
    await core.summary.addRaw(text, true).write();
  } catch (err) {
    // The runner creates the file; without it the findings still decide the result.
    core.warning(`sealcheck: cannot write the job summary: ${(err as Error).message}`);
  }
}
