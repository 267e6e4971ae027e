import type { FixLanguage } from '../finding.js';
import type { JSONSchemaType, SchemaObject } from 'ajv';
import type { TokenFormat } from '../classify/content.js';
import type { Manifest, ObjectIdentity } from '../manifest/manifest.js';
import type { Span } from '../parse/node.js';
import type { ParsedFile } from '../parse/parse-file.js';
import type { Severity } from '../severity.js';

/** What a detector found, before the engine attaches the rule's text and turns it into a Finding. */
export interface Hit {
  /** Where the value (or the offending key) is. */
  span: Span;
  /** One sentence on what was found; never contains the value. */
  message: string;
  /**
   * The credential itself. The engine hashes and previews it and then drops it: it never reaches a
   * Finding, a report or a log. Absent for findings about references and input problems.
   */
  value?: string;
  /** The data key, env var name or generator key the value sits under. */
  key?: string;
  /** Defaults to the manifest's identity. */
  identity?: ObjectIdentity;
  /** Lower than the rule's severity for weak defaults; the engine never lets it be higher. */
  severity?: Severity;
  /** For hits in a file other than the one being scanned (Kustomize `files:`/`envs:`). */
  path?: string;
  /** A concrete change for this hit (the volume-mount rewrite of an env reference). */
  fix?: string;
  /** What `fix` is written in, when it is code to paste rather than a sentence. */
  fixLanguage?: FixLanguage;
}

/** A file a manifest points at whose whole content is secret material (Kustomize `files:`/`envs:`). */
export interface MaterialRef {
  /** Repository-relative path, resolved against the referring file's folder. */
  path: string;
  format: 'file' | 'env';
  /** The key the file's content becomes (`files: [key=path]`), when given. */
  key?: string;
  /** The referring object, e.g. the generator: `secretGenerator app-secret`. */
  identity: ObjectIdentity;
  /** The file that refers to it and where. */
  from: { path: string; span: Span };
}

export interface BaseContext<P> {
  params: P;
  file: ParsedFile;
  /** Token formats from the enabled `token-pattern` rules, for classifying decoded content. */
  tokens: readonly TokenFormat[];
  report(hit: Hit): void;
}

export interface ManifestContext<P> extends BaseContext<P> {
  manifest: Manifest;
  /** Runs every rule on objects recovered from inside this one (last-applied annotations). */
  embed(manifests: Manifest[], decodedText: string): void;
  /**
   * Records content of this object that could not be checked (an annotation that decompresses past
   * its cap, an embedded copy nested too deep): reported by the not-scanned rule.
   */
  unchecked(span: Span, code: string, message: string): void;
  /** Records a file whose content becomes a Secret; the scan driver reads and scans it. */
  reference(ref: MaterialRef): void;
}

export interface MaterialContext<P> extends BaseContext<P> {
  material: MaterialRef;
}

interface DetectorBase {
  name: string;
  /** JSON Schema of the params object, made by `paramsSchema`; rules are validated against it when they load. */
  paramsSchema: SchemaObject;
}

/** A detector that runs `detect` with context `C` on every `T` (a manifest, a text file, …). */
interface DetectorOn<T extends string, C> extends DetectorBase {
  target: T;
  detect(ctx: C): void;
}

type ManifestDetector<P> = DetectorOn<'manifest', ManifestContext<P>>;
type TextDetector<P> = DetectorOn<'text', BaseContext<P>>;
/** Runs once per structured file (parse problems). */
type FileDetector<P> = DetectorOn<'file', BaseContext<P>>;
type MaterialDetector<P> = DetectorOn<'material', MaterialContext<P>>;

export type Detector<P = unknown> = ManifestDetector<P> | TextDetector<P> | FileDetector<P> | MaterialDetector<P>;

/** Typed helper: params are typed inside `detect` and validated from `paramsSchema` at load time. */
export function defineDetector<P>(d: Detector<P>): Detector<P> {
  return d;
}

/** The params a type requires; the others may be left out of a rule. */
type RequiredParams<P> = { [K in keyof P]-?: undefined extends P[K] ? never : K }[keyof P];

/** Each param's JSON Schema, checked by the compiler against the param's type (ajv's JSONSchemaType). */
type ParamSchemas<P> = { [K in keyof P]-?: JSONSchemaType<Exclude<P[K], undefined>> };

/**
 * The JSON Schema of a detector's params, derived from its params type `P` so that the two cannot
 * disagree: each property's schema must describe that param's type, and `required` must name
 * exactly the params `P` does not mark optional (a record, so the compiler reports a missing or an
 * extra one). Unknown params are refused. An optional param's schema refuses `null`, which ajv's
 * JSONSchemaType would otherwise ask to allow.
 */
export function paramsSchema<P>(required: Record<RequiredParams<P>, true>, properties: ParamSchemas<P>): SchemaObject {
  return { type: 'object', additionalProperties: false, required: Object.keys(required), properties };
}

/** The schema of a list of strings, the commonest param. */
export const STRINGS: JSONSchemaType<string[]> = { type: 'array', items: { type: 'string' } };

/** Params of a detector that takes none. */
export type NoParams = Record<string, never>;

export const NO_PARAMS: SchemaObject = paramsSchema<NoParams>({}, {});
