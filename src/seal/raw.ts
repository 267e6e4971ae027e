/**
 * kubeseal's `--raw`: one value sealed on its own, for a Helm values file or a SealedSecret
 * template that puts it under `encryptedData`. The ciphertext is bound, like every item of a
 * SealedSecret, to the label its scope derives from the name and namespace the controller will see,
 * so those must be given up front: strict needs both, namespace-wide the namespace.
 */
import type { KeyObject } from 'node:crypto';
import { UsageError } from '../errors.js';
import { hybridEncrypt } from './hybrid.js';
import { encryptionLabel, type Scope } from './scope.js';

export interface RawSealOptions {
  publicKey: KeyObject;
  scope: Scope;
  namespace?: string;
  name?: string;
}

/** The base64 ciphertext of `value`, as `kubeseal --raw` prints it. */
export function sealRawValue(value: Buffer, options: RawSealOptions): string {
  const { scope, namespace, name } = options;
  if (scope !== 'cluster-wide' && (namespace === undefined || namespace === ''))
    throw new UsageError(
      `--raw with --scope ${scope} needs --namespace: the value is bound to it, and the controller opens it only in that namespace`,
    );
  if (scope === 'strict' && (name === undefined || name === ''))
    throw new UsageError(
      '--raw with --scope strict (the default) needs --name: the value is bound to the Secret name; or choose --scope namespace-wide or cluster-wide',
    );
  return hybridEncrypt(options.publicKey, value, encryptionLabel(namespace ?? '', name ?? '', scope));
}
