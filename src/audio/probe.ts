import type { ByteSource } from '../model/byte-source.js';
import type { Finding } from '../model/finding.js';
import type { Json } from '../model/finding.js';
import { formatTime, groupDigits, timeReferenceToTimecode } from '../model/units.js';
import { readAudioHeader } from './read/header.js';

/** A JSON-able description of an audio file, as `stempack probe` prints it. */
export interface ProbeResult {
  name: string;
  bytes: number;
  /** Null when the file is not a readable WAV/AIFF (see findings). */
  container: string | null;
  chunks: { id: string; offset: number; size: number }[];
  formatTag: number | null;
  subFormat: string | null;
  compression: string | null;
  codec: string | null;
  lossless: boolean;
  sampleFormat: 'int' | 'float' | null;
  byteOrder: 'le' | 'be' | null;
  bitsPerSample: number | null;
  validBits: number | null;
  sampleRate: number | null;
  channels: number | null;
  channelMask: number | null;
  blockAlign: number | null;
  dataOffset: number | null;
  dataSize: number | null;
  frames: number | null;
  durationSeconds: number | null;
  bext: {
    description: string;
    originator: string;
    originatorReference: string;
    originationDate: string;
    originationTime: string;
    /** Unsigned 64-bit frames since midnight, as an exact decimal string. */
    timeReference: string;
    /** TimeReference as hh:mm:ss.sss at the file's sample rate. */
    timecode: string;
    version: number;
    umid: string;
    loudnessValue: number | null;
    loudnessRange: number | null;
    maxTruePeakLevel: number | null;
    maxMomentaryLoudness: number | null;
    maxShortTermLoudness: number | null;
    codingHistory: string;
  } | null;
  ixml: { characters: number; familyUid: string | null; totalFiles: number | null; fileSetIndex: string | null } | null;
  findings: { code: string; severity: string; message: string; params: Json; byteOffset: number | null }[];
}

/** Read an audio file's header and describe it (never reads sample data). */
export async function probeAudio(src: ByteSource): Promise<ProbeResult> {
  const { header: h, findings } = await readAudioHeader(src);
  const r: ProbeResult = {
    name: src.name,
    bytes: src.size,
    container: h?.container ?? null,
    chunks: h?.chunks.map((c) => ({ id: c.id, offset: c.offset, size: c.size })) ?? [],
    formatTag: h?.formatTag ?? null,
    subFormat: h?.subFormat ?? null,
    compression: h?.compression ?? null,
    codec: h?.codecName ?? null,
    lossless: h?.lossless ?? false,
    sampleFormat: h?.encoding.sampleFormat ?? null,
    byteOrder: h?.encoding.byteOrder ?? null,
    bitsPerSample: h?.encoding.bitsPerSample ?? null,
    validBits: h?.encoding.validBits ?? null,
    sampleRate: h?.sampleRate ?? null,
    channels: h?.channels ?? null,
    channelMask: h?.channelMask ?? null,
    blockAlign: h?.blockAlign ?? null,
    dataOffset: h?.dataOffset ?? null,
    dataSize: h?.dataSize ?? null,
    frames: h?.frames ?? null,
    durationSeconds: h && h.sampleRate > 0 ? h.frames / h.sampleRate : null,
    bext: null,
    ixml: null,
    findings: findings.map(probeFinding),
  };
  if (h?.bext) {
    const b = h.bext;
    r.bext = { ...b, timeReference: b.timeReference.toString(), timecode: timeReferenceToTimecode(b.timeReference, h.sampleRate) };
  }
  if (h?.ixml) {
    const fs = h.ixml.fileSet;
    r.ixml = {
      characters: h.ixml.raw.length,
      familyUid: fs?.familyUid ?? null,
      totalFiles: fs?.totalFiles ?? null,
      fileSetIndex: fs?.fileSetIndex ?? null,
    };
  }
  return r;
}

function probeFinding(f: Finding): ProbeResult['findings'][number] {
  return { code: f.code, severity: f.severity, message: f.message, params: f.params as Json, byteOffset: f.at?.byteOffset ?? null };
}

const CHANNEL_NAMES = ['FL', 'FR', 'FC', 'LFE', 'BL', 'BR', 'FLC', 'FRC', 'BC', 'SL', 'SR', 'TC', 'TFL', 'TFC', 'TFR', 'TBL', 'TBC', 'TBR'];

/** Names of the speaker bits set in a WAVE_FORMAT_EXTENSIBLE channel mask. */
export function channelMaskNames(mask: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 32; i++) if (mask & (1 << i)) out.push(CHANNEL_NAMES[i] ?? `bit${i}`);
  return out;
}

/** Human-readable text of a {@link ProbeResult}, soxi-like but exact. */
export function formatProbe(r: ProbeResult): string {
  const lines: string[] = [];
  const row = (k: string, v: string): void => void lines.push(`${k.padEnd(17)}: ${v}`);
  row('File', r.name);
  row('File size', `${groupDigits(r.bytes)} bytes`);
  row('Container', r.container === null ? 'not recognised' : containerName(r.container));
  if (r.container !== null) {
    if (r.formatTag !== null) row('Format tag', `0x${r.formatTag.toString(16).padStart(4, '0')}${r.subFormat ? ` (sub-format ${r.subFormat})` : ''}`);
    if (r.compression !== null) row('Compression', `'${r.compression}'`);
    row('Encoding', `${r.codec}${r.lossless ? '' : ' (not lossless PCM)'}`);
    if (r.sampleFormat && r.lossless) row('Sample format', `${r.sampleFormat === 'float' ? 'IEEE float' : r.bitsPerSample === 8 && r.container !== 'aiff' && r.container !== 'aifc' ? 'unsigned integer' : 'signed integer'}, ${r.byteOrder === 'le' ? 'little' : 'big'}-endian`);
    row('Bits per sample', r.validBits !== r.bitsPerSample ? `${r.bitsPerSample} (valid ${r.validBits})` : `${r.bitsPerSample}`);
    row('Sample rate', `${r.sampleRate} Hz`);
    row('Channels', `${r.channels}${r.channelMask !== null ? ` (mask 0x${r.channelMask.toString(16)}: ${channelMaskNames(r.channelMask).join(' ') || 'none'})` : ''}`);
    row('Frames', r.frames === null ? '-' : groupDigits(r.frames));
    row('Duration', r.durationSeconds === null ? '-' : `${formatTime(r.durationSeconds)} (${r.durationSeconds} s)`);
    row('Sample data', `${groupDigits(r.dataSize ?? 0)} bytes at offset ${r.dataOffset}, block align ${r.blockAlign}`);
    lines.push('Chunks:');
    for (const c of r.chunks) lines.push(`  '${c.id}' at ${c.offset}, ${groupDigits(c.size)} bytes`);
  }
  if (r.bext) {
    const b = r.bext;
    lines.push(`BWF bext (version ${b.version}):`);
    lines.push(`  TimeReference  : ${b.timeReference} frames (${b.timecode})`);
    if (b.description) lines.push(`  Description    : ${b.description}`);
    if (b.originator) lines.push(`  Originator     : ${b.originator}`);
    if (b.originatorReference) lines.push(`  OriginatorRef  : ${b.originatorReference}`);
    if (b.originationDate || b.originationTime) lines.push(`  Origination    : ${b.originationDate} ${b.originationTime}`);
    if (b.loudnessValue !== null) lines.push(`  Loudness       : ${b.loudnessValue / 100} LUFS`);
    if (b.codingHistory) lines.push(`  CodingHistory  : ${b.codingHistory.trim().replace(/\r?\n/g, ' | ')}`);
  }
  if (r.ixml) {
    lines.push(`iXML (${r.ixml.characters} characters):`);
    if (r.ixml.familyUid !== null) lines.push(`  FAMILY_UID     : ${r.ixml.familyUid}`);
    if (r.ixml.totalFiles !== null) lines.push(`  TOTAL_FILES    : ${r.ixml.totalFiles}`);
    if (r.ixml.fileSetIndex !== null) lines.push(`  FILE_SET_INDEX : ${r.ixml.fileSetIndex}`);
  }
  if (r.findings.length) {
    lines.push('Findings:');
    for (const f of r.findings) lines.push(`  ${f.code} ${f.severity}: ${f.message}${f.byteOffset !== null ? ` (byte ${f.byteOffset})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

function containerName(c: string): string {
  return ({ wav: 'RIFF WAVE', rifx: 'RIFX WAVE (big-endian)', rf64: 'RF64 WAVE', bw64: 'BW64 WAVE', aiff: 'AIFF', aifc: 'AIFF-C' } as Record<string, string>)[c] ?? c;
}
