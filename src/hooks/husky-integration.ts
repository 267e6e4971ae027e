import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CHAINED_SUFFIX, type HookName, isSealcheckHook } from './hook-script.js';
import { planHuskyInstall, planHuskyUninstall, type HuskyLineOutcome } from './husky-line.js';
import { type InstallOptions, uninstallHook, type UninstallOutcome } from './installer.js';

/**
 * What installing into, or uninstalling from, a husky project did: `line` is the change to the
 * user's script; `repaired` is an earlier sealcheck hook taken out of the folder git runs hooks
 * from (it had moved husky's dispatcher aside, which switched the user's husky scripts off).
 */
export interface HuskyOutcome {
  line: HuskyLineOutcome;
  repaired?: UninstallOutcome;
}

/** Adds sealcheck's line to the husky script for `hook`, after putting back anything an earlier install moved. */
export function installIntoHusky(
  hooks: string,
  scriptsDir: string,
  hook: HookName,
  opts: InstallOptions = {},
): HuskyOutcome {
  const repaired = repairEarlierInstall(hooks, hook, opts);
  const plan = planHuskyInstall(scriptsDir, hook, opts);
  plan.apply();
  return { line: plan.outcome, ...(repaired !== undefined ? { repaired } : {}) };
}

/** Removes sealcheck's line from the husky script for `hook`, and any hook an earlier install put in `hooks`. */
export function uninstallFromHusky(
  hooks: string,
  scriptsDir: string,
  hook: HookName,
  opts: InstallOptions = {},
): HuskyOutcome {
  const plan = planHuskyUninstall(scriptsDir, hook, opts);
  plan.apply();
  const repaired = repairEarlierInstall(hooks, hook, opts);
  return { line: plan.outcome, ...(repaired !== undefined ? { repaired } : {}) };
}

/**
 * An older sealcheck installed its own script in husky's hooks folder and renamed husky's hook to
 * `<hook>.sealcheck-chained`; uninstalling that (same rules as a plain uninstall: an edited hook or
 * a conflicting pair is refused) gives husky its hook back. Undefined when there is nothing to undo.
 */
function repairEarlierInstall(hooks: string, hook: HookName, opts: InstallOptions): UninstallOutcome | undefined {
  const file = path.join(hooks, hook);
  if (!existsSync(file + CHAINED_SUFFIX) && !isSealcheckScript(file)) return undefined;
  return uninstallHook(hooks, hook, opts);
}

function isSealcheckScript(file: string): boolean {
  try {
    return isSealcheckHook(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}
