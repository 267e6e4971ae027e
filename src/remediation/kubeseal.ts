import ignore from 'ignore';
import type { ObjectIdentity } from '../manifest/manifest.js';
import { redactUrl } from '../redact-url.js';
import { stringAt, type MapNode } from '../parse/node.js';

export type SealScope = 'strict' | 'namespace-wide' | 'cluster-wide';

/** The scope a Secret asks for through the sealed-secrets annotations; strict when it says nothing. */
export function sealScopeOf(root: MapNode | undefined): SealScope {
  if (!root) return 'strict';
  if (stringAt(root, 'metadata', 'annotations', 'sealedsecrets.bitnami.com/cluster-wide') === 'true')
    return 'cluster-wide';
  if (stringAt(root, 'metadata', 'annotations', 'sealedsecrets.bitnami.com/namespace-wide') === 'true')
    return 'namespace-wide';
  return 'strict';
}

/** Quotes a path for POSIX shells only when it needs it. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function sealedPathFor(path: string): string {
  const base = path.replace(/\.(ya?ml|json)$/i, '');
  return `${base}.sealed.yaml`;
}

/**
 * The exact kubeseal invocation for a file: kubeseal reads one Secret from stdin and writes the
 * SealedSecret; strict scope binds it to name and namespace, so a Secret without a namespace needs one.
 */
function kubesealCommand(path: string, identity: ObjectIdentity, scope: SealScope, cert: string): string {
  const args = ['kubeseal', '--format', 'yaml', '--cert', shellQuote(redactUrl(cert))];
  if (scope !== 'strict') args.push('--scope', scope);
  if (scope !== 'cluster-wide' && identity.namespace === undefined) args.push('--namespace', '<namespace>');
  return `${args.join(' ')} < ${shellQuote(path)} > ${shellQuote(sealedPathFor(path))}`;
}

/**
 * The one-line fix for a raw Secret: sealcheck's own offline sealing, which rewrites the file in
 * place (other documents kept), then the equivalent kubeseal command for teams that use kubeseal.
 */
export function sealFix(path: string, identity: ObjectIdentity, scope: SealScope, cert: string): string {
  const args = ['sealcheck', 'seal', '--in-place', '--cert', shellQuote(redactUrl(cert))];
  if (scope !== 'strict') args.push('--scope', scope);
  if (scope !== 'cluster-wide' && identity.namespace === undefined) args.push('--namespace', '<namespace>');
  args.push(shellQuote(path.startsWith('-') ? `./${path}` : path));
  return `${args.join(' ')} (or: ${kubesealCommand(path, identity, scope, cert)})`;
}

/** A certificate for the manifests matching some globs (gitignore syntax, relative to the repository root). */
export interface CertRoute {
  files: readonly string[];
  cert: string;
}

/** The certificate to name for `path`: the first matching route's, else the default. */
export function certForPath(
  path: string,
  opts: { cert: string; certRoutes?: readonly CertRoute[] | undefined },
): string {
  const rel = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (rel.startsWith('../') || rel.startsWith('/')) return opts.cert;
  for (const route of opts.certRoutes ?? [])
    if (
      ignore()
        .add([...route.files])
        .ignores(rel)
    )
      return route.cert;
  return opts.cert;
}
