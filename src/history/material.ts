import { posix } from 'node:path';
import type { MaterialRef } from '../detectors/detector.js';
import { scanMaterial } from '../engine.js';
import type { BlobReader } from '../git/blob-reader.js';
import type { Ruleset } from '../ruleset/load.js';
import { decodeText } from '../scan.js';
import { secretHits, type MaterialLink, type SecretHit } from './blob-scan.js';
import type { HistoryIndex } from './history-index.js';

/**
 * Kustomize `secretGenerator` `files:`/`envs:`: the named file's content becomes a Secret, so a
 * committed one is a leak. A kustomization names it relative to its own folder: for every path a
 * kustomization blob had in history, the named path is resolved, and every blob ever committed at
 * that path is scanned as material of that generator. Its findings join the blob's own, so they
 * are attributed wherever the blob is (the same bytes elsewhere are the same secret). Each
 * (blob, reference) pair is scanned once, and remembered in the state.
 */
export async function scanGeneratorMaterial(
  index: HistoryIndex,
  reader: BlobReader,
  ruleset: Ruleset,
  maxFileSize: number,
): Promise<void> {
  const linking = new Set<number>();
  index.units.forEach((u, id) => {
    if (u.result?.links) linking.add(id);
  });
  if (linking.size === 0) return;

  // Where each kustomization blob sat, then the paths its references resolve to there.
  const targets = new Map<string, Map<string, MaterialRef>>();
  const seenPlace = new Set<string>();
  for (const { path: at, unit } of placesOf(index)) {
    const links = linking.has(unit) ? index.unit(unit).result?.links : undefined;
    if (links === undefined) continue;
    const place = `${unit}:${at}`;
    if (seenPlace.has(place)) continue;
    seenPlace.add(place);
    const from = index.path(at);
    for (const l of links) {
      const ref = refOf(from, l);
      const byKey = targets.get(ref.path) ?? new Map<string, MaterialRef>();
      byKey.set(`${ref.path}\u0000${l.format}\u0000${l.key ?? ''}\u0000${l.name ?? ''}`, ref);
      targets.set(ref.path, byKey);
    }
  }

  // Every blob ever at a target path.
  const work = new Map<number, { key: string; ref: MaterialRef }[]>();
  const seenAt = new Set<string>();
  for (const { path, unit } of placesOf(index)) {
    if (unit < 0) continue;
    const byKey = targets.get(index.path(path));
    if (!byKey) continue;
    const done = new Set(index.unit(unit).result?.material ?? []);
    for (const [key, ref] of byKey) {
      if (done.has(key) || seenAt.has(`${unit}\u0000${key}`)) continue;
      seenAt.add(`${unit}\u0000${key}`);
      work.set(unit, [...(work.get(unit) ?? []), { key, ref }]);
    }
  }

  for (const [unit, refs] of work) {
    const u = index.unit(unit);
    const answer = await reader.request(u.oid, maxFileSize);
    const hits: SecretHit[] = [];
    if (answer.kind === 'blob') {
      const decoded = decodeText(answer.bytes);
      // A binary keystore is still material: judged as its base64 text, as `scan` does.
      const text = 'skip' in decoded ? answer.bytes.toString('base64') : decoded.text;
      // An allow comment in the file covers the value under it, as in `scan`: the hit carries its reason.
      for (const { ref } of refs) for (const hit of secretHits(scanMaterial(ref, text, ruleset), text)) hits.push(hit);
    }
    const r = u.result ?? { hits: [], sealed: [], hasKeys: false };
    index.setResult(unit, {
      ...r,
      hits: [...r.hits, ...hits],
      material: [...(r.material ?? []), ...refs.map((x) => x.key)],
    });
  }
}

/** Every (path, unit) pair of every commit's changes (unit -1: the path was deleted). */
function* placesOf(index: HistoryIndex): Generator<{ path: number; unit: number }> {
  for (const c of index.commits) {
    const ch = c.changes;
    for (let k = 0; k + 1 < ch.length; k += 2) {
      const path = ch[k];
      const unit = ch[k + 1];
      if (path === undefined || unit === undefined) break;
      yield { path, unit };
    }
  }
}

/** The generator reference a link of a kustomization at `from` stands for, as a scan would read it. */
function refOf(from: string, l: MaterialLink): MaterialRef {
  const identity = {
    ...(l.kind !== undefined ? { kind: l.kind } : {}),
    ...(l.namespace !== undefined ? { namespace: l.namespace } : {}),
    ...(l.name !== undefined ? { name: l.name } : {}),
  };
  const ref: MaterialRef = {
    path: posix.normalize(posix.join(posix.dirname(from), l.rel)),
    format: l.format,
    identity,
    from: {
      path: from,
      span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
    } as MaterialRef['from'],
  };
  if (l.key !== undefined) ref.key = l.key;
  return ref;
}
