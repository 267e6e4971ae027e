import type { Octokit } from '@octokit/rest';
import type { Repo } from './event.js';
import type { ReviewEvent } from './inputs.js';
import { isForbidden, statusOf, withRetry } from './github.js';
import { isLogin } from './identity.js';
import { parseMarker } from './marker.js';
import type { Existing, Plan } from './plan.js';
import { fixedBody, reviewBody, type ReviewBodyInput } from './render.js';

/**
 * Every review comment and review of the pull request (all pages, 100 per page), reduced to what
 * our markers say. Reading every page matters: stopping at the first would repost on big PRs.
 * Only comments and reviews by `own` (the login the token posts as, see identity.ts) count: a
 * person or another bot repeating a marker does not silence a finding.
 */
export async function readExisting(
  gh: Octokit,
  repo: Repo,
  pull: number,
  own: string,
  log: (s: string) => void,
): Promise<Existing> {
  const existing: Existing = { commented: new Map(), fixedReplied: new Set(), listed: new Set() };
  const comments = await withRetry(
    () => gh.paginate(gh.rest.pulls.listReviewComments, { ...repo, pull_number: pull, per_page: 100 }),
    log,
  );
  for (const c of comments) {
    if (!isLogin(c.user, own)) continue;
    const m = parseMarker(c.body);
    if (m?.kind === 'finding' && c.in_reply_to_id === undefined && !existing.commented.has(m.id))
      existing.commented.set(m.id, c.id);
    else if (m?.kind === 'fixed') existing.fixedReplied.add(m.id);
  }
  const reviews = await withRetry(
    () => gh.paginate(gh.rest.pulls.listReviews, { ...repo, pull_number: pull, per_page: 100 }),
    log,
  );
  for (const r of reviews) {
    if (!isLogin(r.user, own)) continue;
    const m = parseMarker(r.body);
    if (m?.kind === 'review') for (const id of m.listed) existing.listed.add(id);
  }
  log(
    `existing: ${comments.length} review comments, ${reviews.length} reviews; ${existing.commented.size} findings already commented`,
  );
  return existing;
}

/** How posting went. `forbidden`: the token may not write (fall back to annotations). */
export interface PostResult {
  outcome: 'posted' | 'nothing-new' | 'forbidden';
  newComments: number;
  fixedReplies: number;
  reviewId?: number;
  /** Inline comments were refused (422) and sent again as single lines, or listed in the body. */
  degraded?: 'single-line' | 'body-only';
}

export interface PostInput {
  repo: Repo;
  pull: number;
  headSha: string;
  plan: Plan;
  body: Omit<ReviewBodyInput, 'inline' | 'overflow' | 'belowThreshold' | 'history' | 'previouslyListed'>;
  /** `REQUEST_CHANGES` applies only when something blocks (`body.blocking` > 0); otherwise the review is a COMMENT. */
  event?: ReviewEvent;
  /** Ids earlier reviews listed: kept in this review's marker so that none is listed twice. */
  previouslyListed: ReadonlySet<string>;
  log: (s: string) => void;
}

/**
 * One review (`COMMENT`, or `REQUEST_CHANGES` when asked for and something blocks) holding every new inline comment, then file comments and "fixed"
 * replies one at a time. Nothing at all when nothing is new. A 422 on the review is retried once
 * with single-line anchors and no suggestions, then as a body-only review listing the findings.
 */
export async function postReview(gh: Octokit, input: PostInput): Promise<PostResult> {
  const { plan, repo, pull, log } = input;
  const result: PostResult = { outcome: 'nothing-new', newComments: 0, fixedReplies: 0 };
  // File comments and replies stand alone; a review is needed for inline comments and for new
  // findings that only its body can list.
  const needsReview =
    plan.inline.length > 0 || plan.history.length > 0 || plan.overflow.length > 0 || plan.belowThreshold.length > 0;
  const event = input.event === 'REQUEST_CHANGES' && input.body.blocking > 0 ? 'REQUEST_CHANGES' : 'COMMENT';
  try {
    if (needsReview) {
      const bodyFor = (inline: number, overflow = plan.overflow): string =>
        reviewBody({
          ...input.body,
          inline,
          overflow,
          belowThreshold: plan.belowThreshold,
          history: plan.history,
          previouslyListed: input.previouslyListed,
        });
      const create = (comments: Plan['inline'][number]['comment'][], body: string) =>
        withRetry(
          () =>
            gh.rest.pulls.createReview({
              ...repo,
              pull_number: pull,
              commit_id: input.headSha,
              event,
              body,
              ...(comments.length > 0 ? { comments } : {}),
            }),
          log,
        );
      let review;
      try {
        review = await create(
          plan.inline.map((p) => p.comment),
          bodyFor(plan.inline.length),
        );
      } catch (err) {
        if (statusOf(err) !== 422 || plan.inline.length === 0) throw err;
        log(
          `GitHub refused the review (422: ${(err as Error).message}); retrying with single-line comments and no suggestions`,
        );
        try {
          review = await create(
            plan.inline.map((p) => p.plain),
            bodyFor(plan.inline.length),
          );
          result.degraded = 'single-line';
        } catch (err2) {
          if (statusOf(err2) !== 422) throw err2;
          log('GitHub refused the single-line comments too; posting the findings in the review body');
          review = await create(
            [],
            bodyFor(0, [...plan.inline.map((p) => ({ group: p.group, id: p.id })), ...plan.overflow]),
          );
          result.degraded = 'body-only';
        }
      }
      result.reviewId = review.data.id;
      if (result.degraded !== 'body-only') result.newComments += plan.inline.length;
      result.outcome = 'posted';
    }
  } catch (err) {
    if (isForbidden(err)) {
      log(`GitHub refused to write (${statusOf(err)}): ${(err as Error).message}`);
      return { ...result, outcome: 'forbidden' };
    }
    throw err;
  }
  // After the review, each further write stands alone: a reply to a comment someone deleted (404)
  // is skipped, and a refusal stops the rest without undoing what was posted.
  const writes = [
    ...plan.fileComments.map((c) => async () => {
      await withRetry(
        () =>
          gh.rest.pulls.createReviewComment({
            ...repo,
            pull_number: pull,
            commit_id: input.headSha,
            path: c.path,
            subject_type: 'file',
            body: c.body,
          }),
        log,
      );
      result.newComments += 1;
    }),
    ...plan.fixed.map((f) => async () => {
      await withRetry(
        () =>
          gh.rest.pulls.createReplyForReviewComment({
            ...repo,
            pull_number: pull,
            comment_id: f.commentId,
            body: fixedBody(f.id, input.headSha),
          }),
        log,
      );
      result.fixedReplies += 1;
    }),
  ];
  for (const write of writes) {
    try {
      await write();
      result.outcome = 'posted';
    } catch (err) {
      if (statusOf(err) === 404) {
        log(`skipped a comment GitHub no longer has (404)`);
        continue;
      }
      if (!isForbidden(err)) throw err;
      log(`GitHub refused to write (${statusOf(err)}): ${(err as Error).message}`);
      return result.outcome === 'posted' ? result : { ...result, outcome: 'forbidden' };
    }
  }
  return result;
}
