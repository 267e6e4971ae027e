import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealcheck, tempTree } from '../helpers/cli.js';
import { commitAll, git, gitInit, gitIsolation } from '../helpers/git.js';

/** A blobless clone (`--filter=blob:none`, as CI often makes) whose promisor remote is then gone. */
function offlinePartialClone(): { clone: string; blob: string } {
  const dir = tempTree({
    'origin/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata: { k: v1 }\n',
  });
  const origin = join(dir, 'origin');
  gitInit(origin);
  git(origin, 'config', 'uploadpack.allowFilter', 'true');
  commitAll(origin, 'one');
  writeFileSync(join(origin, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata: { k: v2 }\n');
  commitAll(origin, 'two');
  git(dir, 'clone', '-q', '--filter=blob:none', '--no-checkout', `file://${origin}`, 'clone');
  const clone = join(dir, 'clone');
  const blob = git(clone, 'rev-parse', 'HEAD:a.yaml').trim();
  renameSync(origin, join(dir, 'origin-gone'));
  return { clone, blob };
}

describe('a partial clone whose promisor remote cannot be reached', () => {
  it('is a user error that says what to do, for --staged and --diff, never a clean result or an internal error', () => {
    const { clone, blob } = offlinePartialClone();
    git(clone, 'update-index', '--add', '--cacheinfo', `100644,${blob},b.yaml`);
    for (const args of [
      ['scan', '--staged'],
      ['scan', '--diff', 'HEAD~1..HEAD'],
    ]) {
      const r = sealcheck(args, { cwd: clone, env: gitIsolation() });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(
        /^sealcheck: cannot read the changes from git: this partial clone lacks blobs the change needs, and its promisor remote could not be reached \(fatal: [^\n]*\); reconnect to the remote or fetch the blobs \(git fetch\), then run again\n$/,
      );
      expect(r.stderr).not.toContain('internal error');
    }
  });
});
