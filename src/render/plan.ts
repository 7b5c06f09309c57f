/**
 * From a version plus command-line adjustments to one gain per stem (spec §9.2), and the
 * checks that decide whether a package can be rendered at all.
 */
import type { Finding } from '../model/finding.js';
import { finding } from '../model/finding.js';
import type { Manifest, Version } from '../model/manifest.js';
import { resolveVersion } from '../manifest/index.js';
import type { OpenedPackage } from '../package/open.js';
import type { RenderAdjustments } from './types.js';

/** The version with the adjustments applied, and the per-stem gains in dB (null = muted). */
export function planGains(m: Manifest, version: Version, adj: RenderAdjustments = {}): { version: Version; gains: (number | null)[]; findings: Finding[] } {
  const v: Version = adj.rules && adj.rules.length > 0 ? { ...version, rules: [...version.rules, ...adj.rules] } : version;
  const r = resolveVersion(m, v);
  // Rules of a built-in version that match no stem are not findings (spec §9.1); only rules the
  // manifest or the caller wrote are.
  const own = m.versions?.includes(version) ?? false;
  const skip = own ? 0 : version.rules.length;
  const findings = r.findings.filter((f) => Number(/\/rules\/(\d+)\//.exec(f.path)?.[1] ?? skip) >= skip);
  let gains = r.gains;
  if (adj.solo && adj.solo.length > 0) {
    const keep = new Set(adj.solo);
    gains = gains.map((g, i) => (keep.has(m.stems[i]!.role) || keep.has(m.stems[i]!.id) ? g : null));
  }
  return { version: v, gains, findings };
}

/**
 * SP-REN-006 (spec §9.3): a version other than `full` that mutes every stem renders digital
 * silence, and one that leaves every stem at its `full` gain renders the mix again; both are
 * rendered, with this warning, since a built-in version can do either on a package without the
 * roles it acts on (an a cappella of a song with no vocal role). `gains` are the version's
 * resolved gains (null: muted); `seconds` the render's length.
 */
export function versionEffectFinding(m: Manifest, version: Version, gains: readonly (number | null)[], adjusted: boolean, seconds: number): Finding | null {
  if (m.stems.length === 0) return null;
  const allMuted = gains.every((g) => g === null);
  const asFull = gains.every((g, i) => g !== null && g === (m.stems[i]!.gainDb ?? 0));
  if (!allMuted && (!asFull || (version.name === 'full' && !adjusted))) return null;
  const roles = [...new Set(m.stems.map((s) => String(s.role)))];
  const p = {
    version: version.name,
    effect: allMuted ? ('silence' as const) : ('same-as-full' as const),
    stems: m.stems.length,
    roles,
    seconds: Math.round(seconds * 1000) / 1000,
    ...(version.description !== undefined ? { description: version.description } : {}),
  };
  return finding('SP-REN-006', `version:${version.name}`, p);
}

/**
 * Whether the package's audio can be summed: every stem and the mix decodable, the same rate
 * and frame count, each stem mono or of the mix's channel count. Findings use the spec's codes.
 */
export function renderability(pkg: OpenedPackage): Finding[] {
  const out: Finding[] = [];
  const m = pkg.manifest;
  if (!m) return pkg.findings.filter((f) => f.severity === 'error');
  const mix = pkg.audio[0];
  if (!mix?.header || !mix.source) {
    out.push(finding('SP-MAN-003', m.mix.path, {}));
    return out;
  }
  for (const a of pkg.audio.slice(1)) {
    const h = a.header;
    if (!a.source || !h) {
      out.push(finding('SP-MAN-003', a.item.path, {}));
      continue;
    }
    if (!h.lossless) out.push(finding('SP-AUD-001', a.item.path, { reason: 'codec', codec: h.codecName }));
    if (h.sampleRate !== mix.header.sampleRate)
      out.push(finding('SP-AUD-005', a.item.path, { expected: mix.header.sampleRate, found: h.sampleRate }));
    if (h.frames !== mix.header.frames) {
      const d = h.frames - mix.header.frames;
      out.push(
        finding('SP-LEN-001', a.item.path, { expected: mix.header.frames, found: h.frames, differenceFrames: d, differenceMs: (d / mix.header.sampleRate) * 1000 }),
      );
    }
    if (h.channels !== mix.header.channels && h.channels !== 1)
      out.push(finding('SP-REN-005', a.item.path, { stemChannels: h.channels, outputChannels: mix.header.channels }));
  }
  return out;
}
