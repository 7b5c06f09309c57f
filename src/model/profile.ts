/**
 * A validation profile (spec §10): thresholds and severity overrides a receiver reuses.
 * Types only; `schema/profile.schema.json` is the normative shape.
 */
import type { Role } from './manifest.js';

/** A severity a profile can give a code; `off` removes the code's findings. */
export type ProfileSeverity = 'error' | 'warning' | 'info' | 'off';

export interface Profile {
  /** Profile format version, `1.0`. */
  stempackProfile: string;
  /** Short name, e.g. `mastering`. */
  name: string;
  description?: string;
  /** Sample rates accepted (SP-PRO-003). */
  allowedSampleRates?: number[];
  /** Lowest sample rate accepted (SP-PRO-003). */
  minSampleRate?: number;
  /** Bit depths accepted (SP-PRO-003). */
  allowedBitDepths?: number[];
  /** Lowest bit depth accepted, for integer PCM only (SP-PRO-003). */
  minBitDepth?: number;
  allowedSampleFormats?: ('int' | 'float')[];
  allowedContainers?: ('wav' | 'aiff')[];
  /** Roles of which at least one stem must be present (SP-PRO-002). */
  requiredRoles?: Role[];
  /** Channel count every stem must have (SP-PRO-003), e.g. 2 for remix. */
  stemChannels?: number;
  /** Headroom limit for SP-LVL-002, dBFS: a peak at or above it is reported (default 0 dBFS). */
  maxPeakDbfs?: number;
  /** True-peak limit for SP-LVL-007, dBTP (default 0). */
  maxTruePeakDbtp?: number;
  /** Clipping run length at 48 kHz, scaled with the rate (default 12). */
  clipRunFrames48k?: number;
  /** Null tolerance, dBFS residual peak; overrides the manifest's. */
  nullTolerance?: number;
  /** When false, SP-NULL-001 is reported as a warning. */
  requireNull?: boolean;
  /** Regular expression (ECMAScript, `u` flag) every audio file's base name must match (SP-PRO-004). */
  namingPattern?: string;
  /** Severity overrides per code. */
  severity?: { [code: string]: ProfileSeverity };
  [ext: `x-${string}`]: unknown;
}
