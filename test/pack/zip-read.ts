import yauzl from 'yauzl';

/** Read every entry of a zip with yauzl: names in order, data, compression method. */
export function readZipYauzl(path: string): Promise<{ name: string; method: number; data: Buffer }[]> {
  return new Promise((res, rej) => {
    yauzl.open(path, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return rej(err);
      const out: { name: string; method: number; data: Buffer }[] = [];
      zf.on('entry', (e: yauzl.Entry) => {
        zf.openReadStream(e, (err2, rs) => {
          if (err2 || !rs) return rej(err2);
          const chunks: Buffer[] = [];
          rs.on('data', (c: Buffer) => chunks.push(c));
          rs.on('end', () => {
            out.push({ name: e.fileName, method: e.compressionMethod, data: Buffer.concat(chunks) });
            zf.readEntry();
          });
        });
      });
      zf.on('end', () => res(out));
      zf.on('error', rej);
      zf.readEntry();
    });
  });
}

