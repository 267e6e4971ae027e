// How many Helm template files (files under the `templates/` folder of a chart, a folder holding
// Chart.yaml) get a `parse-error` note, i.e. are read by the line parser instead of as YAML.
//   node bench/template-parse-rate.mjs DIR [--bin path/to/sealcheck.js] [--list]
// --bin measures another build (a baseline clone's bin/sealcheck.js); --list prints the files.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args.splice(i, 2)[1];
};
const bin = resolve(option('--bin') ?? join(import.meta.dirname, '..', 'bin', 'sealcheck.js'));
const list = args.includes('--list');
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? '.');

function files(folder, out) {
  for (const e of readdirSync(folder, { withFileTypes: true })) {
    const p = join(folder, e.name);
    if (e.isDirectory()) files(p, out);
    else if (e.isFile()) out.push(relative(dir, p).split('\\').join('/'));
  }
  return out;
}

function templateFiles(folder, out) {
  if (existsSync(join(folder, 'Chart.yaml')) && existsSync(join(folder, 'templates')))
    files(join(folder, 'templates'), out);
  for (const e of readdirSync(folder, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules' && e.name !== 'templates')
      templateFiles(join(folder, e.name), out);
  }
  return out;
}

const templates = new Set(templateFiles(dir, []));
const run = spawnSync(process.execPath, [bin, 'scan', '.', '-f', 'json'], {
  cwd: dir,
  maxBuffer: 1 << 30,
  encoding: 'utf8',
});
if (run.status !== 0 && run.status !== 1) {
  process.stderr.write(run.stderr);
  process.exit(2);
}
const noted = new Set(
  JSON.parse(run.stdout)
    .findings.filter((f) => f.ruleId === 'parse-error' && templates.has(f.location.path))
    .map((f) => f.location.path),
);
const structured = [...templates].filter((p) => /\.(ya?ml|json)$/i.test(p)).length;
const rate = templates.size === 0 ? 0 : (100 * noted.size) / templates.size;
process.stdout.write(
  `${dir}: ${templates.size} template files (${structured} .yaml/.yml/.json); ${noted.size} with a parse-error note (${rate.toFixed(2)} %)\n`,
);
if (list) for (const p of [...noted].sort()) process.stdout.write(`  ${p}\n`);
