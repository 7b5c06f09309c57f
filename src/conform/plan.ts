/**
 * Planning conform (spec §5.5): pure functions from the originals' headers, a few measurements
 * and the start checks to the operations on every file, or the reasons a file cannot be
 * repaired without changing a sample value.
 *
 * Two steps, because the measurements depend on the geometry: {@link draftConform} places every
 * file on the timeline and says what must be measured (the frames a trim would drop, the float
 * files an integer set would convert); {@link finishConform} decides once they are measured and,
 * where a TimeReference moves a stem, once the null has said whether the move is right.
 * @module
 */
import type { Container } from '../model/audio.js';
import type { ConformOperation } from '../model/manifest.js';
import { containerClassOf, popcount } from '../rules/format.js';
import { headerBuilder } from '../audio/write/header.js';
import { resolveSpec, type WriteSpec } from '../audio/write/spec.js';
import { bextInput, type BextInput } from '../audio/write/bext.js';
import type { SampleEncoding } from './transform.js';
import type { ConformItem, ConformOptions, ConformPlan, ConformRefusal, FilePlan, StartVerdict } from './types.js';

/** What a file's measurement must cover. */
export interface MeasureNeed {
  /** Frames at the start that must be known to be digital zero (0: none). */
  lead: number;
  /** The same at the end. */
  trail: number;
  /** Integer depth every float sample must be exact at (null: not converted). */
  exactBits: number | null;
}

/** The measurements, indexed like the items. */
export interface Measures {
  /** Frames of digital zero at the start of each item, counted up to its `lead` (at least). */
  leadingZero: number[];
  /** The same at the end. */
  trailingZero: number[];
  /** For items with `exactBits`: the samples that depth cannot hold (count, first frame). */
  inexact: ({ count: number; firstFrame: number } | null)[];
}

/** The plan before the measurements. */
export interface Draft {
  items: readonly ConformItem[];
  options: ConformOptions;
  mixIndex: number;
  sampleRate: number;
  /** Refusals that need no measurement. */
  refusals: ConformRefusal[];
  /** Each item's original TimeReference (null: none). */
  timeRefs: (number | null)[];
  /** Where each item starts relative to the mix, in frames, as the TimeReferences say. */
  offsets: number[];
  /** The mix's TimeReference (or the session start it is taken to have), null without time stamps. */
  mixTime: number | null;
  /** True when the conformed files carry a `bext` TimeReference (WAV sets with time stamps). */
  timed: boolean;
  /** The target encoding and container class. */
  target: { encoding: SampleEncoding; cls: 'wav' | 'aiff' };
  channelOps: FilePlan['channelOp'][];
  /** Stems a TimeReference moves (offset not 0): their move is checked against the null. */
  moved: number[];
  needs: MeasureNeed[];
}

const HOST_FIELDS = new Set(['fmt ', 'data', 'ds64', 'JUNK', 'junk', 'fact', 'PAD ', 'FLLR', 'COMM', 'SSND', 'FVER']);

function frames(it: ConformItem): number {
  return it.sources[0]!.header.frames;
}

/** The TimeReference of an item: its (left) file's `bext`, as a number; null without `bext`. */
function timeRefOf(it: ConformItem): number | null {
  const b = it.sources[0]!.header.bext;
  if (!b) return null;
  const n = Number(b.timeReference);
  return Number.isSafeInteger(n) ? n : null;
}

/** The encoding a set of files is conformed to: the mix's format class, as deep as the deepest file. */
export function targetEncoding(items: readonly ConformItem[], mixIndex: number): { encoding: SampleEncoding; cls: 'wav' | 'aiff' } {
  const mix = items[mixIndex]!.sources[0]!.header;
  const cls = containerClassOf(mix.container);
  const encs = items.map((i) => i.sources[0]!.header.encoding);
  let bits: number;
  let sampleFormat: 'int' | 'float';
  if (mix.encoding.sampleFormat === 'float') {
    sampleFormat = 'float';
    // int up to 24 bits is exact in float32; int32 needs float64
    bits = Math.max(...encs.map((e) => (e.sampleFormat === 'float' ? e.bitsPerSample : e.bitsPerSample > 24 ? 64 : 32)));
  } else {
    sampleFormat = 'int';
    bits = Math.max(...encs.filter((e) => e.sampleFormat === 'int').map((e) => e.bitsPerSample));
  }
  const byteOrder = cls === 'wav' ? 'le' : 'be';
  return { encoding: { sampleFormat, bitsPerSample: bits, byteOrder, unsigned8: cls === 'wav' && bits === 8 }, cls };
}

/** Where every file lies on the conformed timeline, for given starts relative to the mix. */
export interface Geometry {
  /** Timeline start relative to the mix's first frame (0, or negative when the mix is padded at the start). */
  t0: number;
  length: number;
  files: { trimStart: number; trimEnd: number; kept: number; padStart: number; padEnd: number }[];
}

/**
 * Place files starting at `offsets` (frames, relative to the mix) on a timeline: the mix's own
 * span, or with `padMix` the span of every file. A file is trimmed where it sticks out and
 * padded with silence where it falls short. With `fixed`, that timeline is used instead.
 */
export function placeFiles(offsets: readonly number[], lengths: readonly number[], mixIndex: number, padMix: boolean, fixed?: { t0: number; length: number }): Geometry {
  let t0 = 0;
  let t1 = lengths[mixIndex]!;
  if (fixed) {
    t0 = fixed.t0;
    t1 = fixed.t0 + fixed.length;
  } else if (padMix) {
    offsets.forEach((o, i) => {
      t0 = Math.min(t0, o);
      t1 = Math.max(t1, o + lengths[i]!);
    });
  }
  const length = t1 - t0;
  const files = offsets.map((o, i) => {
    const n = lengths[i]!;
    const a = o - t0;
    const lo = Math.min(Math.max(0, -a), n);
    const hi = Math.min(Math.max(lo, length - a), n);
    const kept = hi - lo;
    const padStart = kept > 0 ? Math.max(0, a) : Math.min(Math.max(0, a), length);
    return { trimStart: lo, trimEnd: n - hi, kept, padStart, padEnd: length - padStart - kept };
  });
  return { t0, length, files };
}

/** Step 1: place the files, choose the target, refuse what no measurement can save, say what to measure. */
export function draftConform(items: readonly ConformItem[], options: ConformOptions = {}): Draft {
  const mixIndex = items.findIndex((i) => i.isMix);
  if (mixIndex < 0) throw new RangeError('conform needs the mix among the items');
  const mix = items[mixIndex]!;
  const mh = mix.sources[0]!.header;
  const rate = mh.sampleRate;
  const refusals: ConformRefusal[] = [];
  items.forEach((it) => {
    for (const s of it.sources) {
      const h = s.header;
      if (h.sampleRate !== rate) {
        refusals.push({ path: it.path, reason: 'sample-rate', figures: { sampleRate: h.sampleRate, mixSampleRate: rate }, hint: `export it again at ${rate} Hz` });
        return;
      }
      if (h.dataSize !== h.frames * h.blockAlign) {
        refusals.push({ path: it.path, reason: 'partial-frame', figures: { bytes: h.dataSize - h.frames * h.blockAlign, blockAlign: h.blockAlign }, hint: 'export it again' });
        return;
      }
    }
  });

  // starts: from the TimeReferences, when the set has them and they differ
  const timeRefs = items.map(timeRefOf);
  const known = timeRefs.filter((t): t is number => t !== null);
  const differ = known.some((t) => t !== known[0]);
  // the session start: the mix's TimeReference, else the earliest of the set
  const sessionStart = known.length > 0 ? (timeRefs[mixIndex] ?? Math.min(...known)) : null;
  let mixTime: number | null = null;
  const offsets = items.map(() => 0);
  if (known.length > 0) {
    const startOf = (i: number): number | null => timeRefs[i] ?? (options.assumeSessionStart || !differ ? sessionStart : null);
    items.forEach((it, i) => {
      if (startOf(i) === null) {
        refusals.push({
          path: it.path,
          reason: 'no-time-reference',
          figures: { earliest: sessionStart!, latest: Math.max(...known) },
          hint: 'export it again with a time stamp (BWF), or give --assume-session-start if it starts at the session start',
        });
      }
    });
    mixTime = startOf(mixIndex);
    if (mixTime !== null) items.forEach((_, i) => (offsets[i] = (startOf(i) ?? mixTime!) - mixTime!));
  }
  const target = targetEncoding(items, mixIndex);
  const timed = known.length > 0 && target.cls === 'wav';
  const C = mh.channels;
  const channelOps = items.map((it): FilePlan['channelOp'] => {
    if (it.sources.length === 2) return 'join';
    if (!it.isMix && options.dualMono && C === 2 && it.sources[0]!.header.channels === 1) return 'dualMono';
    return 'none';
  });
  const moved = items.map((_, i) => i).filter((i) => i !== mixIndex && offsets[i] !== 0);

  // what to measure: trims of the placement the TimeReferences ask for, and of each moved
  // stem left where its audio is (aligned with the mix), on the same timeline
  const lengths = items.map(frames);
  const padMix = options.padMix === true;
  const g = placeFiles(offsets, lengths, mixIndex, padMix);
  const needs: MeasureNeed[] = g.files.map((f) => ({ lead: f.trimStart, trail: f.trimEnd, exactBits: null }));
  for (const k of moved) {
    const alt = offsets.slice();
    alt[k] = 0;
    const f = placeFiles(alt, lengths, mixIndex, padMix, { t0: g.t0, length: g.length }).files[k]!;
    const fin = placeFiles(alt, lengths, mixIndex, padMix).files[k]!;
    needs[k]!.lead = Math.max(needs[k]!.lead, f.trimStart, fin.trimStart);
    needs[k]!.trail = Math.max(needs[k]!.trail, f.trimEnd, fin.trimEnd);
  }
  items.forEach((it, i) => {
    const e = it.sources[0]!.header.encoding;
    if (e.sampleFormat === 'float' && target.encoding.sampleFormat === 'int') needs[i]!.exactBits = target.encoding.bitsPerSample;
  });
  return { items, options, mixIndex, sampleRate: rate, refusals, timeRefs, offsets, mixTime, timed, target, channelOps, moved, needs };
}

/** True when verdicts are needed: a TimeReference moves a stem and nothing is refused yet. */
export function needsVerdicts(d: Draft): boolean {
  return d.moved.length > 0 && d.refusals.length === 0;
}

/**
 * The placements the start checks compare: every file where its TimeReference puts it, and for
 * each moved stem the same stem aligned with the mix, on the same timeline.
 */
export function verifyPlacements(d: Draft): { moved: Geometry; kept: Map<number, Geometry['files'][number]> } {
  const lengths = d.items.map(frames);
  const padMix = d.options.padMix === true;
  const moved = placeFiles(d.offsets, lengths, d.mixIndex, padMix);
  const kept = new Map<number, Geometry['files'][number]>();
  for (const k of d.moved) {
    const alt = d.offsets.slice();
    alt[k] = 0;
    kept.set(k, placeFiles(alt, lengths, d.mixIndex, padMix, { t0: moved.t0, length: moved.length }).files[k]!);
  }
  return { moved, kept };
}

/** The file name with the extension of its new container class. */
function renamed(name: string, from: 'wav' | 'aiff', to: 'wav' | 'aiff'): string {
  if (from === to) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${stem}${to === 'wav' ? '.wav' : '.aif'}`;
}

function bextFor(it: ConformItem, to: number): BextInput {
  const b = it.sources[0]!.header.bext;
  return b ? bextInput(b, to) : { originator: 'stempack conform', timeReference: to };
}

/** Step 2: decide every file from the measurements and the start checks. */
export function finishConform(d: Draft, m: Measures, verdicts: readonly StartVerdict[] = []): ConformPlan {
  const refusals = [...d.refusals];
  const kept = new Set(verdicts.filter((v) => v.samplesKept).map((v) => v.item));
  const offsets = d.offsets.map((o, i) => (kept.has(i) ? 0 : o));
  const lengths = d.items.map(frames);
  const g = placeFiles(offsets, lengths, d.mixIndex, d.options.padMix === true);
  const start = d.mixTime === null ? 0 : d.mixTime + g.t0;
  const rate = d.sampleRate;
  const target = d.target;
  const files: FilePlan[] = d.items.map((it, i) => {
    const h = it.sources[0]!.header;
    const geo = g.files[i]!;
    if (geo.trimStart > (m.leadingZero[i] ?? 0)) {
      const sound = geo.trimStart - (m.leadingZero[i] ?? 0);
      refusals.push({ path: it.path, reason: 'sound-before-start', figures: { frames: sound, seconds: sound / rate }, hint: 'export it again from the mix\'s start, or give --pad-mix to pad the mix instead' });
    }
    if (geo.trimEnd > (m.trailingZero[i] ?? 0)) {
      const sound = geo.trimEnd - (m.trailingZero[i] ?? 0);
      refusals.push({ path: it.path, reason: 'sound-after-end', figures: { frames: sound, seconds: sound / rate }, hint: 'export it again over the mix\'s range, or give --pad-mix to pad the mix instead' });
    }
    const ix = m.inexact[i];
    if (ix && ix.count > 0) {
      refusals.push({
        path: it.path,
        reason: 'inexact-float',
        figures: { samples: ix.count, firstFrame: ix.firstFrame, bitDepth: target.encoding.bitsPerSample, floatBits: h.encoding.bitsPerSample },
        hint: `export it again as ${target.encoding.bitsPerSample}-bit integer, or export every file (the mix too) as float`,
      });
    }
    const channelOp = d.channelOps[i]!;
    const channels = channelOp === 'none' ? h.channels : 2;
    const cls = containerClassOf(h.container);
    const to = target.encoding;
    const ops: ConformOperation[] = [];
    if (channelOp === 'join') ops.push({ op: 'join' });
    if (channelOp === 'dualMono') ops.push({ op: 'dualMono' });
    if (h.encoding.sampleFormat !== to.sampleFormat || h.encoding.bitsPerSample !== to.bitsPerSample) {
      ops.push({ op: 'format', from: { sampleFormat: h.encoding.sampleFormat, bitDepth: h.encoding.bitsPerSample }, to: { sampleFormat: to.sampleFormat, bitDepth: to.bitsPerSample } });
    }
    const classChange = cls !== target.cls;
    if (geo.trimStart > 0 || geo.trimEnd > 0) ops.push({ op: 'trim', start: geo.trimStart, end: geo.trimEnd });
    if (geo.padStart > 0 || geo.padEnd > 0) ops.push({ op: 'pad', start: geo.padStart, end: geo.padEnd });
    // time stamps: every conformed WAV file carries the timeline start where the set is timed
    const fromTime = d.timeRefs[i] ?? null;
    const hasBext = target.cls === 'wav' && d.timed && (fromTime !== null || d.options.assumeSessionStart === true);
    const toTime = hasBext ? start : null;
    const timeOp: ConformOperation | null =
      fromTime !== toTime && (fromTime !== null || toTime !== null) ? { op: 'timeReference', from: fromTime, to: toTime, ...(kept.has(i) ? { samplesKept: true } : {}) } : null;
    const rewrite = ops.length > 0 || classChange || timeOp !== null;
    const frames = geo.padStart + geo.kept + geo.padEnd;
    let write: WriteSpec | null = null;
    let toContainer: Container = h.container;
    let toEnc = h.encoding as FilePlan['to'];
    if (rewrite) {
      toEnc = to;
      if (target.cls === 'wav') {
        const mask = channelOp === 'none' && h.channelMask !== undefined && h.channelMask !== 0 ? h.channelMask : undefined;
        write = {
          container: 'wav',
          sampleFormat: to.sampleFormat,
          bitsPerSample: to.bitsPerSample as WriteSpec['bitsPerSample'],
          sampleRate: rate,
          channels,
          ...(mask !== undefined && popcount(mask) === channels ? { channelMask: mask } : {}),
          ...(hasBext ? { bext: bextFor(it, toTime!) } : {}),
        };
      } else {
        write = { container: to.sampleFormat === 'float' ? 'aifc' : 'aiff', sampleFormat: to.sampleFormat, bitsPerSample: to.bitsPerSample as WriteSpec['bitsPerSample'], sampleRate: rate, channels };
      }
      const r = resolveSpec({ ...write, expectedFrames: frames });
      const b = headerBuilder(r);
      const bytes = frames * r.blockAlign;
      if (bytes > b.maxDataBytes) {
        refusals.push({ path: it.path, reason: 'too-large', figures: { bytes }, hint: 'deliver the set as WAV (RF64 holds files past 4 GiB)' });
      }
      toContainer = r.container === 'wav' ? (b.needsRf64(bytes) ? 'rf64' : 'wav') : r.container;
      const orderOf = (e: SampleEncoding): string => (e.bitsPerSample === 8 ? (e.unsigned8 ? 'u8' : 's8') : e.byteOrder);
      if (toContainer !== h.container || orderOf({ ...h.encoding, bitsPerSample: to.bitsPerSample, unsigned8: cls === 'wav' && to.bitsPerSample === 8 }) !== orderOf(to)) {
        ops.splice(ops.findIndex((o) => o.op === 'trim' || o.op === 'pad') < 0 ? ops.length : ops.findIndex((o) => o.op === 'trim' || o.op === 'pad'), 0, {
          op: 'container',
          from: { container: h.container, byteOrder: h.encoding.byteOrder },
          to: { container: toContainer, byteOrder: to.byteOrder },
        });
      }
      if (timeOp) ops.push(timeOp);
    }
    const dropped = rewrite
      ? [...new Set(it.sources.flatMap((s) => s.header.chunks.map((c) => c.id)))].filter((id) => !HOST_FIELDS.has(id) && !(id === 'bext' && hasBext))
      : [];
    return {
      item: it,
      name: renamed(it.name, cls, rewrite ? target.cls : cls),
      changed: rewrite,
      operations: ops,
      channelOp,
      channels,
      from: h.encoding,
      to: toEnc,
      fromContainer: h.container,
      toContainer,
      trimStart: geo.trimStart,
      trimEnd: geo.trimEnd,
      kept: geo.kept,
      padStart: geo.padStart,
      padEnd: geo.padEnd,
      frames,
      write,
      droppedChunks: dropped,
    };
  });
  return { sampleRate: rate, timeline: { start, length: g.length }, files, refusals, verdicts: [...verdicts] };
}

