import { rawDocuments } from '../classify/document-facts.js';

/**
 * Whether a manifest file holds one document and nothing else: only then may a fix delete the
 * file once its Secret is sealed elsewhere. Comments, blank lines and `---` markers are not
 * documents; when the text cannot be split for certain, the answer is no, which keeps the file.
 */
export function holdsOneDocument(text: string): boolean {
  const docs = rawDocuments(text);
  if (docs === undefined) return false;
  let withContent = 0;
  for (const d of docs) if (hasContent(text.slice(d.start, d.end), d.marked)) withContent++;
  return withContent === 1;
}

function hasContent(doc: string, marked: boolean): boolean {
  const lines = doc.split('\n');
  for (const [i, line] of lines.entries()) {
    // A marker line may carry the document's start (`--- {kind: Secret}`).
    const t = (i === 0 && marked ? line.slice(3) : line).trim();
    if (t !== '' && !t.startsWith('#')) return true;
  }
  return false;
}
