import { describe, expect, it } from 'vitest';
import { isModeWord } from '../src/detectors/credential-keys.js';

describe('mode words under *auth and *mode names', () => {
  it('knows modes and not credentials that happen to be lower case', () => {
    for (const v of ['basic-auth', 'htpasswd', 'simple', 'none', 'oauth2', 'token', 'ldap'])
      expect(isModeWord('REGISTRY_AUTH', v), v).toBe(true);
    // Lower-case hex and UUIDs: one in three starts with a letter and fit the old mode-word pattern.
    for (const v of [
      'c0ffee0ddba11fa1afe5eed0badd00d5',
      'deadbeef-0000-4000-8000-000000000000',
      'k3j9x0q2w8e7r6t5y4u1',
    ])
      expect(isModeWord('REDIS_AUTH', v), v).toBe(false);
  });
});
