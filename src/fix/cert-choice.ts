import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { searchFolders, type Config } from '../config/config.js';
import { DEFAULT_ENGINE_OPTIONS } from '../engine.js';
import { UsageError } from '../errors.js';
import { certForPath } from '../remediation/kubeseal.js';
import { shellPath } from '../remediation/shell-quote.js';

/** Which certificate seals a manifest, and why that one (said in messages). */
export interface CertChoice {
  /** A path relative to `cwd`, or an http(s)/file URL, as `loadCertificate` takes it. */
  ref: string;
  from: string;
}

const URL_REF = /^(https?|file):/i;

/**
 * The certificate for `file` (a path relative to `cwd`): `--cert`, else the first `certs:` entry
 * of the configuration whose glob matches the file's path from the repository root, else the
 * configuration's `cert:`, else `SEALED_SECRETS_CERT` (kubeseal's variable), else `pub-cert.pem`
 * when that file exists. Configuration paths are relative to the configuration file's folder.
 */
export function chooseCert(
  file: string | undefined,
  flag: string | undefined,
  config: Config,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): CertChoice {
  if (flag !== undefined) return { ref: flag, from: '--cert' };
  const base = config.file !== undefined ? dirname(resolve(cwd, config.file)) : cwd;
  const fromConfig = (ref: string): string => (URL_REF.test(ref) ? ref : relative(cwd, resolve(base, ref)) || ref);
  if (file !== undefined && config.certs.length > 0) {
    const { root } = searchFolders(resolve(cwd));
    const rel = relative(root, resolve(cwd, file)).split(/[\\/]/).join('/');
    const routed = certForPath(rel, { cert: '', certRoutes: config.certs });
    if (routed !== '') return { ref: fromConfig(routed), from: `certs: in ${config.file ?? '.sealcheck.yaml'}` };
  }
  if (config.file !== undefined && config.cert !== DEFAULT_ENGINE_OPTIONS.cert)
    return { ref: fromConfig(config.cert), from: `cert: in ${config.file}` };
  const envCert = env.SEALED_SECRETS_CERT;
  if (envCert !== undefined && envCert !== '') return { ref: envCert, from: 'SEALED_SECRETS_CERT' };
  const fallback = fromConfig(config.cert);
  if (existsSync(resolve(cwd, fallback))) return { ref: fallback, from: `${fallback} (default)` };
  throw new NoCertificateError(fallback);
}

/**
 * No certificate was named and the default file is absent. Says how to get one, naming the file
 * the default looks for, so that fetching it is enough for the next run.
 */
export class NoCertificateError extends UsageError {
  constructor(readonly lookedFor: string) {
    super(
      [
        `no sealing certificate (${lookedFor} does not exist). Get the cluster's public certificate:`,
        `  kubeseal --fetch-cert > ${shellPath(lookedFor)}`,
        `or pass --cert FILE|URL, or set cert: (or certs: per path) in .sealcheck.yaml.`,
      ].join('\n'),
    );
  }
}
