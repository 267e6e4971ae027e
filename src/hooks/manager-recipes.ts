import { SOURCE_PLACE } from '../rule-docs.js';
import { VERSION } from '../version.js';
import type { HookName } from './hook-script.js';
import type { HookManager } from './hook-manager.js';

type RecipeManager = Exclude<HookManager['kind'], 'husky'>;

const NAMES: Record<RecipeManager, string> = {
  'husky-legacy': 'husky 4 (or older)',
  lefthook: 'lefthook',
  'pre-commit': 'the pre-commit framework',
  'simple-git-hooks': 'simple-git-hooks',
};

/** The commands each hook runs; the same ones the README's recipes show. */
const COMMIT_COMMAND = 'npx sealcheck scan --staged';
const PUSH_SCRIPT = 'node_modules/sealcheck/hooks/pre-push';

/** A configuration entry to add (`entry`, lines) and the command that applies it (`then`). */
interface Recipe {
  entry: string[];
  then: string;
}

/**
 * How to add sealcheck's `hook` to the manager's own configuration: installing a git hook behind
 * the manager's back would either be overwritten by it or switch its hooks off.
 */
function managerRecipe(kind: RecipeManager, hook: HookName): Recipe {
  switch (kind) {
    case 'pre-commit':
      return {
        entry: [
          '# .pre-commit-config.yaml (pre-commit >= 3.2)',
          'repos:',
          // The repository sealcheck came from, or a placeholder: never a guessed address.
          `  - repo: ${SOURCE_PLACE?.url ?? '<URL of the sealcheck repository>'}`,
          `    rev: v${VERSION}`,
          '    hooks:',
          hook === 'pre-commit'
            ? '      - id: sealcheck            # commit: sealcheck scan --staged'
            : '      - id: sealcheck-pre-push   # push: the pushed range',
        ],
        then: `pre-commit install --hook-type ${hook}`,
      };
    case 'lefthook':
      return {
        entry: [
          '# lefthook.yml',
          `${hook}:`,
          '  commands:',
          '    sealcheck:',
          ...(hook === 'pre-commit'
            ? [`      run: ${COMMIT_COMMAND}`]
            : [`      run: sh ${PUSH_SCRIPT} {1} {2}`, '      use_stdin: true']),
        ],
        then: 'npx lefthook install',
      };
    case 'simple-git-hooks':
      return {
        entry: [
          '// package.json (or the object in your simple-git-hooks.json/.js)',
          '"simple-git-hooks": {',
          hook === 'pre-commit' ? `  "${hook}": "${COMMIT_COMMAND}"` : `  "${hook}": "sh ${PUSH_SCRIPT} \\"$@\\""`,
          '}',
        ],
        then: 'npx simple-git-hooks (it rewrites every hook from that object and deletes the others)',
      };
    case 'husky-legacy':
      return {
        entry: [
          '# husky 4 runs the hooks listed under "husky": { "hooks": { ... } } in package.json;',
          '# sealcheck adds itself to husky 9 scripts: upgrade and move your hooks into .husky/',
          'npm install --save-dev husky@9 && npx husky init',
        ],
        then: `npx sealcheck install${hook === 'pre-push' ? ' --hook pre-push' : ''}`,
      };
  }
}

/** The whole refusal: which manager, why a git hook would break it, and the recipe. */
export function managerRefusal(
  manager: { kind: RecipeManager; evidence: string },
  hook: HookName,
  chainedLeft: string | undefined,
): string {
  const lines = [
    `this repository's git hooks are managed by ${NAMES[manager.kind]} (found ${manager.evidence}).`,
    `Installing sealcheck's ${hook} hook behind its back would be overwritten by it or stop its own hooks from running, so nothing was changed.`,
    `Add sealcheck to ${NAMES[manager.kind]}'s configuration instead:`,
    '',
  ];
  const recipe = managerRecipe(manager.kind, hook);
  for (const l of recipe.entry) lines.push(`    ${l}`);
  lines.push('', `Then run: ${recipe.then}`);
  if (chainedLeft !== undefined) {
    lines.push(
      '',
      `An earlier \`sealcheck install\` moved a hook aside to ${chainedLeft}: \`sealcheck uninstall\` puts it back first.`,
    );
  }
  return lines.join('\n');
}
