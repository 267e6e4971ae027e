/** The names `sweep --format` and `merge --format` take. Kept apart from the reporters so the CLI can list them without loading any. */
export const SWEEP_FORMATS = ['text', 'json', 'sarif', 'markdown', 'csv'] as const;

export type SweepFormat = (typeof SWEEP_FORMATS)[number];
