const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A URL as it may be shown: user and password (a token in `https://ci:TOKEN@host/…`) replaced by
 * `***`, and so are the query and the fragment, which carry tokens just as often
 * (`?private_token=…`, `#access_token=…`). Anything that does not look like a URL is returned as
 * it is (a file path).
 */
export function redactUrl(url: string): string {
  if (!URL_LIKE.test(url)) return url;
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '' && u.search === '' && u.hash === '' && !/[?#]/.test(url)) return url;
    if (u.username !== '' || u.password !== '') {
      u.username = '***';
      u.password = '';
    }
    // Assigning '' keeps a lone `?`; build the end by hand so an empty query is dropped, a token kept out.
    const query = url.includes('?') ? '?***' : '';
    const fragment = url.includes('#') ? '#***' : '';
    u.search = '';
    u.hash = '';
    return `${u.toString().replace(/[?#]+$/, '')}${query}${fragment}`;
  } catch {
    // Not parseable, but scheme-like: cut whatever sits before the last @ of the authority, and
    // everything from the first ? or #.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@').replace(/\?[^#]*/, '?***').replace(/#.*$/s, '#***');
  }
}

/** A message (e.g. git's or the network's) with every URL in it shown as `redactUrl` shows it. */
export function redactUrlsIn(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi, (m) => redactUrl(m));
}
