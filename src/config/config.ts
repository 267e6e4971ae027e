import { packagePath } from '../paths.js';
import { readFileSync, statSync } from 'node:fs';
import { CONFIG_FILE, readUserFile } from '../user-file.js';
import { dirname, join, relative, resolve } from 'node:path';
import { DEFAULT_ENGINE_OPTIONS } from '../engine.js';
import { ConfigError } from '../errors.js';
import type { RuleOverride } from '../ruleset/load.js';
import { DEFAULT_SCAN_OPTIONS } from '../scan.js';
import type { Severity } from '../severity.js';
import { expiryCutoff, type AllowEntry } from '../suppress/allowlist.js';
import {
  assertValid,
  compileSchema,
  keyLine,
  lineOfPointer,
  parsePointer,
  readYamlSource,
  type YamlSource,
} from './yaml-source.js';

const configSchema = JSON.parse(readFileSync(packagePath('schema', 'sealcheck.schema.json'), 'utf8')) as Record<
  string,
  unknown
>;

/** Names looked for, in this order, in each folder from the working directory up to the git root. */
export const CONFIG_FILE_NAMES = ['.sealcheck.yaml', '.sealcheck.yml'] as const;

/** A certificate for the manifests matching some globs (`certs:` in the configuration). */
import type { CertRoute } from '../remediation/kubeseal.js';
import type { FailOn } from '../severity.js';

/** Lowest severity that makes the exit code 1; `never` only reports. */

/** The validated configuration: nothing downstream sees the raw YAML. */
export interface Config {
  /** Per rule id, for `buildRuleset`. Default: none. */
  ruleOverrides: Record<string, RuleOverride>;
  /** Extra gitignore-syntax globs, relative to the repository root. Default: none. */
  ignore: string[];
  /** Allowlisted fingerprints, expired ones included (the CLI warns about those). Default: none. */
  allow: AllowEntry[];
  /** Bytes. Default: 5 MiB. */
  maxFileSize: number;
  /** Certificate named in kubeseal commands and used by seal/fix. Default: `pub-cert.pem`. */
  cert: string;
  /** Certificates by path glob (first match wins); `cert` is the fallback. Default: none. */
  certs: CertRoute[];
  /** Default for `--fail-on`. Default: `error`. */
  failOn: FailOn;
  /** Baseline file as written, relative to the config file's folder (see `baselinePath`). */
  baseline?: string;
  /** The file this came from, relative to the working directory; absent for the defaults. */
  file?: string;
}

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  ruleOverrides: Object.freeze({}) as Record<string, RuleOverride>,
  ignore: Object.freeze([]) as unknown as string[],
  allow: Object.freeze([]) as unknown as AllowEntry[],
  maxFileSize: DEFAULT_SCAN_OPTIONS.maxFileSize,
  cert: DEFAULT_ENGINE_OPTIONS.cert,
  certs: Object.freeze([]) as unknown as CertRoute[],
  failOn: 'error',
});

/** The YAML shape, after schema validation and before the semantic checks. */
interface RawConfig {
  rules?: Record<string, RawRuleSetting> | null;
  ignore?: string[] | null;
  allow?: { fingerprint: string; reason: string; expires?: string }[] | null;
  maxFileSize?: number | string;
  cert?: string;
  certs?: { files: string | string[]; cert: string }[] | null;
  failOn?: FailOn;
  baseline?: string;
}

type RawRuleSetting = boolean | 'on' | 'off' | { enabled?: boolean; severity?: Severity };

/**
 * Finds `.sealcheck.yaml` (or `.yml`) in `cwd`, then in each parent up to and including the git
 * repository root (the folder holding `.git`, a folder or, in worktrees and submodules, a file).
 * Outside a git repository only `cwd` is searched, so a stray file in a home folder is never picked up.
 */
export function findConfigFile(cwd: string): string | undefined {
  for (const dir of searchFolders(resolve(cwd)).folders) {
    const found = CONFIG_FILE_NAMES.map((n) => join(dir, n)).filter(isFile);
    const [first, second] = found;
    if (second !== undefined) throw new ConfigError(second, undefined, `both ${found.join(' and ')} exist; keep one`);
    if (first !== undefined) return first;
  }
  return undefined;
}

/** Where configuration is looked for: `folders` nearest first, `root` the last of them. */
export interface SearchFolders {
  /** `start`, then each parent up to and including the git work tree's root; just `start` outside one. */
  folders: string[];
  /** The git work tree's root, or `start` outside one. */
  root: string;
}

export function searchFolders(start: string): SearchFolders {
  const folders: string[] = [];
  for (let dir = start; ; dir = dirname(dir)) {
    folders.push(dir);
    if (statSync(join(dir, '.git'), { throwIfNoEntry: false }) !== undefined) return { folders, root: dir };
    if (dirname(dir) === dir) return { folders: [start], root: start };
  }
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * Loads the configuration: `file` (relative to `cwd`) must exist when given; otherwise the file
 * is discovered with `findConfigFile`; with neither, the defaults. `knownRuleIds` are the ids of
 * the loaded rules, so that a misspelt id is an error rather than a rule silently left on.
 */
export function loadConfig(file: string | undefined, cwd: string, knownRuleIds: readonly string[]): Config {
  const path = file !== undefined ? resolve(cwd, file) : findConfigFile(cwd);
  if (path === undefined) return defaultConfig();
  const shown = file ?? (relative(cwd, path) || path);
  const text = readUserFile(path, CONFIG_FILE, { shown, missing: 'configuration file not found' }).text;
  return parseConfig(shown, text, knownRuleIds);
}

/** Parses configuration text (e.g. read from the base revision in PR mode); `file` names it in errors. */
export function parseConfig(file: string, text: string, knownRuleIds: readonly string[]): Config {
  const src = readYamlSource(file, text);
  return { ...toConfig(readRawConfig(src), src, new Set(knownRuleIds)), file };
}

/** The configuration when there is no file. */
export function defaultConfig(): Config {
  return { ...DEFAULT_CONFIG, ruleOverrides: {}, ignore: [], allow: [], certs: [] };
}

/** Step 1: YAML → the raw shape, checked against schema/sealcheck.schema.json. */
function readRawConfig(src: YamlSource): RawConfig {
  let value: unknown;
  try {
    value = (src.doc.toJS({ maxAliasCount: 100 }) ?? {}) as unknown;
  } catch (e) {
    // YAML aliases that expand without end (an "alias bomb") or name no anchor: the user's file, not a bug.
    if (e instanceof ReferenceError || e instanceof RangeError)
      throw new ConfigError(
        src.file,
        undefined,
        'aliases (*name) expand too far or name no anchor (&name); write the values out',
      );
    throw e;
  }
  const validate = compileSchema(configSchema);
  if (!validate(value)) {
    const err = validate.errors?.[0];
    // The schema error points at the parent object; the user wants the line of the misspelt key.
    if (err?.keyword === 'additionalProperties') {
      const prop = String(err.params.additionalProperty);
      const parent = parsePointer(err.instancePath);
      const known = err.instancePath === '' ? Object.keys(configSchema.properties as object) : [];
      throw new ConfigError(
        src.file,
        keyLine(src, parent, prop),
        `configuration: ${err.instancePath || '(root)'} has unknown property "${prop}"${didYouMean(prop, known)}`,
      );
    }
    assertValid(src, value, validate, 'configuration');
  }
  return value as RawConfig;
}

/** Step 2: semantic checks the schema cannot express, and defaults → the runtime Config. */
function toConfig(raw: RawConfig, src: YamlSource, known: ReadonlySet<string>): Config {
  const config = defaultConfig();
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (!known.has(id)) {
      throw new ConfigError(
        src.file,
        keyLine(src, ['rules'], id),
        `unknown rule id "${id}"${didYouMean(id, [...known])}`,
      );
    }
    config.ruleOverrides[id] = ruleOverride(setting);
  }
  config.ignore = [...(raw.ignore ?? [])];
  config.allow = (raw.allow ?? []).map((e, i) => {
    const entry: AllowEntry = { fingerprint: e.fingerprint.toLowerCase(), reason: e.reason };
    const line = lineOfPointer(src, `/allow/${i}`);
    if (line !== undefined) entry.line = line;
    if (e.expires !== undefined) {
      if (expiryCutoff(e.expires) === undefined) {
        throw new ConfigError(
          src.file,
          lineOfPointer(src, `/allow/${i}/expires`),
          `expires "${e.expires}" is not a valid date (YYYY-MM-DD)`,
        );
      }
      entry.expires = e.expires;
    }
    return entry;
  });
  if (raw.maxFileSize !== undefined) {
    try {
      config.maxFileSize = parseSize(raw.maxFileSize);
    } catch (e) {
      throw new ConfigError(src.file, lineOfPointer(src, '/maxFileSize'), `maxFileSize ${(e as Error).message}`);
    }
  }
  if (raw.cert !== undefined) config.cert = raw.cert;
  config.certs = (raw.certs ?? []).map((c) => ({
    files: typeof c.files === 'string' ? [c.files] : [...c.files],
    cert: c.cert,
  }));
  if (raw.failOn !== undefined) config.failOn = raw.failOn;
  if (raw.baseline !== undefined) config.baseline = raw.baseline;
  return config;
}

function ruleOverride(setting: RawRuleSetting): RuleOverride {
  if (setting === false || setting === 'off') return { enabled: false };
  if (setting === true || setting === 'on') return { enabled: true };
  const o: RuleOverride = {};
  if (setting.enabled !== undefined) o.enabled = setting.enabled;
  if (setting.severity !== undefined) o.severity = setting.severity;
  return o;
}

const UNITS: Record<string, number> = { b: 1, kb: 1000, mb: 1000 ** 2, kib: 1024, mib: 1024 ** 2 };

/**
 * Bytes from a number or a string such as `5MB`, `512 KiB`, `1.5MiB` or `1000`. KB and MB are
 * decimal (1000), KiB and MiB binary (1024), as in IEC 80000-13. Throws an Error when not a size.
 */
export function parseSize(value: number | string): number {
  // Trimmed first: spaces around an optional unit, in one regex, backtrack quadratically on a long run of them.
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim()) : undefined;
  const factor = m ? UNITS[(m[2] || 'b').toLowerCase()] : 1;
  const bytes = typeof value === 'number' ? value : m && factor !== undefined ? Math.round(Number(m[1]) * factor) : NaN;
  if (!Number.isInteger(bytes) || bytes < 1) {
    throw new Error(
      `"${String(value)}" is not a size: use a number of bytes or a number with B, KB, MB, KiB or MiB (e.g. 5MB)`,
    );
  }
  return bytes;
}

/** The baseline file named by the config, resolved against the config file's folder (or `cwd`). */
export function baselinePath(config: Config, cwd: string): string | undefined {
  if (config.baseline === undefined) return undefined;
  return resolve(cwd, config.file !== undefined ? dirname(config.file) : '.', config.baseline);
}

function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}
