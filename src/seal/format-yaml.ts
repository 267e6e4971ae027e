/**
 * YAML exactly as kubeseal writes it: encoding/json output turned into YAML by sigs.k8s.io/yaml
 * (go-yaml v2.4 Marshal), with `---\n` before each document, so a sealed file diffs cleanly against kubeseal's.
 *
 * A small hand-written emitter for the value kinds JSON has. It keeps go-yaml's emitter state
 * (column, indent, whitespace/indention flags) so that quoting, literal blocks and the folding
 * of long scalars at column 80 come out where go-yaml puts them. Flow style occurs only for empty
 * collections (`{}`, `[]`).
 */
import { GoObject, sealedSecretToGo, type GoFormatOptions, type GoValue } from './go-value.js';
import type { SealedSecret } from './model.js';
import { compareYamlKeys } from './yaml-key-order.js';
import { runeValue, runes } from './runes.js';
import { resolvesToNonString } from './yaml-resolve.js';
import {
  BEST_INDENT,
  analyze,
  doubleQuotedEscape,
  goFloatOrInt,
  isBreak,
  isPrintable,
  isSimpleKey,
  selectStyle,
  type Style,
} from './yaml-scalar.js';

const BEST_WIDTH = 80;

/** Several SealedSecrets as kubeseal prints them: `---\n` before each document. */
export function sealedSecretsToYaml(list: readonly SealedSecret[], options: GoFormatOptions = {}): string {
  return list.map((s) => `---\n${goYaml(sealedSecretToGo(s, options))}`).join('');
}

/** go-yaml v2 Marshal of one value (every map's keys sorted in go-yaml's order). */
export function goYaml(value: GoValue): string {
  const e = new Emitter();
  e.node(value, { root: true, mapping: false, simpleKey: false });
  e.documentEnd();
  return e.text();
}

interface Context {
  root: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private openEnded = false;

  text(): string {
    return this.out.join('');
  }

  node(value: GoValue, ctx: Context): void {
    if (value instanceof GoObject) {
      if (value.entries.length === 0) this.emptyFlow('{', '}');
      else this.blockMapping(value);
    } else if (Array.isArray(value)) {
      if (value.length === 0) this.emptyFlow('[', ']');
      else this.blockSequence(value, ctx);
    } else if (typeof value === 'string') {
      // encode.go stringv: literal for any "\n", plain when it reads back as a string, else double.
      const requested: Style = value.includes('\n') ? 'literal' : resolvesToNonString(value) ? 'double' : 'plain';
      this.scalar(value, requested, ctx);
    } else {
      this.scalar(scalarText(value), 'plain', ctx);
    }
  }

  documentEnd(): void {
    this.writeIndent();
    if (this.openEnded) {
      this.writeIndicator('...', true, false, false);
      this.writeIndent();
    }
  }

  private blockMapping(map: GoObject): void {
    this.increaseIndent(false, false);
    const entries = [...map.entries].sort(([a], [b]) => compareYamlKeys(a, b));
    for (const [key, value] of entries) {
      this.writeIndent();
      if (isSimpleKey(key)) {
        this.node(key, { root: false, mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, { root: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { root: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  private blockSequence(items: GoValue[], ctx: Context): void {
    // A sequence that is a mapping value is not indented under its key ("indentless").
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { root: false, mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private scalar(value: string, requested: Style, ctx: Context): void {
    const style = selectStyle(value, requested, analyze(value), ctx.simpleKey);
    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    if (style === 'plain') this.writePlain(value, allowBreaks, ctx.root);
    else if (style === 'single') this.writeSingleQuoted(value, allowBreaks);
    else if (style === 'double') this.writeDoubleQuoted(value, allowBreaks);
    else this.writeLiteral(value);
    this.popIndent();
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  private put(ch: string): void {
    this.out.push(ch);
    this.column += 1;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private writeBreak(ch: string): void {
    if (ch === '\n') this.putBreak();
    else {
      this.out.push(ch);
      this.column = 0;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }

  private writePlain(value: string, allowBreaks: boolean, root: boolean): void {
    if (!this.whitespace) this.put(' ');
    this.writeFoldable(value, allowBreaks, false);
    this.whitespace = false;
    this.indention = false;
    if (root) this.openEnded = true;
  }

  private writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    this.writeFoldable(value, allowBreaks, true);
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  /**
   * The text of a plain or single-quoted scalar (go-yaml writes both the same way): a space past
   * the width becomes a line break, a line break is written twice so it reads back as one. In single
   * quotes a space at either end never folds and `'` is doubled.
   */
  private writeFoldable(value: string, allowBreaks: boolean, quoted: boolean): void {
    const chars = runes(value);
    let spaces = false;
    let breaks = false;
    for (const [i, ch] of chars.entries()) {
      if (ch === ' ') {
        const inside = !quoted || (i > 0 && i < chars.length - 1);
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && inside && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(ch)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (quoted && ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
  }

  private writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = runes(value);
    let spaces = false;
    for (const [i, ch] of chars.entries()) {
      const cp = runeValue(ch);
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(ch) || ch === '"' || ch === '\\') {
        for (const c of doubleQuotedEscape(cp)) this.put(c);
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(value);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const ch of value) {
      if (isBreak(ch)) {
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        breaks = false;
      }
    }
  }

  private writeBlockScalarHints(value: string): void {
    const chars = runes(value);
    const first = chars.at(0);
    if (first !== undefined && (first === ' ' || isBreak(first)))
      this.writeIndicator(String(BEST_INDENT), false, false, false);
    this.openEnded = false;
    let chomp = '';
    const last = chars.at(-1);
    const beforeLast = chars.at(-2);
    if (last === undefined || !isBreak(last)) chomp = '-';
    else if (beforeLast === undefined || isBreak(beforeLast)) {
      chomp = '+';
      this.openEnded = true;
    }
    if (chomp !== '') this.writeIndicator(chomp, false, false, false);
  }
}

function scalarText(value: null | boolean | number): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return goFloatOrInt(value);
}
