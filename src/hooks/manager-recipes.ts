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

/**
 * How to add sealcheck's `hook` to the manager's own configuration, as lines to print: installing a
 * git hook behind the manager's back would either be overwritten by it or switch its hooks off.
 */
export function managerRecipe(kind: RecipeManager, hook: HookName): string[] {
  switch (kind) {
    case 'pre-commit':
      return [
        '# .pre-commit-config.yaml (pre-commit >= 3.2)',
        'repos:',
        '  - repo: https://github.com/sealcheck/sealcheck',
        `    rev: v${VERSION}`,
        '    hooks:',
        hook === 'pre-commit' ? '      - id: sealcheck            # commit: sealcheck scan --staged' : '      - id: sealcheck-pre-push   # push: the pushed range',
        '',
        `then: pre-commit install --hook-type ${hook}`,
      ];
    case 'lefthook':
      return [
        '# lefthook.yml',
        `${hook}:`,
        '  commands:',
        '    sealcheck:',
        ...(hook === 'pre-commit' ? [`      run: ${COMMIT_COMMAND}`] : [`      run: sh ${PUSH_SCRIPT} {1} {2}`, '      use_stdin: true']),
        '',
        'then: npx lefthook install',
      ];
    case 'simple-git-hooks':
      return [
        '// package.json (or the "simple-git-hooks" object of your simple-git-hooks.json/.js)',
        '"simple-git-hooks": {',
        hook === 'pre-commit' ? `  "${hook}": "${COMMIT_COMMAND}"` : `  "${hook}": "sh ${PUSH_SCRIPT} \\"$@\\""`,
        '}',
        '',
        'then: npx simple-git-hooks   (it rewrites every hook from that object and deletes the others)',
      ];
    case 'husky-legacy':
      return [
        'husky 4 runs the hooks listed in package.json ("husky": { "hooks": { ... } }); sealcheck integrates',
        'with husky 9 instead: upgrade (npm install --save-dev husky@9 && npx husky init), move your hooks',
        'into .husky/, then run `sealcheck install` again.',
      ];
  }
}

/** The whole refusal: which manager, why a git hook would break it, and the recipe. */
export function managerRefusal(manager: { kind: RecipeManager; evidence: string }, hook: HookName, chainedLeft: string | undefined): string {
  const lines = [
    `this repository's git hooks are managed by ${NAMES[manager.kind]} (found ${manager.evidence}).`,
    `Installing sealcheck's ${hook} hook behind its back would be overwritten by it or stop its own hooks from running, so nothing was changed.`,
    `Add sealcheck to ${NAMES[manager.kind]}'s configuration instead:`,
    '',
    ...managerRecipe(manager.kind, hook).map((l) => (l === '' ? '' : `    ${l}`)),
  ];
  if (chainedLeft !== undefined) {
    lines.push('', `An earlier \`sealcheck install\` moved a hook aside to ${chainedLeft}: \`sealcheck uninstall\` puts it back first.`);
  }
  return lines.join('\n');
}
