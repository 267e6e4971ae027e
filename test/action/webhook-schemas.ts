/**
 * The webhook payload schemas of @octokit/openapi's api.github.com description, to check that the
 * tests' event fixtures have GitHub's shape. Fixtures carry only the fields the action reads, so
 * missing required fields are not errors; a field present with the wrong type or nesting is.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
let components: Record<string, unknown> | undefined;
const ajv = new Ajv({ strict: false, allErrors: true });
ajvFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

/** The spec writes `nullable` without `type` in places, which Ajv refuses; such a `nullable` says nothing. */
function dropUntypedNullable(o: unknown): void {
  if (o === null || typeof o !== 'object') return;
  const rec = o as Record<string, unknown>;
  if (rec.nullable === true && rec.type === undefined) delete rec.nullable;
  for (const v of Object.values(rec)) dropUntypedNullable(v);
}

export function webhookShapeErrors(schemaName: string, payload: unknown): string[] {
  if (components === undefined) {
    const spec = JSON.parse(
      readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
    ) as { components: Record<string, unknown> };
    dropUntypedNullable(spec.components);
    components = spec.components;
  }
  let validate = compiled.get(schemaName);
  if (!validate) {
    if (!(components.schemas as Record<string, unknown>)[schemaName])
      throw new Error(`no webhook schema ${schemaName}`);
    validate = ajv.compile({ $ref: `#/components/schemas/${schemaName}`, components });
    compiled.set(schemaName, validate);
  }
  validate(payload);
  return (validate.errors ?? []).filter((e) => e.keyword !== 'required').map((e) => `${e.instancePath} ${e.message}`);
}
