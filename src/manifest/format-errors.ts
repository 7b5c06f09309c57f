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
import { manifestItemValidator, SCHEMAS, validator, type SchemaName, type SchemaValidator } from './schemas.js';

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

/** Options of {@link schemaCheck}. */
export interface SchemaCheckOptions {
  /** Issues listed at most; the others are counted in `more` (default: all listed). */
  max?: number;
  /**
   * Check the manifest's arrays item by item (default true): same issues, linear time, memory
   * bounded by one item's errors. `false`: one call of the whole validator (for tests).
   */
  split?: boolean;
}

/** Result of {@link schemaCheck}. */
export interface SchemaCheck {
  /** The first issues, at most `max`. */
  issues: SchemaIssue[];
  /** Issues found beyond `max`. */
  more: number;
}

class IssueSink {
  readonly issues: SchemaIssue[] = [];
  more = 0;
  constructor(readonly max: number) {}

  /** Ajv's errors of one call: reduced to issues, repeats (same path, keyword and member) dropped. */
  errors(errors: readonly ErrorObject[]): void {
    if (this.issues.length >= this.max) {
      this.more += countIssues(errors);
      return;
    }
    const seen = new Set<string>();
    for (const e of collapse(errors)) {
      const key = issueKey(e);
      if (seen.has(key)) continue;
      seen.add(key);
      if (this.issues.length < this.max) this.issues.push(toIssue(e));
      else this.more++;
    }
  }
}

/** What makes two errors one issue: the instance path, the keyword and the member a member keyword names. */
function issueKey(e: ErrorObject): string {
  return `${e.instancePath}\u0000${e.keyword}\u0000${issueSuffix(e)}`;
}

/** How many issues {@link IssueSink.errors} would make of `errors` (no issue made). */
function countIssues(errors: readonly ErrorObject[]): number {
  // the common case (no oneOf, anyOf or if among them, a few errors): no filtering, repeats
  // found by comparing fields, no strings built
  if (errors.length > 32 || errors.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if')) {
    return new Set(collapse(errors).map(issueKey)).size;
  }
  const suffix = errors.map(issueSuffix);
  let n = 0;
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i]!;
    let repeat = false;
    for (let j = 0; j < i && !repeat; j++) {
      const o = errors[j]!;
      repeat = suffix[j] === suffix[i] && o.keyword === e.keyword && o.instancePath === e.instancePath;
    }
    if (!repeat) n++;
  }
  return n;
}

/** What {@link toIssue} appends to the instance path for a keyword (the member a member keyword names). */
function issueSuffix(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return String(p.missingProperty);
    case 'additionalProperties':
      return String(p.additionalProperty);
    case 'unevaluatedProperties':
      return String(p.unevaluatedProperty);
    case 'propertyNames':
      return String(p.propertyName);
    default:
      return '';
  }
}

/**
 * Validate a value against one schema: the first `max` issues and the count of the others.
 *
 * The manifest is checked item by item: each array whose items are a `$defs` entry (stems,
 * credits, versions and their rules, attachments) is cut to its first item for the call of the
 * manifest's validator, and every other item is checked by the validator of its `$defs` entry;
 * an object with more than `max` members the schema does not define keeps `max` of them for
 * Ajv, the others are counted (each is one `additionalProperties` issue). So a manifest of a
 * million `{}` stems costs a million small calls, linear, with memory for one stem's errors,
 * instead of one call that gathers eleven million errors with a quadratic `concat`.
 */
export function schemaCheck(name: SchemaName, value: unknown, opts: SchemaCheckOptions = {}): SchemaCheck {
  const sink = new IssueSink(Math.max(0, opts.max ?? Infinity));
  const validate = validator(name);
  if (name !== 'manifest' || opts.split === false) {
    if (!validate(value)) sink.errors(validate.errors ?? []);
  } else {
    checkNode(validate, planOf(SCHEMAS.manifest as Node), value, '', sink);
  }
  return { issues: sink.issues, more: sink.more };
}

/** Validate a value against one schema; empty when it conforms. */
export function schemaIssues(name: SchemaName, value: unknown): SchemaIssue[] {
  return schemaCheck(name, value).issues;
}

/** A JSON Schema node of the manifest schema, as far as the item-by-item check reads it. */
interface Node {
  $ref?: string;
  properties?: Record<string, Node>;
  patternProperties?: Record<string, unknown>;
  additionalProperties?: unknown;
  items?: Node;
}

/** What the item-by-item check needs to know of an object schema, worked out once per node. */
interface Plan {
  /** The schema's own member names. */
  names: Set<string>;
  /** Its patternProperties. */
  patterns: RegExp[];
  /** It forbids other members (`additionalProperties: false`). */
  closed: boolean;
  /** Members whose value may need cutting: arrays of `$defs` items, or objects with a schema of their own. */
  members: { name: string; token: string; items?: { def: string; plan: Plan }; object?: Plan }[];
}

const plans = new WeakMap<Node, Plan>();
const DEF_REF = /^#\/\$defs\/([A-Za-z0-9]+)$/;

/** The `$defs` entry a `$ref` names. */
function defOf(ref: string | undefined): { name: string; node: Node } | null {
  const m = ref !== undefined ? DEF_REF.exec(ref) : null;
  const node = m ? (SCHEMAS.manifest as { $defs?: Record<string, Node> }).$defs?.[m[1]!] : undefined;
  return m && node ? { name: m[1]!, node } : null;
}

function planOf(node: Node): Plan {
  let p = plans.get(node);
  if (p) return p;
  p = {
    names: new Set(Object.keys(node.properties ?? {})),
    patterns: Object.keys(node.patternProperties ?? {}).map((x) => new RegExp(x, 'u')),
    closed: node.additionalProperties === false,
    members: [],
  };
  plans.set(node, p); // before the members: a schema may refer to itself
  for (const [name, sub] of Object.entries(node.properties ?? {})) {
    const items = defOf(sub.items?.$ref);
    const target = defOf(sub.$ref)?.node ?? sub;
    if (items && manifestItemValidator(items.name)) p.members.push({ name, token: pointerToken(name), items: { def: items.name, plan: planOf(items.node) } });
    else if (target.properties) p.members.push({ name, token: pointerToken(name), object: planOf(target) });
  }
  return p;
}

interface Rest {
  def: string;
  plan: Plan;
  items: unknown[];
  path: string;
}

/** Check `value` (at `path`, schema plan `plan`) with `validate`, then the array items it left out. */
function checkNode(validate: SchemaValidator, plan: Plan, value: unknown, path: string, sink: IssueSink): void {
  const rest: Rest[] = [];
  const shell = shellOf(plan, value, path, rest, sink);
  if (!validate(shell, { instancePath: path })) sink.errors(validate.errors ?? []);
  for (const r of rest) {
    const v = manifestItemValidator(r.def)!;
    for (let i = 1; i < r.items.length; i++) {
      const item = r.items[i];
      const at = `${r.path}/${i}`;
      // most items need no cutting: checked directly, without the work of shellOf's copy
      if (plain(r.plan, item, sink.max)) {
        if (!v(item, { instancePath: at })) sink.errors(v.errors ?? []);
      } else checkNode(v, r.plan, item, at, sink);
    }
  }
}

/** Nothing of `value` needs cutting for `plan`: not an object, or no array member and few undefined members. */
function plain(plan: Plan, value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return true;
  const obj = value as Record<string, unknown>;
  for (const m of plan.members) if (Object.hasOwn(obj, m.name) && obj[m.name] !== null && typeof obj[m.name] === 'object') return false;
  return !plan.closed || !Number.isFinite(max) || undefinedMembers(plan, obj) <= max;
}

function undefinedMembers(plan: Plan, obj: Record<string, unknown>): number {
  let n = 0;
  for (const k in obj) if (Object.hasOwn(obj, k) && !plan.names.has(k) && !plan.patterns.some((re) => re.test(k))) n++;
  return n;
}

/**
 * `value` as the validator of `plan` is to see it: arrays of `$defs` items cut to their first
 * item (itself cut the same way; the other items go to `rest`), and at most `sink.max` undefined
 * members per object (the others counted). The value itself when nothing is cut.
 */
function shellOf(plan: Plan, value: unknown, path: string, rest: Rest[], sink: IssueSink): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  if (plan.closed && Number.isFinite(sink.max)) {
    const unknown = undefinedMembers(plan, obj);
    if (unknown > sink.max) {
      copy = {};
      let kept = 0;
      for (const k in obj) {
        if (!Object.hasOwn(obj, k)) continue;
        if (!plan.names.has(k) && !plan.patterns.some((re) => re.test(k)) && kept++ >= sink.max) continue;
        // defined, not assigned: a member named __proto__ stays a member
        Object.defineProperty(copy, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
      }
      sink.more += unknown - sink.max;
    }
  }
  for (const m of plan.members) {
    if (!Object.hasOwn(obj, m.name)) continue;
    const v = obj[m.name];
    const at = `${path}/${m.token}`;
    let next: unknown = v;
    if (m.items && Array.isArray(v) && v.length > 0) {
      next = [shellOf(m.items.plan, v[0], `${at}/0`, rest, sink)];
      if (v.length > 1) rest.push({ def: m.items.def, plan: m.items.plan, items: v, path: at });
    } else if (m.object) next = shellOf(m.object, v, at, rest, sink);
    if (next !== v) (copy ??= { ...obj })[m.name] = next;
  }
  return copy ?? value;
}

/** Schema issues as findings of `code` (SP-MAN-002 for manifests, SP-PRO-001 for profiles). */
export function issuesToFindings(issues: readonly SchemaIssue[], code: 'SP-MAN-002' | 'SP-PRO-001'): Finding[] {
  return issues.map((i) => finding(code, i.path, i.params));
}
