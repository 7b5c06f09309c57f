/**
 * Conform's text for people: one line per repair ("guitar.wav: padded 47,520 frames (0.99 s)
 * of silence at the end"), one per refusal with the reason and what to export again, and the
 * plan `stempack conform --plan` prints. Deterministic, no colour.
 * @module
 */
import { groupDigits, timeReferenceToTimecode } from '../model/units.js';
import type { ConformOperation, ConformRecord } from '../model/manifest.js';
import type { ParamsOf } from '../model/finding.js';
import { messageFor } from '../model/messages.js';
import type { NullResult } from '../nullsum/null-sum.js';
import { fileName } from './record.js';
import type { ConformPlan, ConformRefusal, FilePlan, StartVerdict } from './types.js';

const frames = (n: number, rate: number): string => `${groupDigits(n)} frame${n === 1 ? '' : 's'} (${(n / rate).toFixed(2)} s)`;
const db = (x: number): string => (x === -Infinity ? 'exact' : `${x.toFixed(2)} dBFS`);

function depth(f: { sampleFormat: string; bitDepth: number }): string {
  return `${f.bitDepth}-bit ${f.sampleFormat === 'int' ? 'integer' : 'float'}`;
}

function containerName(c: string): string {
  return c === 'aiff' ? 'AIFF' : c === 'aifc' ? 'AIFF-C' : c === 'rifx' ? 'RIFX' : c === 'rf64' ? 'RF64' : c === 'bw64' ? 'BW64' : 'WAV';
}

/** The display name of a file plan: its file, or both files of a split-mono pair. */
export function displayName(f: FilePlan): string {
  return f.item.sources.length === 2 ? `${fileName(f.item.sources[0]!.path)} + ${fileName(f.item.sources[1]!.path)}` : fileName(f.item.path);
}

/** One line per operation of a file. */
export function operationLines(name: string, ops: readonly ConformOperation[], rate: number, opts: { storedAs?: string; verdict?: StartVerdict; dropped?: readonly string[] } = {}): string[] {
  const out: string[] = [];
  for (const o of ops) {
    switch (o.op) {
      case 'join':
        out.push(`${name}: joined into one stereo file${opts.storedAs ? ` (${opts.storedAs})` : ''}`);
        break;
      case 'dualMono':
        out.push(`${name}: mono duplicated into two identical channels (dual mono)`);
        break;
      case 'format': {
        const widen = o.from.sampleFormat === o.to.sampleFormat;
        out.push(`${name}: ${widen ? `widened from ${depth(o.from)} to ${o.to.bitDepth}-bit` : `${depth(o.from)} stored as ${depth(o.to)}`} (every sample value exact)`);
        break;
      }
      case 'container':
        out.push(
          `${name}: ${containerName(o.from.container)} samples rewritten as ${containerName(o.to.container)} (${o.from.byteOrder === o.to.byteOrder ? 'container only' : 'byte order only'})${opts.storedAs && opts.storedAs !== name ? `, stored as ${opts.storedAs}` : ''}`,
        );
        break;
      case 'trim':
        if (o.start > 0) out.push(`${name}: trimmed ${frames(o.start, rate)} of digital silence at the start`);
        if (o.end > 0) out.push(`${name}: trimmed ${frames(o.end, rate)} of digital silence at the end`);
        break;
      case 'pad':
        if (o.start > 0) out.push(`${name}: padded ${frames(o.start, rate)} of silence at the start`);
        if (o.end > 0) out.push(`${name}: padded ${frames(o.end, rate)} of silence at the end`);
        break;
      case 'timeReference': {
        const t = (x: number) => `${groupDigits(x)} (${timeReferenceToTimecode(x, rate)})`;
        if (o.samplesKept) {
          const v = opts.verdict;
          const why = v ? ` (null moved ${db(v.moved.peakDbfs)}, in place ${db(v.kept.peakDbfs)})` : '';
          out.push(`${name}: TimeReference ${o.from === null ? 'none' : t(o.from)} disagreed with audio that already nulls${why}: rewritten to ${o.to === null ? 'none' : t(o.to)}, samples left where they are`);
        } else if (o.from === null) out.push(`${name}: TimeReference set to ${t(o.to!)} (taken to start at the session start)`);
        else if (o.to === null) out.push(`${name}: TimeReference ${t(o.from)} dropped (the container has no bext chunk)`);
        else out.push(`${name}: TimeReference ${t(o.from)} rewritten to the common start ${t(o.to)}`);
        break;
      }
    }
  }
  if (opts.dropped && opts.dropped.length > 0) out.push(`${name}: chunks not carried over: ${opts.dropped.join(', ')}`);
  return out;
}

/** The repair lines of a plan (changed files in order, refused ones left out). */
export function repairLines(plan: ConformPlan): string[] {
  const refused = new Set(plan.refusals.map((r) => r.path));
  return plan.files.flatMap((f, i) =>
    f.changed && !refused.has(f.item.path)
      ? operationLines(displayName(f), f.operations, plan.sampleRate, {
          ...(f.name !== fileName(f.item.path) || f.item.sources.length === 2 ? { storedAs: f.name } : {}),
          ...(plan.verdicts.find((v) => v.item === i) ? { verdict: plan.verdicts.find((v) => v.item === i)! } : {}),
          dropped: f.droppedChunks,
        })
      : [],
  );
}

/** The repair lines of a record (e.g. read from a package's manifest). */
export function recordLines(record: ConformRecord, sampleRate: number): string[] {
  return record.files.flatMap((f) => operationLines(f.path, f.operations, sampleRate, { ...(f.droppedChunks ? { dropped: f.droppedChunks } : {}) }));
}

/** The params of a refusal's SP-PAK-002 finding. */
export function refusalParams(r: ConformRefusal): ParamsOf<'SP-PAK-002'> {
  return { reason: r.reason, hint: r.hint, ...(r.figures as Record<string, number>) } as ParamsOf<'SP-PAK-002'>;
}

/** The text `stempack conform --plan` prints. */
export function formatConformPlan(plan: ConformPlan, opts: { null?: NullResult | null; written?: string } = {}): string {
  const refused = new Set(plan.refusals.map((r) => r.path));
  const changed = plan.files.filter((f) => f.changed && !refused.has(f.item.path));
  const same = plan.files.filter((f) => !f.changed && !refused.has(f.item.path)).length;
  const lines: string[] = [];
  const rate = plan.sampleRate;
  const mix = plan.files.find((f) => f.item.isMix);
  const enc = mix ? (changed.length > 0 ? changed[0]!.to : mix.to) : null;
  lines.push(
    `Conform plan: ${plan.files.length} file${plan.files.length === 1 ? '' : 's'}, ${changed.length} to change, ${same} as ${same === 1 ? 'it is' : 'they are'}${refused.size > 0 ? `, ${refused.size} refused` : ''}${opts.written ? `; written to ${opts.written}` : '; nothing written'}.`,
  );
  lines.push(
    `  timeline: ${groupDigits(plan.timeline.length)} frames (${(plan.timeline.length / rate).toFixed(3)} s) at ${groupDigits(rate)} Hz${plan.timeline.start > 0 ? `, starting at ${groupDigits(plan.timeline.start)} (${timeReferenceToTimecode(plan.timeline.start, rate)})` : ''}${enc ? `; ${enc.bitsPerSample}-bit ${enc.sampleFormat === 'int' ? 'integer' : 'float'}` : ''}`,
  );
  for (const l of repairLines(plan)) lines.push(`  ${l}`);
  if (changed.length === 0 && plan.refusals.length === 0) lines.push('  every file already fits: nothing to repair');
  if (opts.null) lines.push(`  null of the conformed set: residual peak ${db(opts.null.residualPeakDbfs)}${opts.null.pass ? '' : ` (above the tolerance ${opts.null.tolerance} dBFS)`}`);
  if (plan.refusals.length > 0) {
    lines.push(`Refused: ${plan.refusals.length} file${plan.refusals.length === 1 ? '' : 's'} cannot be conformed without changing a sample value:`);
    for (const r of plan.refusals) lines.push(`  ${messageFor('SP-PAK-002', refusalParams(r), r.path)}`);
  }
  return lines.join('\n') + '\n';
}
