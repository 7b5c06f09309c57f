/**
 * What kind of file an input is, from its first bytes (magic) and, failing that, its
 * extension. Pure functions over a byte prefix (browser-safe).
 * @module
 */

/** The kind of an input file as far as packing is concerned. */
export type SniffKind =
  /** RIFF/RIFX/RF64/BW64 WAVE or FORM AIFF/AIFC: read its header to know more. */
  | 'audio'
  /** A compressed or otherwise unsupported audio format (MP3, AAC/M4A, FLAC, Ogg, WMA, CAF...). */
  | 'unsupported-audio'
  /** Anything else (documents, images...). */
  | 'other';

/** The result of sniffing a file. */
export interface Sniff {
  kind: SniffKind;
  /** Human name of the format, e.g. `MP3`, `FLAC`, `WAV`; for `other`, the extension (or `unknown`). */
  format: string;
}

/** Bytes {@link sniff} wants to see. */
export const SNIFF_BYTES = 64;

const AUDIO_EXT: Record<string, string> = {
  mp3: 'MP3', mp2: 'MPEG audio', aac: 'AAC', m4a: 'AAC/ALAC in MP4', mp4: 'MP4', alac: 'ALAC', flac: 'FLAC', ogg: 'Ogg', oga: 'Ogg', opus: 'Opus',
  wma: 'WMA', caf: 'Core Audio Format', ape: 'Monkey\'s Audio', wv: 'WavPack', dsf: 'DSD', dff: 'DSD', mka: 'Matroska audio', ac3: 'AC-3', dts: 'DTS', amr: 'AMR',
  wav: 'WAV', wave: 'WAV', bwf: 'WAV', aif: 'AIFF', aiff: 'AIFF', aifc: 'AIFF-C', rf64: 'WAV',
};

/** The ASF header object GUID (WMA/WMV): 30 26 B2 75 8E 66 CF 11 A6 D9 00 AA 00 62 CE 6C. */
const ASF = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c];

function ascii(b: Uint8Array, o: number, n: number): string {
  let s = '';
  for (let i = o; i < o + n && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** The codec of an Ogg stream from its first page's first packet (Ref: RFC 7845 §5.1, Vorbis I §4.2.1, Ogg FLAC mapping). */
function oggFormat(head: Uint8Array): string {
  const packet = ascii(head, 28, 8);
  if (packet.startsWith('OpusHead')) return 'Opus';
  if (packet.slice(1, 7) === 'vorbis') return 'Ogg Vorbis';
  if (packet.slice(1, 5) === 'FLAC') return 'Ogg FLAC';
  return 'Ogg';
}

/** The lower-case extension of a name (without the dot), or `''`. */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * Classify a file from its first {@link SNIFF_BYTES} bytes and its name. Magic wins over the
 * extension: a `.wav` holding MP3 frames is unsupported audio; an `.mp3` holding RIFF/WAVE is
 * audio (its header then decides). MP3 is recognised by an ID3v2 tag or an MPEG frame sync.
 */
export function sniff(head: Uint8Array, name: string): Sniff {
  const id = ascii(head, 0, 4);
  const form = ascii(head, 8, 4);
  if ((id === 'RIFF' || id === 'RIFX' || id === 'RF64' || id === 'BW64') && form === 'WAVE') return { kind: 'audio', format: 'WAV' };
  if (id === 'FORM' && (form === 'AIFF' || form === 'AIFC')) return { kind: 'audio', format: form === 'AIFF' ? 'AIFF' : 'AIFF-C' };
  if (id === 'fLaC') return { kind: 'unsupported-audio', format: 'FLAC' };
  if (id === 'OggS') return { kind: 'unsupported-audio', format: oggFormat(head) };
  if (ascii(head, 0, 3) === 'ID3') return { kind: 'unsupported-audio', format: 'MP3' };
  if (ascii(head, 4, 4) === 'ftyp') return { kind: 'unsupported-audio', format: 'AAC/ALAC in MP4' };
  if (id === 'caff') return { kind: 'unsupported-audio', format: 'Core Audio Format' };
  if (id === 'MAC ') return { kind: 'unsupported-audio', format: 'Monkey\'s Audio' };
  if (id === 'wvpk') return { kind: 'unsupported-audio', format: 'WavPack' };
  if (head.length >= ASF.length && ASF.every((v, i) => head[i] === v)) return { kind: 'unsupported-audio', format: 'WMA' };
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0 && (head[1]! & 0x06) !== 0) {
    // MPEG audio frame sync (11 bits) with a valid layer, or ADTS AAC (layer bits 00 excluded above).
    return { kind: 'unsupported-audio', format: 'MP3' };
  }
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xf6) === 0xf0) return { kind: 'unsupported-audio', format: 'AAC (ADTS)' };
  const ext = extensionOf(name);
  const fmt = AUDIO_EXT[ext];
  if (fmt !== undefined) return { kind: 'unsupported-audio', format: fmt === 'WAV' || fmt === 'AIFF' || fmt === 'AIFF-C' ? `${fmt} (unreadable header)` : fmt };
  return { kind: 'other', format: ext || 'unknown' };
}
