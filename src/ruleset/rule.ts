import type { TextFacts } from '../classify/prefilter.js';
import type { Detector } from '../detectors/detector.js';
import type { Severity } from '../severity.js';

export interface ExpectedFinding {
  path?: string;
  /** The rule of the finding when it is not the example's own (objects recovered from annotations). */
  rule?: string;
  line: number;
  column: number;
  severity?: Severity;
  key?: string;
  message?: string;
}

export interface RuleExample {
  name: string;
  file: string;
  content: string;
  files?: Record<string, string>;
  /** Positive examples must list every finding of the rule, exactly. */
  expect?: ExpectedFinding[];
}

/** A rule as written in rules/<id>.yaml. */
export interface RuleData {
  id: string;
  title: string;
  severity: Severity;
  securitySeverity?: number;
  description: string;
  remediation: string;
  detector: string;
  params?: Record<string, unknown>;
  kubeseal?: boolean;
  rotate?: boolean;
  tags?: string[];
  /**
   * `chartValues`: true when the rule also judges every values document of a Helm chart folder (a
   * YAML file beside a Chart.yaml, outside templates/), whatever its name; false when it never does,
   * because another rule owns them.
   */
  scope?: { kinds?: string[]; files?: string[]; excludeFiles?: string[]; chartValues?: boolean };
  prefilter?: { keywords?: string[]; credentialNames?: true; credentialContent?: true };
  examples: { positive: RuleExample[]; negative: RuleExample[] };
}

/** A validated rule bound to its detector, ready for the engine. */
export interface Rule {
  data: RuleData;
  /** Severity after configuration overrides. */
  severity: Severity;
  detector: Detector;
  params: unknown;
  /** Cheap precondition checked before the detector runs. */
  appliesToKind(kind: string | undefined): boolean;
  appliesToPath(path: string): boolean;
  /** The rule's prefilter on the file's text: false means it cannot find anything there. */
  mayApply(facts: TextFacts): boolean;
  /** The file the rule came from, for error messages. */
  source: string;
}
