import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * sealcheck starts git in one module, src/git/run.ts: its environment, its error type (GitFailed,
 * which never carries stdout) and its output limits are decided there once. Any other file that
 * imports child_process is a second, unreviewed way to run git, so this fails on it. No program
 * other than git is started by src/ or action/ today; one that must be (say, a kubeseal) goes in
 * EXCEPTIONS with its reason.
 */
const RUNNER = 'src/git/run.ts';
const EXCEPTIONS = new Map<string, string>([]);

/** Modules that run processes, and git libraries the runner replaces (their import cost is measured in the README). */
const PROCESS_MODULES = new Set(['child_process', 'node:child_process']);
const GIT_LIBRARIES = new Set(['simple-git', 'isomorphic-git', 'nodegit', 'es-git']);

const SOURCE = /\.(?:[cm]?ts|[cm]?js)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

/** Every module a file loads: `import … from`, `export … from`, `import x = require()`, `import()`, `require()`. */
function importedModules(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (
      (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) &&
      n.moduleSpecifier &&
      ts.isStringLiteral(n.moduleSpecifier)
    )
      out.push(n.moduleSpecifier.text);
    else if (ts.isExternalModuleReference(n) && ts.isStringLiteralLike(n.expression)) out.push(n.expression.text);
    else if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const first = n.arguments[0];
      const loads =
        callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
      if (loads && first !== undefined && ts.isStringLiteralLike(first)) out.push(first.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const files = [...sourceFiles('src'), ...sourceFiles('action')].map((file) => ({
  file,
  modules: importedModules(file, readFileSync(join(ROOT, file), 'utf8')),
}));

describe('one git access layer', () => {
  it('finds every form of loading child_process (the scan itself can fail)', () => {
    const forms = [
      "import { spawn } from 'node:child_process';",
      "import type { ChildProcess } from 'child_process';",
      "import * as cp from 'node:child_process';",
      "export { execFile } from 'child_process';",
      "const cp = await import('node:child_process');",
      "const cp = require('child_process');",
      "import cp = require('child_process');",
    ];
    for (const form of forms)
      expect(
        importedModules('probe.ts', form).filter((m) => PROCESS_MODULES.has(m)),
        form,
      ).toHaveLength(1);
    expect(importedModules('probe.ts', "const s = 'node:child_process'; // import('child_process')")).toEqual([]);
  });

  it('reads the sources it guards', () => {
    expect(files.map((f) => f.file)).toContain(RUNNER);
    expect(files.some((f) => f.file.startsWith('action/'))).toBe(true);
    expect(files.find((f) => f.file === RUNNER)?.modules).toContain('node:child_process');
  });

  it(`only ${RUNNER} starts processes`, () => {
    const offenders = files
      .filter((f) => f.file !== RUNNER && !EXCEPTIONS.has(f.file))
      .filter((f) => f.modules.some((m) => PROCESS_MODULES.has(m)))
      .map((f) => f.file);
    // An exception whose file no longer starts a process is stale: remove it.
    const stale = [...EXCEPTIONS.keys()].filter(
      (file) => !files.some((f) => f.file === file && f.modules.some((m) => PROCESS_MODULES.has(m))),
    );
    expect(stale).toEqual([]);
    expect(offenders, 'run git through src/git/run.ts (git, gitText, spawnGit)').toEqual([]);
  });

  it('no git library is loaded', () => {
    const offenders = files.filter((f) => f.modules.some((m) => GIT_LIBRARIES.has(m))).map((f) => f.file);
    expect(offenders).toEqual([]);
  });
});
