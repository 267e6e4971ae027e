/**
 * The comment `sealcheck fix` puts above each document it seals. Sealing protects what is
 * committed from now on, not a value that was already in plaintext, so the reminder stays in the
 * file, and scans report it (rule `rotation-pending`) until someone rotates the values and deletes it.
 */
const ROTATION_MARKER = '# sealcheck:rotate';

export function rotationMarker(when: Date): string {
  return `${ROTATION_MARKER} sealed from a plaintext Secret on ${when.toISOString().slice(0, 10)}: rotate these values if the plaintext was ever committed, then delete this line`;
}
