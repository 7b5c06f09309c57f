import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pack, PackUsageError } from '../../src/pack/index.js';
import { workspaces, hashTree, writeStemFolder } from './fixtures.js';
import { encodeWav } from '../helpers/wav.js';

const setup = workspaces();

const codes = (fs: { code: string; path: string }[]) => fs.map((f) => [f.code, f.path]);

async function refused(opts: Parameters<typeof pack>[0]) {
  const r = await pack(opts);
  expect(r.ok).toBe(false);
  expect(r.output).toBeNull();
  expect(existsSync(opts.output)).toBe(false);
  return r;
}

describe('pack refuses what the spec forbids', () => {
  it('lengths that differ: SP-LEN-001 with frames, samples and ms', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { frames: 4800, tweak: (name, s) => { if (name === 'Bass.wav') s.samples = s.samples.slice(0, (4800 - 48) * 2); } });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    const f = r.refusals.find((x) => x.code === 'SP-LEN-001')!;
    expect(f.path).toBe(join(dir, 'Bass.wav'));
    expect(f.params).toEqual({ expected: 4800, found: 4752, differenceFrames: -48, differenceMs: -1 });
  });

  it('NaN or infinite float samples: SP-AUD-012 with counts and first frames, no null finding', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, {
      sampleFormat: 'float',
      tweak: (name, s) => {
        if (name !== 'Vox.wav') return;
        const x = Float64Array.from(s.samples); // a copy: the mix keeps the finite samples
        x[10 * 2 + 1] = NaN;
        x[20 * 2 + 0] = Infinity;
        x[30 * 2 + 1] = -Infinity;
        s.samples = x;
      },
    });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    const hits = r.refusals.filter((x) => x.code === 'SP-AUD-012');
    expect(hits.map((f) => [f.path, f.params, f.at?.frame, f.at?.channel])).toEqual([
      [join(dir, 'Vox.wav'), { total: 3, channels: [{ channel: 0, count: 1, firstFrame: 20 }, { channel: 1, count: 2, firstFrame: 10 }] }, 10, 1],
    ]);
    expect(r.findings.filter((f) => f.code.startsWith('SP-NULL-'))).toEqual([]);
  });

  it('a float folder with finite samples packs', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { sampleFormat: 'float' });
    const r = await pack({ inputs: [dir], output: out, artist: 'A' });
    expect(r.findings.filter((f) => f.code === 'SP-AUD-012')).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('mixed rates, bit depths and containers: SP-AUD-005, SP-AUD-004, SP-AUD-003', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, {
      stems: ['Drums.wav', 'Bass.wav', 'Keys.aif'],
      tweak: (name, s) => {
        if (name === 'Drums.wav') s.sampleRate = 44100;
        if (name === 'Bass.wav') {
          s.bitDepth = 16;
          s.samples = Int32Array.from(s.samples, (v) => v >> 8);
        }
        if (name === 'Keys.aif') s.container = 'aiff';
      },
    });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    expect(codes(r.refusals)).toEqual(expect.arrayContaining([
      ['SP-AUD-005', join(dir, 'Drums.wav')],
      ['SP-AUD-004', join(dir, 'Bass.wav')],
      ['SP-AUD-003', join(dir, 'Keys.aif')],
    ]));
    expect(r.refusals.find((f) => f.code === 'SP-AUD-005')!.params).toEqual({ expected: 48000, found: 44100 });
  });

  it('resolution below the declared session: SP-AUD-006', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { bitDepth: 24 });
    const r = await refused({ inputs: [dir], output: out, artist: 'A', session: { sampleRate: 96000, bitDepth: 24 } });
    expect(r.refusals.filter((f) => f.code === 'SP-AUD-006')).toHaveLength(4);
    expect(r.refusals.find((f) => f.code === 'SP-AUD-006')!.params).toMatchObject({ sampleRate: 48000, sessionSampleRate: 96000 });
  });

  it('TimeReference disagreement: SP-START-001 with both values', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { bext: 1000, tweak: (name, s) => { if (name === 'Vox.wav') s.bextTimeReference = 1480; } });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    const f = r.refusals.find((x) => x.code === 'SP-START-001')!;
    expect(f.path).toBe(join(dir, 'Vox.wav'));
    expect(f.params).toEqual({ expected: 1000, found: 1480 });
  });

  it('session files and bundle folders: SP-SES-001 naming each', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir);
    writeFileSync(join(dir, 'Song.als'), 'x');
    writeFileSync(join(dir, 'Song.ptx'), 'x');
    mkdirSync(join(dir, 'Song.logicx'));
    writeFileSync(join(dir, 'Song.logicx', 'data'), 'x');
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    expect(codes(r.refusals.filter((f) => f.code === 'SP-SES-001')).map((x) => x[1]).sort()).toEqual(
      [join(dir, 'Song.als'), join(dir, 'Song.logicx'), join(dir, 'Song.ptx')].sort(),
    );
  });

  it('archives among the inputs (a zip, another .stempack, a tar named .wav): SP-ZIP-011 naming each and its format', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir);
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'stems.zip'), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0]));
    writeFileSync(join(dir, 'old', 'Song v1.stempack'), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0]));
    const tar = new Uint8Array(1024);
    tar.set([0x75, 0x73, 0x74, 0x61, 0x72], 257);
    writeFileSync(join(dir, 'Keys.wav'), tar);
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    expect(r.refusals.filter((f) => f.code === 'SP-ZIP-011').map((f) => [f.path, (f.params as Record<string, unknown>)['format']])).toEqual([
      [join(dir, 'Keys.wav'), 'tar'],
      [join(dir, 'old', 'Song v1.stempack'), 'stempack package'],
      [join(dir, 'stems.zip'), 'ZIP'],
    ]);
    expect(r.ignored).toEqual([]);
  });

  it('lossy and non-PCM audio: SP-AUD-001 for MP3 (ID3 and frame sync), FLAC and A-law WAV', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir);
    writeFileSync(join(dir, 'Guitar.mp3'), new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]));
    writeFileSync(join(dir, 'Sax.mp3'), new Uint8Array([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]));
    writeFileSync(join(dir, 'Piano.flac'), new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0, 0, 0, 0x22]));
    writeFileSync(join(dir, 'Strings.wav'), encodeWav({ sampleRate: 48000, channels: 2, sampleFormat: 'int', bitDepth: 8, samples: new Int32Array(9600), formatTag: 6 }));
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    const aud = r.refusals.filter((f) => f.code === 'SP-AUD-001');
    expect(aud.map((f) => f.path).sort()).toEqual([join(dir, 'Guitar.mp3'), join(dir, 'Piano.flac'), join(dir, 'Sax.mp3'), join(dir, 'Strings.wav')].sort());
    expect(aud.find((f) => f.path.endsWith('Piano.flac'))!.params).toMatchObject({ format: 'FLAC' });
    expect(aud.find((f) => f.path.endsWith('Strings.wav'))!.params).toMatchObject({ reason: 'codec', formatTag: 6 });
  });

  it('a failing null without bus processing: SP-NULL-001; with busProcessing it packs', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { tweak: (name, s) => { if (name === 'Mix.wav') s.samples = Int32Array.from(s.samples as Int32Array, (v) => Math.round(v * 0.5)); } });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    expect(codes(r.refusals)).toEqual([['SP-NULL-001', join(dir, 'Mix.wav')]]);
    const ok = await pack({ inputs: [dir], output: out, artist: 'A', busProcessing: true });
    expect(ok.ok).toBe(true);
    expect(ok.manifest!.mixBusProcessing).toBe(true);
  });

  it('the written manifest declares what the null was checked with: options win over --manifest fields', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { tweak: (name, s) => { if (name === 'Mix.wav') s.samples = Int32Array.from(s.samples as Int32Array, (v) => Math.round(v * 0.5)); } });
    // the option says bus processing, the manifest says none: packed as checked, with bus processing
    const ok = await pack({ inputs: [dir], output: out, artist: 'A', busProcessing: true, manifest: { mixBusProcessing: false, null: { tolerance: -60 } }, nullTolerance: -70, force: true });
    expect(ok.ok).toBe(true);
    expect(ok.manifest!.mixBusProcessing).toBe(true);
    expect(ok.manifest!.null).toEqual({ tolerance: -70 });
    // a stem gain given by entry path is used by the null-sum too (a -6 dB drum stem no longer nulls)
    const byPath = await refused({ inputs: [dir], output: join(dirname(out), 'second.stempack'), artist: 'A', busProcessing: false, manifest: { stems: [{ path: ok.manifest!.stems[0]!.path, gainDb: -6 }] as never } });
    expect(codes(byPath.refusals).map(([c]) => c)).toContain('SP-NULL-001');
  });

  it('unclear roles are refused all at once, with a command line that gives them; --role overrides', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { stems: ['Kick and Bass.wav', 'Drums.wav', 'Track 7.wav'] });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    const unclear = r.refusals.filter((f) => f.code === 'SP-MAN-002');
    expect(unclear.map((f) => [f.path, f.params.reason])).toEqual([['/stems', 'roles-unclear']]);
    const p = unclear[0]!.params as { files: { path: string; key: string; candidates: string[] }[]; command: string; template: Record<string, string>; roles: string[] };
    expect(p.files.map((f) => [f.path, f.key, f.candidates])).toEqual([
      [join(dir, 'Kick and Bass.wav'), 'Kick and Bass.wav', ['drums', 'bass']],
      [join(dir, 'Track 7.wav'), 'Track 7.wav', []],
    ]);
    expect(p.command).toBe(`stempack pack ${dir} -o ${out} --role "Kick and Bass.wav=<role>" --role "Track 7.wav=<role>"`);
    expect(p.template).toEqual({ 'Kick and Bass.wav': '<role>', 'Track 7.wav': '<role>' });
    expect(p.roles).toContain('vocals-backing');
    expect(unclear[0]!.message).toContain('Kick and Bass.wav');
    expect(unclear[0]!.message).toContain('Track 7.wav');
    expect(r.inferred.filter((i) => i.ambiguous).map((i) => i.path)).toEqual([join(dir, 'Kick and Bass.wav'), join(dir, 'Track 7.wav')]);
    const ok = await pack({ inputs: [dir], output: out, artist: 'A', roles: { 'Kick and Bass': 'bass', 'track-7': 'other' } });
    expect(ok.refusals).toEqual([]);
    expect(ok.manifest!.stems.map((s) => [s.id, s.role])).toEqual([['drums', 'drums'], ['kick-and-bass', 'bass'], ['track-7', 'other']]);
  });

  it('the command line repeats the command as run (commandLine), quoted for a shell', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { stems: ['Audio 1.wav', 'Audio 2.wav', 'Drums.wav'] });
    const r = await refused({ inputs: [dir], output: out, artist: 'A', commandLine: ['stempack', 'pack', 'exports', '-o', 'Song.stempack', '--artist', 'The "Band"'] });
    const p = r.refusals.find((f) => f.code === 'SP-MAN-002' && f.params.reason === 'roles-unclear')!.params as { command: string };
    expect(p.command).toBe('stempack pack exports -o Song.stempack --artist "The \\"Band\\"" --role "Audio 1.wav=<role>" --role "Audio 2.wav=<role>"');
  });

  it('a role table (roles.json) gives roles by name, id or pattern; --role wins over it', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { stems: ['Audio 1.wav', 'Audio 2.wav', 'Audio 3.wav', 'Drums.wav'] });
    const roleTable = { 'audio 1.WAV': 'bass', 'Audio *': 'keys', 'audio-3': 'synths', 'Not Here.wav': 'fx' } as const;
    const r = await pack({ inputs: [dir], output: out, artist: 'A', roleTable, roles: { 'Audio 2': 'guitars' } });
    expect(r.refusals).toEqual([]);
    expect(r.manifest!.stems.map((s) => [s.id, s.role])).toEqual([['audio-1', 'bass'], ['audio-2', 'guitars'], ['audio-3', 'synths'], ['drums', 'drums']]);
    expect(r.inferred.map((i) => i.reason)).toEqual([
      'given: bass (roles table "audio 1.WAV")',
      'given: guitars (--role "Audio 2")',
      'given: synths (roles table "audio-3")',
      expect.stringContaining('drums'),
    ]);
    // a pattern overrides inference too
    const all = await pack({ inputs: [dir], output: out, artist: 'A', force: true, roleTable: { '*': 'other' } });
    expect(all.manifest!.stems.map((s) => s.role)).toEqual(['other', 'other', 'other', 'other']);
  });

  it('unknown roles and --role keys that name no stem are usage errors naming the key', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { stems: ['Audio 1.wav', 'Drums.wav'] });
    await expect(pack({ inputs: [dir], output: out, artist: 'A', roles: { 'Audio 1.wav': 'sax' as never } })).rejects.toThrow(/--role "Audio 1\.wav=sax": "sax" is not a role/);
    await expect(pack({ inputs: [dir], output: out, artist: 'A', roleTable: { 'Audio 1.wav': '<role>' as never } })).rejects.toThrow(/key "Audio 1\.wav": "<role>" is not a role/);
    await expect(pack({ inputs: [dir], output: out, artist: 'A', roles: { 'Audio 9.wav': 'bass' } })).rejects.toThrow(/--role "Audio 9\.wav=bass": no stem is named Audio 9\.wav/);
    await expect(pack({ inputs: [dir], output: out, artist: 'A', roles: { 'Mix.wav': 'bass' } })).rejects.toThrow(/Mix\.wav is the mix/);
    await expect(pack({ inputs: [dir], output: out, artist: 'A', roles: { 'Audio 1.wav': 'bass' } })).resolves.toMatchObject({ ok: true });
  });

  it('no mix found, or several: SP-MAN-002 asking for --mix; --mix picks it', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { mix: 'Song Print.wav' });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    expect(r.refusals.find((f) => f.path === '/mix')!.params).toMatchObject({ reason: 'mix-not-found' });
    const ok = await pack({ inputs: [dir], output: out, artist: 'A', mix: join(dir, 'Song Print.wav') });
    expect(ok.ok).toBe(true);
    expect(ok.manifest!.mix.path).toBe('mix/Song Print.wav');
  });

  it('allow overrides warnings only; an error code in allow is a usage error', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { bitDepth: 16 });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    expect(new Set(r.refusals.map((f) => f.code))).toEqual(new Set(['SP-AUD-009']));
    const ok = await pack({ inputs: [dir], output: out, artist: 'A', allow: ['SP-AUD-009'] });
    expect(ok.ok).toBe(true);
    expect(ok.findings.some((f) => f.code === 'SP-AUD-009')).toBe(true);
    await expect(pack({ inputs: [dir], output: out, artist: 'A', allow: ['SP-LEN-001'], force: true })).rejects.toBeInstanceOf(PackUsageError);
  });

  it('two files that would get the same entry name (case folding): SP-ZIP-009', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir);
    mkdirSync(join(dir, 'alt'));
    writeStemFolder(join(dir, 'alt'), { stems: ['drums.wav'], mix: null });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    expect(r.refusals.filter((f) => f.code === 'SP-ZIP-009').map((f) => f.params)).toEqual([{ kind: 'collision', other: 'stems/Drums.wav', entry: 'stems/drums.wav' }]);
  });

  it('a channel mask with more speakers than channels: SP-CH-003', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { tweak: (name, s) => { if (name === 'Drums.wav') { s.extensible = true; s.channelMask = 0x7; } } });
    const r = await refused({ inputs: [dir], output: out, artist: 'A' });
    expect(r.refusals.map((f) => [f.code, f.path, f.params])).toEqual([['SP-CH-003', join(dir, 'Drums.wav'), { mask: 7, maskBits: 3, channels: 2, layout: null }]]);
  });

  it('a stem whose channels cannot sum into the mix: SP-CH-004 and SP-REN-005; a mono stem only SP-CH-004', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir, { stems: ['Drums.wav', 'Bass.wav'] });
    const { encodeWav: enc } = await import('../helpers/wav.js');
    writeFileSync(join(dir, 'Strings.wav'), enc({ sampleRate: 48000, channels: 4, sampleFormat: 'int', bitDepth: 24, samples: new Int32Array(4800 * 4) }));
    writeFileSync(join(dir, 'Perc.wav'), enc({ sampleRate: 48000, channels: 1, sampleFormat: 'int', bitDepth: 24, samples: new Int32Array(4800) }));
    const r = await refused({ inputs: [dir], output: out, artist: 'A', allow: ['SP-CH-004', 'SP-LVL-004'] });
    expect(r.refusals.map((f) => [f.code, f.path])).toEqual([['SP-REN-005', join(dir, 'Strings.wav')]]);
  });

  it('a missing artist is refused (SP-MAN-002 /artist)', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir);
    const r = await refused({ inputs: [dir], output: out });
    expect(codes(r.refusals)).toEqual([['SP-MAN-002', '/artist']]);
  });
});

describe('pack writes atomically and never touches inputs', () => {
  it('refuses an existing target without force (kept intact), replaces it with force', async () => {
    const { dir, out } = setup();
    writeStemFolder(dir);
    writeFileSync(out, 'precious');
    await expect(pack({ inputs: [dir], output: out, artist: 'A' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readdirSync(join(out, '..')).sort()).toEqual(['out.stempack', 'stems']);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const r = await pack({ inputs: [dir], output: out, artist: 'A', force: true });
    expect(r.ok).toBe(true);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('the target does not exist until the package is complete, and a failed write leaves nothing', async () => {
    const { dir, out, root } = setup();
    writeStemFolder(dir);
    const before = hashTree(dir);
    const seen: boolean[] = [];
    const r = await pack({ inputs: [dir], output: out, artist: 'A', onProgress: (p) => { if (p.phase === 'write') seen.push(existsSync(out)); } });
    expect(r.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((x) => !x)).toBe(true);
    expect(hashTree(dir)).toEqual(before);
    // a failure during the write (the progress callback throws) aborts: no target, no temp files
    const out2 = join(root, 'second.stempack');
    await expect(pack({ inputs: [dir], output: out2, artist: 'A', onProgress: (p) => { if (p.phase === 'write') throw new Error('boom'); } })).rejects.toThrow('boom');
    expect(existsSync(out2)).toBe(false);
    expect(readdirSync(root).sort()).toEqual(['out.stempack', 'stems']);
  });
});
