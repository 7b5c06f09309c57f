/**
 * `stempack conform -o <dir>`: the conformed set as files, for people who want files rather
 * than a package. Every file of the set is written (the unchanged ones copied), each under a
 * temporary name and renamed into place, never over an existing file without `force`, plus
 * `conform.json`, the record of what was changed (spec §5.5). Node only.
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ByteSource } from '../model/byte-source.js';
import type { ConformRecord } from '../model/manifest.js';
import { OutputExistsError, withAtomicOutput } from '../io/atomic.js';
import { conformedFile, hashOriginals, type PreparedConform } from './run.js';
import { buildRecord } from './record.js';

/** A conformed set that cannot be written where asked (a usage error: nothing was written). */
export class ConformWriteError extends Error {
  readonly code = 'EUSAGE' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ConformWriteError';
  }
}

/** The record file `-o` writes beside the conformed files. */
export const RECORD_FILE = 'conform.json';

/** What {@link writeConformed} wrote. */
export interface WrittenSet {
  /** Every file written, the record last. */
  files: string[];
  record: ConformRecord | null;
}

const BLOCK = 1 << 20;

async function copyTo(src: ByteSource & { readInto?(o: number, t: Uint8Array): Promise<number> }, target: string, force: boolean): Promise<void> {
  await withAtomicOutput(target, { force }, async (sink) => {
    const buf = new Uint8Array(BLOCK);
    for (let p = 0; p < src.size; ) {
      const n = Math.min(BLOCK, src.size - p);
      let got: number;
      if (typeof src.readInto === 'function') got = await src.readInto(p, buf.subarray(0, n));
      else {
        const b = await src.read(p, n);
        buf.set(b);
        got = b.length;
      }
      if (got !== n) throw new Error(`${src.name}: the input changed while it was being copied`);
      await sink.write(buf.subarray(0, n));
      p += n;
    }
  });
}

/**
 * Write the conformed set of a prepared conform (without refusals) into `dir` (created when
 * missing). Throws {@link OutputExistsError} before writing anything when a target exists and
 * `force` is not given, and {@link ConformWriteError} for a file that would replace one of its
 * own originals.
 */
export async function writeConformed(p: PreparedConform, dir: string, opts: { force?: boolean } = {}): Promise<WrittenSet> {
  if (p.plan.refusals.length > 0) throw new ConformWriteError('the plan has refusals; nothing to write');
  const force = opts.force ?? false;
  const targets = p.plan.files.map((f) => join(dir, f.name));
  const names = new Set<string>();
  for (const t of targets) {
    const k = resolve(t).normalize('NFC').toLowerCase();
    if (names.has(k)) throw new ConformWriteError(`two files would be written as ${t}`);
    names.add(k);
  }
  const originals = new Set(p.plan.files.flatMap((f) => f.item.sources.map((s) => resolve(s.path))));
  p.plan.files.forEach((f, i) => {
    // a conformed file is read from its originals while it is written: never over one of them
    if (f.changed && f.item.sources.some((s) => resolve(s.path) === resolve(targets[i]!))) {
      throw new ConformWriteError(`${targets[i]} is an original of the conformed file that would replace it; write into another folder`);
    }
  });
  if (!force) {
    const { lstat } = await import('node:fs/promises');
    for (const t of [...targets, join(dir, RECORD_FILE)]) {
      const exists = await lstat(t).then(() => true, () => false);
      if (exists) throw new OutputExistsError(t);
    }
  }
  await mkdir(dir, { recursive: true });
  // the originals' hashes first: a file written over an unchanged original would change them
  const hashes = await hashOriginals(p.plan);
  const written: string[] = [];
  for (const [i, f] of p.plan.files.entries()) {
    const target = targets[i]!;
    if (f.changed) {
      const cf = await conformedFile(p, i);
      await copyTo(cf.source, target, force);
    } else if (!originals.has(resolve(target))) {
      await copyTo(p.inputs[i]![0]!, target, force);
    } else continue; // the unchanged original is already there
    written.push(target);
  }
  const record = buildRecord(p.plan, (f) => f.name, (path) => {
    const h = hashes.get(path)!;
    return { sha256: h.sha256, audioSha256: h.audioSha256 };
  });
  const doc = {
    stempackConform: '1.0',
    sampleRate: p.plan.sampleRate,
    timeline: p.plan.timeline,
    files: record?.files ?? [],
  };
  await withAtomicOutput(join(dir, RECORD_FILE), { force }, (sink) => sink.write(new TextEncoder().encode(JSON.stringify(doc, null, 2) + '\n')));
  written.push(join(dir, RECORD_FILE));
  return { files: written, record };
}
