import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.js';
import { FakeGitHub } from './fake-github.js';
import { pullRequestEvent, pushEvent, workflowRunEvent } from './harness.js';
import { webhookShapeErrors } from './webhook-schemas.js';

interface ActionYml {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; pre?: string; post?: string };
}

const manifest = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('is a node24 JavaScript action running the committed bundle', () => {
    expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(existsSync(join(ROOT, manifest.runs.main))).toBe(true);
    expect(manifest.branding).toEqual({ icon: 'shield', color: 'purple' });
    expect(manifest.name).toBe('sealcheck');
    // The Marketplace shows at most 125 characters.
    expect(manifest.description.length).toBeLessThanOrEqual(125);
  });

  it('declares the inputs and outputs the action reads and writes, each described', () => {
    expect(Object.keys(manifest.inputs).sort()).toEqual(
      [
        'github-token',
        'bot-login',
        'fail-on',
        'filter-mode',
        'max-comments',
        'comment-severity',
        'review-event',
        'suggestions',
        'cert',
        'config-from',
        'sarif-file',
        'scan-history',
        'working-directory',
        'allow-label',
      ].sort(),
    );
    expect(Object.keys(manifest.outputs).sort()).toEqual(
      ['findings', 'blocking', 'new-comments', 'fixed', 'reporter', 'sarif-file'].sort(),
    );
    for (const [id, input] of Object.entries(manifest.inputs)) {
      expect(id).toMatch(/^[a-z][a-z-]*$/);
      expect(input.description, id).toBeTruthy();
      expect(input.required ?? false, id).toBe(false);
    }
    for (const [id, output] of Object.entries(manifest.outputs)) expect(output.description, id).toBeTruthy();
    expect(manifest.inputs['github-token']!.default).toBe('${{ github.token }}');
    expect(manifest.inputs['config-from']!.default).toBe('base');
    expect(manifest.inputs['bot-login']!.default).toBe('github-actions[bot]');
    // Every input is read by name in action/inputs.ts, every output set in action/main.ts.
    const inputsTs = readFileSync(join(ROOT, 'action', 'inputs.ts'), 'utf8');
    for (const id of Object.keys(manifest.inputs)) expect(inputsTs, id).toContain(`get('${id}')`);
    const mainTs = readFileSync(join(ROOT, 'action', 'main.ts'), 'utf8');
    for (const id of Object.keys(manifest.outputs)) expect(mainTs, id).toContain(`core.setOutput('${id}'`);
  });
});

describe('dist/index.js', () => {
  it('as committed is what scripts/bundle-action.mjs builds from the current sources (run npm run build:action and commit it when this fails)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-bundle-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle-action.mjs'), join(dir, 'index.js')], {
      stdio: 'pipe',
    });
    const fresh = readFileSync(join(dir, 'index.js'));
    // The committed file, not the working copy: `npm test` rebuilds the working copy first, so
    // comparing with it could never catch a bundle someone forgot to commit.
    const committed = execFileSync('git', ['show', 'HEAD:dist/index.js'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    expect(fresh.equals(committed)).toBe(true);
    // Nothing of the build machine in it.
    expect(fresh.includes(ROOT)).toBe(false);
  });

  it('is tracked by git, like the CLI bundle, while the rest of dist/ stays ignored', () => {
    const ignored = (p: string): boolean => {
      try {
        execFileSync('git', ['check-ignore', '-q', p], { cwd: ROOT, stdio: 'pipe' });
        return true;
      } catch {
        return false;
      }
    };
    expect(ignored('dist/index.js')).toBe(false);
    expect(ignored('dist/sealcheck.mjs')).toBe(false);
    expect(ignored('dist/rules.json')).toBe(false);
    expect(ignored('dist/cli/index.js')).toBe(true);
    expect(readFileSync(join(ROOT, '.gitattributes'), 'utf8')).toContain('dist/index.js -diff linguist-generated=true');
  });
});

describe('event fixtures', () => {
  const a = 'a'.repeat(40);
  const b = 'b'.repeat(40);
  it('have the shape of GitHub webhook payloads (fields present are typed and nested as GitHub sends them)', () => {
    expect(webhookShapeErrors('webhook-pull-request-synchronize', pullRequestEvent({ base: a, head: b }))).toEqual([]);
    expect(
      webhookShapeErrors(
        'webhook-pull-request-synchronize',
        pullRequestEvent({ base: a, head: b, fork: true, user: 'dependabot[bot]' }),
      ),
    ).toEqual([]);
    expect(webhookShapeErrors('webhook-push', pushEvent({ before: a, after: b }))).toEqual([]);
    expect(webhookShapeErrors('webhook-push', pushEvent({ before: '0'.repeat(40), after: b }))).toEqual([]);
    expect(webhookShapeErrors('webhook-workflow-run-completed', workflowRunEvent({ head: b, fork: true }))).toEqual([]);
  });
});

describe('the fake GitHub API', () => {
  it('refuses unknown operations, invalid bodies and unknown properties, and paginates with Link headers', async () => {
    const fake = new FakeGitHub({ repoDir: ROOT, baseSha: 'a'.repeat(40), headSha: 'b'.repeat(40), token: 't' });
    await fake.start();
    onTestFinished(() => fake.stop());
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${fake.url}${path}`, {
        method,
        headers: { authorization: 'token t', 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    expect((await call('GET', '/repos/o/r/no-such-thing')).status).toBe(404);
    expect((await call('POST', '/repos/o/r/pulls/7/reviews', { event: 'SHOUT', body: 'x' })).status).toBe(422);
    expect((await call('POST', '/repos/o/r/pulls/7/comments/1/replies', { body: 'x', bodyy: 'typo' })).status).toBe(
      422,
    );
    expect(fake.problems).toEqual([
      'unknown operation GET /repos/o/r/no-such-thing',
      expect.stringMatching(
        /^POST \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/reviews: invalid body: \/event must be equal to one of the allowed values/,
      ),
      expect.stringMatching(/replies: invalid body: \/bodyy is not a property/),
    ]);
    fake.problems.length = 0;
    for (let i = 0; i < 130; i++) fake.seedComment({ body: `c${i}`, path: 'a' });
    const first = await call('GET', '/repos/o/r/pulls/7/comments?per_page=100');
    expect(((await first.json()) as unknown[]).length).toBe(100);
    expect(first.headers.get('link')).toMatch(/<[^>]+[?&]page=2[^>]*>; rel="next"/);
    const second = await call('GET', '/repos/o/r/pulls/7/comments?per_page=100&page=2');
    expect(((await second.json()) as unknown[]).length).toBe(30);
    expect(second.headers.get('link')).not.toContain('rel="next"');
    expect(fake.problems).toEqual([]);
  });
});
