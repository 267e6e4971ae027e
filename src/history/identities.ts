import type { Severity } from '../severity.js';
import type { SecretHit } from './blob-scan.js';
import type { SuccessionInput } from './succession.js';

/**
 * A secret's identity across history: rule, kind, namespace, name, key and the SHA-256 of the
 * value. The path is not part of it, so a renamed or copied file, or the same value in a
 * last-applied annotation, is the same secret; a changed value is a new one.
 */
/** A hit's identity fields, gathered over every blob that holds it. */
export interface Identity extends Omit<SecretHit, 'via' | 'line' | 'allow'> {
  /** The annotations (last-applied and the like) it was also found in. */
  via: Set<string>;
  /** Also found outside any annotation (in the object itself, or a file). */
  direct?: true;
  /** A pseudo-identity: "a SealedSecret holds this namespace/name/key", to tell "sealed later". */
  sealedSlot?: true;
  /** A pseudo-identity: "this private key is in the blob", to say where a key that opens SealedSecrets leaked. */
  leakedKey?: true;
  /**
   * Found under a `# sealcheck:allow` comment: the comment's reason. An allowed copy is an identity
   * apart from the same value elsewhere, so the comment silences only the blobs it is in.
   */
  allow?: string;
  /** For an entry a leaked key opens: the key's `leakedKey` identity id, or null when the key came from `--sealing-key` only. */
  openedBy?: number | null;
}

const SEALED_SLOT_RULE = '#sealed';
export const LEAKED_KEY_ENTRY_RULE = 'sealed-secret-leaked-key';
const LEAKED_KEY_RULE = '#leaked-key';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** The object a secret belongs to, without the value: what "the same identity with another value" compares. */
function slotOf(i: Pick<Identity, 'rule' | 'kind' | 'namespace' | 'name' | 'key'>): string {
  return [i.rule, i.kind ?? '', i.namespace ?? '', i.name ?? '', i.key ?? ''].join('\u0000');
}

/** namespace/name/key, as a SealedSecret and the Secret it replaces share it. */
export function objectKeyOf(i: Pick<Identity, 'namespace' | 'name' | 'key'>): string {
  return [i.namespace ?? '', i.name ?? '', i.key ?? ''].join('\u0000');
}

/**
 * The succession input of a table: one number per object slot (sealed-slot markers get none), and
 * whether the object is named, so that a value is replaced only by a value of the same object.
 */
export function successionOf(list: readonly Identity[], paths: readonly string[]): SuccessionInput {
  const ids = new Map<string, number>();
  const slots = new Int32Array(list.length).fill(-1);
  const named: boolean[] = [];
  list.forEach((i, id) => {
    named.push(i.name !== undefined);
    // An allowed copy takes no part: a comment added above a value is not another value of its object.
    if (i.sealedSlot || i.leakedKey || i.allow !== undefined) return;
    const key = slotOf(i);
    let s = ids.get(key);
    if (s === undefined) ids.set(key, (s = ids.size));
    slots[id] = s;
  });
  return { slots, named, paths };
}

export class IdentityTable {
  readonly list: Identity[] = [];
  private readonly ids = new Map<string, number>();

  /** The identity with this id; an unknown id is a bug in the caller. */
  identity(id: number): Identity {
    const i = this.list[id];
    if (i === undefined) throw new Error(`internal error: no identity ${id}`);
    return i;
  }

  private put(key: string, make: () => Identity): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(make());
      this.ids.set(key, id);
    }
    return id;
  }

  hit(h: SecretHit): number {
    const allowed = h.allow !== undefined ? '\u0000allowed' : '';
    const id = this.put(`${slotOf(h)}\u0000${h.valueHash}${allowed}`, () => {
      const i: Identity = {
        rule: h.rule,
        severity: h.severity,
        valueHash: h.valueHash,
        preview: h.preview,
        via: new Set(),
      };
      for (const k of ['kind', 'namespace', 'name', 'key'] as const) if (h[k] !== undefined) i[k] = h[k];
      if (h.allow !== undefined) i.allow = h.allow;
      return i;
    });
    const i = this.identity(id);
    if (SEVERITY_RANK[h.severity] < SEVERITY_RANK[i.severity]) i.severity = h.severity;
    if (h.via !== undefined) i.via.add(h.via);
    else i.direct = true;
    return id;
  }

  sealedSlot(namespace: string | undefined, name: string | undefined, key: string): number {
    const k = { namespace, name, key };
    return this.put(`${SEALED_SLOT_RULE}\u0000${objectKeyOf(k)}`, () => {
      const i: Identity = {
        rule: SEALED_SLOT_RULE,
        severity: 'note',
        kind: 'SealedSecret',
        key,
        valueHash: '',
        preview: '',
        via: new Set(),
        sealedSlot: true,
      };
      if (namespace !== undefined) i.namespace = namespace;
      if (name !== undefined) i.name = name;
      return i;
    });
  }

  /** A private key found in history, by its public-key id (never the key). */
  leakedKey(publicKeyId: string): number {
    return this.put(`${LEAKED_KEY_RULE}\u0000${publicKeyId}`, () => ({
      rule: LEAKED_KEY_RULE,
      severity: 'note',
      valueHash: '',
      preview: '',
      via: new Set(),
      leakedKey: true,
    }));
  }

  opened(
    namespace: string | undefined,
    name: string | undefined,
    key: string,
    valueHash: string,
    preview: string,
    by: number | undefined,
  ): number {
    const base = { rule: LEAKED_KEY_ENTRY_RULE, kind: 'SealedSecret', namespace, name, key };
    return this.put(`${slotOf(base)}\u0000${valueHash}`, () => {
      const i: Identity = {
        rule: LEAKED_KEY_ENTRY_RULE,
        severity: 'error',
        kind: 'SealedSecret',
        key,
        valueHash,
        preview,
        via: new Set(),
        openedBy: by ?? null,
      };
      if (namespace !== undefined) i.namespace = namespace;
      if (name !== undefined) i.name = name;
      return i;
    });
  }
}
