import type { ParseMode, ParsedFile } from '../parse/parse-file.js';
import { get, isMap, isSeq, stringAt, text, type MapNode, type Span, type YNode } from '../parse/node.js';

export interface ObjectIdentity {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

/** Where an embedded object came from: an annotation that carries a copy of a whole object. */
export interface EmbeddedOrigin {
  annotation: string;
  /** Where the annotation's value sits in the file; every finding inside is reported here or inside it. */
  span: Span;
}

/** One Kubernetes (or Kustomize, or Helm values) object with positions on every node. */
export interface Manifest {
  root: MapNode;
  identity: ObjectIdentity;
  docIndex: number;
  /** Path of the object inside its document: "" at top level, `items[2]` inside a List. */
  pointer: string;
  mode: ParseMode;
  embeddedIn?: EmbeddedOrigin;
}

/**
 * Identity values as Kubernetes allows them (plus neutralised template text). Anything else is a
 * broken document whose "name" may be arbitrary text, a value included, and is not shown.
 */
const IDENTITY = /^[\w.:/@\ufffc-]{1,253}$/;

function identityText(root: MapNode, ...path: string[]): string | undefined {
  const v = stringAt(root, ...path);
  return v !== undefined && IDENTITY.test(v) ? v : undefined;
}

/**
 * `kind:` given twice (`Secret`, then `ConfigMap`): a loader keeps the last, but the object is judged
 * by the most dangerous reading, so a Secret hidden under a later `kind:` is still a Secret. `kind:
 * secret` in lower case is refused by the API server, but its author meant a Secret and wrote its
 * values all the same.
 */
function sensitiveKind(root: MapNode): string | undefined {
  return root.entries.some((e) => e.key.value === 'kind' && text(e.value)?.toLowerCase() === 'secret')
    ? 'Secret'
    : undefined;
}

function identityOf(root: MapNode, defaultKind?: string): ObjectIdentity {
  const id: ObjectIdentity = {};
  const apiVersion = identityText(root, 'apiVersion');
  const kind = sensitiveKind(root) ?? identityText(root, 'kind') ?? defaultKind;
  const name = identityText(root, 'metadata', 'name') ?? identityText(root, 'metadata', 'generateName');
  const namespace = identityText(root, 'metadata', 'namespace');
  if (apiVersion !== undefined) id.apiVersion = apiVersion;
  if (kind !== undefined) id.kind = kind;
  if (name !== undefined) id.name = name;
  if (namespace !== undefined) id.namespace = namespace;
  return id;
}

/**
 * The objects of one parsed tree: the tree itself, or the items of a `List`/`*List` (nested lists
 * expanded; an item without `kind` takes it from a typed list such as `SecretList`).
 */
export function manifestsOf(
  root: YNode | undefined,
  docIndex: number,
  mode: ParseMode,
  embeddedIn?: EmbeddedOrigin,
): Manifest[] {
  const out: Manifest[] = [];
  const visit = (node: YNode, pointer: string, defaultKind: string | undefined, depth: number): void => {
    if (!isMap(node)) return;
    const identity = identityOf(node, defaultKind);
    const items = get(node, 'items');
    if (identity.kind?.endsWith('List') && isSeq(items) && depth < 8) {
      const itemKind = identity.kind === 'List' ? undefined : identity.kind.slice(0, -'List'.length);
      items.items.forEach((item, i) => visit(item, `${pointer}${pointer ? '.' : ''}items[${i}]`, itemKind, depth + 1));
      return;
    }
    const m: Manifest = { root: node, identity, docIndex, pointer, mode };
    if (embeddedIn) m.embeddedIn = embeddedIn;
    out.push(m);
  };
  if (root) visit(root, '', undefined, 0);
  return out;
}

export function manifestsOfFile(file: ParsedFile): Manifest[] {
  return file.docs.flatMap((d) => manifestsOf(d.root, d.index, d.mode));
}
