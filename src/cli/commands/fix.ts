import { resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, SealcheckError, UsageError } from '../../errors.js';
import type { TokenFormat } from '../../classify/content.js';
import { shownKey, type Finding } from '../../finding.js';
import { chooseCert, NoCertificateError } from '../../fix/cert-choice.js';
import { plural } from '../../report/summary.js';
import { blocks } from '../../severity.js';
import { objectSlices, replaceSlices, sliceName, type DocumentSlice } from '../../seal/document-slices.js';
import { rotationMarker } from '../../fix/rotation-marker.js';
import { writeFileAtomic } from '../../fix/write-file.js';
import { hasTemplates } from '../../parse/templates.js';
import { runScan } from '../../scan.js';
import { loadCertificate, type SealingCertificate } from '../../seal/certificate.js';
import { sealedDocumentText } from '../../seal/in-place.js';
import type { Scope } from '../../seal/scope.js';
import { sealSecret } from '../../seal/sealed-secret.js';
import { readSecret } from '../../seal/secret-input.js';
import { MANIFEST_FILE, readUserFile, type UserFile } from '../../user-file.js';
import { emit } from '../output.js';
import { prepareScan } from '../../scan-setup.js';

/** The options of `sealcheck fix`, as declared in cli/index.ts. */
export interface FixCommandOptions {
  cert?: string;
  scope?: Scope;
  dryRun?: boolean;
  config?: string;
}

/** What happened to one file. */
interface FileOutcome {
  path: string;
  sealed: string[];
  /** Findings that need a change sealcheck does not guess (env literals, generators, templates). */
  manual: Finding[];
  /** Left as they are and advisory: they would not block a scan. */
  advice?: Finding[];
  problem?: string;
}

/**
 * `sealcheck fix`: scans, then seals in place every Secret document that has a finding, with the
 * certificate chosen per file (`--cert`, `certs:`/`cert:` in the configuration). Anything else is
 * printed as the change to make by hand. Each sealed document gets a `# sealcheck:rotate` line,
 * which later scans report as a note until someone rotates the values and deletes it: sealing
 * protects the future, not values that were already committed.
 */
export async function fixCommand(paths: string[], opts: FixCommandOptions, cwd = process.cwd()): Promise<number> {
  if (paths.includes('-'))
    throw new UsageError(
      'fix rewrites files in place and cannot take stdin; pipe the Secret to `sealcheck seal` instead',
    );
  const dryRun = opts.dryRun === true;
  const scope = opts.scope;
  const setup = await prepareScan(paths.length > 0 ? paths : ['.'], { config: opts.config, noBaseline: true }, cwd);
  const report = await runScan(setup.source, setup.ruleset, setup.options);
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    if (f.severity === 'note') continue;
    byFile.set(f.location.path, [...(byFile.get(f.location.path) ?? []), f]);
  }
  requireCertificates(byFile, (path) => chooseCert(path, opts.cert, setup.config, cwd));
  const certs = new Map<string, Promise<SealingCertificate>>();
  const certFor = (path: string): Promise<SealingCertificate> => {
    const choice = chooseCert(path, opts.cert, setup.config, cwd);
    let loaded = certs.get(choice.ref);
    if (!loaded) certs.set(choice.ref, (loaded = loadCertificate(choice.ref, cwd)));
    return loaded;
  };

  const outcomes: FileOutcome[] = [];
  for (const [path, findings] of byFile)
    outcomes.push(
      await fixFile(resolve(cwd, path), path, findings, {
        certFor,
        dryRun,
        tokens: setup.ruleset.tokens,
        ...(scope ? { scope } : {}),
      }),
    );
  for (const cert of certs.values())
    for (const w of (await cert).warnings) process.stderr.write(`sealcheck: warning: ${w}\n`);

  // What is left and would not block a scan (a warning outside a Secret) is advice, not work left.
  const failOn = setup.config.failOn;
  for (const o of outcomes) {
    o.advice = o.manual.filter((f) => !blocks(f.severity, failOn));
    o.manual = o.manual.filter((f) => blocks(f.severity, failOn));
  }
  await emit(summarise(outcomes, dryRun), undefined, 'the summary');
  return outcomes.some((o) => o.manual.length > 0 || o.problem !== undefined) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Without any certificate, every Secret would fail alike: one error, before any file is touched,
 * says how to get one. The Secrets to seal are the findings whose fix is the sealing command.
 */
function requireCertificates(byFile: ReadonlyMap<string, readonly Finding[]>, choose: (path: string) => unknown): void {
  const missing: { error: NoCertificateError; secrets: number }[] = [];
  for (const [path, findings] of byFile) {
    const secrets = new Set(
      findings.filter((f) => f.fixLanguage === 'sh').map((f) => `${f.object.namespace ?? ''}/${f.object.name ?? ''}`),
    ).size;
    if (secrets === 0) continue;
    try {
      choose(path);
    } catch (e) {
      if (!(e instanceof NoCertificateError)) throw e;
      missing.push({ error: e, secrets });
    }
  }
  const [first] = missing;
  if (first === undefined) return;
  const secrets = missing.reduce((n, m) => n + m.secrets, 0);
  throw new UsageError(
    `nothing was changed: ${plural(secrets, 'Secret')} in ${plural(missing.length, 'file')} ${secrets === 1 ? 'needs' : 'need'} sealing, and there is ${first.error.message}`,
  );
}

interface FixOptions {
  certFor(path: string): Promise<SealingCertificate>;
  dryRun: boolean;
  /** To show a key that is itself a credential redacted, as findings show it. */
  tokens: readonly TokenFormat[];
  scope?: Scope;
}

async function fixFile(
  file: string,
  path: string,
  findings: readonly Finding[],
  opts: FixOptions,
): Promise<FileOutcome> {
  const outcome: FileOutcome = { path, sealed: [], manual: [] };
  let slices: DocumentSlice[];
  let read: UserFile;
  try {
    read = readUserFile(file, MANIFEST_FILE);
  } catch (e) {
    if (!(e instanceof SealcheckError)) throw e;
    return { ...outcome, manual: [...findings], problem: e.message };
  }
  const text = read.text;
  if (hasTemplates(text)) {
    for (const f of findings) outcome.manual.push(f);
    outcome.problem =
      'a Helm/Go template: its Secret is rendered at install time, so it cannot be sealed here; move the value out of the chart (an existingSecret sealed with sealcheck seal) or seal the rendered Secret';
    return outcome;
  }
  try {
    slices = objectSlices(text, path);
  } catch (e) {
    if (!(e instanceof SealcheckError)) throw e;
    for (const f of findings) outcome.manual.push(f);
    outcome.problem = `${e.message}: fix the file, then run sealcheck fix again`;
    return outcome;
  }
  const toSeal = new Map<DocumentSlice, Finding[]>();
  for (const f of findings) {
    const slice = slices.find(
      (s) =>
        s.firstLine <= f.location.line &&
        f.location.line <= s.lastLine &&
        (s.value as { kind?: unknown } | null)?.kind === 'Secret',
    );
    if (slice) toSeal.set(slice, [...(toSeal.get(slice) ?? []), f]);
    else outcome.manual.push(f);
  }
  if (toSeal.size === 0) return outcome;

  const replacements: { slice: DocumentSlice; text: string }[] = [];
  try {
    const cert = await opts.certFor(path);
    for (const slice of toSeal.keys()) {
      const secret = readSecret(slice.value, `${path} ${sliceName(slice)}`, { allowEmpty: true });
      const { sealed, warnings } = sealSecret(secret, {
        publicKey: cert.publicKey,
        ...(opts.scope ? { scope: opts.scope } : {}),
      });
      for (const w of warnings) process.stderr.write(`sealcheck: warning: ${w}\n`);
      const body = sealedDocumentText(sealed, slice);
      // JSON has no comments: the reminder goes only into YAML.
      replacements.push({ slice, text: slice.json ? body : `${rotationMarker(new Date())}\n${body}` });
      outcome.sealed.push(
        `${sealed.metadata.namespace ? `${sealed.metadata.namespace}/` : ''}${sealed.metadata.name ?? '?'} (${[...sealed.spec.encryptedData.keys()].map((k) => shownKey(k, opts.tokens)).join(', ')})`,
      );
    }
  } catch (e) {
    if (!(e instanceof SealcheckError)) throw e;
    // One file's problem (no namespace for strict scope, bad base64…) must not stop the others.
    outcome.sealed = [];
    outcome.problem = e.message;
    for (const fs of toSeal.values()) for (const f of fs) outcome.manual.push(f);
    return outcome;
  }
  if (!opts.dryRun) {
    try {
      writeFileAtomic(file, replaceSlices(text, replacements), read.stamp);
    } catch (e) {
      // One unwritable file must not hide what was already done to the others.
      if (!(e instanceof SealcheckError)) throw e;
      outcome.problem = e.message;
      for (const fs of toSeal.values()) for (const f of fs) outcome.manual.push(f);
      outcome.sealed = [];
    }
  }
  return outcome;
}

function summarise(outcomes: readonly FileOutcome[], dryRun: boolean): string {
  const lines: string[] = [];
  const sealed = outcomes.filter((o) => o.sealed.length > 0);
  for (const o of sealed) lines.push(`${dryRun ? 'would seal' : 'sealed'} ${o.path}: ${o.sealed.join('; ')}`);
  for (const o of outcomes) {
    if (o.problem !== undefined) lines.push(`not fixed ${o.path}: ${o.problem}`);
    for (const f of o.manual) {
      lines.push(`by hand ${f.location.path}:${f.location.line}:${f.location.column} ${f.ruleId}: ${f.message}`);
      // A fix of several lines (YAML to write) stays one block under its finding.
      lines.push(`  fix: ${(f.fix ?? f.remediation).split('\n').join('\n       ')}`);
    }
  }
  const advice = outcomes.flatMap((o) => o.advice ?? []);
  for (const f of advice)
    lines.push(`advice ${f.location.path}:${f.location.line}:${f.location.column} ${f.ruleId}: ${f.message}`);
  if (advice.length > 0)
    lines.push(
      `(${plural(advice.length, 'advisory finding')}, not blocking: \`sealcheck scan\` shows the fix for each)`,
    );
  if (sealed.length > 0) {
    lines.push(
      '',
      'Rotate the values that were sealed: if the plaintext was ever committed or pushed, it stays readable in git history (`sealcheck sweep` lists it).',
      'Each sealed document carries a "# sealcheck:rotate" line that scans report as a note; delete it once the values are rotated.',
    );
  }
  if (outcomes.every((o) => o.sealed.length === 0 && o.manual.length === 0 && o.problem === undefined))
    lines.push('nothing to fix');
  return `${lines.join('\n')}\n`;
}
