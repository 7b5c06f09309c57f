/**
 * `pack`: turn a folder of stems and a mix into a `.stempack` package, refusing what the spec
 * forbids. Never modifies the inputs; same inputs give byte-identical packages; an interrupted
 * pack leaves nothing under the target name.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { severityOf, type Code } from '../model/codes.js';
import { finding, sortFindings, type Finding } from '../model/finding.js';
import type { Attachment, Layout, Manifest, Stem } from '../model/manifest.js';
import { SPEC_VERSION } from '../model/manifest.js';
import { openFileSource, FileSource } from '../io/file-source.js';
import { FileSink } from '../io/file-sink.js';
import { OutputExistsError } from '../io/atomic.js';
import { readAudioHeader } from '../audio/read/header.js';
import { analyzeFiles } from '../analysis/index.js';
import { levelFindings, nonFiniteFinding, normalisationFindings } from '../levels/index.js';
import { explainNull, nullFindings, type FrameAccess } from '../nullsum/index.js';
import { readFrames } from '../audio/read/blocks.js';
import { isNestedArchive, sessionFileKind } from '../container/names.js';
import { parseManifest } from '../manifest/parse.js';
import { checkManifestSemantics } from '../manifest/semantics.js';
import { scanInputs } from '../inputs/scan.js';
import { readInputs, planItems, checkEntries, entryFileName, type PlannedItem, type PlanOptions } from './plan.js';
import { isRole, notARole, shellQuote } from './role-overrides.js';
import { consistencyFindings, containerClass, bitDepthOf, layoutOf, timelineStart } from './consistency.js';
import { joinSplitMono } from './join.js';
import { mediaTypeOf, measureFile } from './attachments.js';
import { manifestBytes, manifestReserve, padManifest } from './manifest-json.js';
import { openStreamedPackage, writePackage, type PackageEntry, type StreamedPackage } from './write.js';
import { PackUsageError, type PackOptions, type PackResult } from './types.js';
import { splitExtension } from '../names/tokens.js';
import { applyOverrides, audioItem, createdTime, measuresOf, worstCaseMeasures, type ItemMeasures } from './manifest-build.js';
import { conformForPack, startHashing, type PackConformStep } from './conform-step.js';
import type { ByteSource } from '../model/byte-source.js';
import type { FileHashes } from '../conform/hash-files.js';

/** The cross-file codes conform answers for: not reported again for a file it refused (SP-PAK-002 says why). */
const CONFORMED_CODES: ReadonlySet<Code> = new Set<Code>(['SP-AUD-003', 'SP-AUD-004', 'SP-AUD-005', 'SP-AUD-006', 'SP-LEN-001', 'SP-LEN-002', 'SP-START-001', 'SP-START-002']);

/** The `generator` written into manifests. */
export const PACK_GENERATOR = 'stempack 0.1.0';

/** Default null tolerance, dBFS (spec §8.3). */
const DEFAULT_TOLERANCE = -80;

/** Warning codes pack reports but never refuses on: it cannot know whether an ISRC is assigned yet. */
const ADVISORY: ReadonlySet<Code> = new Set<Code>(['SP-MAN-012']);

/** The findings that make pack refuse: every error, every warning not allowed (and not advisory). */
export function refusalsOf(findings: readonly Finding[], allow: ReadonlySet<Code>): Finding[] {
  return findings.filter((f) => f.severity === 'error' || (f.severity === 'warning' && !allow.has(f.code) && !ADVISORY.has(f.code)));
}

/** The default layout for a channel count (no channel mask). */
export function layoutFor(channels: number): Layout {
  return layoutOf({ channels });
}

function checkOptions(o: PackOptions): void {
  if (!Array.isArray(o.inputs) || o.inputs.length === 0) throw new PackUsageError('no inputs given');
  if (typeof o.output !== 'string' || o.output === '') throw new PackUsageError('no output given');
  for (const c of o.allow ?? []) {
    let sev;
    try {
      sev = severityOf(c);
    } catch {
      throw new PackUsageError(`--allow ${String(c)}: not a requirement id`);
    }
    if (sev === undefined) throw new PackUsageError(`--allow ${String(c)}: not a requirement id`);
    if (sev === 'error') throw new PackUsageError(`--allow ${c}: ${c} is a MUST requirement and cannot be overridden`);
  }
  if (o.nullTolerance !== undefined && !(Number.isFinite(o.nullTolerance) && o.nullTolerance <= 0)) {
    throw new PackUsageError(`null tolerance must be a number of dBFS at or below 0, got ${o.nullTolerance}`);
  }
  if (o.created !== undefined && Number.isNaN(Date.parse(o.created))) throw new PackUsageError(`created: not a date-time: ${o.created}`);
  for (const [k, v] of Object.entries(o.roles ?? {})) if (!isRole(v)) throw new PackUsageError(`--role "${k}=${String(v)}": ${notARole(v)}`);
  for (const [k, v] of Object.entries(o.roleTable ?? {})) if (!isRole(v)) throw new PackUsageError(`roles table, key "${k}": ${notARole(v)}`);
}

/** The options the plan reads: the mix and the roles given, and what the roles-unclear hint repeats. */
function planOptions(o: PackOptions): PlanOptions {
  return {
    ...(o.mix !== undefined ? { mix: o.mix } : {}),
    ...(o.roles ? { roles: o.roles } : {}),
    ...(o.roleTable ? { roleTable: o.roleTable } : {}),
    ...(o.commandLine ? { commandLine: o.commandLine } : {}),
    inputs: o.inputs,
    output: o.output,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

interface AttachmentPlan {
  path: string;
  entry: string;
  bytes: number;
  sha256: string;
  crc32: number;
  mtimeMs: number;
}

async function planAttachments(paths: string[], findings: Finding[]): Promise<AttachmentPlan[]> {
  const out: AttachmentPlan[] = [];
  for (const p of paths) {
    const st = await stat(p);
    const name = basename(p);
    const daw = sessionFileKind(st.isDirectory() ? `${name}/` : name);
    if (daw !== null) {
      findings.push(finding('SP-SES-001', p, { daw, kind: st.isDirectory() ? 'bundle' : 'file' }));
      continue;
    }
    if (!st.isFile()) throw new PackUsageError(`attachment ${p} is not a file`);
    const src = await openFileSource(p);
    let head: Uint8Array;
    try {
      head = await src.read(0, 512);
    } finally {
      await src.close();
    }
    if (isNestedArchive(name, head)) {
      findings.push(finding('SP-ZIP-011', p, { entry: `docs/${name}` }));
      continue;
    }
    const m = await measureFile(p);
    out.push({ path: p, entry: `docs/${name}`, ...m, mtimeMs: st.mtimeMs });
  }
  return out;
}

/** Progress accounting across phases. */
function progressOf(o: PackOptions) {
  let done = 0;
  let total = 0;
  return {
    add(n: number) {
      total += n;
    },
    step(phase: string, n: number) {
      done += n;
      o.onProgress?.({ bytesDone: Math.min(done, total), bytesTotal: total, phase });
    },
  };
}

function baseResult(findings: Finding[], allow: ReadonlySet<Code>, partial: Partial<PackResult>): PackResult {
  const sorted = sortFindings(findings);
  return {
    ok: false,
    manifest: null,
    output: null,
    inferred: [],
    joined: [],
    ignored: [],
    conform: null,
    ...partial,
    findings: sorted,
    refusals: refusalsOf(sorted, allow),
  };
}

/** Knobs for tests, not part of the options: they change how pack writes, never what it decides. */
export interface PackInternals {
  /** Picks the manifest slot from the worst-case manifest length (default {@link manifestReserve}). */
  manifestReserve?: (bound: number) => number;
}

/**
 * Pack stems and a mix into a `.stempack`. Returns findings instead of throwing for anything
 * wrong with the inputs; throws {@link PackUsageError} for bad options, `OutputExistsError`
 * (code `EEXIST`) when the output exists without `force`, and I/O errors as they come.
 */
export async function pack(options: PackOptions, internals: PackInternals = {}): Promise<PackResult> {
  checkOptions(options);
  const allow = new Set<Code>(options.allow ?? []);
  const output = options.output;
  if (!options.force && (await exists(output))) throw new OutputExistsError(output);
  if (!(await exists(dirname(resolve(output))))) throw new PackUsageError(`the output folder ${dirname(resolve(output))} does not exist`);
  const findings: Finding[] = [];
  if (!output.endsWith('.stempack')) {
    findings.push(finding('SP-ZIP-003', output, { name: basename(output) }));
  }
  const ignored: string[] = [];
  const progress = progressOf(options);

  // 1. Scan and read headers.
  const outAbs = resolve(output);
  const attachAbs = new Set((options.attachments ?? []).map((p) => resolve(p)));
  let scanned = await scanInputs(options.inputs);
  if (options.mix !== undefined && !scanned.some((s) => resolve(s.path) === resolve(options.mix!))) {
    scanned.push(...(await scanInputs([options.mix])));
  }
  scanned = scanned.filter((s) => resolve(s.path) !== outAbs && !attachAbs.has(resolve(s.path)));
  const audio = await readInputs(scanned, findings, ignored);

  // 2. Plan: pairs, mix, roles, ids, entries; cross-file rules on headers.
  const plan = planItems(audio, planOptions(options), findings);
  const items = plan.items;
  const mix = items.find((i) => i.isMix) ?? null;
  const stems = items.filter((i) => !i.isMix);
  const tolerance = options.nullTolerance ?? options.manifest?.null?.tolerance ?? DEFAULT_TOLERANCE;
  // matched as applyOverrides matches them (by id or by entry path), so the null-sum uses the
  // gains the manifest will declare
  const gainOver = (id: string, entry: string): number => options.manifest?.stems?.find((s) => s.id === id || s.path === entry)?.gainDb ?? 0;

  // 2b. Conform (spec §5.5): repair what can be repaired without changing a sample value
  let conform: PackConformStep | null = null;
  if (options.conform && mix) {
    const entriesBefore = new Map(items.map((i) => [i, i.entry]));
    conform = await conformForPack(items, options.conform === true ? {} : options.conform, tolerance, (it) => gainOver(it.id, it.entry), findings);
    const renamed = items.filter((i) => i.entry !== entriesBefore.get(i));
    if (renamed.length > 0) {
      const clash: Finding[] = [];
      checkEntries(items.map((it) => ({ name: it.entry, path: it.path })), clash);
      findings.push(...clash.filter((f) => renamed.some((r) => r.path === f.path)));
    }
  }
  const ref = mix ?? stems[0];
  const overSession = options.manifest?.session;
  const session = ref
    ? {
        sampleRate: options.session?.sampleRate ?? overSession?.sampleRate ?? ref.header.sampleRate,
        bitDepth: options.session?.bitDepth ?? overSession?.bitDepth ?? bitDepthOf(ref.header),
      }
    : null;
  const consistency = consistencyFindings(items.map((i) => ({ path: i.path, fileName: entryFileName(i.name), isMix: i.isMix, header: i.header })), session);
  findings.push(...(conform ? consistency.filter((f) => !(conform!.refused.has(f.path) && CONFORMED_CODES.has(f.code))) : consistency));
  // an attachment that is not a file is a usage error: the originals conform opened close first
  const attachments = await planAttachments(options.attachments ?? [], findings).catch(async (e: unknown) => {
    await conform?.prepared.close();
    throw e;
  });
  checkEntries(attachments.map((a) => ({ name: a.entry, path: a.path })), findings);
  const artist = options.artist ?? options.manifest?.artist;
  if (artist === undefined || artist === '') {
    findings.push(finding('SP-MAN-002', '/artist', { reason: 'missing', field: 'artist', hint: '--artist NAME' }));
  }
  const joined = items
    .filter((i) => i.inputs.length === 2)
    .map((i) => ({ left: i.inputs[0]!.scan.path, right: i.inputs[1]!.scan.path, output: i.entry }));
  // the record is complete (with the originals' hashes) only once the package is written
  const conformResult = options.conform ? { record: null, repairs: conform?.repairs ?? [] } : null;
  const partial = { inferred: plan.inferred, joined, ignored, conform: conformResult };
  if (refusalsOf(findings, allow).length > 0 || !mix) {
    await conform?.prepared.close();
    return baseResult(findings, allow, { ...partial, samplesUnchecked: { command: await validateCommand(options) } });
  }

  // 3. Join split-mono pairs into a hidden temp folder beside the output; measure; write.
  const ordered = [mix, ...stems.sort((a, b) => (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0))];
  const conformed = conform?.files ?? new Map();
  const joinBytes = ordered.filter((i) => i.inputs.length === 2 && !conformed.has(i)).reduce((s, i) => s + i.header.dataSize, 0);
  const docBytes = attachments.reduce((s, a) => s + a.bytes, 0);
  // Estimated up front so the total does not jump; corrected once the joined files exist.
  const estimatedAudio = ordered.reduce((s, i) => s + (conformed.has(i) ? conformed.get(i)!.source.size : i.inputs.length === 1 ? i.inputs[0]!.scan.size : i.header.dataSize), 0);
  progress.add(joinBytes + estimatedAudio * 2 + docBytes);
  await removeStaleJoinDirs(dirname(outAbs));
  const tempDir = join(dirname(outAbs), `.stempack-join-${process.pid}-${randomBytes(6).toString('hex')}`);
  const sources: ByteSource[] = [];
  let writer: StreamedPackage | null = null;
  // the originals' SHA-256s for the record, read in a worker thread while the package is written
  let hashing: Promise<Map<string, FileHashes>> | null = null;
  try {
    const files: { item: PlannedItem; file: string | null }[] = [];
    for (const it of ordered) {
      if (conformed.has(it)) {
        files.push({ item: it, file: null });
        continue;
      }
      if (it.inputs.length === 1) {
        files.push({ item: it, file: it.inputs[0]!.scan.path });
        continue;
      }
      await mkdir(tempDir, { recursive: true });
      const file = join(tempDir, it.name);
      const [l, r] = [await openFileSource(it.inputs[0]!.scan.path), await openFileSource(it.inputs[1]!.scan.path)];
      const sink = await FileSink.open(file, 'w');
      try {
        await joinSplitMono({ src: l, header: it.inputs[0]!.header }, { src: r, header: it.inputs[1]!.header }, sink, (n) => progress.step('join', n));
      } finally {
        await sink.close();
        await l.close();
        await r.close();
      }
      const src = await openFileSource(file, it.path);
      try {
        const { header } = await readAudioHeader(src);
        if (!header) throw new Error(`split-mono join produced an unreadable file for ${it.path}`);
        it.header = header;
      } finally {
        await src.close();
      }
      files.push({ item: it, file });
    }
    for (const f of files) sources.push(f.file === null ? conformed.get(f.item)!.source : await openFileSource(f.file, f.item.path));
    if (conform && conformed.size > 0) hashing = startHashing(conform);
    const audioBytes = sources.reduce((s, x) => s + x.size, 0);
    progress.add((audioBytes - estimatedAudio) * 2);

    // 4. The manifest, from the measures of every file: built first with worst-case measures, to
    // reserve its room in the package before measuring, and again once measured.
    const busProcessing = options.busProcessing ?? options.manifest?.mixBusProcessing ?? false;
    const sr = mix.header.sampleRate;
    const mtimes = [...ordered.flatMap((i) => i.inputs.map((x) => x.scan.mtimeMs)), ...attachments.map((a) => a.mtimeMs)];
    const firstFolder = options.inputs.find((p) => scanned.some((s) => s.path.startsWith(p) && s.path !== p)) ?? options.inputs[0]!;
    const manifestFor = (measures: readonly ItemMeasures[], hashes: Map<string, FileHashes> | null): Manifest => {
      const record = conform?.record(hashes) ?? null;
      const mixItem = audioItem(mix, sources[0]!.size, measures[0]!);
      const stemItems: Stem[] = files.slice(1).map((f, i) => ({ ...audioItem(f.item, sources[i + 1]!.size, measures[i + 1]!), role: f.item.role }));
      const built: Manifest = {
        stempack: SPEC_VERSION,
        title: options.title ?? options.manifest?.title ?? basename(resolve(firstFolder)),
        artist: artist!,
        versionName: options.versionName ?? options.manifest?.versionName ?? splitExtension(mix.name)[0],
        ...(options.isrc !== undefined ? { isrc: options.isrc } : {}),
        ...(options.credits !== undefined ? { credits: options.credits } : {}),
        created: createdTime(options, mtimes),
        generator: PACK_GENERATOR,
        session: session!,
        timeline: { sampleRate: sr, start: timelineStart(ordered.map((i) => ({ path: i.path, fileName: i.name, isMix: i.isMix, header: i.header }))), length: mix.header.frames },
        format: { container: containerClass(mix.header), sampleFormat: mix.header.encoding.sampleFormat, bitDepth: bitDepthOf(mix.header), sampleRate: sr },
        mix: mixItem,
        stems: stemItems,
        mixBusProcessing: busProcessing,
        ...(options.nullTolerance !== undefined ? { null: { tolerance: options.nullTolerance } } : {}),
        ...(attachments.length > 0
          ? { attachments: attachments.map((a): Attachment => ({ path: a.entry, mediaType: mediaTypeOf(a.entry), sha256: a.sha256, bytes: a.bytes })) }
          : {}),
        ...(record ? { conform: record } : {}),
      };
      const final = applyOverrides(built, options.manifest);
      // the manifest declares what the null-sum was checked with: where an option and a --manifest
      // field disagree, the option wins in both places
      final.mixBusProcessing = busProcessing;
      if (options.nullTolerance !== undefined || options.manifest?.null?.tolerance !== undefined) final.null = { ...(final.null ?? {}), tolerance };
      return final;
    };
    const bound = manifestBytes(manifestFor(files.map(() => worstCaseMeasures(options.loudness === true)), null)).length;
    const reserve = (internals.manifestReserve ?? manifestReserve)(bound);

    // 5. Measure everything in one pass, writing each byte range straight to its place in the
    // package (mimetype, manifest slot, mix, stems in manifest order, docs) as the pass reads it.
    const attachmentEntries: PackageEntry[] = attachments.map((a) => ({ name: a.entry, path: a.path, size: a.bytes, crc32: a.crc32 }));
    writer = await openStreamedPackage(
      output,
      { force: options.force ?? false },
      reserve,
      files.map((f, i) => ({ name: f.item.entry, size: sources[i]!.size, ...(f.file !== null ? { path: f.file } : {}) })),
      attachmentEntries,
      (n) => progress.step('write', n),
    );
    const out = writer;
    const analysis = await analyzeFiles(
      files.map((f, i) => ({ path: f.item.path, src: sources[i]!, header: f.item.header })),
      {
        mixIndex: 0,
        tolerance,
        levels: options.loudness ? { truePeak: true, loudness: true } : { truePeak: 0, loudness: false },
        gainsDb: files.map((f) => (f.item.isMix ? 0 : gainOver(f.item.id, f.item.entry))),
        onProgress: (() => {
          let last = 0;
          return (d: number) => {
            progress.step('measure', d - last);
            last = d;
          };
        })(),
        onData: (i, offset, bytes) => out.data(i, offset, bytes),
        // a synchronous write into the page cache: about half the CPU time of a SHA-256 of the same bytes
        onDataCost: 0.5,
      },
    );
    // a file that shrank or grew while it was read: its measures and its copy would not match it
    await out.checkComplete();
    const hashes = hashing ? await hashing : null;
    let nonFinite = false;
    files.forEach((f, i) => {
      const lv = analysis.perFile[i]!.levels;
      if (!lv) return;
      // NaN or infinite float samples: an error (SP-AUD-012), so pack refuses the file
      const nf = nonFiniteFinding(lv, f.item.path, sr);
      if (nf) {
        findings.push(nf);
        nonFinite = true;
      }
      // a stem conform made dual mono has its identical channels on record (spec §7.4)
      findings.push(...levelFindings(lv, { path: f.item.path, sampleRate: sr, isStem: !f.item.isMix, dualMonoOnRecord: conform?.dualMono.has(f.item.path) ?? false }));
    });
    findings.push(
      ...normalisationFindings(
        files.flatMap((f, i) => {
          const lv = analysis.perFile[i]!.levels;
          return lv && !lv.silent ? [{ path: f.item.path, peakDbfs: lv.peakDbfs }] : [];
        }),
      ),
    );
    // with non-finite samples the residual means nothing: no null finding (spec §8.1)
    if (analysis.nullResult && !nonFinite) {
      findings.push(...nullFindings(analysis.nullResult, { path: mix.path, sampleRate: sr, mixBusProcessing: busProcessing, tolerance, stems: files.slice(1).map((f) => f.item.path) }));
      // refused on the null (SP-NULL-001): say why it fails, as validate does (SP-NULL-102: which
      // file is late, hot, inverted...), so the refusal names what to export again
      if (!analysis.nullResult.pass && !busProcessing) {
        findings.push(...(await explainNull(frameAccessOf(files.map((f, i) => ({ ...f, src: sources[i]! })), gainOver), analysis.nullResult)));
      }
    }

    // 6. The real manifest, padded with spaces to its reserved slot.
    const final = manifestFor(analysis.perFile.map(measuresOf), hashes);
    const mbytes = manifestBytes(final);
    const padded = padManifest(mbytes, reserve);
    // The result carries exactly what is written (same key order).
    const manifest = JSON.parse(new TextDecoder().decode(mbytes)) as Manifest;
    const parsed = parseManifest(padded ?? mbytes);
    const semantic = parsed.manifest ? checkManifestSemantics(parsed.manifest) : [];
    const manifestProblems = [...parsed.findings, ...semantic];
    const userFields = options.manifest !== undefined || options.isrc !== undefined || options.credits !== undefined || options.title !== undefined || options.versionName !== undefined;
    if (manifestProblems.some((f) => f.severity === 'error') && !userFields) {
      throw new Error(`pack built an invalid manifest: ${manifestProblems.map((f) => `${f.code} ${f.path} ${f.message}`).join('; ')}`);
    }
    findings.push(...manifestProblems);
    const done = { ...partial, manifest, ...(conformResult ? { conform: { ...conformResult, record: manifest.conform ?? null } } : {}) };
    // refused: the finally below removes the package's temp file
    if (refusalsOf(findings, allow).length > 0) return baseResult(findings, allow, done);

    // 7. Complete the package: head, local headers (CRC-32s), docs, central directory; commit.
    const crcs = analysis.perFile.map((a) => a.crc32!);
    if (padded) {
      await out.finish(padded, crcs);
    } else {
      // the manifest outgrew its slot (the bound is wrong): write the package again, the
      // two-pass way, with the manifest at its own length, so pack stays correct
      await out.abort();
      progress.add(audioBytes);
      const entries: PackageEntry[] = [...files.map((f, i) => ({ name: f.item.entry, src: sources[i]!, size: sources[i]!.size, crc32: crcs[i]! })), ...attachmentEntries];
      await writePackage(output, { force: options.force ?? false }, mbytes, entries, (n) => progress.step('write', n));
    }
    return baseResult(findings, allow, { ...done, ok: true, output });
  } finally {
    // no-op once committed; else nothing stays under the target name or beside it
    await writer?.abort();
    for (const s of sources) if (s instanceof FileSource) await s.close().catch(() => undefined);
    await conform?.prepared.close();
    await hashing?.catch(() => undefined);
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** `stempack validate <folder>` (with its --mix) when the inputs are one folder, which validate checks as pack would; else null. */
async function validateCommand(o: PackOptions): Promise<string | null> {
  if (o.inputs.length !== 1 || !(await stat(o.inputs[0]!).catch(() => null))?.isDirectory()) return null;
  return ['stempack', 'validate', o.inputs[0]!, ...(o.mix !== undefined ? ['--mix', o.mix] : [])].map(shellQuote).join(' ');
}

/** The files as the null forensics read them: the mix first, then the stems (input paths, so findings name the files given). */
function frameAccessOf(files: readonly { item: PlannedItem; src: ByteSource }[], gainOf: (id: string, entry: string) => number): FrameAccess {
  const [mix, ...stems] = files;
  return {
    frames: mix!.item.header.frames,
    sampleRate: mix!.item.header.sampleRate,
    channels: mix!.item.header.channels,
    mixPath: mix!.item.path,
    stems: stems.map((s) => ({ id: s.item.id, name: s.item.name, role: s.item.role, channels: s.item.header.channels, gainDb: gainOf(s.item.id, s.item.entry), path: s.item.path })),
    readMix: (start, count) => readFrames(mix!.src, mix!.item.header, start, count),
    readStem: (i, start, count) => readFrames(stems[i]!.src, stems[i]!.item.header, start, count),
  };
}

const JOIN_DIR = /^\.stempack-join-(\d+)-[0-9a-f]+$/;

/**
 * Remove split-mono join folders that a killed pack left beside its output (a SIGKILL cannot be
 * caught): those whose process no longer runs. Returns the folders removed.
 */
export async function removeStaleJoinDirs(dir: string): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = JOIN_DIR.exec(name);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
