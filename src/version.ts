import { packagePath } from './paths.js';
import { readFileSync } from 'node:fs';

/** The package version, read once from package.json beside the compiled code. */
export const VERSION: string = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string })
  .version;
