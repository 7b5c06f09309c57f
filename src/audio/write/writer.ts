/**
 * The streaming audio writer: header first (with provisional or expected sizes), then sample
 * blocks encoded into a reused scratch buffer, then the pad byte and the final header patched
 * in place. Memory use is bounded by the scratch size whatever the file length.
 */
import type { ByteSink } from '../../model/byte-source.js';
import { encodeFromFloat64, encodeFromInt32 } from '../encode.js';
import { headerBuilder, type HeaderBuilder } from './header.js';
import { resolveSpec, type ResolvedSpec, type WriteSpec } from './spec.js';

/** What {@link AudioWriter.finish} reports. */
export interface WriteResult {
  frames: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Sample bytes written (without the pad byte). */
  dataBytes: number;
}

/** Writes one audio file into a {@link ByteSink}. Calls are serialised in call order. */
export interface AudioWriter {
  /** The checked spec with defaults applied (encoding, block align, format tag...). */
  readonly spec: ResolvedSpec;
  /** Integer formats: interleaved samples already quantised to the format's range. */
  writeInt(samples: Int32Array, frames: number): Promise<void>;
  /** Float formats: interleaved samples, ±1.0 full scale. */
  writeFloat(samples: Float64Array | Float32Array, frames: number): Promise<void>;
  /** Already encoded sample bytes in this file's encoding (bit-exact copy). */
  writeRaw(bytes: Uint8Array): Promise<void>;
  /**
   * Write the pad byte and the final sizes (through `writeAt`). Does not close the sink.
   * Throws if a partial frame was written, or if the sink cannot `writeAt` and the frames
   * written differ from `expectedFrames`.
   */
  finish(): Promise<WriteResult>;
}

/** Bytes encoded per sink write at most. */
const SCRATCH_BYTES = 1 << 20;

class Writer implements AudioWriter {
  private readonly header: HeaderBuilder;
  private scratch = new Uint8Array(0);
  private dataBytes = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private state: 'open' | 'finished' | 'failed' = 'open';
  /** Largest data size allowed: by the container, or by `expectedFrames` on a sink without writeAt. */
  private readonly limit: number;

  constructor(
    private readonly sink: ByteSink,
    readonly spec: ResolvedSpec,
  ) {
    this.header = headerBuilder(spec);
    const expectedBytes = spec.expectedFrames !== undefined ? spec.expectedFrames * spec.blockAlign : undefined;
    this.limit = sink.writeAt || expectedBytes === undefined ? this.header.maxDataBytes : Math.min(this.header.maxDataBytes, expectedBytes);
  }

  async start(): Promise<void> {
    const frames = this.spec.expectedFrames ?? 0;
    const d = frames * this.spec.blockAlign;
    if (d > this.header.maxDataBytes) {
      throw new RangeError(`${frames} frames (${d} bytes) exceed what a ${this.spec.container} file can hold without RF64`);
    }
    await this.sink.write(this.header.build({ dataBytes: d, frames }, this.header.needsRf64(d)));
  }

  /** Run `op` after every earlier call; a failure poisons the writer. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const p = this.tail.then(async () => {
      if (this.state !== 'open') throw new Error(`AudioWriter: already ${this.state}`);
      try {
        return await op();
      } catch (e) {
        this.state = 'failed';
        throw e;
      }
    });
    this.tail = p.catch(() => undefined);
    return p;
  }

  private reserve(bytes: number): void {
    const next = this.dataBytes + bytes;
    if (next > this.limit) {
      throw new RangeError(
        next > this.header.maxDataBytes
          ? `${this.spec.container} data would exceed ${this.header.maxDataBytes} bytes (4 GiB limit; WAV needs rf64 auto/always, AIFF cannot hold it)`
          : `more frames than expectedFrames (${this.spec.expectedFrames}) on a sink without writeAt`,
      );
    }
  }

  private checkFrames(length: number, frames: number): number {
    if (!Number.isSafeInteger(frames) || frames < 0) throw new RangeError(`frames must be a non-negative integer, got ${frames}`);
    const n = frames * this.spec.channels;
    if (length < n) throw new RangeError(`${frames} frames of ${this.spec.channels} channels need ${n} samples, ${length} given`);
    this.reserve(frames * this.spec.blockAlign);
    return n;
  }

  private scratchFor(bytes: number): Uint8Array {
    if (this.scratch.length < bytes) this.scratch = new Uint8Array(bytes);
    return this.scratch;
  }

  private async encodeLoop(frames: number, encode: (s0: number, n: number, out: Uint8Array) => void): Promise<void> {
    const { blockAlign, channels } = this.spec;
    const step = Math.max(1, Math.floor(SCRATCH_BYTES / blockAlign));
    const out = this.scratchFor(Math.min(frames, step) * blockAlign);
    for (let f = 0; f < frames; f += step) {
      const m = Math.min(step, frames - f);
      encode(f * channels, m * channels, out);
      await this.sink.write(out.subarray(0, m * blockAlign));
      this.dataBytes += m * blockAlign;
    }
  }

  writeInt(samples: Int32Array, frames: number): Promise<void> {
    return this.serial(async () => {
      if (this.spec.encoding.sampleFormat !== 'int') throw new TypeError('writeInt on a float format: use writeFloat');
      this.checkFrames(samples.length, frames);
      const enc = this.spec.encoding;
      await this.encodeLoop(frames, (s0, n, out) => encodeFromInt32(samples.subarray(s0, s0 + n), n, enc, out));
    });
  }

  writeFloat(samples: Float64Array | Float32Array, frames: number): Promise<void> {
    return this.serial(async () => {
      if (this.spec.encoding.sampleFormat !== 'float') throw new TypeError('writeFloat on an integer format: quantise and use writeInt');
      this.checkFrames(samples.length, frames);
      const enc = this.spec.encoding;
      await this.encodeLoop(frames, (s0, n, out) => encodeFromFloat64(samples.subarray(s0, s0 + n), n, enc, out));
    });
  }

  writeRaw(bytes: Uint8Array): Promise<void> {
    return this.serial(async () => {
      this.reserve(bytes.length);
      if (bytes.length === 0) return;
      await this.sink.write(bytes);
      this.dataBytes += bytes.length;
    });
  }

  finish(): Promise<WriteResult> {
    return this.serial(async () => {
      const { blockAlign, expectedFrames } = this.spec;
      const d = this.dataBytes;
      if (d % blockAlign !== 0) throw new RangeError(`${d} sample bytes are not a whole number of ${blockAlign}-byte frames`);
      const frames = d / blockAlign;
      if (d & 1) await this.sink.write(new Uint8Array(1));
      if (this.sink.writeAt) {
        await this.sink.writeAt(0, this.header.build({ dataBytes: d, frames }, this.header.needsRf64(d)));
      } else if (frames !== expectedFrames) {
        throw new Error(`wrote ${frames} frames, the header (unpatchable sink) says ${expectedFrames}`);
      }
      this.state = 'finished';
      return { frames, dataOffset: this.header.length, dataBytes: d };
    });
  }
}

/**
 * Start writing an audio file into `sink`: checks the spec (throws `RangeError` on misuse,
 * e.g. float AIFF, a sink without `writeAt` and no `expectedFrames`, or an `expectedFrames`
 * beyond a 4 GiB container limit) and writes the header.
 *
 * The writer reuses its encode buffer once `sink.write()` resolves: a sink must have copied or
 * consumed a chunk by then (`FileSink` and `MemorySink` do).
 */
export async function createAudioWriter(sink: ByteSink, spec: WriteSpec): Promise<AudioWriter> {
  const r = resolveSpec(spec);
  if (!sink.writeAt && r.expectedFrames === undefined) {
    throw new RangeError('this sink cannot patch sizes (no writeAt): give expectedFrames');
  }
  const w = new Writer(sink, r);
  await w.start();
  return w;
}
