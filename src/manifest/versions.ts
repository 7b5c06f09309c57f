/**
 * Alternate versions (spec §9.1, §9.2): the built-in versions and the resolution of a
 * version's rules into one gain per stem.
 */
import { finding } from '../model/finding.js';
import type { Finding } from '../model/finding.js';
import type { Manifest, Version, VersionRule } from '../model/manifest.js';

/** The roles the vocal versions act on. */
export const VOCAL_ROLES = ['vocals-lead', 'vocals-backing'] as const;

/** A built-in version: its rules depend on the manifest only for `a-cappella`. */
export interface BuiltinVersion {
  name: string;
  description: string;
  rules(m: Manifest): VersionRule[];
}

const isVocal = (role: string): boolean => (VOCAL_ROLES as readonly string[]).includes(role);

/**
 * The versions every package has when its manifest defines none (spec §9.1): `full`,
 * `instrumental`, `a-cappella`, `tv`, `vocals-up`, `vocals-down`.
 */
export const BUILTIN_VERSIONS: readonly BuiltinVersion[] = [
  { name: 'full', description: 'Every stem at its manifest gain: the mix.', rules: () => [] },
  {
    name: 'instrumental',
    description: 'Lead and backing vocals muted.',
    rules: () => VOCAL_ROLES.map((role) => ({ role, mute: true })),
  },
  {
    name: 'a-cappella',
    description: 'Every stem muted except lead and backing vocals.',
    rules: (m) => [...new Set(m.stems.map((s) => s.role))].filter((r) => !isVocal(r)).map((role) => ({ role, mute: true })),
  },
  { name: 'tv', description: 'Lead vocal muted; backing vocals kept.', rules: () => [{ role: 'vocals-lead', mute: true }] },
  {
    name: 'vocals-up',
    description: 'Lead and backing vocals 1 dB up.',
    rules: () => VOCAL_ROLES.map((role) => ({ role, gainDb: 1 })),
  },
  {
    name: 'vocals-down',
    description: 'Lead and backing vocals 1 dB down.',
    rules: () => VOCAL_ROLES.map((role) => ({ role, gainDb: -1 })),
  },
];

/**
 * The versions a package offers (spec §9.1): when the manifest defines versions, those, with
 * the built-in `full` first unless the manifest defines its own `full`; else the built-ins.
 */
export function availableVersions(m: Manifest): Version[] {
  const builtins = BUILTIN_VERSIONS.map((b) => ({ name: b.name, description: b.description, rules: b.rules(m) }));
  if (!m.versions || m.versions.length === 0) return builtins;
  return m.versions.some((v) => v.name === 'full') ? m.versions : [builtins[0]!, ...m.versions];
}

/** Result of {@link resolveVersion}. */
export interface ResolvedVersion {
  /** The version resolved, or null when the name is not one the package offers. */
  version: Version | null;
  /** Gain in dB per stem in manifest order; null = muted. Empty when `version` is null. */
  gains: (number | null)[];
  /** SP-REN-001 for rules of a manifest-defined or given version that match no stem. */
  findings: Finding[];
}

/**
 * Resolve a version into per-stem gains (spec §9.2): start from each stem's `gainDb`
 * (default 0); apply the rules in order; a rule matches a stem by `role` or by `stem` id;
 * a matching `gainDb` rule adds its dB; a matching `mute` rule mutes the stem.
 * A name is looked up in {@link availableVersions}; a `Version` object is used as given.
 * Rules of built-in versions that match no stem are not findings.
 */
export function resolveVersion(m: Manifest, which: string | Version): ResolvedVersion {
  const offered = availableVersions(m);
  const version = typeof which === 'string' ? (offered.find((v) => v.name === which) ?? null) : which;
  if (version === null) return { version: null, gains: [], findings: [] };
  const index = m.versions ? m.versions.indexOf(version) : -1;
  const builtin = typeof which === 'string' && index < 0;
  const base = index >= 0 ? `/versions/${index}` : `version:${version.name}`;

  const gains: (number | null)[] = [];
  const used = new Array<boolean>(version.rules.length).fill(false);
  for (const stem of m.stems) {
    let db = stem.gainDb ?? 0;
    let muted = false;
    version.rules.forEach((r, k) => {
      const hit = (r.role !== undefined && r.role === stem.role) || (r.stem !== undefined && r.stem === stem.id);
      if (!hit) return;
      used[k] = true;
      if (r.mute === true) muted = true;
      else if (r.gainDb !== undefined) db = db + r.gainDb;
    });
    gains.push(muted ? null : db);
  }

  const findings: Finding[] = [];
  if (!builtin) {
    version.rules.forEach((r, k) => {
      if (used[k]) return;
      const field = r.role !== undefined ? 'role' : 'stem';
      const value = (r.role ?? r.stem) as string;
      findings.push(
        finding('SP-REN-001', `${base}/rules/${k}/${field}`, { version: version.name, [field]: value }),
      );
    });
  }
  return { version, gains, findings };
}

/**
 * The spec's gain law `10^(dB/20)` per stem (IEEE double, exactly 1 for 0 dB); null stays
 * null: a muted stem is left out of the sum, not multiplied by 0.
 */
export function linearGains(gains: readonly (number | null)[]): (number | null)[] {
  return gains.map((db) => (db === null ? null : db === 0 ? 1 : Math.pow(10, db / 20)));
}
