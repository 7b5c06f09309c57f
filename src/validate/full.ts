/**
 * Level 3, full: every sample read once (the analysis pass), then hashes, CRCs, peaks, levels
 * and the null-sum (spec §5.3, §7, §8, §3.3 CRC).
 *
 * Cascade rules (one break, one code):
 * - a CRC-32 mismatch (SP-ZIP-013) means the stored bytes are not the bytes the archive was
 *   written with: no hash or peak finding for that file;
 * - a size mismatch (SP-MAN-004) already says the file differs: no SP-MAN-007 for it;
 * - changed sample data gives SP-MAN-008 (audio hash) and not SP-MAN-007 (the file hash differs
 *   as a consequence); SP-MAN-007 alone means only metadata changed;
 * - the manifest peak (SP-MAN-010) is checked only when the audio hash matches or is not
 *   in doubt (no SP-MAN-008 for the file): a changed file has a different peak as a consequence;
 * - in a folder, a split-mono pair (SP-CH-002) skips the null (`split-mono-pair`): summed as two
 *   mono stems it would fail for that alone;
 * - the null-sum runs only when every file has the mix's sample rate and the stems' channels
 *   fit; otherwise the report says it was skipped (the cause is SP-AUD-005 or SP-CH-004 from the
 *   headers level). When the frame counts differ (SP-LEN-001) it runs over the common span, the
 *   frames every file covers, and SP-NULL-103 says so with the frames left out: a delivery with
 *   both a length problem and a null problem shows both in one report;
 * - a conform record's sample checks (SP-CNF-002/003) are not reported for a file whose bytes
 *   already differ from what was packed (SP-ZIP-013, SP-MAN-008);
 * - a float file holding NaN or ±Infinity samples gives SP-AUD-012 (levels are measured over its
 *   finite samples); the null is then skipped (`non-finite-samples`, spec §8.1) rather than
 *   failing on a meaningless residual, so no SP-NULL-001/101/102.
 */
import type { AudioHeader } from '../model/audio.js';
import { finding, type Finding } from '../model/finding.js';
import type { Stem } from '../model/manifest.js';
import type { NullSummary } from '../model/report.js';
import { dbForJson } from '../model/units.js';
import { readEntryBytes, verifyEntryCrc } from '../container/entry-data.js';
import { SliceSource } from '../io/slice-source.js';
import { createSha256 } from '../analysis/hash.js';
import { MANIFEST_NAME } from '../model/manifest.js';
import type { ByteSource } from '../model/byte-source.js';
import type { ZipEntry } from '../container/zip-entry.js';
import { readFrames } from '../audio/read/blocks.js';
import { levelFindings, nonFiniteFinding, normalisationFindings } from '../levels/index.js';
import { explainNull, nullFindings, type FrameAccess, type NullResult } from '../nullsum/index.js';
import { nullToleranceInForce, DEFAULT_CLIP_RUN_FRAMES_48K, DEFAULT_MAX_TRUE_PEAK_DBTP } from '../manifest/profile.js';
import { analyzeFiles, type FileAnalysis } from '../analysis/analyze.js';
import type { AudioFile, Ctx } from './context.js';
import { RecordChecker, recordsByPath, opOf } from '../conform/check.js';

/** What the full level adds to the report beyond findings. */
export interface FullResult {
  perFile: Map<string, FileAnalysis>;
  null?: NullSummary;
}

/** Run the full level. `entries` and `src` (packages) let it CRC-check non-audio entries too. */
export async function checkFull(
  ctx: Ctx,
  opts: {
    explain?: boolean;
    measure?: 'findings' | 'all';
    onProgress?: (done: number, total: number) => void;
    zip?: { src: ByteSource; entries: ZipEntry[] };
    /** Run the null-sum (default true); false leaves `null` out of the result (benchmarks). */
    nullSum?: boolean;
  },
): Promise<FullResult> {
  const m = ctx.manifest;
  const files = ctx.audio.filter((a): a is AudioFile & { header: AudioHeader; src: ByteSource } => !!a.header && !!a.src && a.header.lossless);
  // a package's null-sum needs every listed audio file: with one unreadable, it would fail for
  // that reason alone. Loose files (a folder, no zip) are summed as far as they are lossless PCM:
  // the others are errors that name them (SP-AUD-001), so none is silently summed or missing.
  const loose = !opts.zip;
  const allReadable = files.length === ctx.audio.length;
  const mixIndex = allReadable || loose ? files.findIndex((a) => a.isMix) : -1;
  // a split-mono pair among loose files (SP-CH-002) is one stereo stem to whoever exported it: the
  // null would add each half into both channels and fail for that alone, naming a half as "hot";
  // skipped instead (pack joins the pair into one stereo stem and runs the null on it)
  const splitPair = loose && files.some((a) => !a.isMix && a.codes.has('SP-CH-002'));
  const nullSum = opts.nullSum !== false && mixIndex >= 0 && files.length > 1 && !splitPair;
  const tolerance = nullToleranceInForce(ctx.profile, m);
  const gainsDb = files.map((a) => (a.item && 'role' in a.item ? ((a.item as Stem).gainDb ?? 0) : 0));
  const rate = files[mixIndex]?.header.sampleRate ?? files[0]?.header.sampleRate ?? 48000;
  // conform records (spec §5.5): pads, values and the undo checked on the bytes as the pass reads
  // them; not where the headers already contradict the record
  const records = recordsByPath(m);
  const checkers = files.map((a) => {
    const rec = records.get(a.path);
    return rec && !a.codes.has('SP-CNF-002') ? new RecordChecker(a.path, rec, a.header) : null;
  });
  const result = await analyzeFiles(
    files.map((a) => ({ path: a.path, src: a.src, header: a.header })),
    {
      ...(nullSum ? { mixIndex } : {}),
      gainsDb,
      tolerance,
      levels: {
        clipRunFrames48k: ctx.profile.clipRunFrames48k ?? DEFAULT_CLIP_RUN_FRAMES_48K,
        // 'findings': the true peak only where a block could reach the limit, no loudness
        // (informative only); 'all': every measurement for the report
        truePeak: opts.measure === 'all' ? true : (ctx.profile.maxTruePeakDbtp ?? DEFAULT_MAX_TRUE_PEAK_DBTP),
        loudness: opts.measure === 'all',
      },
      crc: !!opts.zip,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(checkers.some((c) => c !== null) ? { onData: (i: number, offset: number, bytes: Uint8Array) => checkers[i]?.feed(offset, bytes) } : {}),
    },
  );
  const out: FullResult = { perFile: new Map() };
  const levelOf: { path: string; peakDbfs: number }[] = [];
  let nonFinite = false;

  for (let i = 0; i < files.length; i++) {
    const a = files[i]!;
    const r = result.perFile[i]!;
    out.perFile.set(a.path, r);
    const fs: Finding[] = [];
    const crcBad = a.entry !== undefined && r.crc32 !== null && r.crc32 !== a.entry.crc32;
    if (crcBad) {
      fs.push(finding('SP-ZIP-013', a.path, { expected: a.entry!.crc32, found: r.crc32! }));
    } else if (a.item) {
      const audioBad = r.audioSha256 !== a.item.audioSha256;
      if (audioBad) {
        fs.push(finding('SP-MAN-008', a.path, { algorithm: 'sha256', expected: a.item.audioSha256, found: r.audioSha256 }));
      } else if (r.sha256 !== a.item.sha256 && !a.codes.has('SP-MAN-004')) {
        fs.push(finding('SP-MAN-007', a.path, { algorithm: 'sha256', expected: a.item.sha256, found: r.sha256 }));
      }
      if (!audioBad && r.levels) {
        const measured = dbForJson(r.levels.peakDbfs);
        const declared = a.item.peak;
        const bad = measured === null || declared === null ? measured !== declared : Math.abs(measured - declared) > 0.01 + 1e-9;
        if (bad) {
          fs.push(finding('SP-MAN-010', a.path, { expected: declared, found: measured }));
        }
      }
    }
    if (r.levels) {
      const nf = nonFiniteFinding(r.levels, a.path, a.header.sampleRate);
      if (nf) {
        fs.push(nf);
        nonFinite = true;
      }
      // identical channels a conform record made (dualMono) are not dual mono to report (spec §7.4)
      const rec = records.get(a.path);
      fs.push(
        ...levelFindings(r.levels, {
          path: a.path,
          sampleRate: a.header.sampleRate,
          // undefined when the profile sets no limit: the default then also reports a sample at
          // full scale, whose largest positive integer code lies just below 0 dBFS (spec §7.2)
          maxPeakDbfs: ctx.profile.maxPeakDbfs,
          maxTruePeakDbtp: ctx.profile.maxTruePeakDbtp ?? DEFAULT_MAX_TRUE_PEAK_DBTP,
          isStem: !a.isMix,
          dualMonoOnRecord: rec !== undefined && opOf(rec, 'dualMono') !== undefined,
        }),
      );
      levelOf.push({ path: a.path, peakDbfs: r.levels.peakDbfs });
    }
    ctx.addAll(fs);
  }
  ctx.addAll(normalisationFindings(levelOf));
  // the record's sample checks, except on a file whose stored bytes already differ from what was
  // packed (SP-ZIP-013, SP-MAN-008): the record's findings would only repeat that
  checkers.forEach((c, i) => {
    const a = files[i]!;
    if (c && !a.codes.has('SP-MAN-008') && !a.codes.has('SP-ZIP-013')) ctx.addAll(c.finish());
  });

  // CRC of the entries the pass did not read (attachments, deflated audio...; the manifest was
  // checked when it was read), then the attachments' SHA-256 when their CRC holds
  if (opts.zip) {
    const done = new Set(files.map((a) => a.path));
    const attachments = new Map((m?.attachments ?? []).map((a) => [a.path, a]));
    for (const e of opts.zip.entries) {
      if (e.isDirectory || done.has(e.name) || e.name === MANIFEST_NAME) continue;
      const crc = await verifyEntryCrc(opts.zip.src, e);
      ctx.addAll(crc);
      const att = attachments.get(e.name);
      if (att && crc.length === 0 && e.size === att.bytes) {
        const found = await entrySha256(opts.zip.src, e);
        if (found !== null && found !== att.sha256) {
          ctx.add(finding('SP-MAN-007', e.name, { algorithm: 'sha256', expected: att.sha256, found }));
        }
      }
    }
  }

  // null-sum (not asked for with nullSum false: no summary, no findings)
  if (nullSum) {
    const mix = files[mixIndex]!;
    const nr = result.nullResult;
    if (nonFinite) {
      out.null = { skipped: 'non-finite-samples', tolerance };
    } else if (nr) {
      const span = result.nullFrames ?? mix.header.frames;
      const partial = files.some((a) => a.header.frames !== span);
      if (partial) ctx.add(commonSpanFinding(files, mixIndex, span));
      const stems = files.filter((_, i) => i !== mixIndex).map((a) => a.path);
      ctx.addAll(nullFindings(nr, { path: mix.path, sampleRate: mix.header.sampleRate, mixBusProcessing: m?.mixBusProcessing ?? false, tolerance, stems, ...(partial ? { commonSpanFrames: span } : {}) }));
      out.null = { ...nullSummary(nr, rate), mix: mix.path, stems };
      if (partial) {
        out.null.frames = span;
        out.null.commonSpan = true;
      }
      if (!nr.pass || opts.explain) {
        ctx.addAll(await explainNull(frameAccess(files, mixIndex, span), nr));
      }
    } else {
      out.null = { skipped: result.nullSkipped ?? 'not-decodable', tolerance };
    }
  } else if (splitPair && opts.nullSum !== false) {
    out.null = { skipped: 'split-mono-pair', tolerance };
  } else if ((m || loose) && opts.nullSum !== false) {
    out.null = { skipped: allReadable ? 'no-mix-or-stems' : 'unreadable-files', tolerance };
  }
  return out;
}

/**
 * SP-NULL-103: the frame counts differ, so the null covered only the common span (frames 0 to
 * `span` − 1); names every file whose frames go beyond it and by how much.
 */
function commonSpanFinding(files: readonly (AudioFile & { header: AudioHeader })[], mixIndex: number, span: number): Finding {
  const sr = files[mixIndex]!.header.sampleRate;
  const beyond = files
    .filter((a) => a.header.frames > span)
    .map((a) => ({ path: a.path, frames: a.header.frames, framesBeyond: a.header.frames - span, secondsBeyond: round3((a.header.frames - span) / sr) }));
  const shortest = files.find((a) => a.header.frames === span)!;
  const params = { frames: span, seconds: round3(span / sr), shortest: shortest.path, mixFrames: files[mixIndex]!.header.frames, beyond };
  return finding('SP-NULL-103', files[mixIndex]!.path, params);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function frameAccess(files: (AudioFile & { header: AudioHeader; src: ByteSource })[], mixIndex: number, frames: number): FrameAccess {
  const mix = files[mixIndex]!;
  const stems = files.filter((_, i) => i !== mixIndex);
  return {
    frames,
    sampleRate: mix.header.sampleRate,
    channels: mix.header.channels,
    mixPath: mix.path,
    stems: stems.map((s) => {
      const st = s.item as Stem | undefined;
      return { id: st?.id ?? s.path, name: st?.name ?? s.path, role: st?.role ?? 'other', channels: s.header.channels, gainDb: st?.gainDb ?? 0, path: s.path };
    }),
    readMix: (start, count) => readFrames(mix.src, mix.header, start, count),
    readStem: (i, start, count) => readFrames(stems[i]!.src, stems[i]!.header, start, count),
  };
}

function nullSummary(r: NullResult, rate: number): NullSummary {
  return {
    residualPeakDbfs: dbForJson(r.residualPeakDbfs),
    residualRmsDbfs: dbForJson(r.residualRmsDbfs),
    depthDb: dbForJson(r.depthDb),
    exact: r.exact,
    tolerance: r.tolerance,
    pass: r.pass,
    failingRanges: r.failingRanges.map((x) => ({
      startFrame: x.startFrame,
      endFrame: x.endFrame,
      startSeconds: x.startFrame / rate,
      endSeconds: x.endFrame / rate,
      peakDbfs: dbForJson(x.peakDbfs),
    })),
  };
}

/** Largest deflated attachment hashed in memory (stored ones stream at any size). */
const MAX_INFLATED_ATTACHMENT = 64 * 1024 * 1024;

/** SHA-256 of an entry's content, or null when it cannot be read. */
async function entrySha256(src: ByteSource, e: ZipEntry): Promise<string | null> {
  const h = createSha256();
  if (e.method === 0 && e.readable && !e.encrypted) {
    const s = new SliceSource(src, e.dataOffset, e.compressedSize);
    for (let p = 0; p < s.size; ) {
      const b = await s.read(p, 1 << 20);
      if (b.length === 0) return null;
      h.update(b);
      p += b.length;
    }
    return h.hex();
  }
  const got = await readEntryBytes(src, e, MAX_INFLATED_ATTACHMENT);
  if (!got.bytes) return null;
  h.update(got.bytes);
  return h.hex();
}
