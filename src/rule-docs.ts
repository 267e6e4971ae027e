import { readFileSync } from 'node:fs';
import { packagePath } from './paths.js';

/**
 * Where rule documentation links point: the repository sealcheck was installed from, never a
 * guessed one. In a GitHub Action step, the action's own repository and ref (GitHub sets
 * GITHUB_ACTION_REPOSITORY and GITHUB_ACTION_REF for `uses:` steps); otherwise the installed
 * package.json's `repository` (or a `homepage` on GitHub). When neither says where the sources
 * live, links fall back to the docs path inside the repository (`docs/rules.md#rule-id`), which
 * readers of a sealcheck checkout can open, and SARIF leaves its URI fields out.
 */

/** The rule docs path inside a sealcheck repository. */
export const LOCAL_RULE_DOCS = 'docs/rules.md';

interface PackageFields {
  repository?: unknown;
  homepage?: unknown;
}

/** The web address of the sources and the ref to link at, e.g. `https://github.com/o/r` and `v1`. */
export interface SourcePlace {
  url: string;
  ref: string;
  /** The package's folder in a repository holding several (package.json `repository.directory`). */
  directory?: string;
}

const OWNER_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * `https://github.com/owner/repo` from the forms npm accepts for a GitHub repository (`owner/repo`,
 * `github:owner/repo`, `git+https://github.com/owner/repo.git`, `git@github.com:owner/repo.git`,
 * `https://github.com/owner/repo#readme`); undefined for anything else, whose file layout we cannot know.
 */
export function githubRepositoryUrl(spec: string): string | undefined {
  const s = spec.trim();
  const short = s.startsWith('github:') ? s.slice(7) : s;
  if (OWNER_REPO.test(short)) return `https://github.com/${short.replace(/\.git$/, '')}`;
  const m =
    /^(?:git\+)?(?:https?|git|ssh):\/\/(?:git@)?github\.com\/([^/?#]+)\/([^/?#]+)/.exec(s) ??
    /^git@github\.com:([^/?#]+)\/([^/?#]+)/.exec(s);
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  const repo = m[2].replace(/\.git$/, '');
  return OWNER_REPO.test(`${m[1]}/${repo}`) ? `https://github.com/${m[1]}/${repo}` : undefined;
}

/** Where the running sealcheck came from, or undefined when nothing says so. */
export function sourcePlace(env: NodeJS.ProcessEnv, pkg: PackageFields): SourcePlace | undefined {
  const actionRepo = env.GITHUB_ACTION_REPOSITORY ?? '';
  if (OWNER_REPO.test(actionRepo)) {
    const server = /^https:\/\/[^\s/]+$/.test(env.GITHUB_SERVER_URL ?? '')
      ? (env.GITHUB_SERVER_URL as string)
      : 'https://github.com';
    const ref = env.GITHUB_ACTION_REF ?? '';
    return { url: `${server}/${actionRepo}`, ref: ref !== '' ? ref : 'HEAD' };
  }
  const repo = pkg.repository;
  const spec =
    typeof repo === 'string'
      ? repo
      : typeof repo === 'object' && repo !== null
        ? (repo as { url?: unknown }).url
        : undefined;
  const fromRepo = typeof spec === 'string' ? githubRepositoryUrl(spec) : undefined;
  const url = fromRepo ?? (typeof pkg.homepage === 'string' ? githubRepositoryUrl(pkg.homepage) : undefined);
  if (url === undefined) return undefined;
  const directory = typeof repo === 'object' && repo !== null ? (repo as { directory?: unknown }).directory : undefined;
  // HEAD is the default branch on GitHub: a link that exists whatever tags the project keeps.
  return {
    url,
    ref: 'HEAD',
    ...(typeof directory === 'string' && isPlainDirectory(directory) ? { directory } : {}),
  };
}

/** The base of rule links (`<base>#<rule-id>`): on the source repository when known, else the local docs path. */
export function ruleDocsBase(env: NodeJS.ProcessEnv, pkg: PackageFields): string {
  const place = sourcePlace(env, pkg);
  if (place === undefined) return LOCAL_RULE_DOCS;
  const dir = place.directory !== undefined ? `${place.directory}/` : '';
  return `${place.url}/blob/${place.ref}/${dir}${LOCAL_RULE_DOCS}`;
}

function installedPackage(): PackageFields {
  try {
    return JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as PackageFields;
  } catch {
    // The package root was found by its package.json; if it cannot be read now, links fall back.
    return {};
  }
}

/** Where this process's sealcheck came from: read once, at start. */
export const SOURCE_PLACE: SourcePlace | undefined = sourcePlace(process.env, installedPackage());
export const RULE_DOCS_BASE: string = ruleDocsBase(process.env, installedPackage());

/** `tools/sealcheck`: path segments of word characters, dots and dashes, none of them empty. */
function isPlainDirectory(d: string): boolean {
  return d.split('/').every((segment) => segment !== '' && !/[^\w.-]/.test(segment));
}
