/** Bounds that keep hostile input (alias bombs, deep nesting) from exhausting memory or the stack. */
export interface ParseLimits {
  /** Nodes that the aliases of one file may expand to (the file's own nodes are not counted). Default: 200,000. */
  maxNodes: number;
  /** Nesting depth of collections. Default: 256. */
  maxDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxNodes: 200_000, maxDepth: 256 };
