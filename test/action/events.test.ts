import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cleanEnv } from '../git/repo.js';
import { pullRequestEvent, pushEvent, runAction } from './harness.js';
import {
  APP_BASE,
  DB_SECRET,
  commitAll,
  expectNoValues,
  forbiddenStrings,
  git,
  leakingPr,
  lineOf,
  makeCert,
  write,
} from './scenario.js';
import { useAction } from './setup.js';
import { execFileSync } from 'node:child_process';

const action = useAction();

describe('push', { timeout: 120_000 }, () => {
  it('scans before..after and annotates, without calling the API', async () => {
    const pr = leakingPr();
    const fake = await action.fake(pr);
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'push',
      event: pushEvent({ before: pr.base, after: pr.head }),
      apiUrl: fake.url,
    });
    expect(r.status).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(r.outputs).toMatchObject({ reporter: 'annotations', findings: '3', blocking: '3' });
    expect(r.annotations.filter((a) => a.startsWith('::error'))).toEqual([
      expect.stringContaining(`file=deploy/app.yaml,line=16`),
      expect.stringContaining(`file=deploy/db-secret.yaml,line=${lineOf(DB_SECRET, 'password:')}`),
      expect.stringContaining(`file=deploy/db-secret.yaml,line=${lineOf(DB_SECRET, 'api-token:')}`),
    ]);
    expect(r.summary).toContain('push to refs/heads/feature');
    expectNoValues(await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`), r, fake);
  });

  it('judges a new branch (before = zeros) against the default branch', async () => {
    const pr = leakingPr();
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'push',
      event: pushEvent({ before: '0'.repeat(40), after: pr.head }),
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ findings: '3', blocking: '3' });
  });

  it('succeeds with a notice when the base equals the head', async () => {
    const pr = leakingPr();
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'push',
      event: pushEvent({ before: pr.head, after: pr.head }),
    });
    expect(r.status).toBe(0);
    expect(r.annotations).toEqual([
      expect.stringMatching(/^::notice::sealcheck: nothing to scan, the base and the head are the same commit/),
    ]);
    expect(r.outputs).toMatchObject({ findings: '0', blocking: '0', reporter: 'none' });
  });

  it('passes a push that adds nothing sensitive', async () => {
    const pr = leakingPr();
    write(pr.repo, { 'README.md': '# shop\n\nDocs.\n' });
    const head = commitAll(pr.repo, 'docs');
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'push',
      event: pushEvent({ before: pr.head, after: head }),
    });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ findings: '0', blocking: '0' });
  });
});

describe('shallow clones', { timeout: 120_000 }, () => {
  function shallowClone(origin: string): string {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sealcheck-shallow-')));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('git', ['clone', '-q', '--depth=1', '--branch', 'feature', `file://${origin}`, join(dir, 'clone')], {
      env: cleanEnv(),
    });
    return join(dir, 'clone');
  }

  it('fetches the base by id and deepens until the merge base is found', async () => {
    const pr = leakingPr();
    // A longer history on both sides, so one commit of depth is not enough.
    for (let i = 0; i < 3; i++) {
      write(pr.repo, { [`docs/${i}.md`]: `${i}\n` });
      commitAll(pr.repo, `docs ${i}`);
    }
    const head = git(pr.repo, 'rev-parse', 'HEAD').trim();
    const clone = shallowClone(pr.repo);
    expect(git(clone, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
    const fake = await action.fake({ ...pr, head });
    const r = await runAction({
      actionDir: action.dir(),
      repo: clone,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head }),
      apiUrl: fake.url,
    });
    expect(r.stderr).toBe('');
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`git fetch --depth=1 ${pr.base}`);
    expect(r.outputs).toMatchObject({ 'new-comments': '2', reporter: 'review' });
  });

  it('is an error (exit 2), never a pass, when the base cannot be fetched', async () => {
    const pr = leakingPr();
    const clone = shallowClone(pr.repo);
    git(clone, 'remote', 'set-url', 'origin', join(clone, 'gone'));
    const fake = await action.fake(pr);
    const r = await runAction({
      actionDir: action.dir(),
      repo: clone,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head }),
      apiUrl: fake.url,
    });
    expect(r.status).toBe(2);
    expect(r.annotations.join('\n')).toContain(
      `::error::sealcheck: commit ${pr.base} is not in this clone and cannot be fetched from origin`,
    );
    expect(fake.writes()).toEqual([]);
  });
});

describe('comment bodies', { timeout: 120_000 }, () => {
  it('escapes hostile file names, object names and keys, and mentions nobody', async () => {
    const hostileSecret = `apiVersion: v1
kind: Secret
metadata:
  name: "@octo-org/admins__x__"
  namespace: "shop\`\`\`x"
data:
  "pa<b>ss\`word@octo-org/team<script>": ${Buffer.from('Pl4nted-Hostile-Passw0rd-1d2e').toString('base64')}
`;
    const path = 'deploy/x<img src=x onerror=alert(1)> @octo-org/team `q`.yaml';
    const pr = leakingPr({ [path]: hostileSecret });
    const fake = await action.fake(pr);
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head }),
      apiUrl: fake.url,
    });
    expect(fake.problems).toEqual([]);
    const hostile = fake.comments.find((c) => c.path === path);
    expect(hostile).toBeDefined();
    const bodies = [...fake.comments.map((c) => c.body), ...fake.reviews.map((v) => v.body)];
    for (const body of bodies) {
      const prose = withoutFencedBlocks(body);
      expect(prose).not.toMatch(/<(img|script|b)\b/);
      expect(prose).not.toMatch(/@octo-org/);
    }
    expect(hostile!.body).toContain('Secret @\u200bocto-org/admins\\_\\_x\\_\\_');
    expect(hostile!.body).toContain('pa&lt;b&gt;ss\\`word@\u200bocto-org/team&lt;script&gt;');
    expectNoValues(
      await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`, ['Pl4nted-Hostile-Passw0rd-1d2e']),
      r,
      fake,
    );
  });

  it('puts the SealedSecret in a suggestion replacing the whole Secret when a certificate is given', async () => {
    const pr = leakingPr();
    const certDir = realpathSync(mkdtempSync(join(tmpdir(), 'sealcheck-cert-')));
    onTestFinished(() => rmSync(certDir, { recursive: true, force: true }));
    makeCert(certDir);
    const fake = await action.fake(pr);
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base: pr.base, head: pr.head }),
      apiUrl: fake.url,
      inputs: { cert: join(certDir, 'pub-cert.pem') },
    });
    expect(fake.problems).toEqual([]);
    expect(r.status).toBe(1);
    const suggested = fake.comments.filter((c) => c.body.includes('```suggestion'));
    expect(suggested).toHaveLength(1);
    const lines = DB_SECRET.trimEnd().split('\n').length;
    expect([suggested[0]!.start_line, suggested[0]!.line]).toEqual([1, lines]);
    const block = /````?suggestion\n([\s\S]*?)\n````?/.exec(suggested[0]!.body)![1]!;
    expect(block).toMatch(/^apiVersion: bitnami.com\/v1alpha1\nkind: SealedSecret\n/);
    expect(block).toContain('encryptedData:');
    // RSA-OAEP output behind a 2-byte length (0x0100 for a 2048-bit key), base64: no value.
    expect(block).toMatch(/\n {4}api-token: AQ[A-Za-z0-9+/]{300,}=*\n/);
    // Both keys are in the one comment that carries the suggestion: no second thread inside its range.
    expect(fake.comments.filter((c) => c.path === 'deploy/db-secret.yaml')).toHaveLength(1);
    expect(suggested[0]!.body).toContain('**password**');
    expect(suggested[0]!.body).toContain('**api-token**');
    expectNoValues(await forbiddenStrings(pr.repo, `${pr.base}...${pr.head}`), r, fake);
  });

  it('lists what exceeds max-comments in the review body, once', async () => {
    const pr = leakingPr();
    const fake = await action.fake(pr);
    const event = pullRequestEvent({ base: pr.base, head: pr.head });
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs: { 'max-comments': '1' },
    });
    expect(r.outputs['new-comments']).toBe('1');
    expect(fake.reviews[0]!.body).toContain('Not commented inline (1)');
    const again = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs: { 'max-comments': '1' },
    });
    expect(again.outputs['new-comments']).toBe('0');
    expect(fake.reviews).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });

  it('comments on the file when a finding in a changed file is outside every hunk (filter-mode: file)', async () => {
    const pr = leakingPr();
    // The base already holds a Secret; the PR touches the same file far below it.
    git(pr.repo, 'checkout', '-q', 'main');
    const padding = Array.from({ length: 20 }, (_, i) => `# note ${i}`).join('\n');
    write(pr.repo, { 'deploy/old.yaml': `${DB_SECRET}${padding}\n` });
    const base = commitAll(pr.repo, 'old secret');
    git(pr.repo, 'checkout', '-q', 'feature');
    git(pr.repo, 'merge', '-q', '--no-edit', 'main');
    write(pr.repo, { 'deploy/old.yaml': `${DB_SECRET}${padding}\n# one more line\n` });
    const head = commitAll(pr.repo, 'touch old');
    const fake = await action.fake({ repo: pr.repo, base, head });
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event: pullRequestEvent({ base, head }),
      apiUrl: fake.url,
      inputs: { 'filter-mode': 'file' },
    });
    expect(fake.problems).toEqual([]);
    const fileComments = fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/pulls/7/comments'));
    const sent = fileComments.map((q) => q.body as { path: string; subject_type: string });
    // One object (the old Secret, two keys): one file comment.
    expect(sent.map((b) => [b.path, b.subject_type])).toEqual([['deploy/old.yaml', 'file']]);
    // Already on the base branch: reported (rotate it), not blocking.
    expect(r.outputs).toMatchObject({ findings: '5', blocking: '3' });
  });
});

describe('policy', { timeout: 120_000 }, () => {
  it('reads .sealcheckignore from the base (config-from: base), so a PR cannot ignore its own leak', async () => {
    const pr = leakingPr({ '.sealcheckignore': 'deploy/db-secret.yaml\n' });
    const fake = await action.fake(pr);
    const event = pullRequestEvent({ base: pr.base, head: pr.head });
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(r.outputs).toMatchObject({ findings: '3', blocking: '3' });
    expect(r.annotations).toContainEqual(
      expect.stringMatching(/^::notice file=\.sealcheckignore::sealcheck: this change edits \.sealcheckignore/),
    );
    const head = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs: { 'config-from': 'head' },
    });
    expect(head.outputs).toMatchObject({ findings: '1', blocking: '1' });
  });

  it('does not let an allow comment the PR adds silence an error it adds (config-from: base)', async () => {
    const allowed = DB_SECRET.replace('  password:', '  # sealcheck:allow test fixture\n  password:');
    const pr = leakingPr({ 'deploy/db-secret.yaml': allowed });
    const fake = await action.fake(pr);
    const event = pullRequestEvent({ base: pr.base, head: pr.head });
    const r = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(r.outputs).toMatchObject({ findings: '3', blocking: '3' });
    expect(fake.comments.some((c) => c.body.includes('its sealcheck:allow comment is part of this change'))).toBe(true);
    const head = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs: { 'config-from': 'head' },
    });
    expect(head.outputs).toMatchObject({ findings: '2', blocking: '2' });
  });

  it('reports a secret committed and removed again within the range (scan-history)', async () => {
    const repo = leakingPr();
    write(repo.repo, { 'deploy/app.yaml': APP_BASE });
    git(repo.repo, 'rm', '-q', 'deploy/db-secret.yaml');
    const head = commitAll(repo.repo, 'oops, remove it');
    const fake = await action.fake({ ...repo, head });
    const event = pullRequestEvent({ base: repo.base, head });
    const r = await runAction({
      actionDir: action.dir(),
      repo: repo.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ findings: '3', blocking: '3', 'new-comments': '0' });
    expect(fake.reviews).toHaveLength(1);
    expect(fake.reviews[0]!.body).toContain('removed again (3)');
    const off = await runAction({
      actionDir: action.dir(),
      repo: repo.repo,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs: { 'scan-history': 'false' },
    });
    expect(off.status).toBe(0);
    expectNoValues(await forbiddenStrings(repo.repo, `${repo.base}...${repo.head}`), r, fake);
  });
});

describe('usage errors', { timeout: 120_000 }, () => {
  it('exits 2 on an unsupported event or a bad input', async () => {
    const pr = leakingPr();
    const bad = await runAction({ actionDir: action.dir(), repo: pr.repo, eventName: 'issues', event: {} });
    expect(bad.status).toBe(2);
    expect(bad.annotations.join('\n')).toContain('event \\"issues\\" is not supported'.replace(/\\"/g, '"'));
    const input = await runAction({
      actionDir: action.dir(),
      repo: pr.repo,
      eventName: 'push',
      event: pushEvent({ before: pr.base, after: pr.head }),
      inputs: { 'filter-mode': 'nofilter' },
    });
    expect(input.status).toBe(2);
    expect(input.annotations.join('\n')).toContain('input filter-mode');
  });
});

/** Markdown prose only: fenced code blocks (where nothing is interpreted) and the marker line removed. */
function withoutFencedBlocks(body: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of body.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (fence === undefined && m) fence = m[1];
    else if (fence !== undefined && line.startsWith(fence) && line.trim() === fence) fence = undefined;
    else if (fence === undefined && !line.startsWith('<!-- sealcheck:')) out.push(line);
  }
  return out.join('\n');
}
