import type { AllowEntry } from '../suppress/allowlist.js';
import { allowlistFilter } from '../suppress/allowlist.js';
import { baselineFilter, type Baseline } from '../suppress/baseline.js';
import { pathIgnore, type PathIgnore } from '../suppress/ignore-globs.js';
import { suppressionOf, type FingerprintFilter } from '../suppress/suppress.js';
import type { SecretRow, SweepSuppression } from './model.js';
import type { BuiltRow } from './verdict.js';

/**
 * What the sweep does not report, decided by the modules `scan` uses (`src/suppress/`), so both
 * answer alike: `ignore:` globs and the root `.sealcheckignore` leave paths out before anything is
 * read (as scan's source never yields them); allow comments, the `allow:` list and the baseline
 * suppress rows by the one decision `suppressionOf`, once each row's fingerprints are final.
 */
export interface SweepSuppressionInput {
  /** The configuration's `ignore:` globs. */
  ignore?: readonly string[];
  /** Lines of the root `.sealcheckignore` as the default branch has it. */
  rootIgnore?: readonly string[];
  allow?: readonly AllowEntry[];
  baseline?: Baseline;
  now: Date;
  /** Set on every suppression of a `--repos` sweep. */
  repo?: string;
}

export class SweepSuppressor {
  /** The ignore globs as one text: part of what a `--state` file must have been written with. */
  readonly ignoreText: string;
  private readonly paths: PathIgnore | undefined;
  private readonly filters: FingerprintFilter[];

  constructor(private readonly input: SweepSuppressionInput) {
    const globs = [...(input.ignore ?? []), ...(input.rootIgnore ?? [])];
    this.ignoreText = globs.join('\n');
    this.paths = pathIgnore(globs);
    // Allowlist before baseline, as scan orders its filters: a reviewed reason beats "known".
    this.filters = [allowlistFilter(input.allow ?? [], input.now)];
    if (input.baseline !== undefined) this.filters.push(baselineFilter(input.baseline));
  }

  /** Whether globs were given (the report then says that matching paths were not swept). */
  get ignoresPaths(): boolean {
    return this.ignoreText.trim() !== '';
  }

  /** A path never swept, in every commit alike (history cannot be re-reviewed commit by commit). */
  skips(path: string): boolean {
    return this.paths?.ignores(path) ?? false;
  }

  /**
   * Splits built rows into the reported and the suppressed, copy by copy: each copy (the object, a
   * last-applied annotation) is judged by its own fingerprint, as scan judges them apart, and a row
   * goes only when none of its copies is left. A row under an allow comment has the comment's
   * reason for every copy, exactly what scan's inline allow gives.
   */
  split(built: readonly BuiltRow[]): { rows: SecretRow[]; suppressed: SweepSuppression[] } {
    const rows: SecretRow[] = [];
    const suppressed: SweepSuppression[] = [];
    for (const built1 of built) {
      const { allow, ...row } = built1;
      const allows = (): string | undefined => allow;
      const kept: string[] = [];
      for (const fp of row.fingerprints ?? [row.fingerprint]) {
        const s = suppressionOf({ line: 0, fingerprint: fp }, allows, this.filters);
        if (s === undefined) kept.push(fp);
        else suppressed.push(this.entry(row, fp, s));
      }
      const first = kept[0];
      if (first === undefined) continue;
      rows.push(withFingerprints(row, first, kept));
    }
    return { rows, suppressed };
  }

  private entry(row: SecretRow, fingerprint: string, s: Pick<SweepSuppression, 'by' | 'reason'>): SweepSuppression {
    return {
      ...(this.input.repo !== undefined ? { repo: this.input.repo } : {}),
      rule: row.rule,
      path: row.lastSeenIn.path,
      fingerprint,
      by: s.by,
      reason: s.reason,
    };
  }
}

/** The row with only the copies left: `fingerprint` is the first, `fingerprints` only when several are. */
function withFingerprints(row: SecretRow, first: string, kept: readonly string[]): SecretRow {
  const out: SecretRow = { ...row, fingerprint: first };
  if (kept.length > 1) out.fingerprints = [...kept];
  else delete out.fingerprints;
  return out;
}

/** One note for what was suppressed: how many copies, by which kind of decision. */
export function suppressionNote(suppressed: readonly SweepSuppression[]): string | undefined {
  if (suppressed.length === 0) return undefined;
  const count = (by: SweepSuppression['by']): number => suppressed.filter((s) => s.by === by).length;
  const parts = [
    [count('inline'), 'by a # sealcheck:allow comment'],
    [count('config'), "by the configuration's allow: list"],
    [count('baseline'), 'by the baseline'],
  ] as const;
  const words = parts.filter(([n]) => n > 0).map(([n, why]) => `${n} ${why}`);
  const n = suppressed.length;
  return `${n} secret cop${n === 1 ? 'y was' : 'ies were'} suppressed and not listed as rows (${words.join(', ')}); the JSON report lists them with their reasons`;
}
