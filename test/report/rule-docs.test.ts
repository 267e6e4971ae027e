import { describe, expect, it } from 'vitest';
import { githubRepositoryUrl, LOCAL_RULE_DOCS, ruleDocsBase, sourcePlace } from '../../src/rule-docs.js';
import { ruleDescriptor } from '../../src/report/sarif-log.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine.js';
import { readFileSync } from 'node:fs';

/** Rule links point where sealcheck came from: the Action's repository, the package's, or the local docs path. */
describe('rule documentation links', () => {
  it('reads every form npm accepts for a GitHub repository, and nothing else', () => {
    for (const spec of [
      'acme/sealcheck',
      'github:acme/sealcheck',
      'git+https://github.com/acme/sealcheck.git',
      'https://github.com/acme/sealcheck',
      'git://github.com/acme/sealcheck.git',
      'git@github.com:acme/sealcheck.git',
      'https://github.com/acme/sealcheck#readme',
    ])
      expect(githubRepositoryUrl(spec), spec).toBe('https://github.com/acme/sealcheck');
    for (const spec of ['https://gitlab.com/acme/sealcheck', 'https://example.com/', 'bitbucket:acme/x', ''])
      expect(githubRepositoryUrl(spec), spec).toBeUndefined();
  });

  it('in an Action step: the action repository at the action ref', () => {
    const env = { GITHUB_ACTION_REPOSITORY: 'acme/sealcheck-action', GITHUB_ACTION_REF: 'v2' };
    expect(ruleDocsBase(env, { repository: 'other/pkg' })).toBe(
      'https://github.com/acme/sealcheck-action/blob/v2/docs/rules.md',
    );
    expect(ruleDocsBase({ ...env, GITHUB_SERVER_URL: 'https://ghe.example.com' }, {})).toBe(
      'https://ghe.example.com/acme/sealcheck-action/blob/v2/docs/rules.md',
    );
    // A `run:` step has the variable set but empty: the package decides.
    expect(ruleDocsBase({ GITHUB_ACTION_REPOSITORY: '', GITHUB_ACTION_REF: '' }, { repository: 'acme/x' })).toBe(
      'https://github.com/acme/x/blob/HEAD/docs/rules.md',
    );
  });

  it('from package.json: repository (with its directory), else a GitHub homepage, else the local docs path', () => {
    expect(
      ruleDocsBase(
        {},
        { repository: { type: 'git', url: 'git+https://github.com/acme/mono.git', directory: 'tools/sealcheck' } },
      ),
    ).toBe('https://github.com/acme/mono/blob/HEAD/tools/sealcheck/docs/rules.md');
    expect(ruleDocsBase({}, { homepage: 'https://github.com/acme/sealcheck#readme' })).toBe(
      'https://github.com/acme/sealcheck/blob/HEAD/docs/rules.md',
    );
    expect(ruleDocsBase({}, { homepage: 'https://sealcheck.example' })).toBe(LOCAL_RULE_DOCS);
    expect(sourcePlace({}, {})).toBeUndefined();
    expect(ruleDocsBase({}, {})).toBe('docs/rules.md');
  });

  it('links come from what package.json declares, nothing else; SARIF leaves out a link it cannot make absolute', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      repository?: unknown;
      homepage?: unknown;
    };
    const env = { ...process.env };
    expect(DEFAULT_ENGINE_OPTIONS.docsBase).toBe(ruleDocsBase(env, pkg));
    const [rule] = loadRuleFiles().map((l) => l.data);
    const local = ruleDescriptor(rule!, LOCAL_RULE_DOCS) as { helpUri?: string; help: { markdown: string } };
    expect(local.helpUri).toBeUndefined();
    expect(local.help.markdown).not.toContain('](');
    const known = ruleDescriptor(rule!, 'https://github.com/acme/x/blob/HEAD/docs/rules.md') as { helpUri?: string };
    expect(known.helpUri).toBe(`https://github.com/acme/x/blob/HEAD/docs/rules.md#${rule!.id}`);
  });
});
