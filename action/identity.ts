import type { Octokit } from '@octokit/rest';
import { isRateLimited, statusOf, withRetry } from './github.js';

/** The account GITHUB_TOKEN (an installation token of the GitHub Actions app) posts as. */
export const DEFAULT_BOT_LOGIN = 'github-actions[bot]';

/**
 * The login the token posts as: only comments by this account are sealcheck's own. Any other
 * account, bots included, can write a comment ending with a marker, and must not be able to
 * silence a finding that way.
 *
 * An installation token (`ghs_…`: GITHUB_TOKEN, or a GitHub App's) may not call `GET /user`, and
 * the API offers it no other way to learn its bot's login, so the declared `bot-login` is used.
 * Any other token (a personal access token, an OAuth or user-to-server token) posts as its user,
 * which `GET /user` names; when that call is refused (an unknown kind of installation token on
 * GitHub Enterprise, say), the declared login is used as well.
 */
export async function ownLogin(
  gh: Octokit,
  token: string,
  declared: string,
  log: (s: string) => void,
): Promise<string> {
  if (token.startsWith('ghs_')) return declared;
  try {
    const me = await withRetry(() => gh.rest.users.getAuthenticated(), log);
    return me.data.login;
  } catch (err) {
    const s = statusOf(err);
    if (isRateLimited(err) || (s !== 401 && s !== 403 && s !== 404)) throw err;
    log(`GET /user answered ${s}: taking the token to post as ${declared} (input bot-login)`);
    return declared;
  }
}

/** GitHub logins are case-insensitive. */
export function isLogin(user: { login?: string } | null | undefined, login: string): boolean {
  return user?.login !== undefined && user.login.toLowerCase() === login.toLowerCase();
}
