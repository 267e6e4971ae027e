import { posix } from 'node:path';

/**
 * Helm chart folders, known from the tree a source lists rather than from file names: every YAML
 * file of a chart (a folder holding `Chart.yaml`, and its subfolders) outside `templates/` is Helm
 * values (`ci/test-values.yaml`, `values-production.yaml`, `examples/ha.yaml`), and a committed value
 * there is in every release rendered from it. The chart's own metadata is not.
 */

export const CHART_FILE = 'Chart.yaml';

/** Chart metadata and lock files: YAML, but never values. */
const NOT_VALUES = new Set([CHART_FILE, 'Chart.lock', 'requirements.yaml', 'requirements.lock']);

const YAML = /\.ya?ml$/i;

export type FileRole = 'helm-values';

/**
 * The role of the file at `rel`, a path relative to the root of the chart nearest above it
 * (posix separators): `helm-values` for a YAML file outside the chart's `templates/`, other than the
 * chart's metadata and lock files. A subchart in `charts/<name>/` has its own Chart.yaml and so is
 * its own nearest root, with its own `templates/`.
 */
export function roleInChart(rel: string): FileRole | undefined {
  if (!YAML.test(rel) || rel.startsWith('../')) return undefined;
  if (rel.split('/', 1)[0] === 'templates' && rel.includes('/')) return undefined;
  if (!rel.includes('/') && NOT_VALUES.has(rel)) return undefined;
  return 'helm-values';
}

/** Folders (posix, '' for the top) that hold a Chart.yaml, among the listed file paths. */
export function chartRootsOf(paths: Iterable<string>): Set<string> {
  const roots = new Set<string>();
  for (const p of paths) {
    const name = posix.basename(p);
    if (name === CHART_FILE) roots.add(dirOf(p));
  }
  return roots;
}

/**
 * The role of `path` (posix, relative to the top of the listing) given which folders hold a
 * Chart.yaml (`isRoot`, asked nearest first and only for YAML files).
 */
export async function roleByRoots(
  path: string,
  isRoot: (dir: string) => boolean | Promise<boolean>,
): Promise<FileRole | undefined> {
  if (!YAML.test(path)) return undefined;
  for (let dir = dirOf(path); ; dir = dirOf(dir)) {
    if (await isRoot(dir)) return roleInChart(dir === '' ? path : path.slice(dir.length + 1));
    if (dir === '') return undefined;
  }
}

/** The folder of a posix path: '' for a top-level name. */
function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}
