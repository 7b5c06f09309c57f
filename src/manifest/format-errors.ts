/**
 * Turns Ajv validation errors into our own issues and findings: one issue per broken rule,
 * located by JSON Pointer, with params keyed on the schema keyword. Wording is ours (not
 * ajv-errors); tests assert only codes, paths and params.
 */
import type { ErrorObject } from 'ajv';
import { finding } from '../model/finding.js';
import type { Finding, Json } from '../model/finding.js';
import { validator } from './schemas.js';
import type { SchemaName } from './schemas.js';

/** One schema violation. */
export interface SchemaIssue {
  /** JSON Pointer (RFC 6901) to the offending value; `''` is the document root. */
  path: string;
  /** The JSON Schema keyword that failed (`required`, `additionalProperties`, `anyOf`...). */
  keyword: string;
  /** `keyword` plus the keyword's own params (`missingProperty`, `allowedValues`...). */
  params: { [k: string]: Json };
  message: string;
}

/** Escape one JSON Pointer reference token (RFC 6901 §3). */
export function pointerToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}

function where(p: string): string {
  return p === '' ? 'the document' : p;
}

/** Alternatives of a oneOf/anyOf, as the schema lists them. */
function alternatives(schema: unknown): { required: string[]; allowed: Json[]; patterns: string[] } {
  const out = { required: [] as string[], allowed: [] as Json[], patterns: [] as string[] };
  if (!Array.isArray(schema)) return out;
  for (const s of schema as { required?: string[]; enum?: Json[]; pattern?: string }[]) {
    if (s.required) out.required.push(...s.required);
    if (s.enum) out.allowed.push(...s.enum);
    if (s.pattern) out.patterns.push(s.pattern);
  }
  return out;
}

function toIssue(e: ErrorObject): SchemaIssue {
  const p = e.params as { [k: string]: Json };
  const params: { [k: string]: Json } = { keyword: e.keyword };
  for (const k of Object.keys(p).sort()) if (p[k] !== undefined) params[k] = p[k]!;
  let path = e.instancePath;
  let message: string;
  switch (e.keyword) {
    case 'required':
      path = `${path}/${pointerToken(String(p.missingProperty))}`;
      message = `${path}: required field is missing`;
      break;
    case 'additionalProperties':
      path = `${path}/${pointerToken(String(p.additionalProperty))}`;
      message = `${path}: unknown field (extensions must start with "x-")`;
      break;
    case 'unevaluatedProperties':
      path = `${path}/${pointerToken(String(p.unevaluatedProperty))}`;
      message = `${path}: unknown field (extensions must start with "x-")`;
      break;
    case 'propertyNames':
      path = `${path}/${pointerToken(String(p.propertyName))}`;
      message = `${path}: field name is not allowed here`;
      break;
    case 'oneOf':
    case 'anyOf': {
      const alt = alternatives(e.schema);
      if (alt.required.length > 0) params.alternatives = alt.required;
      if (alt.allowed.length > 0) params.allowedValues = alt.allowed;
      if (alt.patterns.length > 0) params.patterns = alt.patterns;
      if (alt.required.length > 0) {
        message = `${where(path)}: needs exactly one of ${alt.required.join(', ')}`;
      } else {
        const opts = [...alt.allowed.map((v) => String(v)), ...alt.patterns.map((x) => `/${x}/`)];
        message = `${where(path)}: ${show(e.data)} is not one of ${opts.join(', ')}`;
      }
      break;
    }
    case 'enum':
      message = `${where(path)}: ${show(e.data)} is not one of ${(p.allowedValues as Json[]).map(String).join(', ')}`;
      break;
    case 'const':
      message = `${where(path)}: must be ${JSON.stringify(p.allowedValue)}`;
      break;
    case 'type':
      message = `${where(path)}: ${show(e.data)} is not of type ${Array.isArray(p.type) ? p.type.join(' or ') : String(p.type)}`;
      break;
    case 'pattern':
      message = `${where(path)}: ${show(e.data)} does not match ${String(p.pattern)}`;
      break;
    case 'format':
      message = `${where(path)}: ${show(e.data)} is not a valid ${String(p.format)}`;
      break;
    default:
      message = `${where(path)}: ${show(e.data)} ${e.message ?? `fails ${e.keyword}`}`;
  }
  return { path, keyword: e.keyword, params, message };
}

/**
 * Reduce Ajv's error list to the errors a person needs: a failed `oneOf`/`anyOf` replaces the
 * errors of its own branches (same or deeper instance path, schema path under it), and `if`
 * errors give way to the errors of their `then` branch.
 */
function collapse(errors: readonly ErrorObject[]): ErrorObject[] {
  const groups = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // An `if` error only says its `then` branch failed; that branch's own errors say how.
  return errors.filter((e) => e.keyword !== 'if').filter(
    (e) =>
      !groups.some(
        (g) =>
          g !== e &&
          e.schemaPath.startsWith(`${g.schemaPath}/`) &&
          (e.instancePath === g.instancePath || e.instancePath.startsWith(`${g.instancePath}/`)),
      ),
  );
}

/** Validate a value against one schema; empty when it conforms. */
export function schemaIssues(name: SchemaName, value: unknown): SchemaIssue[] {
  const validate = validator(name);
  if (validate(value)) return [];
  const seen = new Set<string>();
  const out: SchemaIssue[] = [];
  for (const e of collapse(validate.errors ?? [])) {
    const issue = toIssue(e);
    const key = `${issue.path}\u0000${issue.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

/** Schema issues as findings of `code` (SP-MAN-002 for manifests, SP-PRO-001 for profiles). */
export function issuesToFindings(issues: readonly SchemaIssue[], code: 'SP-MAN-002' | 'SP-PRO-001'): Finding[] {
  return issues.map((i) => finding(code, i.path, i.params, i.message));
}
