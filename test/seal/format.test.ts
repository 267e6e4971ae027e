import type { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { goJson, goJsonString, sealedSecretsToJson } from '../../src/seal/format-json.js';
import { goYaml, sealedSecretsToYaml } from '../../src/seal/format-yaml.js';
import { goFloatOrInt } from '../../src/seal/yaml-scalar.js';
import { GoObject, type GoValue } from '../../src/seal/go-value.js';
import { sealSecret } from '../../src/seal/sealed-secret.js';
import { readSecrets } from '../../src/seal/secret-input.js';
import { compareYamlKeys } from '../../src/seal/yaml-key-order.js';
import { resolvesToNonString } from '../../src/seal/yaml-resolve.js';
import { useTestPki } from './pki.js';

let publicKey: KeyObject;
useTestPki((made) => ({ publicKey } = made));

/** The Secret behind the reference's examples (§4): annotation `note: a <b> & c`, items a and b. */
const EXAMPLE = `apiVersion: v1
kind: Secret
metadata:
  name: s
  namespace: "n"
  annotations:
    note: a <b> & c
stringData:
  a: vector-a
  b: vector-b
type: Opaque
`;

function sealExample(scope?: 'namespace-wide') {
  const [secret] = readSecrets(EXAMPLE, 'example.yaml');
  if (!secret) throw new Error('no secret');
  return sealSecret(secret, { publicKey, ...(scope ? { scope } : {}) }).sealed;
}

const SEALED_JSON = /"AQ[A-D][A-Za-z0-9+/]{300,}={0,2}"/g;
const SEALED_YAML = / AQ[A-D][A-Za-z0-9+/]{300,}={0,2}$/gm;

const obj = (entries: Array<[string, GoValue]>): GoObject => new GoObject(entries);

describe('JSON output (encoding/json MarshalIndent)', () => {
  it('matches the reference namespace-wide example byte for byte', () => {
    const out = sealedSecretsToJson([sealExample('namespace-wide')]).replace(SEALED_JSON, '"<sealed>"');
    expect(out).toBe(`{
  "kind": "SealedSecret",
  "apiVersion": "bitnami.com/v1alpha1",
  "metadata": {
    "name": "s",
    "namespace": "n",
    "annotations": {
      "sealedsecrets.bitnami.com/namespace-wide": "true"
    }
  },
  "spec": {
    "template": {
      "metadata": {
        "name": "s",
        "namespace": "n",
        "annotations": {
          "note": "a \\u003cb\\u003e \\u0026 c",
          "sealedsecrets.bitnami.com/namespace-wide": "true"
        }
      },
      "type": "Opaque"
    },
    "encryptedData": {
      "a": "<sealed>",
      "b": "<sealed>"
    }
  }
}
`);
  });

  it('writes "creationTimestamp": null in both metadata blocks in legacy mode, and several objects back to back', () => {
    const sealed = sealExample();
    const out = sealedSecretsToJson([sealed, sealed], { legacyCreationTimestamp: true }).replace(
      SEALED_JSON,
      '"<sealed>"',
    );
    const one = `{
  "kind": "SealedSecret",
  "apiVersion": "bitnami.com/v1alpha1",
  "metadata": {
    "name": "s",
    "namespace": "n",
    "creationTimestamp": null
  },
  "spec": {
    "template": {
      "metadata": {
        "name": "s",
        "namespace": "n",
        "creationTimestamp": null,
        "annotations": {
          "note": "a \\u003cb\\u003e \\u0026 c"
        }
      },
      "type": "Opaque"
    },
    "encryptedData": {
      "a": "<sealed>",
      "b": "<sealed>"
    }
  }
}
`;
    expect(out).toBe(one + one);
  });

  it('escapes strings like encoding/json with HTML escaping', () => {
    expect(goJsonString('<>&')).toBe('"\\u003c\\u003e\\u0026"');
    expect(goJsonString('\u2028\u2029')).toBe('"\\u2028\\u2029"');
    expect(goJsonString('"\\\b\f\n\r\t')).toBe('"\\"\\\\\\b\\f\\n\\r\\t"');
    expect(goJsonString('\u0000\u0001\u001f\u007f')).toBe('"\\u0000\\u0001\\u001f\u007f"');
    expect(goJsonString('é😀/')).toBe('"é😀/"');
    expect(goJsonString('a\ud800b')).toBe('"a\ufffdb"');
  });

  it('sorts map keys by bytes and writes empty collections inline', () => {
    const [secret] = readSecrets(
      'kind: Secret\nmetadata: {name: k, namespace: n}\nstringData: {b: x, "10": x, "9": x, Z: x, _u: x, .e: x, a: x, -d: x}\n',
      'k.yaml',
    );
    const sealed = secret ? sealSecret(secret, { publicKey }).sealed : undefined;
    const keys = Object.keys(
      (JSON.parse(sealedSecretsToJson(sealed ? [sealed] : [])) as { spec: { encryptedData: object } }).spec
        .encryptedData,
    );
    const text = sealedSecretsToJson(sealed ? [sealed] : []);
    const order = ['-d', '.e', '10', '9', 'Z', '_u', 'a', 'b'].map((k) => text.indexOf(`"${k}": "AQ`));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(keys).toHaveLength(8);
    expect(
      goJson(
        obj([
          ['m', obj([])],
          ['l', []],
          ['n', null],
          ['i', 30],
          ['f', 1.5],
          ['b', false],
        ]),
      ),
    ).toBe('{\n  "m": {},\n  "l": [],\n  "n": null,\n  "i": 30,\n  "f": 1.5,\n  "b": false\n}\n');
    expect(goJson(obj([['l', ['a', obj([['k', 'v']])]]]))).toBe(
      '{\n  "l": [\n    "a",\n    {\n      "k": "v"\n    }\n  ]\n}\n',
    );
  });
});

describe('YAML output (go-yaml v2 via sigs.k8s.io/yaml)', () => {
  it('matches the reference legacy strict example byte for byte', () => {
    const out = sealedSecretsToYaml([sealExample()], { legacyCreationTimestamp: true }).replace(
      SEALED_YAML,
      ' <sealed>',
    );
    expect(out).toBe(`---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  creationTimestamp: null
  name: s
  namespace: "n"
spec:
  encryptedData:
    a: <sealed>
    b: <sealed>
  template:
    metadata:
      annotations:
        note: a <b> & c
      creationTimestamp: null
      name: s
      namespace: "n"
    type: Opaque
`);
  });

  it('writes current (no creationTimestamp) namespace-wide output with --- before each document', () => {
    const sealed = sealExample('namespace-wide');
    const doc = `---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  annotations:
    sealedsecrets.bitnami.com/namespace-wide: "true"
  name: s
  namespace: "n"
spec:
  encryptedData:
    a: <sealed>
    b: <sealed>
  template:
    metadata:
      annotations:
        note: a <b> & c
        sealedsecrets.bitnami.com/namespace-wide: "true"
      name: s
      namespace: "n"
    type: Opaque
`;
    expect(sealedSecretsToYaml([sealed, sealed]).replace(SEALED_YAML, ' <sealed>')).toBe(doc + doc);
  });

  describe('key order (sorter.go)', () => {
    it('compares digit runs numerically and puts non-letters before letters', () => {
      const keys = [
        'b',
        'key10',
        'A',
        'key9',
        '1x',
        '_x',
        'a',
        'key09',
        'Z',
        'a1',
        'a01',
        'é',
        '~',
        '9',
        'tier10',
        'tier9',
      ];
      const sorted = [
        '_x',
        '~',
        '1x',
        '9',
        'A',
        'Z',
        'a',
        'a1',
        'a01',
        'b',
        'key9',
        'key09',
        'key10',
        'tier9',
        'tier10',
        'é',
      ];
      expect([...keys].sort(compareYamlKeys)).toEqual(sorted);
      expect([...keys].reverse().sort(compareYamlKeys)).toEqual(sorted);
      // go-yaml's order is not transitive ("10" < "1x" < "9" < "10"); Go's own output then depends on
      // map iteration order, so only a stable, deterministic result is asked of these.
      expect(compareYamlKeys('10', '1x')).toBe(-1);
      expect(compareYamlKeys('1x', '9')).toBe(-1);
      expect(compareYamlKeys('9', '10')).toBe(-1);
      expect(
        goYaml(
          obj([
            ['kind', 'x'],
            ['apiVersion', 'y'],
            ['spec', 1],
            ['metadata', 2],
          ]),
        ),
      ).toBe('apiVersion: "y"\nkind: x\nmetadata: 2\nspec: 1\n');
    });
  });

  describe('quoting (encode.go stringv + resolve.go)', () => {
    const line = (v: string): string => goYaml(obj([['k', v]]));
    it('double-quotes what would read back as bool, null, int, float or timestamp', () => {
      for (const v of [
        'true',
        'True',
        'FALSE',
        'y',
        'Y',
        'n',
        'N',
        'yes',
        'No',
        'on',
        'Off',
        'OFF',
        '~',
        'null',
        'Null',
        '',
        '123',
        '-1',
        '+1',
        '0777',
        '0x1F',
        '0o17',
        '0b101',
        '-0b1',
        '1_000',
        '08',
        '1e3',
        '1.5',
        '.5',
        '-.5',
        '1.',
        '.inf',
        '-.Inf',
        '.NaN',
        '2024-01-01',
        '2024-1-2',
        '2024-01-01T10:00:00Z',
        '2024-01-01t10:00:00.5+02:00',
        '2024-01-01 10:00:00',
        '1:20',
        '-1:20:30.5',
        '99999999999999999999999',
      ]) {
        expect(resolvesToNonString(v)).toBe(true);
        expect(line(v)).toBe(`k: "${v}"\n`);
      }
    });

    it('keeps plain what reads back as a string', () => {
      for (const v of [
        'truex',
        'yess',
        'nil',
        'NULLx',
        '0x',
        '0b',
        '1.2.3',
        '2024-13-01',
        '2024-02-30',
        '2024-01-01T10:00:00',
        '12:60',
        '1e',
        '+',
        'a:b',
        'a#b',
        '-a',
        '?a',
        ':a',
        'a,b',
        'http://x.y/z?q=1&r',
        'with space inside',
        'AgBy3i+/=',
        '<<',
        'é',
        '0.0.0.0/0',
        'a{b}',
        'a - b',
      ]) {
        expect(resolvesToNonString(v)).toBe(false);
        expect(line(v)).toBe(`k: ${v}\n`);
      }
    });

    it('single-quotes what the emitter cannot write plain', () => {
      for (const v of [
        '# x',
        ',a',
        '[a',
        ']a',
        '{a',
        '}a',
        '&a',
        '*a',
        '!a',
        '|a',
        '>a',
        '%a',
        '@a',
        '`a',
        '- a',
        '? a',
        ': a',
        '-',
        '?',
        ':',
        '---x',
        '...',
        'a: b',
        'a:',
        'a #b',
        ' lead',
        'trail ',
      ]) {
        expect(line(v)).toBe(`k: '${v}'\n`);
      }
      expect(line("'a")).toBe("k: '''a'\n");
      expect(line('"a')).toBe(`k: '"a'\n`);
    });

    it('double-quotes with escapes what holds non-printable characters', () => {
      expect(line('tab\there')).toBe('k: "tab\\there"\n');
      expect(line('a\u0001b\u007fc')).toBe('k: "a\\x01b\\x7Fc"\n');
      expect(line('smile 😀')).toBe('k: "smile \\U0001F600"\n');
      expect(line('cr\rlf')).toBe('k: "cr\\rlf"\n');
      expect(line('nel\u0085x')).toBe('k: "nel\\Nx"\n');
      expect(line('bom\ufeffx')).toBe('k: "bom\\uFEFFx"\n');
      expect(line('a "q" \\ b\t')).toBe('k: "a \\"q\\" \\\\ b\\t"\n');
    });

    it('quotes keys by the same rules', () => {
      expect(
        goYaml(
          obj([
            ['true', 'a'],
            ['', 'b'],
            ['a: b', 'c'],
            ['10', 'd'],
          ]),
        ),
      ).toBe('"": b\n"10": d\n\'a: b\': c\n"true": a\n');
    });
  });

  describe('literal blocks', () => {
    const line = (v: string): string => goYaml(obj([['k', v]]));
    it('uses |, |- and |+ by the trailing line breaks', () => {
      expect(line('a\nb')).toBe('k: |-\n  a\n  b\n');
      expect(line('a\nb\n')).toBe('k: |\n  a\n  b\n');
      expect(line('a\n\nb\n')).toBe('k: |\n  a\n\n  b\n');
      // The "+" indicator is written with write_indicator, which clears open_ended: no "..." follows.
      expect(line('a\n\n')).toBe('k: |+\n  a\n\n');
      expect(
        goYaml(
          obj([
            ['k', 'a\n\n'],
            ['z', 'x'],
          ]),
        ),
      ).toBe('k: |+\n  a\n\nz: x\n');
    });

    it('adds an indentation hint when the text starts with a space or a break', () => {
      expect(line(' a\nb')).toBe('k: |2-\n   a\n  b\n');
      expect(line('\na')).toBe('k: |2-\n\n  a\n');
    });

    it('indents under nested keys and sequence items', () => {
      expect(
        goYaml(
          obj([
            ['m', obj([['k', 'x\ny\n']])],
            ['l', ['p\nq']],
          ]),
        ),
      ).toBe('l:\n- |-\n  p\n  q\nm:\n  k: |\n    x\n    y\n');
    });

    it('falls back to double quotes when a block cannot hold the text', () => {
      expect(line('a \nb')).toBe('k: "a \\nb"\n');
      expect(line('a\nb ')).toBe('k: "a\\nb "\n');
      expect(line('a\n\tb')).toBe('k: "a\\n\\tb"\n');
    });
  });

  describe('folding at column 80', () => {
    const word = 'abcdefghi';
    const words = (n: number): string => Array.from({ length: n }, () => word).join(' ');
    it('breaks a plain scalar at the first space past column 80, continuation indented by 2', () => {
      expect(goYaml(obj([['k', words(20)]]))).toBe(`k: ${words(8)}\n  ${words(8)}\n  ${words(4)}\n`);
      expect(goYaml(obj([['m', obj([['k', words(20)]])]]))).toBe(
        `m:\n  k: ${words(8)}\n    ${words(8)}\n    ${words(4)}\n`,
      );
    });

    it('breaks a double-quoted scalar the same way', () => {
      expect(goYaml(obj([['k', `\t${words(20)}`]]))).toBe(`k: "\\t${words(8)}\n  ${words(8)}\n  ${words(4)}"\n`);
    });

    it('never breaks text without spaces (sealed values) or a key', () => {
      const long = 'A'.repeat(700);
      expect(goYaml(obj([['k', long]]))).toBe(`k: ${long}\n`);
      const key = words(12);
      expect(goYaml(obj([[key, 'v']]))).toBe(`${key}: v\n`);
    });
  });

  describe('collections and other scalars', () => {
    it('does not indent sequences under their key, and writes empty ones inline', () => {
      expect(
        goYaml(
          obj([
            [
              'metadata',
              obj([
                ['finalizers', ['a', 'b']],
                ['labels', obj([])],
                ['x', []],
              ]),
            ],
          ]),
        ),
      ).toBe('metadata:\n  finalizers:\n  - a\n  - b\n  labels: {}\n  x: []\n');
      expect(
        goYaml(
          obj([
            [
              'l',
              [
                obj([
                  ['b', '1'],
                  ['a', obj([['c', 'd']])],
                ]),
                [],
                obj([]),
              ],
            ],
          ]),
        ),
      ).toBe('l:\n- a:\n    c: d\n  b: "1"\n- []\n- {}\n');
    });

    it('writes null, booleans, integers and floats as go-yaml does', () => {
      expect(
        goYaml(
          obj([
            ['a', null],
            ['b', true],
            ['c', 30],
            ['d', -5],
            ['e', 1.5],
            ['f', 1e21],
            ['g', 1234567.5],
            ['h', 0.00001],
          ]),
        ),
      ).toBe('a: null\nb: true\nc: 30\nd: -5\ne: 1.5\nf: 1e+21\ng: 1.2345675e+06\nh: 1e-05\n');
      expect(goFloatOrInt(0.0001)).toBe('0.0001');
      expect(goFloatOrInt(123456.5)).toBe('123456.5');
    });

    it('writes keys over 128 bytes as complex keys', () => {
      const key = `example.com/${'k'.repeat(120)}`;
      expect(
        goYaml(
          obj([
            [key, 'v'],
            ['a', 'b'],
          ]),
        ),
      ).toBe(`a: b\n? ${key}\n: v\n`);
    });
  });
});
