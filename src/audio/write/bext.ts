/**
 * Broadcast WAV `bext` chunk body encoder.
 * Ref: EBU Tech 3285 v2 (2011), "Specification of the Broadcast Wave Format", §2.3 `bext`:
 * Description 0 (256), Originator 256 (32), OriginatorReference 288 (32), OriginationDate 320
 * (10), OriginationTime 330 (8), TimeReference 338 (u64 LE), Version 346 (u16 LE), UMID 348 (64),
 * LoudnessValue 412, LoudnessRange 414, MaxTruePeakLevel 416, MaxMomentaryLoudness 418,
 * MaxShortTermLoudness 420 (i16 LE, 1/100 units), Reserved 422..601, CodingHistory 602.. (text,
 * lines ending CR LF). EBU Tech R098 for the coding-history line format.
 */
import type { BextInfo } from '../../model/audio.js';

/**
 * The writer input that reproduces a read `bext` (an all-zero UMID is left out), with
 * `timeReference` in place of the read one when given (conform moves a file's start).
 */
export function bextInput(b: BextInfo, timeReference?: bigint | number): BextInput {
  // BextInput has BextInfo's fields; an all-zero UMID (what writers leave) is not written back
  const { umid, ...rest } = b;
  return { ...rest, timeReference: timeReference ?? b.timeReference, ...(/[1-9a-f]/i.test(umid) ? { umid } : {}) };
}

/** What the writer puts in a `bext` chunk. Unset text fields are empty, unset numbers 0. */
export interface BextInput {
  description?: string;
  originator?: string;
  originatorReference?: string;
  /** `yyyy-mm-dd` (10 characters). */
  originationDate?: string;
  /** `hh:mm:ss` (8 characters). */
  originationTime?: string;
  /** Sample frames since midnight of the file's first sample: unsigned 64-bit. */
  timeReference?: bigint | number;
  /** BWF version, 0, 1 or 2 (default 2). */
  version?: number;
  /** SMPTE UMID (version ≥ 1): up to 64 bytes, or hex text of up to 128 digits; zero-padded. */
  umid?: string | Uint8Array;
  /** Version 2 loudness fields, integers in 1/100 (LUFS, LU, dBTP). Unset or null: 0x7FFF. */
  loudnessValue?: number | null;
  loudnessRange?: number | null;
  maxTruePeakLevel?: number | null;
  maxMomentaryLoudness?: number | null;
  maxShortTermLoudness?: number | null;
  /** Coding history; line ends become CR LF and a non-empty history ends with CR LF. */
  codingHistory?: string;
}

/** Fixed part of the body; CodingHistory starts here. */
export const BEXT_FIXED_SIZE = 602;
const LOUDNESS_UNSET = 0x7fff;
const utf8 = new TextEncoder();

function putText(out: Uint8Array, offset: number, size: number, value: string | undefined, field: string): void {
  if (!value) return;
  const bytes = utf8.encode(value);
  if (bytes.length > size) throw new RangeError(`bext ${field}: ${bytes.length} bytes, the field holds ${size}`);
  out.set(bytes, offset);
}

function putI16(dv: DataView, offset: number, value: number | null | undefined, field: string): void {
  if (value === undefined || value === null) {
    dv.setInt16(offset, LOUDNESS_UNSET, true);
    return;
  }
  if (!Number.isInteger(value) || value < -32768 || value > 32767) {
    throw new RangeError(`bext ${field}: ${value} is not an int16 in 1/100 units`);
  }
  dv.setInt16(offset, value, true);
}

function umidBytes(umid: string | Uint8Array): Uint8Array {
  if (typeof umid !== 'string') {
    if (umid.length > 64) throw new RangeError(`bext umid: ${umid.length} bytes, the field holds 64`);
    return umid;
  }
  if (umid.length > 128 || umid.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(umid)) {
    throw new RangeError('bext umid: expected hex text of at most 128 digits');
  }
  const b = new Uint8Array(umid.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(umid.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** Normalise coding-history text to CR LF line ends, ending with CR LF when non-empty. */
export function normaliseCodingHistory(text: string): string {
  if (text === '') return '';
  const t = text.replace(/\r\n|\r|\n/g, '\r\n');
  return t.endsWith('\r\n') ? t : `${t}\r\n`;
}

/**
 * Encode a `bext` chunk body (without the 8-byte chunk header or pad byte). Deterministic:
 * nothing is filled in from the clock. Throws `RangeError` for a field that doesn't fit.
 */
export function encodeBext(input: BextInput): Uint8Array {
  const history = utf8.encode(normaliseCodingHistory(input.codingHistory ?? ''));
  const out = new Uint8Array(BEXT_FIXED_SIZE + history.length);
  const dv = new DataView(out.buffer);
  const version = input.version ?? 2;
  if (!Number.isInteger(version) || version < 0 || version > 0xffff) throw new RangeError(`bext version: ${version}`);

  putText(out, 0, 256, input.description, 'description');
  putText(out, 256, 32, input.originator, 'originator');
  putText(out, 288, 32, input.originatorReference, 'originatorReference');
  if (input.originationDate && !/^\d{4}.\d{2}.\d{2}$/.test(input.originationDate)) {
    throw new RangeError(`bext originationDate: expected yyyy-mm-dd, got ${JSON.stringify(input.originationDate)}`);
  }
  putText(out, 320, 10, input.originationDate, 'originationDate');
  if (input.originationTime && !/^\d{2}.\d{2}.\d{2}$/.test(input.originationTime)) {
    throw new RangeError(`bext originationTime: expected hh:mm:ss, got ${JSON.stringify(input.originationTime)}`);
  }
  putText(out, 330, 8, input.originationTime, 'originationTime');

  const tr = input.timeReference ?? 0n;
  if (typeof tr === 'number' && (!Number.isSafeInteger(tr) || tr < 0)) throw new RangeError(`bext timeReference: ${tr}`);
  const trBig = BigInt(tr);
  if (trBig < 0n || trBig >= 1n << 64n) throw new RangeError(`bext timeReference: ${trBig} is not a u64`);
  dv.setBigUint64(338, trBig, true);
  dv.setUint16(346, version, true);

  if (input.umid !== undefined) {
    if (version < 1) throw new RangeError('bext umid needs version >= 1');
    out.set(umidBytes(input.umid), 348);
  }
  const loud = [input.loudnessValue, input.loudnessRange, input.maxTruePeakLevel, input.maxMomentaryLoudness, input.maxShortTermLoudness];
  const names = ['loudnessValue', 'loudnessRange', 'maxTruePeakLevel', 'maxMomentaryLoudness', 'maxShortTermLoudness'];
  if (version >= 2) {
    for (let i = 0; i < 5; i++) putI16(dv, 412 + 2 * i, loud[i], names[i]!);
  } else if (loud.some((v) => v !== undefined && v !== null)) {
    throw new RangeError('bext loudness fields need version >= 2');
  }
  out.set(history, BEXT_FIXED_SIZE);
  return out;
}
