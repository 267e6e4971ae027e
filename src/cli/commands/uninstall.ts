import { EXIT_OK } from '../../errors.js';
import { displayPath } from '../../hooks/display-path.js';
import { type HookName, HOOK_NAMES } from '../../hooks/hook-script.js';
import { hooksDir } from '../../hooks/hooks-dir.js';
import { uninstallHook, type UninstallOutcome } from '../../hooks/installer.js';
import { emit } from '../output.js';

/**
 * `sealcheck uninstall [--hook pre-commit|pre-push]`: removes sealcheck's hooks (default: every one
 * it installs) and restores the hooks they chained. Idempotent; a hook that is not ours stays.
 */
export async function uninstallCommand(opts: Record<string, unknown>, cwd: string = process.cwd()): Promise<number> {
  const hooks: readonly HookName[] = opts.hook !== undefined ? [opts.hook as HookName] : HOOK_NAMES;
  const dir = hooksDir(cwd);
  const lines = hooks.map((hook) => describe(uninstallHook(dir, hook), cwd));
  await emit(lines.join('\n'), undefined, 'the outcome');
  return EXIT_OK;
}

function describe(o: UninstallOutcome, cwd: string): string {
  const file = displayPath(o.file, cwd);
  switch (o.action) {
    case 'absent':
      return `sealcheck: no ${o.hook} hook in ${file}; nothing changed`;
    case 'foreign':
      return `sealcheck: ${file} is not sealcheck's ${o.hook} hook; left alone`;
    case 'removed':
      return `sealcheck: removed the ${o.hook} hook from ${file}`;
    case 'restored':
      return `sealcheck: removed the ${o.hook} hook; the previous hook is back in ${displayPath(o.restored, cwd)}`;
  }
}
