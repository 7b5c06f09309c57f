/**
 * What a caller asks the audio writer for ({@link WriteSpec}) and the checked, resolved form
 * the header builders use. Invalid specs are caller misuse: they throw `RangeError`.
 */
import type { AudioEncoding } from '../../model/audio.js';
import type { BextInput } from './bext.js';

/** AIFF-C compression types this writer produces (all lossless PCM or float). */
export type AifcCompression = 'NONE' | 'twos' | 'sowt' | 'fl32' | 'fl64';

/** The file the writer produces. */
export interface WriteSpec {
  container: 'wav' | 'aiff' | 'aifc';
  sampleFormat: 'int' | 'float';
  /** int: 8, 16, 24, 32; float: 32, 64. */
  bitsPerSample: 8 | 16 | 24 | 32 | 64;
  /** Any positive finite number for AIFF (80-bit extended), an integer for WAV. */
  sampleRate: number;
  channels: number;
  /** WAV: channel mask for WAVE_FORMAT_EXTENSIBLE (giving one selects extensible under 'auto'). */
  channelMask?: number;
  /**
   * WAV: true forces WAVE_FORMAT_EXTENSIBLE, false forces plain PCM (tag 1) / IEEE float (tag 3);
   * 'auto' (default) uses extensible when channels > 2, bits > 16 or a mask is given.
   */
  extensible?: boolean | 'auto';
  /** WAV: Broadcast WAV `bext` chunk. */
  bext?: BextInput;
  /** WAV: raw iXML text for an `iXML` chunk. */
  ixml?: string;
  /**
   * WAV: 'auto' (default) reserves a 28-byte JUNK chunk after the RIFF header and turns it into
   * `ds64` (RIFF→RF64) if the file grows past `rf64Threshold` (EBU Tech 3306); 'always' writes
   * RF64 from the start; 'never' writes plain RIFF and refuses to grow past 4 GiB.
   */
  rf64?: 'auto' | 'always' | 'never';
  /** Total file bytes above which 'auto' switches to RF64 (default 2^32 - 1). For tests. */
  rf64Threshold?: number;
  /** AIFF-C compression type (container 'aifc' only). Default: NONE for int, fl32/fl64 for float. */
  aifcCompression?: AifcCompression;
  /**
   * Frames the caller will write, when known: sizes are right from the first header write, so
   * sinks without `writeAt` (pure streams) can be used. Still patched at the end if possible.
   */
  expectedFrames?: number;
}

/** The spec after checks and defaults. */
export interface ResolvedSpec {
  container: 'wav' | 'aiff' | 'aifc';
  encoding: AudioEncoding;
  bits: number;
  channels: number;
  sampleRate: number;
  /** Bytes per frame. */
  blockAlign: number;
  /** WAV format tag written (1, 3 or 0xFFFE). */
  formatTag: number;
  /** Channel mask written (extensible only). */
  channelMask: number;
  rf64: 'auto' | 'always' | 'never';
  rf64Threshold: number;
  /** AIFF-C compression type and its pascal-string name. */
  compression?: AifcCompression;
  compressionName?: string;
  bext?: BextInput;
  ixml?: string;
  expectedFrames?: number;
}

const AIFC_NAMES: Record<AifcCompression, string> = {
  NONE: 'not compressed',
  twos: 'not compressed',
  sowt: 'not compressed',
  fl32: '32-bit floating point',
  fl64: '64-bit floating point',
};

/** Default WAVE_FORMAT_EXTENSIBLE mask: mono FC, stereo FL|FR, otherwise 0 (no assignment). */
export function defaultChannelMask(channels: number): number {
  return channels === 1 ? 0x4 : channels === 2 ? 0x3 : 0;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

/** Check a {@link WriteSpec} and fill in defaults. Throws `RangeError` on misuse. */
export function resolveSpec(spec: WriteSpec): ResolvedSpec {
  const { container, sampleFormat, bitsPerSample: bits, sampleRate, channels } = spec;
  if (container !== 'wav' && container !== 'aiff' && container !== 'aifc') throw new RangeError(`unknown container ${String(container)}`);
  if (sampleFormat === 'int') {
    if (bits !== 8 && bits !== 16 && bits !== 24 && bits !== 32) throw new RangeError(`integer samples of ${bits} bits are not supported`);
  } else if (sampleFormat === 'float') {
    if (bits !== 32 && bits !== 64) throw new RangeError(`float samples of ${bits} bits are not supported`);
  } else {
    throw new RangeError(`unknown sample format ${String(sampleFormat)}`);
  }
  const maxCh = container === 'wav' ? 0xffff : 0x7fff;
  if (!Number.isInteger(channels) || channels < 1 || channels > maxCh) throw new RangeError(`channels must be 1..${maxCh}, got ${channels}`);
  const blockAlign = channels * (bits >> 3);
  if (!Number.isFinite(sampleRate) || sampleRate <= 0) throw new RangeError(`sample rate must be positive, got ${sampleRate}`);
  if (spec.expectedFrames !== undefined && (!Number.isSafeInteger(spec.expectedFrames) || spec.expectedFrames < 0)) {
    throw new RangeError(`expectedFrames must be a non-negative integer, got ${spec.expectedFrames}`);
  }
  const base = {
    container,
    bits,
    channels,
    sampleRate,
    blockAlign,
    rf64: spec.rf64 ?? 'auto',
    rf64Threshold: spec.rf64Threshold ?? 0xffffffff,
    ...(spec.expectedFrames !== undefined ? { expectedFrames: spec.expectedFrames } : {}),
  } as const;

  if (container === 'wav') {
    if (!Number.isInteger(sampleRate) || sampleRate > 0xffffffff) throw new RangeError(`WAV needs an integer sample rate below 2^32, got ${sampleRate}`);
    if (blockAlign > 0xffff) throw new RangeError(`WAV block align ${blockAlign} exceeds 65535`);
    if (sampleRate * blockAlign > 0xffffffff) throw new RangeError('WAV byte rate exceeds 2^32 - 1');
    if (spec.aifcCompression !== undefined) throw new RangeError('aifcCompression applies to container aifc only');
    if (!['auto', 'always', 'never'].includes(base.rf64)) throw new RangeError(`rf64 must be auto, always or never`);
    if (!(base.rf64Threshold > 0)) throw new RangeError(`rf64Threshold must be positive`);
    const mode = spec.extensible ?? 'auto';
    const ext = mode === 'auto' ? channels > 2 || bits > 16 || spec.channelMask !== undefined : mode;
    let mask = 0;
    if (ext) {
      mask = spec.channelMask ?? defaultChannelMask(channels);
      if (!Number.isInteger(mask) || mask < 0 || mask > 0xffffffff) throw new RangeError(`channel mask ${mask} is not a u32`);
      if (popcount(mask) > channels) throw new RangeError(`channel mask 0x${mask.toString(16)} names more than ${channels} channels`);
    } else if (spec.channelMask !== undefined) {
      throw new RangeError('a channel mask needs WAVE_FORMAT_EXTENSIBLE');
    }
    return {
      ...base,
      encoding: { sampleFormat, bitsPerSample: bits, validBits: bits, byteOrder: 'le', unsigned8: bits === 8 },
      formatTag: ext ? 0xfffe : sampleFormat === 'float' ? 3 : 1,
      channelMask: mask,
      ...(spec.bext ? { bext: spec.bext } : {}),
      ...(spec.ixml !== undefined ? { ixml: spec.ixml } : {}),
    };
  }

  if (spec.bext || spec.ixml !== undefined) throw new RangeError('bext and iXML are written to WAV only');
  if (spec.channelMask !== undefined || spec.extensible === true) throw new RangeError('channel masks are WAV only');
  if (container === 'aiff') {
    if (sampleFormat === 'float') throw new RangeError('AIFF has no float samples: use container aifc with fl32/fl64');
    if (spec.aifcCompression !== undefined) throw new RangeError('aifcCompression applies to container aifc only');
    return {
      ...base,
      encoding: { sampleFormat, bitsPerSample: bits, validBits: bits, byteOrder: 'be', unsigned8: false },
      formatTag: 0,
      channelMask: 0,
    };
  }
  const compression: AifcCompression = spec.aifcCompression ?? (sampleFormat === 'float' ? (bits === 32 ? 'fl32' : 'fl64') : 'NONE');
  const ok =
    sampleFormat === 'int'
      ? compression === 'NONE' || compression === 'twos' || compression === 'sowt'
      : (compression === 'fl32' && bits === 32) || (compression === 'fl64' && bits === 64);
  if (!ok) throw new RangeError(`AIFF-C compression ${compression} does not hold ${sampleFormat} ${bits}-bit samples`);
  return {
    ...base,
    encoding: { sampleFormat, bitsPerSample: bits, validBits: bits, byteOrder: compression === 'sowt' ? 'le' : 'be', unsigned8: false },
    formatTag: 0,
    channelMask: 0,
    compression,
    compressionName: AIFC_NAMES[compression],
  };
}
