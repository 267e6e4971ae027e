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
    return `${trimEnd(u.toString(), '?#')}${query}${fragment}`;
  } catch {
    // Not parseable, but scheme-like: cut whatever sits before the last @ of the authority, and
    // everything from the first ? or #.
    const cut = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@').replace(/\?[^#]*/, '?***');
    const hash = cut.indexOf('#');
    return hash < 0 ? cut : `${cut.slice(0, hash)}#***`;
  }
}

/** A message (e.g. git's or the network's) with every URL in it shown as `redactUrl` shows it. */
export function redactUrlsIn(text: string): string {
  // The lookbehind starts a scheme only at the start of a run, so a long run is not re-scanned from every position.
  return text.replace(/(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi, (m) => redactUrl(m));
}

/** `text` without the run of `chars` at its end. */
function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] ?? '')) end -= 1;
  return text.slice(0, end);
}
