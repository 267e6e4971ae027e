import { Option } from '@commander-js/extra-typings';
import type { FailOn } from '../severity.js';
import { HOOK_NAMES } from '../hooks/hook-script.js';
import { SCOPES } from '../seal/scope.js';

/**
 * Options several commands share, declared once. Each is a typed commander `Option`, so the
 * command's `opts` type (and what its handler may read) follows from these declarations.
 */

/** `scan --fail-on`: the lowest severity that blocks, or never. */
export const FAIL_ON_CHOICES: readonly FailOn[] = ['error', 'warning', 'never'];

/** What `seal` and `unseal` write: kubeseal's two output formats. */
export const MANIFEST_FORMATS = ['yaml', 'json'] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

export const RULES_FORMATS = ['text', 'markdown', 'json'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

export function outputOption(description: string) {
  return new Option('-o, --output <file>', description);
}

export function configOption(description: string) {
  return new Option('-c, --config <file>', description);
}

export function formatOption<const F extends readonly string[]>(description: string, formats: F) {
  return new Option('-f, --format <format>', description).choices(formats);
}

/** `scan -v`: every detail (rule text, docs links, fingerprints, skipped and suppressed files). */
export function verboseOption() {
  return new Option(
    '-v, --verbose',
    'also print why each rule fires, its docs link, every fingerprint, skipped files and suppressed findings',
  ).conflicts('quiet');
}

/** `scan -q`: the verdict only, for hooks and scripts; the exit code is the same. */
export function quietOption() {
  return new Option('-q, --quiet', 'print only the summary line (text format)');
}

export function noColorOption() {
  return new Option('--no-color', 'no colours in text output (also: NO_COLOR)');
}

export function scopeOption(description: string) {
  return new Option('--scope <scope>', description).choices(SCOPES);
}

export function hookOption() {
  return new Option('--hook <name>', 'which hook').choices(HOOK_NAMES);
}

export function sealingCertOption(description: string) {
  return new Option('--cert <file|url>', description);
}

export function maxFileSizeOption(description: string) {
  return new Option('--max-file-size <size>', description);
}

/** For repeatable options: every value, in the order given. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
