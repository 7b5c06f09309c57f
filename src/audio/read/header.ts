import type { ByteSource } from '../../model/byte-source.js';
import type { AudioEncoding, AudioHeader, ChunkInfo } from '../../model/audio.js';
import { finding, type At, type Finding } from '../../model/finding.js';
import { u32 } from './bytes.js';
import { walkChunks, type WalkedChunk, type WalkIssue, type WalkResult } from './chunks.js';
import { parseFmt, waveCodecName } from './fmt.js';
import { aifcCodecName, aifcPcm, parseComm } from './comm.js';
import { MAX_CODING_HISTORY, parseBext } from './bext.js';
import { decodeIxml, ixmlFileSet, MAX_IXML } from './ixml.js';

/** What {@link readAudioHeader} returns. */
export interface HeaderResult {
  /** Null only when nothing is decodable: unknown magic, or no usable `fmt `/`COMM`. */
  header: AudioHeader | null;
  /** Findings about the file; `path` is the source name. */
  findings: Finding[];
}

/** `fmt ` and `COMM` bodies are read up to this size (their fields sit in the first bytes). */
const MAX_FORMAT_BODY = 4096;
/** Integer container sizes we decode. */
const INT_BITS = new Set([8, 16, 24, 32]);

/**
 * Read an audio file's header with small bounded reads (never the sample data).
 *
 * Findings (params are stable API):
 * - `SP-AUD-001` not a supported container (`reason: 'unrecognised'`, `magic`, `formType`) or
 *   not lossless PCM/float (`reason: 'codec'`, `codec`, `formatTag` or `compression`, `bits`).
 * - `SP-AUD-002` inconsistent header, `reason` one of `missing-chunk`, `fmt-size`, `fmt-values`,
 *   `comm-values`, `size-past-end`, `size-ffffffff`, `size-zero`, `frames-past-end` (AIFF: COMM frames beyond SSND), `no-ds64`, `chunk-id`,
 *   `too-many-chunks`; with `chunk`, and where sizes are involved `declared`, `available` (bytes) and
 *   `frames` (frames actually present, which the header reports). `at.byteOffset` is the chunk header.
 * - `SP-AUD-010` valid bits differ from the container bits (`validBits`, `bitsPerSample`).
 * - `SP-LEN-003` the sample data is not a whole number of frames (`dataSize`, `blockAlign`, `remainder`).
 *
 * Decisions: the frame count is `floor(bytes present / blockAlign)`; `fact` never overrides it
 * (for non-PCM codecs, where blockAlign is a codec block, `fact` gives the informational count).
 * For AIFF the COMM frame count is authoritative but capped by the bytes present in SSND.
 * A form (RIFF/FORM) size that disagrees with the file size is not a finding: the walk goes to
 * the end of the file, and only problems that affect the sample data are reported. Problems in
 * chunks other than the sample data (a truncated trailing LIST, garbage after the data) are
 * reported only when the format or sample data chunk is then missing.
 */
export async function readAudioHeader(src: ByteSource): Promise<HeaderResult> {
  const w = await walkChunks(src);
  const findings: Finding[] = [];
  const path = src.name;
  if (w.container === null) {
    findings.push(
      finding('SP-AUD-001', path, { reason: 'unrecognised', magic: printable(w.magic), formType: printable(w.formType) }, byteAt(0)),
    );
    return { header: null, findings };
  }
  const header = w.container === 'aiff' || w.container === 'aifc' ? await readAiff(src, w, findings) : await readWave(src, w, findings);
  if (header) {
    await readMetadata(src, w, header);
    finishChecks(path, header, findings);
  }
  return { header, findings };
}

function byteAt(byteOffset: number): At {
  return { frame: 0, seconds: 0, byteOffset };
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

function chunkInfos(w: WalkResult): ChunkInfo[] {
  return w.chunks.map((c) => ({ id: c.id, offset: c.offset, size: c.size }));
}

/** Walk issues on chunks other than the sample data chunk, as findings (used when required chunks are missing). */
function walkIssueFindings(path: string, issues: WalkIssue[], dataId: string, findings: Finding[], all: boolean): void {
  for (const i of issues) {
    if (i.chunk === dataId && (i.reason === 'size-past-end' || i.reason === 'size-ffffffff')) continue;
    if (i.reason === 'missing-pad') continue;
    const always = i.reason === 'no-ds64' || i.reason === 'too-many-chunks';
    if (!always && !all) continue;
    const sizes = { ...(i.declared !== undefined ? { declared: i.declared } : {}), ...(i.available !== undefined ? { available: i.available } : {}) };
    findings.push(finding('SP-AUD-002', path, { reason: i.reason, chunk: printable(i.chunk), ...sizes }, byteAt(i.offset)));
  }
}

/** Findings about the sample data chunk's size; returns nothing, pushes into findings. */
function dataSizeFindings(path: string, w: WalkResult, data: WalkedChunk, blockAlign: number, findings: Finding[]): void {
  const frames = blockAlign > 0 ? Math.floor(data.available / blockAlign) : 0;
  for (const i of w.issues) {
    if (i.offset !== data.offset || (i.reason !== 'size-past-end' && i.reason !== 'size-ffffffff')) continue;
    findings.push(
      finding('SP-AUD-002', path, { reason: i.reason, chunk: data.id, declared: i.declared ?? data.size, available: data.available, frames }, byteAt(data.offset)),
    );
  }
}

async function readWave(src: ByteSource, w: WalkResult, findings: Finding[]): Promise<AudioHeader | null> {
  const path = src.name;
  const le = w.littleEndian;
  const fmtC = w.chunks.find((c) => c.id === 'fmt ');
  const data = w.chunks.find((c) => c.id === 'data');
  if (!fmtC || !data) walkIssueFindings(path, w.issues, 'data', findings, true);
  else walkIssueFindings(path, w.issues, 'data', findings, false);
  if (!fmtC) {
    findings.push(finding('SP-AUD-002', path, { reason: 'missing-chunk', chunk: 'fmt ' }, byteAt(12)));
    if (!data) findings.push(finding('SP-AUD-002', path, { reason: 'missing-chunk', chunk: 'data' }, byteAt(12)));
    return null;
  }
  const fmt = parseFmt(await src.read(fmtC.bodyOffset, Math.min(fmtC.available, MAX_FORMAT_BODY)), le);
  if (!fmt) {
    findings.push(finding('SP-AUD-002', path, { reason: 'fmt-size', chunk: 'fmt ', declared: fmtC.size, available: fmtC.available }, byteAt(fmtC.offset)));
    return null;
  }
  if (fmt.channels === 0 || fmt.blockAlign === 0 || fmt.sampleRate === 0) {
    findings.push(finding('SP-AUD-002', path, { reason: 'fmt-values', chunk: 'fmt ', channels: fmt.channels, blockAlign: fmt.blockAlign, sampleRate: fmt.sampleRate }, byteAt(fmtC.offset)));
    return null;
  }
  const tag = fmt.formatTag === 0xfffe ? (fmt.subTag ?? -1) : fmt.formatTag;
  if ((tag === 1 || tag === 3) && fmt.blockAlign % fmt.channels !== 0) {
    findings.push(finding('SP-AUD-002', path, { reason: 'fmt-values', chunk: 'fmt ', channels: fmt.channels, blockAlign: fmt.blockAlign, sampleRate: fmt.sampleRate }, byteAt(fmtC.offset)));
    return null;
  }
  // Container bits come from blockAlign (the data layout), valid bits from the header.
  const containerBits = (fmt.blockAlign * 8) / fmt.channels;
  let validBits = fmt.formatTag === 0xfffe && fmt.validBits ? fmt.validBits : fmt.bitsPerSample;
  let lossless = false;
  let sampleFormat: 'int' | 'float' = 'int';
  if (tag === 1 && INT_BITS.has(containerBits) && validBits >= 1 && validBits <= containerBits) lossless = true;
  else if (tag === 3 && (containerBits === 32 || containerBits === 64) && validBits <= containerBits) {
    lossless = true;
    sampleFormat = 'float';
    validBits = containerBits;
  }
  const codecName =
    fmt.formatTag === 0xfffe
      ? fmt.subTag !== undefined ? waveCodecName(fmt.subTag) : `Extensible ${fmt.subFormat ?? '(no sub-format)'}`
      : waveCodecName(fmt.formatTag);
  const encoding: AudioEncoding = {
    sampleFormat,
    bitsPerSample: lossless ? containerBits : fmt.bitsPerSample,
    validBits: lossless ? validBits : fmt.bitsPerSample,
    byteOrder: le ? 'le' : 'be',
    unsigned8: sampleFormat === 'int' && containerBits === 8,
  };
  if (!lossless) {
    findings.push(finding('SP-AUD-001', path, { reason: 'codec', codec: codecName, formatTag: fmt.formatTag, bits: fmt.bitsPerSample }, byteAt(fmtC.offset)));
  }
  const header: AudioHeader = {
    container: w.container!,
    formatTag: fmt.formatTag,
    lossless,
    codecName,
    encoding,
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    blockAlign: fmt.blockAlign,
    dataOffset: 0,
    dataSize: 0,
    frames: 0,
    chunks: chunkInfos(w),
  };
  if (fmt.subFormat !== undefined) header.subFormat = fmt.subFormat;
  if (fmt.channelMask !== undefined) header.channelMask = fmt.channelMask;
  if (!data) {
    findings.push(finding('SP-AUD-002', path, { reason: 'missing-chunk', chunk: 'data' }, byteAt(12)));
    return header;
  }
  header.dataOffset = data.bodyOffset;
  header.dataSize = data.available;
  header.frames = Math.floor(data.available / fmt.blockAlign);
  dataSizeFindings(path, w, data, fmt.blockAlign, findings);
  if (data.rawSize === 0 && data.bodyOffset < src.size) {
    findings.push(finding('SP-AUD-002', path, { reason: 'size-zero', chunk: 'data', declared: 0, available: src.size - data.bodyOffset, frames: 0 }, byteAt(data.offset)));
  }
  if (!lossless) {
    const fact = w.chunks.find((c) => c.id === 'fact' && c.available >= 4);
    if (fact) header.frames = u32(await src.read(fact.bodyOffset, 4), 0, le);
  }
  return header;
}

async function readAiff(src: ByteSource, w: WalkResult, findings: Finding[]): Promise<AudioHeader | null> {
  const path = src.name;
  const commC = w.chunks.find((c) => c.id === 'COMM');
  const ssnd = w.chunks.find((c) => c.id === 'SSND');
  walkIssueFindings(path, w.issues, 'SSND', findings, !commC || !ssnd);
  if (!commC) {
    findings.push(finding('SP-AUD-002', path, { reason: 'missing-chunk', chunk: 'COMM' }, byteAt(12)));
    return null;
  }
  const aifc = w.container === 'aifc';
  const comm = parseComm(await src.read(commC.bodyOffset, Math.min(commC.available, MAX_FORMAT_BODY)), aifc);
  if (!comm) {
    findings.push(finding('SP-AUD-002', path, { reason: 'fmt-size', chunk: 'COMM', declared: commC.size, available: commC.available }, byteAt(commC.offset)));
    return null;
  }
  if (comm.channels <= 0 || !(comm.sampleRate > 0) || !Number.isFinite(comm.sampleRate) || comm.sampleSize <= 0) {
    findings.push(finding('SP-AUD-002', path, { reason: 'comm-values', chunk: 'COMM', channels: comm.channels, sampleSize: comm.sampleSize, sampleRate: Number.isFinite(comm.sampleRate) ? comm.sampleRate : String(comm.sampleRate) }, byteAt(commC.offset)));
    return null;
  }
  const type = aifc ? comm.compression! : 'NONE';
  const pcm = aifcPcm(type);
  let lossless = false;
  let bits = Math.ceil(comm.sampleSize / 8) * 8;
  let validBits = comm.sampleSize;
  if (pcm) {
    if (pcm.bits) bits = pcm.bits;
    if (pcm.sampleFormat === 'float') validBits = bits;
    lossless = pcm.sampleFormat === 'float' || (INT_BITS.has(bits) && validBits <= bits);
  }
  const codecName = aifcCodecName(type);
  const encoding: AudioEncoding = {
    sampleFormat: pcm?.sampleFormat ?? 'int',
    bitsPerSample: bits,
    validBits: Math.min(validBits, bits),
    byteOrder: pcm?.byteOrder ?? 'be',
    unsigned8: false,
  };
  const blockAlign = comm.channels * (bits / 8);
  if (!lossless) {
    findings.push(finding('SP-AUD-001', path, { reason: 'codec', codec: codecName, compression: printable(type), bits: comm.sampleSize }, byteAt(commC.offset)));
  }
  const header: AudioHeader = {
    container: w.container!,
    lossless,
    codecName,
    encoding,
    sampleRate: comm.sampleRate,
    channels: comm.channels,
    blockAlign,
    dataOffset: 0,
    dataSize: 0,
    frames: 0,
    chunks: chunkInfos(w),
  };
  if (aifc) header.compression = type;
  if (!ssnd) {
    if (comm.sampleFrames > 0) {
      findings.push(finding('SP-AUD-002', path, { reason: 'missing-chunk', chunk: 'SSND', frames: comm.sampleFrames }, byteAt(12)));
    }
    return header;
  }
  const ssHead = await src.read(ssnd.bodyOffset, Math.min(8, ssnd.available));
  const offset = ssHead.length >= 8 ? u32(ssHead, 0, false) : 0;
  const dataOffset = ssnd.bodyOffset + 8 + offset;
  const present = Math.max(0, Math.min(ssnd.available, ssnd.size) - 8 - offset);
  const declaredBytes = comm.sampleFrames * blockAlign;
  header.dataOffset = Math.min(dataOffset, src.size);
  if (lossless) {
    header.dataSize = Math.min(present, declaredBytes);
    header.frames = Math.floor(header.dataSize / blockAlign);
  } else {
    header.dataSize = present;
    header.frames = comm.sampleFrames;
  }
  if (lossless && present < declaredBytes) {
    const frames = header.frames;
    const pastEnd = w.issues.some((i) => i.offset === ssnd.offset && (i.reason === 'size-past-end' || i.reason === 'size-ffffffff'));
    findings.push(finding('SP-AUD-002', path, { reason: pastEnd ? 'size-past-end' : 'frames-past-end', chunk: 'SSND', declared: declaredBytes, available: present, frames }, byteAt(ssnd.offset)));
  }
  return header;
}

async function readMetadata(src: ByteSource, w: WalkResult, header: AudioHeader): Promise<void> {
  const bext = w.chunks.find((c) => c.id === 'bext');
  if (bext) header.bext = parseBext(await src.read(bext.bodyOffset, Math.min(bext.available, 602 + MAX_CODING_HISTORY)));
  const ixml = w.chunks.find((c) => c.id === 'iXML');
  if (ixml) {
    const raw = decodeIxml(await src.read(ixml.bodyOffset, Math.min(ixml.available, MAX_IXML)));
    const fileSet = ixmlFileSet(raw);
    header.ixml = fileSet ? { raw, fileSet } : { raw };
  }
}

function finishChecks(path: string, h: AudioHeader, findings: Finding[]): void {
  if (!h.lossless) return;
  const e = h.encoding;
  if (e.sampleFormat === 'int' && e.validBits !== e.bitsPerSample) {
    findings.push(finding('SP-AUD-010', path, { validBits: e.validBits, bitsPerSample: e.bitsPerSample }));
  }
  const remainder = h.dataSize - h.frames * h.blockAlign;
  if (remainder > 0) {
    findings.push(finding('SP-LEN-003', path, { dataSize: h.dataSize, blockAlign: h.blockAlign, remainder },
      { frame: h.frames, seconds: h.frames / h.sampleRate, byteOffset: h.dataOffset + h.frames * h.blockAlign }));
  }
}
