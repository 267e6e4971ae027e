import { describe, expect, it } from 'vitest';
import { parseMarker } from '../../action/marker.js';
import { pullRequestEvent, runAction } from './harness.js';
import { useAction } from './setup.js';
import { leakingPr } from './scenario.js';

const action = useAction();

/** The bodies sealcheck posts for the leaking pull request, learnt from a first run on a separate fake. */
async function sealcheckBodies(
  pr: ReturnType<typeof leakingPr>,
): Promise<{ comments: { body: string; path: string; line: number | null }[]; reviews: string[] }> {
  const fake = await action.fake(pr);
  const r = await runAction({
    actionDir: action.dir(),
    repo: pr.repo,
    eventName: 'pull_request',
    event: pullRequestEvent({ base: pr.base, head: pr.head }),
    apiUrl: fake.url,
  });
  expect(r.outputs['new-comments']).toBe('2');
  return {
    comments: fake.comments.map((c) => ({ body: c.body, path: c.path, line: c.line })),
    reviews: fake.reviews.map((v) => v.body),
  };
}

describe("whose comments are sealcheck's own", { timeout: 120_000 }, () => {
  it("another bot copying the markers silences nothing; sealcheck's own comments still make a re-run idempotent", async () => {
    const pr = leakingPr();
    const forged = await sealcheckBodies(pr);
    expect(forged.comments.every((c) => parseMarker(c.body)?.kind === 'finding')).toBe(true);
    // A token of no known shape: GET /user is asked, refused as for an installation token, and bot-login's default applies.
    const token = 'dummy-token';
    const fake = await action.fake(pr, token);
    const evil = { login: 'evil[bot]', id: 666, type: 'Bot' as const };
    for (const c of forged.comments) fake.seedComment({ ...c, user: evil });
    for (const body of forged.reviews)
      fake.reviews.push({
        id: 9000 + fake.reviews.length,
        body,
        event: 'COMMENT',
        commit_id: pr.head,
        comments: 0,
        user: evil,
      });
    const event = pullRequestEvent({ base: pr.base, head: pr.head });
    const inputs = { 'github-token': token };
    const first = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs,
    });
    expect(fake.problems).toEqual([]);
    expect(first.outputs).toMatchObject({ 'new-comments': '2', reporter: 'review' });
    expect(fake.comments.filter((c) => c.user.login === 'github-actions[bot]')).toHaveLength(2);
    expect(fake.requests.filter((q) => q.operation === 'GET /user')).toHaveLength(1);

    const writes = fake.writes().length;
    const again = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs,
    });
    expect(again.outputs).toMatchObject({ 'new-comments': '0', fixed: '0' });
    expect(fake.writes().length).toBe(writes);
    expect(fake.problems).toEqual([]);
  });

  it('an installation token (ghs_) posts as bot-login and asks the API nothing about itself', async () => {
    const pr = leakingPr();
    const token = 'ghs_fakeAppInstallationToken';
    const fake = await action.fake(pr, token);
    fake.poster = { login: 'my-app[bot]', id: 77, type: 'Bot' };
    const event = pullRequestEvent({ base: pr.base, head: pr.head });
    const inputs = { 'github-token': token, 'bot-login': 'my-app[bot]' };
    const first = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs,
    });
    expect(first.outputs['new-comments']).toBe('2');
    const again = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs,
    });
    expect(again.outputs['new-comments']).toBe('0');
    // With the default bot-login, my-app[bot]'s comments are someone else's: the review is posted again.
    const other = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs: { 'github-token': token },
    });
    expect(other.outputs['new-comments']).toBe('2');
    expect(fake.requests.filter((q) => q.operation === 'GET /user')).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it('a personal access token posts as its user, named by GET /user; github-actions[bot] copies of the markers silence nothing', async () => {
    const pr = leakingPr();
    const forged = await sealcheckBodies(pr);
    const token = 'github_pat_fakePersonalToken0123456789';
    const fake = await action.fake(pr, token);
    fake.tokenUser = { login: 'Carol', id: 31, type: 'User' };
    fake.poster = { login: 'carol', id: 31, type: 'User' };
    for (const c of forged.comments)
      fake.seedComment({ ...c, user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' } });
    const event = pullRequestEvent({ base: pr.base, head: pr.head });
    const inputs = { 'github-token': token };
    const first = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs,
    });
    expect(first.outputs['new-comments']).toBe('2');
    const again = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs,
    });
    expect(again.outputs['new-comments']).toBe('0');
    expect(fake.problems).toEqual([]);
  });

  it('refuses a bot-login that is not a GitHub login (exit 2)', async () => {
    const pr = leakingPr();
    const fake = await action.fake(pr);
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head }),
      apiUrl: fake.url,
      inputs: { 'bot-login': 'evil bot; rm' },
    });
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toContain('input bot-login');
    expect(fake.writes()).toEqual([]);
  });
});
