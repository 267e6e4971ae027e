/**
 * A URL as it may be shown: user and password (a token in `https://ci:TOKEN@host/…`) replaced by
 * `***`. Anything that does not parse as a URL is returned as it is (a file path).
 */
export function redactUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    u.username = '***';
    u.password = '';
    return u.toString();
  } catch {
    // Not parseable, but scheme-like: cut whatever sits before the last @ of the authority.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
  }
}
