import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root folder: the nearest folder above this module whose package.json
 * is sealcheck's. Found rather than assumed, so the same code works from src/ (tests), from the
 * compiled dist/ modules and from a single-file bundle, which sit at different depths.
 */
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'sealcheck')
      return dir;
    if (dirname(dir) === dir) throw new Error(`sealcheck: cannot find its own package.json above ${start}`);
  }
}

const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A file or folder shipped with the package (`rules/`, `schema/…`, `hooks/…`, `dist/rules.json`). */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
