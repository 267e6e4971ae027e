import { VERSION } from './version.js';

/**
 * The command that adds this version of sealcheck to a project, for messages that tell a user to
 * install it. sealcheck is not on the npm registry: it installs from its git repository at the
 * release tag, which holds the built CLI (no build step, no dependencies).
 */
export const INSTALL_COMMAND = `npm install --save-dev git+https://github.com/sealcheck/sealcheck.git#v${VERSION}`;
