import type { ByteSource } from '../../model/byte-source.js';
import type { Container } from '../../model/audio.js';
import { fourcc, isPrintableId, u32 } from './bytes.js';
import { parseDs64, type Ds64 } from './ds64.js';

/** One chunk found by {@link walkChunks}. */
export interface WalkedChunk {
  id: string;
  /** Offset of the 8-byte chunk header. */
  offset: number;
  /** Offset of the chunk body. */
  bodyOffset: number;
  /** Body size the file declares (resolved through ds64 for RF64/BW64). */
  size: number;
  /** The raw 32-bit size field. */
  rawSize: number;
  /** Body bytes actually present in the source: `min(size, source size - bodyOffset)`. */
  available: number;
}

/** A size anomaly the walker saw; header reading turns these into findings. */
export interface WalkIssue {
  reason: 'size-past-end' | 'size-ffffffff' | 'no-ds64' | 'chunk-id' | 'too-many-chunks' | 'missing-pad';
  chunk: string;
  offset: number;
  declared?: number;
  available?: number;
}

/** What {@link walkChunks} returns. */
export interface WalkResult {
  /** Null when the magic is not one of RIFF/RIFX/RF64/BW64 + WAVE or FORM + AIFF/AIFC. */
  container: Container | null;
  magic: string;
  formType: string;
  littleEndian: boolean;
  /** Form size from the header (from ds64 for RF64/BW64). */
  formSize: number;
  ds64?: Ds64;
  chunks: WalkedChunk[];
  issues: WalkIssue[];
}

/** Walking stops after this many chunks (a pathological file of tiny chunks). */
export const MAX_CHUNKS = 100_000;
/** Largest ds64 body we read (a table of 87k entries). */
const MAX_DS64 = 1 << 20;

/**
 * Walk the top-level chunks of a RIFF/RIFX/RF64/BW64 WAVE or IFF FORM AIFF/AIFC file with one
 * 8-byte read per chunk header (plus the ds64 body). Never reads sample data.
 *
 * Rules: chunks may come in any order; odd sizes are followed by a pad byte, but when the byte
 * after the pad does not start a printable id and the unpadded position does, the writer forgot
 * the pad and we accept it (`missing-pad` issue). The walk goes to the end of the source, not to
 * the declared form size (files with wrong form sizes are common and harmless); it stops at an
 * id that is not printable ASCII (`chunk-id` issue), at a chunk running past the end
 * (`size-past-end`) or at 0xFFFFFFFF outside RF64/BW64 (`size-ffffffff`, taken as "to the end").
 *
 * Ref: Microsoft/IBM "Multimedia Programming Interface and Data Specifications 1.0" (1991), RIFF;
 * EBU Tech 3306 (RF64) and ITU-R BS.2088 (BW64) for ds64; EA IFF 85 and Apple AIFF 1.3 / AIFF-C for FORM.
 */
export async function walkChunks(src: ByteSource): Promise<WalkResult> {
  const head = await src.read(0, 12);
  const res: WalkResult = { container: null, magic: '', formType: '', littleEndian: true, formSize: 0, chunks: [], issues: [] };
  if (head.length < 12) {
    res.magic = head.length >= 4 ? fourcc(head, 0) : '';
    return res;
  }
  res.magic = fourcc(head, 0);
  res.formType = fourcc(head, 8);
  const m = res.magic;
  const f = res.formType;
  if ((m === 'RIFF' || m === 'RIFX' || m === 'RF64' || m === 'BW64') && f === 'WAVE') {
    res.container = m === 'RIFF' ? 'wav' : m === 'RIFX' ? 'rifx' : m === 'RF64' ? 'rf64' : 'bw64';
    res.littleEndian = m !== 'RIFX';
  } else if (m === 'FORM' && (f === 'AIFF' || f === 'AIFC')) {
    res.container = f === 'AIFF' ? 'aiff' : 'aifc';
    res.littleEndian = false;
  } else {
    return res;
  }
  const le = res.littleEndian;
  const is64 = res.container === 'rf64' || res.container === 'bw64';
  res.formSize = u32(head, 4, le);
  const size = src.size;
  let pos = 12;
  while (pos + 8 <= size) {
    if (res.chunks.length >= MAX_CHUNKS) {
      res.issues.push({ reason: 'too-many-chunks', chunk: '', offset: pos });
      break;
    }
    const h = await src.read(pos, 8);
    if (h.length < 8) break;
    if (!isPrintableId(h, 0)) {
      res.issues.push({ reason: 'chunk-id', chunk: fourcc(h, 0), offset: pos });
      break;
    }
    const id = fourcc(h, 0);
    const raw = u32(h, 4, le);
    const body = pos + 8;
    const room = size - body;
    let csize = raw;
    let toEnd = false;
    if (raw === 0xffffffff) {
      if (is64 && res.ds64) {
        const t = id === 'data' ? res.ds64.dataSize : res.ds64.table.find((e) => e.id === id)?.size;
        if (t === undefined) {
          res.issues.push({ reason: 'size-ffffffff', chunk: id, offset: pos, declared: raw, available: room });
          toEnd = true;
        } else csize = t;
      } else {
        res.issues.push({ reason: 'size-ffffffff', chunk: id, offset: pos, declared: raw, available: room });
        toEnd = true;
      }
    }
    if (toEnd) csize = room;
    const available = Math.min(csize, room);
    if (csize > room) res.issues.push({ reason: 'size-past-end', chunk: id, offset: pos, declared: csize, available });
    res.chunks.push({ id, offset: pos, bodyOffset: body, size: csize, rawSize: raw, available });
    if (id === 'ds64' && is64 && res.chunks.length === 1 && !res.ds64) {
      const d = parseDs64(await src.read(body, Math.min(available, MAX_DS64)));
      if (d) {
        res.ds64 = d;
        res.formSize = d.riffSize;
      }
    }
    const next = body + csize;
    if (next >= size) break;
    if (csize % 2 === 1) {
      const padded = next + 1;
      if (padded + 8 > size) break; // the pad byte (or one stray byte) ends the file
      const probe = await src.read(next, 5);
      if (!isPrintableId(probe, 1) && isPrintableId(probe, 0)) {
        res.issues.push({ reason: 'missing-pad', chunk: id, offset: pos });
        pos = next;
        continue;
      }
      pos = padded;
    } else pos = next;
  }
  if (is64 && !res.ds64) {
    res.issues.push({ reason: 'no-ds64', chunk: 'ds64', offset: 12 });
  }
  return res;
}
