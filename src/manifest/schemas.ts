/**
 * The three JSON Schemas of the spec and their validators. The validators are Ajv's
 * (draft 2020-12, strict mode, all errors, verbose) compiled ahead of time into
 * `generated/schema-validators.ts` by `scripts/gen-schema-validators.ts`, so no run loads Ajv
 * or compiles a schema; a test keeps that module in step with the schema files. The schema
 * files in `schema/` are imported as JSON so the browser bundle needs no file system.
 */
import type { ErrorObject } from 'ajv';
import * as generated from './generated/schema-validators.js';
import manifestSchema from '../../schema/manifest.schema.json' with { type: 'json' };
import profileSchema from '../../schema/profile.schema.json' with { type: 'json' };
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };

/** The schema documents, as parsed JSON. */
export const SCHEMAS = {
  manifest: manifestSchema as object,
  profile: profileSchema as object,
  report: reportSchema as object,
} as const;

/** Which schema. */
export type SchemaName = keyof typeof SCHEMAS;

export { isRfc3339DateTime } from './date-time.js';

/**
 * A compiled schema validator, as Ajv makes them: true when the value conforms, else false with
 * Ajv's error objects (all of them, each with `schema`, `parentSchema` and `data`) in `errors`.
 */
export interface SchemaValidator {
  (data: unknown, ctx?: { instancePath?: string }): boolean;
  errors?: ErrorObject[] | null;
}

let compileCount = 0;
let compiled: Record<SchemaName, SchemaValidator> | null = null;

function compileAll(): Record<SchemaName, SchemaValidator> {
  compileCount++;
  return {
    manifest: generated.manifest as SchemaValidator,
    profile: generated.profile as SchemaValidator,
    report: generated.report as SchemaValidator,
  };
}

/** The compiled validator of one schema (the same function for the whole process). */
export function validator(name: SchemaName): SchemaValidator {
  compiled ??= compileAll();
  return compiled[name];
}

/** How many times the validators were set up (1 after first use); for tests. */
export function schemaCompileCount(): number {
  return compileCount;
}

let items: Map<string, SchemaValidator> | null = null;

/**
 * The validator of one `$defs` entry of the manifest schema that is the item of an array
 * (`credit`, `stem`, `version`, `versionRule`, `attachment`), or undefined. Its errors' paths
 * start at the `instancePath` it is given, as they do inside the manifest's validator.
 */
export function manifestItemValidator(def: string): SchemaValidator | undefined {
  if (!items) {
    items = new Map();
    for (const [k, v] of Object.entries(generated)) if (k.startsWith('manifestItem_')) items.set(k.slice('manifestItem_'.length), v as SchemaValidator);
  }
  return items.get(def);
}
