import { posix } from 'node:path';
import type { MaterialRef } from '../detectors/detector.js';
import { scanMaterial } from '../engine.js';
import type { BlobReader } from '../git/blob-reader.js';
import type { Ruleset } from '../ruleset/load.js';
import { decodeText } from '../scan.js';
import { keptHits, type SecretHit } from './blob-scan.js';
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
  for (const c of index.commits) {
    for (let k = 0; k + 1 < c.changes.length; k += 2) {
      const unit = c.changes[k + 1]!;
      if (!linking.has(unit)) continue;
      const place = `${unit}:${c.changes[k]}`;
      if (seenPlace.has(place)) continue;
      seenPlace.add(place);
      const from = index.paths[c.changes[k]!]!;
      for (const l of index.units[unit]!.result!.links!) {
        const path = posix.normalize(posix.join(posix.dirname(from), l.rel));
        const identity = {
          ...(l.kind !== undefined ? { kind: l.kind } : {}),
          ...(l.namespace !== undefined ? { namespace: l.namespace } : {}),
          ...(l.name !== undefined ? { name: l.name } : {}),
        };
        const ref: MaterialRef = {
          path,
          format: l.format,
          identity,
          from: {
            path: from,
            span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
          } as MaterialRef['from'],
        };
        if (l.key !== undefined) ref.key = l.key;
        const byKey = targets.get(path) ?? new Map<string, MaterialRef>();
        byKey.set(`${path}\u0000${l.format}\u0000${l.key ?? ''}\u0000${l.name ?? ''}`, ref);
        targets.set(path, byKey);
      }
    }
  }

  // Every blob ever at a target path.
  const work = new Map<number, { key: string; ref: MaterialRef }[]>();
  const seenAt = new Set<string>();
  for (const c of index.commits) {
    for (let k = 0; k + 1 < c.changes.length; k += 2) {
      const unit = c.changes[k + 1]!;
      if (unit < 0) continue;
      const byKey = targets.get(index.paths[c.changes[k]!]!);
      if (!byKey) continue;
      const done = new Set(index.units[unit]!.result?.material ?? []);
      for (const [key, ref] of byKey) {
        if (done.has(key) || seenAt.has(`${unit}\u0000${key}`)) continue;
        seenAt.add(`${unit}\u0000${key}`);
        work.set(unit, [...(work.get(unit) ?? []), { key, ref }]);
      }
    }
  }

  for (const [unit, refs] of work) {
    const u = index.units[unit]!;
    const answer = await reader.request(u.oid, maxFileSize);
    const hits: SecretHit[] = [];
    if (answer.kind === 'blob') {
      const decoded = decodeText(answer.bytes);
      // A binary keystore is still material: judged as its base64 text, as `scan` does.
      const text = 'skip' in decoded ? answer.bytes.toString('base64') : decoded.text;
      // Suppressed as `scan` suppresses material: an allow comment in the file silences the value under it.
      for (const { ref } of refs) for (const hit of keptHits(scanMaterial(ref, text, ruleset), text)) hits.push(hit);
    }
    const r = u.result ?? { hits: [], sealed: [], hasKeys: false };
    index.setResult(unit, {
      ...r,
      hits: [...r.hits, ...hits],
      material: [...(r.material ?? []), ...refs.map((x) => x.key)],
    });
  }
}
