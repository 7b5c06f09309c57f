/**
 * The cross-file rules a packer checks on headers alone, before reading any sample data:
 * same container class, sample format, bit depth, rate and length; resolution not below the
 * session; one timeline start; plus the SHOULD-level format advice. Pure functions.
 * @module
 */
import type { AudioHeader, ContainerClass } from '../model/audio.js';
import { finding, type Finding } from '../model/finding.js';
import type { Layout, Resolution } from '../model/manifest.js';
import { belowSession, containerClassOf, crossFileFindings, extensionFits, LAYOUT_MASKS, maskBreaks, popcount } from '../rules/index.js';

/** One audio file that goes into the package (after split-mono joining is planned). */
export interface PlannedAudio {
  /** Path named in findings. */
  path: string;
  /** The name the file will have in the package (base name). */
  fileName: string;
  isMix: boolean;
  header: AudioHeader;
}

/** The manifest container class of a header. */
export function containerClass(h: AudioHeader): ContainerClass {
  return containerClassOf(h.container);
}

/** Bit depth as the manifest gives it: the container bits per sample. */
export function bitDepthOf(h: AudioHeader): number {
  return h.encoding.bitsPerSample;
}

/**
 * Cross-file findings. The reference is the mix (or the first file when there is none):
 * every other file is compared with it, so each finding names the odd file with its numbers.
 * Ref: spec §6.2 (SP-AUD-003..006, 009, 011), §6.3 (SP-LEN-001), §6.4 (SP-START-001/002), §6.5 (SP-CH-004), §6.1 (SP-AUD-008).
 */
export function consistencyFindings(files: PlannedAudio[], session: Resolution | null): Finding[] {
  const out: Finding[] = [];
  if (files.length === 0) return out;
  const ref = files.find((f) => f.isMix) ?? files[0]!;
  const r = ref.header;
  // SP-AUD-003/004/005, SP-LEN-001, SP-CH-004, SP-START-001/002: the rules validate applies
  out.push(...crossFileFindings(files.map((f) => ({ path: f.path, isMix: f.isMix, header: f.header })), null));
  for (const f of files) {
    const h = f.header;
    if (session && belowSession(h, session)) {
      out.push(finding('SP-AUD-006', f.path, { sampleRate: h.sampleRate, bitDepth: bitDepthOf(h), sessionSampleRate: session.sampleRate, sessionBitDepth: session.bitDepth }));
    }
    if (h.encoding.sampleFormat === 'int' && bitDepthOf(h) < 24) {
      out.push(finding('SP-AUD-009', f.path, { bitDepth: bitDepthOf(h) }));
    }
    if (h.sampleRate < 44100) {
      out.push(finding('SP-AUD-011', f.path, { sampleRate: h.sampleRate }));
    }
    const ext = extensionOf(f.fileName);
    if (!extensionFits(h.container, f.fileName)) {
      out.push(finding('SP-AUD-008', f.path, { extension: ext, container: h.container }));
    }
    const mask = h.channelMask;
    if (mask !== undefined && maskBreaks(mask, h.channels)) {
      out.push(finding('SP-CH-003', f.path, { mask, maskBits: popcount(mask), channels: h.channels, layout: null }));
    }
    if (f !== ref && !f.isMix && ref.isMix && h.channels !== r.channels && h.channels !== 1) {
      // the null-sum (a MUST) cannot add this stem into the mix's channels (SP-CH-004 comes from the rules)
      out.push(finding('SP-REN-005', f.path, { stemChannels: h.channels, outputChannels: r.channels }));
    }
  }
  return out;
}


const LAYOUTS: Record<number, Layout> = { 1: 'mono', 2: 'stereo', 3: 'LCR', 4: 'quad', 5: '5.0', 6: '5.1', 8: '7.1' };

/**
 * The manifest layout of a file: the named layout of its channel count, unless a non-zero
 * channel mask says otherwise (then `discrete`, which accepts any one-bit-per-channel mask).
 */
export function layoutOf(h: Pick<AudioHeader, 'channels' | 'channelMask'>): Layout {
  const named = LAYOUTS[h.channels];
  if (!named) return 'discrete';
  const mask = h.channelMask;
  if (mask === undefined || mask === 0) return named;
  return LAYOUT_MASKS[named]!.includes(mask) ? named : 'discrete';
}

function extensionOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i >= 0 ? name.slice(i + 1).toLowerCase() : '';
}

/**
 * The timeline start: the TimeReference of the mix's bext (else the first file's that has one), 0 without bext.
 */
export function timelineStart(files: PlannedAudio[]): number {
  const withBext = files.filter((f) => f.header.bext !== undefined);
  const ref = withBext.find((f) => f.isMix) ?? withBext[0];
  return ref ? Number(ref.header.bext!.timeReference) : 0;
}
