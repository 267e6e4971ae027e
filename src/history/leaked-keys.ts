import type { KeyObject } from 'node:crypto';
import { preview, sha256 } from '../finding.js';
import { openIgnoringLabel } from '../seal/hybrid.js';
import type { SealedValue } from './blob-scan.js';

/** A sealing key in hand: found in history (its identity id) or given with `--sealing-key`. */
export interface LeakedKey {
  key: KeyObject;
  /** Identity id of the `sealing-key` finding that carried it; undefined for a key given on the command line. */
  identity: number | undefined;
}

/** A SealedSecret entry that a leaked key opens: identified by the plaintext's hash, never the plaintext. */
export interface OpenedValue {
  valueHash: string;
  preview: string;
  /** The key that opened it (the first in the list that does). */
  by: LeakedKey;
}

/**
 * Tries every key on a ciphertext, ignoring the label: a value renamed, moved or re-scoped since it
 * was sealed still opens (the controller would refuse it, an attacker would not). The plaintext is
 * hashed and dropped at once. Memoised by ciphertext: the same value is committed in many blobs.
 */
export class KeyTrial {
  private readonly memo = new Map<string, OpenedValue | null>();

  constructor(private readonly keys: readonly LeakedKey[]) {}

  get empty(): boolean {
    return this.keys.length === 0;
  }

  open(value: SealedValue): OpenedValue | undefined {
    const cached = this.memo.get(value.value);
    if (cached !== undefined) return cached ?? undefined;
    let found: OpenedValue | null = null;
    for (const k of this.keys) {
      const opened = openIgnoringLabel(k.key, value.value);
      if (!opened) continue;
      const text = opened.plaintext.toString('utf8');
      found = { valueHash: sha256(text), preview: preview(text), by: k };
      opened.plaintext.fill(0);
      break;
    }
    this.memo.set(value.value, found);
    return found ?? undefined;
  }
}
