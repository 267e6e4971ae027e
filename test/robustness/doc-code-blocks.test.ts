import { describe, expect, it } from 'vitest';
import { codeBlocks, docFormatOf } from '../../src/parse/doc-blocks.js';
import { LineIndex } from '../../src/parse/positions.js';
import { commandWords } from '../../src/parse/shell-words.js';
import { byRule, parseNotes, scan } from './support.js';

/**
 * Documentation pages are read for what their code blocks quote: each block that holds a manifest or
 * a Kustomize generator is judged by the manifest rules at its real line and column in the page, and
 * command lines that create Secrets or install charts are judged wherever they are.
 */

const VALUE = 'Rt6Yw2Kq8Mz3Pn7B';
const secret = (indent: string): string =>
  ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: db', 'stringData:', `  password: ${VALUE}`]
    .map((l) => `${indent}${l}`)
    .join('\n');

const blocksOf = (path: string, text: string): [number, number][] =>
  codeBlocks(new LineIndex(text), docFormatOf(path) ?? 'markdown').map((b) => [b.firstLine, b.lastLine]);

describe('code blocks of documentation pages', () => {
  it('finds backtick and tilde fences with any info string, at any indentation, and reads a longer fence to its own close', () => {
    const page = [
      'Intro',
      '```yaml',
      'a: 1',
      '```',
      '',
      '1. Step',
      '',
      '   ~~~ {.yaml title="x"}',
      '   b: 2',
      '   ~~~',
      '````md',
      '```',
      'inner',
      '```',
      '````',
    ].join('\n');
    expect(blocksOf('README.md', page)).toEqual([
      [3, 3],
      [9, 9],
      [12, 14],
    ]);
  });

  it('takes no inline code for a fence, and runs an unclosed fence to the end of the page', () => {
    expect(blocksOf('a.md', 'Use ```kubectl``` here\n```\nx: 1\ny: 2')).toEqual([[3, 4]]);
  });

  it('finds Hugo code shortcodes, AsciiDoc listing and literal blocks, and reStructuredText code blocks', () => {
    expect(
      blocksOf(
        'a.md',
        '{{< tab name="Literals" codelang="yaml" >}}\nx: 1\n{{< /tab >}}\n{{< tab name="Files" >}}\ny: 2\n{{< /tab >}}\n{{< highlight yaml >}}\nz: 3\n{{< /highlight >}}',
      ),
    ).toEqual([
      [2, 2],
      [8, 8],
    ]);
    expect(blocksOf('a.adoc', '[source,yaml]\n----\nx: 1\n----\n\n....\ny: 2\n....\n------\n----\n------')).toEqual([
      [3, 3],
      [7, 7],
      [10, 10],
    ]);
    expect(
      blocksOf(
        'a.rst',
        'Create it:\n\n.. code-block:: yaml\n   :linenos:\n\n   x: 1\n   y: 2\n\nProse again::\n\n    z: 3\n\nEnd.',
      ),
    ).toEqual([
      [6, 7],
      [11, 11],
    ]);
  });

  it('reports a Secret in a fence indented inside a list item at its real line and column', () => {
    const page = `# Steps\n\n1. Create the manifest:\n\n   \`\`\`yaml\n${secret('   ')}\n   \`\`\`\n`;
    const findings = scan('docs/secret.md', page);
    expect(byRule(findings, 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 11, column: 16, key: 'password' },
    ]);
    expect(findings.find((f) => f.ruleId === 'secret-string-data')?.fix).toContain('placeholder');
    expect(JSON.stringify(findings)).not.toContain(VALUE);
  });

  it.each([
    ['docs/secret.adoc', `= Secrets\n\n[source,yaml]\n----\n${secret('')}\n----\n`, 10, 13],
    [
      'docs/secret.rst',
      `Secrets\n=======\n\n.. code-block:: yaml\n\n   ${secret('   ').trimStart()}\n\nDone.\n`,
      11,
      16,
    ],
    ['docs/secret.md', `{{< highlight yaml >}}\n${secret('')}\n{{< /highlight >}}\n`, 7, 13],
  ])('reports a Secret in %s at its line in the page', (path, page, line, column) => {
    expect(byRule(scan(path, page), 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line, column, key: 'password' },
    ]);
  });

  it('reads each block on its own: a kind in one block does not make the next one a Secret', () => {
    const page =
      '```yaml\napiVersion: v1\nkind: Secret\nmetadata: {name: a}\n```\n\n```yaml\nstringData:\n  password: Rt6Yw2Kq8Mz3Pn7B\n```\n';
    expect(scan('README.md', page)).toEqual([]);
  });

  it('reads nothing outside code blocks, and notes a quoted manifest that does not parse without dropping it', () => {
    expect(scan('README.md', `Prose.\n\n${secret('')}\n`)).toEqual([]);
    const broken = `\`\`\`yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${VALUE}\n   bad: [\n\`\`\`\n`;
    const findings = scan('README.md', broken);
    expect(parseNotes(findings).length).toBe(1);
    expect(byRule(findings, 'secret-string-data')).toContainEqual({
      rule: 'secret-string-data',
      line: 7,
      column: 13,
      key: 'password',
    });
  });

  it('keeps placeholder examples silent and makes a value under no credential name a note', () => {
    const page = [
      '```yaml',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: app}',
      'stringData:',
      '  password: <password>',
      '  token: ${TOKEN}',
      '  athena: Jx8vQ2mLp4Tz9wRb',
      '  CONSOLE_SECRET_KEY: console123',
      '  redis-password: Jx8vQ2mLp4Tz9wRb',
      '```',
    ].join('\n');
    const findings = scan('README.md', page);
    expect(findings.map((f) => [f.ruleId, f.severity, f.location.line])).toEqual([
      ['secret-string-data', 'note', 8],
      ['secret-string-data', 'warning', 9],
      ['secret-string-data', 'error', 10],
    ]);
  });
});

describe('command lines', () => {
  const words = (text: string): string[] => commandWords(new LineIndex(text), 0).words.map((w) => w.text);

  it('reads words as the shell does: quotes, escapes and continuations, up to the end of the command', () => {
    expect(
      words(`kubectl create secret generic a \\\n  --from-literal=p='S!B\\*d$z' "--x=a b" c\\ d | kubeseal`),
    ).toEqual(['kubectl', 'create', 'secret', 'generic', 'a', '--from-literal=p=S!B\\*d$z', '--x=a b', 'c d']);
    expect(words('helm install x `y`')).toEqual(['helm', 'install', 'x']);
  });

  it('places each character of a word where it is in the file, across continuation lines', () => {
    const { words: ws } = commandWords(new LineIndex("kubectl \\\n  --from-literal='k=v'"), 0);
    const lit = ws[1]!;
    expect(lit.text).toBe('--from-literal=k=v');
    expect(lit.at[0]).toEqual({ line: 2, column: 3 });
    expect(lit.at[lit.text.length - 1]).toEqual({ line: 2, column: 21 });
  });

  it('finds literals in inline code of a sentence and in a CRLF script, and never prints the value', () => {
    const md = 'Run `kubectl create secret generic db --from-literal=password=Jx8vQ2mLp4Tz9wRb` first.\n';
    const findings = scan('docs/setup.md', md);
    expect(byRule(findings, 'command-line-credential')).toEqual([
      { rule: 'command-line-credential', line: 1, column: 63, key: 'password' },
    ]);
    expect(JSON.stringify(findings)).not.toContain('Jx8vQ2mLp4Tz9wRb');
    const sh = 'set -e\r\nhelm upgrade app ./chart \\\r\n  --set-string db.auth.password=Jx8vQ2mLp4Tz9wRb\r\n';
    expect(byRule(scan('deploy.sh', sh), 'command-line-credential')).toEqual([
      { rule: 'command-line-credential', line: 3, column: 33, key: 'db.auth.password' },
    ]);
  });

  it('reads the credential after an escaped comma of a --set list, and names of Secrets as references', () => {
    const sh =
      'helm install a ./c --set tags=a\\,b,auth.token=Jx8vQ2mLp4Tz9wRb --set tls.certSecret=tls-ssl-minio,imagePullSecrets=regsecret\n';
    expect(byRule(scan('install.sh', sh), 'command-line-credential')).toEqual([
      { rule: 'command-line-credential', line: 1, column: 47, key: 'auth.token' },
    ]);
  });

  it('stays silent on fill-ins and variables that documentation writes for the reader', () => {
    for (const value of [
      '<vCenter Password>',
      '[ROOT_PASSWORD]',
      '_PASSWORD_OF_YOUR_POSTGRESQL_INSTALLATION_',
      'VALUE',
      'XXXX-XXXX-XXXX',
      'aaaa-bbbb-cccc',
      'BUILDKITE_AGENT_TOKEN',
      '$APP_PASSWORD{{ end }}',
      '"$(openssl rand -hex 16)"',
      'changeme',
      '...',
      '****',
    ]) {
      expect(scan('README.md', `helm install r ./c --set auth.password=${value}\n`), value).toEqual([]);
    }
  });

  it('warns on defaults and values that restate their key, notes plain literals, and blocks real-shaped values', () => {
    const sh = [
      'kubectl create secret generic a --from-literal=username=app --from-literal=value=Hello',
      'kubectl create secret generic b --from-literal=clientSecret=github-oauth2-client-secret --from-literal=password=admin',
      'kubectl create secret docker-registry c --docker-password=Jx8vQ2mLp4Tz9wRb',
      'helm install m ./minio --set auth.rootPassword=minio-secret-password,auth.password=T0pS3cr3t',
    ].join('\n');
    expect(scan('setup.sh', sh).map((f) => [f.object.key, f.severity])).toEqual([
      ['username', 'note'],
      ['value', 'note'],
      ['clientSecret', 'warning'],
      ['password', 'warning'],
      ['docker-password', 'error'],
      ['auth.rootPassword', 'warning'],
      ['auth.password', 'warning'],
    ]);
  });

  it('reads a line of repeated program names as one command, and every command of a long script', () => {
    const line = `${'kubectl '.repeat(20000)}create secret generic x --from-literal=password=Jx8vQ2mLp4Tz9wRb\n`;
    expect(byRule(scan('long.sh', line), 'command-line-credential')).toEqual([]);
    const many = 'helm install a ./c --set a.password=Jx8vQ2mLp4Tz9wRb\n'.repeat(2000);
    expect(byRule(scan('many.sh', many), 'command-line-credential')).toHaveLength(2000);
  });
});
