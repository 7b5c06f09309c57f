import { describe, expect, it } from 'vitest';
import { fc } from '@fast-check/vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack } from '../../src/pack/index.js';
import { openFileSource } from '../../src/io/file-source.js';
import { readZip } from '../../src/container/read-zip.js';
import { entrySource } from '../../src/container/entry-data.js';
import { readAudioHeader } from '../../src/audio/read/header.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { validate } from '../../src/validate/index.js';
import { encodeWav, encodeSamples } from '../helpers/wav.js';
import { workspaces, cleanup, rng, writeStemFolder, type StemFolderSpec } from './fixtures.js';
import { readZipYauzl } from './zip-read.js';

const setup = workspaces();

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Read the package back with our container reader and validate it fully. */
async function readBack(out: string) {
  const src = await openFileSource(out);
  try {
    const z = await readZip(src);
    expect(z.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const report = await validate({ source: src, name: 'out.stempack' });
    return { entries: z.entries, report, src };
  } finally {
    await src.close();
  }
}

describe('pack: formats', () => {
  const cases: [string, StemFolderSpec][] = [
    ['16-bit 44.1 kHz', { bitDepth: 16, sampleRate: 44100 }],
    ['24-bit 48 kHz', { bitDepth: 24, sampleRate: 48000 }],
    ['32-bit float 96 kHz', { sampleFormat: 'float', bitDepth: 32, sampleRate: 96000, frames: 9600 }],
    ['24-bit AIFF', { container: 'aiff', bitDepth: 24, stems: ['Drums.aif', 'Bass.aif', 'Vox.aif'], mix: 'Mix.aif' }],
    ['mono 24-bit', { channels: 1 }],
    ['.bwf names', { stems: ['Drums.bwf', 'Bass.bwf', 'Vox.bwf'], mix: 'Mix.bwf' }],
    ['5.1 stems', { channels: 6, tweak: (_n, s) => { s.extensible = true; s.channelMask = 0x60f; } }],
  ];
  it.each(cases)('%s packs, reads back, validates', async (_label, spec) => {
    const { dir, out } = setup();
    const names = writeStemFolder(dir, spec);
    const r = await pack({ inputs: [dir], output: out, artist: 'A', allow: ['SP-AUD-009'] });
    expect(r.refusals).toEqual([]);
    expect(r.ok).toBe(true);
    const m = r.manifest!;
    expect(m.format).toEqual({
      container: spec.container ?? 'wav',
      sampleFormat: spec.sampleFormat ?? 'int',
      bitDepth: spec.bitDepth ?? 24,
      sampleRate: spec.sampleRate ?? 48000,
    });
    const yz = await readZipYauzl(out);
    for (const n of names) {
      // .bwf/.wave/.rf64 files are stored under .wav names (spec §6.1), bytes unchanged
      const e = yz.find((x) => x.name.endsWith(`/${n.replace(/\.bwf$/, '.wav')}`))!;
      expect(sha(e.data)).toBe(sha(readFileSync(join(dir, n))));
    }
    const { report } = await readBack(out);
    expect(report.findings.filter((f) => f.severity === 'error' || f.code === 'SP-AUD-008')).toEqual([]);
    expect(report.valid).toBe(true);
  });
});

/** Mono WAVs for a split pair, with bext on the left. */
function writePair(dir: string, left: string, right: string, opts: { frames?: number; rightFrames?: number; bitDepth?: number; ixml?: [string, string] } = {}) {
  const frames = opts.frames ?? 4800;
  const bitDepth = opts.bitDepth ?? 24;
  const rand = rng(99);
  const mk = (n: number) => {
    const s = new Int32Array(n);
    for (let i = 0; i < n; i += 2) {
      s[i] = Math.round((rand() * 2 - 1) * 2 ** (bitDepth - 4));
      if (i + 1 < n) s[i + 1] = -s[i]!;
    }
    return s;
  };
  const l = mk(frames);
  const r = mk(opts.rightFrames ?? frames);
  const ixml = (idx: string) => `<BWFXML><FILE_SET><TOTAL_FILES>2</TOTAL_FILES><FAMILY_UID>FAM123</FAMILY_UID><FILE_SET_INDEX>${idx}</FILE_SET_INDEX></FILE_SET></BWFXML>`;
  writeFileSync(join(dir, left), encodeWav({ sampleRate: 48000, channels: 1, sampleFormat: 'int', bitDepth, samples: l, bextTimeReference: 172800000, ...(opts.ixml ? { ixml: ixml(opts.ixml[0]) } : {}) }));
  writeFileSync(join(dir, right), encodeWav({ sampleRate: 48000, channels: 1, sampleFormat: 'int', bitDepth, samples: r, bextTimeReference: 172800000, ...(opts.ixml ? { ixml: ixml(opts.ixml[1]) } : {}) }));
  return { l, r };
}

/** A stereo stem folder (Drums + Mix) whose mix is the sum of Drums and the interleaved pair. */
function writeAroundPair(dir: string, pair: { l: Int32Array; r: Int32Array }) {
  const frames = pair.l.length;
  const drums = new Int32Array(frames * 2);
  const rand = rng(5);
  for (let i = 0; i < drums.length; i += 4) {
    drums[i] = Math.round((rand() * 2 - 1) * 2 ** 20);
    drums[i + 1] = Math.round((rand() * 2 - 1) * 2 ** 20);
    drums[i + 2] = -drums[i]!;
    drums[i + 3] = -drums[i + 1]!;
  }
  const mix = new Int32Array(frames * 2);
  for (let f = 0; f < frames; f++) {
    mix[2 * f] = drums[2 * f]! + pair.l[f]!;
    mix[2 * f + 1] = drums[2 * f + 1]! + pair.r[f]!;
  }
  writeFileSync(join(dir, 'Drums.wav'), encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 24, samples: drums, bextTimeReference: 172800000 }));
  writeFileSync(join(dir, 'Mix.wav'), encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 24, samples: mix, bextTimeReference: 172800000 }));
}

describe('pack: split-mono pairs are joined bit-exact', () => {
  it.each([
    ['Vox.L.wav', 'Vox.R.wav'],
    ['Vox_L.wav', 'Vox_R.wav'],
    ['Vox-L.wav', 'Vox-R.wav'],
    ['Vox L.wav', 'Vox R.wav'],
    ['Vox.Left.wav', 'Vox.Right.wav'],
  ])('%s + %s', async (left, right) => {
    const { dir, out, root } = setup();
    const pair = writePair(dir, left, right);
    writeAroundPair(dir, pair);
    const r = await pack({ inputs: [dir], output: out, artist: 'A' });
    expect(r.refusals).toEqual([]);
    expect(r.joined).toEqual([{ left: join(dir, left), right: join(dir, right), output: 'stems/Vox.wav' }]);
    const vox = r.manifest!.stems.find((s) => s.path === 'stems/Vox.wav')!;
    expect(vox).toMatchObject({ channels: 2, layout: 'stereo', frames: 4800, role: 'vocals-lead' });
    expect(r.manifest!.timeline.start).toBe(172800000);

    const yz = await readZipYauzl(out);
    const joinedBytes = yz.find((e) => e.name === 'stems/Vox.wav')!.data;
    const src = await openFileSource(out);
    try {
      const z = await readZip(src);
      const es = entrySource(src, z.entries.find((e) => e.name === 'stems/Vox.wav')!);
      const { header } = await readAudioHeader(es);
      expect(header!.channels).toBe(2);
      expect(header!.bext!.timeReference).toBe(172800000n);
      const data = joinedBytes.subarray(header!.dataOffset, header!.dataOffset + header!.dataSize);
      const inter = new Int32Array(pair.l.length * 2);
      for (let f = 0; f < pair.l.length; f++) {
        inter[2 * f] = pair.l[f]!;
        inter[2 * f + 1] = pair.r[f]!;
      }
      expect(sha(data)).toBe(sha(encodeSamples({ sampleFormat: 'int', bitDepth: 24, samples: inter }, 'le')));
      expect(vox.audioSha256).toBe(sha(data));
      const report = await validate({ source: src, name: 'out.stempack' });
      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    } finally {
      await src.close();
    }
    // the temp join folder is gone
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(root).sort()).toEqual(['out.stempack', 'stems']);
  });

  it('joins an iXML FILE_SET family of two', async () => {
    const { dir, out } = setup();
    const pair = writePair(dir, 'Vocal Track A.wav', 'Vocal Track B.wav', { ixml: ['1', '2'] });
    writeAroundPair(dir, pair);
    const r = await pack({ inputs: [dir], output: out, artist: 'A' });
    expect(r.refusals).toEqual([]);
    expect(r.joined).toEqual([{ left: join(dir, 'Vocal Track A.wav'), right: join(dir, 'Vocal Track B.wav'), output: 'stems/Vocal Track.wav' }]);
  });

  it('refuses an iXML family of more than two mono files (SP-CH-002)', async () => {
    const { dir, out } = setup();
    const pair = writePair(dir, 'Vocal Track A.wav', 'Vocal Track B.wav', { ixml: ['1', '2'] });
    writeAroundPair(dir, pair);
    const fam = `<BWFXML><FILE_SET><TOTAL_FILES>3</TOTAL_FILES><FAMILY_UID>FAM123</FAMILY_UID><FILE_SET_INDEX>3</FILE_SET_INDEX></FILE_SET></BWFXML>`;
    writeFileSync(join(dir, 'Vocal Track C.wav'), encodeWav({ sampleRate: 48000, channels: 1, sampleFormat: 'int', bitDepth: 24, samples: new Int32Array(4800), bextTimeReference: 172800000, ixml: fam }));
    const r = await pack({ inputs: [dir], output: out, artist: 'A' });
    expect(r.ok).toBe(false);
    const f = r.refusals.find((x) => x.code === 'SP-CH-002')!;
    expect(f.params).toEqual({ pair: ['A', 'B', 'C'].map((x) => join(dir, `Vocal Track ${x}.wav`)), familyUid: 'FAM123' });
  });

  it('refuses a pair whose lengths differ, with the numbers', async () => {
    const { dir, out } = setup();
    const pair = writePair(dir, 'Vox.L.wav', 'Vox.R.wav', { rightFrames: 4790 });
    writeAroundPair(dir, pair);
    const r = await pack({ inputs: [dir], output: out, artist: 'A' });
    expect(r.ok).toBe(false);
    const f = r.refusals.find((x) => x.code === 'SP-LEN-001')!;
    expect(f.path).toBe(join(dir, 'Vox.R.wav'));
    expect(f.params).toMatchObject({ expected: 4800, found: 4790, differenceFrames: -10 });
  });
});

describe('pack: attachments', () => {
  it('stores attachments under docs/ with media type and hash; refuses nested archives', async () => {
    const { dir, out, root } = setup();
    writeStemFolder(dir);
    const lyrics = join(root, 'lyrics.txt');
    writeFileSync(lyrics, 'la la la\n');
    const r = await pack({ inputs: [dir], output: out, artist: 'A', attachments: [lyrics] });
    expect(r.ok).toBe(true);
    expect(r.manifest!.attachments).toEqual([{ path: 'docs/lyrics.txt', mediaType: 'text/plain', sha256: sha(readFileSync(lyrics)), bytes: 9 }]);
    const yz = await readZipYauzl(out);
    expect(yz.at(-1)!.name).toBe('docs/lyrics.txt');
    const zipped = join(root, 'more.zip');
    writeFileSync(zipped, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    const bad = await pack({ inputs: [dir], output: out, artist: 'A', attachments: [zipped], force: true });
    expect(bad.refusals.map((f) => [f.code, f.path])).toEqual([['SP-ZIP-011', zipped]]);
  });
});

describe('pack: reproducibility over random stem sets', () => {
  it('packing the same random folder twice gives identical bytes and a valid manifest', async () => {
    const roles = ['Drums', 'Bass', 'Keys', 'Gtr', 'Strings', 'Brass', 'Vox', 'BV', 'FX'];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...roles), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(16, 24),
        fc.integer({ min: 2, max: 300 }),
        fc.integer({ min: 1, max: 1000 }),
        async (stems, bitDepth, frames, seed) => {
          const { dir, root } = setup();
          writeStemFolder(dir, { stems: stems.map((s) => `${s}.wav`), bitDepth, frames: frames * 2, seed });
          const a = join(root, 'a.stempack');
          const b = join(root, 'b.stempack');
          const ra = await pack({ inputs: [dir], output: a, artist: 'A', allow: ['SP-AUD-009', 'SP-LVL-004', 'SP-LVL-007'] });
          const rb = await pack({ inputs: [dir], output: b, artist: 'A', allow: ['SP-AUD-009', 'SP-LVL-004', 'SP-LVL-007'] });
          expect(ra.refusals).toEqual([]);
          expect(rb.ok).toBe(true);
          expect(sha(readFileSync(a))).toBe(sha(readFileSync(b)));
          const yz = await readZipYauzl(a);
          expect(parseManifest(yz[1]!.data).manifest).not.toBeNull();
          cleanup(root);
        },
      ),
      { numRuns: 12 },
    );
  });
});
