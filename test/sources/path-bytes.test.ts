import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchPath } from '../../src/git/changes.js';
import { FileSource } from '../../src/sources/files.js';
import { isUtf8Name, showPathBytes } from '../../src/sources/path-bytes.js';
import { drain, tempTree } from './fixtures.js';

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('showPathBytes', () => {
  it('shows UTF-8 as it is and every other byte as \\xHH, so no two names look alike', () => {
    expect(showPathBytes(Buffer.from('café/ünï.yaml'))).toBe('café/ünï.yaml');
    expect(showPathBytes(latin1('caf\xe9.yaml'))).toBe('caf\\xe9.yaml');
    expect(showPathBytes(latin1('caf\xe9\xe8.yaml'))).not.toBe(showPathBytes(latin1('caf\xe9\xe9.yaml')));
    // A literal U+FFFD in a name is valid UTF-8 and stays as it is.
    expect(showPathBytes(Buffer.from('a\ufffd.yaml'))).toBe('a\ufffd.yaml');
    // Overlong encodings, surrogates and truncated sequences are not UTF-8.
    expect(showPathBytes(Buffer.from([0x61, 0xc0, 0xaf]))).toBe('a\\xc0\\xaf');
    expect(showPathBytes(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80');
    expect(showPathBytes(Buffer.from([0x62, 0xe2, 0x82]))).toBe('b\\xe2\\x82');
    expect(showPathBytes(Buffer.from('😀'))).toBe('😀');
  });

  it('gives a name git quotes in a patch the same form as its raw record, escaped bytes included', () => {
    // `git diff -z --raw` names the file with raw bytes, which the decoder escapes; the patch quotes
    // a name holding `"`, with the same raw bytes inside the quotes (core.quotePath=false).
    const raw = showPathBytes(latin1('q"caf\xe9.yaml'));
    expect(raw).toBe('q"caf\\xe9.yaml');
    expect(patchPath(`"b/${raw.replace('"', '\\"')}"`)).toBe(raw);
    expect(patchPath('"b/q\\"caf\\351.yaml"')).toBe(raw);
  });

  it('tells names a string can carry from those it cannot', () => {
    expect(isUtf8Name(Buffer.from('café'))).toBe(true);
    expect(isUtf8Name(latin1('caf\xe9'))).toBe(false);
  });
});

describe.skipIf(process.platform !== 'linux')('FileSource with names that are not UTF-8', () => {
  it('reads the file through its bytes and shows its name escaped, in a folder whose name is not UTF-8 too', async () => {
    const dir = tempTree({ 'ok.yaml': 'ok' });
    writeFileSync(Buffer.concat([Buffer.from(`${dir}${path.sep}`), latin1('caf\xe9.yaml')]), 'first');
    const sub = Buffer.concat([Buffer.from(`${dir}${path.sep}`), latin1('d\xefr')]);
    mkdirSync(sub);
    writeFileSync(Buffer.concat([sub, Buffer.from('/in.yaml')]), 'second');
    const source = new FileSource({ paths: ['.'], cwd: dir, maxFileSize: 1024 });
    const { paths, text } = await drain(source);
    expect(paths).toEqual(['caf\\xe9.yaml', 'd\\xefr/in.yaml', 'ok.yaml']);
    expect(text['caf\\xe9.yaml']).toBe('first');
    expect(text['d\\xefr/in.yaml']).toBe('second');
    expect(source.skipped).toEqual([]);
  });
});
