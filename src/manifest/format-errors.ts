/**
 * Turns Ajv validation errors into our own issues and findings: one issue per broken rule,
 * located by JSON Pointer, with params keyed on the schema keyword. Wording is ours (not
 * ajv-errors); tests assert only codes, paths and params.
 */
import type { ErrorObject } from 'ajv';
import { finding } from '../model/finding.js';
import type { Finding, Json } from '../model/finding.js';
import { schemaIssueMessage } from '../model/messages.js';
import type { SchemaIssueParams } from '../model/params.js';
import { validator } from './schemas.js';
import type { SchemaName } from './schemas.js';

/** One schema violation. */
export interface SchemaIssue {
  /** JSON Pointer (RFC 6901) to the offending value; `''` is the document root. */
  path: string;
  /** The JSON Schema keyword that failed (`required`, `additionalProperties`, `anyOf`...). */
  keyword: string;
  /** `keyword` plus the keyword's own params (`missingProperty`, `allowedValues`...) and the value `found`. */
  params: SchemaIssueParams;
  message: string;
}

/** Escape one JSON Pointer reference token (RFC 6901 §3). */
export function pointerToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The value found, as params carry it: strings cut to 60 characters, objects and arrays by their kind. */
function found(v: unknown): Json {
  if (typeof v === 'string') return v.length > 60 ? `${v.slice(0, 57)}...` : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  return Array.isArray(v) ? 'an array' : 'an object';
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

/** Keywords about a member's presence or name, whose params carry no value found. */
const NO_VALUE = new Set(['required', 'additionalProperties', 'unevaluatedProperties', 'propertyNames', 'const']);

function toIssue(e: ErrorObject): SchemaIssue {
  const p = e.params as { [k: string]: Json };
  const params: SchemaIssueParams = { keyword: e.keyword };
  for (const k of Object.keys(p).sort()) if (p[k] !== undefined) params[k] = p[k]!;
  let path = e.instancePath;
  switch (e.keyword) {
    case 'required':
      path = `${path}/${pointerToken(String(p.missingProperty))}`;
      break;
    case 'additionalProperties':
      path = `${path}/${pointerToken(String(p.additionalProperty))}`;
      break;
    case 'unevaluatedProperties':
      path = `${path}/${pointerToken(String(p.unevaluatedProperty))}`;
      break;
    case 'propertyNames':
      path = `${path}/${pointerToken(String(p.propertyName))}`;
      break;
    case 'oneOf':
    case 'anyOf': {
      const alt = alternatives(e.schema);
      if (alt.required.length > 0) params.alternatives = alt.required;
      if (alt.allowed.length > 0) params.allowedValues = alt.allowed;
      if (alt.patterns.length > 0) params.patterns = alt.patterns;
      break;
    }
    default:
      break;
  }
  if (!NO_VALUE.has(e.keyword)) params.found = found(e.data);
  return { path, keyword: e.keyword, params, message: schemaIssueMessage(params, path) };
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
  return issues.map((i) => finding(code, i.path, i.params));
}
