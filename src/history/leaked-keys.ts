import type { KeyObject } from 'node:crypto';
import { preview, sha256 } from '../finding.js';
import { modulusBytes, openIgnoringLabel } from '../seal/hybrid.js';
import { publicKeyId, type FoundKey } from '../seal/private-keys-in-text.js';
import type { SealedValue } from './blob-scan.js';

/** A sealing key in hand: found in history (`found`, its public-key id) or given with `--sealing-key`. */
export interface LeakedKey {
  key: KeyObject;
  /** Public-key id of a key some blob of history holds; undefined for a key given on the command line only. */
  found: string | undefined;
}

/** A SealedSecret entry that a leaked key opens: identified by the plaintext's hash, never the plaintext. */
export interface OpenedValue {
  valueHash: string;
  preview: string;
  /** The key that opened it. */
  by: LeakedKey;
}

/** A private key found in history: the blobs (units) that hold it, and whether one is a controller key Secret. */
interface RingEntry {
  key: KeyObject;
  units: number[];
  controller: boolean;
}

/**
 * Every private key met in history, once per public key: the same key in a hundred blobs (each
 * commit's copy, base64 and PEM forms) is one entry and one trial per ciphertext. Held in memory
 * only: the state file and the reports never see a key.
 */
export class KeyRing {
  private readonly entries = new Map<string, RingEntry>();

  get size(): number {
    return this.entries.size;
  }

  add(unit: number, keys: readonly FoundKey[], controller: boolean): void {
    for (const { id, key } of keys) {
      const e = this.entries.get(id);
      if (e === undefined) this.entries.set(id, { key, units: [unit], controller });
      else {
        if (!e.units.includes(unit)) e.units.push(unit);
        e.controller ||= controller;
      }
    }
  }

  unitsOf(id: string): readonly number[] {
    return this.entries.get(id)?.units ?? [];
  }

  /**
   * The keys to try, most likely controller keys first: those given on the command line, then
   * those found in a controller key Secret, then 4096-bit keys (the controller's default size),
   * then by where they were first seen. Deterministic, so a budget cuts the same keys every run.
   */
  candidates(given: readonly KeyObject[]): LeakedKey[] {
    const found = [...this.entries].map(([id, e]) => ({
      id,
      e,
      bits: e.key.asymmetricKeyDetails?.modulusLength ?? 0,
      first: e.units.reduce((a, b) => Math.min(a, b)),
    }));
    found.sort(
      (a, b) =>
        Number(b.e.controller) - Number(a.e.controller) ||
        Number(b.bits === 4096) - Number(a.bits === 4096) ||
        a.first - b.first ||
        (a.id < b.id ? -1 : 1),
    );
    const out: LeakedKey[] = found.map(({ id, e }) => ({ key: e.key, found: id }));
    // A key given on the command line that history also holds is the history's: its rows say where it leaked.
    const held = new Set(found.map((f) => f.id));
    const fresh = given.filter((k) => !held.has(publicKeyId(k)));
    return [...fresh.map((key) => ({ key, found: undefined })), ...out];
  }
}

/**
 * Trials (one RSA private-key operation each, about 4 ms for a 4096-bit key) a sweep may spend on
 * SealedSecret values. Bounds the time a repository full of test keys can cost; keys past it are
 * left untried and the report says so.
 */
export const MAX_KEY_TRIALS = 20_000;

/**
 * The candidates that fit the budget, given the RSA block length of each distinct ciphertext
 * (undefined: malformed). A key costs one trial per value whose block fits its modulus: a value
 * sealed to a larger key is passed over without an RSA operation, so the 2048-bit TLS keys of a
 * repository sealed with 4096-bit controller keys cost nothing. Keys given on the command line
 * first, then found keys in the candidates' order, each taken while the budget allows.
 */
export function withinBudget(
  candidates: readonly LeakedKey[],
  blocks: readonly (number | undefined)[],
  budget = MAX_KEY_TRIALS,
): { tried: LeakedKey[]; untried: number } {
  const ordered = [
    ...candidates.filter((k) => k.found === undefined),
    ...candidates.filter((k) => k.found !== undefined),
  ];
  const tried: LeakedKey[] = [];
  let spent = 0;
  let untried = 0;
  for (const k of ordered) {
    const size = modulusBytes(k.key) ?? 0;
    let cost = 0;
    for (const b of blocks) if (b !== undefined && b <= size) cost += 1;
    if (k.found !== undefined && spent + cost > budget) {
      untried += 1;
      continue;
    }
    spent += cost;
    tried.push(k);
  }
  return { tried, untried };
}

/**
 * Tries every key on a ciphertext, ignoring the label: a value renamed, moved or re-scoped since it
 * was sealed still opens (the controller would refuse it, an attacker would not). The plaintext is
 * hashed and dropped at once. Memoised by ciphertext: the same value is committed in many blobs.
 * A key that opened a value is tried first on the next: a repository's SealedSecrets are mostly
 * sealed to one or two controller keys.
 */
export class KeyTrial {
  private readonly memo = new Map<string, OpenedValue | null>();
  private readonly keys: LeakedKey[];

  constructor(keys: readonly LeakedKey[]) {
    this.keys = [...keys];
  }

  get empty(): boolean {
    return this.keys.length === 0;
  }

  open(value: SealedValue): OpenedValue | undefined {
    const cached = this.memo.get(value.value);
    if (cached !== undefined) return cached ?? undefined;
    let found: OpenedValue | null = null;
    // The loop ends as soon as the list is reordered, so iterating it while moving a key is safe.
    for (const [i, k] of this.keys.entries()) {
      const opened = openIgnoringLabel(k.key, value.value);
      if (!opened) continue;
      const text = opened.plaintext.toString('utf8');
      found = { valueHash: sha256(text), preview: preview(text), by: k };
      opened.plaintext.fill(0);
      const [moved] = i > 0 ? this.keys.splice(i, 1) : [];
      if (moved !== undefined) this.keys.unshift(moved);
      break;
    }
    this.memo.set(value.value, found);
    return found ?? undefined;
  }
}
