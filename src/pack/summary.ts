/**
 * A plain-text summary of a pack run for people (the CLI prints it; findings are printed
 * separately).
 * @module
 */
import { formatTime, groupDigits } from '../model/units.js';
import type { Finding } from '../model/finding.js';
import type { RolesUnclearParams } from './role-overrides.js';
import type { PackResult } from './types.js';

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
  for (const j of r.joined) lines.push(`  joined split-mono ${j.left} + ${j.right} → ${j.output}`);
  lines.push(...unclearRoleLines(r.findings));
  const nul = r.findings.find((f) => f.code === 'SP-NULL-101');
  if (nul) lines.push(`  null test: ${nul.message}`);
  if (r.ignored.length > 0) lines.push(`  ignored (not audio): ${r.ignored.join(', ')}`);
  return lines.join('\n') + '\n';
}

/**
 * The stems whose role stays unclear, all at once, from the `roles-unclear` finding's params: each
 * file with what its name said, then the command line to run again with a `--role` for each.
 */
export function unclearRoleLines(findings: readonly Finding[]): string[] {
  const f = findings.find((x) => x.code === 'SP-MAN-002' && x.params.reason === 'roles-unclear');
  if (!f) return [];
  const p = f.params as unknown as RolesUnclearParams;
  const width = Math.max(...p.files.map((u) => u.key.length));
  return [
    `  Role unclear for ${p.files.length} stem${p.files.length === 1 ? '' : 's'}:`,
    ...p.files.map((u) => `    ${pad(u.key, width)}  ${u.candidates.length > 0 ? `${u.candidates.join(' or ')}? ` : ''}${u.reason}`),
    `  Give each a role (${p.roles.join(', ')}) and run:`,
    `    ${p.command}`,
    `  or write them into a roles.json ({"${p.files[0]!.key}": "<role>", ...}) and add --roles roles.json.`,
  ];
}
