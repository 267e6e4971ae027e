import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { pullRequestEvent, runAction, workflowRunEvent } from './harness.js';
import { useAction } from './setup.js';
import {
  APP_BASE,
  APP_HEAD,
  b64,
  commitAll,
  DB_SECRET,
  git,
  expectNoValues,
  forbiddenStrings,
  KEY_NAMES,
  keyNamePieces,
  KEYS_HEAD,
  leakingPr,
  lineOf,
  makeCert,
  sarifSchemaErrors,
  VALUES,
  write,
} from './scenario.js';
import { parseMarker } from '../../action/marker.js';

const action = useAction();
const fakeFor = action.fake;

describe('pull_request', { timeout: 120_000 }, () => {
  it('posts one COMMENT review with one inline comment per object on its lines, and a re-run posts nothing new', async () => {
    const pr = leakingPr();
    const fake = await fakeFor(pr);
    const event = pullRequestEvent({ base: pr.base, head: pr.head, apiUrl: fake.url });
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(r.stderr).toBe('');
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(1);
    expect(fake.reviews).toHaveLength(1);
    expect(fake.reviews[0]!.event).toBe('COMMENT');
    const anchors = fake.comments.map((c) => `${c.path}:${c.start_line ?? ''}-${c.line}`).sort();
    expect(anchors).toEqual(
      [
        `deploy/app.yaml:-${lineOf(APP_HEAD, 'value: "Pl4nted')}`,
        `deploy/db-secret.yaml:${lineOf(DB_SECRET, 'password:')}-${lineOf(DB_SECRET, 'api-token:')}`,
      ].sort(),
    );
    const secretComment = fake.comments.find((c) => c.path === 'deploy/db-secret.yaml')!;
    expect(secretComment.body).toContain('`secret-data`');
    expect(secretComment.body).toContain('**Secret shop/db** · 2 errors');
    for (const key of ['**password**', '**api-token**']) expect(secretComment.body).toContain(key);
    expect(secretComment.body).toContain('<details><summary>Why and docs</summary>');
    expect(secretComment.body.split('kubeseal --format yaml').length - 1).toBe(1);
    expect(secretComment.body).toContain("These values are now in the PR's history: **rotate them**");
    expect(parseMarker(secretComment.body)?.kind).toBe('finding');
    const envComment = fake.comments.find((c) => c.path === 'deploy/app.yaml')!;
    expect(envComment.body).toContain('secretKeyRef:');
    expect(r.outputs).toMatchObject({
      findings: '3',
      blocking: '3',
      'new-comments': '2',
      fixed: '0',
      reporter: 'review',
    });
    expect(r.summary).toContain('deploy/db-secret.yaml');
    expect(sarifSchemaErrors(r.sarif!)).toEqual([]);
    const forbidden = await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`);
    expectNoValues(forbidden, r, fake);

    const before = fake.writes().length;
    const again = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(again.status).toBe(1);
    expect(fake.writes().length).toBe(before);
    expect(again.outputs).toMatchObject({ 'new-comments': '0', fixed: '0', reporter: 'review' });
    expect(fake.problems).toEqual([]);
  });
});

describe('re-runs', { timeout: 120_000 }, () => {
  it('answers a finding that disappeared with one "fixed" reply, and only once', async () => {
    const pr = leakingPr();
    const fake = await fakeFor(pr);
    const first = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head }),
      apiUrl: fake.url,
    });
    expect(first.outputs['new-comments']).toBe('2');
    // The author removes the env literal in a new push.
    write(pr.repo, { 'deploy/app.yaml': APP_BASE });
    const head2 = commitAll(pr.repo, 'use a mounted secret');
    fake.setHead(head2);
    const second = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: head2 }),
      apiUrl: fake.url,
    });
    expect(fake.problems).toEqual([]);
    expect(second.outputs).toMatchObject({ fixed: '1', 'new-comments': '0', findings: '3', reporter: 'review' });
    // The two Secret keys still block; the removed literal is still in the history (scan-history).
    expect(second.status).toBe(1);
    const replies = fake.comments.filter((c) => c.in_reply_to_id !== undefined);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.path).toBe('deploy/app.yaml');
    expect(replies[0]!.body).toMatch(/^✅ Fixed — no longer present at [0-9a-f]{12}\. Still rotate it/);
    // Its thread says so already: no second review just to list it as "removed again".
    expect(fake.reviews.length).toBe(1);
    expect(second.summary).toContain('Committed in this range and removed again');

    const writes = fake.writes().length;
    const third = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: head2 }),
      apiUrl: fake.url,
    });
    expect(third.outputs).toMatchObject({ fixed: '0', 'new-comments': '0' });
    expect(fake.writes().length).toBe(writes);
    expectNoValues(await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`), third, fake);
  });

  it('reads every page of more than 100 existing comments before deciding what is new', async () => {
    const pr = leakingPr();
    const fake = await fakeFor(pr);
    for (let i = 0; i < 150; i++) fake.seedComment({ body: `looks good ${i}`, path: 'deploy/app.yaml', line: 14 });
    // A person quoting a marker does not count as sealcheck's comment.
    fake.seedComment({
      body: 'copy\n<!-- sealcheck:v1 id=AAAAAAAAAAAAAAAA rule=secret-data -->',
      path: 'deploy/app.yaml',
      line: 14,
    });
    const event = pullRequestEvent({ base: pr.base, head: pr.head });
    const first = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(first.outputs['new-comments']).toBe('2');
    const second = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(second.outputs).toMatchObject({ 'new-comments': '0', fixed: '0' });
    expect(fake.reviews).toHaveLength(1);
    const pages = fake.requests
      .filter((q) => q.method === 'GET' && q.path.endsWith('/pulls/7/comments'))
      .map((q) => q.query.get('page') ?? '1');
    expect(pages).toEqual(['1', '2', '1', '2']);
    expect(fake.problems).toEqual([]);
  });
});

describe('failures GitHub answers', { timeout: 120_000 }, () => {
  it('falls back to annotations, the summary and SARIF on a fork (read-only token), and still fails', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 12; i++)
      many[`deploy/extra-${String(i).padStart(2, '0')}.yaml`] =
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: extra-${i}\ndata:\n  password: ${b64(`${VALUES.db}-${i}`)}\n`;
    const pr = leakingPr(many);
    const fake = await fakeFor(pr);
    fake.writeStatus = 403;
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head, fork: true }),
      apiUrl: fake.url,
    });
    expect(r.status).toBe(1);
    // Predicted from the event: no API call at all.
    expect(fake.requests).toEqual([]);
    expect(r.outputs).toMatchObject({ reporter: 'annotations', findings: '15', blocking: '15', 'new-comments': '0' });
    const errors = r.annotations.filter((a) => a.startsWith('::error'));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toMatch(/^::error title=sealcheck [a-z-]+.*,file=deploy\/[^,]+,line=\d+,endLine=\d+::/);
    expect(r.annotations.filter((a) => a.startsWith('::notice'))).toEqual([
      expect.stringContaining('5 more finding(s) are not annotated'),
    ]);
    expect(r.summary).toContain('No review: the pull request comes from the fork mallory/r');
    expect(r.summary).toContain('deploy/extra-11.yaml');
    const sarif = JSON.parse(r.sarif!) as {
      runs: { results: { partialFingerprints: Record<string, string> }[]; automationDetails: { id: string } }[];
    };
    expect(sarif.runs[0]!.results).toHaveLength(15);
    expect(Object.keys(sarif.runs[0]!.results[0]!.partialFingerprints)).toEqual(['primaryLocationLineHash']);
    expect(sarif.runs[0]!.automationDetails.id).toBe('sealcheck/');
    expect(sarifSchemaErrors(r.sarif!)).toEqual([]);
    const extras = Array.from({ length: 12 }, (_, i) => `${VALUES.db}-${i}`);
    expectNoValues(
      await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`, [...Object.values(VALUES), ...extras]),
      r,
      fake,
    );
  });

  it('falls back when a write is answered 403 (Dependabot, or a token without pull-requests: write)', async () => {
    const pr = leakingPr();
    const fake = await fakeFor(pr);
    fake.writeStatus = 403;
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head }),
      apiUrl: fake.url,
    });
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(1);
    expect(fake.writes().length).toBe(1);
    expect(r.outputs).toMatchObject({ reporter: 'annotations', 'new-comments': '0' });
    expect(r.annotations.filter((a) => a.startsWith('::error'))).toHaveLength(3);

    const bot = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head, user: 'dependabot[bot]' }),
      apiUrl: fake.url,
      env: { GITHUB_ACTOR: 'dependabot[bot]' },
    });
    expect(bot.status).toBe(1);
    expect(bot.outputs.reporter).toBe('annotations');
    expect(fake.writes().length).toBe(1);
  });

  it('recovers from a 422 by sending single-line comments without suggestions', async () => {
    const pr = leakingPr();
    const fake = await fakeFor(pr);
    fake.rejectReviews = 1;
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head }),
      apiUrl: fake.url,
    });
    expect(r.status).toBe(1);
    const posts = fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/reviews'));
    expect(posts).toHaveLength(2);
    expect(fake.reviews).toHaveLength(1);
    for (const c of (posts[1]!.body as { comments: { start_line?: number; body: string }[] }).comments) {
      expect(c.start_line).toBeUndefined();
      expect(c.body).not.toContain('```suggestion');
    }
    expect(r.outputs['new-comments']).toBe('2');
    expect(r.summary).toContain('sent single-line');
  });

  it('posts nothing when the pull request head moved during the run', async () => {
    const pr = leakingPr();
    const fake = await fakeFor(pr);
    fake.currentHead = 'f'.repeat(40);
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head }),
      apiUrl: fake.url,
    });
    expect(r.status).toBe(1);
    expect(fake.writes()).toEqual([]);
    expect(r.outputs.reporter).toBe('stale');
    expect(r.annotations.some((a) => a.startsWith('::notice') && a.includes('head moved'))).toBe(true);
    expect(fake.problems).toEqual([]);
  });
});

describe('secondary rate limits', { timeout: 120_000 }, () => {
  it('waits as retry-after asks and posts once', async () => {
    const pr = leakingPr();
    const fake = await fakeFor(pr);
    fake.rateLimitWrites = 1;
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head }),
      apiUrl: fake.url,
    });
    expect(fake.problems).toEqual([]);
    expect(r.stdout).toContain('GitHub answered 403; retrying in 1 s');
    expect(fake.reviews).toHaveLength(1);
    expect(r.outputs).toMatchObject({ reporter: 'review', 'new-comments': '2' });
  });
});

describe('workflow_run (the fork pattern)', { timeout: 120_000 }, () => {
  it('finds the pull request through the API and posts the review without checking out its head', async () => {
    const pr = leakingPr();
    // The poster checks out the base branch only; the head is fetched as objects.
    git(pr.repo, 'checkout', '-q', 'main');
    const fake = await fakeFor(pr);
    fake.headLabel = 'mallory:feature';
    const event = workflowRunEvent({ head: pr.head, fork: true });
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'workflow_run',
      event,
      apiUrl: fake.url,
    });
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ reporter: 'review', 'new-comments': '2' });
    expect(fake.requests[0]!.query.get('head')).toBe('mallory:feature');
    expect(existsSync(join(pr.repo, 'deploy', 'db-secret.yaml'))).toBe(false);
    expect(git(pr.repo, 'status', '--porcelain')).toBe('');
    expectNoValues(await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`), r, fake);
  });
});

describe('a key that is itself a credential', { timeout: 120_000 }, () => {
  it('is named nowhere: not in comments, suggestions, annotations, the summary, SARIF or any request', async () => {
    const pr = leakingPr({ 'deploy/keys.yaml': KEYS_HEAD });
    const certDir = realpathSync(mkdtempSync(join(tmpdir(), 'sealcheck-cert-')));
    onTestFinished(() => rmSync(certDir, { recursive: true, force: true }));
    makeCert(certDir);
    const forbidden = [
      ...keyNamePieces(),
      ...(await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`, [
        ...Object.values(VALUES),
        ...Object.values(KEY_NAMES),
      ])),
    ];

    const fake = await fakeFor(pr);
    const event = pullRequestEvent({ base: pr.base, head: pr.head, apiUrl: fake.url });
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs: { cert: join(certDir, 'pub-cert.pem') },
    });
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(1);
    const onKeys = fake.comments.filter((c) => c.path === 'deploy/keys.yaml');
    // Both token keys found by the token rule, each value finding naming its key redacted, `password` by name.
    expect(onKeys.filter((c) => c.body.includes('`github-token`'))).toHaveLength(2);
    // Each key named redacted, in the comment of its object (the Secret, the ConfigMap, the container).
    const redacted = onKeys.map((c) => c.body.match(/(gh|Xp)…\(\d+ chars\) sha256:[0-9a-f]{12}/g)?.length ?? 0);
    expect(redacted.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
    expect(onKeys.some((c) => c.body.includes('Secret shop/keys') && c.body.includes('password'))).toBe(true);
    // The db Secret still gets its suggestion; the one with a credential-shaped key does not, as it would spell the key.
    expect(fake.comments.filter((c) => c.body.includes('```suggestion')).map((c) => c.path)).toEqual([
      'deploy/db-secret.yaml',
    ]);
    expectNoValues(forbidden, r, fake);

    // A fork: annotations, the job summary and SARIF carry it all instead.
    const forkFake = await fakeFor(pr);
    forkFake.writeStatus = 403;
    const fork = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head, fork: true }),
      apiUrl: forkFake.url,
    });
    expect(fork.outputs).toMatchObject({ reporter: 'annotations' });
    expect(fork.annotations.some((a) => a.includes('deploy/keys.yaml'))).toBe(true);
    expect(fork.summary).toContain('deploy/keys.yaml');
    expect(sarifSchemaErrors(fork.sarif!)).toEqual([]);
    expectNoValues(forbidden, fork, forkFake);
  });
});
