/** The names `--format` takes. Kept apart from the reporters so the CLI can list them without loading any. */
export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;

export type Format = (typeof FORMATS)[number];
