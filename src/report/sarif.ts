import type { Finding } from '../finding.js';
import type { RuleData } from '../ruleset/rule.js';
import { byLocation, type SuppressedFinding } from '../scan.js';
import type { SkippedFile } from '../sources/source.js';
import { publicIds } from './public-id.js';
import type { Reporter } from './reporter.js';

/**
 * SARIF 2.1.0 (OASIS, errata 01), as GitHub code scanning and other viewers read it.
 * Deliberately absent: the value's hash, preview and value-derived fingerprint. A result carries
 * where, what and how to fix; a SHA-256 of a short password is guessable offline, and SARIF files
 * are uploaded to third parties. Results are tracked across runs by `primaryLocationLineHash`
 * (the key code scanning reads) set to the value-free public id (src/report/public-id.ts).
 */
export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/sealcheck/sealcheck';
const SRCROOT = '%SRCROOT%';

type Json = Record<string, unknown>;

/** `secret-string-data` → `SecretStringData`: SARIF's reportingDescriptor.name is an identifier-like name. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');
}

/** A rule as SARIF describes it; `extraTags` say what kind of run found it (`git-history`). */
export function ruleDescriptor(rule: RuleData, docsBase: string, extraTags: readonly string[] = []): Json {
  const helpUri = `${docsBase}#${rule.id}`;
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
      markdown: `${rule.description}\n\n**Remediation:** ${rule.remediation}\n\n[Rule documentation](${helpUri})`,
    },
    helpUri,
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

/** SARIF regions are 1-based with an exclusive end column; clamp so a degenerate span stays valid. */
function region(f: Finding): Json {
  const l = f.location;
  const startLine = Math.max(1, l.line);
  const startColumn = Math.max(1, l.column);
  const endLine = Math.max(startLine, l.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, l.endColumn) : Math.max(1, l.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

function objectProperties(f: Finding): Json {
  const object: Json = {};
  for (const k of ['apiVersion', 'kind', 'namespace', 'name', 'key', 'via'] as const) {
    const v = f.object[k];
    if (v !== undefined) object[k] = v;
  }
  const props: Json = { object };
  if (f.embeddedBy !== undefined) props.embeddedBy = f.embeddedBy;
  if (f.fallback === true) props.fallback = true;
  if (f.preexisting === true) props.preexisting = true;
  return props;
}

function result(f: Finding, id: string, ruleIndex: ReadonlyMap<string, number>, suppression?: SuppressedFinding): Json {
  const r: Json = { ruleId: f.ruleId };
  const index = ruleIndex.get(f.ruleId);
  if (index !== undefined) r.ruleIndex = index;
  r.level = f.severity; // error | warning | note are SARIF levels already
  r.message = { text: f.fix !== undefined ? `${f.message}\nFix: ${f.fix}` : f.message };
  r.locations = [{ physicalLocation: { artifactLocation: artifactLocation(f.location.path), region: region(f) } }];
  r.partialFingerprints = { primaryLocationLineHash: id };
  if (suppression !== undefined) {
    r.suppressions = [
      {
        // An allow comment lives in the file; the config allowlist and the baseline live elsewhere.
        kind: suppression.by === 'inline' ? 'inSource' : 'external',
        status: 'accepted',
        justification: suppression.reason,
      },
    ];
  }
  r.properties = objectProperties(f);
  return r;
}

function notification(s: SkippedFile): Json {
  return {
    level: 'note',
    message: { text: `skipped ${s.path}: ${s.reason}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.path) } }],
  };
}

export const sarifReporter = ((report, ctx) => {
  const ruleIndex = new Map(ctx.rules.map((r, i) => [r.id, i] as const));
  const suppressed = [...report.suppressed].sort((a, b) => byLocation(a.finding, b.finding));
  const ids = publicIds([...report.findings, ...suppressed.map((s) => s.finding)]);
  const results = [
    ...report.findings.map((f) => result(f, ids.get(f)!, ruleIndex)),
    ...suppressed.map((s) => result(s.finding, ids.get(s.finding)!, ruleIndex, s)),
  ];
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sealcheck',
            version: ctx.toolVersion,
            informationUri: INFORMATION_URI,
            rules: ctx.rules.map((r) => ruleDescriptor(r, ctx.docsBase)),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: report.skipped.map(notification) }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}) satisfies Reporter;
