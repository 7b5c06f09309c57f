/**
 * Header-level rules shared by the packer and the validator: pure functions over audio header
 * facts, importing only `model`, so that pack and validate judge a file the same way.
 * Ref: spec §6.1 (SP-AUD-008), §6.2 (container classes, SP-AUD-006/009/011), §6.5 (SP-CH-003).
 * @module
 */
import type { AudioHeader, Container, ContainerClass } from '../model/audio.js';
import { finding, type Finding } from '../model/finding.js';
import type { Layout } from '../model/manifest.js';

/** The manifest container class of a container: RIFF, RIFX, RF64 and BW64 are `wav`; AIFF and AIFF-C `aiff` (spec §6.2). */
export function containerClassOf(c: Container): ContainerClass {
  return c === 'aiff' || c === 'aifc' ? 'aiff' : 'wav';
}

/**
 * File name extensions that match each container (SP-AUD-008), lower case without the dot:
 * `.wav` for RIFF, RIFX, RF64 and BW64, `.aif`/`.aiff` for AIFF, `.aif`/`.aifc` for AIFF-C.
 * Ref: spec §6.1.
 */
export const EXTENSIONS_BY_CONTAINER: Readonly<Record<Container, readonly string[]>> = {
  wav: ['wav'],
  rifx: ['wav'],
  rf64: ['wav'],
  bw64: ['wav'],
  aiff: ['aif', 'aiff'],
  aifc: ['aif', 'aifc'],
};

/** Lower-case extension of a path's last segment, without the dot ('' when none). */
export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const i = base.lastIndexOf('.');
  return i > 0 ? base.slice(i + 1).toLowerCase() : '';
}

/** True when the file name's extension matches the container (SP-AUD-008). */
export function extensionFits(container: Container, path: string): boolean {
  return EXTENSIONS_BY_CONTAINER[container].includes(extensionOf(path));
}

/** WAVE_FORMAT_EXTENSIBLE channel masks each named layout accepts (SP-CH-003); `discrete` accepts any. Ref: spec §6.5. */
export const LAYOUT_MASKS: Readonly<Partial<Record<Layout, readonly number[]>>> = {
  mono: [0x4],
  stereo: [0x3],
  LCR: [0x7],
  quad: [0x33, 0x603],
  '5.0': [0x37, 0x607],
  '5.1': [0x3f, 0x60f],
  '7.1': [0x63f, 0xff],
};

/** Number of bits set in a 32-bit mask. */
export function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

/**
 * Whether a channel mask breaks SP-CH-003: a non-zero mask must have one bit per channel and,
 * when a named `layout` is given, be one of that layout's masks. A zero or absent mask is fine.
 */
export function maskBreaks(mask: number | undefined, channels: number, layout?: Layout): boolean {
  if (mask === undefined || mask === 0) return false;
  if (popcount(mask) !== channels) return true;
  const allowed = layout === undefined ? undefined : LAYOUT_MASKS[layout];
  return allowed !== undefined && !allowed.includes(mask);
}

/** `"<bits>-bit <int|float>"`: how findings name a sample format. */
export function formatName(h: Pick<AudioHeader, 'encoding'>): string {
  return `${h.encoding.bitsPerSample}-bit ${h.encoding.sampleFormat}`;
}

/**
 * Whether a file is below the session resolution (SP-AUD-006): a lower sample rate or fewer
 * container bits than the session's `bitDepth`. Ref: spec §6.2.
 */
export function belowSession(h: Pick<AudioHeader, 'sampleRate' | 'encoding'>, session: { sampleRate: number; bitDepth: number }): boolean {
  return h.sampleRate < session.sampleRate || h.encoding.bitsPerSample < session.bitDepth;
}

/**
 * The per-file format advice of spec §6.1/§6.2 on a header alone: the extension matches the
 * content (SP-AUD-008, checked on `fileName`, default `path`), integer PCM is 24-bit or deeper
 * (SP-AUD-009), the rate is 44.1 kHz or higher (SP-AUD-011). All warnings.
 */
export function formatAdviceFindings(path: string, h: Pick<AudioHeader, 'container' | 'encoding' | 'sampleRate'>, fileName: string = path): Finding[] {
  const out: Finding[] = [];
  if (!extensionFits(h.container, fileName)) {
    const ext = extensionOf(fileName);
    out.push(finding('SP-AUD-008', path, { extension: ext, container: h.container }));
  }
  if (h.encoding.sampleFormat === 'int' && h.encoding.bitsPerSample < 24) {
    out.push(finding('SP-AUD-009', path, { bitDepth: h.encoding.bitsPerSample }));
  }
  if (h.sampleRate < 44100) {
    out.push(finding('SP-AUD-011', path, { sampleRate: h.sampleRate }));
  }
  return out;
}
