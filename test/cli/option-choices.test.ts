import { describe, expect, it } from 'vitest';
import { sealcheck } from '../helpers/cli.js';

// Options with a fixed set of values are checked by the command line itself, before a command runs:
// the commands rely on it (their option types hold only the allowed values).
describe('options with a fixed set of values', () => {
  it.each([
    [['scan', '--format', 'xml'], 'text, json, sarif, markdown'],
    [['scan', '--fail-on', 'fatal'], 'error, warning, never'],
    [['sweep', '--format', 'xml'], 'text, json, sarif, markdown, csv'],
    [['merge', 'r.json', '--format', 'xml'], 'text, json, sarif, markdown, csv'],
    [['seal', '--scope', 'wide'], 'strict, namespace-wide, cluster-wide'],
    [['fix', '--scope', 'wide'], 'strict, namespace-wide, cluster-wide'],
    [['seal', '--format', 'xml'], 'yaml, json'],
    [['unseal', '--format', 'xml'], 'yaml, json'],
    [['install', '--hook', 'post-commit'], 'pre-commit, pre-push'],
    [['uninstall', '--hook', 'post-commit'], 'pre-commit, pre-push'],
    [['rules', 'list', '--format', 'xml'], 'text, markdown, json'],
  ])('%j is a usage error (exit 2) naming the allowed values', (args, allowed) => {
    const r = sealcheck(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Allowed choices are ${allowed}.`);
    expect(r.stdout).toBe('');
  });
});
