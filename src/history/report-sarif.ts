import { publicId } from '../report/public-id.js';
import {
  artifactLocation,
  ruleDescriptor,
  sarifLog,
  sarifText,
  type Json,
  type SarifResult,
} from '../report/sarif-log.js';
import type { RuleData } from '../ruleset/rule.js';
import { LEAKED_KEY_ENTRY_RULE } from './identities.js';
import type { SweepReporter } from '../report/reporter.js';
import type { SecretRow } from './model.js';
import { objectWords } from './report-common.js';

/**
 * SARIF 2.1.0, with the conventions of `scan --format sarif` (the same rule descriptors, value-free
 * `partialFingerprints`, no value hash, preview or fingerprint: SARIF files are uploaded to third parties). Each
 * result is located at the path where the secret entered history; the commit, refs and verdict are
 * in its properties.
 */

const LEAKED_KEY_ENTRY: RuleData = {
  id: LEAKED_KEY_ENTRY_RULE,
  title: 'SealedSecret sealed to a leaked controller key',
  severity: 'error',
  description:
    'The sealed-secrets controller key this value was sealed to is in git history (or was given with --sealing-key), so anyone with the repository can decrypt it.',
  remediation: 'Renew the sealing key, rotate the value and seal it again to the new key.',
  detector: 'sealing-key',
} as RuleData;

function result(r: SecretRow, ruleIndex: ReadonlyMap<string, number>): SarifResult {
  const index = ruleIndex.get(r.rule);
  const props: Json = {
    status: r.status,
    object: { kind: r.kind, namespace: r.namespace, name: r.name, key: r.key },
    introducedIn: { ...r.introducedIn },
    lastSeenIn: { ...r.lastSeenIn },
    refs: [...r.refs],
    presentAtHead: r.presentAtHead,
    commits: r.commits,
  };
  if (r.repo !== undefined) props.repo = r.repo;
  return {
    ruleId: r.rule,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: r.severity,
    message: {
      text: `${r.status === 'rotate' ? 'Rotate' : 'Superseded (verify it was revoked)'}: ${objectWords(r)} reached git history in commit ${r.introducedIn.commit.slice(0, 12)}. ${r.reason}.`,
    },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.introducedIn.path) } }],
    // Value-free, like `scan`'s SARIF: the row's fingerprint hashes the value.
    partialFingerprints: {
      primaryLocationLineHash: publicId([
        r.repo ?? '',
        r.rule,
        r.introducedIn.path,
        r.kind ?? '',
        r.namespace ?? '',
        r.name ?? '',
        r.key ?? '',
      ]),
    },
    properties: props,
  };
}

export const sweepSarifReporter = {
  format: 'sarif',
  render: (report, ctx) => {
    const used = new Set(report.secrets.map((r) => r.rule));
    const rules = [
      ...ctx.rules.filter((r) => used.has(r.id)),
      ...(used.has(LEAKED_KEY_ENTRY_RULE) ? [LEAKED_KEY_ENTRY] : []),
    ];
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i] as const));
    const errors = report.errors ?? [];
    return sarifText(
      sarifLog({
        toolVersion: ctx.toolVersion,
        rules: rules.map((r) => ruleDescriptor(r, ctx.docsBase, ['git-history'])),
        executionSuccessful: errors.length === 0,
        notifications: [
          ...errors.map((n) => ({ level: 'error', message: { text: n } })),
          ...report.notes.map((n) => ({ level: n.startsWith('warning: ') ? 'warning' : 'note', message: { text: n } })),
        ],
        results: report.secrets.map((r) => result(r, ruleIndex)),
      }),
    );
  },
} satisfies SweepReporter<'sarif'>;
