import type { KeyObject } from 'node:crypto';
import { rsaBlockLength } from '../seal/hybrid.js';
import { holdsControllerKey } from './blob-scan.js';
import type { HistoryIndex, StoredCommit } from './history-index.js';
import { IdentityTable, successionOf, type Identity } from './identities.js';
import { attribute, type Ledger } from './ledger.js';
import { KeyTrial, MAX_KEY_TRIALS, withinBudget, type KeyRing } from './leaked-keys.js';
import type { SweepNotes } from './sweep-notes.js';
import { buildRows, type BuiltRow } from './verdict.js';
import type { HeadState, RefTip } from './walk.js';

/** What the judging step needs: the filled index, the commits to judge, and the keys met. */
export interface JudgeInput {
  index: HistoryIndex;
  commits: readonly StoredCommit[];
  refs: readonly RefTip[];
  head: HeadState;
  ring: KeyRing;
  sealingKeys: readonly KeyObject[];
  repo: string | undefined;
}

export interface Judgement {
  /** One row per secret, before suppression. */
  built: BuiltRow[];
  ledger: Ledger;
  /** Leaked keys that open SealedSecrets and no labelled key Secret holds: counted as leaked sealing keys of their own. */
  unlabelledKeys: number;
}

/**
 * From scanned blobs to verdicts: each blob's secrets become identities, leaked keys are tried on
 * the SealedSecret values (each value one opens is a secret too), the ledger attributes every
 * identity to the commits that hold it, and the rows say what to do.
 */
export function judge(input: JudgeInput, notes: SweepNotes): Judgement {
  const { index, commits, refs, head } = input;
  const table = new IdentityTable();
  const unitIdentities = identitiesOfUnits(index, table);
  const markers = openSealedValues(input, table, unitIdentities, notes);
  const ledger = attribute({
    commits,
    unitIdentities,
    identityCount: table.list.length,
    refs,
    head: head.commit,
    succession: successionOf(table.list, index.paths),
  });
  const built = buildRows({
    identities: table.list,
    ledger,
    commits,
    paths: index.paths,
    refs,
    defaultBranch: head.branch,
    lineOf: (unit, identity) => lineIn(index, unit, identity),
    ...(input.repo !== undefined ? { repo: input.repo } : {}),
  });
  // A key that opens SealedSecrets is a controller's key however it was committed: counted once,
  // by its sealing-key row when a labelled key Secret holds it, else by the key itself.
  const unlabelledKeys = [...markers.keys()].filter(
    (id) => !input.ring.unitsOf(id).some((u) => holdsControllerKey(index.unit(u).result?.hits ?? [])),
  ).length;
  return { built, ledger, unlabelledKeys };
}

/** The first line of a unit (scanned blob) holding the identity's secret: where a reader looks for it in that commit. */
function lineIn(index: HistoryIndex, unit: number, i: Identity): number | undefined {
  let best: number | undefined;
  for (const h of index.unit(unit).result?.hits ?? [])
    if (
      h.valueHash === i.valueHash &&
      h.rule === i.rule &&
      h.key === i.key &&
      h.name === i.name &&
      h.namespace === i.namespace &&
      h.kind === i.kind &&
      (best === undefined || h.line < best)
    )
      best = h.line;
  return best;
}

/** The identity ids of each unit's secrets and SealedSecret slots (empty for a blob without either). */
function identitiesOfUnits(index: HistoryIndex, table: IdentityTable): number[][] {
  return index.units.map((u) => {
    const r = u.result;
    if (!r || (r.hits.length === 0 && r.sealed.length === 0)) return [];
    const ids = new Set<number>();
    for (const h of r.hits) ids.add(table.hit(h));
    for (const s of r.sealed) ids.add(table.sealedSlot(s.namespace, s.name, s.key));
    return [...ids];
  });
}

/**
 * Tries the leaked (and given) keys on every distinct SealedSecret value, within the trial budget,
 * and adds an identity to each unit for every value opened. A key that opens something is
 * attributed like a secret: a marker identity in every blob that holds it, so the ledger names the
 * commit (and path) where it first reached history. Returns the markers by the key's id.
 */
function openSealedValues(
  input: JudgeInput,
  table: IdentityTable,
  unitIdentities: number[][],
  notes: SweepNotes,
): Map<string, number> {
  const { index, ring } = input;
  const ciphertexts = new Set<string>();
  for (const u of index.units) for (const s of u.result?.sealed ?? []) ciphertexts.add(s.value);
  const { tried, untried } = withinBudget(ring.candidates(input.sealingKeys), [...ciphertexts].map(rsaBlockLength));
  if (untried > 0)
    notes.add(
      `${untried} of the ${ring.size} RSA private keys found in history were not tried on the ${ciphertexts.size} SealedSecret values (at most ${MAX_KEY_TRIALS} trials, one per key and value; controller key Secrets and 4096-bit keys were tried first): give the controller's key with --sealing-key to be sure`,
    );
  const markers = new Map<string, number>();
  const trial = new KeyTrial(tried);
  if (trial.empty) return markers;
  const identitiesOf = (u: number): number[] => {
    const ids = unitIdentities[u];
    if (ids === undefined) throw new Error(`internal error: no identity list for unit ${u}`);
    return ids;
  };
  const markerOf = (found: string): number => {
    const known = markers.get(found);
    if (known !== undefined) return known;
    const id = table.leakedKey(found);
    markers.set(found, id);
    for (const u of ring.unitsOf(found)) identitiesOf(u).push(id);
    return id;
  };
  index.units.forEach((u, id) => {
    for (const s of u.result?.sealed ?? []) {
      const opened = trial.open(s);
      if (!opened) continue;
      const by = opened.by.found !== undefined ? markerOf(opened.by.found) : undefined;
      identitiesOf(id).push(table.opened(s.namespace, s.name, s.key, opened.valueHash, opened.preview, by));
    }
  });
  return markers;
}
