/**
 * The lines `pack --conform` adds to the summary: one per repair ("guitar.wav: padded 47,520
 * frames (0.99 s) of silence at the end") and one per file conform refused, with the reason
 * and what to export again (SP-PAK-002). Kept apart from the summary printer so each can change
 * on its own.
 * @module
 */
import type { PackResult } from './types.js';

/** The conform lines of a pack result, indented for the summary (none without `conform`). */
export function conformSummaryLines(r: PackResult): string[] {
  const lines: string[] = [];
  if (!r.conform) return lines;
  const refused = r.findings.filter((f) => f.code === 'SP-PAK-002');
  // lossy or unreadable audio: conform never decodes it (the finding says what to export)
  const lossy = r.refusals.filter((f) => f.code === 'SP-AUD-001');
  if (r.conform.repairs.length > 0) {
    lines.push(r.ok ? '  conformed (every sample value kept; recorded in the manifest under "conform"):' : '  conform would repair (once the problems listed are fixed):');
    for (const l of r.conform.repairs) lines.push(`    ${l}`);
  } else if (refused.length === 0 && lossy.length === 0 && r.ok) lines.push('  conform: every file already fits, nothing repaired');
  for (const f of refused) lines.push(`  not conformed: ${f.message}`);
  for (const f of lossy) lines.push(`  not conformed: ${f.message} (conform never decodes lossy audio)`);
  return lines;
}
