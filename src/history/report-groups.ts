import type { CommitPlace, SecretRow } from './model.js';
import { pathLine, rowTitle } from './report-common.js';

/**
 * The reports for people (text, Markdown, CSV) show one entry per distinct value: the same value
 * under three object identities (a Secret, its last-applied copy, a values file that fed it) is one
 * thing to rotate, not three rows whose reasons seem to disagree. The JSON and SARIF reports keep
 * one row per identity.
 */
export interface ValueGroup {
  /** The riskiest row (rows come in risk order): its status, severity, rule and reason stand for the value. */
  lead: SecretRow;
  /** Every row of the value, lead first. */
  rows: SecretRow[];
  /** Where the value first reached history, over all its rows. */
  introducedIn: CommitPlace;
  /** The latest commit holding it, over all its rows. */
  lastSeenIn: CommitPlace;
  /** Every ref that reaches some commit holding it. */
  refs: string[];
  presentAtHead: boolean;
  /** The most commits any one of its identities is in (rows count commits per identity). */
  commits: number;
  /** What each row is about (`Secret prod/db key "password"`), distinct, lead's first. */
  titles: string[];
  /** Where it appeared (`path:line` of each row's introduction and last path), distinct. */
  paths: string[];
  fingerprints: string[];
}

const earlier = (a: CommitPlace, b: CommitPlace): boolean => (Date.parse(a.date) || 0) < (Date.parse(b.date) || 0);

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Rows grouped by repository and value hash, in the order of each group's first (riskiest) row. */
export function groupByValue(rows: readonly SecretRow[]): ValueGroup[] {
  const byKey = new Map<string, SecretRow[]>();
  for (const r of rows) {
    // A report written before rows carried the value hash groups nothing.
    const key = `${r.repo ?? ''}\u0000${r.valueHash !== undefined && r.valueHash !== '' ? r.valueHash : r.fingerprint}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const groups: ValueGroup[] = [];
  for (const list of byKey.values()) {
    const [lead] = list;
    if (lead === undefined) continue;
    let introducedIn = lead.introducedIn;
    let lastSeenIn = lead.lastSeenIn;
    for (const r of list) {
      if (earlier(r.introducedIn, introducedIn)) introducedIn = r.introducedIn;
      if (earlier(lastSeenIn, r.lastSeenIn)) lastSeenIn = r.lastSeenIn;
    }
    groups.push({
      lead,
      rows: list,
      introducedIn,
      lastSeenIn,
      refs: distinct(list.flatMap((r) => r.refs)).sort(),
      presentAtHead: list.some((r) => r.presentAtHead),
      commits: list.reduce((most, r) => Math.max(most, r.commits), 0),
      titles: distinct(list.map(rowTitle)),
      paths: distinct(list.flatMap((r) => [pathLine(r.introducedIn), r.lastSeenIn.path])).filter(
        (p, _, all) => !all.some((q) => q !== p && q.startsWith(`${p}:`)),
      ),
      fingerprints: distinct(list.flatMap((r) => r.fingerprints ?? [r.fingerprint])),
    });
  }
  return groups;
}

/** Counts for the summary line of a report for people: values, and how many to rotate. */
export function groupCounts(groups: readonly ValueGroup[]): { values: number; rotate: number; superseded: number } {
  const rotate = groups.filter((g) => g.lead.status === 'rotate').length;
  return { values: groups.length, rotate, superseded: groups.length - rotate };
}
