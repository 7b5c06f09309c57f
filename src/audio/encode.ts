/**
 * Encoding of interleaved samples into PCM / IEEE float bytes, the inverse of the reader's
 * decoders. Pure functions over typed arrays: no allocation per sample or per call beyond a
 * typed-array view. Ref: Microsoft "Multimedia Programming Interface and Data Specifications
 * 1.0" (WAVE PCM data layout, 8-bit unsigned); Apple AIFF 1.3 / AIFF-C (big-endian two's
 * complement, `sowt` little-endian, `fl32`/`fl64` IEEE 754 big-endian).
 */
import type { AudioEncoding } from '../model/audio.js';

/** The fields of an {@link AudioEncoding} the encoders look at. */
export type EncodeEncoding = Pick<AudioEncoding, 'bitsPerSample' | 'byteOrder'> & Partial<Pick<AudioEncoding, 'unsigned8' | 'sampleFormat'>>;

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkOut(out: Uint8Array, need: number): void {
  if (out.length < need) throw new RangeError(`encode: output holds ${out.length} bytes, ${need} needed`);
}

/**
 * Encode `n` integer samples (already quantised to the format's range: 8-bit -128..127,
 * 16-bit -32768..32767, 24-bit -2^23..2^23-1, 32-bit full int32) into `out`, `bits/8` bytes
 * each. 8-bit with `unsigned8` (WAV) is stored offset by +128; without it (AIFF) as signed.
 * Values outside the range are truncated to their low bits (quantise first). Returns the
 * number of bytes written.
 */
export function encodeFromInt32(src: Int32Array, n: number, encoding: EncodeEncoding, out: Uint8Array): number {
  const bits = encoding.bitsPerSample;
  const le = encoding.byteOrder === 'le';
  if (src.length < n) throw new RangeError(`encode: ${n} samples asked, ${src.length} given`);
  switch (bits) {
    case 8: {
      checkOut(out, n);
      if (encoding.unsigned8) for (let i = 0; i < n; i++) out[i] = src[i]! + 128;
      else for (let i = 0; i < n; i++) out[i] = src[i]!;
      return n;
    }
    case 16: {
      checkOut(out, 2 * n);
      if (le === HOST_LE && (out.byteOffset & 1) === 0) {
        const v16 = new Int16Array(out.buffer, out.byteOffset, n);
        for (let i = 0; i < n; i++) v16[i] = src[i]!;
      } else if (le) {
        for (let i = 0, j = 0; i < n; i++, j += 2) {
          const v = src[i]!;
          out[j] = v;
          out[j + 1] = v >> 8;
        }
      } else {
        for (let i = 0, j = 0; i < n; i++, j += 2) {
          const v = src[i]!;
          out[j] = v >> 8;
          out[j + 1] = v;
        }
      }
      return 2 * n;
    }
    case 24: {
      checkOut(out, 3 * n);
      if (le) {
        for (let i = 0, j = 0; i < n; i++, j += 3) {
          const v = src[i]!;
          out[j] = v;
          out[j + 1] = v >> 8;
          out[j + 2] = v >> 16;
        }
      } else {
        for (let i = 0, j = 0; i < n; i++, j += 3) {
          const v = src[i]!;
          out[j] = v >> 16;
          out[j + 1] = v >> 8;
          out[j + 2] = v;
        }
      }
      return 3 * n;
    }
    case 32: {
      checkOut(out, 4 * n);
      if (le === HOST_LE && (out.byteOffset & 3) === 0) {
        new Int32Array(out.buffer, out.byteOffset, n).set(src.subarray(0, n));
      } else if (le) {
        for (let i = 0, j = 0; i < n; i++, j += 4) {
          const v = src[i]!;
          out[j] = v;
          out[j + 1] = v >> 8;
          out[j + 2] = v >> 16;
          out[j + 3] = v >> 24;
        }
      } else {
        for (let i = 0, j = 0; i < n; i++, j += 4) {
          const v = src[i]!;
          out[j] = v >> 24;
          out[j + 1] = v >> 16;
          out[j + 2] = v >> 8;
          out[j + 3] = v;
        }
      }
      return 4 * n;
    }
    default:
      throw new RangeError(`encodeFromInt32: unsupported bits per sample ${bits}`);
  }
}

/**
 * Encode `n` float samples as IEEE 754 float32 (rounded to nearest) or float64 into `out`, in
 * the encoding's byte order. Values are stored as given (no clamping; ±1.0 is full scale).
 * Returns the number of bytes written.
 */
export function encodeFromFloat64(src: Float64Array | Float32Array, n: number, encoding: EncodeEncoding, out: Uint8Array): number {
  const bits = encoding.bitsPerSample;
  const le = encoding.byteOrder === 'le';
  if (src.length < n) throw new RangeError(`encode: ${n} samples asked, ${src.length} given`);
  if (bits !== 32 && bits !== 64) throw new RangeError(`encodeFromFloat64: unsupported bits per sample ${bits}`);
  const size = bits >> 3;
  checkOut(out, size * n);
  if (le === HOST_LE && out.byteOffset % size === 0) {
    const view = bits === 32 ? new Float32Array(out.buffer, out.byteOffset, n) : new Float64Array(out.buffer, out.byteOffset, n);
    view.set(src.subarray(0, n));
    return size * n;
  }
  const dv = new DataView(out.buffer, out.byteOffset, size * n);
  if (bits === 32) for (let i = 0; i < n; i++) dv.setFloat32(4 * i, src[i]!, le);
  else for (let i = 0; i < n; i++) dv.setFloat64(8 * i, src[i]!, le);
  return size * n;
}
