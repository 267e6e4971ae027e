/** Marks a unit's `skipped` reason when git could not give its bytes; the rest is git's own words. */
export const UNREADABLE = 'unreadable: ';

/**
 * Blobs the sweep could not read. In a partial clone a blob left on the promisor remote is a
 * stated warning; anywhere else, and for a corrupt object in any clone, an error: the secrets in
 * those blobs are unknown, so the sweep must not read as complete.
 */
export function unreadableObjects(
  units: readonly { oid: string; result?: { skipped?: string } }[],
  promisors: readonly string[],
  note: (s: string) => void,
  allowMissing = false,
): string[] {
  const missing = new Set<string>();
  const broken = new Map<string, string>();
  for (const u of units) {
    const why = u.result?.skipped;
    if (why === 'missing') missing.add(u.oid);
    else if (why?.startsWith(UNREADABLE)) broken.set(u.oid, why.slice(UNREADABLE.length));
  }
  const list = (oids: Iterable<string>): string => {
    const all = [...oids].sort();
    return `${all.slice(0, 10).join(', ')}${all.length > 10 ? `, and ${all.length - 10} more` : ''}`;
  };
  const errors: string[] = [];
  if (missing.size > 0 && promisors.length > 0) {
    note(
      `warning: ${missing.size} blob${missing.size === 1 ? ' is' : 's are'} not in this partial clone (promisor remote ${promisors.join(', ')}) and ${missing.size === 1 ? 'was' : 'were'} not scanned: ${list(missing)}; sweep a full clone (without --filter) for a complete sweep`,
    );
  } else if (missing.size > 0 && allowMissing) {
    // The user said the store is known to be incomplete (a mirror without its large objects): the
    // report still names every blob it could not see, so nothing passes as checked.
    note(
      `warning: ${missing.size} blob${missing.size === 1 ? ' is' : 's are'} missing from the object store and ${missing.size === 1 ? 'was' : 'were'} not scanned (--allow-missing-objects): ${list(missing)}`,
    );
  } else if (missing.size > 0) {
    errors.push(
      `${missing.size} blob${missing.size === 1 ? '' : 's'} that commits name cannot be read from the repository (missing or corrupt; see git fsck) and ${missing.size === 1 ? 'was' : 'were'} not scanned: ${list(missing)}`,
    );
  }
  if (broken.size > 0) {
    const reasons = [...new Set(broken.values())].slice(0, 2).join('; ');
    errors.push(
      `${broken.size} blob${broken.size === 1 ? '' : 's'} could not be read (${reasons}; see git fsck) and ${broken.size === 1 ? 'was' : 'were'} not scanned: ${list(broken.keys())}`,
    );
  }
  return errors;
}
