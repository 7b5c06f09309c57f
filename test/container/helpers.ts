import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BytesSource } from '../../src/io/bytes-source.js';
import { MemorySink } from '../../src/io/memory-sink.js';
import { createPackageZipWriter, type AddEntryOptions, type EntryData } from '../../src/container/zip-writer.js';

/** An entry spec for tests. */
export interface Spec {
  name: string;
  data: Uint8Array;
  method?: AddEntryOptions['method'];
  /** Feed as a stream (in chunks) instead of a byte array. */
  stream?: boolean;
  /** Give size and crc up front when streaming. */
  known?: boolean;
}

async function* chunks(data: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < data.length; o += size) yield data.slice(o, o + size);
}

/** Write a package with the given entries into memory and return the archive bytes. */
export async function writePackage(specs: Spec[], crcOf?: (b: Uint8Array) => number): Promise<Uint8Array> {
  const sink = new MemorySink();
  const w = createPackageZipWriter(sink);
  for (const s of specs) {
    const method = s.method ?? 'stored';
    let data: EntryData = s.data;
    const opts: AddEntryOptions = { method };
    if (s.stream) {
      data = chunks(s.data);
      if (s.known) {
        opts.size = s.data.length;
        if (crcOf) opts.crc32 = crcOf(s.data);
      }
    }
    await w.addEntry(s.name, data, opts);
  }
  await w.close();
  return sink.bytes().slice();
}

export const src = (b: Uint8Array, name = 'test.stempack') => new BytesSource(b, name);
export const text = (s: string) => new TextEncoder().encode(s);

/** A temp dir removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'stempack-zip-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Minimal valid package entries. */
export function basicSpecs(): Spec[] {
  return [
    { name: 'stempack.json', data: text('{"stempack":"1.0"}'), method: 'deflate' },
    { name: 'stems/drums.wav', data: new Uint8Array(5000).map((_, i) => i * 7) },
    { name: 'mix/mix.wav', data: new Uint8Array(3000).map((_, i) => i * 3), stream: true },
  ];
}
