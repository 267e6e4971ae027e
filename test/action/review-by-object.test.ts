import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseMarker } from '../../action/marker.js';
import type { FakeGitHub } from './fake-github.js';
import { pullRequestEvent, runAction } from './harness.js';
import { useAction } from './setup.js';
import { tempRepo } from '../git/repo.js';
import { commitAll, expectNoValues, forbiddenStrings, git, lineOf, makeCert, write } from './scenario.js';

const action = useAction();

/** Fake values, none of which may appear in any output. */
const V = {
  password: 'Pl4nted-Obj-Passw0rd-2c81e',
  url: 'postgres://shop:Pl4ntedObjUrlPw77@postgres.shop:5432/shop',
  token: 'Pl4nted-Obj-T0ken-9d4b3a1x',
  dbPassword: 'Pl4nted-Obj-DbPw-44af0e7q',
};

/** One Secret with three keys: user (a note), password and url (errors). */
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
type: Opaque
stringData:
  user: shop
  password: ${V.password}
  url: ${V.url}
`;

/** A Deployment whose container has two env literals. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: checkout
          image: shop/checkout:1.4
          env:
            - name: PAYMENTS_API_TOKEN
              value: ${V.token}
            - name: DB_PASSWORD
              value: ${V.dbPassword}
`;

function objectPr(): { repo: string; base: string; head: string } {
  const repo = tempRepo();
  write(repo, { 'README.md': '# shop\n' });
  const base = commitAll(repo, 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  write(repo, { 'deploy/db-secret.yaml': SECRET, 'deploy/checkout.yaml': DEPLOYMENT });
  const head = commitAll(repo, 'add the checkout service');
  return { repo, base, head };
}

/** The review and its inline comments as a reader sees them, for the README. */
function writeReviewTranscript(file: string, fake: FakeGitHub): void {
  const parts = [`review body:\n\n${fake.reviews[0]?.body ?? ''}`];
  for (const c of fake.comments)
    parts.push(`inline comment on ${c.path}:${c.start_line ?? c.line ?? ''}-${c.line ?? ''}:\n\n${c.body}`);
  writeFileSync(file, `${parts.join('\n\n----\n\n')}\n`);
}

describe('the review of a pull request, by leaking object', { timeout: 120_000 }, () => {
  it('posts one inline comment per object (2, not 5) on its line range, notes in the body, and nothing new on a re-run', async () => {
    const pr = objectPr();
    const fake = await action.fake(pr);
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
    expect(fake.comments).toHaveLength(2);
    const anchors = fake.comments.map((c) => `${c.path}:${c.start_line ?? ''}-${c.line}`).sort();
    expect(anchors).toEqual(
      [
        `deploy/checkout.yaml:${lineOf(DEPLOYMENT, 'value: Pl4nted-Obj-T0ken')}-${lineOf(DEPLOYMENT, 'value: Pl4nted-Obj-DbPw')}`,
        `deploy/db-secret.yaml:${lineOf(SECRET, 'user:')}-${lineOf(SECRET, 'url:')}`,
      ].sort(),
    );
    const secret = fake.comments.find((c) => c.path === 'deploy/db-secret.yaml')!;
    for (const key of ['**user**', '**password**', '**url**']) expect(secret.body).toContain(key);
    expect(secret.body).toContain('**Secret shop/db** · 2 errors, 1 note');
    expect(secret.body.split('sealcheck seal --in-place').length - 1).toBe(1);
    expect(parseMarker(secret.body)?.kind).toBe('finding');
    const deployment = fake.comments.find((c) => c.path === 'deploy/checkout.yaml')!;
    expect(deployment.body).toContain('Deployment shop/checkout, container "checkout"');
    for (const key of ['**PAYMENTS\\_API\\_TOKEN**', '**DB\\_PASSWORD**']) expect(deployment.body).toContain(key);
    expect(r.outputs).toMatchObject({ findings: '5', 'new-comments': '2', reporter: 'review' });
    // The README's PR review transcript is this run's output: SEALCHECK_TRANSCRIPT=FILE writes it.
    const transcript = process.env.SEALCHECK_TRANSCRIPT;
    if (transcript !== undefined && transcript !== '') writeReviewTranscript(transcript, fake);
    // Much less to read than one comment per key (5 comments, 1.2–2.7 KB each, about 6.7 KB).
    const total = fake.comments.reduce((n, c) => n + c.body.length, 0);
    expect(total).toBeLessThan(4_500);
    for (const c of fake.comments) expect(c.body.length).toBeLessThan(2_600);
    expectNoValues(await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`, Object.values(V)), r, fake);

    const writes = fake.writes().length;
    const again = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(again.outputs).toMatchObject({ 'new-comments': '0', fixed: '0', reporter: 'review' });
    expect(fake.writes().length).toBe(writes);
    expect(fake.problems).toEqual([]);
  });

  it('lists an object with only notes in the review body, and comments it inline with comment-severity: note', async () => {
    const pr = objectPr();
    // A Secret whose only finding is a note: `user` identifies an account.
    write(pr.repo, {
      'deploy/user.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: u\n  namespace: shop\nstringData:\n  user: shop\n',
    });
    const head = commitAll(pr.repo, 'add a user secret');
    const full = { ...pr, head };
    const fake = await action.fake(full);
    const event = pullRequestEvent({ base: pr.base, head, apiUrl: fake.url });
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(fake.problems).toEqual([]);
    expect(fake.comments.map((c) => c.path).sort()).toEqual(['deploy/checkout.yaml', 'deploy/db-secret.yaml']);
    expect(fake.reviews[0]!.body).toContain('Below the comment threshold (1)');
    expect(fake.reviews[0]!.body).toContain('note Secret shop/u in deploy/user.yaml:7');
    expect(r.status).toBe(1);

    const fake2 = await action.fake(full);
    await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head, apiUrl: fake2.url }),
      apiUrl: fake2.url,
      inputs: { 'comment-severity': 'note', 'review-event': 'REQUEST_CHANGES' },
    });
    expect(fake2.problems).toEqual([]);
    expect(fake2.comments.map((c) => c.path).sort()).toEqual([
      'deploy/checkout.yaml',
      'deploy/db-secret.yaml',
      'deploy/user.yaml',
    ]);
    expect(fake2.reviews[0]!.event).toBe('REQUEST_CHANGES');
  });

  it('puts the sealed suggestion on the Secret document and answers "fixed" once per object', async () => {
    const pr = objectPr();
    const certDir = realpathSync(mkdtempSync(join(tmpdir(), 'sealcheck-cert-')));
    onTestFinished(() => rmSync(certDir, { recursive: true, force: true }));
    makeCert(certDir);
    const fake = await action.fake(pr);
    const inputs = { cert: join(certDir, 'pub-cert.pem') };
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head, apiUrl: fake.url }),
      apiUrl: fake.url,
      inputs,
    });
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(1);
    expect(fake.comments).toHaveLength(2);
    const secret = fake.comments.find((c) => c.path === 'deploy/db-secret.yaml')!;
    expect([secret.start_line, secret.line]).toEqual([1, SECRET.trimEnd().split('\n').length]);
    expect(secret.body).toContain('```suggestion\n');
    expect(secret.body).toContain('kind: SealedSecret');

    // The author removes both objects: one reply per object, not one per key.
    git(pr.repo, 'rm', '-q', 'deploy/db-secret.yaml', 'deploy/checkout.yaml');
    const head2 = commitAll(pr.repo, 'remove them');
    fake.setHead(head2);
    const second = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: head2, apiUrl: fake.url }),
      apiUrl: fake.url,
      inputs,
    });
    expect(fake.problems).toEqual([]);
    expect(second.outputs.fixed).toBe('2');
    expect(fake.comments.filter((c) => c.in_reply_to_id !== undefined)).toHaveLength(2);
  });
});
