/**
 * Repeated member names in a JSON text (spec §5.1, SP-MAN-014; I-JSON, RFC 7493 §2.3).
 *
 * `JSON.parse` silently keeps the last of two members with the same name, while other parsers
 * keep the first or refuse the text, so one manifest could say different things to different
 * tools. This is a small streaming scanner over a text `JSON.parse` has already accepted: one
 * pass, no recursion (an explicit stack, so a hostile nesting depth cannot overflow the call
 * stack), names compared after their escapes are resolved (`"a"` and `"\u0061"` are one name).
 *
 * Bounded by the input: time linear in its length; memory linear in its nesting depth plus the
 * names of the objects open at a time. At most {@link MAX_DUPLICATES} repeats are listed, their
 * pointers at most {@link MAX_POINTER_CHARS} characters in all (the first repeat is always
 * listed); the others are counted, so a manifest of millions of repeats cannot blow up the report.
 */

/** Escape one JSON Pointer reference token (RFC 6901 §3): `~` as `~0`, `/` as `~1`. */
function pointerToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Repeats listed at most; the rest are counted in {@link DuplicateScan.more}. */
export const MAX_DUPLICATES = 1000;
/** Total characters of the pointers of the listed repeats at most (1 MiB). */
export const MAX_POINTER_CHARS = 1 << 20;

/** One repeated member name. */
export interface DuplicateMember {
  /** JSON Pointer (RFC 6901) of the repeated member, for example `/stems/2/role`. */
  pointer: string;
  /** The name, escapes resolved. */
  name: string;
  /** UTF-8 byte offset of the repeated name's opening quote (plus `byteBase`). */
  byteOffset: number;
  /** UTF-8 byte offset of the first occurrence's opening quote in the same object (plus `byteBase`). */
  firstByteOffset: number;
}

/** Result of {@link findDuplicateMembers}. */
export interface DuplicateScan {
  /** Repeats in document order, at most {@link MAX_DUPLICATES}. */
  duplicates: DuplicateMember[];
  /** Repeats found but not listed (over the count or pointer budget). */
  more: number;
}

export interface DuplicateScanOptions {
  /** Added to every byte offset (for example 3 when a byte order mark was skipped). */
  byteBase?: number;
  /** Override {@link MAX_DUPLICATES}. */
  maxDuplicates?: number;
  /** Override {@link MAX_POINTER_CHARS}. */
  maxPointerChars?: number;
}

const ARRAY = 0;
const OBJECT = 1;

/** Decimal digits of a non-negative integer. */
function digits(x: number): number {
  let d = 1;
  while (x >= 10) {
    x = Math.floor(x / 10);
    d++;
  }
  return d;
}

/** Length of a name as a JSON Pointer token (`~` and `/` take two characters). */
function tokenLength(s: string): number {
  let n = s.length;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x7e || c === 0x2f) n++;
  }
  return n;
}

/** The array itself, or a copy at least twice as long when slot `need` does not fit. */
function grow(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  if (need < a.length) return a;
  const b = new Float64Array(Math.max(need + 1, a.length * 2));
  b.set(a);
  return b;
}
function growBytes(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  if (need < a.length) return a;
  const b = new Uint8Array(Math.max(need + 1, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Every member whose name repeats an earlier name of the same object, in document order.
 * `text` must be JSON that `JSON.parse` accepts; on other text the result is unspecified but the
 * function still returns (it never throws and never loops forever).
 */
export function findDuplicateMembers(text: string, opts: DuplicateScanOptions = {}): DuplicateScan {
  const base = opts.byteBase ?? 0;
  const maxDup = opts.maxDuplicates ?? MAX_DUPLICATES;
  let budget = opts.maxPointerChars ?? MAX_POINTER_CHARS;
  const duplicates: DuplicateMember[] = [];
  let more = 0;

  // The stack of open containers. Per frame: its kind, the index of the current element (arrays)
  // and the length of its own JSON Pointer. Objects also get a slot in the object stack: the
  // current member name (and its token length) and the names seen so far (the first one alone
  // until a second arrives, then a Map from name to byte offset).
  let kind = new Uint8Array(64);
  let index = new Float64Array(64);
  let plen = new Float64Array(64);
  let top = -1;
  const curKey: string[] = [];
  let curKeyLen = new Float64Array(64);
  const firstName: (string | undefined)[] = [];
  let firstOff = new Float64Array(64);
  const seen: (Map<string, number> | undefined)[] = [];
  let otop = -1;
  /** The next string in the current object is a member name. */
  let keyNext = false;
  /** UTF-8 bytes minus UTF-16 units of everything scanned so far (only strings hold non-ASCII). */
  let extra = 0;

  const pointerOf = (name: string): string => {
    const parts: string[] = [];
    let o = -1;
    for (let k = 0; k <= top; k++) {
      if (kind[k] === OBJECT) o++;
      if (k === top) break;
      parts.push(kind[k] === ARRAY ? String(index[k]) : pointerToken(curKey[o]!));
    }
    parts.push(pointerToken(name));
    return `/${parts.join('/')}`;
  };

  const push = (k: number): void => {
    let len = 0;
    if (top >= 0) len = plen[top]! + 1 + (kind[top] === ARRAY ? digits(index[top]!) : curKeyLen[otop]!);
    top++;
    kind = growBytes(kind, top);
    index = grow(index, top);
    plen = grow(plen, top);
    kind[top] = k;
    index[top] = 0;
    plen[top] = len;
    if (k === OBJECT) {
      otop++;
      curKeyLen = grow(curKeyLen, otop);
      firstOff = grow(firstOff, otop);
      curKey[otop] = '';
      firstName[otop] = undefined;
      seen[otop] = undefined;
    }
  };

  const member = (name: string, at: number): void => {
    const first = firstName[otop];
    if (first === undefined) {
      firstName[otop] = name;
      firstOff[otop] = at;
    } else {
      let map = seen[otop];
      if (map === undefined && first !== name) {
        map = new Map([[first, firstOff[otop]!]]);
        seen[otop] = map;
      }
      const prev = map === undefined ? firstOff[otop] : map.get(name);
      if (prev !== undefined) {
        const need = plen[top]! + 1 + tokenLength(name);
        // the first repeat is always listed, so a repeat never goes unreported
        if (duplicates.length === 0 || (duplicates.length < maxDup && need <= budget)) {
          budget -= need;
          duplicates.push({ pointer: pointerOf(name), name, byteOffset: at, firstByteOffset: prev });
        } else more++;
      } else map!.set(name, at);
    }
    curKey[otop] = name;
    curKeyLen[otop] = tokenLength(name);
  };

  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: find its end, count its non-ASCII bytes, note escapes
      const start = i;
      const startBytes = base + i + extra;
      let escaped = false;
      let k = i + 1;
      while (k < n) {
        const d = text.charCodeAt(k);
        if (d === 0x22) break;
        if (d === 0x5c) {
          escaped = true;
          k += 2;
          continue;
        }
        if (d >= 0x80) extra += d < 0x800 ? 1 : d >= 0xd800 && d <= 0xdfff ? 1 : 2;
        k++;
      }
      i = k + 1;
      if (keyNext && top >= 0 && kind[top] === OBJECT) {
        keyNext = false;
        let name: string;
        if (!escaped) name = text.slice(start + 1, k);
        else {
          try {
            name = JSON.parse(text.slice(start, k + 1)) as string;
          } catch {
            name = text.slice(start + 1, k);
          }
        }
        member(name, startBytes);
      }
      continue;
    }
    if (c === 0x7b) {
      push(OBJECT);
      keyNext = true;
    }
    else if (c === 0x5b) push(ARRAY);
    else if (c === 0x7d || c === 0x5d) {
      if (top >= 0) {
        if (kind[top] === OBJECT) {
          firstName[otop] = undefined;
          seen[otop] = undefined;
          curKey[otop] = '';
          otop--;
        }
        top--;
      }
      keyNext = false;
    } else if (c === 0x2c) {
      if (top >= 0) {
        if (kind[top] === ARRAY) index[top] = index[top]! + 1;
        else keyNext = true;
      }
    }
    // whitespace, ':', numbers and literals are ASCII and carry no structure we need
    i++;
  }
  return { duplicates, more };
}
