import { describe, expect, it } from 'vitest';
import type { FakeGitHub } from './fake-github.js';
import { pullRequestEvent, runAction, type RunResult } from './harness.js';
import { useAction } from './setup.js';
import { APP_BASE, commitAll, expectNoValues, forbiddenStrings, git, leakingPr, write } from './scenario.js';
import { shBlocks, shSyntaxError } from '../helpers/sh-syntax.js';

const action = useAction();

/** A pull request whose head is clean again: its first commit added a Secret and a literal, the second removed them. */
function cleanedPr(): { repo: string; base: string; head: string; added: string } {
  const pr = leakingPr();
  write(pr.repo, { 'deploy/app.yaml': APP_BASE });
  git(pr.repo, 'rm', '-q', 'deploy/db-secret.yaml');
  const head = commitAll(pr.repo, 'remove the database secret again');
  return { repo: pr.repo, base: pr.base, head, added: pr.head };
}

async function run(
  pr: { repo: string; base: string; head: string },
  fake: FakeGitHub,
  inputs: Record<string, string> = {},
  event?: unknown,
): Promise<RunResult> {
  return runAction({
    actionDir: action.dir(),
    repo: pr.repo,
    eventName: 'pull_request',
    event: event ?? pullRequestEvent({ base: pr.base, head: pr.head, apiUrl: fake.url }),
    apiUrl: fake.url,
    inputs,
  });
}

const permissionChecks = (fake: FakeGitHub) =>
  fake.requests.filter((r) => r.operation === 'GET /repos/{owner}/{repo}/collaborators/{username}/permission');

describe('a way to green', { timeout: 120_000 }, () => {
  it('head clean, history not: the review body and summary say what to do and which commit holds the values', async () => {
    const pr = cleanedPr();
    const fake = await action.fake(pr);
    const r = await run(pr, fake, { 'allow-label': 'sealcheck-allow' });
    expect(r.stderr).toBe('');
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ findings: '3', blocking: '3' });
    const body = fake.reviews[0]!.body;
    for (const text of [body, r.summary]) {
      expect(text).toContain('**Rotate** each value');
      expect(text).toContain('**Rewrite the branch**');
      expect(text).toContain(`git reset --soft ${pr.base}`);
      expect(text).toContain('git push --force-with-lease');
      expect(text).toContain(
        `\`${pr.added.slice(0, 12)}\` add the database: 3 values in deploy/app.yaml, deploy/db-secret.yaml`,
      );
      expect(text).toContain('`sealcheck-allow`');
    }
    // The title's count adds up with what the summary shows: none at the head, three in the history.
    expect(r.summary).toContain('# sealcheck: 3 blocking finding(s) in the pull request #7');
    expect(r.summary).toContain('0 at the head (0 blocking), 3 only in the history of the range (3 blocking)');
    expect(r.summary).toContain('## Findings at the head');
    // The allow: entries to add on the base branch; a public repository's summary shows no fingerprint.
    expect(r.summary).toContain('  - fingerprint: FINGERPRINT\n    reason: "secret-data in deploy/db-secret.yaml');
    expect(r.summary).toContain(`sealcheck scan --diff ${pr.base.slice(0, 12)}..${pr.head.slice(0, 12)}`);
    // Label absent: nothing asks who labeled it or their permission.
    expect(permissionChecks(fake)).toEqual([]);
    expect(r.summary).toContain(
      'The allow label does not apply: the label sealcheck-allow is not on the pull request.',
    );
    for (const block of [...shBlocks(body), ...shBlocks(r.summary)]) expect(shSyntaxError(block)).toBeUndefined();
    expect(shBlocks(body)).toHaveLength(1);
    expectNoValues(await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`), r, fake);
  });

  it('the allow label added by someone with write access: findings reported, the job passes, the summary says who', async () => {
    const pr = cleanedPr();
    const fake = await action.fake(pr);
    fake.permissions.set('maria', 'write');
    fake.label('labeled', 'sealcheck-allow', 'maria');
    const r = await run(pr, fake, { 'allow-label': 'sealcheck-allow' });
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ findings: '3', blocking: '3' });
    expect(fake.reviews).toHaveLength(1);
    expect(r.summary).toContain('# sealcheck: 3 blocking finding(s), allowed in the pull request #7');
    expect(r.summary).toMatch(
      /\*\*Allowed by @.?maria\*\* with the label `sealcheck-allow` \(write access checked through the API\)/,
    );
    expect(r.summary).toContain('allowed by @maria with the label sealcheck-allow on #7');
    expect(permissionChecks(fake).map((q) => q.path)).toEqual(['/repos/o/r/collaborators/maria/permission']);
    expect(r.annotations.some((a) => a.startsWith('::notice') && a.includes('allowed by @maria'))).toBe(true);
  });

  it('the label added by someone without write access, or re-added by them after a maintainer, still fails', async () => {
    const pr = cleanedPr();
    const fake = await action.fake(pr);
    fake.permissions.set('maria', 'admin');
    fake.permissions.set('mallory', 'read');
    fake.label('labeled', 'sealcheck-allow', 'mallory');
    const r = await run(pr, fake, { 'allow-label': 'sealcheck-allow' });
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(1);
    expect(r.summary).toMatch(/@.?mallory, who added the label sealcheck-allow, has no write access \(read\)/);

    fake.label('unlabeled', 'sealcheck-allow', 'mallory');
    fake.label('labeled', 'sealcheck-allow', 'maria');
    fake.label('unlabeled', 'sealcheck-allow', 'mallory');
    fake.label('labeled', 'sealcheck-allow', 'mallory');
    const again = await run(pr, fake, { 'allow-label': 'sealcheck-allow' });
    expect(again.status).toBe(1);
    // Not a collaborator at all: the API answers 404, which allows nothing either.
    fake.permissions.delete('mallory');
    const stranger = await run(pr, fake, { 'allow-label': 'sealcheck-allow' });
    expect(stranger.status).toBe(1);
    expect(stranger.summary).toContain('has no write access (none)');
    // The event payload is never trusted: a label in it changes nothing.
    const event = pullRequestEvent({ base: pr.base, head: pr.head, apiUrl: fake.url }) as {
      pull_request: Record<string, unknown>;
    };
    event.pull_request.labels = [{ name: 'sealcheck-allow' }];
    fake.labelEvents.splice(0);
    const payload = await run(pr, fake, { 'allow-label': 'sealcheck-allow' }, event);
    expect(payload.status).toBe(1);
    expect(fake.problems).toEqual([]);
  });

  it('in a private repository the allow: entries carry the fingerprints', async () => {
    const pr = cleanedPr();
    const fake = await action.fake(pr);
    const event = pullRequestEvent({ base: pr.base, head: pr.head, apiUrl: fake.url }) as {
      repository: { private: boolean };
    };
    event.repository.private = true;
    const r = await run(pr, fake, {}, event);
    expect(r.status).toBe(1);
    expect(r.summary).toMatch(/\n {2}- fingerprint: [0-9a-f]{32}\n {4}reason: "secret-data in deploy\/db-secret\.yaml/);
    expect(r.summary).not.toContain('FINGERPRINT');
  });

  it("every ```sh block of a leaking pull request's comments, review and summary parses in sh", async () => {
    const pr = leakingPr();
    const fake = await action.fake(pr);
    const r = await run(pr, fake);
    expect(r.status).toBe(1);
    const blocks = [...fake.comments.map((c) => c.body), ...fake.reviews.map((v) => v.body), r.summary].flatMap(
      shBlocks,
    );
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(shSyntaxError(block)).toBeUndefined();
  });
});
