// `npm run docs:rules` (after scripts/compile-rules.mjs): regenerates everything derived from
// rules/*.yaml that is committed, so adding a rule is one YAML file and this one command:
// docs/rules.md, and the rule tables between the `<!-- rules:NAME:begin/end -->` markers of
// README.md. test/docs.test.ts fails when either is not what this script writes.
// Needs a build (it imports the compiled loader from dist/, as compile-rules.mjs does).
import { readFileSync, writeFileSync } from 'node:fs';

const { loadRuleFiles } = await import('../dist/ruleset/load.js');
const { rulesMarkdown, withReadmeRuleTables } = await import('../dist/ruleset/docs.js');

const root = new URL('..', import.meta.url);
const rules = loadRuleFiles().map((l) => l.data);
writeFileSync(new URL('docs/rules.md', root), `${rulesMarkdown(rules).trimEnd()}\n`);
const readmeFile = new URL('README.md', root);
const readme = readFileSync(readmeFile, 'utf8');
const next = withReadmeRuleTables(readme, rules);
if (next !== readme) writeFileSync(readmeFile, next);
process.stdout.write(`docs/rules.md and the README's rule tables list ${rules.length} rules\n`);
