import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartRootsOf, roleByRoots, roleInChart } from '../../src/sources/chart-folders.js';
import { FileSource } from '../../src/sources/files.js';
import { ROOT, sealcheck } from '../helpers/cli.js';
import { cleanEnv, commitAll, git, scanChanges, tempRepo, write } from '../git/repo.js';
import { tempTree } from './fixtures.js';

/**
 * Helm values are known by where a file sits, not by its name: every YAML file of a chart folder
 * outside templates/ is values. The file walk sees Chart.yaml in each listing; staged and range scans
 * ask the snapshot's reader for the Chart.yaml above each changed YAML file.
 */

const CHART = 'apiVersion: v2\nname: db\nversion: 1.0.0\n';
const VALUE = 'Zq8xW2vT9kLr4Pn7';
const values = `auth:\n  rootPassword: ${VALUE}\n`;

const TREE: Record<string, string> = {
  'charts/db/Chart.yaml': CHART,
  'charts/db/Chart.lock': 'dependencies: []\n',
  'charts/db/ci/scrape.yaml': values,
  'charts/db/examples/ha.yml': values,
  'charts/db/templates/config.yaml': values,
  'charts/db/templates/tests/t.yaml': values,
  'charts/db/charts/cache/Chart.yaml': CHART,
  'charts/db/charts/cache/templates/x.yaml': values,
  'charts/db/charts/cache/overrides.yaml': values,
  'charts/db/README.md': '# db\n',
  'deploy/settings.yaml': values,
};

const VALUES_FILES = ['charts/db/charts/cache/overrides.yaml', 'charts/db/ci/scrape.yaml', 'charts/db/examples/ha.yml'];

describe('chart folders', () => {
  it('makes every YAML file of a chart outside templates/ values, except its metadata and lock files', () => {
    expect(['values.yaml', 'ci/x.yaml', 'files/conf.yml', 'templates.yaml'].map(roleInChart)).toEqual([
      'helm-values',
      'helm-values',
      'helm-values',
      'helm-values',
    ]);
    expect(
      [
        'Chart.yaml',
        'Chart.lock',
        'requirements.yaml',
        'requirements.lock',
        'templates/x.yaml',
        'templates/tests/t.yaml',
        'values.schema.json',
        'README.md',
      ].map(roleInChart),
    ).toEqual(Array(8).fill(undefined));
  });

  it('finds the nearest chart above a listed path, a subchart being its own chart', async () => {
    const roots = chartRootsOf(Object.keys(TREE));
    expect([...roots].sort()).toEqual(['charts/db', 'charts/db/charts/cache']);
    const roles = await Promise.all(
      Object.keys(TREE).map(async (p) => [p, await roleByRoots(p, (d) => roots.has(d))] as const),
    );
    expect(
      roles
        .filter(([, r]) => r !== undefined)
        .map(([p]) => p)
        .sort(),
    ).toEqual(VALUES_FILES);
    expect(await roleByRoots('ci/x.yaml', (d) => d === '')).toBe('helm-values');
  });

  it('gives the walk of a folder the same roles, and a folder or file named inside a chart its chart', async () => {
    const dir = tempTree(TREE);
    const roles = async (paths: string[]): Promise<string[]> => {
      const out: string[] = [];
      for await (const f of new FileSource({ paths, cwd: dir, maxFileSize: 1 << 20 }).files())
        if (f.role !== undefined) out.push(f.path);
      return out.sort();
    };
    expect(await roles(['.'])).toEqual(VALUES_FILES);
    expect(await roles(['charts/db/ci', 'charts/db/templates/config.yaml', 'deploy'])).toEqual([
      'charts/db/ci/scrape.yaml',
    ]);
    expect(await roles([path.join(dir, 'charts/db/examples/ha.yml')])).toHaveLength(1);
  });

  it('judges a staged values file beside an unchanged Chart.yaml, and leaves templates and other folders alone', async () => {
    const repo = tempRepo();
    write(repo, { 'charts/db/Chart.yaml': CHART, 'README.md': '# x\n' });
    commitAll(repo);
    write(repo, {
      'charts/db/ci/scrape.yaml': values,
      'charts/db/templates/config.yaml': values,
      'deploy/settings.yaml': values,
    });
    git(repo, 'add', '.');
    const { report } = await scanChanges({ staged: true }, repo);
    expect(
      report.findings.map(
        (f) => `${f.location.path}:${f.location.line}:${f.location.column} ${f.ruleId} ${f.severity}`,
      ),
    ).toEqual(['charts/db/ci/scrape.yaml:2:17 helm-values-credential error']);
    expect(JSON.stringify(report)).not.toContain(VALUE);
  });
});

describe('chart folders through the CLI', () => {
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT },
    );
  }, 120_000);

  it('blocks a credential in a chart values file of any name, in a folder scan and in a range', () => {
    const repo = tempRepo();
    write(repo, { 'charts/db/Chart.yaml': CHART });
    const base = commitAll(repo);
    write(repo, { 'charts/db/ci/scrape.yaml': values });
    commitAll(repo);
    const env = { ...cleanEnv(), NO_COLOR: '1' };
    for (const args of [
      ['scan', '.', '--format', 'json'],
      ['scan', '--diff', `${base}..HEAD`, '--format', 'json'],
    ]) {
      const r = sealcheck(args, { cwd: repo, env });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stdout).not.toContain(VALUE);
      const found = (
        JSON.parse(r.stdout) as { findings: { ruleId: string; location: { path: string; line: number } }[] }
      ).findings;
      expect(found.map((f) => `${f.ruleId} ${f.location.path}:${f.location.line}`)).toEqual([
        'helm-values-credential charts/db/ci/scrape.yaml:2',
      ]);
    }
  });
});
