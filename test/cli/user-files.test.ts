import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, sealcheck, tempTree } from '../helpers/cli.js';

// Every file a user names on the command line is read only when it is a regular file of a sane
// size: a FIFO would hang, /dev/zero would exhaust memory, a folder or a huge file is a mistake.
// Each is a clear error, exit 2, before anything is read.

const SECRET =
  'apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: shop }\nstringData: { password: fake-UserFile-Passw0rd-3Jq }\n';
const HANG = 60_000;

function tree(): string {
  const dir = tempTree({
    'db.yaml': SECRET,
    'sealed.yaml':
      'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: { name: db, namespace: shop }\nspec: { encryptedData: { a: AgA= } }\n',
  });
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  mkdirSync(join(dir, 'folder'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '365',
      '-subj',
      '/CN=files',
    ],
    { stdio: 'ignore' },
  );
  return dir;
}

/** Each command with `F` standing for the file under test. */
const COMMANDS: string[][] = [
  ['scan', 'db.yaml', '--baseline', 'F'],
  ['scan', 'db.yaml', '--config', 'F'],
  ['seal', 'db.yaml', '--cert', 'F'],
  ['seal', 'F', '--cert', 'cert.pem'],
  ['seal', 'db.yaml', '--cert', 'cert.pem', '--merge-into', 'F'],
  ['unseal', 'sealed.yaml', '--key', 'F'],
  ['unseal', 'F', '--key', 'key.pem'],
  ['sweep', '--repos', 'F'],
  ['sweep', '--sealing-key', 'F'],
  ['merge', 'F'],
];

describe('user-named files', () => {
  it('a FIFO, a character device or a folder is refused with exit 2, without hanging', () => {
    const dir = tree();
    for (const [file, why] of [
      ['fifo', /not a regular file \(device, socket or pipe\)/],
      ['/dev/zero', /not a regular file \(device, socket or pipe\)/],
      ['folder', /a folder, not a file/],
    ] as const) {
      for (const command of COMMANDS) {
        const args = command.map((a) => (a === 'F' ? file : a));
        const r = sealcheck(args, { cwd: dir, timeout: HANG });
        expect(r.status, args.join(' ')).toBe(2);
        expect(r.stderr, args.join(' ')).toMatch(why);
        expect(r.stderr, args.join(' ')).toContain(file);
        expect(r.stderr).not.toContain('internal error');
      }
    }
  }, 240_000);

  it('--state that is a FIFO is refused too', () => {
    const dir = tree();
    const repo = join(dir, 'repo');
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', [
      '-C',
      repo,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.com',
      '-c',
      'commit.gpgsign=false',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'one',
    ]);
    const r = sealcheck(['sweep', 'repo', '--state', 'fifo'], { cwd: dir, timeout: HANG });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/fifo: cannot read the state file: not a regular file/);
  });

  it('a configuration over 10 MiB and a baseline over 64 MiB are refused by their size, before reading', () => {
    const dir = tree();
    // Sparse files: their size is what counts, and the test stays cheap.
    writeFileSync(join(dir, 'big-config.yaml'), '');
    truncateSync(join(dir, 'big-config.yaml'), 37 * 1024 * 1024);
    writeFileSync(join(dir, 'big-baseline.json'), '');
    truncateSync(join(dir, 'big-baseline.json'), 114 * 1024 * 1024);
    const config = sealcheck(['scan', 'db.yaml', '--config', 'big-config.yaml'], { cwd: dir });
    expect(config.status).toBe(2);
    expect(config.stderr).toContain('big-config.yaml: the configuration file is larger than the 10 MiB limit');
    const baseline = sealcheck(['scan', 'db.yaml', '--baseline', 'big-baseline.json'], { cwd: dir });
    expect(baseline.status).toBe(2);
    expect(baseline.stderr).toContain('big-baseline.json: the baseline is larger than the 64 MiB limit');
    writeFileSync(join(dir, 'big-cert.pem'), readFileSync(join(dir, 'cert.pem')));
    truncateSync(join(dir, 'big-cert.pem'), 2 * 1024 * 1024);
    const cert = sealcheck(['seal', 'db.yaml', '--cert', 'big-cert.pem'], { cwd: dir });
    expect(cert.status).toBe(2);
    expect(cert.stderr).toContain('big-cert.pem: the certificate file is larger than the 1 MiB limit');
  });

  it('stdin that never ends (/dev/zero) is cut off at the input cap', () => {
    const dir = tree();
    const zero = openSync('/dev/zero', 'r');
    try {
      for (const args of [
        ['seal', '-', '--cert', 'cert.pem'],
        ['unseal', '-', '--key', 'key.pem'],
        ['scan', '-'],
      ]) {
        const r = spawnSync(process.execPath, [BIN, ...args], {
          cwd: dir,
          stdio: [zero, 'pipe', 'pipe'],
          encoding: 'utf8',
          timeout: HANG,
        });
        expect(r.status, args.join(' ')).toBe(2);
        expect(r.stderr).toContain('stdin: the input is larger than the 64 MiB limit');
      }
    } finally {
      closeSync(zero);
    }
  });

  it('a configuration whose aliases expand without end is a configuration error, not an internal one', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 10; i++)
      bomb += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(', ')}]\n`;
    const dir = tempTree({ 'db.yaml': SECRET, 'bomb.yaml': bomb });
    const r = sealcheck(['scan', 'db.yaml', '--config', 'bomb.yaml'], { cwd: dir, timeout: HANG });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bomb.yaml: aliases (*name) expand too far');
    expect(r.stderr).not.toContain('internal error');
  });

  it('a malformed certificate URL is a usage error, shown without its query', () => {
    const dir = tempTree({ 'db.yaml': SECRET });
    for (const url of ['http://[::1/cert.pem?private_token=FAKETOKEN99', 'https://exa mple.com/cert.pem#FAKETOKEN99']) {
      const r = sealcheck(['seal', 'db.yaml', '--cert', url], { cwd: dir });
      expect(r.status, url).toBe(2);
      expect(r.stderr, url).toMatch(/cannot use certificate URL .*: not a valid URL/);
      expect(r.stderr).not.toContain('FAKETOKEN99');
      expect(r.stderr).not.toContain('internal error');
    }
  });
});
