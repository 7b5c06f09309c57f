import { describe, expect, it } from 'vitest';
import type { Finding, Json } from '../../src/model/finding.js';

const P = (f: Finding) => f.params as { [k: string]: Json };
import { explainNull } from '../../src/nullsum/explain.js';
import { compress, lowShelf, makeSong, memoryAccess, mixOf, runNull, scale, shift, swapLR, type Stem } from './song.js';

const song = makeSong(7, 12);
const cleanMix = mixOf(song);

async function explain(mix: Float64Array, stems: Stem[]) {
  const result = runNull(song, mix, stems);
  const fs = await explainNull(memoryAccess(song, mix, stems), result);
  if (process.env['NULL_DEBUG']) console.log(JSON.stringify(fs.map((x) => x.params)));
  return { result, fs, f: fs[0] };
}

function withStem(i: number, s: Stem): Stem[] {
  return song.stems.map((x, j) => (j === i ? s : x));
}

describe('explainNull on broken songs', () => {
  it('clean package: null passes, no explanation', async () => {
    const { result, fs } = await explain(cleanMix, song.stems);
    expect(result.pass).toBe(true);
    expect(result.exact).toBe(true);
    expect(fs).toEqual([]);
  });

  for (const d of [1, 480, -37]) {
    it(`offset: lead ${d} samples late is found exactly`, async () => {
      const { result, fs, f } = await explain(cleanMix, withStem(3, shift(song.stems[3]!, song.frames, d)));
      expect(result.pass).toBe(false);
      expect(fs).toHaveLength(1);
      expect(f!.code).toBe('SP-NULL-102');
      expect(f!.params).toMatchObject({ kind: 'offset', stem: 'lead', lagFrames: d });
      expect(P(f!)['lagMs']).toBeCloseTo((d / 48), 3);
      expect(f!.path).toBe('stems/3-lead.wav');
      expect(P(f!)['residualAfterDbfs'] as number | null ?? -Infinity).toBeLessThan(-120);
    });
  }

  it('offset: drums (stereo) 480 samples late', async () => {
    const { f } = await explain(cleanMix, withStem(0, shift(song.stems[0]!, song.frames, 480)));
    expect(f!.params).toMatchObject({ kind: 'offset', stem: 'drums', lagFrames: 480 });
  });

  it('offset: mono bass 1 sample late', async () => {
    const { f } = await explain(cleanMix, withStem(1, shift(song.stems[1]!, song.frames, 1)));
    expect(f!.params).toMatchObject({ kind: 'offset', stem: 'bass', lagFrames: 1 });
  });

  it('polarity: inverted bass', async () => {
    const { fs, f } = await explain(cleanMix, withStem(1, scale(song.stems[1]!, -1)));
    expect(fs).toHaveLength(1);
    expect(f!.params).toMatchObject({ kind: 'polarity', stem: 'bass' });
    expect((P(f!)['residualAfterDbfs'] as number | null) ?? -Infinity).toBeLessThan(-120);
  });

  it('gain: keys printed 0.5 dB hot', async () => {
    const { f } = await explain(cleanMix, withStem(2, scale(song.stems[2]!, Math.pow(10, 0.5 / 20))));
    expect(f!.params).toMatchObject({ kind: 'gain', stem: 'keys' });
    expect(Math.abs((P(f!)['gainErrorDb'] as number) - 0.5)).toBeLessThanOrEqual(0.05);
  });

  it('swapped: lead stem left/right swapped', async () => {
    const lead = song.stems[3]!;
    const { f } = await explain(cleanMix, withStem(3, { ...lead, data: swapLR(lead.data) }));
    expect(f!.params).toMatchObject({ kind: 'swapped', stem: 'lead', swappedIn: 'stem' });
  });

  it('swapped: the mix left/right swapped', async () => {
    const { f } = await explain(swapLR(cleanMix), song.stems);
    expect(f!.params).toMatchObject({ kind: 'swapped', swappedIn: 'mix' });
    expect(P(f!)['stem']).toBeUndefined();
    expect(f!.path).toBe('mix/mix.wav');
  });

  it('mix-level faults: master fader at -1 dB, inverted mix', async () => {
    const a = await explain(cleanMix.map((v) => v * Math.pow(10, -1 / 20)), song.stems);
    expect(a.fs).toHaveLength(1);
    expect(a.f!.path).toBe('mix/mix.wav');
    expect(a.f!.params).toMatchObject({ kind: 'gain', in: 'mix' });
    expect(Math.abs((P(a.f!)['gainErrorDb'] as number) + 1)).toBeLessThanOrEqual(0.05);
    const b = await explain(cleanMix.map((v) => -v), song.stems);
    expect(b.f!.params).toMatchObject({ kind: 'polarity', in: 'mix' });
    expect(P(b.f!)['stem']).toBeUndefined();
  });

  it('missing: keys absent from the stems', async () => {
    const stems = song.stems.filter((s) => s.id !== 'keys');
    const { fs, f, result } = await explain(cleanMix, stems);
    expect(fs).toHaveLength(1);
    expect(f!.params).toMatchObject({ kind: 'missing' });
    const rms = P(f!)['residualRmsDbfs'] as number;
    expect(rms).toBeGreaterThan(-40);
    expect((P(f!)['ranges'] as unknown[]).length).toBeGreaterThan(0);
    expect(result.pass).toBe(false);
  });

  it('duplicate: lead delivered twice', async () => {
    const stems = [...song.stems, { ...song.stems[3]!, id: 'lead-copy', data: song.stems[3]!.data.slice() }];
    const { fs, f } = await explain(cleanMix, stems);
    expect(fs).toHaveLength(1);
    expect(f!.params).toMatchObject({ kind: 'duplicate', stem: 'lead-copy', duplicateOf: 'lead' });
  });

  it('duplicate: a stem whose content another stem already holds (counted twice, no twin)', async () => {
    const music = { id: 'music', channels: 2, gainDb: 0, data: new Float64Array(song.stems[2]!.data.length) };
    for (let k = 0; k < music.data.length; k++) music.data[k] = song.stems[2]!.data[k]! + song.stems[3]!.data[k]!;
    const stems = [song.stems[0]!, song.stems[1]!, song.stems[2]!, music];
    const { fs, f } = await explain(cleanMix, stems);
    expect(fs).toHaveLength(1);
    expect(f!.params).toMatchObject({ kind: 'duplicate', stem: 'keys' });
    expect(P(f!)['duplicateOf']).toBeUndefined();
  });

  it('manifest gains are honoured: an offset under non-zero gains is still exact', async () => {
    const stems = song.stems.map((s, i) => ({ ...s, gainDb: [-3, 1, 0, -6][i]! }));
    const mix = mixOf(song, stems);
    const broken = stems.map((s, i) => (i === 2 ? shift(s, song.frames, 5) : s));
    const result = runNull(song, mix, broken);
    const fs = await explainNull(memoryAccess(song, mix, broken), result);
    expect(P(fs[0]!)).toMatchObject({ kind: 'offset', stem: 'keys', lagFrames: 5 });
    const g = stems.map((s, i) => (i === 0 ? scale(s, Math.pow(10, -1.25 / 20)) : s));
    const fs2 = await explainNull(memoryAccess(song, mix, g), runNull(song, mix, g));
    expect(P(fs2[0]!)).toMatchObject({ kind: 'gain', stem: 'drums' });
    expect(Math.abs((P(fs2[0]!)['gainErrorDb'] as number) + 1.25)).toBeLessThanOrEqual(0.05);
  });

  it('bus-processing: compressed mix (level-dependent gain, no stem blamed)', async () => {
    const { fs, f } = await explain(compress(cleanMix, song.sampleRate), song.stems);
    expect(fs).toHaveLength(1);
    expect(f!.params).toMatchObject({ kind: 'bus-processing', relation: 'level-dependent', likely: 'compression' });
    expect(P(f!)['stem']).toBeUndefined();
    expect(f!.path).toBe('mix/mix.wav');
    expect(P(f!)['levelGainCorrelation'] as number).toBeLessThan(-0.5);
    expect(P(f!)['maxGainReductionDb'] as number).toBeGreaterThan(2);
  });

  it('bus-processing: EQ on the mix (spectrally shaped, band gains match the shelf)', async () => {
    const { fs, f } = await explain(lowShelf(cleanMix, song.sampleRate, 200, 3), song.stems);
    expect(fs).toHaveLength(1);
    expect(f!.params).toMatchObject({ kind: 'bus-processing', relation: 'spectral', likely: 'eq' });
    const bands = P(f!)['bandGainsDb'] as { fromHz: number; gainDb: number }[];
    expect(bands.find((b) => b.fromHz === 62.5)!.gainDb).toBeCloseTo(3, 0);
    expect(Math.abs(bands.find((b) => b.fromHz === 2000)!.gainDb)).toBeLessThan(0.2);
  });

  it('two faults at once: each gets its own explanation', async () => {
    const stems = song.stems.map((s, i) => (i === 3 ? shift(s, song.frames, 480) : i === 2 ? scale(s, -1) : s));
    const { fs } = await explain(cleanMix, stems);
    expect(fs.map((f) => [P(f)['kind'], P(f)['stem']]).sort()).toEqual([['offset', 'lead'], ['polarity', 'keys']]);
    expect(fs.find((f) => P(f)['kind'] === 'offset')!.params).toMatchObject({ lagFrames: 480 });
    const last = fs[fs.length - 1]!;
    expect((P(last)['residualAfterDbfs'] as number | null) ?? -Infinity).toBeLessThan(-120);
  });

  it('NaN samples in a stem never crash the forensics', async () => {
    const lead = song.stems[3]!;
    const bad = { ...lead, data: lead.data.slice() };
    bad.data[1000] = NaN;
    const { result, fs } = await explain(cleanMix, withStem(3, bad));
    expect(result.pass).toBe(false);
    expect(result.residualPeakDbfs).toBe(Infinity);
    expect(Array.isArray(fs)).toBe(true);
  });
});

describe('explainNull across songs and layouts', () => {
  for (const seed of [11, 12]) {
    const sg = makeSong(seed, 6);
    const mix = mixOf(sg);
    const run = async (m: Float64Array, stems: Stem[]) => {
      const fs = await explainNull(memoryAccess(sg, m, stems), runNull(sg, m, stems));
      expect(fs).toHaveLength(1);
      return P(fs[0]!);
    };
    it(`seed ${seed}: missing bass, compression, EQ cut`, async () => {
      expect(await run(mix, sg.stems.filter((s) => s.id !== 'bass'))).toMatchObject({ kind: 'missing', noiseLike: false });
      expect(await run(compress(mix, sg.sampleRate, -18, 2), sg.stems)).toMatchObject({ kind: 'bus-processing', relation: 'level-dependent' });
      expect(await run(lowShelf(mix, sg.sampleRate, 100, -1.5), sg.stems)).toMatchObject({ kind: 'bus-processing', relation: 'spectral' });
    });
  }

  it('white noise in the mix (a separately dithered mix) is missing and noise-like', async () => {
    const sg = makeSong(5, 4);
    const mix = mixOf(sg);
    let x = 12345;
    for (let k = 0; k < mix.length; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      mix[k] = mix[k]! + ((x / 4294967296) - 0.5) * 2 ** -12;
    }
    const fs = await explainNull(memoryAccess(sg, mix, sg.stems), runNull(sg, mix, sg.stems));
    expect(P(fs[0]!)).toMatchObject({ kind: 'missing', noiseLike: true });
  });

  it('six-channel and mono layouts: offsets found exactly', async () => {
    for (const C of [6, 1]) {
      const base = makeSong(21, 3);
      const frames = base.frames;
      const stems: Stem[] = base.stems.map((s, i) => {
        const ch = i === 1 ? 1 : C;
        const data = new Float64Array(frames * ch);
        for (let f = 0; f < frames; f++) {
          for (let c = 0; c < ch; c++) data[f * ch + c] = s.data[f * s.channels + (c % s.channels)]! * (1 - 0.1 * c);
        }
        return { ...s, channels: ch, data };
      });
      const sg = { ...base, channels: C, stems };
      const mix = mixOf(sg);
      const broken = stems.map((s, i) => (i === 3 ? shift(s, frames, 77) : s));
      const fs = await explainNull(memoryAccess(sg, mix, broken), runNull(sg, mix, broken), { maxLagSeconds: 0.1 });
      expect(P(fs[0]!)).toMatchObject({ kind: 'offset', stem: 'lead', lagFrames: 77 });
      const b2 = stems.map((s, i) => (i === 1 ? shift(s, frames, -3) : s));
      const fs2 = await explainNull(memoryAccess(sg, mix, b2), runNull(sg, mix, b2), { maxLagSeconds: 0.1 });
      expect(P(fs2[0]!)).toMatchObject({ kind: 'offset', stem: 'bass', lagFrames: -3 });
    }
  });
});
