/**
 * Reading `stempack.json` (spec §5.1, §11): strict UTF-8, no byte order mark, JSON, the spec
 * version, then the schema.
 */
import { finding } from '../model/finding.js';
import type { Finding, GenericParams } from '../model/finding.js';
import { MANIFEST_NAME, SPEC_VERSION } from '../model/manifest.js';
import type { Manifest } from '../model/manifest.js';
import { findDuplicateMembers } from './duplicate-keys.js';
import { issuesToFindings, schemaCheck } from './format-errors.js';
import { MAX_FINDINGS_PER_CODE } from '../model/report.js';
import { jsonErrorIndex } from './json-error.js';

/** Largest manifest a reader accepts (spec §5.1): 16 MiB. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export interface ParseOptions {
  /** Size limit in bytes (default {@link MAX_MANIFEST_BYTES}). */
  maxBytes?: number;
  /** Path to name in findings about the file as a whole (default `stempack.json`). */
  path?: string;
  /** SP-MAN-002 findings made at most; the last carries `more`, the count of the others (default MAX_FINDINGS_PER_CODE). */
  maxSchemaIssues?: number;
}

/** Result of {@link parseManifest}. */
export interface ParsedManifest {
  /** The manifest when it parsed, has a major version this reader implements and conforms to the schema; else null. */
  manifest: Manifest | null;
  findings: Finding[];
}

/** Parsed `major.minor.patch` of a semver string, or null when it is not one. */
export function parseSemver(s: string): { major: number; minor: number; patch: number } | null {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(s);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** Byte offset of the first ill-formed UTF-8 sequence (Unicode §3.9, table 3-7), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const b1 = b[i + 1]!;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const x = b[i + k]!;
      if (x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

function positionOf(text: string): { byteOffset: number; line: number; column: number } | null {
  const pos = jsonErrorIndex(text);
  if (pos < 0) return null;
  const before = text.slice(0, pos);
  const lines = before.split('\n');
  return {
    byteOffset: new TextEncoder().encode(before).length,
    line: lines.length,
    column: lines[lines.length - 1]!.length + 1,
  };
}

const IMPL = parseSemver(SPEC_VERSION)!;

/**
 * One SP-MAN-014 finding per repeated member name, at the repeated member's JSON Pointer; the
 * last one listed carries `more` when the scanner stopped listing (a hostile manifest).
 * `base` is the byte offset of `text` in the file (3 after a byte order mark).
 */
function duplicateFindings(text: string, base: number): Finding[] {
  const scan = findDuplicateMembers(text, { byteBase: base });
  const out = scan.duplicates.map((d, i) =>
    finding('SP-MAN-014', d.pointer, {
      name: d.name,
      byteOffset: d.byteOffset,
      firstByteOffset: d.firstByteOffset,
      // the last listed finding counts the repeats not listed
      ...(scan.more > 0 && i === scan.duplicates.length - 1 ? { more: scan.more } : {}),
    }),
  );
  return out;
}

/**
 * Parse and schema-check a manifest. Never throws on bad input: every problem is a finding.
 * Order (spec §11): bytes and JSON (SP-MAN-001), then the spec version (SP-VER-001 stops here
 * with a null manifest; SP-VER-002 warns and goes on), then repeated member names (SP-MAN-014:
 * reported, and the manifest is read as `JSON.parse` reads it, the last repeat winning), then the
 * schema (SP-MAN-002).
 * A byte order mark is reported (SP-MAN-001) and skipped, so later checks still run.
 */
export function parseManifest(bytes: Uint8Array, opts: ParseOptions = {}): ParsedManifest {
  const limit = opts.maxBytes ?? MAX_MANIFEST_BYTES;
  const file = opts.path ?? MANIFEST_NAME;
  const findings: Finding[] = [];
  if (bytes.length > limit) {
    findings.push(
      finding('SP-MAN-001', file, { reason: 'too-large', bytes: bytes.length, limit }),
    );
    return { manifest: null, findings };
  }
  let body = bytes;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    findings.push(finding('SP-MAN-001', file, { reason: 'bom', byteOffset: 0 }));
    body = bytes.subarray(3);
  }
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const byteOffset = bad + (bytes.length - body.length);
    findings.push(finding('SP-MAN-001', file, { reason: 'utf8', byteOffset }));
    return { manifest: null, findings };
  }
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const pos = positionOf(text);
    const where = pos ? { byteOffset: pos.byteOffset + (bytes.length - body.length), line: pos.line, column: pos.column } : {};
    findings.push(finding('SP-MAN-001', file, { reason: 'json', ...where }));
    return { manifest: null, findings };
  }
  const declared =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { stempack?: unknown }).stempack : undefined;
  const ver = typeof declared === 'string' ? parseSemver(declared) : null;
  if (ver && ver.major !== IMPL.major) {
    findings.push(
      finding(
        'SP-VER-001',
        '/stempack',
        { found: declared as string, implemented: SPEC_VERSION },
      ),
    );
    return { manifest: null, findings };
  }
  if (ver && ver.minor > IMPL.minor) {
    findings.push(
      finding(
        'SP-VER-002',
        '/stempack',
        { found: declared as string, implemented: SPEC_VERSION },
      ),
    );
  }
  for (const f of duplicateFindings(text, bytes.length - body.length)) findings.push(f);
  // at most the report's cap of schema issues are made into findings; the last carries the count of the others
  const check = schemaCheck('manifest', value, { max: opts.maxSchemaIssues ?? MAX_FINDINGS_PER_CODE });
  const schema = issuesToFindings(check.issues, 'SP-MAN-002');
  if (check.more > 0 && schema.length > 0) {
    // the last one listed stands for the rest (its message says how many: model/messages.ts)
    const last = schema[schema.length - 1]!;
    schema[schema.length - 1] = finding(last.code, last.path, { ...(last.params as GenericParams), more: check.more } as never, last.at);
  }
  for (const f of schema) findings.push(f);
  return { manifest: check.issues.length === 0 && check.more === 0 ? (value as Manifest) : null, findings };
}
