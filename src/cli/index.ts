import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { crashReport } from '../crash-report.js';
import { environmentProblem } from './environment-problem.js';
import { EXIT_ERROR, SealcheckError } from '../errors.js';
import { FORMATS, SWEEP_FORMATS } from '../report/formats.js';
import { VERSION } from '../version.js';
import {
  collect,
  configOption,
  FAIL_ON_CHOICES,
  formatOption,
  hookOption,
  MANIFEST_FORMATS,
  maxFileSizeOption,
  noColorOption,
  quietOption,
  verboseOption,
  outputOption,
  RULES_FORMATS,
  scopeOption,
  sealingCertOption,
} from './options.js';

/**
 * The command line. Each command's module is imported only when that command runs, so start-up
 * stays small for the hooks. Exit codes are decided here and nowhere else: 0 nothing blocking,
 * 1 blocking findings, 2 usage, config or internal error.
 */
function program(): Command {
  const cli = new Command('sealcheck')
    .description(
      'Keeps Kubernetes credentials out of git: finds raw Secrets, plaintext stringData, last-applied copies, env literals and Kustomize literals, and explains the kubeseal fix.',
    )
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run sealcheck --help for usage)');

  cli
    .command('scan')
    .description(
      'scan files and folders (default: the current folder); "-" reads one file from stdin; --staged or --diff scan what git is about to record',
    )
    .argument('[paths...]', 'files or folders to scan (default: .)')
    .option('--staged', 'scan the staged blobs (the index, not the working tree); block only on lines this commit adds')
    .option(
      '--diff <range>',
      'scan what BASE..HEAD (or BASE...HEAD, from the merge base) changes; block only on added lines',
    )
    .addOption(formatOption('output format', FORMATS).default('text'))
    .addOption(outputOption('write the report to a file instead of stdout'))
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1').choices(FAIL_ON_CHOICES),
    )
    .addOption(
      configOption(
        'configuration file (default: .sealcheck.yaml found from the current folder up to the repository root)',
      ),
    )
    .option('-b, --baseline <file>', 'report only findings not in this baseline (see `sealcheck baseline`)')
    .option('--stdin-filename <name>', 'file name to use for content read from stdin', 'stdin.yaml')
    .option('--cert <file>', 'certificate named in the suggested kubeseal commands')
    .addOption(
      maxFileSizeOption('parse larger files only line by line, reported as not-scanned (bytes, or 5MB, 512KiB)'),
    )
    .addOption(noColorOption())
    .addOption(verboseOption())
    .addOption(quietOption())
    .action(async (paths, opts) => {
      const { scanCommand } = await import('./commands/scan.js');
      process.exitCode = await scanCommand(paths, opts);
    });

  cli
    .command('baseline')
    .description(
      'write a baseline of the current findings (keyed by fingerprint, no line numbers) so later scans report only new ones',
    )
    .argument('[paths...]', 'files or folders to scan', ['.'])
    .addOption(outputOption('baseline file to write').default('.sealcheck-baseline.json'))
    .addOption(configOption('configuration file'))
    .action(async (paths, opts) => {
      const { baselineCommand } = await import('./commands/baseline.js');
      process.exitCode = await baselineCommand(paths, opts);
    });

  cli
    .command('init')
    .description('write a commented .sealcheck.yaml (with its JSON Schema modeline) in the current folder')
    .option('--force', 'replace an existing .sealcheck.yaml or .sealcheck.yml')
    .action(async (opts) => {
      const { initCommand } = await import('./commands/init.js');
      process.exitCode = initCommand(opts);
    });

  cli
    .command('seal')
    .description('seal a Secret into the SealedSecret kubeseal would write, offline (no cluster, no kubeseal binary)')
    .argument('[file]', 'Secret manifest (YAML or JSON, several documents allowed); "-" or nothing reads stdin')
    .addOption(
      sealingCertOption(
        'sealing certificate: a file, file:// or http(s):// URL (default: certs:/cert: of .sealcheck.yaml, SEALED_SECRETS_CERT, ./pub-cert.pem)',
      ),
    )
    .addOption(scopeOption("sealing scope (default: the Secret's scope annotations, else strict)"))
    .addOption(formatOption("output format (default: the input's: yaml, or json for JSON input)", MANIFEST_FORMATS))
    .option(
      '-n, --namespace <namespace>',
      'namespace for a Secret without one (a different one in the manifest is an error)',
    )
    .option('--name <name>', 'name of the sealed Secret (replaces metadata.name)')
    .option('-i, --in-place', 'replace the Secret documents of the file, keeping its other documents and comments')
    .addOption(outputOption('write the SealedSecret(s) to a file instead of stdout'))
    .option(
      '--merge-into <file>',
      'add or update the items of the SealedSecret in this file (name, namespace and scope taken from it)',
    )
    .option('--allow-empty-data', 'seal a Secret with no data (refused by default, as by kubeseal)')
    .option('--legacy-creation-timestamp', 'write creationTimestamp: null as kubeseal <= 0.31 did')
    .option(
      '--raw',
      'seal one value (from --from-file or stdin) for --name/--namespace/--scope and print its base64 ciphertext, as kubeseal --raw',
    )
    .option('--from-file <file>', 'with --raw: the file holding the value, byte for byte')
    .addOption(configOption('configuration file (for cert:/certs:)'))
    .action(async (file, opts) => {
      const { sealCommand } = await import('./commands/seal.js');
      process.exitCode = await sealCommand(file, opts);
    });

  cli
    .command('unseal')
    .description(
      "open SealedSecrets with the controller's private key(s), as the controller would; values redacted unless --show-values",
    )
    .argument('[file]', 'SealedSecret manifest(s); "-" or nothing reads stdin')
    .option('-k, --key <file>', "private key PEM, or a backup of the controller's key Secrets (repeatable)", collect)
    .option('-n, --namespace <namespace>', 'namespace the SealedSecret is applied to when its manifest has none')
    .option(
      '--show-values',
      'print the Secret with its values (as kubeseal --recovery-unseal); never commit that output',
    )
    .addOption(formatOption('format of --show-values output', MANIFEST_FORMATS).default('yaml'))
    .addOption(outputOption('write to a file instead of stdout'))
    .action(async (file, opts) => {
      const { unsealCommand } = await import('./commands/unseal.js');
      process.exitCode = await unsealCommand(file, opts);
    });

  cli
    .command('fix')
    .description(
      'seal in place every raw Secret a scan finds (certificate per file from --cert or the configuration); print the change to make for the rest',
    )
    .argument('[paths...]', 'files or folders (default: .)')
    .addOption(
      sealingCertOption(
        'sealing certificate for every file (default: certs:/cert: of .sealcheck.yaml, SEALED_SECRETS_CERT, ./pub-cert.pem)',
      ),
    )
    .addOption(scopeOption("sealing scope (default: each Secret's scope annotations, else strict)"))
    .option('--dry-run', 'say what would be sealed, change nothing')
    .addOption(configOption('configuration file'))
    .action(async (paths, opts) => {
      const { fixCommand } = await import('./commands/fix.js');
      process.exitCode = await fixCommand(paths, opts);
    });

  cli
    .command('install')
    .description(
      "install the git hook (default pre-commit) into the repository's hooks folder; an existing hook is chained, not overwritten; in a husky project, adds a line to .husky/<hook>; with another hook manager, prints its recipe and changes nothing",
    )
    .addOption(hookOption())
    .option('--force', 'replace a locally edited sealcheck hook; chain over an older chained hook (kept as .old)')
    .action(async (opts) => {
      const { installCommand } = await import('./commands/install.js');
      process.exitCode = await installCommand(opts);
    });

  cli
    .command('uninstall')
    .description(
      "remove sealcheck's git hooks (default: all) and restore the hooks they chained; in a husky project, remove the lines install added",
    )
    .addOption(hookOption())
    .option('--force', 'also remove a locally edited sealcheck hook or husky line')
    .action(async (opts) => {
      const { uninstallCommand } = await import('./commands/uninstall.js');
      process.exitCode = await uninstallCommand(opts);
    });

  cli
    .command('sweep')
    .description(
      'find every secret that ever reached a commit reachable from any ref (branches, tags, remote branches, stash): one row per secret, with where it entered history and whether to rotate it',
    )
    .argument('[repo]', 'repository to sweep (default: the current folder)')
    .addOption(formatOption('output format', SWEEP_FORMATS).default('text'))
    .addOption(outputOption('write the report to a file instead of stdout'))
    .option('--unreachable', 'also sweep dangling commits and reflog entries')
    .option('--since <date>', 'only commits more recent than this date (as git log --since)')
    .option('--until <date>', 'only commits older than this date (as git log --until)')
    .option('--branch <name>', 'sweep only this branch, tag or revision, and report only its ref (repeatable)', collect)
    .option(
      '--sealing-key <file>',
      'a sealed-secrets controller private key (PEM, or the key Secret) to try on every SealedSecret in history (repeatable)',
      collect,
    )
    .option('--state <file>', 'incremental sweep: remember in FILE what was swept, and read only new commits next time')
    .option('--repos <file>', 'sweep the repositories listed in FILE (clone URLs or paths, one a line) instead of REPO')
    .option(
      '--shard <i/n>',
      'with --repos: sweep only shard I of N (1-based) of the list; combine the reports with `sealcheck merge`',
    )
    .addOption(
      configOption(
        'configuration file for rule overrides and maxFileSize (default: .sealcheck.yaml found from REPO up)',
      ),
    )
    .addOption(
      maxFileSizeOption(
        'check larger blobs line by line instead of parsing them (bytes, or 5MB, 512KiB; default 5 MiB)',
      ),
    )
    .option(
      '-b, --baseline <file>',
      "secrets in this baseline are suppressed as known (default: the configuration's baseline:, as for scan)",
    )
    .option(
      '--allow-missing-objects',
      'blobs that git reports missing (a mirror without its large objects) are a warning naming them instead of an error (exit 2)',
    )
    .option('--workers <n>', 'scanning threads (default: the number of CPUs; 0 scans on the main thread)')
    .option('--no-progress', 'no progress bar (it is drawn on stderr, and only when stderr is a terminal)')
    .addOption(noColorOption())
    .action(async (repo, opts) => {
      const { sweepCommand } = await import('./commands/sweep.js');
      process.exitCode = await sweepCommand(repo, opts);
    });

  cli
    .command('merge')
    .description('combine JSON sweep reports (the shards of `sweep --repos FILE --shard I/N`) into one report')
    .argument('<reports...>', 'reports written by `sealcheck sweep --format json`')
    .addOption(formatOption('output format', SWEEP_FORMATS).default('json'))
    .addOption(outputOption('write the report to a file instead of stdout'))
    .addOption(noColorOption())
    .action(async (reports, opts) => {
      const { mergeCommand } = await import('./commands/sweep.js');
      process.exitCode = await mergeCommand(reports, opts);
    });

  const rules = cli.command('rules').description('list or document the detection rules');
  rules
    .command('list')
    .description('list every rule with its severity and description')
    .addOption(formatOption('output format', RULES_FORMATS).default('text'))
    .addOption(outputOption('write to a file instead of stdout'))
    .action(async (opts) => {
      const { rulesListCommand } = await import('./commands/rules.js');
      process.exitCode = await rulesListCommand(opts);
    });
  return cli;
}

async function main(argv: string[]): Promise<void> {
  // A failed write also emits 'error' on the stream, which would crash with a stack trace and exit
  // 1 ("findings"). The write that failed reports it (see emit in output.ts); stderr has nowhere
  // left to report to.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  try {
    await program().parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version are successes; every other commander error is a usage error (its default, 1, would read as "findings").
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help'
      ? 0
      : EXIT_ERROR;
  }
  if (err instanceof SealcheckError) {
    process.stderr.write(`sealcheck: ${err.message}\n`);
    return err.exitCode;
  }
  const problem = environmentProblem(err);
  if (problem !== undefined) {
    process.stderr.write(`sealcheck: ${problem}\n`);
    return EXIT_ERROR;
  }
  // A crash must never read as a clean scan. Its message may quote the input it choked on (a
  // library error on a secret value, say), so only the error's type and where it happened are
  // printed; SEALCHECK_DEBUG=1 prints the message too, for a local bug report.
  process.stderr.write(
    `sealcheck: internal error, the scan result cannot be trusted: ${crashReport(err)}\nPlease report it with the command you ran.\n`,
  );
  return EXIT_ERROR;
}

await main(process.argv);
