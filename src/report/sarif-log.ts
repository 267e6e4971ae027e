import { SOURCE_PLACE } from '../rule-docs.js';
import type { RuleData } from '../ruleset/rule.js';
import type { Severity } from '../severity.js';
import { jsonText } from './json-document.js';
import { TOOL_NAME } from './reporter.js';

/**
 * SARIF 2.1.0 (OASIS, errata 01), as GitHub code scanning and other viewers read it: the log
 * envelope, rule descriptors and artifact locations that `scan --format sarif` and
 * `sweep --format sarif` share. Neither carries a value's hash, preview or value-derived
 * fingerprint: a SHA-256 of a short password is guessable offline, and SARIF files are uploaded to
 * third parties. Results are tracked across runs by `partialFingerprints.primaryLocationLineHash`
 * (the key code scanning reads), a value-free public id (src/report/public-id.ts).
 */
const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export type Json = Record<string, unknown>;

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  /** error, warning and note are SARIF levels already. */
  level: Severity;
  message: { text: string };
  locations: Json[];
  partialFingerprints: { primaryLocationLineHash: string };
  suppressions?: Json[];
  properties: Json;
}

interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri?: string; rules: Json[] } };
  invocations: [{ executionSuccessful: boolean; toolExecutionNotifications: Json[] }];
  columnKind?: 'utf16CodeUnits';
  results: SarifResult[];
  /** Set by the Action: the category code scanning files the results under. */
  automationDetails?: { id: string };
}

/** sealcheck writes one run per log. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}

export interface SarifRunParts {
  toolVersion: string;
  /** Rule descriptors (`ruleDescriptor`), in the order results' `ruleIndex` counts. */
  rules: Json[];
  executionSuccessful: boolean;
  notifications: Json[];
  /** Only when results have regions with columns. */
  columnKind?: 'utf16CodeUnits';
  results: SarifResult[];
}

/** The log around one run: the tool, the invocation and its notifications, the results. */
export function sarifLog(p: SarifRunParts): SarifLog {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: p.toolVersion,
            // The repository sealcheck was installed from; left out when nothing says which it is.
            ...(SOURCE_PLACE !== undefined ? { informationUri: SOURCE_PLACE.url } : {}),
            rules: p.rules,
          },
        },
        invocations: [{ executionSuccessful: p.executionSuccessful, toolExecutionNotifications: p.notifications }],
        ...(p.columnKind !== undefined ? { columnKind: p.columnKind } : {}),
        results: p.results,
      },
    ],
  };
}

export function sarifText(log: SarifLog): string {
  return jsonText(log);
}

/** `secret-string-data` → `SecretStringData`: SARIF's reportingDescriptor.name is an identifier-like name. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`)
    .join('');
}

/** A rule as SARIF describes it; `extraTags` say what kind of run found it (`git-history`). */
export function ruleDescriptor(rule: RuleData, docsBase: string, extraTags: readonly string[] = []): Json {
  // SARIF wants absolute URIs: without a known source repository, the docs link is left out.
  const helpUri = /^https?:\/\//.test(docsBase) ? `${docsBase}#${rule.id}` : undefined;
  const properties: Json = {
    // GitHub only shows security-severity for rules tagged "security".
    tags: [...new Set(['security', ...(rule.tags ?? []), ...extraTags])],
    precision: 'high',
  };
  if (rule.securitySeverity !== undefined) properties['security-severity'] = rule.securitySeverity.toFixed(1);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}\n\nRemediation: ${rule.remediation}`,
      markdown: `${rule.description}\n\n**Remediation:** ${rule.remediation}${helpUri !== undefined ? `\n\n[Rule documentation](${helpUri})` : ''}`,
    },
    ...(helpUri !== undefined ? { helpUri } : {}),
    defaultConfiguration: { level: rule.severity },
    properties,
  };
}
/**
 * A path as a URI reference: posix separators, each segment percent-encoded (spaces, `#`, `?`,
 * `%` and `:` would otherwise change the meaning). Relative paths are resolved against
 * %SRCROOT%; an absolute path (a file outside the working directory) becomes a file: URI. A
 * name byte that is not UTF-8, shown as `\xHH` (src/sources/path-bytes.ts), is the URI's `%HH`:
 * the same byte, as RFC 3986 encodes any octet.
 */
export function artifactLocation(path: string): Json {
  // NUL cannot occur in a path: it holds each escaped byte's place while separators are normalised.
  const posix = path.replace(/\\x([0-9a-f]{2})/g, '\0$1').replace(/\\/g, '/');
  const segment = (s: string): string =>
    s
      .split(/\0([0-9a-f]{2})/)
      .map((part, i) => (i % 2 === 1 ? `%${part.toUpperCase()}` : encodeURIComponent(part)))
      .join('');
  const encode = (p: string): string => p.split('/').map(segment).join('/');
  const drive = /^([A-Za-z]):\//.exec(posix);
  if (drive) return { uri: `file:///${drive[1]}:/${encode(posix.slice(3))}` };
  if (posix.startsWith('/')) return { uri: `file://${encode(posix)}` };
  return { uri: encode(posix.replace(/^(\.\/)+/, '')), uriBaseId: SRCROOT };
}
