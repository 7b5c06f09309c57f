/**
 * Attachments (lyrics, credits, track sheets) stored under `docs/`: media type by extension,
 * size, SHA-256 and CRC-32 measured in one streaming read.
 * @module
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { crc32Update } from '../container/crc32.js';

const MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  rtf: 'application/rtf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mid: 'audio/midi',
  midi: 'audio/midi',
  lrc: 'text/plain',
};

/** The media type of an attachment by its extension; `application/octet-stream` when unknown. */
export function mediaTypeOf(name: string): string {
  const i = name.lastIndexOf('.');
  const ext = i >= 0 ? name.slice(i + 1).toLowerCase() : '';
  return MEDIA_TYPES[ext] ?? 'application/octet-stream';
}

/** Size, SHA-256 (hex) and CRC-32 of a file, read once in 1 MiB blocks. */
export async function measureFile(path: string): Promise<{ bytes: number; sha256: string; crc32: number }> {
  const fh = await open(path, 'r');
  try {
    const h = createHash('sha256');
    let crc = 0;
    let bytes = 0;
    const buf = new Uint8Array(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, bytes);
      if (bytesRead === 0) break;
      const b = buf.subarray(0, bytesRead);
      h.update(b);
      crc = crc32Update(crc, b);
      bytes += bytesRead;
    }
    return { bytes, sha256: h.digest('hex'), crc32: crc >>> 0 };
  } finally {
    await fh.close();
  }
}
