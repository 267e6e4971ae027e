import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/parse/parse-file.js';
import { byRule, parseNotes, scan } from './support.js';

/**
 * Content, not the file name, decides whether a file is read as a manifest: a Secret saved under
 * any name is checked by the structural rules, and prose that quotes one is not turned into a
 * stream of parse errors.
 */

const VALUE = 'Rt6Yw2Kq8Mz3Pn7B';
const SECRET = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${VALUE}\n`;

describe('manifests found by content', () => {
  it('reads a stream that opens with a document marker', () => {
    expect(parseFile('secrets.bak', `---\n${SECRET}---\n${SECRET}`).docs).toHaveLength(2);
  });

  it.each(['secret.bak', 'secret.key', 'secret.txt', 'secret.tpl', 'secret.orig', 'secret.yaml.j2', 'Secret'])(
    'a Secret saved as %s is parsed',
    (name) => {
      const findings = scan(name, SECRET);
      expect(byRule(findings, 'secret-string-data')).toEqual([
        { rule: 'secret-string-data', line: 6, column: 13, key: 'password' },
      ]);
      expect(JSON.stringify(findings)).not.toContain(VALUE);
    },
  );

  it('reads a Jinja template with control lines, through the fallback parser when YAML fails', () => {
    const j2 = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n{% if prod %}\nstringData:\n  password: ${VALUE}\n{% endif %}\n`;
    expect(byRule(scan('secret.yaml.j2', j2), 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 7, column: 13, key: 'password' },
    ]);
  });

  it('reads a JSON manifest saved as .txt', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      stringData: { password: VALUE },
    });
    expect(parseFile('secret.txt', json).docs).toHaveLength(1);
    expect(byRule(scan('secret.txt', json), 'secret-string-data')).toHaveLength(1);
  });

  it('leaves a text file without both keys as text', () => {
    expect(parseFile('notes.txt', 'kind: Secret\nholds base64 values.\n').docs).toEqual([]);
    expect(parseFile('notes.txt', 'apiVersion: v1 is the core group\n').docs).toEqual([]);
    expect(parseFile('notes.txt', 'Set these two fields:\napiVersion: v1\nkind: Secret\n').docs).toEqual([]);
  });

  it('reads the manifest a Markdown page quotes in a code block, at its line in the page, and the prose around it as text', () => {
    const page = `# Seal your secrets\n\n---\n\nWrite a manifest like this one:\n\n\`\`\`yaml\n${SECRET}\`\`\`\n\nthen run kubeseal on it.\n`;
    expect(parseFile('README.md', page).docs).toHaveLength(1);
    const findings = scan('README.md', page);
    expect(parseNotes(findings)).toEqual([]);
    expect(byRule(findings, 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 13, column: 13, key: 'password' },
    ]);
    expect(JSON.stringify(findings)).not.toContain(VALUE);
  });

  it('never reads the YAML front matter of a documentation page as a manifest, whatever its first lines look like', () => {
    const front = `---\napiVersion: v1\nkind: Secret\ntitle: Exposing Grafana\nstringData:\n  password: ${VALUE}\n---\n\nSome prose.\n`;
    for (const name of ['docs/ingress.md', 'docs/ingress.adoc', 'GUIDE.MARKDOWN', 'docs/guide.rst']) {
      expect(parseFile(name, front).docs, name).toEqual([]);
      expect(scan(name, front), name).toEqual([]);
    }
    // The same text under a name that says nothing is still sniffed, so the test can fail.
    expect(parseFile('notes', front).docs.length).toBeGreaterThan(0);
  });
});
