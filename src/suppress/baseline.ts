import { assertValid, compileSchema, lineOfPointer, readYamlSource } from '../config/yaml-source.js';
import { ConfigError } from '../errors.js';
import { BASELINE_FILE, readUserFile } from '../user-file.js';
import type { Finding } from '../finding.js';
import { LineIndex } from '../parse/positions.js';
import type { FingerprintFilter } from './suppress.js';

const BASELINE_VERSION = 1;

/**
 * One accepted finding. Deliberately without line numbers, timestamps, value, preview or value
 * hash: lines and dates make baselines churn in merges (Yelp/detect-secrets#846), and the value
 * (or a hash that confirms a guess) must not be copied into yet another committed file.
 */
interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
  object: { kind?: string; namespace?: string; name?: string; key?: string };
}

/** The file format, as written by `writeBaseline`. */
interface BaselineFile {
  version: typeof BASELINE_VERSION;
  generatedBy: 'sealcheck';
  findings: BaselineEntry[];
}

/** A baseline read from disk: its entries and the file they came from (named in suppression reasons). */
export interface Baseline {
  file: string;
  findings: BaselineEntry[];
}

const baselineSchema = {
  $id: 'https://sealcheck.dev/schema/baseline.schema.json',
  type: 'object',
  required: ['version', 'findings'],
  properties: {
    version: { const: BASELINE_VERSION },
    generatedBy: { const: 'sealcheck' },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fingerprint', 'ruleId', 'path'],
        properties: {
          fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
          ruleId: { type: 'string' },
          path: { type: 'string' },
          object: { type: 'object' },
        },
      },
    },
  },
} as const;

function entryOf(f: Finding): BaselineEntry {
  const object: BaselineEntry['object'] = {};
  if (f.object.kind !== undefined) object.kind = f.object.kind;
  if (f.object.namespace !== undefined) object.namespace = f.object.namespace;
  if (f.object.name !== undefined) object.name = f.object.name;
  if (f.object.key !== undefined) object.key = f.object.key;
  return { fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.location.path, object };
}

// Plain code-unit order, not localeCompare: the file must come out the same on every machine.
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The baseline file text for these findings: sorted by fingerprint then path, one entry per pair. */
export function writeBaseline(findings: readonly Finding[]): string {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const e = entryOf(f);
    byKey.set(`${e.fingerprint}\u0000${e.path}`, e);
  }
  const entries = [...byKey.values()].sort((a, b) => cmp(a.fingerprint, b.fingerprint) || cmp(a.path, b.path));
  const file: BaselineFile = { version: BASELINE_VERSION, generatedBy: 'sealcheck', findings: entries };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads a baseline file; a missing, unparseable or foreign file is a ConfigError naming it (exit 2). */
export function readBaseline(file: string): Baseline {
  const text = readUserFile(file, BASELINE_FILE, {
    missing: 'baseline file not found (create it with `sealcheck baseline`)',
  }).text;
  return parseBaseline(file, text);
}

/** Parses baseline text (e.g. read from the base revision in PR mode); `file` names it in errors. */
export function parseBaseline(file: string, text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? new LineIndex(text).position(Number(at[1])).line : undefined;
    // V8's message quotes the text around the error; a baseline holds no values, but a wrong file
    // given as one might: say where, not what.
    throw new ConfigError(file, line, 'baseline is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('version' in data)) {
    throw new ConfigError(
      file,
      undefined,
      `not a sealcheck baseline (expected {"version": ${BASELINE_VERSION}, "generatedBy": "sealcheck", "findings": [...]})`,
    );
  }
  const validate = compileSchema(baselineSchema);
  if (!validate(data)) {
    // Positions are only needed for the message; JSON is YAML, so the YAML reader provides them.
    const src = readYamlSource(file, text);
    const version = (data as { version?: unknown }).version;
    if (version !== BASELINE_VERSION) {
      throw new ConfigError(
        file,
        lineOfPointer(src, '/version'),
        `unsupported baseline version ${JSON.stringify(version)}; this sealcheck reads version ${BASELINE_VERSION} (regenerate it with \`sealcheck baseline\`)`,
      );
    }
    assertValid(src, data, validate, 'baseline');
  }
  return { file, findings: (data as BaselineFile).findings };
}

/** Suppresses findings whose fingerprint is in the baseline, wherever they moved to in the file. */
export function baselineFilter(baseline: Baseline): FingerprintFilter {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  const reason = `in baseline ${baseline.file}`;
  return {
    match: (finding) => (known.has(finding.fingerprint) ? { by: 'baseline', reason } : undefined),
  };
}
