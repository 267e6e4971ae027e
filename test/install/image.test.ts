import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { commitAll } from '../helpers/git.js';
import { gitInit, RAW_SECRET, run, write } from '../hooks/repo.js';
import { cloneProject, folder, scratchDir, VERSION } from './project.js';

/*
 * No container engine runs here, so the image's install is checked outside Docker: the files the
 * build context lets through (.dockerignore) are copied from a clone into a temporary folder, the
 * Dockerfile's own RUN line installs them (scripts/install-image.sh, the one install step), and the
 * installed CLI sweeps a real repository. The Dockerfile is read, not restated, so they cannot drift.
 */

const DOCKERFILE = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const DOCKERIGNORE = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8');

/** The paths .dockerignore lets through: it must be "ignore everything" followed by `!path` exceptions. */
function contextPaths(): string[] {
  const lines = DOCKERIGNORE.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  expect(lines[0], '.dockerignore starts by ignoring everything').toBe('*');
  const rest = lines.slice(1);
  expect(
    rest.every((l) => l.startsWith('!') && !/[*?[]/.test(l)),
    'then lists exact paths',
  ).toBe(true);
  return rest.map((l) => l.slice(1).replace(/\/$/, ''));
}

/** The instructions of the Dockerfile, continuation lines joined. */
function instructions(): { op: string; args: string }[] {
  return DOCKERFILE.replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...args] = l.trim().split(/\s+/);
      return { op, args: args.join(' ') };
    });
}

describe('the Docker image', () => {
  it('copies what package.json ships, plus package.json and the install step', () => {
    const files = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
    expect(contextPaths().sort()).toEqual(
      [...files.map((f) => f.replace(/\/$/, '')), 'package.json', 'scripts/install-image.sh'].sort(),
    );
  });

  it('has a non-root user, git, no build tools, and sealcheck as its entry point', () => {
    const ops = instructions();
    expect(ops[0]?.op).toBe('FROM');
    expect(ops[0]?.args).toMatch(/^node:\d+-(?:alpine|.*slim)$/);
    expect(ops.filter((o) => o.op === 'USER').at(-1)?.args).toBe('10001');
    const runs = ops.filter((o) => o.op === 'RUN').map((o) => o.args);
    expect(runs.join('\n')).toMatch(/apk add --no-cache git/);
    expect(runs.join('\n')).not.toMatch(/npm (?:ci|install|run)|tsc|esbuild|build-base|python3|make\b/);
    expect(ops.find((o) => o.op === 'ENTRYPOINT')?.args).toBe('["sealcheck"]');
    // The Kubernetes Jobs run as that user and call sealcheck from PATH.
    for (const t of ['k8s-sweep-job.yaml', 'k8s-sweep-merge-job.yaml']) {
      const job = readFileSync(path.join(ROOT, 'templates', t), 'utf8');
      expect(job).toContain(`image: ghcr.io/sealcheck/sealcheck:${VERSION}`);
      expect(job).toContain('runAsUser: 10001');
    }
  });

  it("installs with the Dockerfile's own step into a folder, and the installed CLI sweeps a repository", () => {
    const ops = instructions();
    const copy = ops.filter((o) => o.op === 'COPY');
    expect(copy.map((o) => o.args)).toEqual(['. /opt/sealcheck/']);
    const install = ops.filter((o) => o.op === 'RUN' && o.args.includes('install-image.sh'));
    expect(install).toHaveLength(1);
    const step = install[0]!.args;
    expect(step).toBe('sh /opt/sealcheck/scripts/install-image.sh /opt/sealcheck /usr/local/bin');

    const dir = scratchDir();
    const { clone } = cloneProject(dir);
    const pkg = folder(dir, 'opt', 'sealcheck');
    const bin = path.join(dir, 'usr-local-bin');
    for (const p of contextPaths()) cpSync(path.join(clone, p), path.join(pkg, p), { recursive: true });
    const installed = run(dir, 'sh', ['-c', step.replaceAll('/opt/sealcheck', pkg).replace('/usr/local/bin', bin)]);
    expect(installed.status, installed.out).toBe(0);
    expect(existsSync(path.join(pkg, 'node_modules'))).toBe(false);
    expect(existsSync(path.join(pkg, 'scripts')), 'the install step does not stay in the image').toBe(false);

    // PATH as in the image: the linked launcher, node and git, nothing of this checkout.
    const PATH = [bin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
    const version = run(dir, 'sealcheck', ['--version'], { path: PATH });
    expect(version.stdout.trim()).toBe(VERSION);

    const repo = gitInit(path.join(dir, 'repo'));
    write(repo, { 'db-secret.yaml': RAW_SECRET, 'app.yaml': 'kind: ConfigMap\n' });
    commitAll(repo, 'leak');
    // Worker threads on: the sweep's worker is its own bundle, which must run from the install too.
    const sweep = run(repo, 'sealcheck', ['sweep', '--workers', '2', '--format', 'json', '.'], { path: PATH });
    expect(sweep.status, sweep.out).toBe(1);
    const report = JSON.parse(sweep.stdout) as { secrets?: unknown[] };
    expect(JSON.stringify(report)).toContain('db-secret.yaml');
    expect(sweep.stderr).toBe('');
  }, 60_000);
});
