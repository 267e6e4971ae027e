import { displayPath } from '../../hooks/display-path.js';
import { CHAINED_SUFFIX } from '../../hooks/hook-script.js';
import type { HuskyOutcome } from '../../hooks/husky-integration.js';
import type { UninstallOutcome } from '../../hooks/installer.js';

/** One line per thing `sealcheck uninstall` did (or found) for a plain hook. */
export function describeUninstall(o: UninstallOutcome, cwd: string): string {
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
    case 'deduplicated':
      return `sealcheck: ${file}${CHAINED_SUFFIX} was identical to ${file}; put back under its own name`;
  }
}

/** The lines describing what installing into, or uninstalling from, a husky project did. */
export function describeHusky(o: HuskyOutcome, cwd: string): string[] {
  const lines: string[] = [];
  if (o.repaired !== undefined && o.repaired.action !== 'absent' && o.repaired.action !== 'foreign') {
    lines.push(`${describeUninstall(o.repaired, cwd)} (an earlier sealcheck hook there kept husky's own from running)`);
  }
  const file = displayPath(o.line.file, cwd);
  const hook = o.line.hook;
  switch (o.line.action) {
    case 'added':
      lines.push(
        `sealcheck: husky project: added the ${hook} check as one line near the top of ${file}; the rest of the file is unchanged`,
      );
      break;
    case 'created':
      lines.push(`sealcheck: husky project: created ${file} with the ${hook} check`);
      break;
    case 'replaced':
      lines.push(`sealcheck: husky project: replaced the edited sealcheck line in ${file}`);
      break;
    case 'unchanged':
      lines.push(`sealcheck: husky project: ${file} already runs the ${hook} check; nothing changed`);
      break;
    case 'removed':
      lines.push(`sealcheck: husky project: removed the sealcheck line from ${file}`);
      break;
    case 'deleted':
      lines.push(`sealcheck: husky project: deleted ${file}, which held only the sealcheck line`);
      break;
    case 'absent':
      lines.push(`sealcheck: husky project: no sealcheck line in ${file}; nothing changed`);
      break;
  }
  return lines;
}
