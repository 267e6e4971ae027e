import { posix } from 'node:path';
import { DEFAULT_ENGINE_OPTIONS, scanTextParsed } from '../engine.js';
import { inlineAllows } from '../suppress/inline.js';
import type { TokenFormat } from '../classify/content.js';
import { shownKey, type Finding } from '../finding.js';
import { manifestsOfFile } from '../manifest/manifest.js';
import { allAt, isMap, text as scalarText } from '../parse/node.js';
import { parseFile, type ParsedFile } from '../parse/parse-file.js';
import type { Ruleset } from '../ruleset/load.js';
import { NOT_SCANNED } from '../detectors/unchecked-content.js';
import { BINARY_FILE, prepareFileText } from '../sources/decode-text.js';
import { privateKeysInText, type FoundKey } from '../seal/private-keys-in-text.js';
import type { Severity } from '../severity.js';

/**
 * What the sweep keeps of one scanned blob: never its content. A `SecretHit` is a finding reduced
 * to identity, value hash and the redacted preview; a `SealedValue` is a SealedSecret ciphertext
 * (not a secret: it can only be opened with the controller's key); `keys` are the RSA private keys
 * found in the blob in any form (any of them may be a controller's key), held in memory only, for
 * trial decryption.
 */
export interface SecretHit {
  rule: string;
  severity: Severity;
  kind?: string;
  namespace?: string;
  name?: string;
  key?: string;
  via?: string;
  valueHash: string;
  preview: string;
  line: number;
  /**
   * The reason of the `# sealcheck:allow` comment that covers the hit in its blob. Such a hit is
   * still attributed (apart from the same value elsewhere), so the report can list it as suppressed
   * where a scan would; the sweep's suppression step decides, in one place, that it is not a row.
   */
  allow?: string;
}

export interface SealedValue {
  namespace?: string;
  name?: string;
  key: string;
  /** The base64 ciphertext as committed. */
  value: string;
}

/**
 * A file a Kustomize generator (`files:`, `envs:`) turns into a Secret, relative to the folder of
 * the kustomization that names it (the same blob may sit in several folders over history).
 */
export interface MaterialLink {
  rel: string;
  format: 'file' | 'env';
  key?: string;
  /** The generator: `Secret <name>` (namespace when the kustomization sets one). */
  kind?: string;
  namespace?: string;
  name?: string;
}

export interface BlobResult {
  hits: SecretHit[];
  links?: MaterialLink[];
  sealed: SealedValue[];
  keys: FoundKey[];
  /** Why the blob was not (fully) scanned (binary: printable text only, undecodable, nested too deep); undefined when it was. */
  skipped?: string;
}

export const SEALING_KEY_RULE = 'sealing-key';

/** Findings that name a value someone must rotate (advice such as `env-secret-key-ref` and parse notes are not secrets). */
function isSecretFinding(f: Finding): boolean {
  return f.valueHash !== '' && (f.rotate !== undefined || f.ruleId === SEALING_KEY_RULE);
}

/**
 * A blob the sealing-key rule flagged (a labelled controller key Secret): its keys are tried first
 * and counted by that row. A copy under an allow comment is no row, so it does not count.
 */
export function holdsControllerKey(hits: readonly SecretHit[]): boolean {
  return hits.some((h) => h.rule === SEALING_KEY_RULE && h.allow === undefined);
}

function hitOf(f: Finding): SecretHit {
  const h: SecretHit = {
    rule: f.ruleId,
    severity: f.severity,
    valueHash: f.valueHash,
    preview: f.preview,
    line: f.location.line,
  };
  for (const k of ['kind', 'namespace', 'name', 'key', 'via'] as const) {
    const v = f.object[k];
    if (v !== undefined) h[k] = v;
  }
  return h;
}

/**
 * The secret findings of a blob, as hits, each with the reason of the allow comment that covers
 * it, if any: an inline `# sealcheck:allow <reason>` travels with the blob, a reviewed decision in
 * every commit that holds it. Nothing is dropped here: the allowlist, the baseline and the allow
 * comments are applied together to the report's rows (`sweep-suppression.ts`), once the path that
 * anchors the fingerprint of an unnamed object is known.
 */
export function secretHits(findings: readonly Finding[], text: string): SecretHit[] {
  if (findings.length === 0) return [];
  const allows = inlineAllows(text);
  const hits: SecretHit[] = [];
  for (const f of findings) {
    if (!isSecretFinding(f)) continue;
    const hit = hitOf(f);
    const allow = allows(f.location.line);
    if (allow !== undefined) hit.allow = allow;
    hits.push(hit);
  }
  return hits;
}

/**
 * The encryptedData of every SealedSecret in a text (a cheap substring test first). The scan's own
 * parse is reused when it parsed the documents; a file is parsed here only when no rule needed to.
 * Keys are kept as findings show them (a credential-shaped key redacted), so a Secret and the
 * SealedSecret that replaced it still share namespace/name/key, and no report or state file holds the key.
 */
function sealedValuesOf(
  path: string,
  text: string,
  tokens: readonly TokenFormat[],
  parsed?: ParsedFile,
): SealedValue[] {
  if (!text.includes('SealedSecret') || !text.includes('encryptedData')) return [];
  const out: SealedValue[] = [];
  for (const m of manifestsOfFile(parsed !== undefined && parsed.docs.length > 0 ? parsed : parseFile(path, text))) {
    if (m.identity.kind !== 'SealedSecret') continue;
    for (const map of allAt(m.root, 'spec', 'encryptedData').filter(isMap)) {
      for (const e of map.entries) {
        const key = e.key.value;
        const value = scalarText(e.value);
        if (typeof key !== 'string' || value === undefined || value.trim() === '') continue;
        const v: SealedValue = { key: shownKey(key, tokens), value };
        if (m.identity.namespace !== undefined) v.namespace = m.identity.namespace;
        if (m.identity.name !== undefined) v.name = m.identity.name;
        out.push(v);
      }
    }
  }
  return out;
}

/** The RSA private keys of a blob, read as `scanBlob` reads it: for a blob remembered from an earlier sweep. */
export function keysOfBlob(path: string, bytes: Uint8Array, maxFileSize = Number.POSITIVE_INFINITY): FoundKey[] {
  return privateKeysInText(
    prepareFileText(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxFileSize).text,
  );
}

/** Scans one blob's bytes as the file `path`. Pure: no IO, so it runs the same in a worker or inline. */
export function scanBlob(
  path: string,
  bytes: Uint8Array,
  ruleset: Ruleset,
  maxFileSize = Number.POSITIVE_INFINITY,
): BlobResult {
  // Decoded as a scan decodes a file: UTF-16/32 read as text, a binary blob's printable runs
  // through the text rules; a blob over the size limit is read line by line, not parsed as YAML.
  const decoded = prepareFileText(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxFileSize);
  const { scan, parsed } = scanTextParsed(path, decoded.text, ruleset, DEFAULT_ENGINE_OPTIONS, decoded.input);
  const hits = secretHits(scan.findings, decoded.text);
  // Every blob, whatever its name or findings: a controller key leaks as a `.key` file, a backup
  // `List`, a value in a chart's values, or a plain TLS Secret, not only as a labelled key Secret.
  const result: BlobResult = {
    hits,
    sealed: sealedValuesOf(path, decoded.text, ruleset.tokens, parsed),
    keys: privateKeysInText(decoded.text),
  };
  // A binary blob (only its printable text checked) and content left unchecked (undecodable
  // characters, nesting past the limit) count as skipped in the report, as in a scan.
  const skipped = [
    ...(decoded.binary ? [BINARY_FILE] : []),
    ...scan.findings.filter((f) => f.ruleId === NOT_SCANNED).map((f) => f.object.key ?? f.ruleId),
  ];
  if (skipped.length > 0) result.skipped = skipped.join(', ');
  if (scan.references.length > 0) {
    const dir = posix.dirname(path);
    result.links = scan.references.map((r) => {
      const link: MaterialLink = { rel: posix.relative(dir, r.path), format: r.format };
      if (r.key !== undefined) link.key = shownKey(r.key, ruleset.tokens);
      for (const k of ['kind', 'namespace', 'name'] as const) if (r.identity[k] !== undefined) link[k] = r.identity[k];
      return link;
    });
  }
  return result;
}
