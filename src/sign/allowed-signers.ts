/**
 * OpenSSH allowed signers files (ssh-keygen(1), ALLOWED SIGNERS): who may sign, for which
 * namespaces and when. `principals [options] keytype base64 [comment]` per line; options
 * `namespaces="..."`, `valid-after="..."`, `valid-before="..."` and `cert-authority` (certificate
 * signers are not accepted in this version, so such lines are set aside with a note). Lines that
 * cannot be read are set aside with a note too, as ssh-keygen logs and skips them. Pure.
 *
 * Ref: ssh-keygen(1) ALLOWED SIGNERS; sshsig.c (`sshsigopt_parse`, `check_allowed_keys_line`);
 * match.c (`match_pattern_list`); misc.c (`parse_absolute_time`).
 * @module
 */
import { parseKeyLine } from './keys.js';
import { bytesEqual } from './wire.js';

/** One usable line. */
export interface AllowedSigner {
  /** 1-based line number in its file. */
  line: number;
  /** The file it came from (for messages). */
  file: string;
  /** The principals field as written (comma-separated patterns). */
  principals: string;
  keyType: string;
  keyBlob: Uint8Array;
  /** `namespaces=` patterns, or null when the line sets none (any namespace). */
  namespaces: string | null;
  /** Seconds since the epoch, or null. */
  validAfter: number | null;
  validBefore: number | null;
  /** The times as written, for messages. */
  validAfterText: string | null;
  validBeforeText: string | null;
}

/** A line set aside, and why. */
export interface AllowedSignersNote {
  file: string;
  line: number;
  message: string;
}

/** A parsed set of allowed signers files. */
export interface AllowedSigners {
  signers: AllowedSigner[];
  notes: AllowedSignersNote[];
}

/** Split off the first field; a field may be double-quoted (spaces inside). */
function field(s: string): { value: string; rest: string } | null {
  const t = s.replace(/^[ \t]+/, '');
  if (t === '') return null;
  if (t[0] === '"') {
    const end = t.indexOf('"', 1);
    if (end < 0) return null;
    return { value: t.slice(1, end), rest: t.slice(end + 1) };
  }
  const m = /^[^ \t]+/.exec(t)!;
  return { value: m[0], rest: t.slice(m[0].length) };
}

/** The options field ends at the first space or tab outside double quotes. */
function optionsField(s: string): { value: string; rest: string } | null {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ' ' || c === '\t')) return { value: s.slice(0, i), rest: s.slice(i) };
  }
  return quoted ? null : { value: s, rest: '' };
}

/**
 * `YYYYMMDD`, `YYYYMMDDHHMM` or `YYYYMMDDHHMMSS`, in UTC when followed by `Z`, else local time,
 * as ssh-keygen reads it; seconds since the epoch, or null when it is not such a time.
 */
export function parseSshTime(text: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?([Zz])?$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = m[7] ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  const date = new Date(ms);
  // reject dates that roll over (20260231)
  if ((m[7] ? date.getUTCDate() : date.getDate()) !== d) return null;
  return Math.floor(ms / 1000);
}

interface Options {
  ca: boolean;
  namespaces: string | null;
  validAfter: string | null;
  validBefore: string | null;
}

function parseOptions(text: string): Options | string {
  const o: Options = { ca: false, namespaces: null, validAfter: null, validBefore: null };
  let s = text;
  while (s !== '') {
    const m = /^([A-Za-z-]+)/.exec(s);
    if (!m) return `unknown option at "${s.slice(0, 20)}"`;
    const name = m[1]!.toLowerCase();
    s = s.slice(m[1]!.length);
    if (name === 'cert-authority') o.ca = true;
    else if (name === 'namespaces' || name === 'valid-after' || name === 'valid-before') {
      const q = /^="([^"]*)"/.exec(s);
      if (!q) return `${name}= needs a double-quoted value`;
      s = s.slice(q[0].length);
      const key = name === 'namespaces' ? 'namespaces' : name === 'valid-after' ? 'validAfter' : 'validBefore';
      if (o[key] !== null) return `more than one ${name} option`;
      o[key] = q[1]!;
    } else return `unknown option "${name}"`;
    if (s === '') break;
    if (s[0] !== ',') return `unexpected "${s.slice(0, 20)}" in the options`;
    s = s.slice(1);
    if (s === '') return 'the options end with a comma';
  }
  return o;
}

/** Read one allowed signers file; unusable lines become notes. */
export function parseAllowedSigners(text: string, file = 'allowed_signers'): AllowedSigners {
  const out: AllowedSigners = { signers: [], notes: [] };
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const note = (message: string) => out.notes.push({ file, line, message });
    const t = raw.replace(/\r$/, '').replace(/^[ \t]+/, '');
    if (t === '' || t.startsWith('#')) return;
    const p = field(t);
    if (!p || p.value === '') return note('no principals');
    let rest = p.rest.replace(/^[ \t]+/, '');
    let key = parseKeyLine(rest);
    let opts: Options = { ca: false, namespaces: null, validAfter: null, validBefore: null };
    if (!key) {
      const of = optionsField(rest);
      if (!of || of.value === '') return note('no key');
      const parsed = parseOptions(of.value);
      if (typeof parsed === 'string') return note(`bad options: ${parsed}`);
      opts = parsed;
      rest = of.rest.replace(/^[ \t]+/, '');
      key = parseKeyLine(rest);
      if (!key) return note('the key cannot be read');
    }
    if (opts.ca) return note('a cert-authority line: certificate signers are not accepted in this version, the line is not used');
    const validAfter = opts.validAfter === null ? null : parseSshTime(opts.validAfter);
    const validBefore = opts.validBefore === null ? null : parseSshTime(opts.validBefore);
    if (opts.validAfter !== null && validAfter === null) return note(`invalid valid-after time "${opts.validAfter}" (YYYYMMDD[HHMM[SS]][Z])`);
    if (opts.validBefore !== null && validBefore === null) return note(`invalid valid-before time "${opts.validBefore}" (YYYYMMDD[HHMM[SS]][Z])`);
    if (validAfter !== null && validBefore !== null && validBefore <= validAfter) return note('valid-before is not after valid-after');
    out.signers.push({
      line,
      file,
      principals: p.value,
      keyType: key.type,
      keyBlob: key.blob,
      namespaces: opts.namespaces,
      validAfter,
      validBefore,
      validAfterText: opts.validAfter,
      validBeforeText: opts.validBefore,
    });
  });
  return out;
}

/** Merge several parsed files (first match wins, in file order). */
export function mergeAllowedSigners(...sets: AllowedSigners[]): AllowedSigners {
  return { signers: sets.flatMap((s) => s.signers), notes: sets.flatMap((s) => s.notes) };
}

/** One glob pattern (`*`, `?`) against a string, case-sensitively, without backtracking blow-up. */
export function matchPattern(s: string, pattern: string): boolean {
  let si = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < pattern.length && (pattern[pi] === '?' || pattern[pi] === s[si])) {
      si++;
      pi++;
    } else if (pi < pattern.length && pattern[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (pi < pattern.length && pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/** A comma-separated pattern list as OpenSSH matches it: a matching `!pattern` vetoes, else any match. */
export function matchPatternList(s: string, list: string): boolean {
  let got = false;
  for (const p of list.split(',')) {
    if (p.startsWith('!')) {
      if (matchPattern(s, p.slice(1))) return false;
    } else if (matchPattern(s, p)) got = true;
  }
  return got;
}

/** What the allowed signers say about one key. */
export type TrustResult =
  | { status: 'trusted'; signer: AllowedSigner }
  /** Listed for this namespace, but the verification time is outside the line's validity. */
  | { status: 'not-yet-valid' | 'expired'; signer: AllowedSigner; time: number }
  /** Not listed, or listed only for other namespaces or other identities. */
  | { status: 'unknown'; note?: 'namespace' | 'identity' };

/**
 * Look a key up as `ssh-keygen -Y verify` does: the first line whose key equals the signature's
 * (not a certificate authority), whose principals match `identity` when one is asked, and whose
 * namespaces allow `namespace`; then its validity at `time` (seconds; inclusive bounds).
 */
export function lookupSigner(set: AllowedSigners, keyBlob: Uint8Array, namespace: string, time: number, identity?: string): TrustResult {
  let note: 'namespace' | 'identity' | undefined;
  let outside: TrustResult | null = null;
  for (const s of set.signers) {
    if (!bytesEqual(s.keyBlob, keyBlob)) continue;
    if (identity !== undefined && !matchPatternList(identity, s.principals)) {
      note ??= 'identity';
      continue;
    }
    if (s.namespaces !== null && !matchPatternList(namespace, s.namespaces)) {
      note = 'namespace';
      continue;
    }
    if (s.validAfter !== null && time < s.validAfter) {
      outside ??= { status: 'not-yet-valid', signer: s, time };
      continue;
    }
    if (s.validBefore !== null && time > s.validBefore) {
      outside ??= { status: 'expired', signer: s, time };
      continue;
    }
    return { status: 'trusted', signer: s };
  }
  return outside ?? (note ? { status: 'unknown', note } : { status: 'unknown' });
}
