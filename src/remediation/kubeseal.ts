import ignore from 'ignore';
import type { ObjectIdentity } from '../manifest/manifest.js';
import { redactUrl } from '../redact-url.js';
import { stringAt, type MapNode } from '../parse/node.js';
import { shellQuote, shellPath } from './shell-quote.js';

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

function sealedPathFor(path: string): string {
  const base = path.replace(/\.(ya?ml|json)$/i, '');
  return `${base}.sealed.yaml`;
}

/**
 * A Secret without a namespace sealed in strict scope is bound to a namespace the command must be
 * told. A `<namespace>` placeholder would be a shell redirection; this expansion stops the pasted
 * command with a message until NAMESPACE is set, instead of sealing for a made-up namespace.
 */
const NAMESPACE_ARG = '"${NAMESPACE:?set NAMESPACE to the namespace the Secret is deployed to}"';

/** The scope and namespace arguments both commands take, in the same spelling. */
function scopeArgs(identity: ObjectIdentity, scope: SealScope): string[] {
  const args: string[] = [];
  if (scope !== 'strict') args.push('--scope', scope);
  if (scope !== 'cluster-wide' && identity.namespace === undefined) args.push('--namespace', NAMESPACE_ARG);
  return args;
}

/**
 * kubeseal reads one Secret on stdin and writes only the SealedSecret, so the raw file is removed
 * after it succeeds (plain `rm`: `git rm` refuses a file that is only staged, the usual case at a
 * commit). A file holding other documents too would lose them: kubeseal then needs the Secret moved
 * to a file of its own first, which is said rather than guessed.
 */
function kubesealLines(
  path: string,
  identity: ObjectIdentity,
  scope: SealScope,
  cert: string,
  alone: boolean,
): string[] {
  const args = ['kubeseal', '--format', 'yaml', '--cert', shellQuote(redactUrl(cert)), ...scopeArgs(identity, scope)];
  if (!alone)
    return [
      `# or, with kubeseal (it reads one Secret): move the Secret out of ${oneLine(path)} into a file of its own, then:`,
      `# ${args.join(' ')} < SECRET_FILE > SECRET_FILE.sealed.yaml && rm SECRET_FILE`,
    ];
  const input = shellPath(path);
  return ['# or, with kubeseal:', `${args.join(' ')} < ${input} > ${shellPath(sealedPathFor(path))} && rm ${input}`];
}

/** A path inside a `#` comment line: a line break in it would end the comment and start a command. */
function oneLine(path: string): string {
  return shellQuote(path).replace(/[\r\n]/g, '?');
}

/**
 * The fix for a raw Secret, as lines of POSIX sh: sealcheck's own offline sealing, which rewrites the
 * file in place (other documents kept), then the equivalent kubeseal command for teams that use
 * kubeseal. `alone`: the file holds this Secret and nothing else.
 */
export function sealFix(
  path: string,
  identity: ObjectIdentity,
  scope: SealScope,
  cert: string,
  alone: boolean,
): string {
  const args = [
    'sealcheck',
    'seal',
    '--in-place',
    '--cert',
    shellQuote(redactUrl(cert)),
    ...scopeArgs(identity, scope),
  ];
  args.push(shellPath(path));
  return [args.join(' '), ...kubesealLines(path, identity, scope, cert, alone)].join('\n');
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
