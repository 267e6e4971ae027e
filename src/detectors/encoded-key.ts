import { decodeBase64, isText } from '../classify/base64.js';
import { classifyContent, hasJsonPrivateKey } from '../classify/content.js';
import { defineDetector, NO_PARAMS, type BaseContext, type NoParams } from './detector.js';

/**
 * base64 of a JSON object (`eyJ`, which `{"` encodes to) or of a PEM block (`LS0tLS1CRUdJTi`,
 * `-----BEGIN`), bounded so one run is read once. A literal prefix anchors each try.
 */
const BLOB = /(?:eyJ|LS0tLS1CRUdJTi)[A-Za-z0-9+/_-]{40,65536}={0,2}/g;

/**
 * A private key written base64-encoded in any text file, where no manifest rule decodes it: a key
 * file's JSON (`{"PrivateKey": …}`, a validator or wallet key) or a PEM block passed through base64,
 * e.g. as a string in a template action or a script. JWTs also start with `eyJ` but hold no key.
 */
export const encodedKey = defineDetector<NoParams>({
  name: 'encoded-key',
  target: 'text',
  paramsSchema: NO_PARAMS,
  detect(ctx: BaseContext<NoParams>) {
    const { file } = ctx;
    if (!file.text.includes('eyJ') && !file.text.includes('LS0tLS1CRUdJTi')) return;
    BLOB.lastIndex = 0;
    for (let m = BLOB.exec(file.text); m !== null; m = BLOB.exec(file.text)) {
      const bytes = decodeBase64(m[0]);
      if (!bytes || !isText(bytes)) continue;
      const plain = bytes.toString('utf8');
      const label = hasJsonPrivateKey(plain.trim())
        ? 'key file with a private key'
        : classifyContent(plain)?.label === 'private key'
          ? 'PEM private key'
          : undefined;
      if (label === undefined) continue;
      ctx.report({
        span: file.lines.span(m.index, m.index + m[0].length),
        value: plain,
        message: `base64-encoded ${label} in a text file`,
      });
    }
  },
});
