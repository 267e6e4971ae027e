import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN, tempTree } from '../helpers/cli.js';

const LEAK = `apiVersion: v1
kind: Secret
metadata: { name: db, namespace: prod }
stringData:
  password: fake-output-test-password-1
`;

/** Runs the built CLI with stdout going to `/dev/full`, where every write fails with ENOSPC. */
function toFullDevice(args: string[], cwd: string): { status: number | null; stderr: string } {
  const full = openSync('/dev/full', 'w');
  onTestFinished(() => closeSync(full));
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    stdio: ['ignore', full, 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stderr: r.stderr };
}

/** Runs the built CLI piped into a reader that closes its end after the first byte (as `| head -c 1`). */
function toClosedPipe(args: string[], cwd: string): { status: number | null; stderr: string } {
  const script = `set -o pipefail; "${process.execPath}" "${BIN}" ${args.map((a) => `'${a}'`).join(' ')} | head -c 1 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2`;
  const r = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });
  return { status: Number(/status=(\d+)/.exec(r.stderr)?.[1]), stderr: r.stderr.replace(/status=\d+\n/, '') };
}

describe.skipIf(!existsSync('/dev/full'))('output that cannot be written', { timeout: 120_000 }, () => {
  it('a full device on stdout is exit 2 with one clear line, never a stack trace or a verdict', () => {
    const dir = tempTree({ 'secret.yaml': LEAK });
    for (const args of [
      ['scan', '.'],
      ['scan', '.', '--format', 'sarif'],
      ['rules', 'list'],
    ]) {
      const r = toFullDevice(args, dir);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(
        /^sealcheck: could not write the report: no space left on device \(ENOSPC\)\n$/,
      );
      expect(r.stderr).not.toContain(' at ');
      expect(r.stderr).not.toContain('fake-output-test-password-1');
    }
  });

  it('-o naming a full device is exit 2 and says which file', () => {
    const dir = tempTree({ 'secret.yaml': LEAK });
    const r = toFullDevice(['scan', '.', '-o', '/dev/full'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('sealcheck: could not write the report to /dev/full: no space left on device (ENOSPC)\n');
    const b = toFullDevice(['baseline', '.', '-o', '/dev/full'], dir);
    expect(b.status).toBe(2);
    expect(b.stderr).toBe('sealcheck: could not write the baseline to /dev/full: no space left on device (ENOSPC)\n');
  });

  it("a reader that closes the pipe early (| head) keeps the scan's own exit code, without a message", () => {
    // Enough findings that the report is larger than the pipe buffer (64 KiB), so a write really meets the closed pipe.
    const docs = Array.from({ length: 300 }, (_, i) =>
      LEAK.replace('name: db', `name: db-${i}`).replace('password-1', `password-${i}`),
    );
    const dir = tempTree({ 'many.yaml': docs.join('---\n') });
    const r = toClosedPipe(['scan', '.'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const clean = tempTree({ 'ok.yaml': 'a: 1\n' });
    expect(toClosedPipe(['rules', 'list'], clean).status).toBe(0);
  });
});

describe('the machine, not sealcheck, at fault', () => {
  it('a current folder deleted after cd is a user error (exit 2) that says what to do, not a crash report', () => {
    const dir = tempTree({});
    for (const args of [['scan'], ['scan', '--staged'], ['install']]) {
      const r = spawnSync(
        'bash',
        ['-c', `cd "${dir}" && rmdir "${dir}" && exec "${process.execPath}" "${BIN}" ${args.join(' ')}`],
        { encoding: 'utf8' },
      );
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(
        /^sealcheck: the current folder cannot be opened \(ENOENT\): it was deleted or its permissions changed; cd to an existing folder and run again\n$/,
      );
      mkdirSync(dir);
    }
  });
});
