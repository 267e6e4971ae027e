// Build step (run by `npm run build:all` after tsc): reads and validates rules/*.yaml with the same
// loader the CLI uses, and writes dist/rules.json so that a run, and above all the pre-commit hook,
// loads the built-in rules without parsing YAML or compiling JSON schemas (start-up time in a hook).
// At run time src/ruleset/load.ts falls back to the YAML whenever this file is missing or older
// than a rule file; test/ruleset/compiled.test.ts checks that both paths give the same rules.
// Usage: node scripts/compile-rules.mjs [OUT]   (default dist/rules.json)
import { renameSync, writeFileSync } from 'node:fs';

const { compileRules, compiledRulesFile } = await import('../dist/ruleset/load.js');

const out = process.argv[2] ?? compiledRulesFile();
try {
  const compiled = compileRules();
  // Written beside, then renamed: a run never reads a half-written file.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(compiled)}\n`);
  renameSync(tmp, out);
  process.stdout.write(`compiled ${compiled.rules.length} rules into ${out}\n`);
} catch (err) {
  // A ConfigError names the rule file and line, as `sealcheck scan` would.
  process.stderr.write(`compile-rules: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
