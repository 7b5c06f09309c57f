/**
 * The three JSON Schemas of the spec, compiled once with Ajv (draft 2020-12, strict mode).
 * The schema files in `schema/` are imported as JSON so the browser bundle needs no file system.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
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

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * RFC 3339 §5.6 `date-time`: full date, `T`, full time with seconds, optional fraction,
 * and `Z` or a numeric offset. Checks field ranges and the days of the month (leap years
 * included); a leap second (`:60`) is accepted only at 23:59 UTC.
 */
export function isRfc3339DateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day > days) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  let offset = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return false;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  if (second === 60) {
    const utcMinutes = (((hour * 60 + minute - offset) % 1440) + 1440) % 1440;
    if (utcMinutes !== 23 * 60 + 59) return false;
  }
  return true;
}

let compileCount = 0;
let compiled: Record<SchemaName, ValidateFunction> | null = null;

function compileAll(): Record<SchemaName, ValidateFunction> {
  compileCount++;
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true });
  ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
  return {
    manifest: ajv.compile(SCHEMAS.manifest),
    profile: ajv.compile(SCHEMAS.profile),
    report: ajv.compile(SCHEMAS.report),
  };
}

/** The compiled validator of one schema (compiled on first use, once per process). */
export function validator(name: SchemaName): ValidateFunction {
  compiled ??= compileAll();
  return compiled[name];
}

/** How many times the schemas were compiled (1 after first use); for tests. */
export function schemaCompileCount(): number {
  return compileCount;
}
