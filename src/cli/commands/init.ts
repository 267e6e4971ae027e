import { existsSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAMES } from '../../config/config.js';
import { EXIT_OK, UsageError } from '../../errors.js';
import { configTemplate } from '../../init/config-template.js';
import { packagePath } from '../../paths.js';
import { SOURCE_PLACE, type SourcePlace } from '../../rule-docs.js';

export interface InitCommandOptions {
  force?: boolean;
}

const SCHEMA = ['schema', 'sealcheck.schema.json'] as const;

/**
 * Where the modeline points for a configuration file in `folder`: the schema in the repository
 * sealcheck came from when that is known, else the schema file of this install, relative when the
 * install sits under the folder (node_modules) so the line works in every clone.
 */
export function schemaRef(folder: string, place: SourcePlace | undefined): string {
  if (place !== undefined) {
    const dir = place.directory !== undefined ? `${place.directory}/` : '';
    const github = /^https:\/\/github\.com\/(.+)$/.exec(place.url);
    return github?.[1] !== undefined
      ? `https://raw.githubusercontent.com/${github[1]}/${place.ref}/${dir}${SCHEMA.join('/')}`
      : `${place.url}/raw/${place.ref}/${dir}${SCHEMA.join('/')}`;
  }
  const file = packagePath(SCHEMA[0], SCHEMA[1]);
  const rel = relative(folder, file);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return file;
}

/**
 * `sealcheck init`: writes a commented `.sealcheck.yaml` in the current folder. An existing
 * configuration (either file name) is never replaced without --force: it holds reviewed decisions
 * (allow entries, rule settings) that a template would silently drop.
 */
export function initCommand(opts: InitCommandOptions, cwd = process.cwd()): number {
  const folder = resolve(cwd);
  const existing = CONFIG_FILE_NAMES.map((n) => join(folder, n)).filter((p) => existsSync(p));
  const refuse = (): never => {
    throw new UsageError(
      `${existing.map((p) => relative(cwd, p) || p).join(' and ') || CONFIG_FILE_NAMES[0]} already exists; nothing was written (sealcheck init --force replaces it)`,
    );
  };
  if (existing.length > 0 && opts.force !== true) refuse();
  // --force replaces the file in place, whichever of the two names it has, so no second one appears.
  const target = existing[0] ?? join(folder, CONFIG_FILE_NAMES[0]);
  try {
    // Without --force, `wx` refuses a file created since the check above.
    writeFileSync(target, configTemplate(schemaRef(dirname(target), SOURCE_PLACE)), {
      flag: opts.force === true ? 'w' : 'wx',
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') refuse();
    throw e;
  }
  process.stderr.write(
    `sealcheck: wrote ${relative(cwd, target) || target}; uncomment and edit the settings you need, then commit it\n`,
  );
  return EXIT_OK;
}
