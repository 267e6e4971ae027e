import { readFileSync } from 'node:fs';
import type { Finding } from '../src/finding.js';
import { describeObject } from '../src/report/object-label.js';
import { mdFence } from '../src/report/markdown.js';

/**
 * The `allow:` entries a maintainer can add to .sealcheck.yaml on the base branch (the policy a pull
 * request is judged by) to accept these findings for good. A fingerprint hashes the value, and an
 * unsalted hash of a weak value can be confirmed offline: it is printed only where the audience is
 * the repository's own readers (a private repository); elsewhere the entry names the finding and
 * `sealcheck scan` prints the fingerprint locally.
 */
export function allowEntriesMarkdown(
  findings: readonly Finding[],
  opts: { reason: string; range: string; publishFingerprints: boolean },
): string[] {
  if (findings.length === 0) return [];
  const entries = ['allow:'];
  for (const f of findings) {
    const object = describeObject(f.object);
    const what = `${f.ruleId} in ${f.location.path}${object !== undefined ? ` (${object})` : ''}`;
    entries.push(
      `  - fingerprint: ${opts.publishFingerprints ? f.fingerprint : 'FINGERPRINT'}`,
      `    reason: ${JSON.stringify(`${what}: ${opts.reason}`)}`,
    );
  }
  const lines = [
    'To accept these findings for good, a maintainer adds to `.sealcheck.yaml` **on the base branch** (a pull request cannot allow its own findings):',
    '',
    mdFence(entries.join('\n'), 'yaml'),
    '',
  ];
  if (!opts.publishFingerprints)
    lines.push(
      `Fingerprints hash the value, so a public repository's job summary does not show them: \`sealcheck scan --diff ${opts.range}\` prints each finding's, locally.`,
      '',
    );
  return lines;
}

/** `repository.private` of the event payload: only ever used to print less. */
export function repositoryIsPrivate(env: NodeJS.ProcessEnv): boolean {
  const path = env.GITHUB_EVENT_PATH;
  if (path === undefined || path === '') return false;
  try {
    const event = JSON.parse(readFileSync(path, 'utf8')) as { repository?: { private?: unknown } };
    return event.repository?.private === true;
  } catch {
    return false;
  }
}
