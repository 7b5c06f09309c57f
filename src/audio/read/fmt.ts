import { hex, u16, u32 } from './bytes.js';

/** The fields of a WAVE `fmt ` chunk. */
export interface FmtInfo {
  formatTag: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** WAVE_FORMAT_EXTENSIBLE: valid bits (0 = not given). */
  validBits?: number;
  channelMask?: number;
  /** WAVE_FORMAT_EXTENSIBLE sub-format GUID, canonical text form. */
  subFormat?: string;
  /** The format tag the sub-format GUID stands for, when it is a KSDATAFORMAT_SUBTYPE_* GUID. */
  subTag?: number;
}

/** The fixed tail of every KSDATAFORMAT_SUBTYPE_* GUID (`xxxxxxxx-0000-0010-8000-00aa00389b71`). */
const KS_TAIL = '000000108000' + '00aa00389b71';

/**
 * Parse a `fmt ` body: WAVEFORMAT (14 bytes) + wBitsPerSample, WAVEFORMATEX (cbSize) and
 * WAVEFORMATEXTENSIBLE (valid bits, channel mask, sub-format GUID). Null when under 16 bytes.
 * Ref: Microsoft, "WAVEFORMATEX" and "WAVEFORMATEXTENSIBLE" structures (mmreg.h / ksmedia.h);
 * Microsoft "Multiple Channel Audio Data and WAVE Files" (2001).
 */
export function parseFmt(b: Uint8Array, le: boolean): FmtInfo | null {
  if (b.length < 16) return null;
  const f: FmtInfo = {
    formatTag: u16(b, 0, le),
    channels: u16(b, 2, le),
    sampleRate: u32(b, 4, le),
    byteRate: u32(b, 8, le),
    blockAlign: u16(b, 12, le),
    bitsPerSample: u16(b, 14, le),
  };
  if (f.formatTag === 0xfffe && b.length >= 40 && u16(b, 16, le) >= 22) {
    f.validBits = u16(b, 18, le);
    f.channelMask = u32(b, 20, le);
    // GUID: Data1 u32, Data2 u16, Data3 u16 in the file's byte order, then 8 bytes as stored.
    const d1 = u32(b, 24, le).toString(16).padStart(8, '0');
    const d2 = u16(b, 28, le).toString(16).padStart(4, '0');
    const d3 = u16(b, 30, le).toString(16).padStart(4, '0');
    const d4 = hex(b, 32, 2);
    const d5 = hex(b, 34, 6);
    f.subFormat = `${d1}-${d2}-${d3}-${d4}-${d5}`;
    if (d1.startsWith('0000') && d2 + d3 + d4 + d5 === KS_TAIL) f.subTag = parseInt(d1, 16);
  }
  return f;
}

/** Names of the WAVE format tags we recognise. */
export const WAVE_CODECS: Record<number, string> = {
  0x0001: 'PCM',
  0x0002: 'MS ADPCM',
  0x0003: 'IEEE float',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MPEG Layer 3',
  0x0092: 'Dolby AC3 SPDIF',
  0x00ff: 'AAC',
  0x1610: 'HE-AAC',
  0xf1ac: 'FLAC',
  0xfffe: 'Extensible',
};

/** Codec name of a tag (generic `format 0xNNNN` when unknown). */
export function waveCodecName(tag: number): string {
  return WAVE_CODECS[tag] ?? `format 0x${tag.toString(16).padStart(4, '0')}`;
}
