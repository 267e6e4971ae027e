import * as core from '@actions/core';
import { UsageError } from '../src/errors.js';
import { SEVERITIES, type FailOn, type Severity } from '../src/severity.js';
import { DEFAULT_BOT_LOGIN } from './identity.js';

export type FilterMode = 'added' | 'diff_context' | 'file';

/** The action's inputs (action.yml), validated. Defaults are the ones action.yml declares. */
export interface ActionInputs {
  token: string;
  /** Undefined: `failOn` of the configuration, as the CLI does. */
  failOn: FailOn | undefined;
  filterMode: FilterMode;
  /** Inline comments per review, 1–100. Default 30. */
  maxComments: number;
  suggestions: boolean;
  /** Sealing certificate (file relative to the working directory, or URL); undefined: none. */
  cert: string | undefined;
  configFrom: 'base' | 'head';
  /** Undefined: write no SARIF file. */
  sarifFile: string | undefined;
  scanHistory: boolean;
  workingDirectory: string;
  /** The login an installation token posts as (its comments are sealcheck's own). Default `github-actions[bot]`. */
  botLogin: string;
  /** A pull request label that, added by someone with write access, lets blocking findings pass; undefined: none. */
  allowLabel: string | undefined;
  /** Lowest severity that gets an inline comment; objects below it are listed in the review body. Default `warning`. */
  commentSeverity: Severity;
  /** The review's event: `REQUEST_CHANGES` when something blocks and asked for, else `COMMENT`. */
  reviewEvent: ReviewEvent;
}

export type ReviewEvent = 'COMMENT' | 'REQUEST_CHANGES';

/** Hard cap on inline comments per review: GitHub refuses larger reviews at an undocumented limit of about 100. */
const MAX_COMMENTS_CAP = 100;

/** `get` is `core.getInput` (INPUT_<NAME> with hyphens kept); injectable for unit tests. */
export function readInputs(get: (name: string) => string = (name) => core.getInput(name)): ActionInputs {
  const failOn = oneOf('fail-on', get('fail-on'), ['error', 'warning', 'never'] as const, undefined);
  const filterMode = oneOf('filter-mode', get('filter-mode'), ['added', 'diff_context', 'file'] as const, 'added');
  const configFrom = oneOf('config-from', get('config-from'), ['base', 'head'] as const, 'base');
  const rawMax = get('max-comments').trim();
  const maxComments = rawMax === '' ? 30 : Number(rawMax);
  if (!Number.isInteger(maxComments) || maxComments < 0 || maxComments > MAX_COMMENTS_CAP) {
    throw new UsageError(`input max-comments: "${rawMax}" is not a whole number from 0 to ${MAX_COMMENTS_CAP}`);
  }
  const cert = get('cert').trim();
  const sarif = get('sarif-file').trim();
  return {
    token: get('github-token').trim(),
    failOn,
    filterMode,
    maxComments,
    suggestions: bool('suggestions', get('suggestions'), true),
    cert: cert === '' ? undefined : cert,
    configFrom,
    sarifFile: sarif === '' ? undefined : sarif,
    scanHistory: bool('scan-history', get('scan-history'), true),
    workingDirectory: get('working-directory').trim() || '.',
    botLogin: login(get('bot-login')),
    allowLabel: labelName(get('allow-label')),
    commentSeverity: oneOf('comment-severity', get('comment-severity'), SEVERITIES, 'warning'),
    reviewEvent: oneOf('review-event', get('review-event'), ['COMMENT', 'REQUEST_CHANGES'] as const, 'COMMENT'),
  };
}

/** GitHub label names are at most 50 characters; an empty input means no override. */
function labelName(raw: string): string | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  if (v.length > 50 || /[\r\n]/.test(v))
    throw new UsageError(`input allow-label: "${v.slice(0, 60)}" is not a label name`);
  return v;
}

/** A GitHub login: letters, digits and single hyphens, with `[bot]` for an app's bot account. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/;

function login(raw: string): string {
  const v = raw.trim();
  if (v === '') return DEFAULT_BOT_LOGIN;
  if (!LOGIN.test(v)) throw new UsageError(`input bot-login: "${v}" is not a GitHub login (such as my-app[bot])`);
  return v;
}

function oneOf<T extends string, D extends T | undefined>(
  name: string,
  raw: string,
  allowed: readonly T[],
  fallback: D,
): T | D {
  const v = raw.trim();
  if (v === '') return fallback;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new UsageError(`input ${name}: "${v}" is not one of ${allowed.join(', ')}`);
}

/** YAML 1.2 core schema booleans, as `core.getBooleanInput` accepts them. */
function bool(name: string, raw: string, fallback: boolean): boolean {
  const v = raw.trim();
  if (v === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new UsageError(`input ${name}: "${v}" is not true or false`);
}
