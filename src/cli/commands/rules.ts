import { EXIT_OK } from '../../errors.js';
import { rulesMarkdown } from '../../ruleset/docs.js';
import { loadRuleFiles } from '../../ruleset/load.js';
import { emit } from '../output.js';

export async function rulesListCommand(opts: Record<string, unknown>): Promise<number> {
  const rules = loadRuleFiles().map((l) => l.data);
  const format = (opts.format as string | undefined) ?? 'text';
  let text: string;
  if (format === 'markdown') text = rulesMarkdown(rules);
  else if (format === 'json')
    text = JSON.stringify(
      rules.map(({ examples: _e, ...r }) => r),
      null,
      2,
    );
  else {
    const width = Math.max(...rules.map((r) => r.id.length));
    text = rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}`).join('\n');
  }
  await emit(text, opts.output as string | undefined);
  return EXIT_OK;
}
