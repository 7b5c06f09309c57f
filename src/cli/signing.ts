/** Plumbing the signature commands share: allowed signers files, times, digests, summaries. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ReportFinding } from '../model/report.js';
import { mergeAllowedSigners, parseAllowedSigners, parseSshTime, type AllowedSigners } from '../sign/allowed-signers.js';
import { UsageError } from './util.js';

/** Read and merge allowed signers files; lines set aside are printed on stderr as ssh-keygen does. */
export async function readAllowedSigners(paths: string[]): Promise<AllowedSigners> {
  const sets: AllowedSigners[] = [];
  for (const p of paths) {
    let text: string;
    try {
      text = await readFile(p, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read the allowed signers file ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    sets.push(parseAllowedSigners(text, p));
  }
  const all = mergeAllowedSigners(...sets);
  for (const n of all.notes) process.stderr.write(`stempack: ${n.file}:${n.line}: ${n.message}\n`);
  if (all.signers.length === 0) process.stderr.write(`stempack: warning: no usable line in ${paths.join(', ')}: no signer can be trusted\n`);
  return all;
}

/**
 * A verification time: `YYYYMMDD[HHMM[SS]][Z]` as ssh-keygen's `-Overify-time`, or an ISO 8601
 * date-time; seconds since the epoch.
 */
export function parseVerifyTime(text: string): number {
  const ssh = parseSshTime(text);
  if (ssh !== null) return ssh;
  const ms = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && Number.isFinite(ms)) return Math.floor(ms / 1000);
  throw new UsageError(`--verify-time: not a time: ${text} (YYYYMMDD[HHMM[SS]][Z] or an ISO 8601 date-time)`);
}

/** SHA-256 (hex) of bytes. */
export function sha256Hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** One signature as the verify commands show it, gathered from the report's SP-SIG findings. */
export interface SignatureLine {
  path: string;
  status: 'good' | 'bad' | 'refused' | 'malformed' | 'wrong-namespace' | 'expired' | 'not-yet-valid';
  keyType?: string;
  fingerprint?: string;
  principal: string | null;
  trusted: boolean | null;
  code: string;
  message: string;
}

/** The signatures of a report, one line each (from SP-SIG-001..004, 006, 101), in path order. */
export function signatureLines(findings: readonly ReportFinding[]): SignatureLine[] {
  const STATUS: Record<string, SignatureLine['status']> = {
    'SP-SIG-001': 'malformed',
    'SP-SIG-002': 'wrong-namespace',
    'SP-SIG-003': 'refused',
    'SP-SIG-004': 'bad',
    'SP-SIG-101': 'good',
  };
  const by = new Map<string, SignatureLine>();
  for (const f of findings) {
    const s = STATUS[f.code];
    if (!s) continue;
    const p = f.params as Record<string, unknown>;
    const line: SignatureLine = { path: f.path, status: s, principal: (p['principal'] as string | null | undefined) ?? null, trusted: (p['trusted'] as boolean | null | undefined) ?? null, code: f.code, message: f.message };
    if (typeof p['keyType'] === 'string') line.keyType = p['keyType'];
    if (typeof p['fingerprint'] === 'string') line.fingerprint = p['fingerprint'];
    by.set(f.path, line);
  }
  // a verified signature whose signer is outside its validity (SP-SIG-006)
  for (const f of findings) {
    const l = f.code === 'SP-SIG-006' ? by.get(f.path) : undefined;
    if (!l) continue;
    // the line takes the finding's status and sentence (the line is a report row, not a finding)
    Object.assign(l, { status: (f.params as Record<string, unknown>)['reason'] === 'expired' ? 'expired' : 'not-yet-valid', code: f.code, message: f.message });
  }
  return [...by.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Codes that say the files do not match the signed manifest. */
export const FILE_MISMATCH_CODES = new Set(['SP-MAN-003', 'SP-MAN-004', 'SP-MAN-007', 'SP-MAN-008', 'SP-ZIP-010', 'SP-ZIP-013']);
