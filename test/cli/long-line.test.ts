import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealcheck, tempTree } from '../helpers/cli.js';

/** One line of 20 MB: base64 of random bytes, the shape that overflowed a regular expression's stack. */
const LINE = randomBytes(15 * 1024 * 1024).toString('base64');

describe('a 20 MB line in a scanned file', () => {
  it('is scanned to a verdict, in the working tree and staged, never an internal error', { timeout: 300_000 }, () => {
    const dir = tempTree({
      'big.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: big }\ndata:\n  password: ${LINE}\n`,
    });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    execFileSync('git', ['add', '-A'], { cwd: dir });
    const staged = sealcheck(['scan', '--staged', '--max-file-size', '64MB'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(staged.stderr).not.toContain('internal error');
    expect(staged.status).toBe(1);
    expect(staged.stdout).toContain('secret-data');

    // A token-shaped line as long (the JWT patterns), in the working tree only.
    writeFileSync(join(dir, 'token.yaml'), `token: eyJ${LINE.replace(/[+/=]/g, 'A')}\n`);
    const r = sealcheck(['scan', '.', '--max-file-size', '64MB', '--format', 'json'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(1);
    const found = (JSON.parse(r.stdout) as { findings: { ruleId: string; location: { path: string } }[] }).findings.map(
      (f) => `${f.location.path} ${f.ruleId}`,
    );
    expect(found).toContain('big.yaml secret-data');
    expect(r.stdout).not.toContain(LINE.slice(0, 64));
  });
});
