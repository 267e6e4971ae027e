import { parseAllDocuments } from 'yaml';

/** The fields the seal tests read from manifests a command printed; YAML parses to untyped JS. */
export interface Manifest {
  kind: string;
  metadata: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec: { template: { metadata: { labels?: Record<string, string> } }; encryptedData: Record<string, string> };
  data: Record<string, string>;
  items: Manifest[];
}

/** Every document of a YAML (or JSON) stream, as the manifests the tests expect. */
export function docs(text: string): Manifest[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Manifest);
}
