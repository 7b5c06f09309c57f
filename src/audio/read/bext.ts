import type { BextInfo } from '../../model/audio.js';
import { hex, i16, latin1Field, u16, u64big } from './bytes.js';

/** Coding history is parsed up to this many bytes. */
export const MAX_CODING_HISTORY = 1 << 20;

/**
 * Parse a `bext` body (always little-endian). Fields that do not fit a short body are left
 * empty/zero. TimeReference is the exact unsigned 64-bit value (low u32 at 338, high u32 at 342).
 * UMID is reported for version >= 1, loudness fields for version >= 2 (0x7FFF = unset = null).
 * Ref: EBU Tech 3285 v2 (2011) "Specification of the Broadcast Wave Format", §2.3 broadcast_audio_extension.
 */
export function parseBext(b: Uint8Array): BextInfo {
  const version = b.length >= 348 ? u16(b, 346, true) : 0;
  const loud = (o: number): number | null => {
    if (version < 2 || b.length < o + 2) return null;
    const v = i16(b, o, true);
    return v === 0x7fff ? null : v;
  };
  let codingHistory = '';
  if (b.length > 602) codingHistory = latin1Field(b, 602, Math.min(b.length - 602, MAX_CODING_HISTORY));
  return {
    description: latin1Field(b, 0, 256),
    originator: latin1Field(b, 256, 32),
    originatorReference: latin1Field(b, 288, 32),
    originationDate: latin1Field(b, 320, 10),
    originationTime: latin1Field(b, 330, 8),
    timeReference: b.length >= 346 ? u64big(b, 338, true) : 0n,
    version,
    umid: version >= 1 && b.length >= 412 ? hex(b, 348, 64) : '',
    loudnessValue: loud(412),
    loudnessRange: loud(414),
    maxTruePeakLevel: loud(416),
    maxMomentaryLoudness: loud(418),
    maxShortTermLoudness: loud(420),
    codingHistory,
  };
}
