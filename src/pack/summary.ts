/**
 * A plain-text summary of a pack run for people (the CLI prints it; findings are printed
 * separately).
 * @module
 */
import { formatTime, groupDigits } from '../model/units.js';
import type { PackResult } from './types.js';
import { conformSummaryLines } from './summary-conform.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Text summary: what was packed (or why not), file by file. Deterministic; no colour. */
export function formatPackSummary(r: PackResult): string {
  const lines: string[] = [];
  const m = r.manifest;
  if (r.ok && m) {
    const f = m.format;
    lines.push(
      `Packed ${m.stems.length} stem${m.stems.length === 1 ? '' : 's'} and the mix into ${r.output}`,
      `  ${m.artist} – ${m.title} (${m.versionName})`,
      `  ${f.container.toUpperCase()} ${f.sampleFormat} ${f.bitDepth}-bit ${f.sampleRate} Hz, ${groupDigits(m.timeline.length)} frames (${formatTime(m.timeline.length / f.sampleRate)})`,
    );
    const peak = (p: number | null) => (p === null ? 'silent' : `${p.toFixed(2)} dBFS`);
    const width = Math.max(4, ...m.stems.map((s) => s.path.length), m.mix.path.length);
    lines.push(`  ${pad('mix', 15)} ${pad(m.mix.path, width)}  peak ${peak(m.mix.peak)}`);
    for (const s of m.stems) lines.push(`  ${pad(s.role, 15)} ${pad(s.path, width)}  peak ${peak(s.peak)}`);
    for (const a of m.attachments ?? []) lines.push(`  ${pad('attachment', 15)} ${a.path}`);
  } else {
    lines.push(`Not packed: ${r.refusals.length} problem${r.refusals.length === 1 ? '' : 's'} to fix (listed below).`);
  }
  lines.push(...conformSummaryLines(r));
  // with conform, its repair lines tell the joins
  for (const j of r.joined) if (!r.conform || r.conform.repairs.length === 0) lines.push(`  joined split-mono ${j.left} + ${j.right} → ${j.output}`);
  for (const i of r.inferred) {
    if (i.ambiguous) lines.push(`  role unclear for ${i.path}: ${i.reason}`);
  }
  const nul = r.findings.find((f) => f.code === 'SP-NULL-101');
  if (nul) lines.push(`  null test: ${nul.message}`);
  if (r.ignored.length > 0) lines.push(`  ignored (not audio): ${r.ignored.join(', ')}`);
  return lines.join('\n') + '\n';
}
