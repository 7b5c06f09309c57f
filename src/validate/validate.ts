/**
 * `stempack validate` as a library: run the levels cheapest first (structure, headers, full),
 * never stopping early, and build the report (spec §12).
 */
import type { ByteSource } from '../model/byte-source.js';
import type { Finding } from '../model/finding.js';
import type { Profile } from '../model/profile.js';
import type { Report, ReportFile, ReportIgnored, ValidationLevel, NullSummary } from '../model/report.js';
import { dbForJson } from '../model/units.js';
import { applySeverity, BUILTIN_PROFILES, loadProfile } from '../manifest/profile.js';
import type { FileAnalysis } from '../analysis/analyze.js';
import { createSha256 } from '../analysis/hash.js';
import { createCtx, type Ctx } from './context.js';
import { checkStructure, type StructureSignatureOptions } from './structure.js';
import { checkHeaders } from './headers.js';
import { listFindings } from './finding-store.js';
import type { checkFull } from './full.js';

/** Tool name and version written into reports. */
export const TOOL = { name: 'stempack', version: '0.1.0' } as const;

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** How far to go (default `full`). */
  level?: ValidationLevel;
  /** A built-in profile name, profile JSON text, or a profile object (default `default`). */
  profile?: string | Profile;
  /** Run the null forensics even when the null passes. */
  explain?: boolean;
  /**
   * `findings` (default): measure what findings need (true peak only where a block could
   * reach the limit, no loudness) — fast; `all`: also loudness and the exact true peak of
   * every file for the report.
   */
  measure?: 'findings' | 'all';
  /** Progress of the full level: bytes of audio read, total. */
  onProgress?(done: number, total: number): void;
  /**
   * Compute `report.package.sha256` (spec §12): one more sequential read of every byte of the
   * package, at any level. Default false: the field is then null ("not computed").
   */
  hashPackage?: boolean;
  /**
   * Run the null-sum (default true). `false` skips it and its forensics (`report.null` is then
   * absent): for measuring what the null-sum costs (`npm run bench`), not for delivery checks.
   */
  nullSum?: boolean;
  /**
   * Signatures (spec §3.6, §3.7): detached signatures checked beside the package's own, and the
   * allowed signers whose keys are trusted (`stempack verify`). Without them every signature in
   * the package is still checked, and a verified one reported with its fingerprint.
   */
  signatures?: StructureSignatureOptions;
}

/** What to validate: a package as a byte source; `name` is its file name (for SP-ZIP-003 and the report). */
export interface ValidateInput {
  source: ByteSource;
  name?: string;
}

/** Validate a `.stempack` package. Never throws on bad input (only on I/O errors of the source). */
export async function validate(input: ValidateInput, opts: ValidateOptions = {}): Promise<Report> {
  const level = opts.level ?? 'full';
  const { profile, findings: profileFindings } = resolveProfile(opts.profile);
  const ctx = createCtx(profile);
  ctx.addAll(profileFindings);
  const src = input.source;
  await checkStructure(ctx, src, input.name, opts.signatures);
  if (level !== 'structure') await checkHeaders(ctx);
  let full: Awaited<ReturnType<typeof checkFull>> | undefined;
  if (level === 'full') {
    // loaded only for this level: the structure and headers levels start faster without the
    // analysis, levels and null-sum modules
    const { checkFull } = await import('./full.js');
    full = await checkFull(ctx, {
      ...(opts.explain !== undefined ? { explain: opts.explain } : {}),
      ...(opts.measure !== undefined ? { measure: opts.measure } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.nullSum === false ? { nullSum: false } : {}),
      zip: { src, entries: ctx.entries },
    });
  }
  const sha256 = opts.hashPackage ? await sourceSha256(src) : null;
  return buildReport(ctx, { path: input.name ?? src.name, bytes: src.size, sha256 }, level, full);
}

/** Bytes per read when hashing the whole package. */
const HASH_CHUNK = 4 << 20;

/** SHA-256 of a whole byte source, read sequentially in bounded chunks (lower-case hex). */
export async function sourceSha256(src: ByteSource): Promise<string> {
  const h = createSha256();
  for (let p = 0; p < src.size; ) {
    const b = await src.read(p, Math.min(HASH_CHUNK, src.size - p));
    if (b.length === 0) throw new Error(`${src.name}: read returned no bytes at ${p} of ${src.size}`);
    h.update(b);
    p += b.length;
  }
  return h.hex();
}

/** Resolve the profile option to a profile (falling back to `default` with SP-PRO-001 findings). */
export function resolveProfile(p: string | Profile | undefined): { profile: Profile; findings: Finding[] } {
  if (p === undefined) return { profile: BUILTIN_PROFILES['default']!, findings: [] };
  const loaded = loadProfile(p);
  return { profile: loaded.profile ?? BUILTIN_PROFILES['default']!, findings: loaded.findings };
}

/**
 * Assemble the report: profile severities applied, findings sorted, at most
 * MAX_FINDINGS_PER_CODE of a code listed (the last listed carries `params.more`, spec §12),
 * counts of every finding, files described.
 */
export function buildReport(
  ctx: Ctx,
  pkg: { path: string; bytes: number; sha256?: string | null },
  level: ValidationLevel,
  full?: { perFile: Map<string, FileAnalysis>; null?: NullSummary },
  ignored?: ReportIgnored[],
): Report {
  const { findings, counts } = listFindings(applySeverity(ctx.findings, ctx.profile), ctx.unlisted);
  const files: ReportFile[] = ctx.audio.map((a) => {
    const rf: ReportFile = { path: a.path };
    const it = a.item;
    if (it && 'role' in it) rf.role = String(it.role);
    if (it) rf.id = it.id;
    const h = a.header;
    if (h) {
      rf.container = h.container;
      rf.sampleFormat = h.encoding.sampleFormat;
      rf.bitDepth = h.encoding.bitsPerSample;
      rf.sampleRate = h.sampleRate;
      rf.channels = h.channels;
      rf.frames = h.frames;
    }
    const r = full?.perFile.get(a.path);
    if (r) {
      rf.sha256 = r.sha256;
      rf.audioSha256 = r.audioSha256;
      if (r.levels) {
        rf.peakDbfs = dbForJson(r.levels.peakDbfs);
        rf.truePeakDbtp = r.levels.truePeakDbtp === null ? null : dbForJson(r.levels.truePeakDbtp);
        rf.integratedLufs = r.levels.integratedLufs === null ? null : dbForJson(r.levels.integratedLufs);
        rf.loudnessRange = r.levels.loudnessRangeLu === null ? null : dbForJson(r.levels.loudnessRangeLu);
      }
    }
    return rf;
  });
  const report: Report = {
    stempackReport: '1.0',
    tool: { name: TOOL.name, version: TOOL.version },
    package: { path: pkg.path, bytes: pkg.bytes, sha256: pkg.sha256 ?? null },
    profile: ctx.profile.name,
    level,
    valid: counts.error === 0,
    counts,
    findings: findings.map((f) => {
      const o: Report['findings'][number] = { code: f.code, severity: f.severity, path: f.path, params: f.params as Report['findings'][number]['params'], message: f.message };
      if (f.at) o.at = f.at;
      return o;
    }),
    files,
  };
  if (ignored) report.ignored = ignored;
  if (full?.null) report.null = full.null;
  return report;
}
