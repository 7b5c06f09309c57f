// src/rules: the header-level rules pack and validate share (pure functions over headers).
import { describe, it, expect } from 'vitest';
import type { AudioHeader } from '../../src/model/audio.js';
import { belowSession, crossFileFindings, extensionFits, maskBreaks, type RuleFile } from '../../src/rules/index.js';

function header(over: Partial<AudioHeader> & { bits?: number; float?: boolean; tr?: number } = {}): AudioHeader {
  const { bits = 24, float = false, tr, ...rest } = over;
  return {
    container: 'wav',
    sampleRate: 48000,
    channels: 2,
    frames: 4800,
    encoding: { sampleFormat: float ? 'float' : 'int', bitsPerSample: bits, validBits: bits, byteOrder: 'le', unsigned8: false },
    ...(tr !== undefined ? { bext: { timeReference: BigInt(tr) } } : {}),
    ...rest,
  } as AudioHeader;
}
const file = (path: string, isMix: boolean, h: AudioHeader): RuleFile => ({ path, isMix, header: h });
const codes = (fs: { code: string; path: string }[]) => fs.map((f) => [f.code, f.path]);

describe('format rules', () => {
  it('extensions follow spec §6.1: .wav for the RIFF family, .aif/.aiff for AIFF, .aif/.aifc for AIFF-C', () => {
    expect(['wav', 'rifx', 'rf64', 'bw64'].map((c) => extensionFits(c as AudioHeader['container'], 'a/B.WAV'))).toEqual([true, true, true, true]);
    expect(['x.wave', 'x.bwf', 'x.rf64', 'x.aif'].map((n) => extensionFits('wav', n))).toEqual([false, false, false, false]);
    expect(['x.aif', 'x.aiff', 'x.aifc'].map((n) => extensionFits('aiff', n))).toEqual([true, true, false]);
    expect(['x.aif', 'x.aiff', 'x.aifc'].map((n) => extensionFits('aifc', n))).toEqual([true, false, true]);
  });

  it('channel masks: one bit per channel, and one of the layout masks when a layout is named', () => {
    expect(maskBreaks(undefined, 2)).toBe(false);
    expect(maskBreaks(0, 2, 'stereo')).toBe(false);
    expect(maskBreaks(0x3, 2, 'stereo')).toBe(false);
    expect(maskBreaks(0x7, 2)).toBe(true);
    expect(maskBreaks(0x6, 2, 'stereo')).toBe(true);
    expect(maskBreaks(0x6, 2, 'discrete')).toBe(false);
    expect(maskBreaks(0x60f, 6, '5.1')).toBe(false);
  });

  it('session resolution: a lower rate or fewer bits', () => {
    expect(belowSession(header(), { sampleRate: 48000, bitDepth: 24 })).toBe(false);
    expect(belowSession(header({ sampleRate: 44100 }), { sampleRate: 48000, bitDepth: 24 })).toBe(true);
    expect(belowSession(header({ bits: 16 }), { sampleRate: 48000, bitDepth: 24 })).toBe(true);
    expect(belowSession(header({ bits: 32, float: true }), { sampleRate: 48000, bitDepth: 24 })).toBe(false);
  });
});

describe('crossFileFindings', () => {
  it('with the session only (what a packer knows): a stem at a lower rate is SP-AUD-005 alone, the mix is checked against the session', () => {
    const fs = crossFileFindings([file('Mix.wav', true, header()), file('Bass.wav', false, header({ sampleRate: 44100 }))], { session: { sampleRate: 48000, bitDepth: 24 } });
    expect(codes(fs)).toEqual([['SP-AUD-005', 'Bass.wav']]);
    expect(fs[0]!.params).toEqual({ expected: 48000, found: 44100 });
  });

  it('loose files without a mix: the first file is the reference, named in params', () => {
    const fs = crossFileFindings([file('a.wav', false, header()), file('b.wav', false, header({ frames: 4790 }))], null);
    expect(fs).toMatchObject([{ code: 'SP-LEN-001', path: 'b.wav', params: { expected: 4800, found: 4790, differenceFrames: -10, reference: 'a.wav' } }]);
    expect(fs[0]!.message).not.toContain('the mix');
  });

  it('start: against the mix TimeReference without a timeline; bext on all or none', () => {
    const fs = crossFileFindings([file('m.wav', true, header({ tr: 100 })), file('a.wav', false, header({ tr: 100 })), file('b.wav', false, header({ tr: 148 })), file('c.wav', false, header())], null);
    expect(codes(fs)).toEqual([
      ['SP-START-002', 'c.wav'],
      ['SP-START-001', 'b.wav'],
    ]);
    expect(fs[1]!.params).toEqual({ expected: 100, found: 148 });
    // without a mix the first file with a bext is the start, named in params
    const nomix = crossFileFindings([file('a.wav', false, header({ tr: 100 })), file('b.wav', false, header({ tr: 148 }))], null);
    expect(nomix).toMatchObject([{ code: 'SP-START-001', path: 'b.wav', params: { expected: 100, found: 148, reference: 'a.wav' } }]);
  });

  it('the mix off the manifest while the stems agree: the mix alone is reported', () => {
    const facts = { format: { container: 'wav', sampleFormat: 'int', bitDepth: 24, sampleRate: 48000 }, timeline: { sampleRate: 48000, start: 0, length: 4800 } } as const;
    const fs = crossFileFindings([file('m.wav', true, header({ frames: 4801, bits: 32 })), file('a.wav', false, header()), file('b.wav', false, header())], facts);
    expect(codes(fs)).toEqual([
      ['SP-LEN-002', 'm.wav'],
      ['SP-AUD-007', 'm.wav'],
    ]);
  });
});
