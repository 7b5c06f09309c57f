// Independent ZIP readers used as referees: yauzl, Info-ZIP unzip, Python zipfile.
import { execFileSync } from 'node:child_process';
import yauzl from 'yauzl';
import { crc32Update } from '../../src/container/crc32.js';

export interface YauzlEntry {
  name: string;
  size: number;
  crc32: number;
  /** CRC-32 of the data yauzl delivered (when read). */
  dataCrc?: number;
}

/**
 * Open with yauzl, list every entry and read the ones `read` selects (checking their CRC
 * ourselves: yauzl checks sizes, not CRCs).
 */
export function yauzlList(path: string, read: (name: string) => boolean = () => true): Promise<{ entries: YauzlEntry[]; entryCount: number }> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true }, (err, zf) => {
      if (err || !zf) return reject(err);
      const entries: YauzlEntry[] = [];
      zf.on('error', reject);
      zf.on('end', () => resolve({ entries, entryCount: zf.entryCount }));
      zf.on('entry', (e: yauzl.Entry) => {
        const item: YauzlEntry = { name: e.fileName, size: e.uncompressedSize, crc32: e.crc32 };
        entries.push(item);
        if (!read(e.fileName)) return zf.readEntry();
        zf.openReadStream(e, (err2, rs) => {
          if (err2 || !rs) return reject(err2);
          let c = 0;
          rs.on('data', (b: Buffer) => (c = crc32Update(c, b)));
          rs.on('error', reject);
          rs.on('end', () => {
            item.dataCrc = c;
            zf.readEntry();
          });
        });
      });
      zf.readEntry();
    });
  });
}

/** Read `[start, end)` of a stored entry with yauzl. */
export function yauzlRange(path: string, name: string, start: number, end: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return reject(err);
      zf.on('error', reject);
      zf.on('end', () => reject(new Error('not found: ' + name)));
      zf.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zf.readEntry();
        zf.openReadStream(e, { start, end }, (err2, rs) => {
          if (err2 || !rs) return reject(err2);
          const parts: Buffer[] = [];
          rs.on('data', (b: Buffer) => parts.push(b));
          rs.on('error', reject);
          rs.on('end', () => {
            zf.close();
            resolve(Buffer.concat(parts));
          });
        });
      });
      zf.readEntry();
    });
  });
}

/** `unzip -t`: exit status 0 means every entry's CRC checked out. Returns the output. */
export function unzipTest(path: string): string {
  return execFileSync('unzip', ['-t', path], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

/** Run a Python snippet with `p` bound to the archive path; returns stdout. */
export function python(path: string, code: string): string {
  return execFileSync('python3', ['-c', `import sys, zipfile\np = sys.argv[1]\n${code}`, path], { encoding: 'utf8', maxBuffer: 64 << 20 });
}
