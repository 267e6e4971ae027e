/**
 * A stateful fake of the GitHub REST API on 127.0.0.1, for running the bundled action as GitHub
 * runs it. Every request is matched to its operation in @octokit/openapi's description of
 * api.github.com (method + path template) and its JSON body validated with Ajv against that
 * operation's requestBody schema, with unknown properties refused as well; an unknown operation or
 * an invalid body is recorded in `problems` (tests assert it stays empty) and answered 400/404.
 * Review anchors are checked against the real diff of the test repository, as GitHub does, so an
 * anchor outside the diff gets GitHub's 422.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const SPEC_FILE = require.resolve('@octokit/openapi/generated/api.github.com.json');

/** A JSON object read from the API description: values are narrowed where they are used. */
type Json = Record<string, unknown>;

/** The value at `keys` under `value`, or undefined where the path leaves the JSON objects. */
function at(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Json)[k];
  }
  return v;
}

function asJson(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A review comment as the action sends it (the operation's schema has validated it before it is read). */
interface CommentBody {
  body: string;
  path: string;
  /** Absent on a file-level comment. */
  line?: number;
  start_line?: number;
  side?: string;
  subject_type?: 'line' | 'file';
  commit_id: string;
}

/** A review as the action sends it (validated against the operation's schema before it is read). */
interface ReviewBody {
  event?: string;
  body?: string;
  commit_id: string;
  /** Review comments always sit on a line. */
  comments?: Array<CommentBody & { line: number }>;
}

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  params: string[];
  validate?: ValidateFunction;
  schema?: Json;
}

let operations: Operation[] | undefined;
let spec: Json | undefined;
const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS with `exports.default`: under NodeNext the default import is the module object.
ajvFormats.default(ajv);

function loadOperations(): Operation[] {
  if (operations) return operations;
  spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as Json;
  operations = [];
  for (const [template, item] of Object.entries(spec.paths as Json)) {
    const params: string[] = [];
    const regex = new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => (params.push(name), '([^/]+)'))}$`,
    );
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if ((item as Json)[method]) operations.push({ method: method.toUpperCase(), template, regex, params });
    }
  }
  // Literal segments win over parameters (…/pulls/comments/{id} vs …/pulls/{pull_number}/…).
  operations.sort((a, b) => a.params.length - b.params.length);
  return operations;
}

function validatorFor(op: Operation): { validate: ValidateFunction; schema: Json } | undefined {
  if (op.validate) return { validate: op.validate, schema: op.schema! };
  const request = at(spec, 'paths', op.template, op.method.toLowerCase(), 'requestBody');
  const schema = asJson(at(request, 'content', 'application/json', 'schema'));
  if (!schema) return undefined;
  // $refs in the spec point at #/components/…: give the root the spec's components.
  op.schema = schema;
  op.validate = ajv.compile({ ...schema, components: spec!.components });
  return { validate: op.validate, schema };
}

function resolveRef(schema: Json): Json {
  let s = schema;
  while (typeof s.$ref === 'string') {
    const target = asJson(at(spec, ...s.$ref.replace(/^#\//, '').split('/')));
    if (!target) throw new Error(`the API description has an unresolvable $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

/** Properties the schema does not declare (Ajv accepts them: the spec omits additionalProperties). */
function unknownProperties(value: unknown, schema: Json | undefined, at: string, out: string[]): void {
  if (!schema || value === null || typeof value !== 'object') return;
  const s = resolveRef(schema);
  if (Array.isArray(value)) {
    const items = asJson(s.items);
    if (items) value.forEach((v, i) => unknownProperties(v, items, `${at}/${i}`, out));
    return;
  }
  const variants = [s, ...((s.oneOf ?? s.anyOf ?? s.allOf ?? []) as Json[]).map(resolveRef)];
  const props = Object.assign({}, ...variants.map((v) => (v.properties ?? {}) as Json)) as Json;
  if (Object.keys(props).length === 0) return;
  for (const [k, v] of Object.entries(value as Json)) {
    if (!(k in props)) out.push(`${at}/${k} is not a property of the operation's schema`);
    else unknownProperties(v, asJson(props[k]), `${at}/${k}`, out);
  }
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  operation: string;
  body: unknown;
  raw: string;
  authorization: string | undefined;
}

export interface ReviewComment {
  id: number;
  pull_request_review_id: number | null;
  body: string;
  path: string;
  line: number | null;
  start_line: number | null;
  side: string | null;
  subject_type: 'line' | 'file';
  in_reply_to_id?: number;
  commit_id: string;
  user: { login: string; id: number; type: 'Bot' | 'User' };
}

export interface Review {
  id: number;
  body: string;
  event: string;
  commit_id: string;
  comments: number;
  user: { login: string; id: number; type: 'Bot' | 'User' };
}

const BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' as const };

export interface FakeOptions {
  owner?: string;
  repo?: string;
  number?: number;
  /** The repository whose merge-base...head diff decides which lines accept comments. */
  repoDir: string;
  baseSha: string;
  headSha: string;
  token?: string;
}

/** The exact text GitHub sends when an anchor is not in the diff. */
const UNPROCESSABLE =
  'Unprocessable Entity: "Pull request review thread line must be part of the diff and Pull request review thread start line must be part of the same hunk as the line."';

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly problems: string[] = [];
  readonly comments: ReviewComment[] = [];
  readonly reviews: Review[] = [];
  /** Status for every write (403 for a read-only token). */
  writeStatus: number | undefined;
  /** Status for every request (403: no access at all). */
  readStatus: number | undefined;
  /** Refuse this many review creations that carry inline comments with a 422. */
  rejectReviews = 0;
  /** Answer this many writes with a secondary rate limit (403, retry-after: 1). */
  rateLimitWrites = 0;
  /** Who `GET /user` says the token belongs to; undefined: an installation token, which may not ask (403). */
  tokenUser: { login: string; id: number; type: 'User' } | undefined;
  /** The account the token's comments and reviews are posted as. */
  poster: { login: string; id: number; type: 'Bot' | 'User' } = BOT;
  /** `owner:branch` of the pull request's head, for `GET /pulls?head=`. */
  headLabel = 'o:feature';
  /** What `GET /pulls/{n}` reports as the head (a push during the run). */
  currentHead: string;
  baseSha: string;
  /** The pull request's label events, oldest first: who added or removed which label. */
  readonly labelEvents: Array<{ event: 'labeled' | 'unlabeled'; label: string; actor: string }> = [];
  /** Repository permission per login, as the collaborator permission endpoint reports it; absent: not a collaborator (404). */
  readonly permissions = new Map<string, 'admin' | 'write' | 'read' | 'none'>();
  private nextId = 1000;
  private server: Server | undefined;
  url = '';

  constructor(private readonly opts: FakeOptions) {
    loadOperations();
    this.currentHead = opts.headSha;
    this.baseSha = opts.baseSha;
  }

  /** Point the diff check at a new head (a later push), as GitHub recomputes the PR diff. */
  setHead(sha: string): void {
    this.opts.headSha = sha;
    this.currentHead = sha;
  }

  get owner(): string {
    return this.opts.owner ?? 'o';
  }
  get repo(): string {
    return this.opts.repo ?? 'r';
  }
  get number(): number {
    return this.opts.number ?? 7;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (err) {
          this.problems.push(`fake server crashed: ${(err as Error).stack}`);
          send(res, 500, { message: 'fake server error' });
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  /** Requests that create content. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  /** Someone adds (or removes) a label on the pull request, as the issue events record it. */
  label(event: 'labeled' | 'unlabeled', label: string, actor: string): void {
    this.labelEvents.push({ event, label, actor });
  }

  /** The labels on the pull request now: those whose last event added them. */
  currentLabels(): string[] {
    const on = new Map<string, boolean>();
    for (const e of this.labelEvents) on.set(e.label, e.event === 'labeled');
    return [...on].filter(([, v]) => v).map(([k]) => k);
  }

  /** Adds a comment as if someone (a person by default) had posted it earlier. */
  seedComment(c: Partial<ReviewComment> & { body: string; path: string }): ReviewComment {
    const full: ReviewComment = {
      id: this.nextId++,
      pull_request_review_id: null,
      line: 1,
      start_line: null,
      side: 'RIGHT',
      subject_type: 'line',
      commit_id: this.opts.headSha,
      user: { login: 'alice', id: 2, type: 'User' },
      ...c,
    };
    this.comments.push(full);
    return full;
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const op = loadOperations().find((o) => o.method === method && o.regex.test(url.pathname));
    let body: unknown;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        this.problems.push(`${method} ${url.pathname}: body is not JSON`);
      }
    }
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      operation: op ? `${op.method} ${op.template}` : '?',
      body,
      raw,
      authorization: req.headers.authorization,
    };
    this.requests.push(record);
    if (!op) {
      this.problems.push(`unknown operation ${method} ${url.pathname}`);
      send(res, 404, { message: 'Not Found' });
      return;
    }
    if (req.headers.authorization !== `token ${this.opts.token ?? 'ghs_dummyInstallationToken'}`)
      this.problems.push(`${record.operation}: authorization header is ${req.headers.authorization}`);
    const v = validatorFor(op);
    if (v) {
      const errors: string[] = [];
      if (!v.validate(body)) errors.push(...(v.validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
      unknownProperties(body, v.schema, '', errors);
      if (errors.length > 0) {
        this.problems.push(`${record.operation}: invalid body: ${errors.join('; ')}`);
        send(res, 422, { message: 'Validation Failed', errors });
        return;
      }
    } else if (body !== undefined && method !== 'GET')
      this.problems.push(`${record.operation}: sends a body the operation does not take`);

    if (this.readStatus !== undefined) {
      send(res, this.readStatus, { message: 'Resource not accessible by integration' });
      return;
    }
    if (method !== 'GET' && this.writeStatus !== undefined) {
      send(res, this.writeStatus, { message: 'Resource not accessible by integration' });
      return;
    }
    if (method !== 'GET' && this.rateLimitWrites > 0) {
      this.rateLimitWrites -= 1;
      send(
        res,
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '1' },
      );
      return;
    }
    const m = op.regex.exec(url.pathname)!;
    const p = Object.fromEntries(op.params.map((name, i) => [name, decodeURIComponent(m[i + 1]!)]));
    if (p.owner !== undefined && (p.owner !== this.owner || p.repo !== this.repo)) {
      send(res, 404, { message: 'Not Found' });
      return;
    }
    if (p.pull_number !== undefined && Number(p.pull_number) !== this.number) {
      send(res, 404, { message: 'Not Found' });
      return;
    }
    this.route(`${op.method} ${op.template}`, p, body, url, res);
  }

  private route(op: string, p: Record<string, string>, body: unknown, url: URL, res: ServerResponse): void {
    switch (op) {
      case 'GET /user':
        if (this.tokenUser) send(res, 200, this.tokenUser);
        else send(res, 403, { message: 'Resource not accessible by integration' });
        return;
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}': {
        send(res, 200, {
          number: this.number,
          state: 'open',
          head: { sha: this.currentHead, ref: 'feature', repo: { full_name: `${this.owner}/${this.repo}` } },
          base: { sha: this.baseSha, ref: 'main', repo: { full_name: `${this.owner}/${this.repo}` } },
        });
        return;
      }
      case 'GET /repos/{owner}/{repo}/pulls': {
        const head = url.searchParams.get('head');
        const matches = head === null || head === this.headLabel;
        this.page(
          res,
          url,
          matches
            ? [
                {
                  number: this.number,
                  state: 'open',
                  head: { sha: this.currentHead, ref: 'feature', label: this.headLabel },
                  base: { sha: this.baseSha, ref: 'main' },
                },
              ]
            : [],
        );
        return;
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': {
        this.page(res, url, this.comments);
        return;
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': {
        this.page(
          res,
          url,
          this.reviews.map((r) => ({
            id: r.id,
            body: r.body,
            state: 'COMMENTED',
            commit_id: r.commit_id,
            user: r.user,
          })),
        );
        return;
      }
      case 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': {
        this.createReview(body as ReviewBody, res);
        return;
      }
      case 'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments': {
        const comment = body as CommentBody;
        if (
          comment.subject_type !== 'file' &&
          (comment.line === undefined || !this.diffLines().get(comment.path)?.has(comment.line))
        ) {
          send(res, 422, { message: UNPROCESSABLE });
          return;
        }
        if (!this.diffLines().has(comment.path)) {
          send(res, 422, { message: 'Validation Failed', errors: ['path is invalid'] });
          return;
        }
        const c = this.seedComment({
          body: comment.body,
          path: comment.path,
          line: comment.line ?? null,
          subject_type: comment.subject_type ?? 'line',
          commit_id: comment.commit_id,
          user: this.poster,
        });
        send(res, 201, c);
        return;
      }
      case 'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies': {
        const reply = body as { body: string };
        const parent = this.comments.find((c) => c.id === Number(p.comment_id));
        if (!parent) {
          send(res, 404, { message: 'Not Found' });
          return;
        }
        const c = this.seedComment({
          body: reply.body,
          path: parent.path,
          line: parent.line,
          in_reply_to_id: parent.id,
          commit_id: this.opts.headSha,
          user: this.poster,
        });
        send(res, 201, c);
        return;
      }
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/labels': {
        if (Number(p.issue_number) !== this.number) {
          send(res, 404, { message: 'Not Found' });
          return;
        }
        const labels = this.currentLabels().map((name, i) => ({ ...(exampleOf(op, 0) as Json), id: i + 1, name }));
        this.page(res, url, this.validResponse(op, labels));
        return;
      }
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/events': {
        if (Number(p.issue_number) !== this.number) {
          send(res, 404, { message: 'Not Found' });
          return;
        }
        const template = exampleOf(op, 0) as Json;
        const events = this.labelEvents.map((e, i) => ({
          ...template,
          id: i + 1,
          event: e.event,
          actor: { ...(template.actor as Json), login: e.actor, id: 100 + i },
          label: { name: e.label, color: 'ededed' },
        }));
        this.page(res, url, this.validResponse(op, events));
        return;
      }
      case 'GET /repos/{owner}/{repo}/collaborators/{username}/permission': {
        const level = this.permissions.get(p.username!);
        if (level === undefined) {
          send(res, 404, { message: `${p.username} is not a user` });
          return;
        }
        const template = exampleOf(op) as Json;
        send(
          res,
          200,
          this.validResponse(op, {
            ...template,
            permission: level,
            role_name: level,
            user: { ...(template.user as Json), login: p.username, role_name: level },
          }),
        );
        return;
      }
      default:
        this.problems.push(`operation not implemented by the fake: ${op}`);
        {
          send(res, 501, { message: 'not implemented by the fake' });
          return;
        }
    }
  }

  private createReview(body: ReviewBody, res: ServerResponse): void {
    if (body.event === undefined || body.event === 'PENDING') this.problems.push('a review was left pending');
    if ((body.event === 'COMMENT' || body.event === 'REQUEST_CHANGES') && !body.body) {
      send(res, 422, { message: 'Validation Failed', errors: ['Body is required'] });
      return;
    }
    if (typeof body.body === 'string' && body.body.length > 65536) {
      send(res, 422, { message: 'Body is too long (maximum is 65536 characters)' });
      return;
    }
    const comments = body.comments ?? [];
    if (comments.length > 0 && this.rejectReviews > 0) {
      this.rejectReviews -= 1;
      send(res, 422, { message: UNPROCESSABLE });
      return;
    }
    if (body.commit_id !== this.opts.headSha)
      this.problems.push(`review for ${body.commit_id}, head is ${this.opts.headSha}`);
    const lines = this.diffLines();
    for (const c of comments) {
      const file = lines.get(c.path);
      if (!file) {
        send(res, 422, { message: 'Unprocessable Entity: "path is invalid"' });
        return;
      }
      const end = file.get(c.line);
      const start = c.start_line !== undefined ? file.get(c.start_line) : end;
      if (
        end === undefined ||
        start === undefined ||
        start !== end ||
        (c.start_line !== undefined && c.start_line >= c.line) ||
        c.side !== 'RIGHT'
      ) {
        this.problems.push(`anchor outside the diff: ${c.path}:${c.start_line ?? ''}-${c.line}`);
        send(res, 422, { message: UNPROCESSABLE });
        return;
      }
      if (typeof c.body === 'string' && c.body.length > 65536) {
        send(res, 422, { message: 'Body is too long (maximum is 65536 characters)' });
        return;
      }
    }
    const review: Review = {
      id: this.nextId++,
      body: body.body ?? '',
      event: body.event ?? 'PENDING',
      commit_id: body.commit_id,
      comments: comments.length,
      user: this.poster,
    };
    this.reviews.push(review);
    for (const c of comments) {
      this.seedComment({
        body: c.body,
        path: c.path,
        line: c.line,
        start_line: c.start_line ?? null,
        side: c.side,
        pull_request_review_id: review.id,
        commit_id: body.commit_id,
        user: this.poster,
      });
    }
    send(res, 200, {
      id: review.id,
      body: review.body,
      state: 'COMMENTED',
      commit_id: review.commit_id,
      user: this.poster,
    });
  }

  /** A response body checked against the operation's 200 response schema in the API description. */
  private validResponse<T>(op: string, body: T): T {
    const errors = responseErrors(op, body);
    if (errors.length > 0)
      this.problems.push(`${op}: the fake's response does not fit the schema: ${errors.join('; ')}`);
    return body;
  }

  private page(res: ServerResponse, url: URL, items: readonly unknown[]): void {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string): string => {
      const u = new URL(url.toString());
      u.searchParams.set('page', String(n));
      u.searchParams.set('per_page', String(perPage));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    send(
      res,
      200,
      items.slice((page - 1) * perPage, page * perPage),
      links.length > 0 ? { link: links.join(', ') } : {},
    );
  }

  /**
   * Path → new-file line → hunk number, for merge-base...head with 3 lines of context: the lines
   * GitHub lets a comment sit on (RIGHT side). Its own small parser, independent of the action's.
   */
  diffLines(): Map<string, Map<number, number>> {
    const out = execFileSync(
      'git',
      ['-c', 'core.quotePath=false', 'diff', '-M', '-U3', '--no-color', `${this.baseSha}...${this.opts.headSha}`],
      {
        cwd: this.opts.repoDir,
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      },
    );
    const files = new Map<string, Map<number, number>>();
    let file: Map<number, number> | undefined;
    let hunk = 0;
    let line = 0;
    let left = 0;
    let oldLeft = 0;
    for (const l of out.split('\n')) {
      if (left > 0 || oldLeft > 0) {
        if (l.startsWith('+')) {
          file?.set(line++, hunk);
          left--;
        } else if (l.startsWith('-')) oldLeft--;
        else if (l.startsWith(' ')) {
          file?.set(line++, hunk);
          left--;
          oldLeft--;
        }
        continue;
      }
      if (l.startsWith('+++ ')) {
        const name = l.slice(4);
        const path = name.startsWith('"') ? (JSON.parse(name) as string).slice(2) : name.replace(/\t$/, '').slice(2);
        file = name === '/dev/null' ? undefined : new Map();
        if (file) files.set(path, file);
      } else {
        const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(l);
        if (m) {
          hunk += 1;
          oldLeft = m[1] === undefined ? 1 : Number(m[1]);
          line = Number(m[2]);
          left = m[3] === undefined ? 1 : Number(m[3]);
        }
      }
    }
    return files;
  }
}

function responseContent(op: string): Json | undefined {
  loadOperations();
  const [method, template] = op.split(' ') as [string, string];
  let response = asJson(at(spec, 'paths', template, method.toLowerCase(), 'responses', '200'));
  if (response && typeof response.$ref === 'string') response = resolveRef(response);
  return asJson(at(response, 'content', 'application/json'));
}

/**
 * The API description's own example response of an operation (item `index` of a list), so the
 * fake answers in GitHub's shape rather than one made up here; the caller sets what a test decides.
 */
function exampleOf(op: string, index?: number): unknown {
  const examples = asJson(responseContent(op)?.examples);
  const first = examples ? asJson(Object.values(examples)[0]) : undefined;
  if (!first) throw new Error(`the API description has no example for ${op}`);
  const value = resolveRef(first).value;
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  return index === undefined ? copy : (copy as unknown[])[index];
}

const responseValidators = new Map<string, ValidateFunction>();

function responseErrors(op: string, body: unknown): string[] {
  let validate = responseValidators.get(op);
  if (!validate) {
    const schema = asJson(responseContent(op)?.schema);
    if (!schema) return [`no response schema for ${op}`];
    validate = ajv.compile({ ...schema, components: spec!.components });
    responseValidators.set(op, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
