import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { anchorFor, inOneHunk, parseUnifiedDiff } from '../../action/diff-map.js';
import { readTarget } from '../../action/event.js';
import { filterFindings } from '../../action/filter.js';
import { readInputs } from '../../action/inputs.js';
import { publicIds } from '../../src/report/public-id.js';
import { findingMarker, fixedMarker, parseMarker, reviewMarker } from '../../action/marker.js';
import { planReview, type Existing } from '../../action/plan.js';
import { escapeText, groupCommentBody, reviewBody } from '../../action/render.js';
import { groupFindings } from '../../src/report/object-groups.js';
import { fixLanguage, mdFence } from '../../src/report/markdown.js';
import type { Finding } from '../../src/finding.js';

function finding(over: Partial<Finding> & { line?: number; path?: string } = {}): Finding {
  const { line = 3, path = 'a.yaml', ...rest } = over;
  return {
    ruleId: 'secret-data',
    title: 'Kubernetes Secret with credential data committed',
    severity: 'error',
    message: 'Secret key "password" holds a credential',
    location: { path, line, column: 13, endLine: line, endColumn: 20 },
    object: { kind: 'Secret', namespace: 'shop', name: 'db', key: 'password' },
    preview: 'hu…(21 chars)',
    valueHash: 'a'.repeat(64),
    fingerprint: 'b'.repeat(32),
    description: 'why',
    remediation: 'Seal it.',
    fix: 'kubeseal --format yaml --cert pub-cert.pem < a.yaml > a.sealed.yaml',
    rotate: 'rotate it',
    helpUri: 'https://example.invalid/rules.md#secret-data',
    ...rest,
  };
}

describe('diff map', () => {
  const diff = [
    'diff --git a/a.yaml b/a.yaml',
    'index 1..2 100644',
    '--- a/a.yaml',
    '+++ b/a.yaml',
    '@@ -1,4 +1,5 @@',
    ' one',
    '-two',
    '+TWO',
    '+TWO-b',
    ' three',
    ' four',
    '@@ -20,2 +21,2 @@ ctx',
    ' twenty',
    '-last',
    '\\ No newline at end of file',
    '+LAST',
    '\\ No newline at end of file',
    'diff --git a/old name.yaml b/new name.yaml',
    'similarity index 90%',
    'rename from old name.yaml',
    'rename to new name.yaml',
    '--- a/old name.yaml\t',
    '+++ b/new name.yaml\t',
    '@@ -1 +1 @@',
    '-x',
    '+y',
    'diff --git a/gone.yaml b/gone.yaml',
    'deleted file mode 100644',
    '--- a/gone.yaml',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-z',
    'diff --git "a/q\\"uote.yaml" "b/q\\"uote.yaml"',
    'new file mode 100644',
    '--- /dev/null',
    '+++ "b/q\\"uote.yaml"',
    '@@ -0,0 +1,2 @@',
    '+a',
    '+b',
    '',
  ].join('\n');
  const map = parseUnifiedDiff(diff);

  it('records added and context lines of the new file, by hunk', () => {
    const a = map.get('a.yaml')!;
    expect([...a.entries()].map(([l, d]) => `${l}:${d.hunk}${d.added ? '+' : ' '}`)).toEqual([
      '1:0 ',
      '2:0+',
      '3:0+',
      '4:0 ',
      '5:0 ',
      '21:1 ',
      '22:1+',
    ]);
    expect(map.get('new name.yaml')!.get(1)).toEqual({ hunk: 0, added: true });
    expect(map.has('gone.yaml')).toBe(false);
    expect([...map.get('q"uote.yaml')!.keys()]).toEqual([1, 2]);
  });

  it('anchors ranges within one hunk only, and single lines otherwise', () => {
    const a = map.get('a.yaml')!;
    expect(anchorFor(a, 2, 3, true)).toEqual({ startLine: 2, line: 3 });
    expect(anchorFor(a, 3, 3, true)).toEqual({ line: 3 });
    expect(anchorFor(a, 1, 3, true)).toEqual({ line: 2 });
    expect(anchorFor(a, 1, 1, true)).toBeUndefined();
    expect(anchorFor(a, 1, 1, false)).toEqual({ line: 1 });
    expect(anchorFor(a, 5, 21, false)).toEqual({ line: 5 });
    expect(anchorFor(a, 10, 12, false)).toBeUndefined();
    expect(inOneHunk(a, 1, 5)).toBe(true);
    expect(inOneHunk(a, 1, 21)).toBe(false);
  });
});

describe('filter modes', () => {
  const diff = parseUnifiedDiff(['+++ b/a.yaml', '@@ -1,3 +1,4 @@', ' one', '+two', ' three', ' four', ''].join('\n'));
  const changes = [
    { path: 'a.yaml', status: 'M' as const, newOid: 'x', newMode: '100644', addedLines: [{ start: 2, end: 2 }] },
  ];
  const added = finding({ line: 2 });
  const context = finding({ line: 3, preexisting: true, severity: 'note' });
  const far = finding({ line: 40, preexisting: true, severity: 'note' });
  const elsewhere = finding({ path: 'b.yaml', line: 1, preexisting: true, severity: 'note' });
  const all = [added, context, far, elsewhere];

  it('added: only new findings; diff_context: also on context lines; file: anywhere in a changed file', () => {
    expect(filterFindings(all, changes, diff, 'added')).toEqual([added]);
    expect(filterFindings(all, changes, diff, 'diff_context')).toEqual([added, context]);
    expect(filterFindings(all, changes, diff, 'file')).toEqual([added, context, far]);
  });
});

describe('markers', () => {
  it('hash rule, path and identity only: never the value hash or the fingerprint', () => {
    const f = finding();
    const id = publicIds([f]).get(f)!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const other = finding({ valueHash: 'c'.repeat(64), fingerprint: 'd'.repeat(32), line: 40 });
    expect(publicIds([other]).get(other)).toBe(id);
    const marker = findingMarker(id, f.ruleId);
    expect(marker).not.toContain(f.valueHash);
    expect(marker).not.toContain(f.fingerprint);
    expect(parseMarker(`body\n${marker}\n`)).toEqual({ kind: 'finding', id });
    expect(parseMarker(`${marker}\nquoted by someone`)).toBeUndefined();
    expect(parseMarker(fixedMarker(id))).toEqual({ kind: 'fixed', id });
    expect(parseMarker(reviewMarker([id, id]))).toEqual({ kind: 'review', listed: [id, id] });
    expect(parseMarker(reviewMarker([]))).toEqual({ kind: 'review', listed: [] });
  });

  it('tells apart findings of the same identity by their order', () => {
    const a = finding({ object: {}, ruleId: 'github-token', line: 1 });
    const b = finding({ object: {}, ruleId: 'github-token', line: 2 });
    const ids = publicIds([a, b]);
    expect(ids.get(a)).not.toBe(ids.get(b));
  });
});

describe('rendering', () => {
  it('escapes HTML, Markdown and mentions in names', () => {
    expect(escapeText('<img src=x> @org/team *b* `c` [l](u)')).toBe(
      '&lt;img src=x&gt; @\u200borg/team \\*b\\* \\`c\\` \\[l\\](u)',
    );
    expect(escapeText('a\nb')).toBe('a b');
    expect(escapeText('x'.repeat(300), 200)).toHaveLength(201);
  });

  it('fences content that holds backticks with a longer fence', () => {
    expect(mdFence('a ```` b', 'sh')).toBe('`````sh\na ```` b\n`````');
    expect(mdFence('plain')).toBe('```\nplain\n```');
  });

  it('renders one object: its keys with severities, the fix once, rotation, folded why, the marker; no value-derived string', () => {
    const f = finding();
    const g = finding({
      line: 4,
      severity: 'note',
      message: 'Secret key "user" identifies an account',
      object: { ...f.object, key: 'user' },
    });
    const [group] = groupFindings([f, g]);
    const body = groupCommentBody(group!, 'AAAAAAAAAAAAAAAA');
    for (const part of [
      '🛑 **sealcheck** · **Secret shop/db** · 1 error, 1 note · `secret-data`',
      '- 🛑 **password** (error): holds a credential',
      '- ℹ️ **user** (note): identifies an account',
      '**Fix:**\n\n```sh\nkubeseal',
      "PR's history: **rotate them**",
      '<details><summary>Why and docs</summary>',
      '<!-- sealcheck:v1 id=AAAAAAAAAAAAAAAA rule=secret-data -->',
    ]) {
      expect(body).toContain(part);
    }
    expect(body.split('kubeseal --format').length - 1).toBe(1);
    for (const forbidden of [f.preview, f.valueHash, f.fingerprint, 'hu…']) expect(body).not.toContain(forbidden);
  });

  it('fences a fix as sh, yaml or text by its first line, whatever its length', () => {
    expect(
      fixLanguage('sealcheck seal --in-place x.yaml\n# or, with kubeseal:\nkubeseal < x.yaml > y.yaml && rm x.yaml'),
    ).toBe('sh');
    expect(
      fixLanguage('# in the container:\nenv:\n  - name: X\n    valueFrom:\n      secretKeyRef: { name: s, key: x }'),
    ).toBe('yaml');
    expect(fixLanguage('- name: X\n  valueFrom: {}')).toBe('yaml');
    expect(fixLanguage('Put the value in a Secret: add volumes: [...]')).toBe('text');
  });

  it('drops a suggestion that would make the body too long', () => {
    const [group] = groupFindings([finding()]);
    const body = groupCommentBody(group!, 'AAAAAAAAAAAAAAAA', { text: 'x'.repeat(70_000), note: 'sealed with c.pem' });
    expect(body).not.toContain('suggestion');
    expect(body.length).toBeLessThan(60_000);
  });

  it('lists objects below the comment threshold in the review body, and marks them as listed', () => {
    const [group] = groupFindings([finding({ severity: 'note' })]);
    const body = reviewBody({
      blocking: 0,
      total: 1,
      inline: 0,
      overflow: [],
      belowThreshold: [{ group: group!, id: 'BBBBBBBBBBBBBBBB' }],
      history: [],
      previouslyListed: new Set(),
    });
    expect(body).toContain('Below the comment threshold (1)');
    expect(body).toContain('- note Secret shop/db in a.yaml:3 (`secret-data`): password note');
    expect(parseMarker(body)).toEqual({ kind: 'review', listed: ['BBBBBBBBBBBBBBBB'] });
  });
});

describe('planning', () => {
  const none = (): Existing => ({ commented: new Map(), fixedReplied: new Set(), listed: new Set() });
  const diff = new Map([['a.yaml', new Map([1, 2, 3, 4, 5].map((l) => [l, { hunk: 0, added: true }]))]]);

  it('skips what is commented or listed, answers what disappeared once, and caps inline comments', () => {
    const f1 = finding({ line: 2 });
    const f2 = finding({ line: 3, object: { kind: 'Secret', name: 'db', namespace: 'shop', key: 'token' } });
    const f3 = finding({
      line: 4,
      severity: 'warning',
      object: { kind: 'Secret', name: 'db', namespace: 'shop', key: 'x' },
    });
    const ids = publicIds([f1, f2, f3]);
    const existing = none();
    existing.commented.set(ids.get(f1)!, 11);
    existing.commented.set('GONEGONEGONEGONE', 12);
    existing.commented.set('DONEDONEDONEDONE', 13);
    existing.fixedReplied.add('DONEDONEDONEDONE');
    const plan = planReview({
      findings: [f1, f2, f3].map((f) => ({ finding: f, id: ids.get(f)! })),
      headIds: new Set(ids.values()),
      diff,
      filterMode: 'added',
      maxComments: 1,
      commentSeverity: 'warning',
      suggestions: new Map(),
      suggestionNote: '',
      history: [],
      existing,
    });
    // One object (Secret shop/db in a.yaml), one comment, on the lines of its three keys.
    expect(plan.inline.map((p) => p.group.findings)).toEqual([[f1, f2, f3]]);
    expect(plan.inline[0]!.comment).toMatchObject({ start_line: 2, line: 4 });
    expect(plan.overflow).toEqual([]);
    expect(plan.fixed).toEqual([{ commentId: 12, id: 'GONEGONEGONEGONE' }]);
  });

  it('gives one comment and one suggestion per Secret document, replacing exactly its lines', () => {
    const f1 = finding({ line: 2 });
    const f2 = finding({ line: 3, object: { kind: 'Secret', name: 'db', namespace: 'shop', key: 'token' } });
    const ids = publicIds([f1, f2]);
    const sealed = { firstLine: 1, lastLine: 5, text: 'kind: SealedSecret\n' };
    const plan = planReview({
      findings: [f1, f2].map((f) => ({ finding: f, id: ids.get(f)! })),
      headIds: new Set(ids.values()),
      diff,
      filterMode: 'added',
      maxComments: 30,
      commentSeverity: 'warning',
      suggestions: new Map([
        [f1, sealed],
        [f2, sealed],
      ]),
      suggestionNote: 'sealed with c.pem',
      history: [],
      existing: none(),
    });
    expect(
      plan.inline.map((p) => [p.comment.start_line, p.comment.line, p.comment.body.includes('```suggestion')]),
    ).toEqual([[1, 5, true]]);
    expect(plan.inline[0]!.plain).toMatchObject({ line: 2 });
    expect(plan.inline[0]!.plain.start_line).toBeUndefined();
  });
});

describe('planning by object', () => {
  const none = (): Existing => ({ commented: new Map(), fixedReplied: new Set(), listed: new Set() });
  const diff = new Map([
    ['a.yaml', new Map([1, 2, 3, 4, 5, 6].map((l) => [l, { hunk: 0, added: true }]))],
    ['b.yaml', new Map([1, 2, 3].map((l) => [l, { hunk: 0, added: true }]))],
  ]);
  const plan = (findings: Finding[], existing = none(), commentSeverity: 'error' | 'warning' | 'note' = 'warning') => {
    const ids = publicIds(findings);
    return planReview({
      findings: findings.map((f) => ({ finding: f, id: ids.get(f)! })),
      headIds: new Set(ids.values()),
      diff,
      filterMode: 'added',
      maxComments: 30,
      commentSeverity,
      suggestions: new Map(),
      suggestionNote: '',
      history: [],
      existing,
    });
  };

  it('puts an object whose findings are all below comment-severity in the body, not inline', () => {
    const note = finding({
      path: 'b.yaml',
      line: 2,
      severity: 'note',
      object: { kind: 'Secret', name: 'n', key: 'user' },
    });
    const err = finding({ line: 2 });
    const p = plan([err, note]);
    expect(p.inline.map((x) => x.group.path)).toEqual(['a.yaml']);
    expect(p.belowThreshold.map((x) => x.group.path)).toEqual(['b.yaml']);
    const all = plan([err, note], none(), 'note');
    expect(all.inline.map((x) => x.group.path).sort()).toEqual(['a.yaml', 'b.yaml']);
    const errorsOnly = plan(
      [err, finding({ line: 5, severity: 'warning', object: { kind: 'Secret', name: 'w', key: 'k' } })],
      none(),
      'error',
    );
    expect(errorsOnly.inline).toHaveLength(1);
    expect(errorsOnly.belowThreshold).toHaveLength(1);
  });

  it('does not post again for an object an earlier run commented, as one object or (older runs) key by key', () => {
    const f1 = finding({ line: 2 });
    const f2 = finding({ line: 3, object: { kind: 'Secret', name: 'db', namespace: 'shop', key: 'token' } });
    const first = plan([f1, f2]);
    const byObject = none();
    byObject.commented.set(first.inline[0]!.id, 21);
    expect(plan([f1, f2], byObject).inline).toEqual([]);
    expect(plan([f1, f2], byObject).fixed).toEqual([]);
    const byKey = none();
    const ids = publicIds([f1, f2]);
    byKey.commented.set(ids.get(f1)!, 31);
    byKey.commented.set(ids.get(f2)!, 32);
    const again = plan([f1, f2], byKey);
    expect(again.inline).toEqual([]);
    // The older per-key comments are about findings still there: no "fixed" reply.
    expect(again.fixed).toEqual([]);
    // The object gone: one reply to its one comment.
    expect(plan([], byObject).fixed).toEqual([{ commentId: 21, id: first.inline[0]!.id }]);
    // Its values, committed and removed again, are answered in that thread, not listed again.
    const removed = planReview({
      findings: [],
      headIds: new Set(),
      diff,
      filterMode: 'added',
      maxComments: 30,
      commentSeverity: 'warning',
      suggestions: new Map(),
      suggestionNote: '',
      history: [{ finding: f1, id: ids.get(f1)!, commit: 'c'.repeat(40) }],
      existing: byObject,
    });
    expect(removed.history).toEqual([]);
    expect(removed.fixed).toHaveLength(1);
  });
});

describe('inputs and events', () => {
  const inputs = (values: Record<string, string>) => readInputs((name) => values[name] ?? '');

  it('applies action.yml defaults and refuses bad values', () => {
    expect(inputs({})).toMatchObject({
      failOn: undefined,
      filterMode: 'added',
      maxComments: 30,
      suggestions: true,
      configFrom: 'base',
      scanHistory: true,
      workingDirectory: '.',
      botLogin: 'github-actions[bot]',
    });
    expect(inputs({ 'bot-login': ' my-app[bot] ' }).botLogin).toBe('my-app[bot]');
    expect(() => inputs({ 'bot-login': 'evil bot' })).toThrow(/bot-login/);
    expect(() => inputs({ 'bot-login': '[bot]' })).toThrow(/bot-login/);
    expect(() => inputs({ 'max-comments': '101' })).toThrow(/max-comments/);
    expect(() => inputs({ 'fail-on': 'note' })).toThrow(/fail-on/);
    expect(() => inputs({ suggestions: 'yes' })).toThrow(/suggestions/);
    expect(inputs({ 'scan-history': 'False', 'sarif-file': '' })).toMatchObject({
      scanHistory: false,
      sarifFile: undefined,
    });
  });

  function event(payload: unknown, name: string, extra: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-event-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'e.json'), JSON.stringify(payload));
    return readTarget({
      GITHUB_EVENT_NAME: name,
      GITHUB_EVENT_PATH: join(dir, 'e.json'),
      GITHUB_REPOSITORY: 'o/r',
      ...extra,
    });
  }
  const sha = (c: string) => c.repeat(40);
  const pr = (headRepo: unknown, user = 'alice') => ({
    number: 7,
    pull_request: {
      number: 7,
      user: { login: user },
      base: { sha: sha('a'), repo: { full_name: 'o/r' } },
      head: { sha: sha('b'), repo: headRepo },
    },
  });

  it('predicts a read-only token for forks, deleted forks and Dependabot, not for pull_request_target', () => {
    expect(event(pr({ full_name: 'o/r' }), 'pull_request')).toMatchObject({
      kind: 'pull_request',
      readOnly: false,
      baseSha: sha('a'),
      headSha: sha('b'),
    });
    expect(event(pr({ full_name: 'm/r' }), 'pull_request')).toMatchObject({ readOnly: true });
    expect(event(pr(null), 'pull_request')).toMatchObject({
      readOnly: true,
      readOnlyReason: expect.stringContaining('deleted fork'),
    });
    expect(event(pr({ full_name: 'o/r' }, 'dependabot[bot]'), 'pull_request')).toMatchObject({ readOnly: true });
    expect(event(pr({ full_name: 'm/r' }), 'pull_request_target')).toMatchObject({ readOnly: false });
  });

  it('reads pushes, with a new branch as before = undefined', () => {
    expect(
      event({ before: sha('0'), after: sha('c'), ref: 'refs/heads/x', repository: { default_branch: 'main' } }, 'push'),
    ).toEqual({
      kind: 'push',
      repo: { owner: 'o', repo: 'r' },
      before: undefined,
      after: sha('c'),
      ref: 'refs/heads/x',
      defaultBranch: 'main',
    });
    expect(() => event({}, 'issues')).toThrow(/not supported/);
    expect(() => event({ before: 'x', after: sha('c') }, 'push')).toThrow(/before/);
  });
});
