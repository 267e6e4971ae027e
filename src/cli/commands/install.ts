import { existsSync } from 'node:fs';
import path from 'node:path';
import { EXIT_OK, UsageError } from '../../errors.js';
import { displayPath } from '../../hooks/display-path.js';
import { detectHookManager } from '../../hooks/hook-manager.js';
import { CHAINED_SUFFIX, type HookName } from '../../hooks/hook-script.js';
import { configuredHooksPath, hooksDir, workTreeTop } from '../../hooks/hooks-dir.js';
import { installIntoHusky } from '../../hooks/husky-integration.js';
import { installHook, type InstallOutcome } from '../../hooks/installer.js';
import { managerRefusal } from '../../hooks/manager-recipes.js';
import { describeHusky } from './hook-messages.js';
import { emit } from '../output.js';
import { INSTALL_COMMAND } from '../../install-command.js';

/** The options of `sealcheck install` and `uninstall`, as declared in cli/index.ts. */
export interface HookCommandOptions {
  hook?: HookName;
  force?: boolean;
}

/**
 * `sealcheck install [--hook pre-commit|pre-push] [--force]`: puts the hook script (default
 * pre-commit) into the folder git runs hooks from. Idempotent; an existing plain hook is chained.
 * In a husky project it adds one line to the user's `.husky/<hook>` instead; with another hook
 * manager it changes nothing and prints how to add sealcheck to that manager's configuration.
 */
export async function installCommand(opts: HookCommandOptions, cwd: string = process.cwd()): Promise<number> {
  const hook = opts.hook ?? 'pre-commit';
  const force = opts.force === true;
  const show = (file: string): string => displayPath(file, cwd);
  const [dir, top, hooksPath] = await Promise.all([hooksDir(cwd), workTreeTop(cwd), configuredHooksPath(cwd)]);
  const manager = detectHookManager(dir, top, hooksPath, show);
  if (manager === undefined) {
    await emit(describe(installHook(dir, hook, { force, show }), cwd), undefined, 'the outcome');
    return EXIT_OK;
  }
  if (manager.kind !== 'husky') {
    const chained = path.join(dir, hook) + CHAINED_SUFFIX;
    throw new UsageError(managerRefusal(manager, hook, existsSync(chained) ? displayPath(chained, cwd) : undefined));
  }
  const outcome = installIntoHusky(dir, manager.scriptsDir, hook, { force, show });
  await emit(describeHusky(outcome, cwd).join('\n'), undefined, 'the outcome');
  if (top !== undefined && !existsSync(path.join(top, 'node_modules/sealcheck/hooks', hook))) {
    process.stderr.write(
      `sealcheck: note: the line runs node_modules/sealcheck/hooks/${hook}, which this project does not have yet; until \`${INSTALL_COMMAND}\`, husky blocks every ${hook === 'pre-commit' ? 'commit' : 'push'}\n`,
    );
  }
  if (!manager.active) {
    process.stderr.write(
      `sealcheck: note: husky is not set up in this clone (core.hooksPath is unset), so git does not run ${displayPath(manager.scriptsDir, cwd)} yet: run \`npx husky\` (npm install does it through the "prepare" script)\n`,
    );
  }
  return EXIT_OK;
}

function describe(o: InstallOutcome, cwd: string): string {
  const file = displayPath(o.file, cwd);
  switch (o.action) {
    case 'unchanged':
      return `sealcheck: the ${o.hook} hook is already installed in ${file}; nothing changed`;
    case 'installed':
    case 'updated': {
      const chained = o.chained !== undefined ? `; it runs ${displayPath(o.chained, cwd)} first` : '';
      return `sealcheck: ${o.action} the ${o.hook} hook in ${file}${chained}`;
    }
    case 'chained': {
      const old =
        o.movedOld !== undefined
          ? ` (the previous ${displayPath(o.chained, cwd)} is now ${displayPath(o.movedOld, cwd)})`
          : '';
      return `sealcheck: installed the ${o.hook} hook in ${file}; the existing hook moved to ${displayPath(o.chained, cwd)}${old} and runs first`;
    }
  }
}
