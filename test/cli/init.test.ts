import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config.js';
import { schemaRef } from '../../src/cli/commands/init.js';
import { loadRuleFiles } from '../../src/ruleset/load.js';
import { ROOT, sealcheck } from '../helpers/cli.js';
import { tempRepo } from '../git/repo.js';

// `sealcheck init` through the built CLI in a real repository: the file it writes loads with the
// configuration loader, validates against the schema its modeline names, and an existing
// configuration is never replaced without --force.

const ruleIds = loadRuleFiles().map((l) => l.data.id);
const schemaFile = join(ROOT, 'schema/sealcheck.schema.json');

describe('sealcheck init', () => {
  it('writes a commented .sealcheck.yaml that loads, validates against the schema its modeline names, and drives a scan', () => {
    const repo = tempRepo();
    const r = sealcheck(['init'], { cwd: repo });
    expect(r.stderr).toContain('wrote .sealcheck.yaml');
    expect(r.status).toBe(0);
    const text = readFileSync(join(repo, '.sealcheck.yaml'), 'utf8');
    const [modeline] = text.split('\n');
    const ref = /^# yaml-language-server: \$schema=(\S+)$/.exec(modeline!)?.[1];
    expect(ref).toBeDefined();
    // Without a known source repository the modeline names this install's schema file, which exists.
    const named = /^https?:/.test(ref!) ? schemaFile : isAbsolute(ref!) ? ref! : resolve(repo, ref!);
    const schema = JSON.parse(readFileSync(named, 'utf8')) as Record<string, unknown>;
    expect(schema.title).toContain('.sealcheck.yaml');
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(parse(text) ?? {}), JSON.stringify(validate.errors)).toBe(true);
    expect(text.split('\n').filter((l) => l.startsWith('#')).length).toBeGreaterThan(15);

    const config = loadConfig(undefined, repo, ruleIds);
    expect(config.file).toBe('.sealcheck.yaml');
    expect(config.failOn).toBe('error');
    expect(config.allow).toEqual([]);

    writeFileSync(
      join(repo, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  mode: fast\n',
    );
    expect(sealcheck(['scan', '.'], { cwd: repo }).status).toBe(0);
  });

  it('refuses to replace an existing configuration (exit 2, file unchanged) unless --force', () => {
    const repo = tempRepo();
    const mine = 'failOn: warning\nallow:\n  - fingerprint: 0123456789abcdef0123456789abcdef\n    reason: reviewed\n';
    // A configuration in a parent folder does not count: init writes in the current folder.
    expect(sealcheck(['init'], { cwd: repo }).status).toBe(0);
    mkdirSync(join(repo, 'sub'));
    expect(sealcheck(['init'], { cwd: join(repo, 'sub') }).status).toBe(0);
    writeFileSync(join(repo, '.sealcheck.yaml'), mine);
    const refused = sealcheck(['init'], { cwd: repo });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      '.sealcheck.yaml already exists; nothing was written (sealcheck init --force replaces it)',
    );
    expect(readFileSync(join(repo, '.sealcheck.yaml'), 'utf8')).toBe(mine);

    const forced = sealcheck(['init', '--force'], { cwd: repo });
    expect(forced.status).toBe(0);
    expect(readFileSync(join(repo, '.sealcheck.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
  });

  it('an existing .sealcheck.yml is refused too, and --force replaces that file rather than adding a second one', () => {
    const repo = tempRepo();
    writeFileSync(join(repo, '.sealcheck.yml'), 'failOn: never\n');
    const refused = sealcheck(['init'], { cwd: repo });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('.sealcheck.yml already exists');
    expect(sealcheck(['init', '--force'], { cwd: repo }).status).toBe(0);
    expect(readFileSync(join(repo, '.sealcheck.yml'), 'utf8')).toMatch(/^# yaml-language-server/);
    expect(loadConfig(undefined, repo, ruleIds).file).toBe('.sealcheck.yml');
  });

  it('the modeline points at the source repository when one is known, else at the installed schema', () => {
    expect(schemaRef('/x', { url: 'https://github.com/acme/sealcheck', ref: 'v2' })).toBe(
      'https://raw.githubusercontent.com/acme/sealcheck/v2/schema/sealcheck.schema.json',
    );
    expect(schemaRef('/x', { url: 'https://ghe.example.com/acme/sealcheck', ref: 'HEAD', directory: 'pkg' })).toBe(
      'https://ghe.example.com/acme/sealcheck/raw/HEAD/pkg/schema/sealcheck.schema.json',
    );
    expect(schemaRef(ROOT, undefined)).toBe('schema/sealcheck.schema.json');
    expect(schemaRef(join(ROOT, '..', 'elsewhere-x'), undefined)).toBe(schemaFile);
  });
});
