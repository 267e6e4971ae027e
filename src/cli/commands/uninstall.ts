import { EXIT_OK, UsageError } from '../../errors.js';
import { displayPath } from '../../hooks/display-path.js';
import { detectHookManager } from '../../hooks/hook-manager.js';
import { type HookName, HOOK_NAMES } from '../../hooks/hook-script.js';
import { configuredHooksPath, hooksDir, workTreeTop } from '../../hooks/hooks-dir.js';
import { uninstallFromHusky } from '../../hooks/husky-integration.js';
import { uninstallHook } from '../../hooks/installer.js';
import { describeHusky, describeUninstall } from './hook-messages.js';
import type { HookCommandOptions } from './install.js';
import { emit } from '../output.js';

/**
 * `sealcheck uninstall [--hook pre-commit|pre-push] [--force]`: removes sealcheck's hooks (default:
 * every one it installs) and restores the hooks they chained; in a husky project, removes the lines
 * `install` added. Idempotent; a hook that is not ours stays. A hook it refuses to touch (edited, or
 * a conflicting chained one) is reported, the other hooks are still handled, and the exit code is 2.
 */
export async function uninstallCommand(opts: HookCommandOptions, cwd: string = process.cwd()): Promise<number> {
  const hooks: readonly HookName[] = opts.hook !== undefined ? [opts.hook] : HOOK_NAMES;
  const force = opts.force === true;
  const show = (file: string): string => displayPath(file, cwd);
  const [dir, top, hooksPath] = await Promise.all([hooksDir(cwd), workTreeTop(cwd), configuredHooksPath(cwd)]);
  const manager = detectHookManager(dir, top, hooksPath, show);
  const refused: string[] = [];
  for (const hook of hooks) {
    try {
      const lines =
        manager?.kind === 'husky'
          ? describeHusky(uninstallFromHusky(dir, manager.scriptsDir, hook, { force, show }), cwd)
          : [describeUninstall(uninstallHook(dir, hook, { force, show }), cwd)];
      await emit(lines.join('\n'), undefined, 'the outcome');
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      refused.push(err.message);
    }
  }
  if (refused.length > 0) throw new UsageError(refused.join('\nsealcheck: '));
  return EXIT_OK;
}
