import { publicId } from '../report/public-id.js';
import { artifactLocation, INFORMATION_URI, ruleDescriptor, SARIF_SCHEMA } from '../report/sarif.js';
import type { RuleData } from '../ruleset/rule.js';
import { LEAKED_KEY_ENTRY_RULE } from './identities.js';
import type { SecretRow } from './model.js';
import { objectWords, type SweepReporter } from './report-common.js';

/**
 * SARIF 2.1.0, with the conventions of `scan --format sarif` (the same rule descriptors, value-free
 * `partialFingerprints`, no value hash, preview or fingerprint: SARIF files are uploaded to third parties). Each
 * result is located at the path where the secret entered history; the commit, refs and verdict are
 * in its properties.
 */
type Json = Record<string, unknown>;

const LEAKED_KEY_ENTRY: RuleData = {
  id: LEAKED_KEY_ENTRY_RULE,
  title: 'SealedSecret sealed to a leaked controller key',
  severity: 'error',
  description:
    'The sealed-secrets controller key this value was sealed to is in git history (or was given with --sealing-key), so anyone with the repository can decrypt it.',
  remediation: 'Renew the sealing key, rotate the value and seal it again to the new key.',
  detector: 'sealing-key',
} as RuleData;

function result(r: SecretRow, ruleIndex: ReadonlyMap<string, number>): Json {
  const out: Json = { ruleId: r.rule };
  const index = ruleIndex.get(r.rule);
  if (index !== undefined) out.ruleIndex = index;
  out.level = r.severity;
  out.message = {
    text: `${r.status === 'rotate' ? 'Rotate' : 'Superseded (verify it was revoked)'}: ${objectWords(r)} reached git history in commit ${r.introducedIn.commit.slice(0, 12)}. ${r.reason}.`,
  };
  out.locations = [{ physicalLocation: { artifactLocation: artifactLocation(r.introducedIn.path) } }];
  // Value-free, like `scan`'s SARIF: the row's fingerprint hashes the value.
  out.partialFingerprints = {
    primaryLocationLineHash: publicId([
      r.repo ?? '',
      r.rule,
      r.introducedIn.path,
      r.kind ?? '',
      r.namespace ?? '',
      r.name ?? '',
      r.key ?? '',
    ]),
  };
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
  out.properties = props;
  return out;
}

export const sweepSarifReporter = ((report, ctx) => {
  const used = new Set(report.secrets.map((r) => r.rule));
  const rules = [
    ...ctx.rules.filter((r) => used.has(r.id)),
    ...(used.has(LEAKED_KEY_ENTRY_RULE) ? [LEAKED_KEY_ENTRY] : []),
  ];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i] as const));
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
            rules: rules.map((r) => ruleDescriptor(r, ctx.docsBase, ['git-history'])),
          },
        },
        invocations: [
          {
            executionSuccessful: (report.errors ?? []).length === 0,
            toolExecutionNotifications: [
              ...(report.errors ?? []).map((n) => ({ level: 'error', message: { text: n } })),
              ...report.notes.map((n) => ({
                level: n.startsWith('warning: ') ? 'warning' : 'note',
                message: { text: n },
              })),
            ],
          },
        ],
        results: report.secrets.map((r) => result(r, ruleIndex)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}) satisfies SweepReporter;
