import { loadConfig } from '../../config/config.js';
import { EXIT_OK, UsageError } from '../../errors.js';
import { redactUrl } from '../../redact-url.js';
import { chooseCert } from '../../fix/cert-choice.js';
import { objectSlices, replaceSlices, sliceName } from '../../seal/document-slices.js';
import { writeFileAtomic } from '../../fix/write-file.js';
import { loadRuleFiles } from '../../ruleset/load.js';
import { loadCertificate } from '../../seal/certificate.js';
import { sealedSecretsToJson } from '../../seal/format-json.js';
import { sealedSecretsToYaml } from '../../seal/format-yaml.js';
import type { GoFormatOptions } from '../../seal/go-value.js';
import type { SealedSecret, SecretInput } from '../../seal/model.js';
import type { Scope } from '../../seal/scope.js';
import { sealedDocumentText } from '../../seal/in-place.js';
import { sealRawValue } from '../../seal/raw.js';
import { readSealedSecret } from '../../seal/sealed-input.js';
import { mergeInto, sealSecret } from '../../seal/sealed-secret.js';
import { readSecret, readSecrets } from '../../seal/secret-input.js';
import { MANIFEST_FILE, readUserFile } from '../../user-file.js';
import type { ManifestFormat } from '../options.js';
import { emit } from '../output.js';

/** The options of `sealcheck seal`, as declared in cli/index.ts. */
export interface SealCommandOptions {
  cert?: string;
  scope?: Scope;
  /** Default: the input's. */
  format?: ManifestFormat;
  namespace?: string;
  name?: string;
  inPlace?: boolean;
  output?: string;
  mergeInto?: string;
  allowEmptyData?: boolean;
  legacyCreationTimestamp?: boolean;
  config?: string;
  /** Seal one value (read from `fromFile` or stdin) and print its ciphertext, as `kubeseal --raw`. */
  raw?: boolean;
  fromFile?: string;
}

/** The options with every switch decided, once they are known to go together. */
interface SealFlags extends SealCommandOptions {
  inPlace: boolean;
  allowEmptyData: boolean;
  legacyCreationTimestamp: boolean;
}

function flagsOf(opts: SealCommandOptions): SealFlags {
  const flags: SealFlags = {
    ...opts,
    inPlace: opts.inPlace === true,
    allowEmptyData: opts.allowEmptyData === true,
    legacyCreationTimestamp: opts.legacyCreationTimestamp === true,
  };
  const modes = [
    flags.inPlace && '--in-place',
    flags.output !== undefined && '--output',
    flags.mergeInto !== undefined && '--merge-into',
  ].filter(Boolean);
  if (modes.length > 1)
    throw new UsageError(`${modes.join(' and ')} cannot be combined: choose where the SealedSecret goes`);
  if (
    flags.mergeInto !== undefined &&
    (flags.scope !== undefined || flags.name !== undefined || flags.namespace !== undefined)
  ) {
    throw new UsageError(
      '--merge-into takes name, namespace and scope from the SealedSecret it merges into; drop --scope/--name/--namespace',
    );
  }
  return flags;
}

/**
 * `sealcheck seal`: what `kubeseal --cert … [--scope …] [--format …]` writes, computed offline.
 * Messages go to stderr; stdout carries only the SealedSecret(s), so the command pipes like kubeseal.
 */
export async function sealCommand(
  file: string | undefined,
  opts: SealCommandOptions,
  cwd = process.cwd(),
): Promise<number> {
  if (opts.raw === true) return sealRaw(file, opts, cwd);
  if (opts.fromFile !== undefined)
    throw new UsageError('--from-file is the value for --raw; a Secret manifest is given as the file argument');
  const flags = flagsOf(opts);
  const input = file ?? '-';
  if (input === '-' && flags.inPlace) throw new UsageError('--in-place needs a file, not stdin');
  const source = input === '-' ? 'stdin' : input;
  const read = readUserFile(input, MANIFEST_FILE, { stdin: true });
  const text = read.text;
  const config = loadConfig(
    flags.config,
    cwd,
    loadRuleFiles().map((l) => l.data.id),
  );
  const choice = chooseCert(input === '-' ? undefined : input, flags.cert, config, cwd);
  const cert = await loadCertificate(choice.ref, cwd);
  for (const w of cert.warnings) warn(w);
  const format: GoFormatOptions = { legacyCreationTimestamp: flags.legacyCreationTimestamp };
  const sealOpts = {
    publicKey: cert.publicKey,
    ...(flags.scope ? { scope: flags.scope } : {}),
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
    ...(flags.name ? { name: flags.name } : {}),
  };

  if (flags.mergeInto !== undefined) {
    const secrets = readSecrets(text, source, { allowEmpty: flags.allowEmptyData });
    mergeIntoFile(flags.mergeInto, secrets, cert.publicKey, format);
    remind(secrets);
    return EXIT_OK;
  }

  if (flags.inPlace) {
    const slices = objectSlices(text, source);
    const replacements: { slice: (typeof slices)[number]; text: string }[] = [];
    const sealedOnes: SecretInput[] = [];
    for (const slice of slices) {
      if ((slice.value as { kind?: unknown } | null)?.kind !== 'Secret') continue;
      const secret = readSecret(slice.value, `${source} ${sliceName(slice)}`, { allowEmpty: flags.allowEmptyData });
      const result = sealSecret(secret, sealOpts);
      result.warnings.forEach(warn);
      replacements.push({ slice, text: sealedDocumentText(result.sealed, slice, format) });
      sealedOnes.push(secret);
    }
    if (replacements.length === 0)
      throw new UsageError(`${source}: no kind: Secret document to seal; nothing was changed`);
    writeFileAtomic(input, replaceSlices(text, replacements), read.stamp);
    process.stderr.write(
      `sealcheck: sealed ${describe(sealedOnes)} in ${source} with ${redactUrl(choice.ref)} (${choice.from})\n`,
    );
    remind(sealedOnes);
    return EXIT_OK;
  }

  const secrets = readSecrets(text, source, { allowEmpty: flags.allowEmptyData });
  const sealed: SealedSecret[] = [];
  for (const secret of secrets) {
    const result = sealSecret(secret, sealOpts);
    result.warnings.forEach(warn);
    sealed.push(result.sealed);
  }
  const outFormat = flags.format ?? (/^\s*\{/.test(text) ? 'json' : 'yaml');
  await emit(render(sealed, outFormat, format), flags.output, 'the SealedSecret');
  remind(secrets);
  return EXIT_OK;
}

/**
 * `--raw`: one value, from `--from-file` or stdin (never an argument: that would land in the shell
 * history), sealed for `--name`/`--namespace` under `--scope` (default strict), printed as the
 * base64 ciphertext to put under `encryptedData` in a SealedSecret template or a Helm values file.
 */
async function sealRaw(file: string | undefined, opts: SealCommandOptions, cwd: string): Promise<number> {
  if (file !== undefined)
    throw new UsageError(
      '--raw seals one value read from --from-file or stdin; the file argument is for Secret manifests',
    );
  const clash = [
    opts.inPlace === true && '--in-place',
    opts.mergeInto !== undefined && '--merge-into',
    opts.format !== undefined && '--format',
    opts.allowEmptyData === true && '--allow-empty-data',
    opts.legacyCreationTimestamp === true && '--legacy-creation-timestamp',
  ].filter(Boolean);
  if (clash.length > 0) throw new UsageError(`--raw prints one sealed value; it does not take ${clash.join(', ')}`);
  if (opts.fromFile === undefined && process.stdin.isTTY)
    throw new UsageError(
      '--raw reads the value from --from-file FILE or from a pipe (printf %s "$VALUE" | sealcheck seal --raw …), not from the terminal',
    );
  const source = opts.fromFile ?? '-';
  const value = readUserFile(source, MANIFEST_FILE, { stdin: true }).bytes;
  if (value.length === 0) throw new UsageError(`${opts.fromFile ?? 'stdin'}: the value is empty; nothing was sealed`);
  if (value[value.length - 1] === 0x0a)
    warn(
      'the value ends with a newline, which is sealed with it (echo adds one; use printf %s or echo -n if the newline is not part of the value)',
    );
  const config = loadConfig(
    opts.config,
    cwd,
    loadRuleFiles().map((l) => l.data.id),
  );
  const choice = chooseCert(undefined, opts.cert, config, cwd);
  const cert = await loadCertificate(choice.ref, cwd);
  for (const w of cert.warnings) warn(w);
  const sealed = sealRawValue(value, {
    publicKey: cert.publicKey,
    scope: opts.scope ?? 'strict',
    ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
    ...(opts.name !== undefined ? { name: opts.name } : {}),
  });
  await emit(sealed, opts.output, 'the sealed value');
  return EXIT_OK;
}

/** kubeseal's framing for a stream: objects back to back, or `---` before each YAML document. */
function render(list: readonly SealedSecret[], format: ManifestFormat, options: GoFormatOptions): string {
  return format === 'json' ? sealedSecretsToJson(list, options) : sealedSecretsToYaml(list, options);
}

/**
 * `--merge-into`: the target file's SealedSecret gets the new items (and template labels and
 * annotations); the file keeps its other documents, its format and everything around the document.
 */
function mergeIntoFile(
  target: string,
  secrets: readonly SecretInput[],
  publicKey: import('node:crypto').KeyObject,
  options: GoFormatOptions,
): void {
  const read = readUserFile(target, MANIFEST_FILE);
  const text = read.text;
  const slices = objectSlices(text, target).filter(
    (s) => (s.value as { kind?: unknown } | null)?.kind === 'SealedSecret',
  );
  const [slice] = slices;
  if (slice === undefined || slices.length !== 1)
    throw new UsageError(
      `${target}: --merge-into needs exactly one SealedSecret in the file (found ${slices.length}); nothing was changed`,
    );
  let sealed = readSealedSecret(slice.value, `${target} ${sliceName(slice)}`).sealed;
  for (const secret of secrets) {
    const result = mergeInto(sealed, secret, { publicKey });
    result.warnings.forEach(warn);
    sealed = result.sealed;
  }
  writeFileAtomic(
    target,
    replaceSlices(text, [{ slice, text: sealedDocumentText(sealed, slice, options) }]),
    read.stamp,
  );
  process.stderr.write(`sealcheck: merged ${describe(secrets)} into ${target}\n`);
}

function describe(secrets: readonly SecretInput[]): string {
  const keys = secrets.flatMap((s) => [...new Set([...s.data.keys(), ...s.stringData.keys()])]);
  const names = secrets.map((s) => s.metadata.name ?? '?').join(', ');
  return `${secrets.length === 1 ? 'Secret' : `${secrets.length} Secrets`} ${names} (${keys.length} key${keys.length === 1 ? '' : 's'}: ${keys.join(', ')})`;
}

/** Sealing protects what is committed from now on; a value that was ever in plaintext must still change. */
function remind(secrets: readonly SecretInput[]): void {
  if (secrets.length === 0) return;
  process.stderr.write(
    'sealcheck: reminder: if these values were ever committed, pushed or shared in plaintext, rotate them; sealing does not un-leak them (`sealcheck sweep` lists what git history holds).\n',
  );
}

function warn(message: string): void {
  process.stderr.write(`sealcheck: warning: ${message}\n`);
}
