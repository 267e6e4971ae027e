/**
 * The names `--format` takes, per command. Kept apart from the reporters so the CLI can list them
 * without loading any; the registry (`report/index.ts`) has one reporter for each name.
 */
export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;

export type Format = (typeof FORMATS)[number];

/** `sweep --format` and `merge --format`: the scan formats, and CSV for spreadsheets of secrets to rotate. */
export const SWEEP_FORMATS = [...FORMATS, 'csv'] as const;

export type SweepFormat = (typeof SWEEP_FORMATS)[number];
