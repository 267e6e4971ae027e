import type { RuleData } from '../ruleset/rule.js';
import type { SecretRow, SweepReport } from './model.js';

export interface SweepReportContext {
  /** Every loaded rule, for SARIF rule metadata. */
  rules: readonly RuleData[];
  color: boolean;
  toolVersion: string;
  docsBase: string;
}

/** A sweep reporter: a pure function from the report to text. It never sees a value. */
export type SweepReporter = (report: SweepReport, ctx: SweepReportContext) => string;

/** `Secret prod/db key "password"`, or the rule when the secret belongs to no object. */
export function objectWords(r: Pick<SecretRow, 'kind' | 'namespace' | 'name' | 'key' | 'rule'>): string {
  const name = r.name !== null ? ` ${r.namespace !== null ? `${r.namespace}/` : ''}${r.name}` : '';
  const head = r.kind !== null || r.name !== null ? `${r.kind ?? 'object'}${name}` : 'value';
  return r.key !== null ? `${head} key "${r.key}"` : head;
}

export const SWEEP_REPORT_VERSION = 1;
