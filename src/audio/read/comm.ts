import { decodeExtended80 } from '../extended80.js';
import { fourcc, i16, u32 } from './bytes.js';

/** The fields of an AIFF/AIFF-C `COMM` chunk. */
export interface CommInfo {
  channels: number;
  sampleFrames: number;
  sampleSize: number;
  sampleRate: number;
  /** AIFF-C compression type, as stored (case kept). */
  compression?: string;
  compressionName?: string;
}

/**
 * Parse a `COMM` body: numChannels i16, numSampleFrames u32, sampleSize i16, sampleRate
 * 80-bit extended; AIFF-C adds compressionType (4 chars) and compressionName (pstring).
 * Null when too short (18 bytes for AIFF, 22 for AIFF-C).
 * Ref: Apple, "Audio Interchange File Format: AIFF" 1.3 (1989) §Common Chunk;
 * Apple, "AIFF-C" draft (1991) §Extended Common Chunk.
 */
export function parseComm(b: Uint8Array, aifc: boolean): CommInfo | null {
  if (b.length < 18) return null;
  const c: CommInfo = {
    channels: i16(b, 0, false),
    sampleFrames: u32(b, 2, false),
    sampleSize: i16(b, 6, false),
    sampleRate: decodeExtended80(b, 8),
  };
  if (aifc) {
    if (b.length < 22) return null;
    c.compression = fourcc(b, 18);
    if (b.length > 22) {
      const n = b[22]!;
      let s = '';
      for (let i = 0; i < n && 23 + i < b.length; i++) s += String.fromCharCode(b[23 + i]!);
      c.compressionName = s;
    }
  }
  return c;
}

/** How an AIFF-C compression type maps to PCM we decode; null when it is not lossless PCM/float. */
export interface AifcPcm {
  sampleFormat: 'int' | 'float';
  byteOrder: 'le' | 'be';
  /** Fixed container bits for the type, or 0 to take COMM's sampleSize. */
  bits: number;
  name: string;
}

const AIFC_TYPES: Record<string, AifcPcm> = {
  NONE: { sampleFormat: 'int', byteOrder: 'be', bits: 0, name: 'PCM' },
  twos: { sampleFormat: 'int', byteOrder: 'be', bits: 0, name: 'PCM' },
  sowt: { sampleFormat: 'int', byteOrder: 'le', bits: 0, name: 'PCM' },
  in24: { sampleFormat: 'int', byteOrder: 'be', bits: 24, name: 'PCM' },
  in32: { sampleFormat: 'int', byteOrder: 'be', bits: 32, name: 'PCM' },
  '42ni': { sampleFormat: 'int', byteOrder: 'le', bits: 24, name: 'PCM' },
  '23ni': { sampleFormat: 'int', byteOrder: 'le', bits: 32, name: 'PCM' },
  fl32: { sampleFormat: 'float', byteOrder: 'be', bits: 32, name: 'IEEE float' },
  FL32: { sampleFormat: 'float', byteOrder: 'be', bits: 32, name: 'IEEE float' },
  fl64: { sampleFormat: 'float', byteOrder: 'be', bits: 64, name: 'IEEE float' },
  FL64: { sampleFormat: 'float', byteOrder: 'be', bits: 64, name: 'IEEE float' },
};

const AIFC_NAMES: Record<string, string> = {
  alaw: 'A-law', ALAW: 'A-law', ulaw: 'µ-law', ULAW: 'µ-law', ima4: 'IMA ADPCM 4:1',
  MAC3: 'MACE 3:1', MAC6: 'MACE 6:1', 'GSM ': 'GSM', 'raw ': 'unsigned PCM (raw)', ALAC: 'Apple Lossless',
};

/** Lookup of a compression type (lossless PCM/float we decode, or null). */
export function aifcPcm(type: string): AifcPcm | null {
  return AIFC_TYPES[type] ?? null;
}

/** A readable name for any compression type. */
export function aifcCodecName(type: string): string {
  return AIFC_TYPES[type]?.name ?? AIFC_NAMES[type] ?? `AIFF-C '${type}'`;
}
