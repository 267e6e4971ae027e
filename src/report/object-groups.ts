import { mergedEnvFix } from '../remediation/env-fix.js';
import { InternalError } from '../errors.js';
import type { Finding, FindingObject } from '../finding.js';
import type { Severity } from '../severity.js';
import { describeObject } from './object-label.js';
import { publicId, publicIds } from './public-id.js';

/**
 * Findings grouped by the object that leaks, for outputs people read (the terminal, Markdown, the
 * job summary, a pull request review). A Secret with three credential keys is one thing to fix
 * with one command, so it is one entry listing three keys, not three entries repeating the same
 * fix. Machine outputs (JSON, SARIF) keep one result per key and do not use this.
 *
 * Pure: no IO, and like every reporter it sees previews and hashes only, never a value.
 */

/** One key of a leaking object: what the finding says about it. */
export interface GroupKey {
  /** The data key, env var or generator key as shown (redacted when credential-shaped); undefined when the finding names none. */
  key: string | undefined;
  severity: Severity;
  ruleId: string;
  preview: string;
  line: number;
  column: number;
  endLine: number;
  message: string;
  /** This key's own fix, only when it differs from the group's `fix`. */
  fix?: string;
  finding: Finding;
}

/** One leaking object in one file (or one finding about no object). */
export interface ObjectGroup {
  /**
   * Stable and value-free (see public-id.ts): path and object identity, without keys or lines, so
   * a key added or lines moving keep the id. A group of one finding about no object has the
   * finding's own public id.
   */
  id: string;
  path: string;
  /** The object's identity without a key; `{}` for a finding about no object. */
  object: FindingObject;
  /** For findings about one container of a pod-bearing object: `container "api"`, `initContainer "migrate"`. */
  container?: string;
  /** `Deployment shop/checkout, container "checkout"`; undefined for a finding about no object. */
  label: string | undefined;
  /** In file order (line, then column). */
  keys: GroupKey[];
  /** The worst severity of its keys. */
  severity: Severity;
  /** Lines `line..endLine` cover every key (the lowest line to the highest end line). */
  line: number;
  endLine: number;
  /**
   * The fix, once: the string every key's fix shares, or the one most keys share (a Secret's seal
   * command) with the other keys keeping theirs. Opaque text that may span several lines.
   */
  fix?: string;
  /** Set when a key's value reached a commit and must be rotated (the text of the first such key). */
  rotate?: string;
  /** Distinct rule ids of its keys, in key order. */
  ruleIds: string[];
  findings: Finding[];
}

export interface GroupOptions {
  /**
   * Public ids of the findings (`publicIds` over the full report, as PR markers use): a group of
   * one object-less finding takes its id from here, so it matches markers written per finding.
   * Default: `publicIds(findings)`.
   */
  ids?: ReadonlyMap<Finding, string>;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** The worst of some severities (error first); `note` for none. */
export function worstSeverity(severities: Iterable<Severity>): Severity {
  let worst: Severity = 'note';
  for (const s of severities) if (RANK[s] < RANK[worst]) worst = s;
  return worst;
}

/**
 * The groups of `findings`, in the order their first finding appears (reports are sorted by
 * location, so that is path and line order).
 */
export function groupFindings(findings: readonly Finding[], options: GroupOptions = {}): ObjectGroup[] {
  const ids = options.ids ?? publicIds(findings);
  const byKey = new Map<string, { members: Finding[]; lone: boolean }>();
  let lone = 0;
  for (const f of findings) {
    const key = groupKeyOf(f);
    const slot = key ?? `\u0000lone\u0000${String(lone++)}`;
    const entry = byKey.get(slot);
    if (entry) entry.members.push(f);
    else byKey.set(slot, { members: [f], lone: key === undefined });
  }
  const groups: ObjectGroup[] = [];
  for (const { members, lone: isLone } of byKey.values()) groups.push(buildGroup(members, isLone, ids));
  return groups;
}

/**
 * The message without the words the group already says: `Secret key "password" holds a password`
 * under a `password` key row reads `holds a password`. Only exact prefixes the detectors write are
 * dropped; any other message is shown whole.
 */
export function messageWithoutKey(k: GroupKey, g: ObjectGroup): string {
  if (k.key === undefined) return k.message;
  const prefixes = [
    `${g.object.kind ?? ''} key "${k.key}" `,
    g.container !== undefined ? `env var ${k.key} of ${g.container} ` : undefined,
    `env var ${k.key} `,
    `"${k.key}" `,
  ];
  for (const p of prefixes) if (p !== undefined && k.message.startsWith(p)) return k.message.slice(p.length);
  return k.message;
}

function isAboutObject(o: FindingObject): boolean {
  return o.kind !== undefined || o.name !== undefined;
}

/** The identity a finding is grouped under; undefined for a finding about no object (its own group). */
function groupKeyOf(f: Finding): string | undefined {
  const o = f.object;
  if (!isAboutObject(o)) return undefined;
  return [f.location.path, o.kind ?? '', o.namespace ?? '', o.name ?? '', o.via ?? '', containerOf(f) ?? ''].join(
    '\u0000',
  );
}

/**
 * The container phrases the pod detectors write into their messages (`env var X of container "api"`,
 * `initContainer "migrate" loads every key …`). A finding carries no container field, and JSON and
 * SARIF keep their shape, so the container an env finding is about is read from the message the
 * detector wrote. Container names are DNS labels: no quote can occur inside one.
 */
const CONTAINER_LISTS = ['container', 'initContainer', 'ephemeralContainer'] as const;

export function containerOf(f: Finding): string | undefined {
  for (const list of CONTAINER_LISTS) {
    const opening = `${list} "`;
    let from = 0;
    for (;;) {
      const at = f.message.indexOf(opening, from);
      if (at < 0) break;
      from = at + opening.length;
      // A whole word: `initContainer "` also ends with `Container "`, and the list name must start the word.
      if (at > 0 && /[A-Za-z]/.test(f.message.charAt(at - 1))) continue;
      const close = f.message.indexOf('"', from);
      if (close <= from) continue;
      const name = f.message.slice(from, close);
      if (/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name)) return `${list} "${name}"`;
    }
  }
  return undefined;
}

function buildGroup(members: Finding[], lone: boolean, ids: ReadonlyMap<Finding, string>): ObjectGroup {
  const first = members[0];
  if (first === undefined) throw new InternalError('an object group without findings');
  const sorted = [...members].sort(
    (a, b) => a.location.line - b.location.line || a.location.column - b.location.column,
  );
  const { fix, covers } = sharedFix(sorted);
  const object = withoutKey(first.object);
  const container = lone ? undefined : containerOf(first);
  const base = lone ? undefined : describeObject(object);
  const label = base !== undefined && container !== undefined ? `${base}, ${container}` : base;
  const keys = sorted.map((f): GroupKey => {
    const k: GroupKey = {
      key: f.object.key,
      severity: f.severity,
      ruleId: f.ruleId,
      preview: f.preview,
      line: f.location.line,
      column: f.location.column,
      endLine: Math.max(f.location.line, f.location.endLine),
      message: f.message,
      finding: f,
    };
    if (f.fix !== undefined && !covers.has(f.fix)) k.fix = f.fix;
    return k;
  });
  let line = Number.POSITIVE_INFINITY;
  let endLine = 0;
  for (const k of keys) {
    line = Math.min(line, k.line);
    endLine = Math.max(endLine, k.endLine);
  }
  const rotate = sorted.find((f) => f.rotate !== undefined)?.rotate;
  const group: ObjectGroup = {
    id: lone ? loneId(first, ids) : objectId(first.location.path, object, container),
    path: first.location.path,
    object: lone ? {} : object,
    label,
    keys,
    severity: worstSeverity(sorted.map((f) => f.severity)),
    line,
    endLine,
    ruleIds: [...new Set(sorted.map((f) => f.ruleId))],
    findings: sorted,
  };
  if (container !== undefined) group.container = container;
  if (fix !== undefined) group.fix = fix;
  if (rotate !== undefined) group.rotate = rotate;
  return group;
}

function withoutKey(o: FindingObject): FindingObject {
  const copy: FindingObject = { ...o };
  delete copy.key;
  return copy;
}

function loneId(f: Finding, ids: ReadonlyMap<Finding, string>): string {
  return ids.get(f) ?? publicId([f.ruleId, f.location.path, String(f.location.line), String(f.location.column)]);
}

/** Path and identity, never a key or value: the same object keeps its id as keys come and go. */
function objectId(path: string, o: FindingObject, container: string | undefined): string {
  return publicId(['object', path, o.kind ?? '', o.namespace ?? '', o.name ?? '', o.via ?? '', container ?? '']);
}

/**
 * The fix shown once for the group, and the key fixes it stands for: the env fixes of a container
 * merged into one block; else the one every key shares, else the one most keys share (ties: the
 * first in file order). A Secret's keys all get the same seal command from their rules; a key with
 * a fix the group's does not cover keeps its own on its `GroupKey`.
 */
function sharedFix(findings: readonly Finding[]): { fix?: string; covers: ReadonlySet<string> } {
  const own = findings.flatMap((f) => (f.fix !== undefined ? [f.fix] : []));
  // A container's env literals: one env block with every entry, not one fix per variable.
  const merged = own.length === findings.length ? mergedEnvFix(own) : undefined;
  if (merged !== undefined) return { fix: merged, covers: new Set(own) };
  const best = mostCommonFix(findings);
  return best === undefined ? { covers: new Set() } : { fix: best, covers: new Set([best]) };
}

function mostCommonFix(findings: readonly Finding[]): string | undefined {
  const counts = new Map<string, number>();
  for (const f of findings) if (f.fix !== undefined) counts.set(f.fix, (counts.get(f.fix) ?? 0) + 1);
  let best: string | undefined;
  let most = 0;
  for (const [fix, n] of counts) {
    if (n > most) {
      best = fix;
      most = n;
    }
  }
  return best;
}
