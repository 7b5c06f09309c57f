/**
 * Receipts (spec §12.1): the receiver's signed statement that it validated a package, as an
 * in-toto Statement v1 whose subjects are the package file, its manifest entry and its delivery
 * signatures, and whose predicate is the validation's verdict. Pure: building, serialising,
 * reading and comparing; signing is `signer.ts`, checking the signature `verify.ts`.
 *
 * Ref: in-toto Attestation Framework, Statement v1
 * (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md); schema/receipt.schema.json.
 * @module
 */
import { finding, type Finding, type ParamsMap } from '../model/finding.js';
import type { Report } from '../model/report.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const RECEIPT_PREDICATE_TYPE = 'https://stempack.org/receipt/v1';
/** Subject name of the manifest entry. */
export const MANIFEST_SUBJECT = 'stempack.json';

export interface ReceiptSubject {
  name: string;
  digest: { sha256: string };
}

/** The stempack receipt predicate. */
export interface ReceiptPredicate {
  /** `accepted` when the report has no error-level finding, else `rejected`. */
  verdict: 'accepted' | 'rejected';
  counts: { error: number; warning: number; info: number };
  profile: string;
  level: Report['level'];
  validator: { name: string; version: string };
  /** SHA-256 of the report's JSON bytes as the receiver wrote them. */
  report: { sha256: string };
  /** When the package was validated (RFC 3339, UTC). */
  time: string;
}

export interface Receipt {
  _type: typeof STATEMENT_TYPE;
  subject: ReceiptSubject[];
  predicateType: typeof RECEIPT_PREDICATE_TYPE;
  predicate: ReceiptPredicate;
}

/** What a receipt is built from. */
export interface ReceiptInput {
  /** The package's file name (the first subject's name). */
  packageName: string;
  packageSha256: string;
  manifestSha256: string;
  /** The package's signature entries and the SHA-256 of each one's bytes. */
  signatures: { entry: string; sha256: string }[];
  report: Report;
  reportSha256: string;
  /** RFC 3339 UTC time. */
  time: string;
}

/** Build a receipt. Deterministic: the same inputs give the same receipt. */
export function buildReceipt(i: ReceiptInput): Receipt {
  return {
    _type: STATEMENT_TYPE,
    subject: [
      { name: i.packageName, digest: { sha256: i.packageSha256 } },
      { name: MANIFEST_SUBJECT, digest: { sha256: i.manifestSha256 } },
      ...i.signatures.map((s) => ({ name: s.entry, digest: { sha256: s.sha256 } })),
    ],
    predicateType: RECEIPT_PREDICATE_TYPE,
    predicate: {
      verdict: i.report.valid ? 'accepted' : 'rejected',
      counts: { error: i.report.counts.error, warning: i.report.counts.warning, info: i.report.counts.info },
      profile: i.report.profile,
      level: i.report.level,
      validator: { name: i.report.tool.name, version: i.report.tool.version },
      report: { sha256: i.reportSha256 },
      time: i.time,
    },
  };
}

/** The receipt's file bytes: two-space JSON and a final line end. */
export function serializeReceipt(r: Receipt): string {
  return JSON.stringify(r, null, 2) + '\n';
}

export { rfc3339 } from '../model/units.js';

const HEX64 = /^[0-9a-f]{64}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/** The first way `v` breaks the receipt shape (schema/receipt.schema.json), as a JSON Pointer and a detail; null when it conforms. */
export function receiptShapeProblem(v: unknown): { pointer: string; detail: string } | null {
  if (!isObj(v)) return { pointer: '', detail: 'not a JSON object' };
  const only = (o: Obj, ptr: string, keys: string[]) => {
    const extra = Object.keys(o).find((k) => !keys.includes(k));
    return extra === undefined ? null : { pointer: `${ptr}/${extra}`, detail: `unknown member "${extra}"` };
  };
  if (v['_type'] !== STATEMENT_TYPE) return { pointer: '/_type', detail: `not "${STATEMENT_TYPE}"` };
  if (v['predicateType'] !== RECEIPT_PREDICATE_TYPE) return { pointer: '/predicateType', detail: `not "${RECEIPT_PREDICATE_TYPE}"` };
  const bad = only(v, '', ['_type', 'subject', 'predicateType', 'predicate']);
  if (bad) return bad;
  const subject = v['subject'];
  if (!Array.isArray(subject) || subject.length < 2) return { pointer: '/subject', detail: 'not an array of at least two subjects (the package and its manifest)' };
  for (let i = 0; i < subject.length; i++) {
    const s = subject[i] as unknown;
    const ptr = `/subject/${i}`;
    if (!isObj(s)) return { pointer: ptr, detail: 'not an object' };
    const b = only(s, ptr, ['name', 'digest']);
    if (b) return b;
    if (typeof s['name'] !== 'string' || s['name'] === '') return { pointer: `${ptr}/name`, detail: 'not a non-empty string' };
    const d = s['digest'];
    if (!isObj(d) || typeof d['sha256'] !== 'string' || !HEX64.test(d['sha256'])) return { pointer: `${ptr}/digest`, detail: 'no lower-case hex sha256 digest' };
  }
  if ((subject[1] as Obj)['name'] !== MANIFEST_SUBJECT) return { pointer: '/subject/1/name', detail: `the second subject is not "${MANIFEST_SUBJECT}"` };
  const p = v['predicate'];
  if (!isObj(p)) return { pointer: '/predicate', detail: 'not an object' };
  const pb = only(p, '/predicate', ['verdict', 'counts', 'profile', 'level', 'validator', 'report', 'time']);
  if (pb) return pb;
  if (p['verdict'] !== 'accepted' && p['verdict'] !== 'rejected') return { pointer: '/predicate/verdict', detail: 'not "accepted" or "rejected"' };
  const c = p['counts'];
  if (!isObj(c) || !isCount(c['error']) || !isCount(c['warning']) || !isCount(c['info']) || Object.keys(c).length !== 3) return { pointer: '/predicate/counts', detail: 'not {error, warning, info} counts' };
  if (typeof p['profile'] !== 'string' || p['profile'] === '') return { pointer: '/predicate/profile', detail: 'not a profile name' };
  if (p['level'] !== 'structure' && p['level'] !== 'headers' && p['level'] !== 'full') return { pointer: '/predicate/level', detail: 'not structure, headers or full' };
  const val = p['validator'];
  if (!isObj(val) || typeof val['name'] !== 'string' || typeof val['version'] !== 'string' || Object.keys(val).length !== 2) return { pointer: '/predicate/validator', detail: 'not {name, version}' };
  const rep = p['report'];
  if (!isObj(rep) || typeof rep['sha256'] !== 'string' || !HEX64.test(rep['sha256']) || Object.keys(rep).length !== 1) return { pointer: '/predicate/report', detail: 'not {sha256}' };
  if (typeof p['time'] !== 'string' || !TIME.test(p['time'])) return { pointer: '/predicate/time', detail: 'not an RFC 3339 date-time' };
  if ((p['verdict'] === 'accepted') !== (c['error'] === 0)) return { pointer: '/predicate/verdict', detail: `"${String(p['verdict'])}" with ${String(c['error'])} errors` };
  return null;
}

/** Read a receipt file: the receipt, or SP-RCP-001 at `path`. */
export function parseReceipt(bytes: Uint8Array, path: string): { receipt: Receipt | null; findings: Finding[] } {
  let v: unknown;
  const fail = (p: ParamsMap['SP-RCP-001']) => ({ receipt: null, findings: [finding('SP-RCP-001', path, p)] });
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    return fail({ reason: 'json', detail: e instanceof Error ? e.message : String(e), pointer: '' });
  }
  const problem = receiptShapeProblem(v);
  if (problem) return fail({ reason: 'shape', ...problem });
  return { receipt: v as Receipt, findings: [] };
}

/** The digests of a package a receipt is checked against. */
export interface PackageDigests {
  packageSha256: string;
  manifestSha256: string | null;
  /** SHA-256 of each signature entry, by entry name. */
  signatures: Map<string, string>;
}

/** SP-RCP-002 for every subject whose digest differs from the package's (path: the receipt file). */
export function compareSubjects(r: Receipt, d: PackageDigests, path: string): Finding[] {
  const out: Finding[] = [];
  r.subject.forEach((s, i) => {
    const found = i === 0 ? d.packageSha256 : s.name === MANIFEST_SUBJECT ? d.manifestSha256 : (d.signatures.get(s.name) ?? null);
    if (found === s.digest.sha256) return;
    const p = { subject: i === 0 ? `${s.name} (the package file)` : s.name, expected: s.digest.sha256, found };
    out.push(finding('SP-RCP-002', path, p));
  });
  return out;
}
