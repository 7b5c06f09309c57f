/**
 * Conform as one call (Node): open the originals, measure what the plan needs, check moves
 * against the mix, decide; then give the conformed files as byte sources (for a packer to stream)
 * or hash the originals for the record.
 * @module
 */
import type { AudioHeader } from '../model/audio.js';
import { openFileSource, type FileSource } from '../io/file-source.js';
import { readAudioHeader } from '../audio/read/header.js';
import type { NullResult } from '../nullsum/null-sum.js';
import { FrameMap, type FrameInput } from './frames.js';
import { ConformedSource } from './source.js';
import { draftConform, finishConform, needsVerdicts, type Draft } from './plan.js';
import { measureItems } from './measure.js';
import { nullOfPlan, verifyStarts } from './verify.js';
import { hashFiles, type FileHashes } from './hash-files.js';
import type { ConformItem, ConformOptions, ConformPlan, FilePlan } from './types.js';

/** A decided conform with its originals open. Call {@link PreparedConform.close} when done. */
export interface PreparedConform {
  draft: Draft;
  plan: ConformPlan;
  /** The originals of every item, open, indexed like the items. */
  inputs: FileSource[][];
  /** The null of the conformed set, when asked for (null when the channels do not fit). */
  null?: NullResult | null;
  close(): Promise<void>;
}

/** Options of {@link prepareConform}. */
export interface PrepareOptions {
  /** Null tolerance of the start checks (dBFS, default -80). */
  tolerance?: number;
  /** Also compute the null of the whole conformed set (one more read of everything). */
  nullOfSet?: boolean;
}

/** Plan the conform of `items` (the mix among them): measure, check moves against the mix, decide. */
export async function prepareConform(items: readonly ConformItem[], options: ConformOptions = {}, run: PrepareOptions = {}): Promise<PreparedConform> {
  const inputs: FileSource[][] = [];
  const close = async (): Promise<void> => {
    for (const list of inputs) for (const s of list) await s.close().catch(() => undefined);
  };
  try {
    for (const it of items) {
      const list: FileSource[] = [];
      inputs.push(list);
      for (const s of it.sources) list.push(await openFileSource(s.path));
    }
    const frameInputs = (): FrameInput[][] => inputs.map((list, i) => list.map((src, k) => ({ src, header: items[i]!.sources[k]!.header })));
    const draft = draftConform(items, options);
    const measures = await measureItems(frameInputs(), draft.needs);
    const verdicts = needsVerdicts(draft) ? await verifyStarts(draft, frameInputs(), run.tolerance) : [];
    const plan = finishConform(draft, measures, verdicts);
    const out: PreparedConform = { draft, plan, inputs, close };
    if (run.nullOfSet && plan.refusals.length === 0) out.null = await nullOfPlan(plan, frameInputs(), run.tolerance);
    return out;
  } catch (e) {
    await close();
    throw e;
  }
}

/** A conformed file as a byte source, with the header a reader finds in it. */
export interface ConformedFile {
  plan: FilePlan;
  source: ConformedSource;
  header: AudioHeader;
}

/**
 * The conformed file of a changed file plan, as a byte source over its (open) originals. The
 * source does not own the originals: closing the prepared conform closes them.
 */
export async function conformedFile(p: PreparedConform, index: number): Promise<ConformedFile> {
  const fp = p.plan.files[index]!;
  if (!fp.changed || !fp.write) throw new RangeError(`${fp.item.path} is not changed by the plan`);
  const inputs = p.inputs[index]!.map((src, k) => ({ src, header: fp.item.sources[k]!.header }));
  const frames = new FrameMap({
    inputs,
    channelOp: fp.channelOp,
    channels: fp.channels,
    from: fp.from,
    to: fp.to,
    trimStart: fp.trimStart,
    kept: fp.kept,
    padStart: fp.padStart,
    padEnd: fp.padEnd,
  });
  const source = new ConformedSource(fp.item.path, frames, fp.write);
  const { header } = await readAudioHeader(source);
  if (!header) throw new Error(`conform: the conformed header of ${fp.item.path} does not read back`);
  if (header.frames !== fp.frames || header.dataOffset !== source.header.length) throw new Error(`conform: the conformed header of ${fp.item.path} does not describe its ${fp.frames} frames`);
  return { plan: fp, source, header };
}

/** The SHA-256s of every original of the changed files, by path (a worker thread does the reading). */
export async function hashOriginals(plan: ConformPlan): Promise<Map<string, FileHashes>> {
  const sources = plan.files.filter((f) => f.changed).flatMap((f) => f.item.sources);
  const unique = [...new Map(sources.map((s) => [s.path, s])).values()];
  const hashes = await hashFiles(unique.map((s) => ({ path: s.path, dataOffset: s.header.dataOffset, dataSize: s.header.dataSize })));
  const out = new Map<string, FileHashes>();
  unique.forEach((s, i) => {
    const h = hashes[i]!;
    if (h.bytes !== s.size) throw new Error(`${s.path}: the file changed while it was being conformed (${s.size} bytes when planned, ${h.bytes} now); conform again`);
    out.set(s.path, h);
  });
  return out;
}
