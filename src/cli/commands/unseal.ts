import type { KeyObject } from 'node:crypto';
import { EXIT_OK, UsageError } from '../../errors.js';
import { preview, sha256 } from '../../finding.js';
import { goJson } from '../../seal/format-json.js';
import { goYaml } from '../../seal/format-yaml.js';
import { secretToGo } from '../../seal/go-value.js';
import type { UnsealedSecret } from '../../seal/model.js';
import { objectName } from '../../seal/object-meta.js';
import { loadPrivateKeys } from '../../seal/private-keys.js';
import { scopeFromAnnotations } from '../../seal/scope.js';
import { readSealedSecrets } from '../../seal/sealed-input.js';
import { unsealSealedSecret } from '../../seal/unseal.js';
import { KEY_FILE, MANIFEST_FILE, readUserFile } from '../../user-file.js';
import type { ManifestFormat } from '../options.js';
import { emit } from '../output.js';

/** The options of `sealcheck unseal`, as declared in cli/index.ts. */
export interface UnsealCommandOptions {
  key?: string[];
  namespace?: string;
  showValues?: boolean;
  format: ManifestFormat;
  output?: string;
}

/**
 * `sealcheck unseal`: opens SealedSecrets with private keys the way the controller does (label
 * from the SealedSecret's own metadata, every key tried, all items or nothing). For audits, tests
 * and the history sweep. Values are redacted (preview and SHA-256) unless --show-values, which
 * prints the Secret as `kubeseal --recovery-unseal` does.
 */
export async function unsealCommand(file: string | undefined, opts: UnsealCommandOptions): Promise<number> {
  const keyFiles = opts.key ?? [];
  if (keyFiles.length === 0)
    throw new UsageError(
      "unseal needs at least one --key KEY.pem (a private key PEM, or a backup of the controller's key Secrets)",
    );
  const keys: KeyObject[] = keyFiles.flatMap((k) => loadPrivateKeys(readUserFile(k, KEY_FILE).text, k));
  const input = file ?? '-';
  const source = input === '-' ? 'stdin' : input;
  const docs = readSealedSecrets(readUserFile(input, MANIFEST_FILE, { stdin: true }).text, source);
  const namespace = opts.namespace;
  const opened = docs.map((d) => ({
    doc: d,
    secret: unsealSealedSecret(d.sealed, keys, namespace !== undefined ? { namespace } : {}),
  }));

  if (opts.showValues === true) {
    const format = opts.format;
    await emit(
      opened
        .map((o) => (format === 'json' ? goJson(secretToGo(o.secret)) : `---\n${goYaml(secretToGo(o.secret))}`))
        .join(''),
      opts.output,
    );
    process.stderr.write('sealcheck: warning: the output holds the plaintext values; do not commit or paste it\n');
    return EXIT_OK;
  }
  const lines: string[] = [];
  for (const { doc, secret } of opened) {
    const scope = scopeFromAnnotations(doc.sealed.metadata.annotations);
    lines.push(
      `${doc.origin}: opens (${scope} scope) as Secret ${objectName(secret.metadata)}${secret.type ? `, type ${secret.type}` : ''}`,
    );
    for (const item of redactedItems(secret)) lines.push(item);
  }
  lines.push('values redacted (preview and SHA-256); --show-values prints them');
  await emit(lines.join('\n'), opts.output);
  return EXIT_OK;
}

function redactedItems(secret: UnsealedSecret): string[] {
  return [...secret.data].map(([key, bytes]) => {
    const text = bytes.toString('utf8');
    return `  ${JSON.stringify(key)}: ${preview(text)} sha256:${sha256(text).slice(0, 16)}`;
  });
}
