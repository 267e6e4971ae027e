import { EXIT_OK } from '../../errors.js';
import { rulesMarkdown } from '../../ruleset/docs.js';
import { loadRuleFiles } from '../../ruleset/load.js';
import type { RulesFormat } from '../options.js';
import { emit } from '../output.js';

/** The options of `sealcheck rules list`, as declared in cli/index.ts. */
export interface RulesListOptions {
  format: RulesFormat;
  output?: string;
}

export async function rulesListCommand(opts: RulesListOptions): Promise<number> {
  const rules = loadRuleFiles().map((l) => l.data);
  const format = opts.format;
  let text: string;
  if (format === 'markdown') text = rulesMarkdown(rules);
  else if (format === 'json')
    // The examples are test data, not part of what a rule is; JSON leaves out an undefined member.
    text = JSON.stringify(
      rules.map((r) => ({ ...r, examples: undefined })),
      null,
      2,
    );
  else {
    const width = Math.max(...rules.map((r) => r.id.length));
    text = rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}`).join('\n');
  }
  await emit(text, opts.output);
  return EXIT_OK;
}
