import { packagePath } from '../paths.js';
import { readFileSync } from 'node:fs';

/** The git hooks sealcheck ships, in the order `sealcheck install` lists them. */
export const HOOK_NAMES = ['pre-commit', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** Suffix of an existing hook that `sealcheck install` moved aside; our script runs it first. */
export const CHAINED_SUFFIX = '.sealcheck-chained';

/** The marker line every sealcheck hook script carries, whatever its version (`# sealcheck-hook v1`). */
const MARKER = /^# sealcheck-hook v\d+$/m;

/** True when `text` is a hook script written by sealcheck (any version, edited or not). */
export function isSealcheckHook(text: string): boolean {
  return MARKER.test(text);
}

/** The marker's version line, to tell an older sealcheck hook (upgrade it) from a local edit (keep it). */
export function markerOf(text: string): string | undefined {
  return MARKER.exec(text)?.[0];
}

/** The script shipped in the package's hooks/ folder (beside dist/ and src/ alike). */
export function packagedHook(name: HookName): string {
  return readFileSync(packagePath('hooks', name), 'utf8');
}
