/**
 * The sealing certificate: the first PEM CERTIFICATE of a file or URL, whose RSA public key seals.
 * Like kubeseal, only expiry is checked: controller certificates have an empty subject, key usage
 * encipherOnly and CA:TRUE, and bring-your-own ones vary, so nothing else is validated.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InternalError, SealcheckError } from '../errors.js';
import { redactUrl, redactUrlsIn } from '../redact-url.js';
import { CERTIFICATE_FILE, readUserFile } from '../user-file.js';
import { pemBlocks } from './pem-blocks.js';

/** Certificates closer than this to their end are accepted with a warning. */
const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Default time limit for fetching a certificate over http(s). */
const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** A certificate is a few KB: a download is cut off past this, as a certificate file is refused. */
const MAX_CERT_BYTES = CERTIFICATE_FILE.max;

export interface SealingCertificate {
  publicKey: KeyObject;
  modulusBits: number;
  notAfter: Date;
  /** SHA-256 fingerprint of the certificate, colon-separated hex (as openssl prints it). */
  fingerprint256: string;
  /** Non-fatal problems, e.g. the certificate expires within 30 days. */
  warnings: string[];
}

export interface CertificateOptions {
  /** Name used in messages (file path or URL). Default: "the certificate file". */
  source?: string;
  /** Clock for the expiry check. Default: now. */
  now?: Date;
}

/** Parses a PEM text (string or bytes) into the RSA public key that seals, or throws SealcheckError. */
export function parseCertificate(pem: string | Buffer, options: CertificateOptions = {}): SealingCertificate {
  const source = options.source ?? 'the certificate file';
  const text = typeof pem === 'string' ? pem : pem.toString('latin1');
  const blocks = pemBlocks(text);
  const block = blocks.find((b) => b.type === 'CERTIFICATE');
  if (block === undefined)
    throw new SealcheckError(
      noCertificateMessage(
        source,
        text,
        blocks.map((b) => b.type),
      ),
    );

  let cert: X509Certificate;
  try {
    cert = new X509Certificate(block.text);
  } catch (err) {
    throw new SealcheckError(
      `${source}: the first CERTIFICATE block cannot be read as X.509 (${(err as Error).message})`,
    );
  }
  const publicKey = cert.publicKey;
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new SealcheckError(
      `${source}: the certificate holds a ${publicKey.asymmetricKeyType ?? 'unknown'} key, not RSA; sealed-secrets seals with RSA keys only`,
    );
  }
  const notAfter = new Date(cert.validTo);
  const warning = checkExpiry(notAfter, options.now ?? new Date(), source);
  return {
    publicKey,
    modulusBits: publicKey.asymmetricKeyDetails?.modulusLength ?? 0,
    notAfter,
    fingerprint256: cert.fingerprint256,
    warnings: warning === undefined ? [] : [warning],
  };
}

/**
 * kubeseal refuses an expired certificate ("failed to encrypt using an expired certificate");
 * so does this. Returns a warning when fewer than 30 days are left.
 */
export function checkExpiry(notAfter: Date, now: Date, source = 'the certificate'): string | undefined {
  if (Number.isNaN(notAfter.getTime()))
    throw new SealcheckError(`${source}: the certificate has no readable expiry date`);
  if (now.getTime() > notAfter.getTime()) {
    throw new SealcheckError(
      `${source}: the certificate expired on ${formatDate(notAfter)}; fetch the controller's current one (kubeseal --fetch-cert)`,
    );
  }
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    return `${source}: the certificate expires on ${formatDate(notAfter)} (in ${daysLeft} day${daysLeft === 1 ? '' : 's'}); values sealed with it stay valid, but fetch the renewed certificate soon`;
  }
  return undefined;
}

export interface LoadCertificateOptions extends Omit<CertificateOptions, 'source'> {
  /** Time limit for http(s) fetches, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** fetch implementation (tests). Default: the global fetch. */
  fetch?: typeof fetch;
}

/**
 * Loads the certificate named like kubeseal's `--cert`: a file path (relative to `cwd`), a
 * `file://` URL or an `http(s)://` URL.
 */
export async function loadCertificate(
  ref: string,
  cwd: string,
  options: LoadCertificateOptions = {},
): Promise<SealingCertificate> {
  const parse = (bytes: Buffer, source: string): SealingCertificate =>
    parseCertificate(bytes, { source, ...(options.now ? { now: options.now } : {}) });
  if (/^https?:\/\//i.test(ref)) {
    const shown = redactUrl(ref);
    return parse(await fetchCertificate(ref, shown, options), shown);
  }
  const shown = redactUrl(ref);
  let path: string;
  try {
    path = /^file:/i.test(ref) ? fileURLToPath(ref) : resolve(cwd, ref);
  } catch (err) {
    throw new SealcheckError(`cannot use certificate URL ${shown}: ${redactUrlsIn((err as Error).message)}`);
  }
  const bytes = readUserFile(path, CERTIFICATE_FILE, {
    shown,
    missing: `certificate file not found (fetch it with kubeseal --fetch-cert > ${shown})`,
  }).bytes;
  return parse(bytes, shown);
}

async function fetchCertificate(url: string, shown: string, options: LoadCertificateOptions): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new SealcheckError(`cannot use certificate URL ${shown}: not a valid URL`);
  }
  // fetch refuses URLs with user info; send it as basic auth, as Go's http client does.
  const headers: Record<string, string> = {};
  if (target.username !== '' || target.password !== '') {
    const user = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    headers.authorization = `Basic ${Buffer.from(user, 'utf8').toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  let response: Response;
  try {
    response = await doFetch(target, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow', headers });
  } catch (err) {
    const name = (err as Error).name;
    const why =
      name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms` : describeFetchError(err);
    throw new SealcheckError(`cannot fetch the certificate from ${shown}: ${redactUrlsIn(why.split(url).join(shown))}`);
  }
  if (!response.ok) {
    throw new SealcheckError(
      `cannot fetch the certificate from ${shown}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    );
  }
  return readCapped(response, shown, timeoutMs);
}

/**
 * The body, read only up to the cap: a wrong URL (a log, an image, an endless stream) is cut off
 * there instead of being held in memory.
 */
async function readCapped(response: Response, shown: string, timeoutMs: number): Promise<Buffer> {
  const tooLarge = (): SealcheckError =>
    new SealcheckError(
      `cannot use the certificate from ${shown}: the answer is larger than ${MAX_CERT_BYTES / 1024 / 1024} MiB, so it is not a certificate`,
    );
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_CERT_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  // fetch's body type does not say what it streams; checked per chunk below.
  const reader: ReadableStreamDefaultReader<unknown> | undefined = response.body?.getReader();
  if (reader === undefined) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array))
        throw new InternalError(`a fetch response body gave ${typeof value}, not bytes`);
      total += value.byteLength;
      if (total > MAX_CERT_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof SealcheckError) throw err;
    const name = (err as Error).name;
    const why =
      name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms` : describeFetchError(err);
    throw new SealcheckError(`cannot fetch the certificate from ${shown}: ${redactUrlsIn(why)}`);
  }
  return Buffer.concat(chunks, total);
}

function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** A URL as shown in messages: user and password replaced, since they may be credentials. */
function noCertificateMessage(source: string, text: string, types: string[]): string {
  const needed = 'sealing needs the controller certificate (kubeseal --fetch-cert > pub-cert.pem)';
  if (types.some((t) => /PRIVATE KEY$/.test(t))) {
    return `${source} holds a private key (${types.find((t) => /PRIVATE KEY$/.test(t))}), not a certificate: ${needed}; keep private keys out of sealing commands and out of git`;
  }
  if (types.some((t) => /PUBLIC KEY$/.test(t))) {
    return `${source} holds a bare public key (${types.find((t) => /PUBLIC KEY$/.test(t))}), not a certificate: kubeseal does not accept one either; ${needed}`;
  }
  if (types.length > 0) return `${source} has no CERTIFICATE block (found ${types.join(', ')}): ${needed}`;
  if (text.charCodeAt(0) === 0x30)
    return `${source} looks like a DER certificate; convert it to PEM (openssl x509 -inform der -in FILE -out pub-cert.pem)`;
  return `${source} has no PEM certificate: ${needed}`;
}

function formatDate(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
