import { fourcc, u32, u64 } from './bytes.js';

/** The RF64/BW64 `ds64` chunk body. */
export interface Ds64 {
  riffSize: number;
  dataSize: number;
  sampleCount: number;
  /** 64-bit sizes of other chunks whose 32-bit size is 0xFFFFFFFF. */
  table: { id: string; size: number }[];
}

/**
 * Parse a `ds64` body (always little-endian). Returns null when shorter than 28 bytes.
 * Table entries that do not fit the body are dropped.
 * Ref: EBU Tech 3306 v1.1 (2009) §3 "ds64 chunk"; ITU-R BS.2088-1 §3.2 (DataSize64Chunk, ChunkSize64).
 */
export function parseDs64(body: Uint8Array): Ds64 | null {
  if (body.length < 28) return null;
  const riffSize = u64(body, 0, true);
  const dataSize = u64(body, 8, true);
  const sampleCount = u64(body, 16, true);
  const count = u32(body, 24, true);
  const table: { id: string; size: number }[] = [];
  for (let i = 0, o = 28; i < count && o + 12 <= body.length; i++, o += 12) {
    table.push({ id: fourcc(body, o), size: u64(body, o + 4, true) });
  }
  return { riffSize, dataSize, sampleCount, table };
}
