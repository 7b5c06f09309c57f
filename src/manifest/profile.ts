/**
 * Validation profiles (spec §10): loading and checking them, the built-in ones, applying
 * their severity overrides, and the thresholds in force.
 */
import { CODES } from '../model/codes.js';
import type { Code } from '../model/codes.js';
import { finding } from '../model/finding.js';
import type { Finding } from '../model/finding.js';
import type { Manifest } from '../model/manifest.js';
import type { Profile } from '../model/profile.js';
import { issuesToFindings, pointerToken, schemaIssues } from './format-errors.js';
import { DEFAULT_PROFILE } from './profiles/default.js';
import { MASTERING_PROFILE } from './profiles/mastering.js';
import { REMIX_PROFILE } from './profiles/remix.js';

/** The built-in profiles by name: `default`, `mastering`, `remix`. */
export const BUILTIN_PROFILES: Readonly<Record<string, Profile>> = {
  default: DEFAULT_PROFILE,
  mastering: MASTERING_PROFILE,
  remix: REMIX_PROFILE,
};

/** Null tolerance when neither profile nor manifest sets one (spec §8.3), dBFS. */
export const DEFAULT_NULL_TOLERANCE = -80;
/** Clipping run length at 48 kHz when the profile sets none (spec §7.1). */
export const DEFAULT_CLIP_RUN_FRAMES_48K = 12;
/** True-peak limit when the profile sets none (spec §7.2), dBTP. */
export const DEFAULT_MAX_TRUE_PEAK_DBTP = 0;

/** Result of {@link loadProfile}. */
export interface LoadedProfile {
  /** The profile, or null when it does not conform (then `findings` holds SP-PRO-001 errors). */
  profile: Profile | null;
  findings: Finding[];
}

/**
 * Load a profile: a built-in name, JSON text (starting with `{`), or an already parsed
 * value. Checks the schema and what the schema cannot say: severity keys are registered
 * codes, `namingPattern` compiles as an ECMAScript regular expression with the `u` flag.
 * All problems are SP-PRO-001 findings with JSON Pointer paths; `path` names the source.
 */
export function loadProfile(nameOrJson: string | unknown, path = 'profile'): LoadedProfile {
  let value: unknown = nameOrJson;
  if (typeof nameOrJson === 'string') {
    const text = nameOrJson.trim();
    if (!text.startsWith('{')) {
      const builtin = BUILTIN_PROFILES[text];
      if (builtin) return { profile: builtin, findings: [] };
      return {
        profile: null,
        findings: [
          finding('SP-PRO-001', path, { reason: 'unknown-profile', name: text, known: Object.keys(BUILTIN_PROFILES) }),
        ],
      };
    }
    try {
      value = JSON.parse(text);
    } catch {
      return { profile: null, findings: [finding('SP-PRO-001', path, { reason: 'json' })] };
    }
  }
  const issues = schemaIssues('profile', value);
  if (issues.length > 0) return { profile: null, findings: issuesToFindings(issues, 'SP-PRO-001') };
  const p = value as Profile;
  const findings: Finding[] = [];
  for (const code of Object.keys(p.severity ?? {})) {
    if (!(code in CODES)) {
      const at = `/severity/${pointerToken(code)}`;
      findings.push(finding('SP-PRO-001', at, { reason: 'unknown-code', code }));
    }
  }
  if (p.namingPattern !== undefined) {
    try {
      new RegExp(p.namingPattern, 'u');
    } catch {
      findings.push(finding('SP-PRO-001', '/namingPattern', { reason: 'regex', pattern: p.namingPattern }));
    }
  }
  return findings.length > 0 ? { profile: null, findings } : { profile: p, findings };
}

/**
 * Apply a profile's severities (spec §10.2): `requireNull: false` makes SP-NULL-001 a
 * warning, then each `severity` entry sets its code's severity and `off` drops its findings.
 * Returns new finding objects; the input is left as is.
 */
export function applySeverity(findings: readonly Finding[], profile: Profile): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    let sev: string = f.severity;
    if (f.code === 'SP-NULL-001' && profile.requireNull === false) sev = 'warning';
    const o = profile.severity?.[f.code];
    if (o !== undefined) sev = o;
    if (sev === 'off') continue;
    out.push(sev === f.severity ? f : ({ ...f, severity: sev } as Finding));
  }
  return out;
}

/** Null tolerance in force (spec §8.3): the profile's, else the manifest's, else -80 dBFS. */
export function nullToleranceInForce(profile: Profile | null, manifest: Manifest | null): number {
  return profile?.nullTolerance ?? manifest?.null?.tolerance ?? DEFAULT_NULL_TOLERANCE;
}

/** Clipping run length in frames at a sample rate (spec §7.1): ceil(n * rate / 48000). */
export function clipRunFrames(profile: Profile | null, sampleRate: number): number {
  const n = profile?.clipRunFrames48k ?? DEFAULT_CLIP_RUN_FRAMES_48K;
  return Math.max(1, Math.ceil((n * sampleRate) / 48000));
}

/** True when the profile names a code (for tools that must know an override exists). */
export function overrides(profile: Profile, code: Code): boolean {
  return profile.severity?.[code] !== undefined;
}
