import { EXIT_OK } from '../../errors.js';
import type { HookName } from '../../hooks/hook-script.js';
import { hooksDir } from '../../hooks/hooks-dir.js';
import { installHook, type InstallOutcome } from '../../hooks/installer.js';
import { displayPath } from '../../hooks/display-path.js';
import { emit } from '../output.js';

/**
 * `sealcheck install [--hook pre-commit|pre-push] [--force]`: puts the hook script (default
 * pre-commit) into the folder git runs hooks from. Idempotent; an existing hook is chained.
 */
export async function installCommand(opts: Record<string, unknown>, cwd: string = process.cwd()): Promise<number> {
  const hook = (opts.hook as HookName | undefined) ?? 'pre-commit';
  const dir = hooksDir(cwd);
  const outcome = installHook(dir, hook, { force: opts.force === true });
  await emit(describe(outcome, cwd), undefined, 'the outcome');
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
      const old = o.movedOld !== undefined ? ` (the previous ${displayPath(o.chained, cwd)} is now ${displayPath(o.movedOld, cwd)})` : '';
      return `sealcheck: installed the ${o.hook} hook in ${file}; the existing hook moved to ${displayPath(o.chained, cwd)}${old} and runs first`;
    }
  }
}
