/** Shared checks of conform tests: pack with conform, validate, compare conformed and original samples, undo. */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pack, type PackOptions, type PackResult } from '../../src/pack/index.js';
import { openFileSource, validate } from '../../src/index.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { readAudioHeader } from '../../src/audio/read/header.js';
import { readFrames } from '../../src/audio/read/blocks.js';
import { RecordChecker, originalShape } from '../../src/conform/check.js';
import type { AudioHeader } from '../../src/model/audio.js';
import type { ConformFile, Manifest } from '../../src/model/manifest.js';
import type { Report } from '../../src/model/report.js';
import { readZipYauzl } from '../pack/zip-read.js';

/** Pack a folder with conform (warnings that 16-bit originals and missing credits raise allowed). */
export async function packConformed(dir: string, out: string, conform: PackOptions['conform'] = true, extra: Partial<PackOptions> = {}): Promise<PackResult> {
  return pack({ inputs: [dir], output: out, artist: 'Artist', conform, allow: ['SP-MAN-012', 'SP-AUD-009'], created: '2026-01-01T00:00:00Z', ...extra });
}

/** Validate a package file at level full. */
export async function validateFile(path: string): Promise<Report> {
  const src = await openFileSource(path);
  try {
    return await validate({ source: src, name: basename(path) });
  } finally {
    await src.close();
  }
}

export const errorsOf = (r: Report): string[] => r.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.path} ${f.message}`);

/** Every entry of a package by name. */
export async function entries(path: string): Promise<Map<string, Uint8Array>> {
  return new Map((await readZipYauzl(path)).map((e) => [e.name, new Uint8Array(e.data)]));
}

async function headerOf(bytes: Uint8Array): Promise<AudioHeader> {
  const { header } = await readAudioHeader(new BytesSource(bytes));
  if (!header) throw new Error('unreadable audio');
  return header;
}

/** The sample data bytes of an audio file. */
export async function sampleData(bytes: Uint8Array): Promise<Uint8Array> {
  const h = await headerOf(bytes);
  return bytes.subarray(h.dataOffset, h.dataOffset + h.dataSize);
}

/** Undo a record on a stored file: the sample data of each original. */
export async function undo(stored: Uint8Array, rec: ConformFile): Promise<{ data: Uint8Array[]; findings: ReturnType<RecordChecker['finish']> }> {
  const h = await headerOf(stored);
  const parts: Uint8Array[][] = rec.originals.map(() => []);
  const c = new RecordChecker('x', rec, h, { onOriginal: (k, b) => parts[k]!.push(b.slice()) });
  c.feed(0, stored);
  const findings = c.finish();
  const data = parts.map((list) => {
    const out = new Uint8Array(list.reduce((s, b) => s + b.length, 0));
    let o = 0;
    for (const b of list) {
      out.set(b, o);
      o += b.length;
    }
    return out;
  });
  return { data, findings };
}

/**
 * Check every conformed file of a package against its originals: its samples equal theirs at the
 * recorded offset, its pads are zero, and undoing the record gives their sample data bit for bit.
 * Returns how many records it checked (0 when the package has no conform record), so a caller
 * can tell a check from a pass over nothing.
 */
export async function checkConformed(pkg: string, manifest: Manifest, originalsDir: string): Promise<number> {
  const files = await entries(pkg);
  const records = manifest.conform?.files ?? [];
  for (const rec of records) {
    const stored = files.get(rec.path)!;
    expect(stored, rec.path).toBeDefined();
    const h = await headerOf(stored);
    const shape = originalShape(rec, h)!;
    expect(shape, rec.path).not.toBeNull();
    const originals = rec.originals.map((o) => new Uint8Array(readFileSync(`${originalsDir}/${o.name}`)));
    // undo: the originals' sample data, bit for bit
    const u = await undo(stored, rec);
    expect(u.findings, rec.path).toEqual([]);
    for (const [k, o] of originals.entries()) expect(Buffer.compare(Buffer.from(u.data[k]!), Buffer.from(await sampleData(o))), `${rec.path} original ${k}`).toBe(0);
    // forward: stored frame padStart + f is original frame trimStart + f (every channel)
    const x = await readFrames(new BytesSource(stored), h, 0, h.frames);
    const oh = await Promise.all(originals.map(headerOf));
    const ox = await Promise.all(originals.map((o, k) => readFrames(new BytesSource(o), oh[k]!, 0, oh[k]!.frames)));
    const kept = h.frames - shape.padStart - shape.padEnd;
    for (let f = 0; f < h.frames; f++) {
      for (let c = 0; c < h.channels; c++) {
        const v = x[f * h.channels + c]!;
        if (f < shape.padStart || f >= shape.padStart + kept) {
          if (v !== 0) throw new Error(`${rec.path}: pad frame ${f} channel ${c} is ${v}`);
          continue;
        }
        const of = shape.trimStart + f - shape.padStart;
        const src = ox.length === 2 ? ox[c]![of]! : ox[0]![of * oh[0]!.channels + (oh[0]!.channels === 1 ? 0 : c)]!;
        if (v !== src) throw new Error(`${rec.path}: frame ${f} channel ${c} is ${v}, the original's frame ${of} is ${src}`);
      }
    }
  }
  return records.length;
}
