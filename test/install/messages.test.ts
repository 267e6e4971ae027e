import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSTALL_COMMAND } from '../../src/install-command.js';
import { VERSION } from '../../src/version.js';
import { ROOT } from '../helpers/cli.js';

/*
 * sealcheck is not on the npm registry, so `npm install sealcheck` fails for a user who follows a
 * message or the README. Every install command we show must name something that exists: the git
 * repository (at a release tag or not), a path to a clone, or a tarball from `npm pack`.
 */

/** Files that tell users how to install: the hooks, the CLI's messages, the README, the templates. */
function userFacingFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir)).flatMap((name) => {
      const rel = path.join(dir, name);
      return statSync(path.join(ROOT, rel)).isDirectory() ? walk(rel) : [rel];
    });
  return [...walk('hooks'), ...walk('src'), ...walk('templates'), 'README.md', 'CONTRIBUTING.md', 'Dockerfile'];
}

/** The package arguments of each `npm install`/`npm i` on `line` (flags and surrounding quotes dropped). */
function installArguments(line: string): string[] {
  const args: string[] = [];
  for (const marker of ['npm install ', 'npm i ']) {
    let at = line.indexOf(marker);
    while (at !== -1) {
      const rest = line.slice(at + marker.length);
      const end = ['`', '&&', ';', '|', ')', '#'].map((s) => rest.indexOf(s)).filter((i) => i !== -1);
      const words = rest.slice(0, end.length > 0 ? Math.min(...end) : rest.length).split(' ');
      for (const w of words) {
        const word = w.replaceAll('"', '').replaceAll("'", '').replace(/,$/, '');
        if (word !== '' && !word.startsWith('-')) args.push(word);
      }
      at = line.indexOf(marker, at + marker.length);
    }
  }
  return args;
}

describe('install instructions', () => {
  it('never name sealcheck as a registry package', () => {
    const registryInstalls: string[] = [];
    for (const file of userFacingFiles()) {
      const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const arg of installArguments(line))
          if (arg === 'sealcheck' || arg.startsWith('sealcheck@'))
            registryInstalls.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(registryInstalls).toEqual([]);
  });

  it('the CLI names the git repository at the tag of its own version', () => {
    expect(INSTALL_COMMAND).toBe(`npm install --save-dev git+https://github.com/sealcheck/sealcheck.git#v${VERSION}`);
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      repository: { url: string };
    };
    expect(INSTALL_COMMAND).toContain(manifest.repository.url);
  });

  it('the README names the release the procedure creates (tag v<package.json version>)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const revs = [...readme.matchAll(/rev: (v[\d.]+)/g)].map((m) => m[1]);
    expect(revs.length).toBeGreaterThan(0);
    for (const rev of revs) expect(rev).toBe(`v${VERSION}`);
    const tags = [...readme.matchAll(/sealcheck\.git#(v[\d.]+)/g)].map((m) => m[1]);
    for (const tag of tags) expect(tag).toBe(`v${VERSION}`);
    expect(readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## ${VERSION} `);
  });
});
