/**
 * Checking a conform record (spec §5.5): its own rules on the manifest (SP-CNF-001), its
 * agreement with the stored files' headers and samples (SP-CNF-002), and the undo that must give
 * back every original's sample data (SP-CNF-003). Pure functions and a streaming checker fed
 * with the stored file's bytes; browser-safe (no Node imports).
 * @module
 */
import type { AudioHeader } from '../model/audio.js';
import { atFrame, finding, type Finding, type ParamsOf } from '../model/finding.js';
import type { ConformFile, ConformOperation, Manifest } from '../model/manifest.js';
import { createSha256, type Sha256 } from '../analysis/hash.js';
import { containerClassOf } from '../rules/format.js';
import { convertSamples, firstUnequalFrame, Scratch, takeChannel, zeroSample, type SampleEncoding } from './transform.js';

/** The order operations are applied in (and listed in a record). */
export const OPERATION_ORDER: readonly ConformOperation['op'][] = ['join', 'dualMono', 'format', 'container', 'trim', 'pad', 'timeReference'];

/** Sample formats and depths the spec knows (§5.2). */
function validFormat(f: { sampleFormat: string; bitDepth: number }): boolean {
  return f.sampleFormat === 'int' ? [8, 16, 24, 32].includes(f.bitDepth) : f.sampleFormat === 'float' && (f.bitDepth === 32 || f.bitDepth === 64);
}

/** The operation of a kind in a record file, if any. */
export function opOf<K extends ConformOperation['op']>(f: ConformFile, op: K): Extract<ConformOperation, { op: K }> | undefined {
  return f.operations.find((o): o is Extract<ConformOperation, { op: K }> => o.op === op);
}

function cnf001(ptr: string, p: ParamsOf<'SP-CNF-001'>): Finding {
  return finding('SP-CNF-001', ptr, p);
}

function cnf002(path: string, p: ParamsOf<'SP-CNF-002'>, sampleRate?: number): Finding {
  return finding('SP-CNF-002', path, p, p.frame !== undefined && sampleRate ? atFrame(p.frame, sampleRate) : undefined);
}

// ---------------------------------------------------------------- SP-CNF-001: the record itself

/** The rules a conform record keeps on the manifest alone (SP-CNF-001). Expects a schema-valid manifest. */
export function recordFindings(m: Manifest): Finding[] {
  const rec = m.conform;
  if (!rec) return [];
  const out: Finding[] = [];
  const audio = new Set([m.mix.path, ...m.stems.map((s) => s.path)]);
  const seen = new Set<string>();
  rec.files.forEach((f, i) => {
    const ptr = `/conform/files/${i}`;
    if (!audio.has(f.path)) out.push(cnf001(`${ptr}/path`, { reason: 'not-an-audio-item', file: f.path }));
    else if (seen.has(f.path)) out.push(cnf001(`${ptr}/path`, { reason: 'repeated-path', file: f.path }));
    seen.add(f.path);
    let last = -1;
    const ops = new Set<string>();
    f.operations.forEach((o, j) => {
      const at = `${ptr}/operations/${j}`;
      const k = OPERATION_ORDER.indexOf(o.op);
      if (ops.has(o.op)) out.push(cnf001(at, { reason: 'repeated-operation', file: f.path, op: o.op }));
      else if (k < last) out.push(cnf001(at, { reason: 'order', file: f.path, op: o.op }));
      ops.add(o.op);
      last = Math.max(last, k);
      if ((o.op === 'trim' || o.op === 'pad') && o.start + o.end === 0) out.push(cnf001(at, { reason: 'empty-span', file: f.path, op: o.op }));
      if (o.op === 'format' && (!validFormat(o.from) || !validFormat(o.to))) out.push(cnf001(at, { reason: 'bad-format', file: f.path, op: o.op }));
    });
    if (ops.has('join') && ops.has('dualMono')) out.push(cnf001(`${ptr}/operations`, { reason: 'join-and-dual-mono', file: f.path }));
    const want = ops.has('join') ? 2 : 1;
    if (f.originals.length !== want) out.push(cnf001(`${ptr}/originals`, { reason: 'originals', file: f.path, expected: want, found: f.originals.length }));
  });
  return out;
}

// ---------------------------------------------------------------- SP-CNF-002: headers

/** The records of a manifest by audio path (the first of repeated ones). */
export function recordsByPath(m: Manifest | null): Map<string, ConformFile> {
  const out = new Map<string, ConformFile>();
  for (const f of m?.conform?.files ?? []) if (!out.has(f.path)) out.set(f.path, f);
  return out;
}

/** SP-CNF-002 on headers: the recorded targets against each stored file's header. */
export function recordHeaderFindings(m: Manifest | null, files: readonly { path: string; header: AudioHeader }[]): Finding[] {
  const recs = recordsByPath(m);
  const out: Finding[] = [];
  for (const { path, header: h } of files) {
    const f = recs.get(path);
    if (!f) continue;
    const fmt = opOf(f, 'format');
    if (fmt && (fmt.to.sampleFormat !== h.encoding.sampleFormat || fmt.to.bitDepth !== h.encoding.bitsPerSample)) {
      out.push(cnf002(path, { op: 'format', check: 'format', expected: { ...fmt.to }, found: { sampleFormat: h.encoding.sampleFormat, bitDepth: h.encoding.bitsPerSample } }));
    }
    const cont = opOf(f, 'container');
    if (cont && (cont.to.container !== h.container || (h.encoding.bitsPerSample > 8 && cont.to.byteOrder !== h.encoding.byteOrder))) {
      out.push(cnf002(path, { op: 'container', check: 'container', expected: { ...cont.to }, found: { container: h.container, byteOrder: h.encoding.byteOrder } }));
    }
    const tr = opOf(f, 'timeReference');
    const has = h.bext ? Number(h.bext.timeReference) : null;
    if (tr && tr.to !== has) out.push(cnf002(path, { op: 'timeReference', check: 'timeReference', expected: tr.to, found: has }));
    for (const op of ['join', 'dualMono'] as const) {
      if (opOf(f, op) && h.channels !== 2) out.push(cnf002(path, { op, check: 'channels', expected: 2, found: h.channels }));
    }
    const pad = opOf(f, 'pad');
    if (pad && pad.start + pad.end > h.frames) out.push(cnf002(path, { op: 'pad', check: 'frames', expected: pad.start + pad.end, found: h.frames }));
  }
  return out;
}

// ---------------------------------------------------------------- the undo, and SP-CNF-002/003 on samples

/** What the originals of a record file were, as far as the samples go. */
export interface OriginalShape {
  /** Their encoding. */
  encoding: SampleEncoding;
  /** Channels of each original. */
  channels: number;
  /** How many originals (2 for a join). */
  count: number;
  padStart: number;
  padEnd: number;
  trimStart: number;
  trimEnd: number;
}

/** The originals' shape a record file describes for a stored file, or null when the record cannot be undone on it. */
export function originalShape(f: ConformFile, h: AudioHeader): OriginalShape | null {
  const fmt = opOf(f, 'format');
  const cont = opOf(f, 'container');
  const pad = opOf(f, 'pad');
  const trim = opOf(f, 'trim');
  const join = opOf(f, 'join') !== undefined;
  const dual = opOf(f, 'dualMono') !== undefined;
  const sampleFormat = fmt ? fmt.from.sampleFormat : h.encoding.sampleFormat;
  const bits = fmt ? fmt.from.bitDepth : h.encoding.bitsPerSample;
  if (!validFormat({ sampleFormat, bitDepth: bits })) return null;
  const container = cont ? cont.from.container : h.container;
  const encoding: SampleEncoding = {
    sampleFormat,
    bitsPerSample: bits,
    byteOrder: cont ? cont.from.byteOrder : h.encoding.byteOrder,
    unsigned8: sampleFormat === 'int' && bits === 8 && containerClassOf(container) === 'wav',
  };
  if ((join || dual) && h.channels !== 2) return null;
  const padStart = pad?.start ?? 0;
  const padEnd = pad?.end ?? 0;
  if (padStart + padEnd > h.frames) return null;
  return { encoding, channels: join || dual ? 1 : h.channels, count: join ? 2 : 1, padStart, padEnd, trimStart: trim?.start ?? 0, trimEnd: trim?.end ?? 0 };
}

/** Frames of zero emitted per call when restoring a trim. */
const ZERO_FRAMES = 65536;

/**
 * Streams a stored file's bytes (in file order, as the full validation pass reads them) and
 * checks its record's sample rules (SP-CNF-002: pads, values, dual mono) and its undo
 * (SP-CNF-003). `onOriginal` receives the undone sample data of each original in order, which
 * is how a receiver undoes a record.
 */
export class RecordChecker {
  private readonly shape: OriginalShape | null;
  private readonly stored: SampleEncoding;
  private readonly frameBytes: number;
  private readonly hashes: Sha256[];
  private readonly scratch = new Scratch();
  private readonly zero: Uint8Array;
  private carry = new Uint8Array(0);
  /** Next frame expected (frames fed so far). */
  private frame = 0;
  private tmp = new Uint8Array(0);
  private part = new Uint8Array(0);
  private padBad = { start: { samples: 0, frame: -1 }, end: { samples: 0, frame: -1 } };
  private values = { samples: 0, frame: -1 };
  private unequal = -1;
  private trimmedStart = false;

  constructor(
    readonly path: string,
    readonly record: ConformFile,
    readonly header: AudioHeader,
    private readonly opts: { onOriginal?(index: number, bytes: Uint8Array): void } = {},
  ) {
    this.shape = originalShape(record, header);
    this.stored = header.encoding;
    this.frameBytes = header.blockAlign;
    this.hashes = this.shape ? Array.from({ length: this.shape.count }, () => createSha256()) : [];
    this.zero = zeroSample(header.encoding);
  }

  /** Bytes of the stored file at `offset` (any ranges in file order; non-sample bytes are ignored). */
  feed(offset: number, bytes: Uint8Array): void {
    if (!this.shape) return;
    const h = this.header;
    const end = h.dataOffset + h.frames * h.blockAlign;
    const a = Math.max(offset, h.dataOffset);
    const b = Math.min(offset + bytes.length, end);
    if (b <= a) return;
    let chunk = bytes.subarray(a - offset, b - offset);
    if (this.carry.length > 0) {
      const joined = new Uint8Array(this.carry.length + chunk.length);
      joined.set(this.carry);
      joined.set(chunk, this.carry.length);
      chunk = joined;
      this.carry = new Uint8Array(0);
    }
    const whole = Math.floor(chunk.length / this.frameBytes);
    if (whole > 0) this.frames(chunk.subarray(0, whole * this.frameBytes), whole);
    if (chunk.length > whole * this.frameBytes) this.carry = chunk.slice(whole * this.frameBytes);
  }

  private frames(block: Uint8Array, n: number): void {
    const s = this.shape!;
    const total = this.header.frames;
    const keptEnd = total - s.padEnd;
    const f0 = this.frame;
    const f1 = f0 + n;
    const fb = this.frameBytes;
    // pads: digital zero
    this.checkPad(block, f0, Math.min(f1, s.padStart), f0, 'start');
    this.checkPad(block, Math.max(f0, keptEnd), f1, f0, 'end');
    // the kept frames: back to the originals' encoding and channels
    const a = Math.max(f0, s.padStart);
    const b = Math.min(f1, keptEnd);
    if (b > a) {
      if (!this.trimmedStart) {
        this.zeros(s.trimStart);
        this.trimmedStart = true;
      }
      const kept = block.subarray((a - f0) * fb, (b - f0) * fb);
      const ch = this.header.channels;
      if (opOf(this.record, 'dualMono')) {
        const u = firstUnequalFrame(kept, this.stored.bitsPerSample >> 3, b - a, ch);
        if (u >= 0 && this.unequal < 0) this.unequal = a + u;
      }
      const ob = s.encoding.bitsPerSample >> 3;
      const samples = (b - a) * ch;
      if (this.tmp.length < samples * ob) this.tmp = new Uint8Array(samples * ob);
      const orig = this.tmp.subarray(0, samples * ob);
      const r = convertSamples(kept, this.stored, orig, s.encoding, samples, this.scratch);
      if (r.count > 0) {
        if (this.values.frame < 0) this.values.frame = a + Math.floor(r.first / ch);
        this.values.samples += r.count;
      }
      if (s.count === 1 && s.channels === ch) this.emit(0, orig);
      else {
        const per = (b - a) * ob;
        if (this.part.length < per) this.part = new Uint8Array(per);
        const one = this.part.subarray(0, per);
        for (let k = 0; k < s.count; k++) {
          takeChannel(orig, ob, b - a, ch, k, one);
          this.emit(k, one);
        }
      }
    }
    this.frame = f1;
    if (f1 === total && this.trimmedStart) this.zeros(s.trimEnd);
    else if (f1 === total && s.padStart + s.padEnd === total) {
      // nothing kept: the originals were all trimmed digital zero
      this.zeros(s.trimStart + s.trimEnd);
    }
  }

  private checkPad(block: Uint8Array, a: number, b: number, f0: number, which: 'start' | 'end'): void {
    if (b <= a) return;
    const fb = this.frameBytes;
    const z = this.zero;
    const bad = this.padBad[which];
    const w = z.length;
    for (let f = a; f < b; f++) {
      const o = (f - f0) * fb;
      for (let k = 0; k < fb; k++) {
        if (block[o + k] !== z[k % w]) {
          if (bad.frame < 0) bad.frame = f;
          bad.samples++;
          k = (Math.floor(k / w) + 1) * w - 1;
        }
      }
    }
  }

  private emit(k: number, bytes: Uint8Array): void {
    this.hashes[k]!.update(bytes);
    this.opts.onOriginal?.(k, bytes);
  }

  /** Restore `frames` trimmed frames of digital zero into every original. */
  private zeros(frames: number): void {
    if (frames <= 0) return;
    const s = this.shape!;
    const frameBytes = s.channels * (s.encoding.bitsPerSample >> 3);
    const z = zeroSample(s.encoding);
    const block = new Uint8Array(Math.min(frames, ZERO_FRAMES) * frameBytes);
    for (let i = 0; i < block.length; i += z.length) block.set(z, i);
    for (let left = frames; left > 0; ) {
      const n = Math.min(left, ZERO_FRAMES);
      for (let k = 0; k < s.count; k++) this.emit(k, block.subarray(0, n * frameBytes));
      left -= n;
    }
  }

  /** The findings, once every sample byte was fed (SP-CNF-003 only then). */
  finish(sampleRate = this.header.sampleRate): Finding[] {
    const out: Finding[] = [];
    const s = this.shape;
    if (!s) return out;
    for (const which of ['start', 'end'] as const) {
      const bad = this.padBad[which];
      if (bad.samples > 0) out.push(cnf002(this.path, { op: 'pad', check: 'padding', expected: which, frame: bad.frame, samples: bad.samples }, sampleRate));
    }
    if (this.values.samples > 0) {
      const op = opOf(this.record, 'format') ? 'format' : opOf(this.record, 'container') ? 'container' : 'format';
      out.push(cnf002(this.path, { op, check: 'values', frame: this.values.frame, samples: this.values.samples }, sampleRate));
    }
    if (this.unequal >= 0) out.push(cnf002(this.path, { op: 'dualMono', check: 'dual-mono', frame: this.unequal }, sampleRate));
    if (this.frame === this.header.frames) {
      this.hashes.forEach((h, k) => {
        const o = this.record.originals[k];
        if (!o) return;
        const found = h.hex();
        if (found !== o.audioSha256) {
          const p = { original: o.name, index: k, algorithm: 'sha256' as const, expected: o.audioSha256, found };
          out.push(finding('SP-CNF-003', this.path, p));
        }
      });
    }
    return out;
  }
}
