/**
 * The manifest `stempack.json` (spec §5). Types only; `schema/manifest.schema.json` is the
 * normative shape and must stay in step with these types.
 */

/** Controlled role vocabulary (spec §5.4), plus `x-` extensions. */
export const ROLES = [
  'drums', 'percussion', 'bass', 'guitars', 'keys', 'synths', 'strings', 'brass',
  'woodwinds', 'vocals-lead', 'vocals-backing', 'fx', 'ambience', 'other',
] as const;
export type Role = (typeof ROLES)[number] | `x-${string}`;

/** The spec version this code implements. */
export const SPEC_VERSION = '1.1.0';
/** The media type stored in the `mimetype` entry. */
export const MIMETYPE = 'application/vnd.stempack+zip';
export const MANIFEST_NAME = 'stempack.json';

export type Layout = 'mono' | 'stereo' | 'LCR' | 'quad' | '5.0' | '5.1' | '7.1' | 'discrete';

export interface Resolution {
  sampleRate: number;
  bitDepth: number;
}

export interface Timeline {
  sampleRate: number;
  /** BWF TimeReference of the first frame: frames since midnight. */
  start: number;
  /** Length in frames. */
  length: number;
}

export interface Format {
  /** `wav` (RIFF, RF64, BW64, RIFX) or `aiff` (AIFF, AIFF-C). */
  container: 'wav' | 'aiff';
  sampleFormat: 'int' | 'float';
  bitDepth: number;
  sampleRate: number;
}

/** Optional measured loudness figures (spec §7.5). */
export interface Loudness {
  /** Integrated loudness in LUFS, null below the absolute gate. */
  integrated: number | null;
  /** Loudness range in LU. */
  range: number | null;
  /** True peak in dBTP, null for silence. */
  truePeak: number | null;
}

/** An audio file in the package: the mix or a stem. */
export interface AudioItem {
  id: string;
  name: string;
  path: string;
  channels: number;
  layout: Layout;
  /** SHA-256 of the whole file, lowercase hex. */
  sha256: string;
  /** SHA-256 of the sample data bytes alone, lowercase hex. */
  audioSha256: string;
  bytes: number;
  frames: number;
  /** Sample peak over all channels in dBFS, rounded to 0.01 dB; null for digital silence. */
  peak: number | null;
  loudness?: Loudness;
  [ext: `x-${string}`]: unknown;
}

export interface Stem extends AudioItem {
  role: Role;
  /** Gain at which the stem sums into the mix, dB (default 0: unity). */
  gainDb?: number;
}

/** One rule of an alternate version: exactly one of role/stem, exactly one of gainDb/mute. */
export interface VersionRule {
  role?: Role;
  stem?: string;
  gainDb?: number;
  mute?: boolean;
}

export interface Version {
  name: string;
  description?: string;
  rules: VersionRule[];
}

export interface Attachment {
  path: string;
  mediaType: string;
  sha256: string;
  bytes: number;
  description?: string;
}

export interface Credit {
  name: string;
  role: string;
}

export interface Manifest {
  stempack: string;
  title: string;
  artist: string;
  /** Mix version name, e.g. "Main Mix v3". */
  versionName: string;
  isrc?: string;
  credits?: Credit[];
  /** RFC 3339 date-time. */
  created: string;
  generator: string;
  session: Resolution;
  timeline: Timeline;
  format: Format;
  mix: AudioItem;
  stems: Stem[];
  /** True when the mix carries mix-bus processing the stems do not. */
  mixBusProcessing: boolean;
  null?: { tolerance: number };
  versions?: Version[];
  attachments?: Attachment[];
  [ext: `x-${string}`]: unknown;
}
