import { TOOL_NAME } from './reporter.js';

/** JSON as every report writes it: two-space indents and a final newline, so files diff cleanly. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The envelope of the scan and sweep JSON reports: the format's `version` and the `tool` first,
 * then the body's fields in the order given. No timestamps: the same input gives the same bytes.
 */
export function jsonDocument(version: number, toolVersion: string, body: Record<string, unknown>): string {
  return jsonText({ version, tool: { name: TOOL_NAME, version: toolVersion }, ...body });
}
