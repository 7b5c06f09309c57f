// Hostile and damaged packages: findings, never a throw, bounded reads; every level that can still run runs.
import { describe, it, expect } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { validate } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import { buildPackage } from '../helpers/package-builder.js';
import { writeZip } from '../helpers/zip.js';
import { reportValidator } from './report-schema.js';

const enc = new TextEncoder();

async function check(bytes: Uint8Array) {
  const r = await validate({ source: new BytesSource(bytes, 'h.stempack'), name: 'h.stempack' });
  expect(reportValidator()(r), JSON.stringify(reportValidator().errors)).toBe(true);
  return r;
}

const codes = (r: { findings: { code: string }[] }) => new Set(r.findings.map((f) => f.code));

describe('hostile packages', () => {
  const good = buildPackage().bytes;

  it('empty and random inputs give SP-ZIP-001', async () => {
    expect(codes(await check(new Uint8Array(0)))).toContain('SP-ZIP-001');
    expect(codes(await check(enc.encode('not a zip at all')))).toContain('SP-ZIP-001');
  });

  it('truncated at every tenth: findings, no throw', async () => {
    for (let k = 1; k < 10; k++) {
      const r = await check(good.subarray(0, Math.floor((good.length * k) / 10)));
      expect(r.valid).toBe(false);
    }
  });

  it('a truncated stem inside a valid archive: header and length findings, other files still checked', async () => {
    const b = buildPackage({ hooks: { file: (p, x) => (p === 'stems/bass.wav' ? x.subarray(0, x.length - 601) : x) } });
    const r = await check(b.bytes);
    // the manifest describes the truncated file (the builder measures final files): the break is the partial frame
    expect(codes(r)).toContain('SP-LEN-003');
    expect(r.files.find((f) => f.path === 'stems/drums.wav')!.sha256).toBe(b.manifest.stems[0]!.sha256);
  });

  it('path traversal and absolute names: SP-ZIP-008, never resolved', async () => {
    const b = buildPackage({
      hooks: {
        entries: (e) => {
          e.push({ name: '../../etc/passwd', data: enc.encode('x') });
          e.push({ name: '/abs.txt', data: enc.encode('x') });
          e.push({ name: 'C:\\win.txt', data: enc.encode('x') });
        },
      },
    });
    const r = await check(b.bytes);
    expect(r.findings.filter((f) => f.code === 'SP-ZIP-008').map((f) => f.path).sort()).toEqual(['../../etc/passwd', '/abs.txt', 'C:\\win.txt'].sort());
  });

  it('an end record claiming millions of entries: findings in bounded time', async () => {
    const z = good.slice();
    const eocd = z.length - 22;
    const v = new DataView(z.buffer);
    v.setUint16(eocd + 8, 0xffff, true);
    v.setUint16(eocd + 10, 0xffff, true);
    const t0 = Date.now();
    const r = await check(z);
    expect(r.valid).toBe(false);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('overlapping entries: two names pointing at the same data', async () => {
    const zip = writeZip([
      { name: 'mimetype', data: enc.encode('application/vnd.stempack+zip') },
      { name: 'a.txt', data: enc.encode('hello') },
    ]);
    // duplicate the last central record under another name, same local header offset
    const v = new DataView(zip.buffer);
    const eocd = zip.length - 22;
    const cdOff = v.getUint32(eocd + 16, true);
    const cdSize = v.getUint32(eocd + 12, true);
    const cd = zip.subarray(cdOff, cdOff + cdSize);
    const secondAt = 46 + 'mimetype'.length;
    const dup = cd.slice(secondAt);
    dup[46] = 'b'.charCodeAt(0);
    const out = new Uint8Array(zip.length + dup.length);
    out.set(zip.subarray(0, cdOff + cdSize), 0);
    out.set(dup, cdOff + cdSize);
    const e2 = zip.slice(eocd);
    const ev = new DataView(e2.buffer);
    ev.setUint16(8, 3, true);
    ev.setUint16(10, 3, true);
    ev.setUint32(12, cdSize + dup.length, true);
    out.set(e2, cdOff + cdSize + dup.length);
    const r = await check(out);
    expect(codes(r)).toContain('SP-ZIP-007');
  });

  it('a manifest that inflates to a huge size is not read into memory', async () => {
    const b = buildPackage({ hooks: { entries: (e) => void (e[1]!.data = new Uint8Array(20 * 1024 * 1024).fill(32)) } });
    const r = await check(b.bytes);
    expect(codes(r)).toContain('SP-MAN-001');
  });

  it('a damaged manifest does not stop the audio checks', async () => {
    const b = buildPackage({
      hooks: {
        entries: (e) => void (e[1]!.data = enc.encode('{ broken')),
        audio: (it) => void (it.id === 'bass' && (it.frames -= 1)),
      },
    });
    const r = await check(b.bytes);
    expect(codes(r)).toContain('SP-MAN-001');
    expect(r.findings.find((f) => f.code === 'SP-LEN-001')?.path).toBe('stems/bass.wav');
    expect(r.files.every((f) => f.sha256 !== undefined)).toBe(true);
  });

  fcTest.prop([fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })], { numRuns: 40 })(
    'random byte corruption never throws',
    async (edits) => {
      const z = good.slice();
      for (const [pos, val] of edits) z[pos % z.length] = val;
      const r = await validate({ source: new BytesSource(z, 'h.stempack'), name: 'h.stempack' });
      expect(reportValidator()(r)).toBe(true);
    },
  );
});

describe('damaged mix', () => {
  it('an unreadable mix: stems are checked against the timeline instead', async () => {
    const b = buildPackage({
      hooks: {
        file: (p, x) => (p === 'mix/mix.wav' ? enc.encode('garbage, not audio') : x),
        audio: (it) => void (it.id === 'bass' && (it.frames -= 3)),
      },
    });
    const r = await check(b.bytes);
    expect(r.findings.find((f) => f.code === 'SP-AUD-001')?.path).toBe('mix/mix.wav');
    const len = r.findings.filter((f) => f.code === 'SP-LEN-002');
    expect(len.map((f) => [f.path, f.params['found']])).toEqual([['stems/bass.wav', 4797]]);
    expect(r.null?.['skipped']).toBe('unreadable-files');
  });
});
