import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * The inputs that once passed as clean: each is built here once, for the CLI, hook and driver tests.
 * Every planted value is fake and unique, so a test can assert it never reaches any output.
 */

/** A one-key stringData Secret; the value is on line 6, column 13. */
export function plainSecret(value: string, name = 'db'): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\nstringData:\n  password: ${value}\n`;
}

/** `kubectl get secrets -A -o yaml`: a List of about `bytes` bytes, the plaintext Secret as its last item. */
export function secretsDump(bytes: number, value: string): { text: string; line: number } {
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = `- apiVersion: v1\n  data:\n    ca.crt: ${'Q'.repeat(60)}\n    namespace: ZGVmYXVsdA==\n  kind: ConfigMap\n  metadata:\n    name: cm-${i}\n    namespace: ns-${i % 50}\n`;
    items.push(item);
    size += item.length;
  }
  const head = `apiVersion: v1\nitems:\n${items.join('')}`;
  const tail = `- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: db\n    namespace: prod\n  stringData:\n    password: ${value}\n  type: Opaque\nkind: List\nmetadata:\n  resourceVersion: ""\n`;
  return { text: head + tail, line: head.split('\n').length + 6 };
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/** Text in an encoding, with or without its byte-order mark. */
export function encode(text: string, encoding: Encoding, bom: boolean): Buffer {
  const t = bom ? `\ufeff${text}` : text;
  if (encoding === 'utf-8') return Buffer.from(t, 'utf8');
  if (encoding === 'utf-16le') return Buffer.from(t, 'utf16le');
  if (encoding === 'utf-16be') return Buffer.from(t, 'utf16le').swap16();
  const points = Array.from(t, (c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (encoding === 'utf-32le' ? out.writeUInt32LE(p, i * 4) : out.writeUInt32BE(p, i * 4)));
  return out;
}

/** UTF-32LE with a byte-order mark and a code unit that is no character: undecodable. */
export function undecodable(): Buffer {
  const bad = Buffer.alloc(4);
  bad.writeUInt32LE(0xffffffff);
  return Buffer.concat([
    encode('apiVersion: v1\nkind: ConfigMap\n', 'utf-32le', true),
    bad,
    encode('\n', 'utf-32le', false),
  ]);
}

/** A JSON Secret with a sibling nested `depth` levels deep before its stringData. */
export function deepJson(value: string | undefined, depth = 300): string {
  const data = value === undefined ? '' : `,"stringData":{"password":"${value}"}`;
  return `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"deep"},"deep":${'['.repeat(depth)}${']'.repeat(depth)}${data}}`;
}

/** A ConfigMap exported with a kubectl last-applied copy of a Secret holding a deep sibling. */
export function deepLastApplied(value: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: exported\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      ${deepJson(value)}\ndata:\n  mode: fast\n`;
}

/** A kubecfg annotation whose gzip decompresses to 9 MiB (past the 8 MiB cap); the copy starts as a Secret. */
export function decompressionBomb(value: string): string {
  const copy = `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"stringData":{"password":"${value}"},"pad":"${'A'.repeat(9 * 1024 * 1024)}"}`;
  const b64 = gzipSync(Buffer.from(copy)).toString('base64');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n  annotations:\n    kubecfg.ksonnet.io/last-applied-configuration: ${b64}\ndata:\n  mode: fast\n`;
}

/** A billion-laughs document that says it is a Secret. */
export function aliasBomb(): string {
  let s = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: lol\nlols:\n';
  s += `  a0: &a0 [${Array(9).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i <= 9; i++)
    s += `  a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return s;
}

/** `kind: Secret` then `kind: ConfigMap` in one document: loaders read a ConfigMap. */
export function duplicateKind(value: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: twice\nstringData:\n  password: ${value}\nkind: ConfigMap\n`;
}

/** A binary file (NUL bytes) with a GitHub token in it. */
export function binaryWithToken(token: string): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
    Buffer.from(`\ntoken=${token}\n`),
    Buffer.from([0, 1, 2, 3, 0]),
  ]);
}

/** A fake GitHub token (the github-token rule's shape), unique per tag and random-looking, as real ones are. */
export function fakeToken(tag: string): string {
  const body = createHash('sha256')
    .update(tag)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '');
  return `ghp_FAKE${body.slice(0, 32)}`;
}
