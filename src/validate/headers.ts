/**
 * Level 2, headers: every audio file's header, compared with the mix, the manifest and the
 * profile (spec §6, §10.2). Small bounded reads only.
 *
 * Cascade rules (one break, one code), the reference for each property named once:
 * - format (container class, sample format + depth, rate): each STEM is compared with the MIX
 *   (SP-AUD-003/004/005); the MIX alone is compared with the manifest `format` (SP-AUD-007)
 *   and with the `session` resolution (SP-AUD-006). A stem that differs from the mix gets the
 *   003/004/005 code only.
 * - length: SP-LEN-001 compares each stem with the mix (expected = the mix's frames); SP-LEN-002
 *   compares only the mix with the timeline length (the stems too, only when the mix is unreadable). A stem one frame short gives SP-LEN-001
 *   alone; a mix (and every stem with it) one frame off the timeline gives SP-LEN-002 alone.
 * - channels: SP-CH-001 compares each file with its manifest item; SP-CH-004 compares stems
 *   with the mix (a warning, mono stems are allowed to sum).
 * - when the MIX is the odd file (it differs from the manifest `format` or the timeline length
 *   and a stem agrees with the manifest), that stem is not reported against the mix: the mix's
 *   SP-AUD-007 / SP-LEN-002 names the break once.
 * - without a readable mix, each stem is compared with the manifest instead: SP-LEN-002
 *   (timeline), SP-AUD-007 (`format`), SP-AUD-006 (`session`).
 * - in folder mode without a mix, the first file is the reference; findings name it
 *   (`params.reference`) instead of "the mix".
 * - a file whose header cannot be read (null header) is skipped by every comparison.
 */
import type { AudioHeader } from '../model/audio.js';
import { finding } from '../model/finding.js';
import type { Manifest } from '../model/manifest.js';
import { framesToMs } from '../model/units.js';
import { readAudioHeader } from '../audio/read/header.js';
import { LAYOUT_CHANNELS } from '../manifest/semantics.js';
import { belowSession, containerClassOf as cls, extensionFits, extensionOf, formatName as fmtName, maskBreaks, popcount } from '../rules/index.js';
import { baseName, type AudioFile, type Ctx } from './context.js';

/** Read every audio header and run the header-level checks. */
export async function checkHeaders(ctx: Ctx): Promise<void> {
  for (const a of ctx.audio) {
    if (!a.src) continue;
    const r = await readAudioHeader(a.src);
    a.header = r.header;
    ctx.add(...r.findings);
  }
  const m = ctx.manifest;
  const files = ctx.audio.filter((a): a is AudioFile & { header: AudioHeader } => !!a.header);
  // the reference every stem is compared with: the mix; for loose files without a mix and
  // without a manifest (folder mode), the first file
  const mix = files.find((a) => a.isMix) ?? (m ? undefined : files[0]);
  const stems = files.filter((a) => a !== mix);

  for (const a of files) checkFile(ctx, a);

  if (mix) {
    // findings name the reference: "the mix", or the first file when there is no mix (folder mode)
    const refName = mix.isMix ? 'the mix' : mix.path;
    const ref = mix.header;
    // When the mix itself is the odd file (it breaks SP-AUD-007 or SP-LEN-002 while a stem agrees
    // with the manifest), that stem is not reported against the mix: the mix's finding names the break.
    const f = m?.format;
    const mixOdd = {
      container: !!f && cls(ref.container) !== f.container,
      format: !!f && (ref.encoding.sampleFormat !== f.sampleFormat || ref.encoding.bitsPerSample !== f.bitDepth),
      rate: !!f && ref.sampleRate !== f.sampleRate,
      frames: !!m && ref.frames !== m.timeline.length,
    };
    for (const s of stems) {
      const h = s.header;
      const fitsManifest = {
        container: mixOdd.container && cls(h.container) === f!.container,
        format: mixOdd.format && h.encoding.sampleFormat === f!.sampleFormat && h.encoding.bitsPerSample === f!.bitDepth,
        rate: mixOdd.rate && h.sampleRate === f!.sampleRate,
        frames: mixOdd.frames && h.frames === m!.timeline.length,
      };
      if (cls(h.container) !== cls(ref.container) && !fitsManifest.container) {
        ctx.add(finding('SP-AUD-003', s.path, { expected: cls(ref.container), found: cls(h.container), reference: mix.path }, `${s.path} is ${cls(h.container)}, ${refName} is ${cls(ref.container)}`));
      }
      if ((h.encoding.sampleFormat !== ref.encoding.sampleFormat || h.encoding.bitsPerSample !== ref.encoding.bitsPerSample) && !fitsManifest.format) {
        ctx.add(
          finding(
            'SP-AUD-004',
            s.path,
            { expected: fmtName(ref), found: fmtName(h), expectedBits: ref.encoding.bitsPerSample, foundBits: h.encoding.bitsPerSample, reference: mix.path },
            `${s.path} is ${fmtName(h)}, ${refName} is ${fmtName(ref)}`,
          ),
        );
      }
      if (h.sampleRate !== ref.sampleRate && !fitsManifest.rate) {
        ctx.add(finding('SP-AUD-005', s.path, { expected: ref.sampleRate, found: h.sampleRate, reference: mix.path }, `${s.path} is at ${h.sampleRate} Hz, ${refName} at ${ref.sampleRate} Hz`));
      }
      if (h.channels !== ref.channels) {
        ctx.add(finding('SP-CH-004', s.path, { expected: ref.channels, found: h.channels, reference: mix.path }, `${s.path} has ${h.channels} channel(s), ${refName} ${ref.channels}`));
      }
      if (h.frames !== ref.frames && !fitsManifest.frames) {
        const d = h.frames - ref.frames;
        ctx.add(
          finding(
            'SP-LEN-001',
            s.path,
            { expected: ref.frames, found: h.frames, differenceFrames: d, differenceMs: round3(framesToMs(d, ref.sampleRate)), reference: mix.path },
            `${s.path}: ${h.frames} frames, expected ${ref.frames} (${refName})`,
          ),
        );
      }
    }
    if (m) {
      if (ref.frames !== m.timeline.length) ctx.add(timelineFinding(mix, m));
      checkAgainstManifest(ctx, mix, m);
    }
  } else if (m) {
    // without a readable mix the manifest is the only reference left: each stem against the
    // timeline length (SP-LEN-002), the `format` (SP-AUD-007) and the session (SP-AUD-006), so
    // stems that differ from each other are still reported
    for (const st of stems) {
      if (st.header.frames !== m.timeline.length) ctx.add(timelineFinding(st, m));
      checkAgainstManifest(ctx, st, m);
    }
  }

  // bext on all or none; TimeReference = timeline start
  const withBext = files.filter((a) => a.header.bext);
  if (withBext.length > 0 && withBext.length < files.length) {
    for (const a of files) {
      if (!a.header.bext) ctx.add(finding('SP-START-002', a.path, { withBext: withBext.length, files: files.length }, `${a.path} has no bext chunk; ${withBext.length} other file(s) do`));
    }
  }
  // the start: the manifest timeline; without a manifest (folder mode) the mix's TimeReference, else
  // the first file's that has one, as the packer takes it. When the mix is off the manifest start,
  // a stem that starts with the mix is not reported again (the mix's finding names the break).
  const startRef = m ? undefined : (withBext.find((a) => a.isMix) ?? withBext[0]);
  const expected = m ? BigInt(m.timeline.start) : startRef?.header.bext!.timeReference;
  const mixTr = withBext.find((a) => a.isMix)?.header.bext!.timeReference;
  if (expected !== undefined) {
    for (const a of withBext) {
      const tr = a.header.bext!.timeReference;
      if (tr === expected || (m && !a.isMix && mixTr !== undefined && mixTr !== expected && tr === mixTr)) continue;
      const found = Number(tr);
      const exp = Number(expected);
      const what = startRef ? startRef.path : 'the timeline';
      ctx.add(
        finding(
          'SP-START-001',
          a.path,
          { expected: exp, found, ...(startRef ? { reference: startRef.path } : {}) },
          `${a.path} starts at TimeReference ${found}, ${what} at ${exp}`,
        ),
      );
    }
  }

  checkSplitMono(ctx, stems);
  checkProfile(ctx, files);
}

/** SP-LEN-002: a file's frames against the timeline length. */
function timelineFinding(a: AudioFile & { header: AudioHeader }, m: Manifest) {
  const d = a.header.frames - m.timeline.length;
  return finding(
    'SP-LEN-002',
    a.path,
    { expected: m.timeline.length, found: a.header.frames, differenceFrames: d, differenceMs: round3(framesToMs(d, m.timeline.sampleRate)) },
    `${a.path}: ${a.header.frames} frames, the timeline is ${m.timeline.length}`,
  );
}

/** SP-AUD-007 (the manifest `format` describes the file) and SP-AUD-006 (not below the session). */
function checkAgainstManifest(ctx: Ctx, a: AudioFile & { header: AudioHeader }, m: Manifest): void {
  const h = a.header;
  const f = m.format;
  const diffs: string[] = [];
  if (cls(h.container) !== f.container) diffs.push('container');
  if (h.encoding.sampleFormat !== f.sampleFormat) diffs.push('sampleFormat');
  if (h.encoding.bitsPerSample !== f.bitDepth) diffs.push('bitDepth');
  if (h.sampleRate !== f.sampleRate) diffs.push('sampleRate');
  if (diffs.length > 0) {
    ctx.add(
      finding(
        'SP-AUD-007',
        a.path,
        { fields: diffs, found: { container: cls(h.container), sampleFormat: h.encoding.sampleFormat, bitDepth: h.encoding.bitsPerSample, sampleRate: h.sampleRate } },
        `the manifest format does not describe ${a.path} (${diffs.join(', ')})`,
      ),
    );
  }
  if (belowSession(h, m.session)) {
    ctx.add(
      finding(
        'SP-AUD-006',
        a.path,
        { sessionSampleRate: m.session.sampleRate, sessionBitDepth: m.session.bitDepth, sampleRate: h.sampleRate, bitDepth: h.encoding.bitsPerSample },
        `${a.path} (${h.sampleRate} Hz, ${h.encoding.bitsPerSample}-bit) is below the session resolution (${m.session.sampleRate} Hz, ${m.session.bitDepth}-bit)`,
      ),
    );
  }
}

/** Per-file checks: extension, depth, rate, channels and frames vs the manifest, channel mask. */
function checkFile(ctx: Ctx, a: AudioFile & { header: AudioHeader }): void {
  const h = a.header;
  if (!extensionFits(h.container, a.path)) {
    const ext = extensionOf(a.path);
    ctx.add(finding('SP-AUD-008', a.path, { extension: ext, container: h.container }, `${a.path}: .${ext} extension on ${h.container} content`));
  }
  if (h.encoding.sampleFormat === 'int' && h.encoding.bitsPerSample < 24) {
    ctx.add(finding('SP-AUD-009', a.path, { bitDepth: h.encoding.bitsPerSample }, `${a.path} is ${h.encoding.bitsPerSample}-bit integer PCM`));
  }
  if (h.sampleRate < 44100) {
    ctx.add(finding('SP-AUD-011', a.path, { sampleRate: h.sampleRate }, `${a.path} is at ${h.sampleRate} Hz`));
  }
  const it = a.item;
  if (it) {
    if (it.channels !== h.channels) {
      ctx.add(finding('SP-CH-001', a.path, { expected: it.channels, found: h.channels }, `${a.path} has ${h.channels} channel(s), the manifest says ${it.channels}`));
    }
    if (it.frames !== h.frames) {
      ctx.add(finding('SP-MAN-009', a.path, { expected: it.frames, found: h.frames }, `${a.path} has ${h.frames} frames, the manifest says ${it.frames}`));
    }
  }
  const mask = h.channelMask;
  // the layout is compared only when it fits the channel count (otherwise that is SP-MAN-013 or SP-CH-001)
  const layoutFits = it !== undefined && it.channels === h.channels && LAYOUT_CHANNELS[it.layout] === h.channels;
  if (mask !== undefined && maskBreaks(mask, h.channels, layoutFits ? it.layout : undefined)) {
    ctx.add(
      finding('SP-CH-003', a.path, { mask, maskBits: popcount(mask), channels: h.channels, layout: it?.layout ?? null }, `${a.path}: channel mask 0x${mask.toString(16)} does not fit ${h.channels} channel(s)${it ? ` (${it.layout})` : ''}`),
    );
  }
}

/** Split-mono pairs among stems: `X.L`/`X.R`, `X_L`/`X_R`, `X-L`/`X-R` (case-insensitive), or an iXML file set (SP-CH-002). */
function checkSplitMono(ctx: Ctx, stems: (AudioFile & { header: AudioHeader })[]): void {
  const mono = stems.filter((s) => s.header.channels === 1);
  const key = (p: string): { stem: string; side: string } | null => {
    const b = baseName(p).replace(/\.[^.]+$/, '');
    const mm = /^(.*)[._ -](L|R|Left|Right)$/i.exec(b);
    return mm ? { stem: mm[1]!.toLowerCase(), side: mm[2]![0]!.toUpperCase() } : null;
  };
  const reported = new Set<string>();
  for (const a of mono) {
    const ka = key(a.path);
    if (!ka || ka.side !== 'L') continue;
    const partner = mono.find((b) => {
      const kb = key(b.path);
      return b !== a && kb !== null && kb.side === 'R' && kb.stem === ka.stem;
    });
    if (partner) {
      reported.add(a.path).add(partner.path);
      ctx.add(finding('SP-CH-002', a.path, { pair: [a.path, partner.path] }, `${a.path} and ${partner.path} are a split-mono pair`));
    }
  }
  const families = new Map<string, string[]>();
  for (const a of mono) {
    const fs = a.header.ixml?.fileSet;
    if (fs?.familyUid && (fs.totalFiles ?? 0) > 1 && !reported.has(a.path)) {
      const l = families.get(fs.familyUid) ?? [];
      l.push(a.path);
      families.set(fs.familyUid, l);
    }
  }
  for (const [uid, paths] of families) {
    if (paths.length < 2) continue;
    ctx.add(finding('SP-CH-002', paths[0]!, { pair: paths, familyUid: uid }, `${paths.join(', ')} are one iXML split-mono file set`));
  }
}

/** Profile rules: required roles (SP-PRO-002), allowed formats (SP-PRO-003), naming (SP-PRO-004). */
function checkProfile(ctx: Ctx, files: (AudioFile & { header: AudioHeader })[]): void {
  const p = ctx.profile;
  const m = ctx.manifest;
  if (m && p.requiredRoles) {
    for (const role of p.requiredRoles) {
      if (!m.stems.some((s) => s.role === role)) {
        ctx.add(finding('SP-PRO-002', '/stems', { role, profile: p.name }, `profile ${p.name} requires a stem of role ${role}`));
      }
    }
  }
  for (const a of files) {
    const h = a.header;
    const bad: string[] = [];
    if (p.allowedSampleRates && !p.allowedSampleRates.includes(h.sampleRate)) bad.push('sampleRate');
    if (p.minSampleRate !== undefined && h.sampleRate < p.minSampleRate) bad.push('sampleRate');
    if (p.allowedBitDepths && !p.allowedBitDepths.includes(h.encoding.bitsPerSample)) bad.push('bitDepth');
    if (p.minBitDepth !== undefined && h.encoding.sampleFormat === 'int' && h.encoding.bitsPerSample < p.minBitDepth) bad.push('bitDepth');
    if (p.allowedSampleFormats && !p.allowedSampleFormats.includes(h.encoding.sampleFormat)) bad.push('sampleFormat');
    if (p.allowedContainers && !p.allowedContainers.includes(cls(h.container))) bad.push('container');
    if (p.stemChannels !== undefined && !a.isMix && h.channels !== p.stemChannels) bad.push('channels');
    if (bad.length > 0) {
      const fields = [...new Set(bad)];
      ctx.add(
        finding(
          'SP-PRO-003',
          a.path,
          { fields, profile: p.name, sampleRate: h.sampleRate, bitDepth: h.encoding.bitsPerSample, sampleFormat: h.encoding.sampleFormat, container: cls(h.container), channels: h.channels },
          `${a.path}: ${fields.join(', ')} not allowed by profile ${p.name}`,
        ),
      );
    }
    if (p.namingPattern) {
      let re: RegExp | null = null;
      try {
        re = new RegExp(p.namingPattern, 'u');
      } catch {
        re = null; // an invalid pattern is a profile problem (SP-PRO-001), reported where the profile loads
      }
      const b = baseName(a.path);
      if (re && !re.test(b)) ctx.add(finding('SP-PRO-004', a.path, { pattern: p.namingPattern, name: b, profile: p.name }, `${b} does not match the naming pattern of profile ${p.name}`));
    }
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

