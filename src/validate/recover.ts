/**
 * Reading on past unknown members (spec §11): a manifest whose only schema violations are members
 * the schema does not define is still read, so that the integrity, audio and null checks run
 * (SP-VAL-001: carry on wherever the package still allows it). The unknown members stay reported
 * as SP-MAN-002; they are dropped from the copy the validator uses.
 */
import type { Finding } from '../model/finding.js';
import type { Manifest } from '../model/manifest.js';
import { schemaCheck } from '../manifest/format-errors.js';

/** Schema keywords that only say "a member the schema does not define". */
const UNKNOWN_MEMBER = new Set(['additionalProperties', 'unevaluatedProperties']);

/**
 * The manifest without its unknown members, when every finding of the parse is one the
 * validator can read past (unknown members, a newer minor version, a byte order mark, a repeated
 * member name) and the
 * rest conforms to the schema; otherwise null.
 */
export function recoverManifest(bytes: Uint8Array, findings: readonly Finding[]): Manifest | null {
  const unknown: string[] = [];
  for (const f of findings) {
    const p = f.params as { keyword?: unknown; reason?: unknown };
    if (f.code === 'SP-MAN-002' && typeof p.keyword === 'string' && UNKNOWN_MEMBER.has(p.keyword)) unknown.push(f.path);
    // a repeated member name (SP-MAN-014) is read as JSON.parse reads it, the last value
    else if (f.code === 'SP-VER-002' || f.code === 'SP-MAN-014' || (f.code === 'SP-MAN-001' && p.reason === 'bom')) continue;
    else return null;
  }
  if (unknown.length === 0) return null;
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return null;
  }
  for (const ptr of unknown) removeAt(value, ptr);
  // conforms now? (counted, not listed: a hostile manifest could still hold millions of issues)
  const check = schemaCheck('manifest', value, { max: 0 });
  return check.issues.length === 0 && check.more === 0 ? (value as Manifest) : null;
}

/** Delete the member a JSON Pointer (RFC 6901) names, when its parent is an object. */
function removeAt(root: unknown, pointer: string): void {
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = tokens.pop();
  if (last === undefined) return;
  let node: unknown = root;
  for (const t of tokens) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[t];
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) delete (node as Record<string, unknown>)[last];
}
