import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { loadRuleFiles } from '../../src/ruleset/load.js';

/** One regex that runs on scanned or user-supplied text, and where it is written. */
export interface RegexSite {
  where: string;
  source: string;
  flags: string;
  /** Run as the code runs it: every match in turn (`g`), or the first only. */
  global: boolean;
}

const ROOT = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function parsed(): { file: string; sf: ts.SourceFile }[] {
  return [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'action'))].map((file) => ({
    file,
    sf: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true),
  }));
}

/** `const NAME = 'text'` declarations of every file, by name: what a regex built from a template uses. */
function stringConstants(files: ReturnType<typeof parsed>): Map<string, string> {
  const out = new Map<string, string>();
  for (const { sf } of files) {
    const visit = (n: ts.Node): void => {
      if (
        ts.isVariableDeclaration(n) &&
        ts.isIdentifier(n.name) &&
        n.initializer &&
        ts.isStringLiteralLike(n.initializer)
      )
        out.set(n.name.text, n.initializer.text);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** The text of a string or template argument whose substitutions are all string constants; undefined otherwise. */
function staticText(n: ts.Expression | undefined, constants: Map<string, string>): string | undefined {
  if (n === undefined) return '';
  if (ts.isStringLiteralLike(n)) return n.text;
  if (ts.isTemplateExpression(n)) {
    let text = n.head.text;
    for (const span of n.templateSpans) {
      const value = ts.isIdentifier(span.expression) ? constants.get(span.expression.text) : undefined;
      if (value === undefined) return undefined;
      text += value + span.literal.text;
    }
    return text;
  }
  return undefined;
}

/**
 * Every regex in src/ and action/, found with the TypeScript parser so that a regex added anywhere is
 * covered without being listed: literals, and `new RegExp(...)` built from string constants. A
 * `new RegExp` whose source is only known at run time is returned in `dynamic` (file names), for the
 * test to account for.
 */
export function sourceRegexes(): { sites: RegexSite[]; dynamic: string[] } {
  const files = parsed();
  const constants = stringConstants(files);
  const sites: RegexSite[] = [];
  const dynamic: string[] = [];
  for (const { file, sf } of files) {
    const at = (n: ts.Node): string =>
      `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(n)) {
        const end = n.text.lastIndexOf('/');
        const flags = n.text.slice(end + 1);
        sites.push({ where: at(n), source: n.text.slice(1, end), flags, global: flags.includes('g') });
      }
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
        const source = staticText(n.arguments?.[0], constants);
        const flags = staticText(n.arguments?.[1], constants);
        if (source !== undefined && flags !== undefined)
          sites.push({ where: at(n), source, flags, global: flags.includes('g') });
        else dynamic.push(relative(ROOT, file));
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { sites, dynamic };
}

/**
 * Calls that spread an array into arguments (`out.push(...xs)`, `Math.max(...xs)`), as
 * `file: callee(...argument)`. Every argument becomes a stack slot, so spreading an array whose length
 * the input decides overflows the stack (about 100k elements); the test keeps a list of the bounded ones.
 */
export function spreadCalls(): string[] {
  const out: string[] = [];
  for (const { file, sf } of parsed()) {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        for (const arg of n.arguments) {
          if (ts.isSpreadElement(arg) && !ts.isArrayLiteralExpression(arg.expression))
            out.push(`${relative(ROOT, file)}: ${n.expression.getText(sf)}(...${arg.expression.getText(sf)})`);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/**
 * The regex params of the built-in rules: any param named like a regex or pattern. The token-pattern
 * detector adds the `g` flag and takes every match.
 */
export function ruleRegexes(): RegexSite[] {
  const out: RegexSite[] = [];
  for (const { data, source } of loadRuleFiles()) {
    const params = data.params ?? {};
    for (const [name, value] of Object.entries(params)) {
      if (!/regex|pattern/i.test(name)) continue;
      const sources = Array.isArray(value) ? value : [value];
      const flags = typeof params.flags === 'string' ? params.flags : '';
      for (const s of sources)
        if (typeof s === 'string')
          out.push({ where: `${relative(ROOT, source)} params.${name}`, source: s, flags, global: true });
    }
  }
  return out;
}
